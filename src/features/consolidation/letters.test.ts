import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { officeToPdf, pdfPageCount, pdfPagePng, pdfText, zipPart } from '../../../test/support/office.ts';
import { createDemoCycle } from '../demo/cycle.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { addOfficial } from '../organisations/officials.ts';

/**
 * Registration on sending and the cover letter (issue 15): the approved set stays byte for byte,
 * the registered set carries the outgoing number and date; the letter has the coordinating
 * organisation's letterhead, the addressee as typed on the plan's requisites page, "На № … від …"
 * only where the request came with one, the enclosure counted from the DOCX as LibreOffice prints
 * it, and no internal version mark. Every file opened: unzipped, rendered, read.
 */

const H1 = '2024-H1';
const BASE = `/plans/${PLAN_609}/periods/${H1}/consolidation`;
const LOOK = process.env.ZVIT_LOOK_DIR;
let t: TestApp;
let twin: FastifyInstance;
let director: number;
/** The approve form as sent: the department's director chosen to sign, the warnings seen and overridden. */
const approveFields = () => ({ signatory: String(director), confirm: 'yes' });

async function post(app: FastifyInstance, who: string, url: string, fields: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
/** The visible text of a Word part: its runs joined. */
const runs = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

async function versionId(number: number): Promise<number> {
  const row = await t.database.db.selectFrom('consolidation_versions').select('id').where('plan_id', '=', PLAN_609).where('period_key', '=', H1).where('number', '=', number).executeTakeFirstOrThrow();
  return Number(row.id);
}

async function files(table: 'consolidation_files' | 'consolidation_registered_files', number: number) {
  // Either set, read the same way.
  const db = t.database.db as unknown as Kysely<any>;
  const rows: { format: string; sha256: string; content: Uint8Array }[] = await db
    .selectFrom(`${table} as f`)
    .innerJoin('stored_files as s', 's.id', 'f.file_id')
    .select(['f.format', 's.sha256', 's.content'])
    .where('f.version_id', '=', await versionId(number))
    .orderBy('f.format')
    .execute();
  return new Map(rows.map((r) => [r.format, { sha256: r.sha256, bytes: Buffer.from(r.content) }]));
}

beforeAll(async () => {
  // LibreOffice counts the enclosure's pages here (the test app has it off unless asked).
  t = await buildTestApp({ env: { ZVIT_SOFFICE: 'soffice' } });
  twin = await t.twin();
  await createDemoCycle(t.database.db, t.clock);
  // The coordinating department's letterhead as the directory keeps it.
  await t.database.db
    .updateTable('organisations')
    .set({ address: 'вул. Зразкова, 1, м. Полтава, 36000', phone: '(0532) 00-00-01', email: 'dszn@zvit.example', edrpou: '00000001' })
    .where('id', '=', 'poltava-ova-social-protection')
    .execute();
  director = ((await addOfficial(t.database.db, t.clock, SYSTEM_ACTOR, 'poltava-ova-social-protection', { position: 'Директор Департаменту соціального захисту населення Полтавської обласної військової адміністрації', givenName: 'Ірина', surname: 'Директорська', phone: '' })) as { id: number }).id;
  if (LOOK) fs.mkdirSync(LOOK, { recursive: true });
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe(`registration on sending and the cover letter, on ${DIALECT}`, () => {
  it('takes the letter’s addressee on the plan’s requisites page, validated, lines kept', async () => {
    const url = `/plans/${PLAN_609}/requisites`;
    const page = await t.get(url, 'coordinator');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="letterAddressee"');
    const tooMany = await post(t.app, 'coordinator', url, { titleGenitive: '', issuerGenitive: '', letterAddressee: 'а\nб\nв\nг\nґ\nд\nе' });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('Адресат — не більше 6 рядків');
    const tooLong = await post(t.app, 'coordinator', url, { titleGenitive: '', issuerGenitive: '', letterAddressee: 'я'.repeat(1001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('Адресат — не довше 1000 символів');
    expect((await post(t.app, 'executorA', url, { letterAddressee: 'x' })).statusCode).toBeGreaterThanOrEqual(403);
    const ok = await post(t.app, 'coordinator', url, { titleGenitive: '', issuerGenitive: '', letterAddressee: '  Першому заступнику начальника   Полтавської обласної військової адміністрації \r\n\r\nОлені ПЕТРЕНКО ' });
    expect(ok.statusCode).toBe(303);
    const row = await t.database.db.selectFrom('plans').select('letter_addressee').where('id', '=', PLAN_609).executeTakeFirstOrThrow();
    expect(row.letter_addressee).toBe('Першому заступнику начальника Полтавської обласної військової адміністрації\nОлені ПЕТРЕНКО');
    expect((await t.get(url, 'coordinator')).body).toContain('Олені ПЕТРЕНКО');
  });

  it('approves a letter on the letterhead with blank date and number, no request, the enclosure counted as it prints, no version mark', async () => {
    expect((await post(t.app, 'coordinator', `${BASE}/approve`, approveFields())).statusCode).toBe(303);
    const approved = await files('consolidation_files', 1);
    expect([...approved.keys()].sort()).toEqual(['docx', 'letter', 'pdf', 'xlsx']);
    const letter = approved.get('letter')!.bytes;
    const xml = zipPart(letter, 'word/document.xml');
    const text = runs(xml);
    expect(text).toContain('ПОЛТАВСЬКА ОБЛАСНА ВІЙСЬКОВА АДМІНІСТРАЦІЯ');
    // Under the administration's name, the department without it.
    expect(text).toContain('ПОЛТАВСЬКА ОБЛАСНА ВІЙСЬКОВА АДМІНІСТРАЦІЯДЕПАРТАМЕНТ СОЦІАЛЬНОГО ЗАХИСТУ НАСЕЛЕННЯвул.');
    expect(text).toContain('вул. Зразкова, 1, м. Полтава, 36000, тел. (0532) 00-00-01, e-mail: dszn@zvit.example');
    expect(text).toContain('Код згідно з ЄДРПОУ 00000001');
    expect(text).toContain('___________ № __________');
    expect(text).toContain('Першому заступнику начальника Полтавської обласної військової адміністрації');
    expect(text).toContain('Олені ПЕТРЕНКО');
    expect(text).not.toContain('На №');
    expect(text).not.toMatch(/Версія|версія/);
    // Signed by the official chosen before approval; the preparing coordinator at the foot.
    expect(text).toContain('Ірина ДИРЕКТОРСЬКА');
    expect(text).not.toContain('(Власне ім');
    const preparer = await t.database.db.selectFrom('consolidation_versions').select('preparer_name').where('plan_id', '=', PLAN_609).where('period_key', '=', H1).where('number', '=', 1).executeTakeFirstOrThrow();
    expect(preparer.preparer_name).toBeTruthy();
    expect(text.endsWith(preparer.preparer_name!)).toBe(true);
    // Every run in Ukrainian.
    expect((xml.match(/<w:r>/g) ?? []).length).toBe((xml.match(/<w:lang w:val="uk-UA"\/>/g) ?? []).length);
    // The enclosure: the sheets of the approved DOCX as LibreOffice prints it.
    const pages = pdfPageCount(await officeToPdf(approved.get('docx')!.bytes));
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`Додаток: на ${pages} арк. в 1 прим.`);
    const rendered = await officeToPdf(letter);
    const printed = pdfText(rendered).replace(/\s+/g, ' ');
    expect(printed).toContain('ДЕПАРТАМЕНТ СОЦІАЛЬНОГО ЗАХИСТУ НАСЕЛЕННЯ');
    expect(printed).toContain(`Додаток: на ${pages} арк.`);
    expect(pdfPageCount(rendered)).toBe(1);
    if (LOOK) {
      fs.writeFileSync(path.join(LOOK, 'letter-approved.docx'), letter);
      pdfPagePng(rendered, 1, path.join(LOOK, 'letter-approved.png'), 60);
    }
  }, 300_000);

  it('marks sent with the outgoing number and date: a registered set beside the approved one, which stays byte for byte', async () => {
    expect((await post(t.app, 'supervisor', `${BASE}/versions/1/sign`, { comment: '' })).statusCode).toBe(303);
    const before = await files('consolidation_files', 1);

    // The request is optional, but checked.
    const future = await post(t.app, 'coordinator', `${BASE}/versions/1/sent`, { sentNumber: '01-23/456', sentDate: '16.07.2024', signatory: 'Олена КОВАЛЬ', requestNumber: '05/12', requestDate: '01.01.2030' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('Дата запиту не може бути в майбутньому');
    const noDate = await post(t.app, 'coordinator', `${BASE}/versions/1/sent`, { sentNumber: '01-23/456', sentDate: '16.07.2024', signatory: 'Олена КОВАЛЬ', requestNumber: '05/12', requestDate: '' });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.body).toContain('Зазначте дату запиту або зітріть його номер');
    const long = await post(t.app, 'coordinator', `${BASE}/versions/1/sent`, { sentNumber: '01-23/456', sentDate: '16.07.2024', signatory: 'Олена КОВАЛЬ', requestNumber: '5'.repeat(101), requestDate: '01.07.2024' });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Номер запиту — не довше 100 символів');
    expect((await files('consolidation_registered_files', 1)).size).toBe(0);

    // Two markings at once, from two server processes: one wins, one registered set.
    const fields = { sentNumber: '01-23/456', sentDate: '16.07.2024', signatory: 'Олена КОВАЛЬ', requestNumber: '05/12', requestDate: '01.07.2024' };
    const both = await Promise.all([post(t.app, 'coordinator', `${BASE}/versions/1/sent`, fields), post(twin, 'coordinator', `${BASE}/versions/1/sent`, { ...fields, sentNumber: '01-23/457' })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([303, 409]);
    const registered = await files('consolidation_registered_files', 1);
    expect([...registered.keys()].sort()).toEqual(['docx', 'letter', 'pdf']);
    const winner = both[0]!.statusCode === 303 ? '01-23/456' : '01-23/457';

    // The approved set: the same bytes as before.
    const after = await files('consolidation_files', 1);
    for (const [format, f] of before) {
      expect(after.get(format)!.sha256, format).toBe(f.sha256);
      expect(sha(after.get(format)!.bytes), format).toBe(f.sha256);
    }
    // The registered DOCX and PDF are marked as the letter's enclosure, with its date and number, in
    // the version mark's place; the approved ones carry the version mark and no letter.
    const mark = `Додаток до листа від 16.07.2024 № ${winner}`;
    expect(runs(zipPart(registered.get('docx')!.bytes, 'word/document.xml'))).toContain(mark);
    expect(runs(zipPart(registered.get('docx')!.bytes, 'word/document.xml'))).not.toContain('Версія 1 від');
    expect(runs(zipPart(before.get('docx')!.bytes, 'word/document.xml'))).not.toContain('Додаток до листа');
    expect(runs(zipPart(before.get('docx')!.bytes, 'word/document.xml'))).toContain('Версія 1 від 16.07.2024');
    expect(pdfText(registered.get('pdf')!.bytes).replace(/\s+/g, ' ')).toContain(mark);
    expect(pdfText(registered.get('pdf')!.bytes)).not.toContain('Версія 1 від');
    expect(pdfText(before.get('pdf')!.bytes)).not.toContain('Додаток до листа');
    // The registered letter: date and number filled, the request answered, the enclosure counted from the registered DOCX.
    const letter = registered.get('letter')!.bytes;
    const text = runs(zipPart(letter, 'word/document.xml'));
    expect(text).toContain(`16.07.2024 № ${winner}`);
    expect(text).not.toContain('___________ № __________');
    expect(text).toContain('На № 05/12 від 01.07.2024');
    expect(text).not.toMatch(/Версія|версія/);
    const pages = pdfPageCount(await officeToPdf(registered.get('docx')!.bytes));
    expect(text).toContain(`Додаток: на ${pages} арк. в 1 прим.`);
    const version = await t.database.db.selectFrom('consolidation_versions').select(['state', 'registered_at', 'request_number', 'request_date', 'sent_number']).where('id', '=', await versionId(1)).executeTakeFirstOrThrow();
    expect(version).toMatchObject({ state: 'sent', request_number: '05/12', request_date: '2024-07-01', sent_number: winner });
    expect(version.registered_at).not.toBeNull();
    if (LOOK) {
      const rendered = await officeToPdf(letter);
      fs.writeFileSync(path.join(LOOK, 'letter-registered.docx'), letter);
      fs.writeFileSync(path.join(LOOK, 'document-registered.docx'), registered.get('docx')!.bytes);
      pdfPagePng(rendered, 1, path.join(LOOK, 'letter-registered.png'), 60);
      pdfPagePng(await officeToPdf(registered.get('docx')!.bytes), 1, path.join(LOOK, 'document-registered.png'), 60);
    }

    // The page lists both sets with their SHA-256; each downloads as stored, to the same readers.
    const page = (await t.get(BASE, 'coordinator')).body;
    expect(page).toContain('Затверджені файли');
    expect(page).toContain(`Зареєстровані файли (вих. № ${winner} від 16.07.2024)`);
    for (const f of [...before.values(), ...registered.values()]) expect(page).toContain(f.sha256);
    const download = await t.get(`${BASE}/versions/1/registered/letter`, 'supervisor');
    expect(download.statusCode).toBe(200);
    expect(download.headers['x-content-sha256']).toBe(registered.get('letter')!.sha256);
    expect(sha(download.rawPayload)).toBe(registered.get('letter')!.sha256);
    expect(String(download.headers['content-disposition'])).toContain('zareiestrovano');
    expect((await t.get(`${BASE}/versions/1/registered/xlsx`, 'coordinator')).statusCode).toBe(404);
    expect((await t.get(`${BASE}/versions/2/registered/docx`, 'coordinator')).statusCode).toBe(404);
    expect((await t.get(`${BASE}/versions/1/registered/docx`, 'executorA')).statusCode).toBe(403);
  }, 600_000);

  it('notes the request before approval: the approved letter answers it', async () => {
    expect((await post(t.app, 'coordinator', `${BASE}/correct`)).statusCode).toBe(303);
    const bad = await post(t.app, 'coordinator', `${BASE}/request`, { requestNumber: '07/1', requestDate: '31.02.2024' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="request-requestDate-error"');
    expect(bad.body).toContain('value="07/1"');
    expect((await post(t.app, 'coordinator', `${BASE}/request`, { requestNumber: '', requestDate: '02.07.2024' })).body).toContain('Зазначте номер запиту або зітріть його дату');
    expect((await post(t.app, 'supervisor', `${BASE}/request`, { requestNumber: '07/1', requestDate: '02.07.2024' })).statusCode).toBe(403);
    const ok = await post(t.app, 'coordinator', `${BASE}/request`, { requestNumber: ' 07/1 ', requestDate: '02.07.2024' });
    expect(ok.statusCode).toBe(303);
    const page = (await t.get(`${BASE}?done=request`, 'coordinator')).body;
    expect(page).toContain('Запит збережено');
    expect(page).toContain('value="02.07.2024"');
    const audit = await t.database.db.selectFrom('audit_events').select('details').where('action', '=', 'consolidation.request_noted').orderBy('id').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(String(audit[0]!.details))).toMatchObject({ requestNumber: '07/1', requestDate: '2024-07-02' });
    expect((await post(t.app, 'coordinator', `${BASE}/approve`, approveFields())).statusCode).toBe(303);
    const text = runs(zipPart((await files('consolidation_files', 2)).get('letter')!.bytes, 'word/document.xml'));
    expect(text).toContain('На № 07/1 від 02.07.2024');
    expect(text).toContain('___________ № __________');
    // Once approved, the request is no longer edited here.
    expect((await post(t.app, 'coordinator', `${BASE}/request`, { requestNumber: '08/1', requestDate: '02.07.2024' })).statusCode).toBe(409);
  }, 300_000);
});
