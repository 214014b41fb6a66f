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
import { getPlan } from '../plans/service.ts';
import { createPlan } from '../plans/creation.ts';
import { DEFAULT_SCHEDULE } from '../../domain/periods.ts';
import { loadReport, periodByKey, saveEntry, submitReport } from '../reports/service.ts';
import { reviewReport } from '../reports/review.ts';
import { buildDocument } from './document.ts';
import { render } from './exports/index.ts';
import { TITLE_ROWS, fitScale, safeText } from './exports/xlsx.ts';
import { publicationCsv } from './exports/csv.ts';
import { entriesCsv, entriesJson } from './exports/raw.ts';
import { officeToPdf, pdfPageCount, pdfPagePng, pdfText as printedText, zipPart } from '../../../test/support/office.ts';
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
              {
                code: '1.2',
                title: 'Другий захід того самого завдання',
                deadline: '2024-2025',
                executors: [{ organisationId: 'poltava-ova-education' }, { organisationId: 'community-bilytska', byConsent: true }, { groupId: 'district-military-administrations' }],
              },
            ],
          },
        ],
      },
      {
        number: 2,
        title: 'Друга ціль',
        tasks: [{ number: 2, title: 'Координація та моніторинг', measures: [{ code: '2.1', title: 'Захід другої цілі', deadline: null, executors: [{ organisationId: 'poltava-ova-education' }] }] }],
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
    expect(wb.getWorksheet('Показники')!.rowCount).toBe(TITLE_ROWS);
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
    const docx = await render(doc, 'docx', { version: { number: 1, date: '2024-07-19' }, signatory: { position: 'Директор Департаменту', name: 'Олена КОВАЛЬ' }, forPublication: false });
    const xml = unzip(docx.bytes, 'word/document.xml');
    // A4 landscape: the order's six columns at 12 pt.
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/);
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="567" w:bottom="1134" w:left="1701"/);
    expect(xml).toContain('<w:titlePg/>');
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('<w:tblHeader/>');
    for (const phrase of ['ІНФОРМАЦІЯ', '№ з/п', 'Найменування заходу', 'Відповідальні за виконання', 'Стан виконання', 'Оперативна ціль 1. Ціль з ґ, ї, є та і', 'Олена КОВАЛЬ', 'Версія 1 від 19.07.2024', 'ґудзик, їжак, єдність, інформація, м’ята', '🇺🇦', 'שלום']) {
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
    expect(measures.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(measures.getColumn(3).width).toBe(45);
    expect(measures.getCell('C3').value).toBe("'+Захід, що починається з плюса, і =формула");
    expect(measures.getCell('D3').value).toBe('Постійно');
    expect(typeof measures.getCell('H3').value).toBe('number');
    const values = wb.getWorksheet('Показники')!;
    const rows = values.getSheetValues().slice(3) as unknown[][];
    expect(rows.some((r) => r[2] === 'Виплачено допомоги' && r[7] === 1500.5)).toBe(true);
    expect(rows.some((r) => r[2] === 'Виявлено постраждалих осіб' && r[7] === 3)).toBe(true);
    const rates = wb.getWorksheet('Звітування')!;
    const start = rates.getSheetValues().find((r) => Array.isArray(r) && r[1] === 'Звітний період з') as unknown[];
    expect(start[2]).toBeInstanceOf(Date);
    // Marked for publication: no single executor's value, and a sensitive total below five is "<5".
    const pub = new ExcelJS.Workbook();
    await pub.xlsx.load((await render(doc, 'xlsx', { version: null, signatory: null, forPublication: true })).bytes as unknown as ArrayBuffer);
    expect(pub.getWorksheet('Показники')!.rowCount).toBe(TITLE_ROWS);
    const pubTotals = pub.getWorksheet('Підсумки')!.getSheetValues().slice(3) as unknown[][];
    expect(pubTotals.filter((r) => r[2] === 'Виявлено постраждалих осіб').map((r) => r[5])).toEqual(['<5']);
    expect(pubTotals.some((r) => r[2] === 'Проведено заходів' && r[5] === 24)).toBe(true);

    // PDF: Ukrainian letters intact through pdftotext.
    const text = pdfText((await render(doc, 'pdf', { version: null, signatory: null, forPublication: false })).bytes).replace(/\s+/g, ' ');
    for (const word of ['ІНФОРМАЦІЯ', 'ґудзик', 'їжак', 'єдність', 'інформація', 'м’ята', 'Оперативна ціль 1', 'Надання інформації виконавцями', 'ПРОЄКТ']) expect(text, word).toContain(word);
  });

  it('lays the table out as the order’s own: the task merged down over its measures, goal rows across, deadlines, short executors; headers repeat', async () => {
    const doc = await documentOf();
    // A long cell, so that the table runs onto a second page, where its header must stand again (the
    // drafts are short now, and who did not report is said once, after the table).
    doc.goals[0]!.measures[0]!.summary = 'Текст координатора, що займає не одну сторінку таблиці. '.repeat(60);
    const docx = (await render(doc, 'docx', { version: null, signatory: null, forPublication: false })).bytes;
    const xml = zipPart(docx, 'word/document.xml');
    const table = xml.slice(xml.indexOf('<w:tbl>'), xml.lastIndexOf('</w:tbl>'));
    const rows = table.split('<w:tr>').slice(1);
    const texts = (row: string) => [...row.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => [...c[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    // The header and the columns' numbers under it, both repeated on every page and never split.
    expect(texts(rows[0]!)).toEqual(['Найменування завдання', '№ з/п', 'Найменування заходу', 'Строк виконання', 'Відповідальні за виконання', 'Стан виконання']);
    expect(texts(rows[1]!)).toEqual(['1', '2', '3', '4', '5', '6']);
    for (const r of rows.slice(0, 2)) expect(r).toMatch(/<w:trPr>(?=[\s\S]*<w:tblHeader\/>)(?=[\s\S]*<w:cantSplit\/>)[\s\S]*?<\/w:trPr>/);
    expect(rows[2]).not.toContain('<w:tblHeader/>');
    // A goal's row spans all six columns.
    expect(rows[2]).toContain('<w:gridSpan w:val="6"/>');
    expect(rows[2]).toContain('<w:keepNext/>');
    expect(texts(rows[2]!)).toEqual(['Оперативна ціль 1. Ціль з ґ, ї, є та і']);
    // Task 1 in the first column, merged down over its two measures (w:vMerge restart, then continue).
    const first = texts(rows[3]!);
    expect(first.slice(0, 4)).toEqual(['Завдання 1. Завдання', '1.1', '+Захід, що починається з плюса, і =формула', 'Постійно']);
    expect(first[4]).toBe('ГУНП в Полтавській області, Служба у справах дітей');
    expect(rows[3]).toContain('<w:vMerge w:val="restart"/>');
    expect(rows[4]).toContain('<w:vMerge w:val="continue"/>');
    // Short names from the directory, a community as "… ТГ", a group in lower case within the list, "(за згодою)" kept.
    expect(texts(rows[4]!).slice(1, 5)).toEqual(['1.2', 'Другий захід того самого завдання', '2024-2025', 'Департамент освіти і науки, Білицька ТГ (за згодою), районні військові адміністрації']);
    expect(texts(rows[5]!)).toEqual(['Оперативна ціль 2. Друга ціль']);
    expect(texts(rows[6]!).slice(0, 4)).toEqual(['Завдання 2. Координація та моніторинг', '2.1', 'Захід другої цілі', 'не визначено']);
    expect(rows[6]).not.toContain('<w:vMerge');
    // Every run Ukrainian.
    const runs = xml.match(/<w:r>[\s\S]*?<\/w:r>/g)!;
    expect(runs.length).toBeGreaterThan(40);
    for (const r of runs) expect(r).toContain('<w:lang w:val="uk-UA"/>');

    // As it prints (LibreOffice): landscape, the headers whole on every page (no word broken mid-way), the task's title.
    const printed = await officeToPdf(docx);
    const text = printedText(printed);
    for (const h of ['Найменування', 'завдання', '№', 'з/п', 'Строк', 'виконання', 'Відповідальні за', 'Стан виконання', 'Завдання 1.', 'Завдання 2.', 'Координація та', 'Оперативна ціль 2. Друга ціль']) expect(text, h).toContain(h);
    // The header's lines hold whole words only: a column too narrow would break one ("виконанн" / "я").
    const lines = printedText(printed, 1).split('\n');
    const top = lines.findIndex((l) => l.includes('Найменування'));
    const numbersLine = lines.findIndex((l) => /^\s*1\s+2\s+3\s+4\s+5\s+6\s*$/.test(l));
    expect(numbersLine).toBeGreaterThan(top);
    const words = new Set('Найменування завдання № з/п заходу Строк виконання Відповідальні за Стан'.split(' '));
    for (const token of lines.slice(top, numbersLine).join(' ').split(/\s+/).filter(Boolean)) expect(words, token).toContain(token);
    // The table runs onto page 2: the header again on top of it.
    expect(pdfPageCount(printed)).toBeGreaterThanOrEqual(2);
    expect(printedText(printed, 2).split('\n').slice(0, 4).join('\n')).toMatch(/Найменування заходу[\s\S]*\b1\s+2\s+3\s+4\s+5\s+6\b/);
    const png = path.join(dir, 'table-page-1.png');
    pdfPagePng(printed, 1, png, 40);
    const image = fs.readFileSync(png);
    // Wider than tall: landscape.
    expect(image.readUInt32BE(16)).toBeGreaterThan(image.readUInt32BE(20));

    // The PDF made in the process: the same columns, landscape.
    const pdf = (await render(doc, 'pdf', { version: null, signatory: null, forPublication: false })).bytes;
    const ptext = pdfText(pdf).replace(/\s+/g, ' ');
    for (const h of ['Найменування заходу', 'Строк виконання', 'Відповідальні за виконання', 'Завдання 1. Завдання', 'Білицька ТГ (за згодою)']) expect(ptext, h).toContain(h);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
  }, 240_000);

  it('renders a version frozen before the table had tasks, deadlines and short names', async () => {
    const doc = await documentOf();
    // As stored by an older version: the three fields absent.
    const old = JSON.parse(JSON.stringify(doc)) as typeof doc;
    for (const g of old.goals) for (const m of g.measures) for (const k of ['task', 'deadline', 'executorsShort'] as const) delete m[k];
    const xml = zipPart((await render(old, 'docx', { version: { number: 1, date: '2024-07-19' }, signatory: null, forPublication: false })).bytes, 'word/document.xml');
    expect(xml).toContain('Найменування завдання');
    expect(xml).not.toContain('Завдання 1.');
    expect(xml).toContain('Головне управління Національної поліції в Полтавській області');
    // The measures of a goal without their tasks: one empty merged cell.
    expect(xml).toContain('<w:vMerge w:val="restart"/>');
    const pdf = pdfText((await render(old, 'pdf', { version: { number: 1, date: '2024-07-19' }, signatory: null, forPublication: false })).bytes).replace(/\s+/g, ' ');
    expect(pdf).toContain('Другий захід того самого завдання');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await render(old, 'xlsx', { version: null, signatory: null, forPublication: false })).bytes as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Заходи')!.getCell('A3').value).toBe('1.1');
  });

  it('prints the workbook: a title row, borders, the page number at the foot, a legible scale, the first column frozen on the wide sheet', async () => {
    const doc = await documentOf();
    const bytes = (await render(doc, 'xlsx', { version: { number: 3, date: '2024-07-19' }, signatory: null, forPublication: false })).bytes;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    for (const ws of wb.worksheets) {
      expect(ws.getCell('A1').value, ws.name).toBe('План для перевірки документів «з лапками» та апострофом: м’який знак — I півріччя 2024 року; версія 3 від 19.07.2024');
      expect(ws.getCell('A1').font?.bold).toBe(true);
      expect(ws.getCell('A2').font?.bold).toBe(true);
      expect(ws.getCell('A2').border, ws.name).toMatchObject({ top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } });
      expect(ws.headerFooter.oddFooter, ws.name).toBe('&CСторінка &P з &N');
      expect(ws.pageSetup, ws.name).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '1:2' });
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 2 });
      // Never microscopic: as wide as a page at no less than 60%, or 60% over several pages.
      if (ws.pageSetup.fitToPage) expect(fitScale(ws.columns.map((c) => c.width ?? 9))).toBeGreaterThanOrEqual(60);
      else expect(ws.pageSetup.scale).toBe(60);
    }
    expect(wb.getWorksheet('Заходи')!.getCell('C3').border).toMatchObject({ bottom: { style: 'thin' } });
    expect(wb.getWorksheet('Підсумки')!.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    const wide = wb.getWorksheet('Стан за виконавцями')!;
    expect(wide.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 });
    expect(wide.getCell('A3').value).toBe('Головне управління Національної поліції в Полтавській області');
    expect(wide.getCell('D3').border).toMatchObject({ left: { style: 'thin' } });
    const draft = new ExcelJS.Workbook();
    await draft.xlsx.load((await render(doc, 'xlsx', { version: null, signatory: null, forPublication: false })).bytes as unknown as ArrayBuffer);
    expect(String(draft.getWorksheet('Звітування')!.getCell('A1').value)).toMatch(/; чернетка$/);

    // As it prints (LibreOffice Calc): the title, the header and "Сторінка 1 з N" on the first page.
    const printed = await officeToPdf(bytes, 'xlsx');
    const first = printedText(printed, 1);
    expect(first).toContain('версія 3 від 19.07.2024');
    expect(first).toContain('Найменування заходу');
    expect(first).toMatch(/Сторінка 1 з \d+/);
  }, 240_000);

  it('writes the CSV files with Ukrainian headers and codes; the JSON keeps English keys', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const plan = (await getPlan(db, PLAN))!;
    const c = await consolidate(db, directory, plan, periodByKey(plan, H1)!);
    const csv = entriesCsv(c, directory);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('План;Період;Захід;Код організації;Виконавець;Вид виконавця;Район;Звіт;Подання №;Стан виконання;Причина;Що зроблено;Показник;Одиниця виміру;Значення;Чутливий показник');
    expect(lines.some((l) => l.startsWith('"export-test";"I півріччя 2024 року";"1.1";"poltava-police";"Головне управління Національної поліції в Полтавській області";"територіальний орган";"";"прийнято";1;"виконано"'))).toBe(true);
    expect(lines.some((l) => l.includes(';"подано";1;"виконано"'))).toBe(true);
    for (const code of ['done', 'accepted', 'submitted', 'territorial_body', '2024-H1']) expect(lines.join('\n'), code).not.toContain(`"${code}"`);
    const json = JSON.parse(entriesJson(c).toString('utf8')) as { period: string; rows: { state: string; report: string; kind: string }[] };
    expect(json.period).toBe('2024-H1');
    expect(json.rows.map((r) => [r.state, r.report, r.kind]).sort()).toContainEqual(['done', 'accepted', 'territorial_body']);
    // The publication CSV: Ukrainian headers, states and groups in words.
    const pub = publicationCsv(buildDocument(c, {}, directory)).subarray(3).toString('utf8').split('\r\n');
    expect(pub[0]).toBe('Захід;Найменування заходу;Відповідальні за виконання;Стан виконання;Текст для оприлюднення;Показник;Одиниця виміру;Виконавці;Значення');
    expect(pub.some((l) => l.includes('"Проведено заходів";"од.";"обласні органи та установи";24'))).toBe(true);
  });

  it('gives an organisation its own report as DOCX and PDF, and nobody else’s', async () => {
    const url = `/reports/${PLAN}/${H1}/poltava-police/export`;
    const docx = await t.get(`${url}/docx`, 'executorA');
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toContain('attachment');
    const xml = unzip(docx.rawPayload, 'word/document.xml');
    // A letter on the organisation's letterhead to the coordinating department (own-letter.test.ts looks closer).
    expect(xml).toContain('ГОЛОВНЕ УПРАВЛІННЯ НАЦІОНАЛЬНОЇ ПОЛІЦІЇ В ПОЛТАВСЬКІЙ ОБЛАСТІ');
    expect(xml).toContain('ґудзик, їжак, єдність, інформація, м’ята');
    expect(xml).not.toContain('Подання 1 від');
    const pdf = pdfText((await t.get(`${url}/pdf`, 'executorA')).rawPayload).replace(/\s+/g, ' ');
    expect(pdf).toContain('ґудзик');
    expect(pdf).toContain('Про стан виконання плану заходів');
    expect(pdf).toContain('за I півріччя 2024 року');
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
