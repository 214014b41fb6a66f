import { csvCell, safeText } from '../../domain/spreadsheet.ts';

/**
 * A dashboard's tables as a download: the same numbers the page shows beside its charts, under the
 * same filters. CSV as the other exports write it (UTF-8 with a byte-order mark, semicolons,
 * decimal commas, text neutralised); XLSX with one sheet per table, its header frozen, numbers as
 * numbers and shares as percentages.
 */

export type Cell = string | number | null;

export interface Column {
  title: string;
  /** 'share': a fraction 0…1 shown as a percentage. */
  kind?: 'text' | 'number' | 'share';
}

export interface DashTable {
  /** The sheet's name (at most 31 characters, as Excel allows). */
  sheet: string;
  title: string;
  columns: Column[];
  rows: Cell[][];
}

export const DOWNLOAD_FORMATS = ['csv', 'xlsx'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export function tablesCsv(tables: readonly DashTable[]): Buffer {
  const lines: string[] = [];
  for (const [i, t] of tables.entries()) {
    if (i > 0) lines.push('');
    if (tables.length > 1) lines.push(csvCell(t.title));
    lines.push(t.columns.map((c) => csvCell(c.title)).join(';'));
    for (const r of t.rows) lines.push(r.map((v, j) => csvCell(t.columns[j]?.kind === 'share' && typeof v === 'number' ? Math.round(v * 1000) / 10 : v)).join(';'));
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function tablesXlsx(tables: readonly DashTable[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const used = new Set<string>();
  for (const t of tables) {
    // Excel refuses [] : * ? / \ in a sheet's name and more than 31 characters; names are unique.
    let name = t.sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Аркуш';
    for (let n = 2; used.has(name); n++) name = `${name.slice(0, 28)} ${n}`;
    used.add(name);
    const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    ws.addRow([safeText(t.title)]).font = { bold: true, size: 12 };
    const head = ws.addRow(t.columns.map((c) => safeText(c.title)));
    head.font = { bold: true };
    head.alignment = { wrapText: true, vertical: 'top' };
    for (const r of t.rows) ws.addRow(r.map((v) => (typeof v === 'string' ? safeText(v) : v)));
    t.columns.forEach((c, j) => {
      const col = ws.getColumn(j + 1);
      const longest = Math.max(c.title.length, ...t.rows.map((r) => String(r[j] ?? '').length));
      col.width = Math.min(60, Math.max(8, longest + 2));
      if (c.kind === 'share') col.numFmt = '0%';
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
