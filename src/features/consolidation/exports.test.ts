import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { createPlan, getPlan } from '../plans/service.ts';
import { DEFAULT_SCHEDULE } from '../../domain/periods.ts';
import { loadReport, periodByKey, saveEntry, submitReport } from '../reports/service.ts';
import { reviewReport } from '../reports/review.ts';
import { buildDocument } from './document.ts';
import { render } from './exports/index.ts';
import { safeText } from './exports/xlsx.ts';
import { consolidate } from './service.ts';

const PLAN = 'export-test';
const H1 = '2024-H1';
const LONG = `${'Довгий абзац без розривів. '.repeat(370)}кінець`;
const HOSTILE = `Лапки «ялинки», "прямі" і 'одинарні'; таб\tвсередині; емодзі 🇺🇦👍; справа наліво: שלום עולם مرحبا; ґудзик, їжак, єдність, інформація, м’ята, п'ять.\n\n=SUM(A1:A9) не формула\n\n${LONG}`;

let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-10T09:00:00.000Z' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-export-'));
  const db = t.database.db;
  await createPlan(db, t.clock, {
    id: PLAN,
    title: 'План для перевірки документів «з лапками» та апострофом: м’який знак',
    legal: { kind: 'розпорядження', issuer: 'Начальник ОВА', number: '12/3', date: '2024-01-05' },
    start: '2024-01-01',
    end: '2025-12-31',
    ownerOrganisationId: 'poltava-ova',
    coordinatorOrganisationId: 'poltava-ova-social-protection',
    state: 'active',
    schedule: DEFAULT_SCHEDULE,
    goals: [
      {
        number: 1,
        title: 'Ціль з ґ, ї, є та і',
        tasks: [
          {
            number: 1,
            title: 'Завдання',
            measures: [
              {
                code: '1.1',
                title: '+Захід, що починається з плюса, і =формула',
                deadline: 'Постійно',
                executors: [{ organisationId: 'poltava-police' }, { organisationId: 'poltava-ova-children' }],
                indicators: [
                  { code: 'events', name: 'Проведено заходів', unit: 'од.', kind: 'count' },
                  { code: 'victims', name: 'Виявлено постраждалих осіб', unit: 'осіб', kind: 'count', sensitive: true },
                  { code: 'paid', name: 'Виплачено допомоги', unit: 'грн', kind: 'money', additiveAcrossKinds: true },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
}, 60_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function documentOf() {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  const plan = (await getPlan(db, PLAN))!;
  return buildDocument(await consolidate(db, directory, plan, periodByKey(plan, H1)!), {}, directory);
}

function unzip(bytes: Buffer, entry: string): string {
  const file = path.join(dir, `f-${Math.random().toString(36).slice(2)}.zip`);
  fs.writeFileSync(file, bytes);
  return execFileSync('unzip', ['-p', file, entry], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function pdfText(bytes: Buffer): string {
  const file = path.join(dir, `f-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe(`the consolidation's documents, on ${DIALECT}`, () => {
  it('a period with no reports gives valid documents that say so', async () => {
    const doc = await documentOf();
    const docx = await render(doc, 'docx', { version: null, signatory: null, forPublication: false });
    const xml = unzip(docx.bytes, 'word/document.xml');
    expect(xml).toContain('За звітний період інформації від виконавців не надходило');
    const pdf = pdfText((await render(doc, 'pdf', { version: null, signatory: null, forPublication: false })).bytes);
    expect(pdf).toContain('інформації від виконавців не надходило');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await render(doc, 'xlsx', { version: null, signatory: null, forPublication: false })).bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Заходи', 'Стан за виконавцями', 'Показники', 'Підсумки', 'Звітування']);
    expect(wb.getWorksheet('Показники')!.rowCount).toBe(1);
  });

  it('lays out the DOCX as an administration\u2019s document, and keeps hostile text intact in every format', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    for (const [org, victims, text] of [
      ['poltava-police', '3', HOSTILE],
      ['poltava-ova-children', '1', 'Служба у справах дітей провела 4 заходи.'],
    ] as const) {
      const view = (await loadReport(db, directory, t.clock, PLAN, H1, org))!;
      const m = view.measures[0]!;
      const [events, sensitive, paid] = m.indicators;
      const saved = await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: '0', state: 'done', reason: '', narrative: text, links: '', values: { [events!.id]: '12', [sensitive!.id]: victims, [paid!.id]: '1500,50' } }, { onBehalf: false });
      expect(saved.kind).toBe('saved');
      expect((await submitReport(db, t.clock, SYSTEM_ACTOR, (await loadReport(db, directory, t.clock, PLAN, H1, org))!, { onBehalf: false })).kind).toBe('submitted');
    }
    // One accepted, one only submitted.
    expect((await reviewReport(db, t.clock, SYSTEM_ACTOR, (await loadReport(db, directory, t.clock, PLAN, H1, 'poltava-police'))!, { decision: 'accept', comment: '', measureComments: {} })).kind).toBe('accepted');
    const doc = await documentOf();

    // DOCX: A4, margins 30/10/20/20 mm, Times New Roman 14 pt, page numbers from page 2, the table and the phrases.
    const docx = await render(doc, 'docx', { version: { number: 1, date: '2024-07-19' }, signatory: 'Олена КОВАЛЬ', forPublication: false });
    const xml = unzip(docx.bytes, 'word/document.xml');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="567" w:bottom="1134" w:left="1701"/);
    expect(xml).toContain('<w:titlePg/>');
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('<w:tblHeader/>');
    for (const phrase of ['ІНФОРМАЦІЯ', '№ з/п', 'Найменування заходу', 'Відповідальні виконавці', 'Стан виконання', 'Оперативна ціль 1. Ціль з ґ, ї, є та і', 'Олена КОВАЛЬ', 'Версія 1 від 19.07.2024', 'ґудзик, їжак, єдність, інформація, м’ята', '🇺🇦', 'שלום']) {
      expect(xml, phrase).toContain(phrase);
    }
    // Said once, at the end: one report is still being reviewed.
    expect(xml).toContain('Інформація, що надійшла від 1 виконавця, ще опрацьовується.');
    // Money adds up across kinds: a grand total, with its unit; kopecks kept.
    expect(xml).toContain('Виплачено допомоги — 3\u202f001,00 грн');
    const styles = unzip(docx.bytes, 'word/styles.xml');
    expect(styles).toContain('w:ascii="Times New Roman"');
    expect(styles).toMatch(/<w:sz w:val="28"\/>/);
    const header = unzip(docx.bytes, 'word/header1.xml') + unzip(docx.bytes, 'word/header2.xml');
    expect(header).toContain('PAGE');
    const letter = await render(doc, 'letter', { version: { number: 1, date: '2024-07-19' }, signatory: null, forPublication: false });
    expect(unzip(letter.bytes, 'word/document.xml')).toContain('Про стан виконання плану заходів за I півріччя 2024 року');

    // XLSX: numbers as numbers, dates as dates, frozen headers, widths, formula injection neutralised.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await render(doc, 'xlsx', { version: null, signatory: null, forPublication: false })).bytes as unknown as ArrayBuffer);
    const measures = wb.getWorksheet('Заходи')!;
    expect(measures.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(measures.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1 });
    expect(measures.getColumn(3).width).toBe(60);
    expect(measures.getCell('C2').value).toBe("'+Захід, що починається з плюса, і =формула");
    expect(typeof measures.getCell('G2').value).toBe('number');
    const values = wb.getWorksheet('Показники')!;
    const rows = values.getSheetValues().slice(2) as unknown[][];
    expect(rows.some((r) => r[2] === 'Виплачено допомоги' && r[7] === 1500.5)).toBe(true);
    expect(rows.some((r) => r[2] === 'Виявлено постраждалих осіб' && r[7] === 3)).toBe(true);
    const rates = wb.getWorksheet('Звітування')!;
    const start = rates.getSheetValues().find((r) => Array.isArray(r) && r[1] === 'Звітний період з') as unknown[];
    expect(start[2]).toBeInstanceOf(Date);
    // Marked for publication: no single executor's value, and a sensitive total below five is "<5".
    const pub = new ExcelJS.Workbook();
    await pub.xlsx.load((await render(doc, 'xlsx', { version: null, signatory: null, forPublication: true })).bytes as unknown as ArrayBuffer);
    expect(pub.getWorksheet('Показники')!.rowCount).toBe(1);
    const pubTotals = pub.getWorksheet('Підсумки')!.getSheetValues().slice(2) as unknown[][];
    expect(pubTotals.filter((r) => r[2] === 'Виявлено постраждалих осіб').map((r) => r[5])).toEqual(['<5']);
    expect(pubTotals.some((r) => r[2] === 'Проведено заходів' && r[5] === 24)).toBe(true);

    // PDF: Ukrainian letters intact through pdftotext.
    const text = pdfText((await render(doc, 'pdf', { version: null, signatory: null, forPublication: false })).bytes).replace(/\s+/g, ' ');
    for (const word of ['ІНФОРМАЦІЯ', 'ґудзик', 'їжак', 'єдність', 'інформація', 'м’ята', 'Оперативна ціль 1', 'Надання інформації виконавцями', 'ПРОЄКТ']) expect(text, word).toContain(word);
  });

  it('gives an organisation its own report as DOCX and PDF, and nobody else’s', async () => {
    const url = `/reports/${PLAN}/${H1}/poltava-police/export`;
    const docx = await t.get(`${url}/docx`, 'executorA');
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toContain('attachment');
    const xml = unzip(docx.rawPayload, 'word/document.xml');
    expect(xml).toContain('Головне управління Національної поліції в Полтавській області');
    expect(xml).toContain('ґудзик, їжак, єдність, інформація, м’ята');
    expect(xml).toContain('Подання 1 від');
    const pdf = pdfText((await t.get(`${url}/pdf`, 'executorA')).rawPayload).replace(/\s+/g, ' ');
    expect(pdf).toContain('ґудзик');
    expect(pdf).toContain('Звіт про виконання заходів за I півріччя 2024 року');
    // The coordinator files the submission too; another organisation gets nothing.
    expect((await t.get(`${url}/docx`, 'coordinator')).statusCode).toBe(200);
    expect((await t.get(`${url}/docx`, 'executorB')).statusCode).toBe(404);
    expect((await t.get(`${url}/exe`, 'executorA')).statusCode).toBe(404);
  });

  it('neutralises every text a spreadsheet would read as a formula', () => {
    for (const s of ['=1+1', '+380', '-5', '@SUM(A1)', '\tx', '\rx']) expect(safeText(s).startsWith("'"), JSON.stringify(s)).toBe(true);
    expect(safeText('звичайний текст')).toBe('звичайний текст');
    expect(safeText('x'.repeat(40_000))).toHaveLength(32_000);
  });
});
