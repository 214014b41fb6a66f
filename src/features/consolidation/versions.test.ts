import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { createDemoCycle } from '../demo/cycle.ts';
import { measureIdByCode } from '../plans/service.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { addOfficial } from '../organisations/officials.ts';

const H1 = '2024-H1';
const BASE = `/plans/${PLAN_609}/periods/${H1}/consolidation`;
let t: TestApp;
let m11: number;
let dir: string;
let director: number;
/** The approve form as sent: the director chosen to sign, the warnings seen and overridden. */
const approveFields = () => ({ signatory: String(director), confirm: 'yes' });

async function post(who: string, url: string, fields: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}

/** The hidden fields of a measure's form (the version and revision it was loaded with), as a browser sends them back. */
async function measureForm(id: number): Promise<Record<string, string>> {
  const html = (await t.get(BASE, 'coordinator')).body;
  const form = new RegExp(`<form[^>]*action="[^"]*/consolidation/measures/${id}"[^>]*>([\\s\\S]*?)</form>`).exec(html);
  return Object.fromEntries([...(form?.[1] ?? '').matchAll(/<input type="hidden" name="(version|revision)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

function docxText(bytes: Buffer): string {
  const file = path.join(dir, `${crypto.randomUUID()}.docx`);
  fs.writeFileSync(file, bytes);
  return execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

beforeAll(async () => {
  t = await buildTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-versions-'));
  await createDemoCycle(t.database.db, t.clock);
  m11 = (await measureIdByCode(t.database.db, PLAN_609, '1.1'))!;
  director = ((await addOfficial(t.database.db, t.clock, SYSTEM_ACTOR, 'poltava-ova-social-protection', { position: 'Директор Департаменту соціального захисту населення Полтавської обласної військової адміністрації', givenName: 'Ірина', surname: 'Директорська', phone: '(0532) 00-00-01' })) as { id: number }).id;
}, 60_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`the consolidation's versions, on ${DIALECT}`, () => {
  it('is edited by the coordinator, read by the supervisor, refused to executors', async () => {
    const page = await t.get(BASE, 'coordinator');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Узагальнена інформація за I півріччя 2024 року');
    expect(page.body).toContain(`id="m${m11}-summary"`);
    // The draft written from the figures, and beside it who said what.
    expect(page.body).toMatch(/За інформацією \d+ виконавців: виконано — \d+/);
    expect(page.body).toContain('class="consolidation-measure__sources"');
    // By-consent bodies that sent nothing are named, once, at the end.
    const silent = (await t.database.db.selectFrom('consent_answers').innerJoin('organisations', 'organisations.id', 'consent_answers.organisation_id').select('organisations.name').where('plan_id', '=', PLAN_609).where('period_key', '=', H1).where('answer', '=', 'no_answer').execute()).map((r) => r.name);
    expect(silent.length).toBeGreaterThan(0);
    expect(page.body).toContain('Не надали інформації та не повідомили про відмову');
    // Named as an official writes them: "Градизька, … та Хорольська територіальні громади".
    const closing = page.body.slice(page.body.indexOf('class="consolidation-closing"'));
    for (const name of silent) expect(closing).toContain(name.replace(/ територіальна громада$/, ''));
    expect(closing).toMatch(/та [А-ЯІЇЄҐ][^ ]+ територіальні громади\./u);
    const supervisor = await t.get(BASE, 'supervisor');
    expect(supervisor.statusCode).toBe(200);
    expect(supervisor.body).not.toContain(`id="m${m11}-summary"`);
    expect((await t.get(BASE, 'executorA')).statusCode).toBe(403);
    expect((await post('supervisor', `${BASE}/measures/${m11}`, { summary: 'x', state: 'done' })).statusCode).toBe(403);

    const bad = await post('coordinator', `${BASE}/measures/${m11}`, { ...(await measureForm(m11)), summary: 'я'.repeat(20_001), state: 'sometimes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<title>Помилка: ');
    expect(bad.body).toContain('не довшим за 20 000 символів');
    expect(bad.body).toContain('Оберіть стан зі списку');
    const ok = await post('coordinator', `${BASE}/measures/${m11}`, { ...(await measureForm(m11)), summary: 'Департаментами та громадами проведено інформаційну кампанію <script>alert(1)</script>.', state: 'done' });
    expect(ok.statusCode).toBe(303);
    const after = (await t.get(BASE, 'coordinator')).body;
    expect(after).toContain('проведено інформаційну кампанію &lt;script>alert(1)&lt;/script>.');
    expect(after).not.toContain('<script>alert(1)');
    expect((await post('coordinator', `${BASE}/measures/999999`, { summary: 'x', state: '' })).statusCode).toBe(404);
    // Every download link of the page leads somewhere.
    const links = [...after.matchAll(/href="([^"]+\.(?:csv|json)|[^"]+\/export\/[a-z]+(?:\?publication=1)?)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(links.length).toBeGreaterThanOrEqual(6);
    for (const href of links) expect((await t.get(href, 'coordinator')).statusCode, href).toBe(200);
  });

  it('approves a version whose files are kept byte for byte, signs it off, marks it sent; a correction is a new version', async () => {
    const db = t.database.db;
    expect((await post('supervisor', `${BASE}/approve`)).statusCode).toBe(403);
    const approved = await post('coordinator', `${BASE}/approve`, approveFields());
    expect(approved.statusCode).toBe(303);
    expect((await post('coordinator', `${BASE}/approve`, approveFields())).statusCode).toBe(409);
    // The supervisors of the plan's owner hear that it waits for them — once, though approved twice.
    const waiting = await t.database.db.selectFrom('outbox').select(['kind', 'to_address']).where('kind', '=', 'consolidation.approved').execute();
    expect(waiting).toEqual([{ kind: 'consolidation.approved', to_address: t.users.supervisor!.email }]);
    // Frozen: no edits until a correction is started.
    const late = await post('coordinator', `${BASE}/measures/${m11}`, { version: '1', revision: '1', summary: 'Пізніше введений текст.', state: 'done' });
    expect(late.statusCode).toBe(409);
    // Not saved, but not lost from view either.
    expect(late.body).toContain('Версія вже в іншому стані');
    expect(late.body).toContain('Пізніше введений текст.');
    const files = await db.selectFrom('consolidation_files').innerJoin('consolidation_versions', 'consolidation_versions.id', 'consolidation_files.version_id').select(['format', 'file_name']).where('consolidation_versions.number', '=', 1).execute();
    expect(files.map((f) => f.format).sort()).toEqual(['docx', 'letter', 'pdf', 'xlsx']);
    const first = await t.get(`${BASE}/versions/1/files/docx`, 'coordinator');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-disposition']).toContain('attachment');
    expect(first.headers['x-content-sha256']).toBe(crypto.createHash('sha256').update(first.rawPayload).digest('hex'));
    expect(docxText(first.rawPayload)).toContain('Департаментами та громадами проведено інформаційну кампанію');
    expect(docxText(first.rawPayload)).toContain('Версія 1 від 16.07.2024');
    // Later changes (a correction of a report) leave the approved files as they were.
    t.clock.advance(60_000);
    const again = await t.get(`${BASE}/versions/1/files/docx`, 'supervisor');
    expect(Buffer.compare(again.rawPayload, first.rawPayload)).toBe(0);

    // Sign-off is the supervisor's, once.
    expect((await post('coordinator', `${BASE}/versions/1/sign`, { comment: '' })).statusCode).toBe(403);
    const longComment = await post('supervisor', `${BASE}/versions/1/sign`, { comment: `Зауваження ${'я'.repeat(5001)}` });
    expect(longComment.statusCode).toBe(400);
    expect(longComment.body).toContain('Зауваження яяя');
    expect((await post('supervisor', `${BASE}/versions/1/sign`, { comment: 'Погоджено. Звернути увагу на громади, що не звітували.' })).statusCode).toBe(303);
    expect((await post('supervisor', `${BASE}/versions/1/sign`, { comment: '' })).statusCode).toBe(409);
    // The coordinating department hears it is signed off, with the supervisor's comment.
    const signed = await t.database.db.selectFrom('outbox').select(['to_address', 'params']).where('kind', '=', 'consolidation.signed').execute();
    expect(signed.map((r) => r.to_address)).toEqual([t.users.coordinator!.email]);
    expect(JSON.parse(signed[0]!.params).comment).toBe('Погоджено. Звернути увагу на громади, що не звітували.');

    // Sent, with the outgoing number, date and signatory; bad values beside the fields.
    // Who signed defaults to the signatory frozen at approval (the form shows it, left empty it is kept).
    expect((await t.get(BASE, 'coordinator')).body).toContain('value="Ірина ДИРЕКТОРСЬКА"');
    const bad = await post('coordinator', `${BASE}/versions/1/sent`, { sentNumber: '', sentDate: '31.02.2024', signatory: '' });
    expect(bad.statusCode).toBe(400);
    for (const m of ['Зазначте вихідний номер листа', 'Такої дати не існує']) expect(bad.body).toContain(m);
    expect(bad.body).not.toContain('signatory-error');
    const future = await post('coordinator', `${BASE}/versions/1/sent`, { sentNumber: '01-23/456', sentDate: '01.08.2024', signatory: 'Олена КОВАЛЬ' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('не може бути в майбутньому');
    // What was typed stays in the form.
    expect(future.body).toContain('value="01-23/456"');
    expect(future.body).toContain('value="Олена КОВАЛЬ"');
    expect(future.body).toContain('value="01.08.2024"');
    expect((await post('coordinator', `${BASE}/versions/1/sent`, { sentNumber: '01-23/456', sentDate: '16.07.2024', signatory: 'Олена КОВАЛЬ, директор Департаменту' })).statusCode).toBe(303);
    const page = (await t.get(BASE, 'supervisor')).body;
    expect(page).toContain('надіслано листом від 16.07.2024 № 01-23/456');
    expect(page).toContain('Звернути увагу на громади');

    // A correction: version 2, starting from version 1's texts; version 1 and its files stay.
    expect((await post('coordinator', `${BASE}/correct`)).statusCode).toBe(303);
    const draft = (await t.get(BASE, 'coordinator')).body;
    expect(draft).toContain('Департаментами та громадами проведено інформаційну кампанію');
    expect((await post('coordinator', `${BASE}/measures/${m11}`, { ...(await measureForm(m11)), summary: 'Виправлений текст узагальнення.', state: 'in_progress' })).statusCode).toBe(303);
    expect((await post('coordinator', `${BASE}/approve`, approveFields())).statusCode).toBe(303);
    const v2 = await t.get(`${BASE}/versions/2/files/docx`, 'coordinator');
    expect(docxText(v2.rawPayload)).toContain('Виправлений текст узагальнення.');
    const v1 = await t.get(`${BASE}/versions/1/files/docx`, 'coordinator');
    expect(Buffer.compare(v1.rawPayload, first.rawPayload)).toBe(0);
    const actions = (await db.selectFrom('audit_events').select('action').where('target_type', '=', 'consolidation').orderBy('id').execute()).map((a) => a.action);
    expect(actions).toEqual(['consolidation.drafted', 'consolidation.approved', 'consolidation.signed', 'consolidation.sent', 'consolidation.drafted', 'consolidation.approved']);
  });

  it('exports raw entries as CSV with a byte-order mark and as JSON, from accepted and submitted reports only', async () => {
    const csv = await t.get(`/plans/${PLAN_609}/periods/${H1}/entries.csv`, 'coordinator');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
    // Headers and codes in Ukrainian for a spreadsheet; the JSON keeps the English keys.
    expect(lines[0]).toBe('План;Період;Захід;Код організації;Виконавець;Вид виконавця;Район;Звіт;Подання №;Стан виконання;Причина;Що зроблено;Показник;Одиниця виміру;Значення;Чутливий показник');
    expect(lines.some((l) => l.includes(';"Полтавська РВА";"прийнято";'))).toBe(true);
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.some((l) => l.includes('"Головне управління Національної поліції в Полтавській області"'))).toBe(true);
    const json = JSON.parse((await t.get(`/plans/${PLAN_609}/periods/${H1}/entries.json`, 'supervisor')).body) as { rows: { report: string; value: number | null }[] };
    expect(json.rows.length).toBe(lines.length - 1);
    expect(json.rows.every((r) => r.report === 'accepted' || r.report === 'submitted')).toBe(true);
    expect(json.rows.some((r) => typeof r.value === 'number')).toBe(true);
    expect((await t.get(`/plans/${PLAN_609}/periods/${H1}/entries.csv`, 'executorA')).statusCode).toBe(403);
  });

  it('lets the supervisor return an approved version with remarks instead of signing it off; the coordinator is told and corrects it', async () => {
    const list = async () => (await t.database.db.selectFrom('consolidation_versions').select(['number', 'state', 'returned_at']).where('period_key', '=', '2024-H1').orderBy('number').execute());
    // Whatever the earlier tests left: bring the period to an approved version.
    const last = (await list()).at(-1);
    if (last?.state !== 'draft') expect((await post('coordinator', `${BASE}/correct`)).statusCode).toBe(303);
    expect((await post('coordinator', `${BASE}/approve`, approveFields())).statusCode).toBe(303);
    const approved = (await list()).at(-1)!;
    expect(approved.state).toBe('approved');
    const url = `${BASE}/versions/${approved.number}/return`;
    // Only the supervisor; remarks are needed, and kept when refused.
    expect((await post('coordinator', url, { remarks: 'Ні.' })).statusCode).toBe(403);
    const empty = await post('supervisor', url, { remarks: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Напишіть, що потрібно виправити');
    const long = await post('supervisor', url, { remarks: 'я'.repeat(5001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('не довшими за 5000 символів');
    const remarks = 'Додайте дані громад Лубенського району. <script>alert(1)</script>';
    expect((await post('supervisor', url, { remarks })).statusCode).toBe(303);
    // Twice, or a sign-off after it: the version has moved on.
    expect((await post('supervisor', url, { remarks })).statusCode).toBe(409);
    expect((await post('supervisor', `${BASE}/versions/${approved.number}/sign`, { comment: '' })).statusCode).toBe(409);
    const after = await list();
    expect(after.at(-2)).toMatchObject({ number: approved.number, state: 'approved' });
    expect(after.at(-2)!.returned_at).not.toBeNull();
    // A new draft for the correction is already there.
    expect(after.at(-1)).toMatchObject({ number: approved.number + 1, state: 'draft' });
    const page = (await t.get(BASE, 'coordinator')).body;
    expect(page).toContain('повернуто керівником із зауваженнями');
    expect(page).toContain('Додайте дані громад Лубенського району. &lt;script>');
    expect(page).not.toContain('<script>alert(1)');
    const told = await t.database.db.selectFrom('outbox').select(['to_address', 'kind']).where('kind', '=', 'consolidation.returned').execute();
    expect(told).toEqual([{ to_address: t.users.coordinator!.email, kind: 'consolidation.returned' }]);
    expect(await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'consolidation.returned').execute()).toHaveLength(1);
  });

  it('publishes the latest version approved and not returned — its number, not a draft mark — while a correction is being drafted', async () => {
    // Left by the tests before: versions approved, signed, sent, one returned, a draft last.
    const rows = await t.database.db.selectFrom('consolidation_versions').select(['number', 'state', 'returned_at']).where('period_key', '=', '2024-H1').orderBy('number').execute();
    expect(rows.at(-1)!.state).toBe('draft');
    expect(rows.some((r) => r.returned_at)).toBe(true);
    const expected = rows.filter((r) => r.state !== 'draft' && !r.returned_at).at(-1)!.number;
    const s = await t.as('coordinator');
    const res = await t.app.inject({ method: 'GET', url: `${BASE}/export/docx?publication=1`, cookies: s.cookies });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-disposition'])).toContain(`-v${expected}-oprylyudnennia.docx`);
    const xml = docxText(res.rawPayload);
    expect(xml).not.toContain('ПРОЄКТ');
    // The live export for the coordinator's own use is still the draft.
    const live = await t.app.inject({ method: 'GET', url: `${BASE}/export/docx`, cookies: s.cookies });
    expect(String(live.headers['content-disposition'])).toContain('-chernetka');
  });
});
