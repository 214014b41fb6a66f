import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { render } from '../consolidation/exports/index.ts';
import { publicationDocument } from '../consolidation/publication.ts';
import { instructionsSection, uk } from '../consolidation/text.ts';
import { liveDocument } from '../consolidation/versions.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan, measureIdByCode } from '../plans/service.ts';
import { periodByKey } from '../reports/service.ts';

/**
 * Control instructions (issue 17): the supervisor — or the coordinator on the supervisor's
 * behalf — instructs an executor on a measure, with a due date; the executor sees it on its home
 * and report page, answers it in Zvit; the issuing side closes it. Nobody else sees it. A second
 * answer, or an answer and a close fired together from two server instances, take one.
 */

let t: TestApp;
let twin: FastifyInstance;
let m11: number;
const URL = `/plans/${PLAN_609}/instructions`;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

async function post(who: string, path: string, fields: Record<string, string> = {}, app: FastifyInstance = t.app): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return app.inject({ method: 'POST', url: path, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}
const row = (id: number) => t.database.db.selectFrom('instructions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const idOf = (res: LightMyRequestResponse) => Number(/\/instructions\/(\d+)\?done=issued/.exec(String(res.headers.location))![1]);

beforeAll(async () => {
  t = await buildTestApp();
  twin = await t.twin();
  t.users.community = await makeUser(t.database.db, t.clock, 'executor', 'community-reshetylivska', { email: 'rada@test.example' });
  m11 = (await measureIdByCode(t.database.db, PLAN_609, '1.1'))!;
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe(`control instructions, on ${DIALECT}`, () => {
  it('refuses an instruction that makes no sense, each reason beside its field, and lets only the issuing side give one', async () => {
    const empty = await post('supervisor', `${URL}/new`, { organisationId: '', measureId: '', kind: 'x', text: ' ', dueDate: '31.02.2024', extendTo: '' });
    expect(empty.statusCode).toBe(400);
    const body = text(empty.body);
    for (const m of ['Оберіть виконавця', 'Оберіть, що доручається', 'Уведіть текст доручення', 'Уведіть дату у форматі дд.мм.рррр']) expect(body).toContain(m);
    // An organisation that executes nothing in the plan; a measure the chosen executor does not carry; a date gone by.
    const wrong = await post('supervisor', `${URL}/new`, { organisationId: 'poltava-ova', measureId: '', kind: 'act', text: 'Вжити заходів', dueDate: '01.01.2024', extendTo: '' });
    expect(text(wrong.body)).toContain('Ця організація не є виконавцем плану');
    expect(text(wrong.body)).toContain('Строк не може бути в минулому');
    const m37 = (await measureIdByCode(t.database.db, PLAN_609, '3.7'))!;
    const notTheirs = await post('supervisor', `${URL}/new`, { organisationId: 'community-reshetylivska', measureId: String(m37), kind: 'extend', text: 'Продовжити', dueDate: '01.09.2024', extendTo: '' });
    expect(text(notTheirs.body)).toContain('Обраний виконавець не відповідає за цей захід');
    expect(text(notTheirs.body)).toContain('Уведіть новий строк виконання заходу');
    for (const who of ['executorA', 'community']) {
      expect((await t.get(`${URL}/new`, who)).statusCode, who).toBe(404);
      expect((await post(who, `${URL}/new`, { organisationId: 'poltava-police', kind: 'act', text: 'x', dueDate: '01.09.2024' })).statusCode, who).toBe(404);
    }
    expect(await t.database.db.selectFrom('instructions').select('id').execute()).toHaveLength(0);
  });

  it('gives an instruction on a measure: the executor is told, sees it on its home and report, nobody else sees it', async () => {
    const res = await post('supervisor', `${URL}/new`, { organisationId: 'poltava-police', measureId: String(m11), kind: 'explain', text: 'Надати пояснення щодо <b>неповного</b> виконання заходу 1.1 у І півріччі.', dueDate: '01.08.2024', extendTo: '' });
    expect(res.statusCode).toBe(303);
    const id = idOf(res);
    expect(await row(id)).toMatchObject({ organisation_id: 'poltava-police', measure_id: m11, kind: 'explain', state: 'issued', due_date: '2024-08-01', on_behalf: 0, period_key: '2024-H2' });
    const mail = await t.database.db.selectFrom('outbox').select(['kind', 'to_address as address']).where('kind', '=', 'instruction.issued').execute();
    expect(mail.map((m) => m.address)).toContain('police@test.example');
    const home = text((await t.get('/', 'executorA')).body);
    expect(home).toContain('Доручення до виконання');
    expect(home).toContain(`№ ${id}: надати пояснення (Захід 1.1)`);
    const report = await t.get(`/reports/${PLAN_609}/2024-H1/poltava-police`, 'executorA');
    expect(text(report.body)).toContain('Доручення вашій організації за цим планом');
    const page = await t.get(`${URL}/${id}`, 'executorA');
    expect(page.statusCode).toBe(200);
    // Shown as typed, never as markup.
    expect(page.body).not.toContain('<b>неповного');
    expect(page.body).toMatch(/&lt;b(&gt;|>)неповного&lt;\/b/);
    // Another executor: not on its list, 404 on the page; the same for a community.
    for (const who of ['executorB', 'community']) {
      expect((await t.get(`${URL}/${id}`, who)).statusCode, who).toBe(404);
      expect(text((await t.get(URL, who)).body)).toContain('Доручень немає.');
      expect((await post(who, `${URL}/${id}/answer`, { revision: '0', answer: 'x' })).statusCode, who).toBe(404);
    }
  });

  it('takes the executor’s answer once, tells who issued it, and lets only the issuing side close it', async () => {
    const id = Number((await t.database.db.selectFrom('instructions').select('id').executeTakeFirstOrThrow()).id);
    expect((await post('executorA', `${URL}/${id}/answer`, { revision: '0', answer: '   ' })).statusCode).toBe(400);
    expect((await post('executorA', `${URL}/${id}/close`, { revision: '0' })).statusCode).toBe(403);
    const answered = await post('executorA', `${URL}/${id}/answer`, { revision: '0', answer: 'Захід виконано частково через зміну графіка навчань; надолужимо в липні.' });
    expect(answered.statusCode).toBe(303);
    expect(await row(id)).toMatchObject({ state: 'answered', revision: 1 });
    // The page read before: refused, the answer typed kept, the instruction as it is now shown.
    const again = await post('executorA', `${URL}/${id}/answer`, { revision: '0', answer: 'Друга відповідь' });
    expect(again.statusCode).toBe(409);
    expect(text(again.body)).toContain('Доручення тим часом змінилося');
    expect((await row(id)).answer).toContain('частково');
    const told = await t.database.db.selectFrom('outbox').select('to_address as address').where('kind', '=', 'instruction.answered').execute();
    expect(told.map((x) => x.address)).toEqual(['supervisor@test.example']);
    expect(text((await t.get(`${URL}?state=answered`, 'supervisor')).body)).toContain(`№ ${id}`);
    expect((await post('supervisor', `${URL}/${id}/close`, { revision: '1', note: 'Пояснення прийнято.' })).statusCode).toBe(303);
    expect(await row(id)).toMatchObject({ state: 'closed', close_note: 'Пояснення прийнято.' });
    const events = await t.database.db.selectFrom('audit_events').select('action').where('action', 'like', 'instruction.%').execute();
    expect(events.map((e) => e.action).sort()).toEqual(['instruction.answered', 'instruction.closed', 'instruction.issued']);
  });

  it('lets the coordinator give one on the supervisor’s behalf; an instruction past its due date shows as overdue', async () => {
    const res = await post('coordinator', `${URL}/new`, { organisationId: 'poltava-ova-children', measureId: '', kind: 'extend', text: 'Продовжити строк подання інформації.', dueDate: '20.07.2024', extendTo: '30.09.2024' });
    expect(res.statusCode).toBe(303);
    const id = idOf(res);
    expect(await row(id)).toMatchObject({ on_behalf: 1, extend_to: '2024-09-30', measure_id: null });
    t.clock.set('2024-07-25T09:00:00.000Z');
    const overdue = text((await t.get(`${URL}?state=overdue`, 'supervisor')).body);
    expect(overdue).toContain(`№ ${id}: продовжити строк до 30.09.2024`);
    expect(overdue).toContain('прострочено');
    // The filter lives in the URL; another state's list does not show it.
    expect(text((await t.get(`${URL}?state=closed`, 'supervisor')).body)).not.toContain(`№ ${id}:`);
    expect(text((await t.get('/', 'supervisor')).body)).toMatch(/до виконання: 1, з них прострочено 1/);
  });

  it('an answer and a close fired together from two instances: one is taken', async () => {
    for (let round = 0; round < 6; round++) {
      const res = await post('supervisor', `${URL}/new`, { organisationId: 'poltava-police', measureId: String(m11), kind: 'act', text: `Вжити заходів (${round})`, dueDate: '01.09.2024', extendTo: '' });
      const id = idOf(res);
      const [answer, close] = await Promise.all([post('executorA', `${URL}/${id}/answer`, { revision: '0', answer: `Вжито (${round})` }), post('supervisor', `${URL}/${id}/close`, { revision: '0', note: '' }, twin)]);
      expect([answer.statusCode, close.statusCode].sort(), `round ${round}`).toEqual([303, 409]);
      const r = await row(id);
      expect(r.revision).toBe(1);
      expect(r.state).toBe(answer.statusCode === 303 ? 'answered' : 'closed');
    }
  });
});

/** The DOCX's text, opened back as a reader's program would (unzip needs a file it can seek). */
function documentXml(bytes: Buffer): string {
  const file = path.join(os.tmpdir(), `zvit-instr-${process.pid}-${Math.random().toString(36).slice(2)}.docx`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe(`the instructions in the consolidated document, on ${DIALECT}`, () => {
  it('lists those given in the period (not another period’s) on the page and in the DOCX and PDF, never in what is published', async () => {
    const page = text((await t.get(`/plans/${PLAN_609}/periods/2024-H2/consolidation`, 'coordinator')).body);
    expect(page).toContain('Доручення, надані у звітному періоді');
    expect(page).toMatch(/1\) Головне управління Національної поліції[^)]* — надати пояснення \(захід 1\.1\): «Надати пояснення щодо &lt;b>неповного&lt;\/b> виконання заходу 1\.1 у І півріччі». Строк — 01\.08\.2024\. Стан: закрито\. Відповідь: «Захід виконано частково[^»]*»\./);
    expect(text((await t.get(`/plans/${PLAN_609}/periods/2024-H1/consolidation`, 'coordinator')).body)).not.toContain('Доручення, надані у звітному періоді');
    const plan = (await getPlan(t.database.db, PLAN_609))!;
    const directory = await loadDirectory(t.database.db);
    const period = periodByKey(plan, '2024-H2')!;
    const doc = await liveDocument(t.database.db, directory, plan, period, {}, '2024-09-01');
    expect(doc.instructions!.length).toBeGreaterThan(0);
    // Past its due date and unanswered at the document's date: overdue.
    expect(doc.instructions!.some((i) => i.overdue)).toBe(true);
    const docx = await render(doc, 'docx', { version: null, signatory: null, forPublication: false });
    const xml = documentXml(docx.bytes);
    expect(xml).toContain('Доручення, надані у звітному періоді');
    const pdf = await render(doc, 'pdf', { version: null, signatory: null, forPublication: false });
    const pdfText = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.bytes, encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(pdfText).toContain('Доручення, надані у звітному періоді');
    expect(pdfText).toContain('прострочено');
    const published = publicationDocument(doc);
    expect(published.instructions).toBeUndefined();
    expect(instructionsSection(uk, published)).toBeNull();
    const publishedDocx = await render(doc, 'docx', { version: null, signatory: null, forPublication: true });
    expect(documentXml(publishedDocx.bytes)).not.toContain('Доручення, надані');
  });
});
