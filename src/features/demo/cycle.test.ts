import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { periodGrid } from '../reports/period.ts';
import { periodByKey, periodMeasures } from '../reports/service.ts';
import { chance, createDemoCycle } from './cycle.ts';
import { activityOf, type Activity } from './texts.ts';

const NOW = '2026-12-01T09:00:00.000Z';
/**
 * The figures a text writes ("назва — N") that disagree with the indicators beside it, and the
 * numbers it writes that name no indicator: empty when the text and the values agree.
 */
function figureProblems(narrative: string, indicators: readonly { id: number; name: string }[], values: Record<number, number>): string[] {
  const problems: string[] = [];
  const covered: [number, number][] = [];
  for (const m of narrative.matchAll(/(?<=^|[(:;]\s?)\s*([^():;.—]+?),?\s—\s(\d+)/g)) {
    const label = m[1]!.trim().toLowerCase();
    const named = indicators.filter((i) => i.name.toLowerCase().includes(label));
    if (named.length !== 1) problems.push(`«${label}» names ${named.length} indicators`);
    else if (values[named[0]!.id] !== Number(m[2])) problems.push(`«${label} — ${m[2]}», the value is ${values[named[0]!.id] ?? 'empty'}`);
    const end = m.index! + m[0].length;
    covered.push([end - m[2]!.length, end]);
  }
  for (const d of narrative.matchAll(/\d+/g)) {
    if (d[0] === '1547') continue; // the national hotline's number
    if (!covered.some(([a, b]) => d.index! >= a && d.index! < b)) problems.push(`«${d[0]}» names no indicator`);
  }
  return problems;
}

/** Plan 609's measures by kind of activity, as a person reads them (not as the generator decides). */
const KINDS_609: Record<string, Activity> = {
  '1.1': 'information', '1.2': 'information', '1.3': 'information', '1.4': 'education', '1.5': 'training', '1.6': 'education', '1.7': 'information', '1.8': 'information', '1.9': 'information',
  '2.1': 'coordination', '2.2': 'control', '2.3': 'training', '2.4': 'training', '2.5': 'coordination', '2.6': 'coordination', '2.7': 'coordination',
  '3.1': 'control', '3.2': 'enforcement', '3.3': 'training', '3.4': 'assistance', '3.5': 'enforcement', '3.6': 'enforcement', '3.7': 'control',
  '4.1': 'assistance', '4.2': 'control', '4.3': 'assistance', '4.4': 'assistance', '4.5': 'assistance', '4.6': 'assistance', '4.7': 'coordination',
};
/** What a text of each kind speaks of. */
const SPEAKS_OF: Record<Activity, RegExp> = {
  information: /інформаці|поширено|матеріал/,
  education: /закладах освіти|учн/,
  training: /навчан|тренінг|семінар/,
  coordination: /взаємоді|обмін інформаці|звірено/,
  control: /перевірк|контрол/,
  enforcement: /правопорушен|злочин|розслідуван/,
  assistance: /допомог|звернен/,
};
let a: TestApp;
let b: TestApp;

/** What a demo holds, in a form two runs can be compared by. */
async function contents(t: TestApp) {
  const db = t.database.db;
  const reports = await db.selectFrom('reports').select(['plan_id', 'period_key', 'organisation_id', 'state', 'on_behalf', 'submitted_at', 'updated_at']).orderBy('plan_id').orderBy('period_key').orderBy('organisation_id').execute();
  const entries = await db.selectFrom('report_entries').innerJoin('reports', 'reports.id', 'report_entries.report_id').select(['reports.organisation_id', 'reports.period_key', 'report_entries.measure_id', 'report_entries.state', 'narrative', 'indicator_values']).orderBy('reports.plan_id').orderBy('reports.period_key').orderBy('reports.organisation_id').orderBy('report_entries.measure_id').execute();
  const consents = await db.selectFrom('consent_answers').select(['plan_id', 'period_key', 'organisation_id', 'answer']).orderBy('plan_id').orderBy('period_key').orderBy('organisation_id').execute();
  return { reports, entries, consents };
}

beforeAll(async () => {
  a = await buildTestApp({ now: NOW });
  b = await buildTestApp({ now: NOW });
  await createDemoCycle(a.database.db, a.clock);
  await createDemoCycle(b.database.db, b.clock);
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe(`the demo's living cycle, on ${DIALECT}`, () => {
  it('is deterministic: two databases made on the same day hold the same reports, texts and answers', async () => {
    const [x, y] = [await contents(a), await contents(b)];
    expect(x.reports.length).toBeGreaterThan(300);
    expect(y).toEqual(x);
    // The generator's own randomness is a function of its inputs only.
    expect(chance('2024-H1', 'poltava-police')).toBe(chance('2024-H1', 'poltava-police'));
    expect(chance('2024-H1', 'poltava-police')).not.toBe(chance('2024-H2', 'poltava-police'));
  });

  it('fills the five half-years of plan 609: every subordinate executor accepted, some late, some returned once, some by letter, communities silent or declining', async () => {
    const db = a.database.db;
    const directory = await loadDirectory(db);
    const plan = (await getPlan(db, PLAN_609))!;
    expect(plan.state).toBe('closed');
    const keys = ['2023-H2', '2024-H1', '2024-H2', '2025-H1', '2025-H2'];
    for (const key of keys) {
      const grid = await periodGrid(db, directory, plan, periodByKey(plan, key)!);
      for (const row of grid.rows.filter((r) => !r.byConsent)) expect(row.state, `${key} ${row.organisation.id}`).toBe('accepted');
      // Every community either reported or its answer is recorded.
      for (const row of grid.rows.filter((r) => r.byConsent)) expect(row.state === 'accepted' || row.consent !== null, `${key} ${row.organisation.id}`).toBe(true);
    }
    const submissions = await db.selectFrom('report_submissions').innerJoin('reports', 'reports.id', 'report_submissions.report_id').select(['late', 'reports.plan_id']).where('reports.plan_id', '=', PLAN_609).execute();
    expect(submissions.some((s) => s.late === 1)).toBe(true);
    expect(submissions.some((s) => s.late === 0)).toBe(true);
    const returned = await db.selectFrom('report_reviews').innerJoin('reports', 'reports.id', 'report_reviews.report_id').select('report_reviews.id').where('reports.plan_id', '=', PLAN_609).where('decision', '=', 'returned').execute();
    expect(returned.length).toBeGreaterThan(0);
    const letters = await db.selectFrom('reports').select(['letter_number', 'letter_date']).where('plan_id', '=', PLAN_609).where('on_behalf', '=', 1).execute();
    expect(letters.length).toBeGreaterThan(0);
    expect(letters.every((l) => l.letter_number && l.letter_date)).toBe(true);
    const answers = await db.selectFrom('consent_answers').select('answer').where('plan_id', '=', PLAN_609).execute();
    expect(new Set(answers.map((x) => x.answer))).toEqual(new Set(['declined', 'no_answer']));
    // Texts are Ukrainian and varied; nothing is dated after the demo's day.
    const texts = await db.selectFrom('report_entries').select(['narrative', 'reason', 'updated_at']).execute();
    expect(new Set(texts.map((x) => x.narrative)).size).toBeGreaterThan(50);
    expect(texts.some((x) => /торгівлі людьми/.test(x.narrative))).toBe(true);
    expect(texts.some((x) => x.reason && /звітному періоді/.test(x.reason))).toBe(true);
    // Figures that belong together agree: status applications are at least those granted and refused.
    const ids = Object.fromEntries((await db.selectFrom('indicators').select(['id', 'code']).where('plan_id', '=', PLAN_609).where('code', 'like', '4.3.%').execute()).map((i) => [i.code, String(i.id)]));
    const values = (await db.selectFrom('report_entries').select('indicator_values').execute()).map((e) => JSON.parse(e.indicator_values) as Record<string, number>);
    const withApplications = values.filter((v) => v[ids['4.3.applications']!] !== undefined);
    expect(withApplications.length).toBeGreaterThan(0);
    for (const v of withApplications) expect(v[ids['4.3.applications']!]!).toBeGreaterThanOrEqual((v[ids['4.3.granted']!] ?? 0) + (v[ids['4.3.refused']!] ?? 0));
    const times = [...texts.map((x) => x.updated_at), ...(await db.selectFrom('report_submissions').select('submitted_at').execute()).map((x) => x.submitted_at)];
    expect(times.every((x) => x < NOW)).toBe(true);
  });

  it('holds plan 609\u2019s successor for 2026\u20132030, marked as a demo, its current half-year under way with every state', async () => {
    const db = a.database.db;
    const directory = await loadDirectory(db);
    const plans = await db.selectFrom('plans').select(['id', 'copied_from', 'is_demo', 'state']).where('copied_from', '=', PLAN_609).execute();
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ is_demo: 1, state: 'active' });
    const successor = (await getPlan(db, plans[0]!.id))!;
    expect(successor.start).toBe('2026-01-01');
    expect(successor.end).toBe('2030-12-31');
    const past = await periodGrid(db, directory, successor, periodByKey(successor, '2026-H1')!);
    expect(past.rows.filter((r) => !r.byConsent).every((r) => r.state === 'accepted')).toBe(true);
    // Its deadlines moved to the new years: the current half-year owes (nearly) every measure.
    expect((await periodMeasures(db, successor, periodByKey(successor, '2026-H2')!)).length).toBeGreaterThanOrEqual(28);
    const now = await periodGrid(db, directory, successor, periodByKey(successor, '2026-H2')!);
    const states = now.rows.map((r) => r.state);
    for (const s of ['submitted', 'draft', 'not_started'] as const) expect(states, s).toContain(s);
    expect(states.filter((s) => s === 'returned')).toHaveLength(1);
    expect(now.rows.filter((r) => r.consent?.answer === 'declined')).toHaveLength(1);
    // The plan page says it is a demo.
    expect((await a.get(`/plans/${successor.id}`, 'coordinator')).body).toContain('Демонстраційний план');
    // A demo is made once.
    expect(await createDemoCycle(db, a.clock)).toBeNull();
  });

  it('keeps the last month of its notices — what the outbox would hold today — and none of the made-up years before', async () => {
    const rows = await a.database.db.selectFrom('outbox').select(['kind', 'created_at']).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.kind)).toContain('report.submitted');
    const monthAgo = new Date(NOW).getTime() - 31 * 86_400_000;
    expect(rows.filter((r) => new Date(r.created_at as string).getTime() < monthAgo)).toEqual([]);
  });

  it('writes texts that fit their measures: chosen by the kind of activity, every figure the value of the indicator it names', async () => {
    const db = a.database.db;
    // The kinds, read from the titles, agree with a person's reading of plan 609.
    const measures = await db.selectFrom('measure_versions').select(['measure_id', 'code', 'title', 'plan_id']).execute();
    for (const m of measures.filter((x) => x.plan_id === PLAN_609)) expect(activityOf(m.title), `${m.code} ${m.title}`).toBe(KINDS_609[m.code]);
    const titleOf = new Map(measures.map((m) => [Number(m.measure_id), m.title]));
    const indicators = await db.selectFrom('indicators').select(['id', 'measure_id', 'name']).execute();
    const entries = await db.selectFrom('report_entries').select(['measure_id', 'state', 'narrative', 'indicator_values']).execute();
    let figures = 0;
    let texts = 0;
    for (const e of entries) {
      if (!e.narrative) continue;
      texts++;
      const own = indicators.filter((i) => Number(i.measure_id) === Number(e.measure_id)).map((i) => ({ id: Number(i.id), name: i.name }));
      const values = Object.fromEntries(Object.entries(JSON.parse(e.indicator_values) as Record<string, number>).map(([k, v]) => [Number(k), v]));
      expect(figureProblems(e.narrative, own, values), e.narrative).toEqual([]);
      figures += [...e.narrative.matchAll(/ — \d+/g)].length;
      const kind = activityOf(titleOf.get(Number(e.measure_id))!);
      expect(e.narrative, kind).toMatch(SPEAKS_OF[kind]);
      // An information campaign is not answered with training, nor anything but training with training sessions.
      if (kind !== 'training') expect(e.narrative).not.toMatch(/навчальні заняття|тренінг/);
    }
    expect(texts).toBeGreaterThan(1000);
    expect(figures).toBeGreaterThan(1000);
    // The check finds a figure that is not the indicator's value, a figure naming no indicator, and a loose number.
    const sample = [{ id: 1, name: 'Проведено інформаційно-просвітницьких заходів' }, { id: 2, name: 'Розміщено публікацій у медіа та соціальних мережах' }];
    expect(figureProblems('Проведено кампанію. У цифрах: інформаційно-просвітницьких заходів — 5; публікацій у медіа та соціальних мережах — 7.', sample, { 1: 5, 2: 7 })).toEqual([]);
    expect(figureProblems('У цифрах: інформаційно-просвітницьких заходів — 6.', sample, { 1: 5 })).toHaveLength(1);
    expect(figureProblems('У цифрах: слухачів — 30.', sample, { 1: 5 })).toHaveLength(1);
    expect(figureProblems('Проведено 12 заходів, гаряча лінія 1547.', sample, { 1: 5 })).toEqual(['«12» names no indicator']);
  });
});

describe(`the demo started a week into January, on ${DIALECT}`, () => {
  it('runs one collection at a time: the half-year just begun has nothing reported yet', async () => {
    const c = await buildTestApp({ now: '2027-01-08T07:00:00.000Z' });
    try {
      const result = await createDemoCycle(c.database.db, c.clock);
      expect(result?.periods.at(-1)).toMatch(/\/2026-H2$/);
      const begun = await c.database.db.selectFrom('reports').select('id').where('period_key', '=', '2027-H1').execute();
      expect(begun).toEqual([]);
      expect((await c.database.db.selectFrom('reports').select('id').where('period_key', '=', '2026-H2').execute()).length).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
  });
});
