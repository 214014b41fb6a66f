import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { createPlan } from '../plans/creation.ts';
import { DEFAULT_SCHEDULE } from '../../domain/periods.ts';
import { filterGrid, periodGrid, ratesOf, recordConsent } from './period.ts';
import { loadReport, periodByKey, saveEntry, submitReport } from './service.ts';

const H1 = '2024-H1';
const POLICE = 'poltava-police';
const url = (org = POLICE, period = H1, plan = PLAN_609) => `/reports/${plan}/${period}/${org}`;

let t: TestApp;

async function post(who: string, path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url: path, cookies: s.cookies, headers, payload: { _csrf: s.csrf, ...fields } });
}

/** Fills every owed measure (as the organisation itself) and submits, at the clock's time. */
async function fillAndSubmit(planId: string, period: string, org: string, narrative: (code: string) => string, submit = true) {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  let view = (await loadReport(db, directory, t.clock, planId, period, org))!;
  for (const m of view.measures) {
    const e = view.entries.get(m.id);
    const saved = await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(e?.version ?? 0), state: 'done', reason: '', narrative: narrative(m.code), links: '', values: {} }, { onBehalf: false });
    expect(saved.kind, `${org} ${m.code}`).toBe('saved');
    view = (await loadReport(db, directory, t.clock, planId, period, org))!;
  }
  if (submit) expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
}

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-10T09:00:00.000Z' });
});
afterAll(async () => {
  await t.close();
});

describe(`review: accept, return, resubmit, compare, reopen — on ${DIALECT}`, () => {
  it('returns a report with a comment on one measure; the executor sees it beside the field, resubmits, and the versions compare', async () => {
    const db = t.database.db;
    await fillAndSubmit(PLAN_609, H1, POLICE, (code) => `Поліція: захід ${code} виконано.`);
    const view = (await loadReport(db, await loadDirectory(db), t.clock, PLAN_609, H1, POLICE))!;
    const m = view.measures[1]!;

    // The coordinator sees the review form with a comment field per measure.
    const page = (await t.get(url(), 'coordinator')).body;
    expect(page).toContain('Прийняти звіт');
    expect(page).toContain(`name="c${m.id}"`);
    // Neither an executor nor the supervisor is offered, or allowed, a decision.
    expect((await t.get(url(), 'supervisor')).body).not.toContain('Прийняти звіт');
    for (const who of ['executorA', 'supervisor']) expect((await post(who, `${url()}/review`, { decision: 'accept' })).statusCode, who).toBe(403);

    // A return with no comment at all is refused beside the field; nothing changes.
    const bare = await post('coordinator', `${url()}/review`, { decision: 'return', comment: '  ' });
    expect(bare.statusCode).toBe(400);
    expect(bare.body).toContain('<title>Помилка: ');
    expect(bare.body).toContain('напишіть зауваження');
    const tooLong = await post('coordinator', `${url()}/review`, { decision: 'return', [`c${m.id}`]: 'я'.repeat(5001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('не довшим за 5000 символів');
    // Only that error: a comment was written, just too long.
    expect(tooLong.body).not.toContain('напишіть зауваження');
    expect((await db.selectFrom('reports').select('state').where('organisation_id', '=', POLICE).executeTakeFirstOrThrow()).state).toBe('submitted');

    const returned = await post('coordinator', `${url()}/review`, { decision: 'return', comment: 'Доповніть, будь ласка.', [`c${m.id}`]: 'Зазначте кількість заходів <b>і</b> учасників.' });
    expect(returned.statusCode).toBe(303);
    expect(returned.headers.location).toContain('reviewed=returned');
    // Twice: the second finds the report already reviewed.
    expect((await post('coordinator', `${url()}/review`, { decision: 'return', comment: 'ще раз' })).statusCode).toBe(409);

    // The executor: the return at the top, the comment beside the measure (escaped), a form again.
    const form = (await t.get(url(), 'executorA')).body;
    expect(form).toContain('Звіт повернуто на доопрацювання');
    expect(form).toContain('Доповніть, будь ласка.');
    expect(form).toContain(`id="e${m.id}-comment"`);
    expect(form).toContain('Зазначте кількість заходів &lt;b>і&lt;/b> учасників.');
    expect(form).toContain('data-autosave');
    // Once returned, the executor cannot withdraw; the coordinator cannot edit the executor's draft.
    const coordinatorSave = await post('coordinator', `${url()}/entries/${m.id}`, { version: '1', narrative: 'чуже' });
    expect(coordinatorSave.statusCode).toBe(403);

    const fresh = (await loadReport(db, await loadDirectory(db), t.clock, PLAN_609, H1, POLICE))!;
    const entry = fresh.entries.get(m.id)!;
    const saved = await post('executorA', `${url()}/entries/${m.id}`, { version: String(entry.version), state: 'in_progress', narrative: 'Поліція: проведено 12 заходів, 340 учасників.' }, { 'hx-request': 'true' });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(200);
    expect((await post('executorA', `${url()}/submit`)).statusCode).toBe(303);
    const after = (await loadReport(db, await loadDirectory(db), t.clock, PLAN_609, H1, POLICE))!;
    expect(after.report!.state).toBe('submitted');
    expect(after.report!.reviewedAt).toBeNull();
    expect(after.submissions.map((s) => s.number)).toEqual([1, 2]);

    // Any two submissions compare: the state and the words that changed.
    const compare = await t.get(`${url()}/compare?from=1&to=2`, 'coordinator');
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('Подання 1 і 2');
    expect(compare.body).toMatch(/<del>виконано<\/del> → <ins>виконується<\/ins>/);
    expect(compare.body).toContain('<ins>');
    expect(compare.body).toContain(m.code);
    // Unchanged measures are only named.
    expect(compare.body).toContain(view.measures[0]!.code);
    expect((await t.get(`${url()}/compare?from=1&to=2`, 'executorA')).statusCode).toBe(200);
    expect((await t.get(`${url()}/compare?from=1&to=7`, 'coordinator')).statusCode).toBe(400);
    expect((await t.get(`${url()}/compare?from=2&to=2`, 'coordinator')).statusCode).toBe(400);
    expect((await t.get(`${url()}/compare?from=1&to=2`, 'executorB')).statusCode).toBe(404);

    // Accepted — a remark on a measure is kept with the decision, not dropped; the history shows every comment's text.
    expect((await post('coordinator', `${url()}/review`, { decision: 'accept', comment: '', [`c${m.id}`]: 'Надалі додавайте посилання на публікації.' })).statusCode).toBe(303);
    const history = (await t.get(url(), 'coordinator')).body;
    expect(history).toContain('Зазначте кількість заходів &lt;b>і&lt;/b> учасників.');
    expect(history).toContain('Надалі додавайте посилання на публікації.');
    expect((await post('executorA', `${url()}/withdraw`)).statusCode).toBe(409);
    const noReason = await post('coordinator', `${url()}/reopen`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Зазначте причину');
    expect((await post('executorA', `${url()}/reopen`, { reason: 'хочу' })).statusCode).toBe(403);
    expect((await post('coordinator', `${url()}/reopen`, { reason: 'Уточнено дані про учасників за листом поліції.' })).statusCode).toBe(303);
    const reopened = (await t.get(url(), 'executorA')).body;
    expect(reopened).toContain('Прийнятий звіт відкрито повторно');
    expect(reopened).toContain('Уточнено дані про учасників');
    const reportId = String(after.report!.id);
    const actions = (await db.selectFrom('audit_events').select('action').where('target_type', '=', 'report').where('target_id', '=', reportId).orderBy('id').execute()).map((a) => a.action);
    expect(actions.filter((a) => a !== 'report.created')).toEqual(['report.submitted', 'report.returned', 'report.submitted', 'report.accepted', 'report.reopened']);
    const reviews = await db.selectFrom('report_reviews').select(['decision']).where('report_id', '=', after.report!.id).orderBy('id').execute();
    expect(reviews.map((r) => r.decision)).toEqual(['returned', 'accepted', 'reopened']);
  });

  it('never gives the coordinator a draft\u2019s content: not by page, fragment, grid or API', async () => {
    const db = t.database.db;
    await fillAndSubmit(PLAN_609, H1, 'poltava-ova-children', () => 'СЕКРЕТНА ЧЕРНЕТКА служби', false);
    const report = url('poltava-ova-children');
    const pages = [
      await t.get(report, 'coordinator'),
      await t.get(report, 'coordinator', { 'hx-request': 'true' }),
      await t.get(`/plans/${PLAN_609}/periods/${H1}/reports`, 'coordinator'),
      await t.get(`/plans/${PLAN_609}/periods/${H1}/reports?state=draft`, 'coordinator'),
      await t.get(`/api/v1${report}`, 'coordinator'),
      await t.get(`${report}/compare?from=1&to=2`, 'coordinator'),
      await post('coordinator', `${report}/entries/${(await loadReport(db, await loadDirectory(db), t.clock, PLAN_609, H1, 'poltava-ova-children'))!.measures[0]!.id}`, { version: '1' }, { 'hx-request': 'true' }),
      await post('coordinator', `${report}/review`, { decision: 'accept' }),
    ];
    for (const p of pages) expect(p.body.includes('СЕКРЕТНА ЧЕРНЕТКА'), `${p.statusCode} ${p.body.slice(0, 200)}`).toBe(false);
    // The grid says that a draft exists and when it was saved.
    const grid = pages[3]!.body;
    expect(grid).toContain('Служба у справах дітей');
    expect(grid).toContain('чернетка');
    expect(grid).toContain('збережено');
    // A draft cannot be reviewed.
    expect(pages[7]!.statusCode).toBe(409);
  });
});

describe(`review transitions, allowed and forbidden, on ${DIALECT}`, () => {
  it('moves draft → submitted → accepted → returned → submitted only as the rules allow, and refuses everything else', async () => {
    const db = t.database.db;
    const org = 'poltava-ova-children';
    const report = url(org);
    const state = async () => (await db.selectFrom('reports').select('state').where('plan_id', '=', PLAN_609).where('period_key', '=', H1).where('organisation_id', '=', org).executeTakeFirstOrThrow()).state;
    await fillAndSubmit(PLAN_609, H1, org, (code) => `Служба: ${code}`, false);
    expect(await state()).toBe('draft');
    // A draft: nobody can accept, return or reopen it.
    expect((await post('coordinator', `${report}/review`, { decision: 'accept' })).statusCode).toBe(409);
    expect((await post('coordinator', `${report}/reopen`, { reason: 'x' })).statusCode).toBe(409);
    // Submitted by its own executor.
    expect((await post('executorB', `${report}/submit`)).statusCode).toBe(303);
    expect(await state()).toBe('submitted');
    const view = (await loadReport(db, await loadDirectory(db), t.clock, PLAN_609, H1, org))!;
    const measure = view.measures[0]!;
    // The supervisor can neither edit, withdraw, accept nor return; the executor cannot decide on its own report.
    for (const [who, path, fields] of [
      ['supervisor', `${report}/entries/${measure.id}`, { version: '1', narrative: 'x' }],
      ['supervisor', `${report}/withdraw`, {}],
      ['supervisor', `${report}/review`, { decision: 'accept' }],
      ['supervisor', `${report}/reopen`, { reason: 'x' }],
      ['executorB', `${report}/review`, { decision: 'accept' }],
      ['executorB', `${report}/reopen`, { reason: 'x' }],
      ['executorA', `${report}/review`, { decision: 'return', comment: 'x' }],
    ] as const) {
      const r = await post(who, path, fields as Record<string, string>);
      expect([403, 404], `${who} ${path}: ${r.statusCode}`).toContain(r.statusCode);
    }
    // The coordinator cannot edit the executor's report, nor reopen what is not accepted.
    expect((await post('coordinator', `${report}/entries/${measure.id}`, { version: '1', narrative: 'x' })).statusCode).toBe(403);
    expect((await post('coordinator', `${report}/reopen`, { reason: 'x' })).statusCode).toBe(409);
    expect(await state()).toBe('submitted');
    // Accepted once; a second decision of either kind is refused.
    expect((await post('coordinator', `${report}/review`, { decision: 'accept' })).statusCode).toBe(303);
    expect((await post('coordinator', `${report}/review`, { decision: 'accept' })).statusCode).toBe(409);
    expect((await post('coordinator', `${report}/review`, { decision: 'return', comment: 'пізно' })).statusCode).toBe(409);
    // An accepted report is closed to its executor: no save, no withdrawal, no submission.
    expect((await post('executorB', `${report}/entries/${measure.id}`, { version: '1', narrative: 'x' }, { 'hx-request': 'true' })).statusCode).toBe(409);
    expect((await post('executorB', `${report}/withdraw`)).statusCode).toBe(409);
    expect(await state()).toBe('accepted');
    // Reopened with a reason: returned; the executor edits and submits again; it cannot be withdrawn while returned.
    expect((await post('coordinator', `${report}/reopen`, { reason: 'Уточніть дані за листом.' })).statusCode).toBe(303);
    expect(await state()).toBe('returned');
    expect((await post('executorB', `${report}/withdraw`)).statusCode).toBe(409);
    const entry = (await loadReport(db, await loadDirectory(db), t.clock, PLAN_609, H1, org))!.entries.get(measure.id)!;
    expect((await post('executorB', `${report}/entries/${measure.id}`, { version: String(entry.version), narrative: 'Служба: уточнено.' }, { 'hx-request': 'true' })).statusCode).toBe(200);
    expect((await post('executorB', `${report}/submit`)).statusCode).toBe(303);
    expect(await state()).toBe('submitted');
    // A fresh submission, not yet reviewed, can be withdrawn again.
    expect((await post('executorB', `${report}/withdraw`)).statusCode).toBe(303);
    expect(await state()).toBe('draft');
  });
});

describe(`reporting rates on a crafted period, on ${DIALECT}`, () => {
  it('counts completeness and timeliness per kind and apart for by-consent bodies, with the list behind each number', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const departments = directory.organisations.filter((o) => o.kind === 'department' && !o.byConsent).slice(0, 3).map((o) => o.id);
    const communities = directory.organisations.filter((o) => o.kind === 'community').slice(0, 3).map((o) => o.id);
    await createPlan(db, t.clock, {
      id: 'rates-test',
      title: 'План для перевірки показників звітування',
      legal: { kind: 'розпорядження', issuer: 'Начальник ОВА', number: '7', date: '2024-01-01' },
      start: '2024-01-01',
      end: '2025-12-31',
      ownerOrganisationId: 'poltava-ova',
      coordinatorOrganisationId: 'poltava-ova-social-protection',
      state: 'active',
      schedule: DEFAULT_SCHEDULE,
      goals: [
        {
          number: 1,
          title: 'Ціль',
          tasks: [
            {
              number: 1,
              title: 'Завдання',
              measures: [
                { code: '1.1', title: 'Захід департаментів і поліції', deadline: 'Постійно', executors: [...departments, POLICE].map((organisationId) => ({ organisationId, isLead: organisationId === departments[0] })) },
                { code: '1.2', title: 'Захід громад', deadline: 'Постійно', executors: communities.map((organisationId) => ({ organisationId, byConsent: true })) },
              ],
            },
          ],
        },
      ],
    });
    const plan = (await getPlan(db, 'rates-test'))!;
    const period = periodByKey(plan, H1)!;
    t.clock.set('2024-07-12T09:00:00.000Z');
    await fillAndSubmit('rates-test', H1, departments[0]!, () => 'вчасно');
    await fillAndSubmit('rates-test', H1, communities[0]!, () => 'громада вчасно');
    await fillAndSubmit('rates-test', H1, departments[1]!, () => 'ЗМІСТ ЧЕРНЕТКИ', false);
    t.clock.set('2024-07-18T09:00:00.000Z');
    await fillAndSubmit('rates-test', H1, POLICE, () => 'запізно');
    t.clock.set('2024-07-10T09:00:00.000Z');
    let grid = await periodGrid(db, directory, plan, period);
    expect(await recordConsent(db, t.clock, SYSTEM_ACTOR, grid, communities[1]!, { answer: 'declined', note: 'Лист від 01.07.2024 № 5' })).toBeNull();
    // Only by-consent bodies have answers; a bad answer is refused.
    expect(await recordConsent(db, t.clock, SYSTEM_ACTOR, grid, departments[2]!, { answer: 'declined', note: '' })).toBe('not-by-consent');
    expect(await recordConsent(db, t.clock, SYSTEM_ACTOR, grid, communities[2]!, { answer: 'maybe', note: '' })).toEqual({ errors: { answer: 'invalid' } });
    grid = await periodGrid(db, directory, plan, period);

    const rates = ratesOf(grid.rows);
    // Subordinate: 3 departments + the police = 4 expected; 2 submitted (one late); 1 on time.
    expect(rates.overall).toEqual({ expected: 4, submitted: 2, onTime: 1, completeness: 0.5, timeliness: 0.25 });
    expect(rates.byConsent).toEqual({ expected: 3, submitted: 1, onTime: 1, completeness: 1 / 3, timeliness: 1 / 3, declined: 1 });
    const byKind = Object.fromEntries(rates.byKind.map((k) => [k.kind, k.rate]));
    expect(byKind.department).toMatchObject({ expected: 3, submitted: 1, onTime: 1 });
    expect(byKind.territorial_body ?? byKind.institution ?? byKind.other).toMatchObject({ expected: 1, submitted: 1, onTime: 0 });
    expect(byKind.community).toMatchObject({ expected: 3, submitted: 1 });

    const ids = (list: Parameters<typeof filterGrid>[1]['list'], consent: Parameters<typeof filterGrid>[1]['consent'] = '') => filterGrid(grid.rows, { district: '', kind: '', state: '', list, consent }).map((r) => r.organisation.id).sort();
    expect(ids('late')).toEqual([POLICE]);
    expect(ids('on-time', 'subordinate')).toEqual([departments[0]]);
    expect(ids('missing', 'subordinate')).toEqual([departments[1], departments[2]].sort());
    expect(ids('declined')).toEqual([communities[1]]);

    // The page: the numbers, each a link to its list; silence of a by-consent body is not a breach.
    t.clock.set('2024-07-20T09:00:00.000Z');
    const page = (await t.get(`/plans/rates-test/periods/${H1}/reports`, 'coordinator')).body;
    expect(page).toContain('50%');
    expect(page).toContain('25%');
    expect(page).toContain('href="/plans/rates-test/periods/2024-H1/reports?list=late');
    expect(page).toContain('не надано (за згодою)');
    expect(page).toContain('відмовилися');
    const late = (await t.get(`/plans/rates-test/periods/${H1}/reports?list=late`, 'coordinator')).body;
    expect(late).toContain('Показано 1 з 7');
    const district = communities.map((c) => directory.organisation(c)!.parentId).find(Boolean)!;
    const byDistrict = (await t.get(`/plans/rates-test/periods/${H1}/reports?district=${district}`, 'coordinator')).body;
    expect(byDistrict).toContain(`Показано ${grid.rows.filter((r) => r.districtId === district).length} з 7`);
    // An unknown filter value is ignored, never an error.
    expect((await t.get(`/plans/rates-test/periods/${H1}/reports?state=<script>&district=nowhere&list[]=x`, 'coordinator')).statusCode).toBe(200);
    // A refused answer keeps what was typed, beside the field and in the summary at the top.
    const longNote = await post('coordinator', `/plans/rates-test/periods/${H1}/consent/${communities[2]}`, { answer: 'declined', note: 'Лист '.repeat(300) });
    expect(longNote.statusCode).toBe(400);
    expect(longNote.body).toContain('<title>Помилка: ');
    expect(longNote.body).toContain(`href="#consent-${communities[2]}-note"`);
    expect(longNote.body).toMatch(new RegExp(`<option value="declined" selected[^>]*>відмовилися</option>`));
    expect(longNote.body).toContain('Лист Лист Лист');
    // "The lead first" is said only where a measure has a lead.
    const m12 = (await db.selectFrom('measure_versions').select('measure_id').where('plan_id', '=', 'rates-test').where('code', '=', '1.2').executeTakeFirstOrThrow()).measure_id;
    expect((await t.get(`/plans/rates-test/periods/${H1}/measures/${m12}`, 'coordinator')).body).not.toContain('Головний виконавець — першим');
    const m11 = (await db.selectFrom('measure_versions').select('measure_id').where('plan_id', '=', 'rates-test').where('code', '=', '1.1').executeTakeFirstOrThrow()).measure_id;
    expect((await t.get(`/plans/rates-test/periods/${H1}/measures/${m11}`, 'coordinator')).body).toContain('Головний виконавець — першим');
    // The supervisor reaches the period from the calendar, as the coordinator does.
    expect((await t.get('/plans/rates-test/calendar', 'supervisor')).body).toContain(`href="/plans/rates-test/periods/${H1}/reports"`);
    expect((await t.get('/plans/rates-test/calendar', 'executorA')).body).not.toContain('/periods/');
    // The supervisor sees the grid but records no answers.
    const supervisor = (await t.get(`/plans/rates-test/periods/${H1}/reports`, 'supervisor')).body;
    expect(supervisor).toContain('Повнота');
    expect(supervisor).not.toContain('Записати відповідь');
    expect((await post('supervisor', `/plans/rates-test/periods/${H1}/consent/${communities[2]}`, { answer: 'declined' })).statusCode).toBe(403);

    // One measure across its executors: the lead's entry first, then the others in Ukrainian order; drafts never.
    const measureId = (await db.selectFrom('measure_versions').select('measure_id').where('plan_id', '=', 'rates-test').where('code', '=', '1.1').executeTakeFirstOrThrow()).measure_id;
    const across = await t.get(`/plans/rates-test/periods/${H1}/measures/${measureId}`, 'coordinator');
    expect(across.statusCode).toBe(200);
    const order = [...across.body.matchAll(/<li class="entry entry--read[^"]*" id="org-([^"]+)"/g)].map((m) => m[1]);
    expect(order[0]).toBe(departments[0]);
    expect(order.slice(1)).toEqual(grid.rows.filter((r) => r.organisation.id !== departments[0] && !r.byConsent).map((r) => r.organisation.id));
    expect(across.body).toContain('головний виконавець');
    expect(across.body).toContain('вчасно');
    expect(across.body).toContain('запізно');
    expect(across.body).not.toContain('ЗМІСТ ЧЕРНЕТКИ');
    expect((await t.get(`/plans/rates-test/periods/${H1}/measures/${measureId}`, 'executorA')).statusCode).toBe(404);
    expect((await t.get(`/plans/rates-test/periods/${H1}/measures/999999`, 'coordinator')).statusCode).toBe(404);
    t.clock.set('2024-07-10T09:00:00.000Z');
  });
});
