import { compareLocalDates, type LocalDate } from './dates.ts';

/**
 * The rules of an executor's report that need no database: what a period owes, what an entry
 * may hold, how indicator values are read and written, what a submission needs.
 */

export const ENTRY_STATES = ['done', 'in_progress', 'not_done', 'not_held'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

/** "Не виконано" and "заходи не проводились" need a reason. */
export function needsReason(state: EntryState | null): boolean {
  return state === 'not_done' || state === 'not_held';
}

export const MAX_NARRATIVE = 20_000;
export const MAX_REASON = 2_000;
export const MAX_LINKS = 20;
export const MAX_LINK = 2_000;
/** Counts and sums: whole numbers up to a billion; money: up to a billion hryvnias. */
export const MAX_COUNT = 1_000_000_000;
export const MAX_MONEY_KOPECKS = 100_000_000_000;

export type IndicatorKind = 'count' | 'sum' | 'money' | 'boolean';

/**
 * A measure is owed in a period unless its deadline ended before the period began; a permanent
 * one is owed every period.
 */
export function owedInPeriod(deadline: { permanent: boolean; to: LocalDate | null }, periodStart: LocalDate): boolean {
  if (deadline.permanent || deadline.to === null) return true;
  return compareLocalDates(deadline.to, periodStart) >= 0;
}

export type ValueProblem = 'notNumber' | 'negative' | 'notWhole' | 'tooLarge' | 'kopecks' | 'notYesNo';

/**
 * An indicator value as typed: whole numbers ≥ 0 for counts and sums, hryvnias with up to two
 * decimals (comma or point, spaces between thousands) for money, yes/no for a flag. Stored in
 * minor units: kopecks for money, 1/0 for yes/no. Empty means "not given".
 */
export function parseIndicatorValue(kind: IndicatorKind, raw: string): { value: number | null } | { problem: ValueProblem } {
  const text = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return { value: null };
  if (kind === 'boolean') {
    if (text === '1' || text === 'yes' || text === 'так') return { value: 1 };
    if (text === '0' || text === 'no' || text === 'ні') return { value: 0 };
    return { problem: 'notYesNo' };
  }
  if (/^[-−–]/.test(text) && /\d/.test(text)) return { problem: 'negative' };
  if (kind === 'money') {
    const m = /^(\d+)(?:[.,](\d{1,}))?$/.exec(text);
    if (!m) return { problem: 'notNumber' };
    if ((m[2] ?? '').length > 2) return { problem: 'kopecks' };
    const kopecks = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
    if (!Number.isSafeInteger(kopecks) || kopecks > MAX_MONEY_KOPECKS) return { problem: 'tooLarge' };
    return { value: kopecks };
  }
  if (/^\d+[.,]\d+$/.test(text)) return { problem: 'notWhole' };
  if (!/^\d+$/.test(text)) return { problem: 'notNumber' };
  const n = Number(text);
  if (n > MAX_COUNT) return { problem: 'tooLarge' };
  return { value: n };
}

/** A stored value as it is shown in a form field: "1234,50" for money, "так"/"ні" for a flag. */
export function formatIndicatorValue(kind: IndicatorKind, value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (kind === 'money') return `${Math.floor(value / 100)},${String(value % 100).padStart(2, '0')}`;
  if (kind === 'boolean') return value ? 'так' : 'ні';
  return String(value);
}

/** A value for reading: thousands grouped with a narrow space, money with kopecks. */
export function displayIndicatorValue(kind: IndicatorKind, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const group = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  if (kind === 'money') return `${group(Math.floor(value / 100))},${String(value % 100).padStart(2, '0')}`;
  if (kind === 'boolean') return value ? 'так' : 'ні';
  return group(value);
}

export type LinkProblem = 'tooMany' | 'notLink' | 'tooLong';

/** Links to publications, one per line: http(s) addresses only (no javascript: or data:). */
export function parseLinks(raw: string): { links: string[] } | { problem: LinkProblem; line?: number } {
  const lines = raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > MAX_LINKS) return { problem: 'tooMany' };
  for (const [i, line] of lines.entries()) {
    if (line.length > MAX_LINK) return { problem: 'tooLong', line: i + 1 };
    let url: URL;
    try {
      url = new URL(line);
    } catch {
      return { problem: 'notLink', line: i + 1 };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'notLink', line: i + 1 };
  }
  return { links: [...new Set(lines)] };
}

/** Where an entry stands for submitting: filled in, or missing its state or its reason. */
export type EntryCompleteness = 'filled' | 'noState' | 'noReason';

export function entryCompleteness(entry: { state: EntryState | null; reason: string | null } | undefined): EntryCompleteness {
  if (!entry?.state) return 'noState';
  if (needsReason(entry.state) && !entry.reason?.trim()) return 'noReason';
  return 'filled';
}

export type SubmitProblem = { measureId: number; code: string; field: 'state' | 'reason' };

/** What stops a report from being submitted: an owed measure with no state, or no reason where one is needed. */
export function submitProblems(
  owed: readonly { measureId: number; code: string }[],
  entries: ReadonlyMap<number, { state: EntryState | null; reason: string | null }>,
): SubmitProblem[] {
  const problems: SubmitProblem[] = [];
  for (const m of owed) {
    const completeness = entryCompleteness(entries.get(m.measureId));
    if (completeness === 'noState') problems.push({ measureId: m.measureId, code: m.code, field: 'state' });
    else if (completeness === 'noReason') problems.push({ measureId: m.measureId, code: m.code, field: 'reason' });
  }
  return problems;
}

/**
 * Whether a report came after the executors' deadline. A report the coordinator entered from an
 * organisation's letter came on the letter's date (the day it was typed in does not count); any
 * other, at the instant it was submitted.
 */
export function cameLate(deadline: { date: LocalDate; instant: string }, submittedAt: string, letterDate: LocalDate | null): boolean {
  return letterDate !== null ? compareLocalDates(letterDate, deadline.date) > 0 : submittedAt >= deadline.instant;
}
