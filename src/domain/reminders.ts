import { parseLocalDate, type LocalDate } from './dates.ts';

/**
 * When executors hear about a deadline: a reminder in the week before it (once, whatever day of
 * that week the server first sees), another on the last day or the day before, and an overdue
 * notice in the week after. Outside those windows nothing is said: a server started long after a
 * deadline does not flood people about old periods.
 */
export type ReminderStage = 'week' | 'eve' | 'overdue';

/** Days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const a = parseLocalDate(from);
  const b = parseLocalDate(to);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

export const REMINDER_WEEK = 7;
export const OVERDUE_WINDOW = 7;

export function reminderStage(today: LocalDate, deadline: LocalDate): ReminderStage | null {
  const left = daysBetween(today, deadline);
  if (left >= 0 && left <= 1) return 'eve';
  if (left >= 2 && left <= REMINDER_WEEK) return 'week';
  if (left < 0 && left >= -OVERDUE_WINDOW) return 'overdue';
  return null;
}
