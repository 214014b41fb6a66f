import { parseLocalDate, type LocalDate } from './dates.ts';

/**
 * When executors hear about a deadline: on the days before it that the plan names (order 609's
 * practice: a week before and the day before — [7, 1]), once per window whatever day of it the
 * server first sees, and an overdue notice in the week after. Outside those windows nothing is
 * said: a server started long after a deadline does not flood people about old periods.
 */
export type ReminderStage = `before-${number}` | 'overdue';

/** Days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = parseLocalDate(from);
  const b = parseLocalDate(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

export const DEFAULT_REMINDER_DAYS: readonly number[] = [7, 1];
export const OVERDUE_WINDOW = 7;
export const MAX_REMINDER_DAY = 60;
export const MAX_REMINDERS = 5;

/**
 * The stage a day is in. With days [7, 1]: 7…2 days left is "before-7", 1…0 is "before-1", 1…7
 * days past is "overdue". Each configured day opens a window that runs until the next one.
 */
export function reminderStage(today: LocalDate, deadline: LocalDate, days: readonly number[] = DEFAULT_REMINDER_DAYS): ReminderStage | null {
  const left = daysBetween(today, deadline);
  if (left < 0) return left >= -OVERDUE_WINDOW ? 'overdue' : null;
  const sorted = [...new Set(days)].filter((d) => d >= 0).sort((a, b) => b - a);
  for (let i = 0; i < sorted.length; i++) {
    const next = sorted[i + 1];
    if (left <= sorted[i]! && (next === undefined || left > next)) return `before-${sorted[i]!}`;
  }
  return null;
}

export type ReminderDaysProblem = 'invalid' | 'tooMany' | 'outOfRange';

/**
 * Reads "7, 1" (or "14 3 0"): whole days before the deadline, distinct, 0…60, at most five, in
 * descending order. An empty field means no reminders before the deadline.
 */
export function parseReminderDays(raw: string): { days: number[] } | { problem: ReminderDaysProblem } {
  const parts = raw.split(/[\s,;]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{1,3}$/.test(p))) return { problem: 'invalid' };
  const days = [...new Set(parts.map(Number))].sort((a, b) => b - a);
  if (days.some((d) => d > MAX_REMINDER_DAY)) return { problem: 'outOfRange' };
  if (days.length > MAX_REMINDERS) return { problem: 'tooMany' };
  return { days };
}

/** The stored JSON list, or the default when it is unreadable. */
export function storedReminderDays(json: string | null | undefined): number[] {
  try {
    const v = JSON.parse(json ?? '') as unknown;
    if (Array.isArray(v) && v.every((d) => Number.isInteger(d) && d >= 0 && d <= MAX_REMINDER_DAY) && v.length <= MAX_REMINDERS) return [...(v as number[])].sort((a, b) => b - a);
  } catch {
    // fall through
  }
  return [...DEFAULT_REMINDER_DAYS];
}
