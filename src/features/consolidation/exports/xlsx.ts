import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { ENTRY_STATES } from '../../../domain/reports.ts';
import type { MessageKey } from '../../../i18n/catalogue.ts';
import type { ConsolidationDocument } from '../document.ts';
import { date, documentTitle, groupedTotals, periodTitle, publishedValue, stateLabel, uk } from '../text.ts';

/**
 * The consolidation as a workbook, one sheet per view: measures; executors × measures states;
 * indicators by executor and district; reporting rates. Every sheet opens with a title row (plan,
 * period, version or "чернетка") above its header, prints on A4 landscape with both repeated and
 * "Сторінка N з M" at the foot, its table bordered. Numbers are numbers, dates are dates,
 * the title and header rows are frozen (and the executors' column on the wide sheet), widths set; a text cell that a spreadsheet would read as a formula
 * (= + - @, a tab or a carriage return first) is neutralised with a leading apostrophe.
 */

/** Spreadsheet-safe text lives in the domain (every export uses it); kept here for this module's importers. */
export { safeText } from '../../../domain/spreadsheet.ts';
import { safeText } from '../../../domain/spreadsheet.ts';

type Book = ExcelJS.stream.xlsx.WorkbookWriter;

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** The first rows of every sheet: the title (plan, period, version or draft) and the header. */
export const TITLE_ROWS = 2;

/** A table row's cells, bordered as a printed table (a streamed row: set before it is committed). */
function bordered(row: ExcelJS.Row, count: number) {
  for (let i = 1; i <= count; i++) row.getCell(i).border = BORDER;
}

interface SheetOptions {
  /** The title row's text: plan, period, version or "чернетка". */
  title: string;
  /** The wide sheet (executors × measures): the first column frozen. */
  wide?: boolean;
}

/** The printable width of A4 landscape with the margins below, in points. */
const PRINTABLE = (297 / 25.4 - 0.8) * 72;
/** The smallest scale a printed sheet keeps (below it 12 pt text is too small to read). */
export const MIN_SCALE = 60;

/** The scale at which a sheet of these column widths (characters) is as wide as one page: at most 100. */
export function fitScale(widths: number[]): number {
  // About 7 pt a character of width as LibreOffice and Excel print the default font.
  const points = widths.reduce((sum, w) => sum + w * 7 + 4, 0);
  return Math.min(100, Math.floor((PRINTABLE / points) * 100));
}

function sheet(wb: Book, name: string, columns: { header: string; width: number; numFmt?: string }[], o: SheetOptions) {
  // Printed on A4 landscape with the title and the header on every page, a page number at the
  // foot: a sheet as wide as a page where that keeps it legible (at least 60%); a wider one at
  // 60%, over as many pages wide as it takes, its first column repeated on each.
  const fits = fitScale(columns.map((c) => c.width)) >= MIN_SCALE;
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: TITLE_ROWS, xSplit: o.wide ? 1 : 0 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      ...(fits ? { fitToPage: true, fitToWidth: 1, fitToHeight: 0 } : { fitToPage: false, scale: MIN_SCALE }),
      printTitlesRow: `1:${TITLE_ROWS}`,
      ...(fits ? {} : { printTitlesColumn: 'A:A' }),
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&C${uk.t('documentTable.xlsx.footer')}`, evenFooter: `&C${uk.t('documentTable.xlsx.footer')}` },
  });
  ws.columns = columns.map((c) => ({ width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const title = ws.addRow([safeText(o.title)]);
  title.font = { bold: true, size: 12 };
  title.height = 20;
  title.commit();
  const head = ws.addRow(columns.map((c) => safeText(c.header)));
  head.font = { bold: true };
  head.alignment = { vertical: 'top', wrapText: true };
  head.height = 15 * Math.max(1, ...columns.map((c) => lines(c.header, c.width * 0.9)));
  bordered(head, columns.length);
  head.commit();
  return { ws, count: columns.length };
}

/** Adds a bordered row to a sheet made by `sheet`. */
function add(s: { ws: ExcelJS.Worksheet; count: number }, values: unknown[], extra?: (row: ExcelJS.Row) => void) {
  const row = s.ws.addRow(values);
  bordered(row, s.count);
  extra?.(row);
  row.commit();
  return row;
}

/** Lines a text takes in a column of `width` characters when wrapped. */
function lines(text: string, width: number): number {
  return text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / (width * 1.05))), 0);
}

function text(v: string | null | undefined): string {
  return safeText(v ?? '');
}

export async function consolidationXlsx(doc: ConsolidationDocument, o: { forPublication: boolean; generatedAt: Date; version?: { number: number; date: string } | null }): Promise<Buffer> {
  const t = uk.t;
  const version = o.version ? t('documentTable.xlsx.version', { number: o.version.number, date: date(o.version.date) }) : t('documentTable.xlsx.draft');
  const heading = { title: t('documentTable.xlsx.title', { plan: doc.plan.shortTitle ?? doc.plan.title, period: periodTitle(uk, doc), version }) };
  // Streamed: a plan of 300 measures × 500 organisations is 150,000 rows of values.
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  // exceljs is imported on the first workbook a process makes (it costs about 0.4 s to import).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  wb.creator = 'Zvit';
  wb.created = o.generatedAt;
  wb.title = text(documentTitle(uk, doc)).slice(0, 250);

  const measures = sheet(wb, 'Заходи', [
    { header: t('consolidation.doc.col.number'), width: 8 },
    { header: 'Оперативна ціль', width: 12 },
    { header: t('consolidation.doc.col.measure'), width: 45 },
    { header: t('documentTable.col.deadline'), width: 11 },
    { header: t('consolidation.doc.col.executors'), width: 30 },
    { header: 'Стан (за координатором)', width: 16 },
    { header: 'Узагальнено', width: 62 },
    { header: 'Очікувалося звітів', width: 12 },
    { header: 'Подали', width: 10 },
    ...ENTRY_STATES.map((s) => ({ header: stateLabel(uk, s), width: 13 })),
    { header: 'Не надали', width: 40 },
  ], heading);
  for (const g of doc.goals) {
    for (const m of g.measures) {
      add(measures, [
        text(m.code),
        g.number,
        text(m.title),
        text(m.deadline ?? ''),
        text(m.executors.join('; ')),
        text(m.state ? stateLabel(uk, m.state) : ''),
        text(m.summary),
        m.expected,
        m.sources.length,
        ...ENTRY_STATES.map((s) => m.rollup[s]),
        text([...m.missing, ...m.notProvided.map((n) => `${n.organisation} (${n.declined ? 'відмовилися' : 'за згодою'})`)].join('; ')),
      ], (row) => {
        row.alignment = { vertical: 'top', wrapText: true };
        // A streamed sheet has no auto-fit: the height the wrapped texts need, estimated from the widths.
        row.height = Math.min(409, 15 * Math.max(1, ...[[m.title, 45], [m.executors.join('; '), 30], [m.summary, 62], [m.missing.join('; '), 40]].map(([text, width]) => lines(String(text), Number(width)))));
      });
    }
  }
  measures.ws.commit();

  // Executors × measures: the state each gave (or why none).
  const codes = doc.goals.flatMap((g) => g.measures);
  const states = sheet(wb, 'Стан за виконавцями', [{ header: 'Виконавець', width: 50 }, { header: 'Вид', width: 22 }, { header: 'Район', width: 22 }, ...codes.map((m) => ({ header: m.code, width: 14 }))], { ...heading, wide: true });
  const executors = new Map<string, { name: string; kind: string; district: string | null; byMeasure: Map<number, string> }>();
  for (const m of codes) {
    for (const s of m.sources) {
      const e = executors.get(s.organisationId) ?? { name: s.organisation, kind: t(`organisations.kind.${s.kind}` as MessageKey), district: s.district, byMeasure: new Map() };
      e.byMeasure.set(m.id, `${stateLabel(uk, s.state)}${s.accepted ? '' : ' (подано)'}`);
      executors.set(s.organisationId, e);
    }
  }
  for (const e of executors.values()) {
    const cells = codes.map((m) => e.byMeasure.get(m.id) ?? '—');
    add(states, [text(e.name), text(e.kind), text(e.district), ...cells.map(text)], (row) => {
      row.alignment = { vertical: 'top', wrapText: true };
      row.height = 15 * Math.max(lines(e.name, 50), lines(e.kind, 22), ...cells.map((c) => lines(c, 14)));
    });
  }
  states.ws.commit();

  // Indicator values, one row per executor and indicator: for pivots by executor and district.
  const values = sheet(wb, 'Показники', [
    { header: 'Захід', width: 8 },
    { header: 'Показник', width: 44 },
    { header: 'Одиниця', width: 12 },
    { header: 'Виконавець', width: 44 },
    { header: 'Вид', width: 22 },
    { header: 'Район', width: 22 },
    { header: 'Значення', width: 14 },
    { header: 'Звіт прийнято', width: 10 },
  ], heading);
  for (const m of codes) {
    for (const s of m.sources) {
      for (const v of s.values) {
        if (v.value === null || v.kind === 'boolean') continue;
        const number = v.kind === 'money' ? v.value / 100 : v.value;
        add(values, [text(m.code), text(v.name), text(v.unit), text(s.organisation), text(t(`organisations.kind.${s.kind}` as MessageKey)), text(s.district), number, s.accepted ? 'так' : 'ні'], (row) => (row.getCell(7).numFmt = v.kind === 'money' ? '#,##0.00' : '#,##0'));
      }
    }
  }
  values.ws.commit();

  // Totals per group of executors and the grand total: in a document for publication, as suppression left them.
  const totals = sheet(wb, 'Підсумки', [
    { header: 'Захід', width: 8 },
    { header: 'Показник', width: 50 },
    { header: 'Одиниця', width: 12 },
    { header: 'Виконавці', width: 30 },
    { header: 'Значення', width: 14 },
  ], heading);
  for (const m of codes) {
    for (const x of m.totals) {
      const cells: { label: string; value: number | null; small?: boolean }[] = x.published
        ? [...x.published.groups.map((g) => ({ label: t(`consolidation.group.${g.group}` as MessageKey), value: g.value, small: g.small })), ...(x.published.grand !== undefined ? [{ label: t('consolidation.doc.grand'), value: x.published.grand, small: x.published.grandSmall }] : [])]
        : [...groupedTotals(x).map((g) => ({ label: t(`consolidation.group.${g.group}` as MessageKey), value: g.total })), ...(x.grand !== null ? [{ label: t('consolidation.doc.grand'), value: x.grand }] : [])];
      for (const c of cells) {
        const shown = c.value === null ? publishedValue(x, null, c.small) : x.kind === 'money' ? c.value / 100 : c.value;
        add(totals, [text(m.code), text(x.name), text(x.unit), text(c.label), shown], (row) => (row.getCell(5).numFmt = x.kind === 'money' ? '#,##0.00' : '#,##0'));
      }
    }
  }
  totals.ws.commit();

  // Reporting rates.
  const rates = sheet(wb, 'Звітування', [
    { header: 'Виконавці', width: 36 },
    { header: 'Очікувалося', width: 12 },
    { header: 'Подали', width: 10 },
    { header: 'У строк', width: 10 },
    { header: 'Повнота', width: 10, numFmt: '0%' },
    { header: 'Своєчасність', width: 14, numFmt: '0%' },
  ], heading);
  const r = doc.rates;
  const rateRows: unknown[][] = [
    [text(t('grid.rates.subordinate')), r.overall.expected, r.overall.submitted, r.overall.onTime, r.overall.completeness ?? null, r.overall.timeliness ?? null],
    [text(t('grid.rates.byConsent')), r.byConsent.expected, r.byConsent.submitted, r.byConsent.onTime, r.byConsent.completeness ?? null, r.byConsent.timeliness ?? null],
    ...r.byKind.map((k) => [text(t(`organisations.kind.${k.kind}` as MessageKey)), k.rate.expected, k.rate.submitted, k.rate.onTime, k.rate.completeness ?? null, k.rate.timeliness ?? null]),
  ];
  for (const row of rateRows) add(rates, row);
  rates.ws.addRow([]).commit();
  for (const [label, d] of [
    ['Звітний період з', doc.period.start],
    ['Звітний період по', doc.period.end],
    ['Строк подання звітів', doc.period.executorDeadline],
  ] as const) {
    const row = rates.ws.addRow([label, new Date(`${d}T00:00:00Z`)]);
    row.getCell(2).numFmt = 'dd.mm.yyyy';
    row.commit();
  }
  rates.ws.commit();
  await wb.commit();
  await finished;
  return Buffer.concat(chunks);
}
