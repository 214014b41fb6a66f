import { describe, expect, it } from 'vitest';
import { defaultViewDate, effectiveDateProblem, isMeasureCode, mayAmend, mayTransition, nextMeasureCode, parseDateInput, type PlanState, readDateInput, dateInputProblem } from './plan-lifecycle.ts';

describe('plan states', () => {
  it('moves only forward, one step at a time', () => {
    const states: PlanState[] = ['draft', 'active', 'closed', 'archived'];
    const allowed = states.flatMap((from) => states.filter((to) => mayTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual(['draft→active', 'active→closed', 'closed→archived']);
  });

  it('amends only a plan in force', () => {
    expect((['draft', 'active', 'closed', 'archived'] as const).filter(mayAmend)).toEqual(['active']);
  });
});

describe('when an amendment takes effect', () => {
  const plan = { start: '2023-09-04', end: '2025-12-31' };
  it('must fall after the first day and within the plan', () => {
    expect(effectiveDateProblem(plan, null, '2023-09-04')).toBe('notAfterStart');
    expect(effectiveDateProblem(plan, null, '2023-01-01')).toBe('notAfterStart');
    expect(effectiveDateProblem(plan, null, '2026-01-01')).toBe('afterEnd');
    expect(effectiveDateProblem(plan, null, '2023-09-05')).toBeNull();
    expect(effectiveDateProblem(plan, null, '2025-12-31')).toBeNull();
  });
  it('must come after the last amendment applied', () => {
    expect(effectiveDateProblem(plan, '2024-03-01', '2024-03-01')).toBe('notAfterPrevious');
    expect(effectiveDateProblem(plan, '2024-03-01', '2024-02-01')).toBe('notAfterPrevious');
    expect(effectiveDateProblem(plan, '2024-03-01', '2024-03-02')).toBeNull();
  });
});

describe('reading what people type', () => {
  it('takes ISO dates and дд.мм.рррр', () => {
    expect(parseDateInput('2024-03-01')).toBe('2024-03-01');
    expect(parseDateInput(' 01.03.2024 ')).toBe('2024-03-01');
    expect(parseDateInput('1.3.2024 р.')).toBe('2024-03-01');
  });
  it('refuses what is not a calendar date', () => {
    for (const bad of ['', '31.02.2024', '2024-13-01', '01/03/2024', 'завтра', '1.3.24', '<script>']) expect(parseDateInput(bad), bad).toBeNull();
  });
  it('tells a date written right but not existing from one not written as a date', () => {
    for (const missing of ['32.12.2026', '31.02.2024', '29.02.2025', '00.01.2024', '15.13.2024', '2024-13-01', '2026-02-30']) expect(readDateInput(missing), missing).toEqual({ problem: 'nonexistent' });
    for (const bad of ['', '01/03/2024', 'завтра', '1.3.24', '<script>', '2024-1-1']) expect(readDateInput(bad), bad).toEqual({ problem: 'invalid' });
    expect(readDateInput('29.02.2024')).toEqual({ date: '2024-02-29' });
    expect(dateInputProblem('32.12.2026')).toBe('nonexistent');
    expect(dateInputProblem('01.12.2026')).toBeNull();
  });
  it('knows measure codes and proposes the next one in a goal', () => {
    expect(['1.1', '2.10', '2.5.1'].every(isMeasureCode)).toBe(true);
    expect(['1', '1.', 'a.1', '1.1.1.1', '1.1234', ' 1.1', '2.0', '0.5', '02.5', '2.05', '0.0'].filter(isMeasureCode)).toEqual([]);
    expect(nextMeasureCode(2, ['1.9', '2.1', '2.7', '2.5.1', '3.2'])).toBe('2.8');
    expect(nextMeasureCode(5, ['1.1'])).toBe('5.1');
  });
  it('shows today, kept within the plan', () => {
    expect(defaultViewDate('2026-12-01', '2023-09-04', '2025-12-31')).toBe('2025-12-31');
    expect(defaultViewDate('2022-01-01', '2023-09-04', '2025-12-31')).toBe('2023-09-04');
    expect(defaultViewDate('2024-07-16', '2023-09-04', '2025-12-31')).toBe('2024-07-16');
  });
});
