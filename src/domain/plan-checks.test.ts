import { describe, expect, it } from 'vitest';
import { checkPlan, type CheckedDirectory, type CheckedMeasure } from './plan-checks.ts';

const directory: CheckedDirectory = {
  organisation: (id) =>
    ({ police: { sourceConfidence: 'listed', mergedInto: null }, guess: { sourceConfidence: 'probable', mergedInto: null }, old: { sourceConfidence: 'listed', mergedInto: 'police' } }) [id] as never,
  group: (id) => ({ ngos: { memberIds: [] }, districts: { memberIds: ['a', 'b'] } })[id],
};
const plan = { start: '2026-01-01', end: '2030-12-31' };
const measure = (code: string, over: Partial<CheckedMeasure> = {}): CheckedMeasure => ({
  code,
  deadlineFrom: '2026-01-01',
  deadlineTo: '2030-12-31',
  permanent: false,
  deadlineNote: null,
  executors: [{ type: 'organisation', id: 'police' }],
  ...over,
});

describe('checks of a draft plan', () => {
  it('finds nothing in a sound plan', () => {
    expect(checkPlan(plan, [measure('1.1'), measure('1.2', { permanent: true, deadlineFrom: null, deadlineTo: null, executors: [{ type: 'group', id: 'districts' }] })], directory)).toEqual([]);
  });

  it('blocks a plan without measures and a measure without executors', () => {
    expect(checkPlan(plan, [], directory)).toEqual([{ measure: null, kind: 'noMeasures', blocking: true }]);
    expect(checkPlan(plan, [measure('2.1', { executors: [] })], directory)).toEqual([{ measure: '2.1', kind: 'noExecutors', blocking: true }]);
  });

  it('warns of deadlines outside the plan, as in a copy of a plan to 2025 made for 2026–2030', () => {
    const checks = checkPlan(plan, [measure('1.1', { deadlineFrom: '2023-01-01', deadlineTo: '2025-12-31' }), measure('1.2', { deadlineFrom: '2031-01-01', deadlineTo: '2031-12-31' }), measure('3.3', { deadlineNote: 'not_stated' })], directory);
    expect(checks.map((c) => `${c.measure}:${c.kind}:${c.blocking}`)).toEqual(['1.1:deadlineBeforeStart:false', '1.2:deadlineAfterEnd:false', '3.3:deadlineNotStated:false']);
  });

  it('names unconfirmed, merged and empty executors', () => {
    const checks = checkPlan(plan, [measure('4.1', { executors: [{ type: 'organisation', id: 'guess' }, { type: 'organisation', id: 'old' }, { type: 'group', id: 'ngos' }] })], directory);
    expect(checks.map((c) => `${c.kind}:${c.subject}`)).toEqual(['probableExecutor:guess', 'mergedExecutor:old', 'emptyGroup:ngos']);
  });
});
