import { describe, expect, it } from 'vitest';
import type { OrganisationKind } from '../../db/schema.ts';
import { reportingPeriods } from '../../domain/periods.ts';
import type { ConsolidationDocument, DocMeasure, DocTotal } from '../consolidation/document.ts';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import { compareCodes, derivedState, EMPTY_FILTER, executorsDashboard, indicatorsDashboard, measuresDashboard, risksOf, type HistoryRow, type PeriodDoc } from './service.ts';

/** The dashboards' arithmetic on hand-made documents and histories: no database. */

function org(id: string, kind: OrganisationKind, parentId: string | null = null, byConsent = false): OrganisationView {
  return { id, name: id, shortName: null, kind, parentId, byConsent, sourceConfidence: 'listed', katottg: null, edrpou: null, email: null, phone: null, contactPerson: null, declinedZvitAt: null, contactPosition: null, mergedInto: null, note: null, aliases: [], formerNames: [] };
}
const orgs = [org('rva-a', 'district_administration'), org('rva-b', 'district_administration'), org('tg-a1', 'community', 'rva-a', true), org('tg-b1', 'community', 'rva-b', true), org('police', 'territorial_body')];
const directory: Directory = { organisations: orgs, groups: [], organisation: (id) => orgs.find((o) => o.id === id), group: () => undefined, groupsOf: () => [] };
const periods = reportingPeriods({ periodKind: 'half_year', executorDueDay: 15, consolidationDueDay: 20, timeZone: 'Europe/Kyiv', moveWeekendDeadlines: false } as never, '2024-01-01', '2025-12-31').slice(0, 3);

function total(name: string, byKind: [OrganisationKind, number][], grand: number | null, byDistrict: [string, number][] = []): DocTotal {
  return { name, unit: 'од.', kind: 'count', sensitive: false, byKind: byKind.map(([kind, t]) => ({ kind, total: t, reporting: 1 })), byDistrict: byDistrict.map(([district, t]) => ({ district, total: t })), grand };
}
function measure(id: number, code: string, state: DocMeasure['state'], sources: [string, OrganisationKind, string | null, DocMeasure['state']][], totals: DocTotal[] = []): DocMeasure {
  return {
    id, code, title: `Захід ${code}`, executors: [], summary: '', edited: false, draft: [], state, expected: 3, rollup: { done: 0, in_progress: 0, not_done: 0, not_held: 0 }, rollupByKind: [], totals, missing: [], notProvided: [],
    sources: sources.map(([organisationId, kind, district, s]) => ({ organisationId, organisation: organisationId, kind, district, byConsent: false, isLead: false, accepted: true, state: s, reason: null, narrative: '', values: [] })),
  };
}
function doc(i: number, measures: DocMeasure[]): PeriodDoc {
  return { period: periods[i]!, version: null, doc: { goals: [{ number: 1, title: 'Ціль', measures: measures.filter((m) => m.code.startsWith('1.')) }, { number: 2, title: 'Друга', measures: measures.filter((m) => m.code.startsWith('2.')) }] } as unknown as ConsolidationDocument };
}

describe('a measure’s state from its executors', () => {
  it('is done only when all say done, not held when all say so, under way when some did something, else not done', () => {
    expect(derivedState(['done', 'done'])).toBe('done');
    expect(derivedState(['done', 'not_done'])).toBe('in_progress');
    expect(derivedState(['not_done', 'not_held'])).toBe('not_done');
    expect(derivedState(['not_held', 'not_held'])).toBe('not_held');
    expect(derivedState([null, null])).toBe('no_reports');
    expect(derivedState([])).toBe('no_reports');
  });
  it('orders codes as numbers ("1.2" before "1.10")', () => {
    expect(['1.10', '2.1', '1.2', '1.1'].sort(compareCodes)).toEqual(['1.1', '1.2', '1.10', '2.1']);
  });
});

describe('risks', () => {
  const cell = (state: 'done' | 'not_done' | 'no_reports' | 'in_progress' | 'not_held', expected: number | null = 3) => ({ periodKey: 'x', state, marked: false, reported: 0, expected });
  it('names a deadline passed, not done, nobody reported, a deadline within half a year; nothing for what is done', () => {
    expect(risksOf(cell('in_progress'), { deadlineTo: '2024-06-30', permanent: false }, '2024-07-16')).toEqual(['deadline_passed']);
    expect(risksOf(cell('not_done'), { deadlineTo: '2024-12-31', permanent: false }, '2024-07-16')).toEqual(['not_done', 'deadline_near']);
    expect(risksOf(cell('no_reports'), { deadlineTo: null, permanent: true }, '2024-07-16')).toEqual(['no_reports']);
    expect(risksOf(cell('no_reports', 0), { deadlineTo: null, permanent: true }, '2024-07-16')).toEqual([]);
    expect(risksOf(cell('done'), { deadlineTo: '2024-06-30', permanent: false }, '2024-07-16')).toEqual([]);
    expect(risksOf(cell('not_held'), { deadlineTo: null, permanent: true }, '2024-07-16')).toEqual(['not_held']);
    expect(risksOf(cell('in_progress'), { deadlineTo: '2026-12-31', permanent: false }, '2024-07-16')).toEqual([]);
  });
});

describe('the measures dashboard', () => {
  const docs = [
    doc(0, [measure(1, '1.1', 'done', [['police', 'territorial_body', null, 'done']]), measure(2, '1.2', null, [])]),
    doc(1, [measure(1, '1.1', null, [['tg-a1', 'community', 'rva-a', 'not_done'], ['tg-b1', 'community', 'rva-b', 'done']]), measure(2, '1.2', null, [['police', 'territorial_body', null, 'in_progress']]), measure(3, '2.1', 'in_progress', [])]),
  ];
  const deadlines = new Map([[2, { deadlineTo: '2024-12-31', permanent: false }]]);
  it('takes the coordinator’s mark, else the executors’; a measure not yet in force is an empty cell; counts add up per period', () => {
    const d = measuresDashboard(docs, deadlines, EMPTY_FILTER, directory, '2025-01-10');
    expect(d.rows.map((r) => r.code)).toEqual(['1.1', '1.2', '2.1']);
    expect(d.rows[0]!.cells.map((c) => c && [c.state, c.marked])).toEqual([['done', true], ['in_progress', false]]);
    expect(d.rows[2]!.cells[0]).toBeNull();
    expect(d.counts.map((c) => c.counts)).toEqual([
      { done: 1, in_progress: 0, not_done: 0, not_held: 0, no_reports: 1 },
      { done: 0, in_progress: 3, not_done: 0, not_held: 0, no_reports: 0 },
    ]);
    // 1.2 is under way with its deadline passed: at risk in the latest period, first.
    expect(d.atRisk.map((r) => [r.code, r.risks])).toEqual([['1.2', ['deadline_passed']]]);
  });
  it('under a district filter, reads only that district’s executors (and no coordinator’s mark)', () => {
    const d = measuresDashboard(docs, deadlines, { ...EMPTY_FILTER, district: 'rva-a' }, directory, '2025-01-10');
    expect(d.rows[0]!.cells[1]).toMatchObject({ state: 'not_done', marked: false, reported: 1, expected: null });
    expect(d.rows[0]!.cells[0]).toMatchObject({ state: 'no_reports', reported: 0 });
    expect(d.atRisk.map((r) => r.code)).toContain('1.1');
  });
  it('keeps one goal under a goal filter, and the period chosen', () => {
    const d = measuresDashboard(docs, deadlines, { ...EMPTY_FILTER, goal: 2, period: periods[0]!.key }, directory, '2025-01-10');
    expect(d.rows.map((r) => r.code)).toEqual(['2.1']);
    expect(d.selected?.period.key).toBe(periods[0]!.key);
  });
});

describe('the executors dashboard', () => {
  const row = (o: string, cells: HistoryRow['cells'], byConsent = false): HistoryRow => ({ organisation: directory.organisation(o)!, districtId: o.startsWith('tg-a') || o === 'rva-a' ? 'rva-a' : o.startsWith('tg-b') || o === 'rva-b' ? 'rva-b' : null, byConsent, cells });
  const history = [row('police', ['on_time', 'late', 'missing']), row('rva-a', ['late', 'on_time', 'draft']), row('rva-b', [null, 'missing', 'on_time']), row('tg-a1', ['on_time', 'declined', 'missing'], true), row('tg-b1', [null, 'on_time', 'not_due'], true)];
  it('counts completeness and timeliness per period, by kind, with by-consent bodies apart', () => {
    const d = executorsDashboard(periods, history, EMPTY_FILTER, directory);
    expect(d.rates.map((r) => r.overall)).toEqual([
      { expected: 2, submitted: 2, onTime: 1 },
      { expected: 3, submitted: 2, onTime: 1 },
      { expected: 3, submitted: 1, onTime: 1 },
    ]);
    expect(d.rates[1]!.byConsent).toEqual({ expected: 2, submitted: 1, onTime: 1 });
    expect(d.rates[0]!.byKind.map((k) => k.kind)).toEqual(['territorial_body', 'district_administration']);
  });
  it('names who is late now (subordinate, nothing sent after the deadline), and each district with its communities', () => {
    const d = executorsDashboard(periods, history, EMPTY_FILTER, directory);
    expect(d.selected?.key).toBe(periods[2]!.key);
    expect(d.lateNow.map((r) => r.organisation.id)).toEqual(['police', 'rva-a']);
    expect(d.districts.map((x) => [x.district.id, x.rate, x.byConsent])).toEqual([
      ['rva-a', { expected: 1, submitted: 0, onTime: 0 }, { expected: 1, submitted: 0, onTime: 0 }],
      ['rva-b', { expected: 1, submitted: 1, onTime: 1 }, { expected: 1, submitted: 0, onTime: 0 }],
    ]);
    const one = executorsDashboard(periods, history, { ...EMPTY_FILTER, district: 'rva-b', period: periods[1]!.key }, directory);
    expect(one.rows.map((r) => r.organisation.id)).toEqual(['rva-b', 'tg-b1']);
    expect(one.lateNow.map((r) => r.organisation.id)).toEqual(['rva-b']);
  });
});

describe('the indicators dashboard', () => {
  const docs = [
    doc(0, [measure(1, '1.1', null, [], [total('Заходів', [['district_administration', 10], ['community', 30]], null, [['rva-a', 25]]), total('Осіб', [['territorial_body', 4]], 4)])]),
    doc(1, [measure(1, '1.1', null, [], [total('Заходів', [['district_administration', 12], ['community', 20]], null, [['rva-a', 14], ['rva-b', 18]]), total('Осіб', [['territorial_body', 6]], 6)])]),
  ];
  const indicators = [{ id: 1, measureId: 1, code: 'a', name: 'Осіб', unit: 'осіб', kind: 'count' as const, aggregation: 'per_period' as const, target: 20, sensitive: false, additiveAcrossKinds: true, suppressionThreshold: 5 }];
  it('keeps a total that adds up as one series with progress to its target, and one that does not as a series per group', () => {
    const d = indicatorsDashboard(docs, indicators, EMPTY_FILTER, directory);
    expect(d.series.map((s) => [s.name, s.group, s.values])).toEqual([
      ['Заходів', 'district', [10, 12]],
      ['Заходів', 'community', [30, 20]],
      ['Осіб', null, [4, 6]],
    ]);
    expect(d.series[2]!.progress).toBeCloseTo(0.5);
    expect(d.chosen.map((s) => s.group)).toEqual(['district', 'community']);
  });
  it('gives one number under a kind or district filter', () => {
    expect(indicatorsDashboard(docs, indicators, { ...EMPTY_FILTER, kind: 'community' }, directory).series.find((s) => s.name === 'Заходів')!.values).toEqual([30, 20]);
    const byDistrict = indicatorsDashboard(docs, indicators, { ...EMPTY_FILTER, district: 'rva-b', indicator: '1.1 Заходів' }, directory);
    expect(byDistrict.series.find((s) => s.name === 'Заходів')!.values).toEqual([null, 18]);
    expect(byDistrict.chosen[0]!.byDistrict).toEqual([{ district: 'rva-b', total: 18 }]);
  });
});
