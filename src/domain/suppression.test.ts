import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determinedCells, suppress, type Cell, type Sum } from './suppression.ts';

/**
 * The subtraction attack, written apart from the module: a reader who knows every published sum
 * and every visible cell (1) propagates — a sum with one unknown gives it away — and (2) solves the
 * whole linear system (Gaussian elimination in floating point, not the module's integers): a
 * hidden cell is recovered when adding its unit vector does not raise the rank of the system.
 */
function propagate(cells: Map<string, number>, sums: Sum[], hidden: Set<string>): Set<string> {
  const known = new Map([...cells].filter(([id]) => !hidden.has(id)));
  const recovered = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of sums) {
      const unknown = [s.total, ...s.members].filter((id) => !known.has(id));
      if (unknown.length !== 1) continue;
      const id = unknown[0]!;
      const v = id === s.total ? s.members.reduce((n, m) => n + known.get(m)!, 0) : known.get(s.total)! - s.members.filter((m) => m !== id).reduce((n, m) => n + known.get(m)!, 0);
      known.set(id, v);
      recovered.add(id);
      changed = true;
    }
  }
  return recovered;
}

function rank(matrix: number[][]): number {
  const m = matrix.map((r) => [...r]);
  let r = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && r < m.length; c += 1) {
    let best = r;
    for (let i = r + 1; i < m.length; i += 1) if (Math.abs(m[i]![c]!) > Math.abs(m[best]![c]!)) best = i;
    if (Math.abs(m[best]![c]!) < 1e-9) continue;
    [m[r], m[best]] = [m[best]!, m[r]!];
    for (let i = 0; i < m.length; i += 1) {
      if (i === r) continue;
      const f = m[i]![c]! / m[r]![c]!;
      if (f !== 0) for (let j = c; j < cols; j += 1) m[i]![j]! -= f * m[r]![j]!;
    }
    r += 1;
  }
  return r;
}

function solvable(sums: Sum[], hidden: Set<string>): string[] {
  const unknowns = [...hidden];
  const rows = sums.map((s) => unknowns.map((id) => (id === s.total ? 1 : 0) - s.members.filter((m) => m === id).length)).filter((row) => row.some((x) => x !== 0));
  if (rows.length === 0) return [];
  const base = rank(rows);
  return unknowns.filter((_, i) => rank([...rows, unknowns.map((__, j) => (i === j ? 1 : 0))]) === base);
}

/** A published table: cells by kind × district, their row and column totals, the grand total, and kinds grouped. */
interface Table {
  cells: Cell[];
  sums: Sum[];
}

const tableArb = fc
  .record({
    rows: fc.integer({ min: 1, max: 5 }),
    cols: fc.integer({ min: 1, max: 5 }),
    threshold: fc.integer({ min: 3, max: 10 }),
    values: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 })), { minLength: 25, maxLength: 25 }),
    grouped: fc.boolean(),
    prefix: fc.constantFrom('a', 'b'),
  })
  .map(({ rows, cols, threshold, values, grouped, prefix }): Table => {
    const cells: Cell[] = [];
    const sums: Sum[] = [];
    const v = (r: number, c: number) => values[r * 5 + c]!;
    const cell = (id: string, value: number) => cells.push({ id: `${prefix}${id}`, value, threshold });
    for (let r = 0; r < rows; r += 1) for (let c = 0; c < cols; c += 1) cell(`:${r}:${c}`, v(r, c));
    const rowTotal = (r: number) => Array.from({ length: cols }, (_, c) => v(r, c)).reduce((a, b) => a + b, 0);
    const colTotal = (c: number) => Array.from({ length: rows }, (_, r) => v(r, c)).reduce((a, b) => a + b, 0);
    for (let r = 0; r < rows; r += 1) {
      cell(`:r${r}`, rowTotal(r));
      sums.push({ total: `${prefix}:r${r}`, members: Array.from({ length: cols }, (_, c) => `${prefix}:${r}:${c}`) });
    }
    for (let c = 0; c < cols; c += 1) {
      cell(`:c${c}`, colTotal(c));
      sums.push({ total: `${prefix}:c${c}`, members: Array.from({ length: rows }, (_, r) => `${prefix}:${r}:${c}`) });
    }
    const grand = Array.from({ length: rows }, (_, r) => rowTotal(r)).reduce((a, b) => a + b, 0);
    cell(':g', grand);
    sums.push({ total: `${prefix}:g`, members: Array.from({ length: rows }, (_, r) => `${prefix}:r${r}`) });
    sums.push({ total: `${prefix}:g`, members: Array.from({ length: cols }, (_, c) => `${prefix}:c${c}`) });
    if (grouped && rows >= 2) {
      // Kinds grouped (regional bodies are several kinds): a subtotal of the first two rows.
      cell(':k', rowTotal(0) + rowTotal(1));
      sums.push({ total: `${prefix}:k`, members: [`${prefix}:r0`, `${prefix}:r1`] });
    }
    return { cells, sums };
  });

describe('suppression', () => {
  it('hides 14 − 8 − 5 = 1: the small district and the next-smallest one, so subtraction gives nothing', () => {
    const cells: Cell[] = [
      { id: 'district-a', value: 8, threshold: 5 },
      { id: 'district-b', value: 5, threshold: 5 },
      { id: 'district-c', value: 1, threshold: 5 },
      { id: 'districts', value: 14, threshold: 5 },
    ];
    const sums: Sum[] = [{ total: 'districts', members: ['district-a', 'district-b', 'district-c'] }];
    const s = suppress(cells, sums);
    expect([...s.primary]).toEqual(['district-c']);
    expect([...s.complementary]).toEqual(['district-b']);
    const hidden = new Set([...s.primary, ...s.complementary]);
    expect(propagate(new Map(cells.map((c) => [c.id, c.value])), sums, hidden).size).toBe(0);
    expect(solvable(sums, hidden)).toEqual([]);
    // Without the complement the attack works: 14 − 8 − 5 = 1.
    expect([...propagate(new Map(cells.map((c) => [c.id, c.value])), sums, new Set(['district-c']))]).toEqual(['district-c']);
  });

  it('follows a hidden cell up into the totals above it: the kind total and the grand total', () => {
    const cells: Cell[] = [
      { id: 'regional', value: 3, threshold: 5 },
      { id: 'district', value: 14, threshold: 5 },
      { id: 'community', value: 40, threshold: 5 },
      { id: 'grand', value: 57, threshold: 5 },
    ];
    const s = suppress(cells, [{ total: 'grand', members: ['regional', 'district', 'community'] }]);
    expect([...s.primary, ...s.complementary].sort()).toEqual(['district', 'regional']);
  });

  it('hides nothing when nothing is small, and leaves non-sensitive cells alone unless a sum needs them', () => {
    const cells: Cell[] = [
      { id: 'x', value: 2, threshold: null },
      { id: 'y', value: 7, threshold: 5 },
      { id: 't', value: 9, threshold: 5 },
    ];
    const s = suppress(cells, [{ total: 't', members: ['x', 'y'] }]);
    expect(s.primary.size + s.complementary.size).toBe(0);
    const zero = suppress([{ id: 'z', value: 0, threshold: 5 }], []);
    expect(zero.primary.size).toBe(0);
  });

  it('the linear solver finds a cell two tables pin together though neither does alone', () => {
    // a + b = 10 and a − b… as sums: t1 = a + b, t2 = a + c, t3 = b + c with a, b, c hidden: each is determined.
    const sums: Sum[] = [
      { total: 't1', members: ['a', 'b'] },
      { total: 't2', members: ['a', 'c'] },
      { total: 't3', members: ['b', 'c'] },
    ];
    expect(determinedCells(sums, new Set(['a', 'b', 'c'])).sort()).toEqual(['a', 'b', 'c']);
    expect(solvable(sums, new Set(['a', 'b', 'c'])).sort()).toEqual(['a', 'b', 'c']);
    const s = suppress(
      [
        { id: 'a', value: 2, threshold: 5 },
        { id: 'b', value: 3, threshold: 5 },
        { id: 'c', value: 20, threshold: 5 },
        { id: 't1', value: 5, threshold: 5 },
        { id: 't2', value: 22, threshold: 5 },
        { id: 't3', value: 23, threshold: 5 },
      ],
      sums,
    );
    expect(solvable(sums, new Set([...s.primary, ...s.complementary]))).toEqual([]);
  });

  it('over random tables with row, column, group and grand totals, no hidden value is ever recoverable', () => {
    fc.assert(
      fc.property(fc.array(tableArb, { minLength: 1, maxLength: 2 }), (tables) => {
        // Two tables published together get distinct prefixes, or share none.
        const seen = new Set<string>();
        const list = tables.filter((tb) => !seen.has(tb.cells[0]!.id[0]!) && (seen.add(tb.cells[0]!.id[0]!), true));
        const cells = list.flatMap((tb) => tb.cells);
        const sums = list.flatMap((tb) => tb.sums);
        const s = suppress(cells, sums);
        const hidden = new Set([...s.primary, ...s.complementary]);
        // Every small sensitive value is hidden; what is hidden stays hidden from both attacks.
        for (const c of cells) if (c.value > 0 && c.value < c.threshold!) expect(hidden.has(c.id)).toBe(true);
        expect(propagate(new Map(cells.map((c) => [c.id, c.value])), sums, hidden)).toEqual(new Set());
        expect(solvable(sums, hidden)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});
