import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { ENTRY_STATES } from '../../../domain/reports.ts';
import type { MessageKey } from '../../../i18n/catalogue.ts';
import type { ConsolidationDocument } from '../document.ts';
import { documentTitle, groupedTotals, publishedValue, stateLabel, uk } from '../text.ts';

/**
 * The consolidation as a workbook, one sheet per view: measures; executors × measures states;
 * indicators by executor and district; reporting rates. Numbers are numbers, dates are dates,
 * header rows are frozen, widths set; a text cell that a spreadsheet would read as a formula
 * (= + - @, a tab or a carriage return first) is neutralised with a leading apostrophe.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text as a spreadsheet may safely hold it (formula injection, control characters, the cell limit). */
export function safeText(s: string): string {
  const clean = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').slice(0, 32_000);
  return FORMULA_START.test(clean) ? `'${clean}` : clean;
}

type Book = ExcelJS.stream.xlsx.WorkbookWriter;

function sheet(wb: Book, name: string, columns: { header: string; width: number; numFmt?: string }[]) {
  // Printed on A4 landscape, as wide as a page, the header row on every page.
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' } });
  ws.columns = columns.map((c) => ({ header: safeText(c.header), width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'top', wrapText: true };
  head.commit();
  return ws;
}

/** Lines a text takes in a column of `width` characters when wrapped. */
function lines(text: string, width: number): number {
  return text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / (width * 1.05))), 0);
}

function text(v: string | null | undefined): string {
  return safeText(v ?? '');
}

export async function consolidationXlsx(doc: ConsolidationDocument, o: { forPublication: boolean; generatedAt: Date }): Promise<Buffer> {
  const t = uk.t;
  // Streamed: a plan of 300 measures × 500 organisations is 150,000 rows of values.
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  wb.creator = 'Zvit';
  wb.created = o.generatedAt;
  wb.title = text(documentTitle(uk, doc)).slice(0, 250);

  const measures = sheet(wb, 'Заходи', [
    { header: t('consolidation.doc.col.number'), width: 8 },
    { header: 'Оперативна ціль', width: 14 },
    { header: t('consolidation.doc.col.measure'), width: 60 },
    { header: t('consolidation.doc.col.executors'), width: 40 },
    { header: 'Стан (за координатором)', width: 18 },
    { header: 'Узагальнено', width: 80 },
    { header: 'Очікувалося звітів', width: 12 },
    { header: 'Подали', width: 10 },
    ...ENTRY_STATES.map((s) => ({ header: stateLabel(uk, s), width: 12 })),
    { header: 'Не надали', width: 40 },
  ]);
  for (const g of doc.goals) {
    for (const m of g.measures) {
      const row = measures.addRow([
        text(m.code),
        g.number,
        text(m.title),
        text(m.executors.join('; ')),
        text(m.state ? stateLabel(uk, m.state) : ''),
        text(m.summary),
        m.expected,
        m.sources.length,
        ...ENTRY_STATES.map((s) => m.rollup[s]),
        text([...m.missing, ...m.notProvided.map((n) => `${n.organisation} (${n.declined ? 'відмовилися' : 'за згодою'})`)].join('; ')),
      ]);
      row.alignment = { vertical: 'top', wrapText: true };
      // A streamed sheet has no auto-fit: the height the wrapped texts need, estimated from the widths.
      row.height = Math.min(409, 15 * Math.max(1, ...[[m.title, 60], [m.executors.join('; '), 40], [m.summary, 80], [m.missing.join('; '), 40]].map(([text, width]) => lines(String(text), Number(width)))));
      row.commit();
    }
  }
  measures.commit();

  // Executors × measures: the state each gave (or why none).
  const codes = doc.goals.flatMap((g) => g.measures);
  const states = sheet(wb, 'Стан за виконавцями', [{ header: 'Виконавець', width: 50 }, { header: 'Вид', width: 22 }, { header: 'Район', width: 22 }, ...codes.map((m) => ({ header: m.code, width: 12 }))]);
  const executors = new Map<string, { name: string; kind: string; district: string | null; byMeasure: Map<number, string> }>();
  for (const m of codes) {
    for (const s of m.sources) {
      const e = executors.get(s.organisationId) ?? { name: s.organisation, kind: t(`organisations.kind.${s.kind}` as MessageKey), district: s.district, byMeasure: new Map() };
      e.byMeasure.set(m.id, `${stateLabel(uk, s.state)}${s.accepted ? '' : ' (подано)'}`);
      executors.set(s.organisationId, e);
    }
  }
  for (const e of executors.values()) states.addRow([text(e.name), text(e.kind), text(e.district), ...codes.map((m) => text(e.byMeasure.get(m.id) ?? '—'))]).commit();
  states.commit();

  // Indicator values, one row per executor and indicator: for pivots by executor and district.
  const values = sheet(wb, 'Показники', [
    { header: 'Захід', width: 8 },
    { header: 'Показник', width: 50 },
    { header: 'Одиниця', width: 12 },
    { header: 'Виконавець', width: 50 },
    { header: 'Вид', width: 22 },
    { header: 'Район', width: 22 },
    { header: 'Значення', width: 14 },
    { header: 'Звіт прийнято', width: 10 },
  ]);
  for (const m of codes) {
    for (const s of m.sources) {
      for (const v of s.values) {
        if (v.value === null || v.kind === 'boolean') continue;
        const number = v.kind === 'money' ? v.value / 100 : v.value;
        const row = values.addRow([text(m.code), text(v.name), text(v.unit), text(s.organisation), text(t(`organisations.kind.${s.kind}` as MessageKey)), text(s.district), number, s.accepted ? 'так' : 'ні']);
        row.getCell(7).numFmt = v.kind === 'money' ? '#,##0.00' : '#,##0';
        row.commit();
      }
    }
  }
  values.commit();

  // Totals per group of executors and the grand total: in a document for publication, as suppression left them.
  const totals = sheet(wb, 'Підсумки', [
    { header: 'Захід', width: 8 },
    { header: 'Показник', width: 50 },
    { header: 'Одиниця', width: 12 },
    { header: 'Виконавці', width: 30 },
    { header: 'Значення', width: 14 },
  ]);
  for (const m of codes) {
    for (const x of m.totals) {
      const cells: { label: string; value: number | null; small?: boolean }[] = x.published
        ? [...x.published.groups.map((g) => ({ label: t(`consolidation.group.${g.group}` as MessageKey), value: g.value, small: g.small })), ...(x.published.grand !== undefined ? [{ label: t('consolidation.doc.grand'), value: x.published.grand, small: x.published.grandSmall }] : [])]
        : [...groupedTotals(x).map((g) => ({ label: t(`consolidation.group.${g.group}` as MessageKey), value: g.total })), ...(x.grand !== null ? [{ label: t('consolidation.doc.grand'), value: x.grand }] : [])];
      for (const c of cells) {
        const shown = c.value === null ? publishedValue(x, null, c.small) : x.kind === 'money' ? c.value / 100 : c.value;
        const row = totals.addRow([text(m.code), text(x.name), text(x.unit), text(c.label), shown]);
        row.getCell(5).numFmt = x.kind === 'money' ? '#,##0.00' : '#,##0';
        row.commit();
      }
    }
  }
  totals.commit();

  // Reporting rates.
  const rates = sheet(wb, 'Звітування', [
    { header: 'Виконавці', width: 36 },
    { header: 'Очікувалося', width: 12 },
    { header: 'Подали', width: 10 },
    { header: 'У строк', width: 10 },
    { header: 'Повнота', width: 10, numFmt: '0%' },
    { header: 'Своєчасність', width: 12, numFmt: '0%' },
  ]);
  const r = doc.rates;
  const rateRows: unknown[][] = [
    [text(t('grid.rates.subordinate')), r.overall.expected, r.overall.submitted, r.overall.onTime, r.overall.completeness ?? null, r.overall.timeliness ?? null],
    [text(t('grid.rates.byConsent')), r.byConsent.expected, r.byConsent.submitted, r.byConsent.onTime, r.byConsent.completeness ?? null, r.byConsent.timeliness ?? null],
    ...r.byKind.map((k) => [text(t(`organisations.kind.${k.kind}` as MessageKey)), k.rate.expected, k.rate.submitted, k.rate.onTime, k.rate.completeness ?? null, k.rate.timeliness ?? null]),
  ];
  for (const row of rateRows) rates.addRow(row).commit();
  rates.addRow([]).commit();
  for (const [label, d] of [
    ['Звітний період з', doc.period.start],
    ['Звітний період по', doc.period.end],
    ['Строк подання звітів', doc.period.executorDeadline],
  ] as const) {
    const row = rates.addRow([label, new Date(`${d}T00:00:00Z`)]);
    row.getCell(2).numFmt = 'dd.mm.yyyy';
    row.commit();
  }
  rates.commit();
  await wb.commit();
  await finished;
  return Buffer.concat(chunks);
}
