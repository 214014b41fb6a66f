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
 * accepted, the executors' own figures stand.
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
  it('keeps the executors’ figures while a quarter is not accepted', async () => {
    await submitAndAccept('2024-Q1', 7, 2);
    await submitAndAccept('2024-Q2', 5, 1, false);
    const { total } = await legalAidTotal();
    expect(total.source).toBeUndefined();
  });

  it('sums the accepted quarters, by who submitted them, and says where the figures come from', async () => {
    const page = await t.get(url('2024-Q2'), 'coordinator');
    const revision = /name="revision" value="(\d+)"/.exec(page.body)![1]!;
    expect((await post('coordinator', `${url('2024-Q2')}/review`, { revision, decision: 'accept', comment: '' })).statusCode).toBe(303);
    const { total, summary } = await legalAidTotal();
    expect(total.source).toEqual({ form: 'Безоплатна правова допомога особам, які постраждали від торгівлі людьми', quarters: 2 });
    expect(total.byKind).toEqual([{ kind: 'territorial_body', total: 12, reporting: 1 }]);
    expect(summary).toContain('Осіб, яким надано безоплатну правничу допомогу — 12');
    expect(summary).toContain('(за даними статистичної форми «Безоплатна правова допомога особам, які постраждали від торгівлі людьми» за 2 квартали).');
  });
});
