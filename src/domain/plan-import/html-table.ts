import { cleanText, type TableRow } from './text-table.ts';

/**
 * The tables of an order converted to HTML (from DOCX by mammoth) → the same rows as the text
 * reader gives. Merged cells keep the columns in place: a cell spanning rows leaves an empty cell
 * in the rows below it; a cell spanning columns is followed by empty ones.
 */

function paragraphsOf(cellHtml: string): string[] {
  const ps = [...cellHtml.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/gi)].map((m) => cleanText(m[1]!));
  const list = ps.length ? ps : [cleanText(cellHtml)];
  return list.filter((p) => p !== '');
}

export interface HtmlDocument {
  preamble: string[];
  rows: TableRow[];
}

function isHeaderRow(cells: string[][]): boolean {
  const flat = cells.flat();
  if (flat.length === 0) return true;
  if (flat.every((c) => /^\d{1,2}$/.test(c))) return true;
  return /^найменування\s+(завдання|заходу)/i.test(flat[0]!);
}

export function readHtmlTables(html: string): HtmlDocument {
  const firstTable = html.search(/<table\b/i);
  const before = firstTable < 0 ? html : html.slice(0, firstTable);
  const preamble = [...before.matchAll(/<(p|h\d)\b[^>]*>([\s\S]*?)<\/\1>/gi)].map((m) => cleanText(m[2]!)).filter(Boolean);
  const rows: TableRow[] = [];
  for (const table of html.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table>/gi)) {
    // Cells still covered by a rowspan from above: column → rows left.
    const covering = new Map<number, number>();
    let index = 0;
    for (const tr of table[1]!.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)) {
      index++;
      const cells: string[][] = [];
      let col = 0;
      const take = () => {
        while ((covering.get(col) ?? 0) > 0) {
          covering.set(col, covering.get(col)! - 1);
          cells.push([]);
          col++;
        }
      };
      for (const td of tr[1]!.matchAll(/<t([dh])\b([^>]*)>([\s\S]*?)<\/t\1>/gi)) {
        take();
        const attrs = td[2]!;
        const rowspan = Number(/rowspan="(\d+)"/i.exec(attrs)?.[1] ?? 1);
        const colspan = Number(/colspan="(\d+)"/i.exec(attrs)?.[1] ?? 1);
        cells.push(paragraphsOf(td[3]!));
        if (rowspan > 1) covering.set(col, rowspan - 1);
        col++;
        for (let k = 1; k < colspan; k++) {
          cells.push([]);
          col++;
        }
      }
      take();
      if (!isHeaderRow(cells)) rows.push({ cells, line: index });
    }
  }
  return { preamble, rows };
}
