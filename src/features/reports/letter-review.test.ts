import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser, signIn } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { periodGrid, ratesOf, recordConsent } from './period.ts';
import { loadReport, periodByKey, reportsOwedBy, saveEntry, submitReport } from './service.ts';

/**
 * A report entered by the coordinator from a letter: judged by the letter's date, shown with it,
 * and reviewed with words for the coordinator; a resubmission says what it answers.
 */

const H1 = '2024-H1';
const url = (org: string) => `/reports/${PLAN_609}/${H1}/${org}`;
const GRID = `/plans/${PLAN_609}/periods/${H1}/reports`;

let t: TestApp;

async function post(who: string, path: string, fields: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url: path, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}

/** The visible text of an HTML fragment: tags dropped, spaces collapsed. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
const row = (html: string, org: string) => new RegExp(`<tr id="org-${org}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';

/** The coordinator enters an organisation's report from its letter and submits it, at the clock's time. */
async function enterFromLetter(org: string, letterNumber: string, letterDate: string) {
  expect((await post('coordinator', `${url(org)}/on-behalf`, { letterNumber, letterDate })).statusCode).toBe(303);
  const db = t.database.db;
  const directory = await loadDirectory(db);
  const actor = { ...SYSTEM_ACTOR, userId: t.users.coordinator!.id };
  let view = (await loadReport(db, directory, t.clock, PLAN_609, H1, org))!;
  for (const m of view.measures) {
    expect((await saveEntry(db, t.clock, actor, view, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state: 'done', narrative: `За листом: ${m.code}` }, { onBehalf: true })).kind).toBe('saved');
    view = (await loadReport(db, directory, t.clock, PLAN_609, H1, org))!;
  }
  expect((await submitReport(db, t.clock, actor, view, { onBehalf: true })).kind).toBe('submitted');
}

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-10T09:00:00.000Z' });
});
afterAll(async () => {
  await t.close();
});

describe(`a report entered from a letter is judged by the letter's date, on ${DIALECT}`, () => {
  it('counts a letter dated by the deadline as on time though it was typed in later, shows that letter, and a later letter as late', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const plan = (await getPlan(db, PLAN_609))!;
    const period = periodByKey(plan, H1)!;
    expect(period.executorDeadline.date).toBe('2024-07-15');
    const [early, late] = directory.group('local-self-government')!.memberIds.slice(2, 4) as [string, string];
    // The coordinator asked the community for its report by a letter of its own (a consent request).
    const grid0 = await periodGrid(db, directory, plan, period);
    expect(await recordConsent(db, t.clock, SYSTEM_ACTOR, grid0, early, { answer: 'asked', note: 'Запит від 01.07.2024 № 77' })).toBeNull();

    // The community's letter is dated 12.07, on time; the coordinator types it in on 22.07.
    t.clock.set('2024-07-22T09:00:00.000Z');
    await enterFromLetter(early, '01-12/1', '2024-07-12');
    // Another's letter is dated 16.07, after the deadline.
    await enterFromLetter(late, '01-12/2', '2024-07-16');

    const grid = await periodGrid(db, directory, plan, period);
    const onTime = grid.rows.find((r) => r.organisation.id === early)!;
    expect(onTime).toMatchObject({ onBehalf: true, onTime: true, late: false });
    expect(grid.rows.find((r) => r.organisation.id === late)).toMatchObject({ onBehalf: true, onTime: false, late: true });
    const rates = ratesOf(grid.rows);
    expect(rates.byConsent).toMatchObject({ submitted: 2, onTime: 1 });

    // The submission is not marked late; the report page says neither "late" nor "overdue".
    const subs = (await loadReport(db, directory, t.clock, PLAN_609, H1, early))!.submissions;
    expect(subs.map((s) => s.late)).toEqual([false]);
    expect((await loadReport(db, directory, t.clock, PLAN_609, H1, late))!.submissions.map((s) => s.late)).toEqual([true]);
    const reportPage = text((await t.get(url(early), 'coordinator')).body);
    expect(reportPage).not.toContain('із запізненням');
    expect(reportPage).not.toContain('строк минув');

    // The grid shows the letter the report came by, on time; not the consent request's letter.
    const page = (await t.get(GRID, 'coordinator')).body;
    const cells = text(row(page, early));
    expect(cells).toContain('лист № 01-12/1 від 12.07.2024');
    expect(cells).toContain('вчасно');
    expect(cells).not.toContain('із запізненням');
    expect(cells).not.toContain('01.07.2024');
    expect(text(row(page, late))).toContain('лист № 01-12/2 від 16.07.2024');
    expect(text(row(page, late))).toContain('із запізненням');

    // The organisation's own list agrees.
    const own = await reportsOwedBy(db, directory, t.clock, early);
    expect(own.find((r) => r.plan.id === PLAN_609 && r.period.key === H1)).toMatchObject({ late: false, onBehalf: true });
    t.clock.set('2024-07-10T09:00:00.000Z');
  });
});

describe(`reviewing a report the coordinator entered from a letter, on ${DIALECT}`, () => {
  it('is worded for the coordinator: whose entry it is, from which letter, and a return to themselves', async () => {
    const directory = await loadDirectory(t.database.db);
    const org = directory.group('local-self-government')!.memberIds[2]!;
    const name = directory.organisation(org)!.name;
    const page = text((await t.get(url(org), 'coordinator')).body);
    expect(page).toContain(`Звіт внесено вами з листа № 01-12/1 від 12.07.2024; організація — ${name}.`);
    // Nothing said as if to the executor who wrote it.
    expect(page).not.toContain('Прочитайте звіт за заходами');
    expect(page).not.toContain('Повернути на доопрацювання');
    expect(page).toContain('Повернути собі на виправлення');
    const returned = await post('coordinator', `${url(org)}/review`, { decision: 'return', comment: 'Звірити кількість заходів із листом.' });
    expect(returned.statusCode).toBe(303);
    const after = text((await t.get(`${url(org)}?reviewed=returned`, 'coordinator')).body);
    expect(after).not.toContain('Виконавець побачить');
    expect(after).toContain('Звіт повернуто вам на виправлення');
    // Another coordinator of the plan reads whose entry it is by name.
    const other = await signIn(t.app, t.clock, await makeUser(t.database.db, t.clock, 'coordinator', 'poltava-ova-social-protection', { email: 'colleague@test.example', displayName: 'Ірина Коваль' }));
    const second = directory.group('local-self-government')!.memberIds[3]!;
    const colleague = text((await t.app.inject({ method: 'GET', url: url(second), cookies: other.cookies })).body);
    const enterer = (await t.database.db.selectFrom('users').select('display_name').where('id', '=', t.users.coordinator!.id).executeTakeFirstOrThrow()).display_name;
    expect(colleague).toContain(`Звіт внесено з листа № 01-12/2 від 16.07.2024 (вніс координатор: ${enterer}); організація — ${directory.organisation(second)!.name}.`);
  });
});

describe(`reviewing a resubmission, on ${DIALECT}`, () => {
  it('says at the top which version it is and the return it answers, with the comparison beside', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const org = 'poltava-police';
    t.clock.set('2024-07-11T09:00:00.000Z');
    let view = (await loadReport(db, directory, t.clock, PLAN_609, H1, org))!;
    for (const m of view.measures) {
      expect((await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state: 'done', narrative: `Поліція: ${m.code}` }, { onBehalf: false })).kind).toBe('saved');
      view = (await loadReport(db, directory, t.clock, PLAN_609, H1, org))!;
    }
    expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
    // The first version is just a version: nothing about a return.
    expect(text((await t.get(url(org), 'coordinator')).body)).not.toContain('після повернення');
    t.clock.set('2024-12-03T08:00:00.000Z');
    expect((await post('coordinator', `${url(org)}/review`, { decision: 'return', comment: 'Уточніть.' })).statusCode).toBe(303);
    t.clock.set('2024-12-05T08:00:00.000Z');
    view = (await loadReport(db, directory, t.clock, PLAN_609, H1, org))!;
    const m = view.measures[0]!;
    expect((await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(view.entries.get(m.id)!.version), narrative: 'Поліція: уточнено.' }, { onBehalf: false })).kind).toBe('saved');
    view = (await loadReport(db, directory, t.clock, PLAN_609, H1, org))!;
    expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');

    const body = (await t.get(url(org), 'coordinator')).body;
    const top = body.slice(0, body.indexOf('id="submitted-title"'));
    expect(text(top)).toContain('Версія 2, після повернення 03.12.2024');
    expect(top).toContain(`href="${url(org)}/compare?from=1&amp;to=2"`);
    t.clock.set('2024-07-10T09:00:00.000Z');
  });
});
