import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import os from 'node:os';
import path from 'node:path';
import { officeToPdf, pdfPagePng, pdfText, zipPart } from '../../../test/support/office.ts';
import { formCells, type StatFormDefinition } from '../../domain/statistics.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { addOfficial } from '../organisations/officials.ts';
import { getForm } from './service.ts';
import { buildDocument } from '../consolidation/document.ts';
import { consolidate } from '../consolidation/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { periodByKey } from '../reports/service.ts';

/**
 * The quarterly reconciliation of children between the police and the children's service, through
 * HTTP: crafted submissions that differ, the differences side by side with the year so far, a
 * comment refused for naming a child, a correction by one side (a new version) that voids the
 * other's earlier confirmation, both confirming, the protocol made, opened and rendered, and a
 * reopening that keeps it. No one else sees it.
 */

const Q = '2024-Q2';
const URL = `/plans/${PLAN_609}/statistics/reconciliations/children-police-css/${Q}`;
const POLICE = `/plans/${PLAN_609}/statistics/victims-identified/${Q}/poltava-police`;
const CSS = `/plans/${PLAN_609}/statistics/children-identified/${Q}/poltava-ova-children`;
let t: TestApp;
let police: StatFormDefinition;
let css: StatFormDefinition;

type Person = Record<string, string>;
function figuresOf(form: StatFormDefinition, people: Person[]): Record<string, string> {
  const out: Record<string, number> = Object.fromEntries(formCells(form).map((c) => [c.id, 0]));
  for (const person of people) for (const c of formCells(form)) if (c.at.every(([d, v]) => person[d] === v)) out[c.id]! += 1;
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [`cell.${k}`, String(v)]));
}
const child = (district: string, exploitation: string, sex = 'female'): Person => ({ age: 'children', sex, exploitation, scope: 'internal', district });
const adult = (district: string): Person => ({ age: 'adults', sex: 'male', exploitation: 'labour', scope: 'cross-border', district });

async function post(who: string, url: string, fields: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}
async function submit(who: string, url: string, fields: Record<string, string>) {
  const page = await t.get(url, who);
  const revision = /name="version" value="(\d+)"/.exec(page.body)![1]!;
  const r = await post(who, `${url}/submit`, { revision, ...fields });
  expect(r.statusCode, r.body.slice(0, 300)).toBe(303);
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="(\\d+)"`).exec(html)![1]!;

beforeAll(async () => {
  t = await buildTestApp();
  police = (await getForm(t.database.db, PLAN_609, 'victims-identified'))!.definition;
  css = (await getForm(t.database.db, PLAN_609, 'children-identified'))!.definition;
  t.users.community = await makeUser(t.database.db, t.clock, 'executor', 'community-reshetylivska', { email: 'rada@test.example' });
  await addOfficial(t.database.db, t.clock, SYSTEM_ACTOR, 'poltava-police', { position: 'Начальник Головного управління Національної поліції в Полтавській області', givenName: 'Петро', surname: 'Вигаданий', phone: '' });
  // The first quarter: both agree (one child in Poltava district).
  await submit('executorA', `/plans/${PLAN_609}/statistics/victims-identified/2024-Q1/poltava-police`, figuresOf(police, [child('poltava-district-ma', 'sexual'), adult('lubny-district-ma')]));
  await submit('executorB', `/plans/${PLAN_609}/statistics/children-identified/2024-Q1/poltava-ova-children`, figuresOf(css, [child('poltava-district-ma', 'sexual')]));
  // The second: the police have a child in Kremenchuk (begging), the service in Lubny (labour).
  await submit('executorA', POLICE, figuresOf(police, [child('poltava-district-ma', 'sexual'), child('kremenchuk-district-ma', 'begging', 'male'), adult('poltava-district-ma')]));
  await submit('executorB', CSS, figuresOf(css, [child('poltava-district-ma', 'sexual'), child('lubny-district-ma', 'labour', 'male')]));
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe(`the police ↔ children's service reconciliation, on ${DIALECT}`, () => {
  it('shows every difference side by side, with the year so far; no one outside sees it', async () => {
    const page = await t.get(URL, 'executorA');
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain('Усього дітей 2 2 0 3 3 0');
    expect(body).toContain('Район: Кременчуцький 1 0 +1 1 0 +1');
    expect(body).toContain('Район: Лубенський 0 1 -1 0 1 -1');
    expect(body).toContain('Форма експлуатації: залучення до жебракування 1 0 +1');
    expect(body).toContain('Форма експлуатації: трудова експлуатація 0 1 -1');
    expect(body).toContain('4 рядки з розбіжностями');
    // Adults are the police's own business: not in the reconciliation.
    expect(body).not.toContain('дорослі');
    expect((await t.get(URL, 'executorB')).statusCode).toBe(200);
    const viewed = async () => (await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'stats.viewed').execute()).length;
    const before = await viewed();
    expect((await t.get(URL, 'coordinator')).statusCode).toBe(200);
    // The coordinator sees exact figures of both: audited; a side seeing the other's compared rows is the reconciliation itself.
    expect(await viewed()).toBe(before + 1);
    await t.get(URL, 'executorA');
    expect(await viewed()).toBe(before + 1);
    expect((await t.get(URL, 'supervisor')).statusCode).toBe(200);
    expect((await t.get(URL, 'community')).statusCode).toBe(404);
    expect((await t.get(URL, 'admin')).statusCode).toBe(404);
    expect((await post('community', `${URL}/comment`, { row: 'x', text: 'y' })).statusCode).toBe(404);
  });

  it('refuses a comment that names a child, keeping what was typed; takes one about counts', async () => {
    const page = await t.get(URL, 'executorA');
    const row = /<option value="([^"]+)"[^>]*>Район: Кременчуцький/.exec(page.body)![1]!;
    const typed = 'Дитина Петренко Іван Олегович, 2012 р.н., мешкає: вул. Соборна, 5';
    const refused = await post('executorA', `${URL}/comment`, { row, text: typed });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/id="comment-text-error"[^>]*>[\s\S]*?схоже на дані про особу \(ім’я, дата народження, адреса\)/);
    expect(refused.body).toContain('Петренко Іван Олегович');
    expect(await t.database.db.selectFrom('stat_reconciliation_comments').select('id').execute()).toHaveLength(0);
    expect((await post('executorA', `${URL}/comment`, { row: 'not-a-row', text: 'Розбіжність' })).statusCode).toBe(400);
    const ok = await post('executorA', `${URL}/comment`, { row, text: 'Одну дитину враховано за місцем виявлення (Кременчуцький район), а не проживання; уточнимо.' });
    expect(ok.statusCode).toBe(303);
    expect(text((await t.get(URL, 'executorB')).body)).toContain('за місцем виявлення (Кременчуцький район)');
  });

  it('a correction by one side voids the other’s confirmation; both confirm the new figures and it closes once', async () => {
    // The police confirm the figures as they stand.
    let page = await t.get(URL, 'executorA');
    expect((await post('executorA', `${URL}/confirm`, { leftVersion: hidden(page.body, 'leftVersion'), rightVersion: hidden(page.body, 'rightVersion') })).statusCode).toBe(303);
    expect(text((await t.get(URL, 'executorB')).body)).toMatch(/ГУНП в Полтавській області: підтверджено/);

    // The police correct their figures (returned by the coordinator, resubmitted: version 2).
    const review = await t.get(POLICE, 'coordinator');
    expect((await post('coordinator', `${POLICE}/review`, { revision: hidden(review.body, 'revision'), decision: 'return', comment: 'Уточніть район за звіркою' })).statusCode).toBe(303);
    await submit('executorA', POLICE, figuresOf(police, [child('poltava-district-ma', 'sexual'), child('lubny-district-ma', 'labour', 'male'), adult('poltava-district-ma')]));
    page = await t.get(URL, 'executorB');
    expect(text(page.body)).toContain('Розбіжностей немає.');
    expect(text(page.body)).toMatch(/ГУНП в Полтавській області: підтверджувала попередні дані/);

    // A confirmation from a page showing the old figures is not taken.
    expect((await post('executorB', `${URL}/confirm`, { leftVersion: '1', rightVersion: '1' })).statusCode).toBe(409);
    expect((await post('executorB', `${URL}/confirm`, { leftVersion: hidden(page.body, 'leftVersion'), rightVersion: hidden(page.body, 'rightVersion') })).statusCode).toBe(303);
    expect((await t.database.db.selectFrom('stat_reconciliation_periods').select('state').executeTakeFirstOrThrow()).state).toBe('open');
    page = await t.get(URL, 'executorA');
    const closed = await post('executorA', `${URL}/confirm`, { leftVersion: hidden(page.body, 'leftVersion'), rightVersion: hidden(page.body, 'rightVersion') });
    expect(closed.statusCode).toBe(303);
    expect(closed.headers.location).toContain('done=closed');
    expect((await t.database.db.selectFrom('stat_reconciliation_periods').select('state').executeTakeFirstOrThrow()).state).toBe('closed');
    expect(await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'stats.reconciliation_closed').execute()).toHaveLength(1);
    expect(await t.database.db.selectFrom('stat_reconciliation_protocols').select('number').execute()).toEqual([{ number: 1 }]);
  });

  it('counts the closed quarter for measure 2.1 (“Проведено звірок”), and does not ask its parties again', async () => {
    const report = await t.get(`/reports/${PLAN_609}/2024-H1/poltava-police`, 'executorA');
    expect(report.statusCode).toBe(200);
    expect(report.body).not.toMatch(/<label for="e\d+-v\d+">\s*Проведено звірок статистичних даних/);
    expect(text(report.body)).toContain('Цей показник Звіт рахує сам — за квартальними звірками');
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const plan = (await getPlan(db, PLAN_609))!;
    const doc = buildDocument(await consolidate(db, directory, plan, periodByKey(plan, '2024-H1')!), {}, directory);
    const m = doc.goals.flatMap((g) => g.measures).find((x) => x.code === '2.1')!;
    const total = m.totals.find((x) => x.name === 'Проведено звірок статистичних даних')!;
    expect(total.source).toMatchObject({ kind: 'reconciliation', accepted: 1, quarters: 2 });
    expect(total.byKind.reduce((n, k) => n + k.total, 0)).toBe(2);
    expect(m.summary).toContain('(за даними Звіту: «Звірка кількості дітей, які постраждали від торгівлі людьми» — завершено 1 з 2 квартальних звірок).');
  });

  it('makes the protocol: requisites, the figures, both signature blocks, no one’s name but the signatories’', async () => {
    const page = await t.get(URL, 'supervisor');
    expect(text(page.body)).toContain('Акт № 1 від');
    const file = await t.get(`${URL}/protocols/1`, 'executorB');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const xml = zipPart(file.rawPayload, 'word/document.xml');
    expect(xml).toContain('w:lang w:val="uk-UA"');
    const pdf = await officeToPdf(file.rawPayload);
    const printed = pdfText(pdf).replace(/\s+/g, ' ');
    pdfPagePng(pdf, 1, path.join(process.env.ZVIT_SHOTS ?? os.tmpdir(), `protocol-${DIALECT}.png`), 70);
    expect(printed).toContain('АКТ звірки кількості дітей, які постраждали від торгівлі людьми, за II квартал 2024 року');
    expect(printed).toMatch(/Сторони звірки: Головне управління Національної поліції в Полтавській області \(ГУНП в Полтавській області\) та Служба у справах дітей/);
    expect(printed).toContain('Розбіжностей за період не виявлено.');
    expect(printed).toMatch(/1\. За II квартал 2024 року Показник .*? Усього дітей 2 2 0 /);
    expect(printed).toMatch(/2\. З початку 2024 року Показник .*? Усього дітей 3 3 0/);
    expect(printed).toContain('Пояснення сторін під час звірки: Район: Кременчуцький — ГУНП в Полтавській області: Одну дитину');
    expect(printed).toContain('Петро ВИГАДАНИЙ');
    expect(printed).toContain('Начальник Головного управління Національної поліції в Полтавській області');
    // The children's service has no official in the directory: a line to sign and write the name on.
    expect(printed).toContain('____________________');
    expect(printed).not.toMatch(/Петренко|Соборна/);
    expect((await t.get(`${URL}/protocols/2`, 'executorB')).statusCode).toBe(404);
    expect((await t.get(`${URL}/protocols/1`, 'community')).statusCode).toBe(404);
  }, 120_000);

  it('reopens by the coordinator only, keeping the protocol; a comment then is taken again', async () => {
    const page = await t.get(URL, 'coordinator');
    expect((await post('executorA', `${URL}/reopen`, { revision: hidden(page.body, 'revision') })).statusCode).toBe(403);
    expect((await post('coordinator', `${URL}/reopen`, { revision: hidden(page.body, 'revision') })).statusCode).toBe(303);
    const after = text((await t.get(URL, 'executorA')).body);
    expect(after).toContain('триває');
    expect(after).toContain('Акт № 1 від');
    expect(after).toMatch(/ГУНП в Полтавській області: не підтверджено/);
    expect((await t.get(`${URL}/protocols/1`, 'executorA')).statusCode).toBe(200);
  });
});
