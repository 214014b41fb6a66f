import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { determinedCells, type Sum } from '../../domain/suppression.ts';
import { groupedTotals } from '../consolidation/text.ts';
import { frozenDocument } from '../consolidation/versions.ts';
import { createDemoCycle } from '../demo/cycle.ts';
import { sentPeriods } from './service.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { consolidate } from '../consolidation/service.ts';
import { latestVersion, saveMeasureText } from '../consolidation/texts.ts';
import { approve, markSent, signOff, startCorrection } from '../consolidation/versions.ts';
import { databaseStorage } from '../files/service.ts';
import { addOfficial } from '../organisations/officials.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan, measureIdByCode } from '../plans/service.ts';
import { periodByKey } from '../reports/service.ts';

/**
 * A plan's public page (issue 17) shows what was published, to anyone, and never what must not
 * be: nothing of an unpublished plan, nothing of a version not sent, no executor's narrative or
 * reason, no review comment, no draft text, no single executor's value, no small count of people —
 * and the totals it shows let no hidden one be worked out. Cacheable (ETag, 304), gzip, small.
 */

let t: TestApp;
const P = `/p/${PLAN_609}`;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const anon = (url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> => t.app.inject({ method: 'GET', url, headers });
async function post(who: string, path: string, fields: Record<string, string>) {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url: path, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}

const PUBLIC_TEXT = 'Проведено інформаційні кампанії до Всесвітнього дня протидії торгівлі людьми в усіх громадах області.';

/** The information for 2023-H2 as the department sends it: a public text approved for 1.1, approved, signed off, sent. */
async function sendPeriod(key: string) {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  const plan = (await getPlan(db, PLAN_609))!;
  const period = periodByKey(plan, key)!;
  const measureIds = (await consolidate(db, directory, plan, period)).goals.flatMap((g) => g.measures.map((m) => m.measure.id));
  const m11 = (await measureIdByCode(db, PLAN_609, '1.1'))!;
  const draft = await latestVersion(db, plan.id, period.key);
  // Approved by a person (the coordinator), as the page records it.
  const coordinator = { ...SYSTEM_ACTOR, userId: t.users.coordinator!.id, organisationId: plan.coordinatorOrganisationId };
  expect(await saveMeasureText(db, t.clock, coordinator, plan, period, measureIds, m11, { summary: '', state: 'done', publicText: PUBLIC_TEXT, publicApproved: true, version: String(draft?.number ?? 1), revision: '0' })).toBeNull();
  const official = await addOfficial(db, t.clock, SYSTEM_ACTOR, plan.coordinatorOrganisationId, { position: 'Директор Департаменту', givenName: 'Ірина', surname: 'Тестова', phone: '' });
  if (!('id' in official)) throw new Error('official not added');
  expect(await approve(db, t.clock, databaseStorage(t.clock), SYSTEM_ACTOR, directory, plan, period, { signatoryId: official.id, confirmed: true })).toEqual({ number: 1 });
  expect(await signOff(db, t.clock, SYSTEM_ACTOR, plan, period, 1, '')).toBeNull();
  expect(await markSent(db, t.clock, databaseStorage(t.clock), SYSTEM_ACTOR, plan, period, 1, { sentNumber: '01-17/100', sentDate: '2024-07-16', signatory: 'Ірина ТЕСТОВА' })).toBeNull();
}

beforeAll(async () => {
  t = await buildTestApp();
  await createDemoCycle(t.database.db, t.clock);
  await sendPeriod('2023-H2');
  // A correction begun after it: a draft, never shown.
  const plan = (await getPlan(t.database.db, PLAN_609))!;
  await startCorrection(t.database.db, t.clock, SYSTEM_ACTOR, plan, periodByKey(plan, '2023-H2')!);
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe(`the public page of a plan, on ${DIALECT}`, () => {
  it('shows nothing of a plan that is not published, the same as of none', async () => {
    for (const url of [P, `${P}/feed.atom`, `${P}/data.json`, `${P}/data.csv`, `${P}/2023-H2`, '/p/no-such-plan']) expect((await anon(url)).statusCode, url).toBe(404);
  });

  it('is published by the plan’s coordinator only, with a note refused when too long', async () => {
    expect((await post('executorA', `/plans/${PLAN_609}/publication`, { note: 'x' })).statusCode).toBe(403);
    expect((await post('supervisor', `/plans/${PLAN_609}/publication`, { note: 'x' })).statusCode).toBe(403);
    const long = await post('coordinator', `/plans/${PLAN_609}/publication`, { note: 'я'.repeat(3001) });
    expect(long.statusCode).toBe(400);
    expect(text(long.body)).toContain('Звернення має бути не довшим за 3000 символів');
    expect((await anon(P)).statusCode).toBe(404);
    const ok = await post('coordinator', `/plans/${PLAN_609}/publication`, { note: 'Потрібна допомога? Телефонуйте на національну гарячу лінію 1547.\n\nДні інформування: 30 липня, 18 жовтня, 2 грудня.' });
    expect(ok.statusCode).toBe(303);
    expect((await anon(P)).statusCode).toBe(200);
  });

  it('shows the plan, the note and the latest sent information — and none of what must not be', async () => {
    const db = t.database.db;
    const sent = await sentPeriods(db, PLAN_609);
    expect(sent.length).toBeGreaterThan(0);
    const res = await anon(P);
    const body = text(res.body);
    expect(body).toContain('гарячу лінію 1547');
    expect(body).toContain(PUBLIC_TEXT);
    expect(body).toMatch(/Стан виконання — за інформацією за .+ року, надісланою \d{2}\.\d{2}\.\d{4}/);
    expect(res.body).not.toMatch(/<script/i);
    expect(res.body).not.toMatch(/<form/i);
    // Nothing an executor wrote, no reason, no comment, no draft: compared with the frozen document's own texts.
    const doc = (await frozenDocument(db, sent[0]!.versionId))!;
    const secrets = doc.goals.flatMap((g) => g.measures.flatMap((m) => [...m.sources.flatMap((s) => [s.narrative, s.reason ?? '']), m.draftText ?? '', ...m.draft.map((d) => d.text), m.edited ? m.summary : ''])).filter((x) => x.trim().length > 30);
    expect(secrets.length).toBeGreaterThan(10);
    for (const s of secrets) expect(body, s.slice(0, 60)).not.toContain(text(s).slice(0, 60));
    const comments = await db.selectFrom('report_reviews').select('comment').execute();
    for (const c of comments.filter((x) => x.comment.length > 20)) expect(body).not.toContain(c.comment.slice(0, 40));
    // No single executor's value: the executors' values in the frozen document are never printed next to their names.
    for (const g of doc.goals) for (const m of g.measures) for (const s of m.sources) expect(body).not.toContain(`${s.organisation} — `);
    // A draft version (a correction begun after the sent one) is not what is shown.
    const drafts = await db.selectFrom('consolidation_versions').select(['id', 'state']).where('plan_id', '=', PLAN_609).where('state', '!=', 'sent').execute();
    for (const d of drafts) expect(sent.map((x) => x.versionId)).not.toContain(Number(d.id));
  });

  it('hides small counts of people so that no hidden one can be worked out from what is shown', async () => {
    const json = JSON.parse((await anon(`${P}/data.json`)).body) as { rows: { measure: string; indicator: string; group: string; value: number | null; hidden: boolean }[] };
    const doc = (await frozenDocument(t.database.db, (await sentPeriods(t.database.db, PLAN_609))[0]!.versionId))!;
    // Every shown value equals the true one; every hidden value is undetermined by the shown ones and the sums.
    const hidden = new Set<string>();
    const sums: Sum[] = [];
    for (const g of doc.goals)
      for (const m of g.measures)
        m.totals.forEach((total) => {
          const groups = groupedTotals(total);
          const rows = json.rows.filter((r) => r.measure === m.code && r.indicator === total.name);
          for (const x of groups) {
            const r = rows.find((y) => y.group === x.group)!;
            const id = `${m.code}/${total.name}/${x.group}`;
            if (r.value === null) hidden.add(id);
            else {
              expect(r.value).toBe(x.total);
            }
            if (total.sensitive && r.value !== null) expect(r.value === 0 || r.value >= (total.threshold ?? 5), id).toBe(true);
          }
          if (total.grand !== null) {
            const r = rows.find((y) => y.group === 'total')!;
            const id = `${m.code}/${total.name}/total`;
            if (r.value === null) hidden.add(id);
            sums.push({ total: id, members: groups.map((x) => `${m.code}/${total.name}/${x.group}`) });
          }
        });
    expect(hidden.size).toBeGreaterThan(0);
    // Sums whose every cell is shown say nothing new; the rest are what an attacker has.
    expect(determinedCells(sums, hidden)).toEqual([]);
  });

  it('is cacheable and small: a strong ETag answered by 304, gzip when asked, under 100 KB with its stylesheet', async () => {
    const first = await anon(P);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect((await anon(P, { 'if-none-match': etag })).statusCode).toBe(304);
    const zipped = await anon(P, { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(first.body);
    const css = await anon(/href="(\/assets\/styles\.css[^"]*)"/.exec(first.body)![1]!);
    expect(first.rawPayload.length + css.rawPayload.length).toBeLessThan(100 * 1024);
  });

  it('has an Atom feed of the sent information and open data with its schema', async () => {
    const feed = await anon(`${P}/feed.atom`);
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    const sent = await sentPeriods(t.database.db, PLAN_609);
    expect((feed.body.match(/<entry>/g) ?? []).length).toBe(sent.length);
    expect(feed.body).toContain('<title>Інформація про виконання за ');
    const csv = await anon(`${P}/data.csv`);
    expect(csv.body.split('\r\n')[0]).toBe('\ufeffgoal,goal_title,measure,title,deadline,executors,state,public_text,indicator,unit,group,value,hidden');
    const schema = JSON.parse((await anon(`${P}/data-schema.json`)).body);
    const json = JSON.parse((await anon(`${P}/data.json`)).body);
    expect(Object.keys(json.rows[0]).sort()).toEqual(Object.keys(schema.properties.rows.items.properties).sort());
    // A period's own page, and a period not sent: 404.
    expect((await anon(`${P}/${sent[0]!.periodKey}`)).statusCode).toBe(200);
    expect((await anon(`${P}/2030-H1`)).statusCode).toBe(404);
  });

  it('is gone when the coordinator takes it down', async () => {
    expect((await post('coordinator', `/plans/${PLAN_609}/publication`, { action: 'unpublish' })).statusCode).toBe(303);
    expect((await anon(P)).statusCode).toBe(404);
    expect((await anon(`${P}/data.json`)).statusCode).toBe(404);
  });
});
