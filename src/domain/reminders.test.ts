import { describe, expect, it } from 'vitest';
import { daysBetween, reminderStage } from './reminders.ts';

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
    expect(on('week')).toEqual(['2024-07-08', '2024-07-09', '2024-07-10', '2024-07-11', '2024-07-12', '2024-07-13']);
    expect(on('eve')).toEqual(['2024-07-14', '2024-07-15']);
    expect(on('overdue')).toEqual(['2024-07-16', '2024-07-17', '2024-07-18', '2024-07-19', '2024-07-20', '2024-07-21', '2024-07-22']);
    expect(reminderStage('2024-07-07', deadline)).toBeNull();
    expect(reminderStage('2024-07-23', deadline)).toBeNull();
  });
});
