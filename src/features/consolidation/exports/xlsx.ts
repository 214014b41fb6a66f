import ExcelJS from 'exceljs';
import { ENTRY_STATES } from '../../../domain/reports.ts';
import type { MessageKey } from '../../../i18n/catalogue.ts';
import type { ConsolidationDocument } from '../document.ts';
import { publishable } from '../service.ts';
import { documentTitle, stateLabel, uk } from '../text.ts';

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

function sheet(wb: ExcelJS.Workbook, name: string, columns: { header: string; width: number; numFmt?: string }[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: safeText(c.header), width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'top', wrapText: true };
  return ws;
}

function text(v: string | null | undefined): string {
  return safeText(v ?? '');
}

export async function consolidationXlsx(doc: ConsolidationDocument, o: { forPublication: boolean; generatedAt: Date }): Promise<Buffer> {
  const t = uk.t;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zvit';
  wb.created = o.generatedAt;
  wb.title = text(documentTitle(uk, doc)).slice(0, 250);

  const measures = sheet(wb, 'Заходи', [
    { header: t('consolidation.doc.col.number'), width: 8 },
    { header: 'Оперативна ціль', width: 8 },
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
        text(m.missing.join('; ')),
      ]);
      row.alignment = { vertical: 'top', wrapText: true };
    }
  }

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
  for (const e of executors.values()) states.addRow([text(e.name), text(e.kind), text(e.district), ...codes.map((m) => text(e.byMeasure.get(m.id) ?? '—'))]);

  // Indicator values, one row per executor and indicator: for pivots by executor and district.
  const values = sheet(wb, 'Показники', [
    { header: 'Захід', width: 8 },
    { header: 'Показник', width: 50 },
    { header: 'Одиниця', width: 12 },
    { header: 'Виконавець', width: 50 },
    { header: 'Вид', width: 22 },
    { header: 'Район', width: 22 },
    { header: 'Значення', width: 14, numFmt: '#,##0.##' },
    { header: 'Звіт прийнято', width: 10 },
  ]);
  for (const m of codes) {
    for (const s of m.sources) {
      for (const v of s.values) {
        if (v.value === null || v.kind === 'boolean') continue;
        const number = v.kind === 'money' ? v.value / 100 : v.value;
        const shown = publishable(v.value, v.sensitive, o.forPublication);
        values.addRow([text(m.code), text(v.name), text(v.unit), text(s.organisation), text(t(`organisations.kind.${s.kind}` as MessageKey)), text(s.district), shown === '<5' ? '<5' : number, s.accepted ? 'так' : 'ні']);
      }
    }
  }

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
  rates.addRow([text(t('grid.rates.subordinate')), r.overall.expected, r.overall.submitted, r.overall.onTime, r.overall.completeness ?? null, r.overall.timeliness ?? null]);
  rates.addRow([text(t('grid.rates.byConsent')), r.byConsent.expected, r.byConsent.submitted, r.byConsent.onTime, r.byConsent.completeness ?? null, r.byConsent.timeliness ?? null]);
  for (const k of r.byKind) rates.addRow([text(t(`organisations.kind.${k.kind}` as MessageKey)), k.rate.expected, k.rate.submitted, k.rate.onTime, k.rate.completeness ?? null, k.rate.timeliness ?? null]);
  rates.addRow([]);
  rates.addRow(['Звітний період з', new Date(`${doc.period.start}T00:00:00Z`)]).getCell(2).numFmt = 'dd.mm.yyyy';
  rates.addRow(['Звітний період по', new Date(`${doc.period.end}T00:00:00Z`)]).getCell(2).numFmt = 'dd.mm.yyyy';
  rates.addRow(['Строк подання звітів', new Date(`${doc.period.executorDeadline}T00:00:00Z`)]).getCell(2).numFmt = 'dd.mm.yyyy';

  return Buffer.from(await wb.xlsx.writeBuffer());
}
