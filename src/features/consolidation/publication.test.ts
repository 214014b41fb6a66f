import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { DEFAULT_SCHEDULE } from '../../domain/periods.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { measureIdByCode } from '../plans/service.ts';
import { createPlan } from '../plans/creation.ts';
import { loadReport, saveEntry, submitReport } from '../reports/service.ts';

/**
 * The files "для оприлюднення", opened back as a reader would: the DOCX unzipped, the XLSX read
 * with exceljs, the PDF through pdftotext. They carry numbers, states and the coordinator's
 * approved public texts — never an executor's sentence, never a draft summary, never one
 * executor's value — and no hidden figure can be subtracted back out of the printed totals.
 */

const PLAN = 'publication-test';
const H1 = '2024-H1';
const BASE = `/plans/${PLAN}/periods/${H1}/consolidation`;
// What executors wrote: a count beside a small figure, and a person with a date of birth.
const POLICE = 'Розглянуто звернення щодо встановлення статусу особи, яка постраждала від торгівлі людьми (звернень — 3).';
const DISTRICT = 'Надано допомогу Іваненко Марії Петрівні, 12.03.1987 р.н., у поверненні документів.';
const APPROVED = 'Проведено інформаційну кампанію в усіх громадах області.';
const UNAPPROVED = 'Цей текст координатор ще не погодив.';

let t: TestApp;
let dir: string;
let m1: number;
let m2: number;

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-16T09:00:00.000Z' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-publication-'));
  const db = t.database.db;
  const executors = [{ organisationId: 'poltava-police' }, { organisationId: 'poltava-district-ma' }, { organisationId: 'kremenchuk-district-ma' }, { organisationId: 'lubny-district-ma' }];
  await createPlan(db, t.clock, {
    id: PLAN,
    title: 'План для перевірки файлів для оприлюднення',
    legal: { kind: 'розпорядження', issuer: 'Начальник ОВА', number: '7', date: '2024-01-05' },
    start: '2024-01-01',
    end: '2025-12-31',
    ownerOrganisationId: 'poltava-ova',
    coordinatorOrganisationId: 'poltava-ova-social-protection',
    state: 'active',
    schedule: DEFAULT_SCHEDULE,
    goals: [
      {
        number: 1,
        title: 'Протидія торгівлі людьми',
        tasks: [
          {
            number: 1,
            title: 'Завдання',
            measures: [
              {
                code: '1.1',
                title: 'Встановлення статусу постраждалих осіб',
                deadline: 'Постійно',
                executors,
                indicators: [
                  { code: 'victims', name: 'Встановлено статус постраждалої особи', unit: 'осіб', kind: 'count', sensitive: true, additiveAcrossKinds: true },
                  { code: 'events', name: 'Проведено заходів', unit: 'од.', kind: 'count', additiveAcrossKinds: true },
                ],
              },
              { code: '1.2', title: 'Інформування населення', deadline: 'Постійно', executors, indicators: [] },
            ],
          },
        ],
      },
    ],
  });
  m1 = (await measureIdByCode(db, PLAN, '1.1'))!;
  m2 = (await measureIdByCode(db, PLAN, '1.2'))!;
  const directory = await loadDirectory(db);
  // Victims: the police 3; the district administrations 8, 5 and 1 (14 together); 17 in all.
  for (const [org, victims, narrative] of [
    ['poltava-police', '3', POLICE],
    ['poltava-district-ma', '8', 'Проведено 4 зустрічі.'],
    ['kremenchuk-district-ma', '5', 'Проведено нараду.'],
    ['lubny-district-ma', '1', DISTRICT],
  ] as const) {
    const view = (await loadReport(db, directory, t.clock, PLAN, H1, org))!;
    for (const m of view.measures) {
      const values = Object.fromEntries(m.indicators.map((i) => [i.id, i.name.startsWith('Встановлено') ? victims : '6']));
      const saved = await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: '0', state: 'done', reason: '', narrative, links: '', values }, { onBehalf: false });
      expect(saved.kind).toBe('saved');
    }
    expect((await submitReport(db, t.clock, SYSTEM_ACTOR, (await loadReport(db, directory, t.clock, PLAN, H1, org))!, { onBehalf: false })).kind).toBe('submitted');
  }
}, 60_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function save(measureId: number, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  const s = await t.as('coordinator');
  const html = (await t.get(BASE, 'coordinator')).body;
  const form = new RegExp(`<form[^>]*action="[^"]*/consolidation/measures/${measureId}"[^>]*>([\\s\\S]*?)</form>`).exec(html);
  const hidden = Object.fromEntries([...(form?.[1] ?? '').matchAll(/<input type="hidden" name="(version|revision)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  return t.app.inject({ method: 'POST', url: `${BASE}/measures/${measureId}`, cookies: s.cookies, payload: { _csrf: s.csrf, summary: '', state: 'done', ...hidden, ...fields } });
}

function file(bytes: Buffer, ext: string): string {
  const name = path.join(dir, `${crypto.randomUUID()}.${ext}`);
  fs.writeFileSync(name, bytes);
  return name;
}
const docxText = (bytes: Buffer) => execFileSync('unzip', ['-p', file(bytes, 'docx'), 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const pdfText = (bytes: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', file(bytes, 'pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).replace(/\s+/g, ' ');
async function xlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}
const allCells = (wb: ExcelJS.Workbook) => wb.worksheets.flatMap((ws) => (ws.getSheetValues() as unknown[][]).flatMap((r) => (Array.isArray(r) ? r.map((c) => String(c ?? '')) : []))).join('\n');

async function publicationFiles() {
  const get = async (format: string) => {
    const res = await t.get(`${BASE}/export/${format}?publication=1`, 'coordinator');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('oprylyudnennia');
    return res.rawPayload;
  };
  const csv = await get('csv');
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return { docx: docxText(await get('docx')), pdf: pdfText(await get('pdf')), xlsx: await xlsx(await get('xlsx')), csv: csv.subarray(3).toString('utf8') };
}

describe(`the files for publication, opened back, on ${DIALECT}`, () => {
  it('carry no executor narrative and no single executor\u2019s value, and no hidden figure can be subtracted back (14 − 8 − 5 = 1)', async () => {
    // The coordinator's own files keep everything.
    const own = docxText((await t.get(`${BASE}/export/docx`, 'coordinator')).rawPayload);
    expect(own).toContain('звернень — 3');
    expect(own).toContain('райвійськадміністрації — 14');

    const { docx, pdf, xlsx: wb } = await publicationFiles();
    const sheets = allCells(wb);
    const { csv } = await publicationFiles();
    for (const [format, text] of [['docx', docx], ['pdf', pdf], ['xlsx', sheets], ['csv', csv]] as const) {
      for (const leak of ['звернень — 3', 'Іваненко', '12.03.1987', 'Проведено нараду', 'Проведено 4 зустрічі']) expect(text, `${format}: ${leak}`).not.toContain(leak);
      expect(text, format).not.toContain('райвійськадміністрації — 14');
    }
    // Numbers only: measure, executors, states, totals.
    for (const text of [docx, pdf]) {
      expect(text).toContain('Встановлення статусу постраждалих осіб');
      expect(text).toContain('ДЛЯ ОПРИЛЮДНЕННЯ');
      expect(text).toContain('обласні органи — <5');
      expect(text).toContain('райвійськадміністрації — приховано');
      // One sentence per indicator: the published grand total, then its breakdown as suppression left it.
      expect(text).toContain('Встановлено статус постраждалої особи — 17 осіб (обласні органи — <5, райвійськадміністрації — приховано).');
      expect(text).toContain('Проведено заходів — 24 од. (обласні органи — 6, райвійськадміністрації — 18).');
    }
    expect(wb.getWorksheet('Показники')!.rowCount).toBe(2);
    expect(wb.getWorksheet('Стан за виконавцями')!.rowCount).toBe(6);

    // The attack on the published sums: the grand total minus every printed group.
    const rows = (wb.getWorksheet('Підсумки')!.getSheetValues().slice(3) as unknown[][]).filter((r) => r[2] === 'Встановлено статус постраждалої особи');
    const groups = rows.filter((r) => r[4] !== 'усього').map((r) => r[5]);
    const grand = rows.find((r) => r[4] === 'усього')?.[5];
    expect(groups).toEqual(['<5', 'приховано']);
    expect(grand).toBe(17);
    expect(csv).toContain('"1.1";"Встановлення статусу постраждалих осіб"');
    expect(csv).toContain('"Встановлено статус постраждалої особи";"осіб";"обласні органи та установи";"<5"');
    expect(csv).toContain('"Встановлено статус постраждалої особи";"осіб";"районні військові адміністрації";"приховано"');
    expect(csv).toContain('"Встановлено статус постраждалої особи";"осіб";"усього";17');
    // CSV of the consolidation exists only for publication.
    expect((await t.get(`${BASE}/export/csv`, 'coordinator')).statusCode).toBe(404);
    const unknown = groups.filter((v) => typeof v !== 'number').length;
    expect(unknown === 0 || unknown >= 2).toBe(true);
  });

  it('carry the coordinator\u2019s public text only once approved, and lose the approval when the text changes', async () => {
    expect((await save(m1, { publicText: APPROVED, publicApproved: 'yes' })).statusCode).toBe(303);
    expect((await save(m2, { publicText: UNAPPROVED })).statusCode).toBe(303);
    let files = await publicationFiles();
    for (const text of [files.docx, files.pdf, allCells(files.xlsx), files.csv]) {
      expect(text).toContain(APPROVED);
      expect(text).not.toContain(UNAPPROVED);
    }
    const page = (await t.get(BASE, 'coordinator')).body;
    expect(page).toContain('Текст погоджено для оприлюднення.');
    expect(page).toContain('Текст не погоджено: до файлів для оприлюднення він не потрапить.');

    // Changed with the box still ticked: the approval is of the old text, so it goes.
    const changed = `${APPROVED} Змінено.`;
    expect((await save(m1, { publicText: changed, publicApproved: 'yes' })).statusCode).toBe(303);
    files = await publicationFiles();
    expect(files.docx).not.toContain('Змінено.');
    expect(files.docx).not.toContain(APPROVED);
    expect((await save(m1, { publicText: changed, publicApproved: 'yes' })).statusCode).toBe(303);
    files = await publicationFiles();
    expect(files.docx).toContain(changed);

    const audit = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'consolidation.public_text_approved').execute();
    expect(audit).toHaveLength(2);
    // The audit log names the measure.
    expect((await t.get('/audit', 'coordinator')).body).toMatch(/Погоджено текст заходу \d+\.\d+ для оприлюднення/);
    // A text that names a person cannot be approved for publication: refused beside the field,
    // what was typed kept; unapproved it may be saved (it goes nowhere public).
    const person = 'Допомогу надано Коваленко Олені Іванівні, 01.02.1990 р.н., тел. +380501234567.';
    const refused = await save(m2, { publicText: person, publicApproved: 'yes' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Схоже, у тексті є персональні дані');
    expect(refused.body).toContain('Коваленко Олені Іванівні');
    expect((await save(m2, { publicText: person })).statusCode).toBe(303);
    for (const text of Object.values(await publicationFiles())) expect(typeof text === 'string' ? text : allCells(text)).not.toContain('Коваленко');
    const long = await save(m2, { publicText: 'я'.repeat(5001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Текст для оприлюднення має бути не довшим за 5000 символів');
    expect(long.body).toContain(`id="m${m2}-public-error"`);
  });
});
