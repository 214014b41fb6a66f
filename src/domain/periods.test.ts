import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE, nextWorkingDay, periodContaining, reportingPeriods, ScheduleError, type ReportingSchedule } from './periods.ts';

const halfYears: ReportingSchedule = { ...DEFAULT_SCHEDULE };
const movingWeekends: ReportingSchedule = { ...DEFAULT_SCHEDULE, moveWeekendDeadlines: true };

describe('reportingPeriods', () => {
  it('gives plan 609 (04.09.2023 – 31.12.2025) five half-years, the first being H2 2023', () => {
    const periods = reportingPeriods(halfYears, '2023-09-04', '2025-12-31');
    expect(periods.map((p) => p.key)).toEqual(['2023-H2', '2024-H1', '2024-H2', '2025-H1', '2025-H2']);
    const first = periods[0]!;
    expect(first.start).toBe('2023-07-01');
    expect(first.end).toBe('2023-12-31');
    expect(first.planFrom).toBe('2023-09-04');
    expect(first.planTo).toBe('2023-12-31');
    expect(first.executorDeadline.date).toBe('2024-01-15');
    expect(first.consolidationDeadline.date).toBe('2024-01-20');
  });

  it('rolls the deadlines of a second half-year over into January of the next year', () => {
    const h2 = reportingPeriods(halfYears, '2024-01-01', '2024-12-31')[1]!;
    expect(h2.key).toBe('2024-H2');
    expect(h2.executorDeadline.date).toBe('2025-01-15');
    expect(h2.consolidationDeadline.date).toBe('2025-01-20');
  });

  it('puts the deadlines of a first half-year in July', () => {
    const h1 = periodContaining('2024-03-10', halfYears);
    expect(h1.key).toBe('2024-H1');
    expect(h1.end).toBe('2024-06-30');
    expect(h1.executorDeadline.date).toBe('2024-07-15');
  });

  it('leaves a Saturday deadline alone when the weekend setting is off (20.07.2024)', () => {
    const h1 = periodContaining('2024-01-01', halfYears);
    expect(h1.consolidationDeadline.date).toBe('2024-07-20');
    expect(h1.consolidationDeadline.moved).toBe(false);
  });

  it('moves a Saturday deadline to Monday when the weekend setting is on (20.07.2024 → 22.07.2024)', () => {
    const h1 = periodContaining('2024-01-01', movingWeekends);
    expect(h1.consolidationDeadline.scheduled).toBe('2024-07-20');
    expect(h1.consolidationDeadline.date).toBe('2024-07-22');
    expect(h1.consolidationDeadline.moved).toBe(true);
    // 15.07.2024 is a Monday: unchanged.
    expect(h1.executorDeadline.date).toBe('2024-07-15');
    expect(h1.executorDeadline.moved).toBe(false);
  });

  it('moves a Sunday deadline to Monday (15.01.2023 is a Sunday)', () => {
    const h2 = periodContaining('2022-12-31', movingWeekends);
    expect(h2.executorDeadline.scheduled).toBe('2023-01-15');
    expect(h2.executorDeadline.date).toBe('2023-01-16');
  });

  it('computes quarters for statistics', () => {
    const qs = reportingPeriods({ ...halfYears, periodKind: 'quarter' }, '2024-02-10', '2024-12-31');
    expect(qs.map((q) => q.key)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(qs[3]!.executorDeadline.date).toBe('2025-01-15');
    expect(qs[0]!.planFrom).toBe('2024-02-10');
  });

  it('clamps a due day past the end of the month', () => {
    const p = periodContaining('2023-12-01', { ...halfYears, executorDueDay: 31, consolidationDueDay: 31, periodKind: 'quarter' });
    // Q4 2023 → January has 31 days; Q3 2024 ends in September → October has 31; Q4 … use Q1 2024 → April has 30.
    expect(p.executorDeadline.date).toBe('2024-01-31');
    const q1 = periodContaining('2024-02-01', { ...halfYears, executorDueDay: 31, consolidationDueDay: 31, periodKind: 'quarter' });
    expect(q1.executorDeadline.date).toBe('2024-04-30');
  });

  it('ends with the period that contains the plan end', () => {
    const ps = reportingPeriods(halfYears, '2026-01-01', '2026-07-01');
    expect(ps.map((p) => p.key)).toEqual(['2026-H1', '2026-H2']);
    expect(ps[1]!.planTo).toBe('2026-07-01');
  });

  it('refuses a bad schedule or dates', () => {
    expect(() => reportingPeriods({ ...halfYears, executorDueDay: 0 }, '2024-01-01', '2024-12-31')).toThrow(ScheduleError);
    expect(() => reportingPeriods({ ...halfYears, consolidationDueDay: 10 }, '2024-01-01', '2024-12-31')).toThrow(ScheduleError);
    expect(() => reportingPeriods({ ...halfYears, timeZone: 'Mars/Olympus' }, '2024-01-01', '2024-12-31')).toThrow(ScheduleError);
    expect(() => reportingPeriods(halfYears, '2025-01-01', '2024-12-31')).toThrow(ScheduleError);
    expect(() => reportingPeriods(halfYears, '2024-02-30', '2024-12-31')).toThrow(ScheduleError);
  });
});

describe('nextWorkingDay', () => {
  it('keeps weekdays and moves weekend days to Monday', () => {
    expect(nextWorkingDay('2024-07-19')).toBe('2024-07-19');
    expect(nextWorkingDay('2024-07-20')).toBe('2024-07-22');
    expect(nextWorkingDay('2024-07-21')).toBe('2024-07-22');
  });
});
