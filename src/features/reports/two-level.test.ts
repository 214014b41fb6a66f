import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { loadReport, saveEntry, submitReport } from './service.ts';

/**
 * The two-level cycle (issue 17), end to end over HTTP: the coordinator turns it on; a community
 * submits to its district (the district is told, not the coordinator); the coordinator cannot
 * decide while it is with the district; the district returns it with a comment, the community
 * fixes and resubmits, the district passes it on, the coordinator accepts. Another district cannot
 * touch it; a withdrawal and a forwarding fired together from two instances take one.
 */

const H1 = '2024-H1';
let t: TestApp;
let twin: FastifyInstance;
let community: string;
let second: string;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const url = (org: string) => `/reports/${PLAN_609}/${H1}/${org}`;
async function post(who: string, path: string, fields: Record<string, string> = {}, app: FastifyInstance = t.app): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return app.inject({ method: 'POST', url: path, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}
const row = (org: string) => t.database.db.selectFrom('reports').selectAll().where('plan_id', '=', PLAN_609).where('period_key', '=', H1).where('organisation_id', '=', org).executeTakeFirstOrThrow();

async function fillAndSubmit(organisationId: string, narrative: string) {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  let view = (await loadReport(db, directory, t.clock, PLAN_609, H1, organisationId))!;
  for (const m of view.measures) {
    await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state: 'done', reason: '', narrative, links: '', values: {} }, { onBehalf: false });
    view = (await loadReport(db, directory, t.clock, PLAN_609, H1, organisationId))!;
  }
  expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
}

beforeAll(async () => {
  t = await buildTestApp();
  twin = await t.twin();
  const db = t.database.db;
  const mine = await db.selectFrom('organisations').select('id').where('parent_id', '=', 'poltava-district-ma').where('kind', '=', 'community').orderBy('id').execute();
  community = mine[0]!.id;
  second = mine[1]!.id;
  t.users.district = await makeUser(db, t.clock, 'executor', 'poltava-district-ma', { email: 'rva@test.example' });
  t.users.otherDistrict = await makeUser(db, t.clock, 'executor', 'kremenchuk-district-ma', { email: 'krem@test.example' });
  t.users.community = await makeUser(db, t.clock, 'executor', community, { email: 'gromada@test.example' });
  t.users.secondCommunity = await makeUser(db, t.clock, 'executor', second, { email: 'gromada2@test.example' });
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe(`the two-level cycle, on ${DIALECT}`, () => {
  it('is turned on by the coordinator with the district’s day, checked beside the field', async () => {
    const bad = await post('coordinator', `/plans/${PLAN_609}/calendar/cycle`, { districtReview: 'on', districtDueDay: '20' });
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('Строк для району має бути раніше за 15 число');
    expect(bad.body).toContain('id="districtDueDay"');
    expect((await post('coordinator', `/plans/${PLAN_609}/calendar/cycle`, { districtReview: 'on', districtDueDay: 'abc' })).statusCode).toBe(400);
    expect((await post('executorA', `/plans/${PLAN_609}/calendar/cycle`, { districtReview: 'on', districtDueDay: '10' })).statusCode).toBe(403);
    const ok = await post('coordinator', `/plans/${PLAN_609}/calendar/cycle`, { districtReview: 'on', districtDueDay: '10' });
    expect(ok.statusCode).toBe(303);
    expect(await t.database.db.selectFrom('plans').select(['district_review', 'district_due_day']).where('id', '=', PLAN_609).executeTakeFirstOrThrow()).toEqual({ district_review: 1, district_due_day: 10 });
    expect(text((await t.get(`/plans/${PLAN_609}/calendar`, 'coordinator')).body)).toContain('подають звіт їй до 10 числа');
  });

  it('sends a community’s report to its district first: told there, not decided by the coordinator', async () => {
    const own = text((await t.get(url(community), 'community')).body);
    expect(own).toContain('Звіт спершу розглядає Полтавська районна військова адміністрація: подати його треба до 10.07.2024');
    // One deadline, the district's, on the community's own page.
    expect(own).not.toContain('15.07.2024');
    await fillAndSubmit(community, 'Проведено зустрічі в громаді.');
    const mail = await t.database.db.selectFrom('outbox').select(['to_address']).where('kind', '=', 'report.submitted').execute();
    expect(mail.map((m) => m.to_address)).toContain('rva@test.example');
    expect(mail.map((m) => m.to_address)).not.toContain('coordinator@test.example');
    expect(text((await t.get('/', 'district')).body)).toContain('1 звіт чекає вашого розгляду');
    const grid = await t.get(`/plans/${PLAN_609}/periods/${H1}/reports`, 'coordinator');
    const line = grid.body.slice(grid.body.indexOf(`id="org-${community}"`), grid.body.indexOf('</tr>', grid.body.indexOf(`id="org-${community}"`)));
    expect(text(line)).toContain('у районі');
    // The district's home leads to exactly the reports waiting for it.
    const waiting = await t.get(`/plans/${PLAN_609}/periods/${H1}/reports?list=with-district`, 'district');
    expect(waiting.body).toContain(`id="org-${community}"`);
    expect((waiting.body.match(/id="org-/g) ?? []).length).toBe(1);
    const coordinatorPage = await t.get(url(community), 'coordinator');
    expect(text(coordinatorPage.body)).toContain('Чекає розгляду району');
    expect(coordinatorPage.body).not.toContain('/review"');
    const refused = await post('coordinator', `${url(community)}/review`, { decision: 'accept', comment: '' });
    expect(refused.statusCode).toBe(409);
    expect(text(refused.body)).toContain('Звіт ще розглядає район');
    expect((await row(community)).state).toBe('submitted');
    // Another district: not its community (404); the community itself: not a reviewer (403).
    expect((await post('otherDistrict', `${url(community)}/district-review`, { decision: 'accept' })).statusCode).toBe(404);
    expect((await post('community', `${url(community)}/district-review`, { decision: 'accept' })).statusCode).toBe(403);
  });

  it('lets the district return it with a comment, the community fix it, the district pass it on and the coordinator accept it', async () => {
    const page = await t.get(url(community), 'district');
    expect(page.body).toContain('/district-review"');
    expect(text(page.body)).toContain('Прийняти і передати координатору');
    const empty = await post('district', `${url(community)}/district-review`, { decision: 'return', comment: '' });
    expect(empty.statusCode).toBe(400);
    const returned = await post('district', `${url(community)}/district-review`, { decision: 'return', comment: 'Додайте кількість учасників зустрічей.' });
    expect(returned.statusCode).toBe(303);
    expect((await row(community)).state).toBe('returned');
    expect(text((await t.get(url(community), 'community')).body)).toContain('Додайте кількість учасників зустрічей.');
    await fillAndSubmit(community, 'Проведено 4 зустрічі, 85 учасників.');
    expect((await row(community)).forwarded_at).toBeNull();
    const forwarded = await post('district', `${url(community)}/district-review`, { decision: 'accept', comment: '' });
    expect(forwarded.statusCode).toBe(303);
    expect(String(forwarded.headers.location)).toContain('reviewed=forwarded');
    const after = await row(community);
    expect(after.forwarded_at).not.toBeNull();
    // Passing on is the district's act, not a save of the community's.
    expect(after.updated_at).toBe(after.submitted_at);
    // Passed on: the district has nothing left to do, the community cannot take it back.
    expect((await post('district', `${url(community)}/district-review`, { decision: 'accept' })).statusCode).toBe(409);
    expect((await post('community', `${url(community)}/withdraw`)).statusCode).toBe(409);
    const coordinatorMail = await t.database.db.selectFrom('outbox').select('to_address').where('kind', '=', 'report.submitted').where('to_address', '=', 'coordinator@test.example').execute();
    expect(coordinatorMail.length).toBe(1);
    expect(text((await t.get(url(community), 'coordinator')).body)).toContain('Район передав його координатору');
    const accepted = await post('coordinator', `${url(community)}/review`, { decision: 'accept', comment: '' });
    expect(accepted.statusCode).toBe(303);
    expect((await row(community)).state).toBe('accepted');
    const events = await t.database.db.selectFrom('audit_events').select('action').where('action', 'in', ['report.forwarded', 'report.returned', 'report.accepted']).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['report.returned', 'report.forwarded', 'report.accepted']);
  });

  it('takes one of a withdrawal and a forwarding fired together from two instances', async () => {
    await fillAndSubmit(second, 'Проведено лекції.');
    const [forward, withdraw] = await Promise.all([post('district', `${url(second)}/district-review`, { decision: 'accept' }), post('secondCommunity', `${url(second)}/withdraw`, {}, twin)]);
    const r = await row(second);
    const forwardedWon = forward.statusCode === 303;
    const withdrawnWon = withdraw.statusCode === 303;
    expect(forwardedWon !== withdrawnWon, `forward ${forward.statusCode}, withdraw ${withdraw.statusCode}`).toBe(true);
    if (forwardedWon) expect([r.state, r.forwarded_at !== null]).toEqual(['submitted', true]);
    else expect([r.state, r.forwarded_at]).toEqual(['draft', null]);
  });

  it('leaves a plan without the cycle as it was: the coordinator decides straight away', async () => {
    expect((await post('coordinator', `/plans/${PLAN_609}/calendar/cycle`, {})).statusCode).toBe(303);
    const third = (await t.database.db.selectFrom('organisations').select('id').where('parent_id', '=', 'poltava-district-ma').where('kind', '=', 'community').orderBy('id').execute())[2]!.id;
    await fillAndSubmit(third, 'Проведено навчання.');
    expect(text((await t.get(url(third), 'coordinator')).body)).not.toContain('Чекає розгляду району');
    expect((await post('coordinator', `${url(third)}/review`, { decision: 'accept', comment: '' })).statusCode).toBe(303);
  });
});
