import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { officeToPdf, pdfPageCount, pdfPagePng, pdfText, zipPart } from '../../../test/support/office.ts';
import { createDemoCycle } from '../demo/cycle.ts';

/**
 * An executor's own report is a letter it can sign and send as is (issue 15): its letterhead, the
 * coordinating department in the dative, the subject, the table, its head's signature (or a blank
 * line where the directory keeps no official) and the executor line — rendered through
 * LibreOffice and read page by page.
 */

const H1 = '2024-H1';
const LOOK = process.env.ZVIT_LOOK_DIR;
let t: TestApp;

const flat = (s: string) => s.replace(/\s+/g, ' ');

beforeAll(async () => {
  // LibreOffice counts the enclosure's pages here (the test app has it off unless asked).
  t = await buildTestApp({ env: { ZVIT_SOFFICE: 'soffice' } });
  await createDemoCycle(t.database.db, t.clock);
  const db = t.database.db;
  const now = t.clock.now().toISOString();
  await db.updateTable('organisations').set({ address: 'вул. Зразкова, 3, м. Полтава, 36000', phone: '(0532) 00-00-03', email: 'ssd@zvit.example', edrpou: '00000003' }).where('id', '=', 'poltava-ova-children').execute();
  // Two officials, the archived one first in order: the first active one signs.
  await db
    .insertInto('organisation_officials')
    .values([
      { organisation_id: 'poltava-ova-children', position: 'Колишній начальник Служби', given_name: 'Іван', surname: 'Архівний', phone: null, sort: 0, archived_at: now, created_at: now, updated_at: now },
      { organisation_id: 'poltava-ova-children', position: 'Начальник Служби у справах дітей', given_name: 'Марія', surname: 'Шевчук', phone: null, sort: 1, archived_at: null, created_at: now, updated_at: now },
    ])
    .execute();
  await db.updateTable('users').set({ phone: '(0532) 11-22-33', display_name: 'Оксана Мельник' }).where('id', '=', t.users.executorB!.id).execute();
  if (LOOK) fs.mkdirSync(LOOK, { recursive: true });
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe(`the executor's own report as a letter, on ${DIALECT}`, () => {
  it('has the letterhead, the addressee in the dative, the signatory and the executor line on the last page', async () => {
    const url = `/reports/${PLAN_609}/${H1}/poltava-ova-children/export`;
    const res = await t.get(`${url}/docx`, 'executorB');
    expect(res.statusCode).toBe(200);
    const docx = res.rawPayload;
    const xml = zipPart(docx, 'word/document.xml');
    expect((xml.match(/<w:r>/g) ?? []).length).toBe((xml.match(/<w:lang w:val="uk-UA"\/>/g) ?? []).length);
    const pdf = await officeToPdf(docx);
    const pages = pdfPageCount(pdf);
    const first = flat(pdfText(pdf, 1));
    expect(first).toContain('ПОЛТАВСЬКА ОБЛАСНА ВІЙСЬКОВА АДМІНІСТРАЦІЯ');
    expect(first).toContain('СЛУЖБА У СПРАВАХ ДІТЕЙ');
    expect(first).toContain('Код згідно з ЄДРПОУ 00000003');
    expect(first).toContain('___________ № __________');
    expect(first).toMatch(/Департаменту соціального захисту .*населення/);
    expect(first).toContain('Про стан виконання');
    expect(first).toContain('за I півріччя 2024 року');
    const last = flat(pdfText(pdf, pages));
    expect(last).toContain('Начальник Служби у справах дітей');
    expect(last).toContain('Марія ШЕВЧУК');
    expect(last).not.toContain('Архівний');
    expect(last).toContain('Оксана МЕЛЬНИК (0532) 11-22-33');
    if (LOOK) {
      fs.writeFileSync(path.join(LOOK, 'own-report.docx'), docx);
      pdfPagePng(pdf, 1, path.join(LOOK, 'own-report-1.png'), 60);
      pdfPagePng(pdf, pages, path.join(LOOK, 'own-report-last.png'), 60);
    }
    // The PDF says the same.
    const ownPdf = (await t.get(`${url}/pdf`, 'executorB')).rawPayload;
    if (LOOK) pdfPagePng(ownPdf, 1, path.join(LOOK, 'own-report-pdf-1.png'), 60);
    const own = flat(pdfText(ownPdf));
    for (const s of ['СЛУЖБА У СПРАВАХ ДІТЕЙ', 'Департаменту соціального захисту населення', 'Марія ШЕВЧУК', 'Оксана МЕЛЬНИК (0532) 11-22-33']) expect(own, s).toContain(s);
  }, 300_000);

  it('leaves a blank signature line where the directory keeps no official, and no executor line for a reader from elsewhere', async () => {
    const url = `/reports/${PLAN_609}/${H1}/poltava-ova-children/export`;
    await t.database.db.updateTable('organisation_officials').set({ archived_at: t.clock.now().toISOString() }).where('organisation_id', '=', 'poltava-ova-children').execute();
    const res = await t.get(`${url}/docx`, 'coordinator');
    expect(res.statusCode).toBe(200);
    const pdf = await officeToPdf(res.rawPayload);
    const last = flat(pdfText(pdf, pdfPageCount(pdf)));
    expect(last).toContain('______________ (підпис)');
    expect(last).toContain('Власне ім’я ПРІЗВИЩЕ');
    expect(last).not.toContain('Марія ШЕВЧУК');
    expect(last).not.toContain('(0532) 11-22-33');
  }, 300_000);
});
