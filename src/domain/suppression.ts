/**
 * Statistical disclosure control for anything published (DESIGN.md: the suppression rule; issue 13).
 *
 * The published figures are cells; some cells are published sums of others ("total = Σ members":
 * per kind of executor, per district, per measure, the grand total). A reader who knows the sums
 * can subtract: a district hidden as "<5" beside its kind's total and the other districts is
 * 14 − 8 − 5 = 1. So:
 *
 * 1. primary suppression: a sensitive cell from 1 to its threshold − 1 is hidden;
 * 2. complementary suppression: for every published sum in which exactly one cell is hidden, the
 *    next-smallest member is hidden too (the smallest non-zero one if there is any);
 * 3. and, since several sums together can still pin a cell that no single sum does (a bridge
 *    between two tables), the published sums are solved as a linear system over the hidden cells:
 *    a hidden cell the system determines gets a companion hidden in one of its sums.
 *
 * Repeated until stable, across all the tables given together. Pure: no I/O.
 */

export interface Cell {
  id: string;
  value: number;
  /** A sensitive cell's threshold (a value from 1 to threshold − 1 is hidden); null: not sensitive. */
  threshold: number | null;
}

/** A published sum: the cell `total` equals the sum of the cells `members`. */
export interface Sum {
  total: string;
  members: string[];
}

export interface Suppression {
  /** Hidden because small (shown as "<threshold"). */
  primary: Set<string>;
  /** Hidden so that the small ones cannot be worked out. */
  complementary: Set<string>;
}

export function isPrimary(cell: Cell): boolean {
  return cell.threshold !== null && cell.value > 0 && cell.value < cell.threshold;
}

export function suppress(cells: readonly Cell[], sums: readonly Sum[]): Suppression {
  const byId = new Map(cells.map((c) => [c.id, c]));
  for (const s of sums) for (const id of [s.total, ...s.members]) if (!byId.has(id)) throw new Error(`suppression: unknown cell ${id}`);
  const primary = new Set(cells.filter(isPrimary).map((c) => c.id));
  const hidden = new Set(primary);
  const order = new Map(cells.map((c, i) => [c.id, i]));
  const value = (id: string) => byId.get(id)!.value;
  // The next-smallest first, non-zero before zero (a hidden zero beside "<5" tells little), then in the given order.
  const smaller = (a: string, b: string) => Number(value(a) === 0) - Number(value(b) === 0) || value(a) - value(b) || order.get(a)! - order.get(b)!;
  // A sum's companion for its one hidden cell: its next-smallest visible member, else its total.
  const companion = (s: Sum): string | undefined => {
    const visible = s.members.filter((id) => !hidden.has(id)).sort(smaller);
    return visible[0] ?? (hidden.has(s.total) ? undefined : s.total);
  };

  if (hidden.size === 0) return { primary, complementary: new Set() };
  for (;;) {
    let changed = false;
    for (const s of sums) {
      const count = [s.total, ...s.members].filter((id) => hidden.has(id)).length;
      if (count !== 1) continue;
      const next = companion(s);
      if (next !== undefined) {
        hidden.add(next);
        changed = true;
      }
    }
    if (changed) continue;
    const determined = determinedCells(sums, hidden);
    if (determined.length === 0) break;
    // Protect one determined cell at a time: one more hidden cell changes the system.
    const target = determined[0]!;
    const touching = sums.filter((s) => s.total === target || s.members.includes(target));
    const candidates = touching.map(companion).filter((id): id is string => id !== undefined);
    const pick = candidates.sort(smaller)[0] ?? anyCompanion(sums, hidden, companion);
    if (pick === undefined) break;
    hidden.add(pick);
  }
  return { primary, complementary: new Set([...hidden].filter((id) => !primary.has(id))) };
}

function anyCompanion(sums: readonly Sum[], hidden: Set<string>, companion: (s: Sum) => string | undefined): string | undefined {
  for (const s of sums) if ([s.total, ...s.members].some((id) => hidden.has(id))) {
    const c = companion(s);
    if (c !== undefined) return c;
  }
  return undefined;
}

/**
 * The hidden cells that the published sums determine: unknowns of the linear system whose
 * equations are the sums with every visible cell known. A cell is determined exactly when its unit
 * vector lies in the row space of the system; in the fully reduced echelon form that is a row with
 * a single non-zero entry. Exact (integers, fraction-free elimination).
 */
export function determinedCells(sums: readonly Sum[], hidden: ReadonlySet<string>): string[] {
  const unknowns = [...hidden];
  const column = new Map(unknowns.map((id, i) => [id, i]));
  const rows: bigint[][] = [];
  for (const s of sums) {
    const row = new Array<bigint>(unknowns.length).fill(0n);
    let any = false;
    const add = (id: string, k: bigint) => {
      const c = column.get(id);
      if (c === undefined) return;
      row[c] = row[c]! + k;
      any = true;
    };
    add(s.total, 1n);
    for (const m of s.members) add(m, -1n);
    if (any && row.some((x) => x !== 0n)) rows.push(row);
  }
  let pivot = 0;
  for (let col = 0; col < unknowns.length && pivot < rows.length; col += 1) {
    const r = rows.findIndex((row, i) => i >= pivot && row[col] !== 0n);
    if (r < 0) continue;
    [rows[pivot], rows[r]] = [rows[r]!, rows[pivot]!];
    const p = rows[pivot]!;
    for (let i = 0; i < rows.length; i += 1) {
      if (i === pivot || rows[i]![col] === 0n) continue;
      const a = p[col]!;
      const b = rows[i]![col]!;
      rows[i] = normalise(rows[i]!.map((x, j) => x * a - p[j]! * b));
    }
    pivot += 1;
  }
  const out: string[] = [];
  for (const row of rows) {
    const nonZero = row.flatMap((x, j) => (x !== 0n ? [j] : []));
    if (nonZero.length === 1) out.push(unknowns[nonZero[0]!]!);
  }
  return out;
}

function normalise(row: bigint[]): bigint[] {
  let g = 0n;
  for (const x of row) g = gcd(g, x < 0n ? -x : x);
  return g > 1n ? row.map((x) => x / g) : row;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
