import { describe, expect, it } from 'vitest';
import { daysBetween, parseReminderDays, reminderStage, storedReminderDays } from './reminders.ts';

describe('reminders around a deadline', () => {
  it('counts days across months, years and leap days', () => {
    expect(daysBetween('2024-07-08', '2024-07-15')).toBe(7);
    expect(daysBetween('2024-12-30', '2025-01-15')).toBe(16);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2024-07-16', '2024-07-15')).toBe(-1);
  });

  it('says a week ahead, the day before and on the day, and overdue for a week after; nothing otherwise', () => {
    const deadline = '2024-07-15';
    const stages = Array.from({ length: 30 }, (_, i) => {
      const day = `2024-07-${String(i + 1).padStart(2, '0')}`;
      return [day, reminderStage(day, deadline)] as const;
    });
    const on = (stage: string | null) => stages.filter(([, s]) => s === stage).map(([d]) => d);
    expect(on('before-7')).toEqual(['2024-07-08', '2024-07-09', '2024-07-10', '2024-07-11', '2024-07-12', '2024-07-13']);
    expect(on('before-1')).toEqual(['2024-07-14', '2024-07-15']);
    expect(on('overdue')).toEqual(['2024-07-16', '2024-07-17', '2024-07-18', '2024-07-19', '2024-07-20', '2024-07-21', '2024-07-22']);
    expect(reminderStage('2024-07-07', deadline)).toBeNull();
    expect(reminderStage('2024-07-23', deadline)).toBeNull();
  });

  it('follows the days a plan names: a fortnight, three days and the day itself', () => {
    const deadline = '2024-07-15';
    const stage = (day: string) => reminderStage(day, deadline, [3, 14, 0]);
    expect(stage('2024-06-30')).toBeNull();
    expect(stage('2024-07-01')).toBe('before-14');
    expect(stage('2024-07-11')).toBe('before-14');
    expect(stage('2024-07-12')).toBe('before-3');
    expect(stage('2024-07-14')).toBe('before-3');
    expect(stage('2024-07-15')).toBe('before-0');
    expect(stage('2024-07-16')).toBe('overdue');
    // No days before: only the overdue notice.
    expect(reminderStage('2024-07-14', deadline, [])).toBeNull();
    expect(reminderStage('2024-07-16', deadline, [])).toBe('overdue');
  });

  it('reads the days as typed, and refuses what is not a short list of whole days up to 60', () => {
    expect(parseReminderDays('7, 1')).toEqual({ days: [7, 1] });
    expect(parseReminderDays('1 7 7;14')).toEqual({ days: [14, 7, 1] });
    expect(parseReminderDays('  ')).toEqual({ days: [] });
    expect(parseReminderDays('7, один')).toEqual({ problem: 'invalid' });
    expect(parseReminderDays('-1')).toEqual({ problem: 'invalid' });
    expect(parseReminderDays('2.5')).toEqual({ problem: 'invalid' });
    expect(parseReminderDays('61')).toEqual({ problem: 'outOfRange' });
    expect(parseReminderDays('1 2 3 4 5 6')).toEqual({ problem: 'tooMany' });
    expect(parseReminderDays('<script>')).toEqual({ problem: 'invalid' });
    expect(storedReminderDays('[1,7]')).toEqual([7, 1]);
    expect(storedReminderDays('не json')).toEqual([7, 1]);
    expect(storedReminderDays('[100]')).toEqual([7, 1]);
  });
});
