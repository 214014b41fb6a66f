import { compareLocalDates, isLocalDate, maxDate, minDate, type LocalDate } from './dates.ts';

/**
 * A plan's life (DESIGN.md, Plan): draft → active → closed → archived. Only a draft is edited
 * in place; an active plan changes through amendments, each taking effect on a date.
 */

export type PlanState = 'draft' | 'active' | 'closed' | 'archived';

const NEXT: Record<PlanState, readonly PlanState[]> = {
  draft: ['active'],
  active: ['closed'],
  closed: ['archived'],
  archived: [],
};

export function mayTransition(from: PlanState, to: PlanState): boolean {
  return NEXT[from].includes(to);
}

/** Only a plan in force is amended; a draft is corrected in place, a closed plan is history. */
export function mayAmend(state: PlanState): boolean {
  return state === 'active';
}

export type EffectiveDateProblem = 'notAfterStart' | 'afterEnd' | 'notAfterPrevious';

/**
 * When an amendment may take effect: after the plan's first day (a change from the first day is
 * a correction of the draft, not an amendment), within the plan, and after the last amendment
 * already applied (amendments apply in the order they take effect, so history stays linear).
 */
export function effectiveDateProblem(plan: { start: LocalDate; end: LocalDate }, lastApplied: LocalDate | null, effective: LocalDate): EffectiveDateProblem | null {
  if (compareLocalDates(effective, plan.start) <= 0) return 'notAfterStart';
  if (compareLocalDates(effective, plan.end) > 0) return 'afterEnd';
  if (lastApplied && compareLocalDates(effective, lastApplied) <= 0) return 'notAfterPrevious';
  return null;
}

/** The date the plan page shows by default: today, kept within the plan's own dates. */
export function defaultViewDate(today: LocalDate, start: LocalDate, end: LocalDate): LocalDate {
  return maxDate(start, minDate(today, end));
}

/**
 * A date as people type it: "2024-03-01" (what a date field sends) or "01.03.2024" / "1.3.2024"
 * (дд.мм.рррр, as on every page). Null when it is neither or not a calendar date.
 */
export function parseDateInput(text: string): LocalDate | null {
  const read = readDateInput(text);
  return 'date' in read ? read.date : null;
}

/**
 * What is wrong with a typed date: 'invalid' when it is not written as a date at all, and
 * 'nonexistent' when it is (дд.мм.рррр or рррр-мм-дд) but no such day exists, as "32.12.2026" or
 * "29.02.2025" — the person used the right format and is told so, not told to use it.
 */
export type DateInputProblem = 'invalid' | 'nonexistent';

export function readDateInput(text: string): { date: LocalDate } | { problem: DateInputProblem } {
  const s = text.trim();
  if (isLocalDate(s)) return { date: s };
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return { problem: 'nonexistent' };
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*р\.?)?$/.exec(s);
  if (!m) return { problem: 'invalid' };
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isLocalDate(iso) ? { date: iso } : { problem: 'nonexistent' };
}

/** The problem of a typed date, or null when it is a date. */
export function dateInputProblem(text: string): DateInputProblem | null {
  const read = readDateInput(text);
  return 'problem' in read ? read.problem : null;
}

// Numbers from 1, without leading zeros: "2.5", "2.10", "2.5.1" — never "2.0" or "02.5".
const CODE = /^[1-9]\d{0,2}(?:\.[1-9]\d{0,2}){1,2}$/;

/** A measure's code as plans write it: "2.5", or "2.5.1" for a sub-measure. */
export function isMeasureCode(code: string): boolean {
  return CODE.test(code);
}

/** The operational goal a code belongs to: its first number. */
export function goalOfCode(code: string): number {
  return Number(code.split('.')[0]);
}

/** The next free code in a goal: one past the highest measure number already used there. */
export function nextMeasureCode(goalNumber: number, codesInPlan: readonly string[]): string {
  let max = 0;
  for (const c of codesInPlan) {
    const [g, n] = c.split('.');
    if (Number(g) === goalNumber && c.split('.').length === 2) max = Math.max(max, Number(n));
  }
  return `${goalNumber}.${max + 1}`;
}
