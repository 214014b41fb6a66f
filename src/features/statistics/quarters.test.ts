import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { buildDocument } from '../consolidation/document.ts';
import { consolidate } from '../consolidation/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { periodByKey } from '../reports/service.ts';

/**
 * The half-year consolidation takes what the quarters' accepted statistical forms already say
 * (free legal aid, measure 4.6) instead of asking twice, and says so; until every quarter is
 * accepted, it says how many are counted; with none accepted, the executors' own figures stand.
 */

let t: TestApp;
const url = (q: string) => `/plans/${PLAN_609}/statistics/legal-aid/${q}/poltava-legal-aid-centre`;

async function post(who: string, path: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url: path, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}
async function submitAndAccept(q: string, persons: number, children: number, accept = true) {
  const fields = { 'cell.persons': String(persons), 'cell.consultations': String(persons * 2), 'cell.persons|age=children': String(children), 'cell.persons|age=adults': String(persons - children) };
  expect((await post('legalAid', `${url(q)}/submit`, { version: '0', ...fields })).statusCode).toBe(303);
  if (!accept) return;
  const page = await t.get(url(q), 'coordinator');
  const revision = /name="revision" value="(\d+)"/.exec(page.body)![1]!;
  expect((await post('coordinator', `${url(q)}/review`, { revision, decision: 'accept', comment: '' })).statusCode).toBe(303);
}
async function legalAidTotal() {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  const plan = (await getPlan(db, PLAN_609))!;
  const doc = buildDocument(await consolidate(db, directory, plan, periodByKey(plan, '2024-H1')!), {}, directory);
  const m = doc.goals.flatMap((g) => g.measures).find((x) => x.code === '4.6')!;
  return { total: m.totals.find((x) => x.name.startsWith('Осіб, яким надано безоплатну'))!, summary: m.summary };
}

beforeAll(async () => {
  t = await buildTestApp();
  t.users.legalAid = await makeUser(t.database.db, t.clock, 'executor', 'poltava-legal-aid-centre', { email: 'legal-aid@test.example' });
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe(`the half-year takes the quarters' figures, on ${DIALECT}`, () => {
  it('keeps the executors’ figures while no quarter is accepted', async () => {
    await submitAndAccept('2024-Q1', 7, 2, false);
    const { total } = await legalAidTotal();
    expect(total.source).toBeUndefined();
  });

  it('counts an accepted quarter and says the other is not yet accepted', async () => {
    const page = await t.get(url('2024-Q1'), 'coordinator');
    const revision = /name="revision" value="(\d+)"/.exec(page.body)![1]!;
    expect((await post('coordinator', `${url('2024-Q1')}/review`, { revision, decision: 'accept', comment: '' })).statusCode).toBe(303);
    await submitAndAccept('2024-Q2', 5, 1, false);
    const { total, summary } = await legalAidTotal();
    expect(total.source).toMatchObject({ quarters: 2, accepted: 1, expected: 2 });
    expect(total.byKind).toEqual([{ kind: 'territorial_body', total: 7, reporting: 1 }]);
    expect(summary).toContain('за 2 квартали; враховано 1 з 2 форм, решту ще не прийнято).');
  });

  it('sums the accepted quarters, by who submitted them, and says where the figures come from', async () => {
    const page = await t.get(url('2024-Q2'), 'coordinator');
    const revision = /name="revision" value="(\d+)"/.exec(page.body)![1]!;
    expect((await post('coordinator', `${url('2024-Q2')}/review`, { revision, decision: 'accept', comment: '' })).statusCode).toBe(303);
    const { total, summary } = await legalAidTotal();
    expect(total.source).toEqual({ form: 'Безоплатна правова допомога особам, які постраждали від торгівлі людьми', quarters: 2, accepted: 2, expected: 2, kind: 'form' });
    expect(total.byKind).toEqual([{ kind: 'territorial_body', total: 12, reporting: 1 }]);
    expect(summary).toContain('Осіб, яким надано безоплатну правничу допомогу — 12');
    expect(summary).toContain('(за даними статистичної форми «Безоплатна правова допомога особам, які постраждали від торгівлі людьми» за 2 квартали).');
  });

  it('does not ask the submitter again in its half-year report, and asks one that does not submit the form', async () => {
    const report = `/reports/${PLAN_609}/2024-H1/poltava-legal-aid-centre`;
    const asked = (body: string) => /<label for="e\d+-v\d+">\s*Осіб, яким надано безоплатну правничу допомогу/.test(body);
    let page = await t.get(report, 'legalAid');
    expect(page.statusCode).toBe(200);
    expect(asked(page.body)).toBe(false);
    expect(page.body).toContain('Цей показник ви подаєте у статистичній формі');
    expect(page.body).toContain(`href="/plans/${PLAN_609}/statistics"`);
    // The form submitted by someone else: the centre is asked again.
    const settings = `/plans/${PLAN_609}/statistics/legal-aid/settings`;
    expect((await post('coordinator', settings, { title: 'Безоплатна правова допомога', dueDay: '10', submitters: 'poltava-police' })).statusCode).toBe(303);
    page = await t.get(report, 'legalAid');
    expect(asked(page.body)).toBe(true);
    expect(page.body).not.toContain('Цей показник ви подаєте у статистичній формі');
  });
});
