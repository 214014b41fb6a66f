import { findPersonalData, type PersonalDataKind } from './personal-data.ts';
import type { Sum } from './suppression.ts';

/**
 * Statistical forms (issue 16): counts broken down by dimensions, submitted per period by named
 * organisations, checked for breakdowns that must add up, compared with the previous period, and
 * reconciled between two sources on the same quantity. Counts only: a form has no field for a
 * person, and a comment on a difference that looks as if it identifies one is refused. Pure: the
 * definitions are data (seed-data/stat-forms.json), the values come from the database.
 *
 * A form's cells: each quantity's total ("identified"), and for each breakdown the cross product of
 * its dimensions' values ("identified|age=children|district=poltavskyi"). A breakdown adds up to its
 * parents: summed over any one of its dimensions, it equals the breakdown without that dimension
 * (or the total), when the form has that breakdown. Those equalities are both the submission's
 * checks and the published sums the suppression module protects.
 */

export interface DimensionValue {
  key: string;
  label: string;
}

export interface Dimension {
  key: string;
  label: string;
  values: DimensionValue[];
}

export type QuantityUnit = 'persons' | 'applications' | 'payments' | 'uah' | 'consultations';

export interface Quantity {
  key: string;
  label: string;
  unit: QuantityUnit;
  /** A count of people (or of what befell them): published only through suppression. */
  sensitive: boolean;
}

export interface Breakdown {
  quantity: string;
  /** In the order the cells are keyed and shown. */
  dimensions: string[];
}

export interface StatFormDefinition {
  key: string;
  title: string;
  quantities: Quantity[];
  dimensions: Dimension[];
  breakdowns: Breakdown[];
  /**
   * Plan indicators this form measures ("4.3.applications" ← the cell "received"): the half-year
   * consolidation takes the quarters' accepted figures for them instead of asking twice.
   */
  indicators?: { indicator: string; cell: string }[];
}

/** The largest count a cell takes (a region's quarter: far below; a typo with extra zeros: above). */
export const MAX_COUNT = 1_000_000;
/** Money, in whole hryvnias. */
export const MAX_AMOUNT = 1_000_000_000;

export interface CellRef {
  id: string;
  quantity: string;
  /** Dimension key → value key, in the breakdown's order; empty for the total. */
  at: [string, string][];
}

/** "identified|age=children|district=poltavskyi". */
export function cellId(quantity: string, at: readonly (readonly [string, string])[] = []): string {
  return [quantity, ...at.map(([d, v]) => `${d}=${v}`)].join('|');
}

/** Every cell of a form, totals first, then each breakdown's cross product in its order. */
export function formCells(form: StatFormDefinition): CellRef[] {
  const dims = new Map(form.dimensions.map((d) => [d.key, d]));
  const out: CellRef[] = [];
  for (const q of form.quantities) {
    out.push({ id: cellId(q.key), quantity: q.key, at: [] });
    for (const b of form.breakdowns.filter((x) => x.quantity === q.key)) {
      let combos: [string, string][][] = [[]];
      for (const d of b.dimensions) combos = combos.flatMap((c) => dims.get(d)!.values.map((v) => [...c, [d, v.key] as [string, string]]));
      for (const at of combos) out.push({ id: cellId(q.key, at), quantity: q.key, at });
    }
  }
  return out;
}

export type DefinitionProblem = { problem: 'duplicateKey' | 'unknownQuantity' | 'unknownDimension' | 'repeatedDimension' | 'emptyDimension' | 'badKey'; key: string };

const KEY = /^[a-z][a-z0-9_-]{0,39}$/;

/** What is wrong with a definition a coordinator edited (empty: usable). */
export function definitionProblems(form: StatFormDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const seen = (list: { key: string }[]) => {
    const keys = new Set<string>();
    for (const { key } of list) {
      if (!KEY.test(key)) problems.push({ problem: 'badKey', key });
      if (keys.has(key)) problems.push({ problem: 'duplicateKey', key });
      keys.add(key);
    }
    return keys;
  };
  if (!KEY.test(form.key)) problems.push({ problem: 'badKey', key: form.key });
  const quantities = seen(form.quantities);
  const dimensions = seen(form.dimensions);
  for (const d of form.dimensions) {
    if (d.values.length === 0) problems.push({ problem: 'emptyDimension', key: d.key });
    seen(d.values);
  }
  for (const b of form.breakdowns) {
    if (!quantities.has(b.quantity)) problems.push({ problem: 'unknownQuantity', key: b.quantity });
    for (const d of b.dimensions) if (!dimensions.has(d)) problems.push({ problem: 'unknownDimension', key: d });
    if (new Set(b.dimensions).size !== b.dimensions.length) problems.push({ problem: 'repeatedDimension', key: b.dimensions.join('×') });
  }
  const cells = new Set(formCells(form).map((c) => c.id));
  for (const i of form.indicators ?? []) if (!cells.has(i.cell)) problems.push({ problem: 'unknownQuantity', key: i.cell });
  return problems;
}

/**
 * The equalities a form's cells obey: for every breakdown and each of its dimensions, summing over
 * that dimension gives the breakdown without it (the quantity's total when none is left) — where
 * the form has that coarser breakdown.
 */
export function formSums(form: StatFormDefinition): Sum[] {
  const dims = new Map(form.dimensions.map((d) => [d.key, d]));
  const has = (quantity: string, dimensions: string[]) => dimensions.length === 0 || form.breakdowns.some((b) => b.quantity === quantity && b.dimensions.length === dimensions.length && b.dimensions.every((d, i) => d === dimensions[i]));
  const sums: Sum[] = [];
  for (const b of form.breakdowns) {
    for (const over of b.dimensions) {
      const rest = b.dimensions.filter((d) => d !== over);
      if (!has(b.quantity, rest)) continue;
      let combos: [string, string][][] = [[]];
      for (const d of rest) combos = combos.flatMap((c) => dims.get(d)!.values.map((v) => [...c, [d, v.key] as [string, string]]));
      for (const at of combos) {
        const members = dims.get(over)!.values.map((v) => cellId(b.quantity, b.dimensions.map((d) => [d, d === over ? v.key : at.find(([k]) => k === d)![1]] as [string, string])));
        sums.push({ total: cellId(b.quantity, at), members });
      }
    }
  }
  return sums;
}

export type Values = Readonly<Record<string, number | null | undefined>>;
export type ValueProblem = 'notWhole' | 'negative' | 'tooLarge';

/** A typed cell: whole numbers (spaces and a non-breaking space as thousands separators), or empty. */
export function parseCount(raw: string): { value: number | null } | { problem: ValueProblem } {
  const s = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return { value: null };
  if (/^-\d+$/.test(s)) return { problem: 'negative' };
  if (!/^\d+$/.test(s)) return { problem: 'notWhole' };
  return { value: Number(s) };
}

export interface SumMismatch {
  total: string;
  members: string[];
  /** The total as typed, and what its parts add up to. */
  expected: number;
  actual: number;
  /** actual − expected: what the parts have too many (positive) or too few (negative). */
  difference: number;
}

export interface SubmissionCheck {
  problems: Record<string, ValueProblem>;
  /** Breakdowns that do not add up, where the total and every part are filled. */
  mismatches: SumMismatch[];
  /** Cells left empty (a submission is complete when none is). */
  empty: string[];
}

/** Checks a submission's values against its form: each cell, then every breakdown's sum. */
export function checkSubmission(form: StatFormDefinition, values: Values): SubmissionCheck {
  const units = new Map(form.quantities.map((q) => [q.key, q.unit]));
  const problems: Record<string, ValueProblem> = {};
  const empty: string[] = [];
  for (const c of formCells(form)) {
    const v = values[c.id];
    if (v === null || v === undefined) {
      empty.push(c.id);
      continue;
    }
    if (!Number.isInteger(v)) problems[c.id] = 'notWhole';
    else if (v < 0) problems[c.id] = 'negative';
    else if (v > (units.get(c.quantity) === 'uah' ? MAX_AMOUNT : MAX_COUNT)) problems[c.id] = 'tooLarge';
  }
  const mismatches: SumMismatch[] = [];
  for (const s of formSums(form)) {
    const total = values[s.total];
    const parts = s.members.map((m) => values[m]);
    if (typeof total !== 'number' || parts.some((p) => typeof p !== 'number') || [s.total, ...s.members].some((id) => problems[id])) continue;
    const actual = (parts as number[]).reduce((a, b) => a + b, 0);
    if (actual !== total) mismatches.push({ total: s.total, members: s.members, expected: total, actual, difference: actual - total });
  }
  return { problems, mismatches, empty };
}

export interface Jump {
  cell: string;
  previous: number;
  current: number;
}

/**
 * Cells that changed sharply from the previous period: at least `minimum` apart and by half or
 * more (from zero: `minimum` or more). A flag for the reviewer, never a refusal: a raid in one
 * quarter is real.
 */
export function jumps(form: StatFormDefinition, current: Values, previous: Values, minimum = 5): Jump[] {
  const out: Jump[] = [];
  for (const c of formCells(form)) {
    const now = current[c.id];
    const before = previous[c.id];
    if (typeof now !== 'number' || typeof before !== 'number') continue;
    const change = Math.abs(now - before);
    if (change >= minimum && change * 2 >= Math.max(before, 1)) out.push({ cell: c.id, previous: before, current: now });
  }
  return out;
}

/** A quantity two sources both count: which cell of each form holds it, row by row. */
export interface ReconciliationRow {
  label: string;
  left: string;
  right: string;
}

export interface ReconciliationPairing {
  key: string;
  title: string;
  leftForm: string;
  rightForm: string;
  rows: ReconciliationRow[];
}

/**
 * The rows of a reconciliation: the two totals, then one row per value of each aligned dimension
 * both forms break the quantity down by. `leftAt`/`rightAt` fix the other dimensions (the police's
 * "children" against the children's service's figures, which are all about children).
 */
export function pairRows(
  left: StatFormDefinition,
  right: StatFormDefinition,
  o: { leftQuantity: string; rightQuantity: string; leftAt?: [string, string][]; rightAt?: [string, string][]; align: string[]; totalLabel: string },
): ReconciliationRow[] {
  const leftAt = o.leftAt ?? [];
  const rightAt = o.rightAt ?? [];
  const leftCells = new Set(formCells(left).map((c) => c.id));
  const rightCells = new Set(formCells(right).map((c) => c.id));
  const rows: ReconciliationRow[] = [];
  const push = (label: string, l: string, r: string) => {
    if (leftCells.has(l) && rightCells.has(r)) rows.push({ label, left: l, right: r });
  };
  push(o.totalLabel, cellId(o.leftQuantity, leftAt), cellId(o.rightQuantity, rightAt));
  for (const d of o.align) {
    const ld = left.dimensions.find((x) => x.key === d);
    const rd = right.dimensions.find((x) => x.key === d);
    if (!ld || !rd) continue;
    for (const v of ld.values) {
      if (!rd.values.some((x) => x.key === v.key)) continue;
      push(`${ld.label}: ${v.label}`, cellId(o.leftQuantity, [...leftAt, [d, v.key]]), cellId(o.rightQuantity, [...rightAt, [d, v.key]]));
    }
  }
  return rows;
}

export interface ReconciledRow extends ReconciliationRow {
  leftValue: number | null;
  rightValue: number | null;
  /** left − right; null while either side is missing. */
  difference: number | null;
  leftYearToDate: number | null;
  rightYearToDate: number | null;
  yearToDateDifference: number | null;
}

/** Sums a cell over the year's periods so far (null if any of them lacks it). */
export function yearToDate(periods: readonly Values[], cell: string): number | null {
  let sum = 0;
  for (const p of periods) {
    const v = p[cell];
    if (typeof v !== 'number') return null;
    sum += v;
  }
  return periods.length ? sum : null;
}

/** The reconciliation of one period: each row's two figures, their difference, and the same for the year so far. */
export function reconcile(rows: readonly ReconciliationRow[], left: { current: Values; year: readonly Values[] }, right: { current: Values; year: readonly Values[] }): ReconciledRow[] {
  const num = (v: number | null | undefined) => (typeof v === 'number' ? v : null);
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  return rows.map((r) => {
    const leftValue = num(left.current[r.left]);
    const rightValue = num(right.current[r.right]);
    const leftYearToDate = yearToDate(left.year, r.left);
    const rightYearToDate = yearToDate(right.year, r.right);
    return { ...r, leftValue, rightValue, difference: diff(leftValue, rightValue), leftYearToDate, rightYearToDate, yearToDateDifference: diff(leftYearToDate, rightYearToDate) };
  });
}

export type IdentifierKind = PersonalDataKind | 'caseNumber' | 'address';

/** "ЄРДР № 12023170000000123", "кримінальне провадження № 120231…", "справа № 554/1234/23". */
const CASE_NUMBER = /(?<!\d)\d{17}(?!\d)|(?:ЄРДР|провадженн[яі]|справ[аиі])\s*(?:№|N|#)?\s*[\d/-]{3,}/giu;
/** "вул. Соборна, 12", "просп. Миру 5, кв. 3", "буд. 7". */
const ADDRESS = /(?<![а-яіїєґ])(?:вул\.|вулиц[яі]|просп\.|провулок|пров\.|бульв\.|буд\.|кв\.|квартир[аи])\s*[А-ЯІЇЄҐа-яіїєґ'’0-9-]*/giu;

/**
 * What in a comment on a difference looks as if it identifies a person (a name with initials or a
 * patronymic, a date of birth, a tax, passport, phone or case number, an address): such a comment
 * is refused — the reconciliation is about counts, never about whom they count.
 */
export function identifierProblems(text: string): { kind: IdentifierKind; text: string }[] {
  const hits: { kind: IdentifierKind; text: string }[] = findPersonalData(text).map((h) => ({ kind: h.kind, text: h.text }));
  for (const m of text.matchAll(CASE_NUMBER)) hits.push({ kind: 'caseNumber', text: m[0] });
  for (const m of text.matchAll(ADDRESS)) hits.push({ kind: 'address', text: m[0].trim() });
  return hits;
}
