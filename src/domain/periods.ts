import {
  compareLocalDates,
  daysInMonth,
  isLocalDate,
  isoWeekday,
  addDays,
  localDate,
  maxDate,
  minDate,
  parseLocalDate,
  type LocalDate,
} from './dates.ts';
import { DEFAULT_TIME_ZONE, deadlineInstant, isValidTimeZone } from './time.ts';

/**
 * Reporting periods and their deadlines, computed from a plan's schedule — never typed in by
 * hand (DESIGN.md, ReportingPeriod).
 */

export const PERIOD_KINDS = ['half_year', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface ReportingSchedule {
  periodKind: PeriodKind;
  /** Day of the month after the period by which executors report (order 609: 15). */
  executorDueDay: number;
  /** Day of the month after the period by which the coordinator consolidates (order 609: 20). */
  consolidationDueDay: number;
  timeZone: string;
  /** Move a deadline that falls on a Saturday or Sunday to the next Monday (off by default). */
  moveWeekendDeadlines: boolean;
}

export const DEFAULT_SCHEDULE: ReportingSchedule = {
  periodKind: 'half_year',
  executorDueDay: 15,
  consolidationDueDay: 20,
  timeZone: DEFAULT_TIME_ZONE,
  moveWeekendDeadlines: false,
};

export type PeriodLabel = 'H1' | 'H2' | 'Q1' | 'Q2' | 'Q3' | 'Q4';

export interface Deadline {
  /** The local date the deadline falls on after any weekend move. */
  date: LocalDate;
  /** The date as the schedule gives it, before any move. */
  scheduled: LocalDate;
  moved: boolean;
  /** The first instant after the deadline (end of the local day), ISO UTC. */
  instant: string;
}

export interface ReportingPeriod {
  /** Stable key, e.g. "2024-H1" or "2024-Q3". */
  key: string;
  label: PeriodLabel;
  year: number;
  start: LocalDate;
  end: LocalDate;
  /** The part of the period the plan covers (a plan may start or end mid-period). */
  planFrom: LocalDate;
  planTo: LocalDate;
  executorDeadline: Deadline;
  consolidationDeadline: Deadline;
}

export class ScheduleError extends Error {}

function monthsPerPeriod(kind: PeriodKind): number {
  return kind === 'half_year' ? 6 : 3;
}

export function validateSchedule(schedule: ReportingSchedule): void {
  if (!PERIOD_KINDS.includes(schedule.periodKind)) throw new ScheduleError('periodKind');
  for (const field of ['executorDueDay', 'consolidationDueDay'] as const) {
    const v = schedule[field];
    if (!Number.isInteger(v) || v < 1 || v > 31) throw new ScheduleError(field);
  }
  if (schedule.consolidationDueDay < schedule.executorDueDay) throw new ScheduleError('consolidationDueDay');
  if (!isValidTimeZone(schedule.timeZone)) throw new ScheduleError('timeZone');
}

/** The next working day for a date that falls on a weekend (martial law: no public holidays off). */
export function nextWorkingDay(date: LocalDate): LocalDate {
  const wd = isoWeekday(date);
  return wd === 6 ? addDays(date, 2) : wd === 7 ? addDays(date, 1) : date;
}

function deadline(year: number, month: number, day: number, schedule: ReportingSchedule): Deadline {
  const scheduled = localDate(year, month, Math.min(day, daysInMonth(year, month)));
  const date = schedule.moveWeekendDeadlines ? nextWorkingDay(scheduled) : scheduled;
  return {
    date,
    scheduled,
    moved: date !== scheduled,
    instant: deadlineInstant(date, schedule.timeZone).toISOString(),
  };
}

function periodStartingAt(year: number, startMonth: number, schedule: ReportingSchedule): Omit<ReportingPeriod, 'planFrom' | 'planTo'> {
  const months = monthsPerPeriod(schedule.periodKind);
  const endMonth = startMonth + months - 1;
  const index = (startMonth - 1) / months + 1;
  const label = (schedule.periodKind === 'half_year' ? `H${index}` : `Q${index}`) as PeriodLabel;
  const nextYear = endMonth === 12 ? year + 1 : year;
  const nextMonth = endMonth === 12 ? 1 : endMonth + 1;
  return {
    key: `${year}-${label}`,
    label,
    year,
    start: localDate(year, startMonth, 1),
    end: localDate(year, endMonth, daysInMonth(year, endMonth)),
    executorDeadline: deadline(nextYear, nextMonth, schedule.executorDueDay, schedule),
    consolidationDeadline: deadline(nextYear, nextMonth, schedule.consolidationDueDay, schedule),
  };
}

/** The period of the schedule that contains a date. */
export function periodContaining(date: LocalDate, schedule: ReportingSchedule): Omit<ReportingPeriod, 'planFrom' | 'planTo'> {
  const { year, month } = parseLocalDate(date);
  const months = monthsPerPeriod(schedule.periodKind);
  const startMonth = Math.floor((month - 1) / months) * months + 1;
  return periodStartingAt(year, startMonth, schedule);
}

/**
 * Every reporting period a plan running from `planStart` to `planEnd` (inclusive) reports on,
 * in order. A plan that starts mid-period reports on that whole period (order 609 is dated
 * 04.09.2023: its first period is H2 2023).
 */
export function reportingPeriods(schedule: ReportingSchedule, planStart: LocalDate, planEnd: LocalDate): ReportingPeriod[] {
  validateSchedule(schedule);
  if (!isLocalDate(planStart)) throw new ScheduleError('planStart');
  if (!isLocalDate(planEnd)) throw new ScheduleError('planEnd');
  if (compareLocalDates(planStart, planEnd) > 0) throw new ScheduleError('planEnd');
  const periods: ReportingPeriod[] = [];
  let p = periodContaining(planStart, schedule);
  while (compareLocalDates(p.start, planEnd) <= 0) {
    periods.push({ ...p, planFrom: maxDate(p.start, planStart), planTo: minDate(p.end, planEnd) });
    p = periodContaining(addDays(p.end, 1), schedule);
  }
  return periods;
}
