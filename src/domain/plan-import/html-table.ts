import { readHeader } from './columns.ts';
import { cleanText, type TableRow } from './text-table.ts';

/**
 * An order converted to HTML (from DOCX by mammoth: tracked insertions kept, deletions dropped)
 * → the same rows as the text reader gives. Merged cells keep the columns in place: a cell
 * spanning rows leaves an empty cell in the rows below it; a cell spanning columns is followed by
 * empty ones, and a cell spanning the whole row is a row across the table (a heading). A table
 * nested in a cell gives its text to that cell, one paragraph per inner paragraph. Tables split
 * across pages are read one after the other; a paragraph between them that is a heading is a row.
 */

export interface HtmlDocument {
  preamble: string[];
  rows: TableRow[];
}

interface Cell {
  paragraphs: string[];
  rowspan: number;
  colspan: number;
}

interface OpenTable {
  rows: Cell[][];
  row: Cell[] | null;
  cell: Cell | null;
}

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>/g;

/** Lays a table's cells out in columns: merged cells leave empty ones where they reach. */
function layOut(table: Cell[][], rows: TableRow[], line: () => number) {
  const covering = new Map<number, number>();
  const width = Math.max(0, ...table.map((r) => r.reduce((n, c) => n + c.colspan, 0)));
  for (const tr of table) {
    const cells: string[][] = [];
    let col = 0;
    const take = () => {
      while ((covering.get(col) ?? 0) > 0) {
        covering.set(col, covering.get(col)! - 1);
        cells.push([]);
        col++;
      }
    };
    let span = false;
    for (const td of tr) {
      take();
      cells.push(td.paragraphs);
      if (td.rowspan > 1) covering.set(col, td.rowspan - 1);
      if (td.colspan > 1 && td.colspan >= width - 1 && width > 2) span = true;
      col++;
      for (let k = 1; k < td.colspan; k++) {
        cells.push([]);
        col++;
      }
    }
    take();
    if (cells.every((c) => c.length === 0)) continue;
    if (tr.length === 1 && width > 2) span = true;
    rows.push({ cells, line: line(), ...(span ? { span: true } : {}) });
  }
}

type Block = { kind: 'p'; text: string } | { kind: 'table'; rows: Cell[][] };

export function readHtmlTables(html: string): HtmlDocument {
  const blocks: Block[] = [];
  const stack: OpenTable[] = [];
  let text: string[] | null = null; // the paragraph being collected
  let from = 0;
  const paragraphEnd = () => {
    if (!text) return;
    const p = cleanText(text.join(''));
    text = null;
    if (!p) return;
    const top = stack.at(-1);
    if (top?.cell) top.cell.paragraphs.push(p);
    else if (stack.length === 0) blocks.push({ kind: 'p', text: p });
  };
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const chunk = html.slice(from, m.index);
    from = TAG.lastIndex;
    if (chunk) {
      if (text) text.push(chunk);
      else if (stack.at(-1)?.cell && chunk.trim()) text = [chunk];
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    const attrs = m[3] ?? '';
    if (tag === 'p' || /^h\d$/.test(tag) || tag === 'li') {
      paragraphEnd();
      if (!closing) text = [];
      continue;
    }
    if (tag === 'br') {
      if (text) text.push(' ');
      continue;
    }
    if (tag === 'table') {
      paragraphEnd();
      if (!closing) {
        // A table inside a cell: its paragraphs go to that cell.
        stack.push({ rows: [], row: null, cell: null });
      } else {
        const done = stack.pop();
        if (!done) continue;
        const outer = stack.at(-1);
        if (outer) {
          const into = outer.cell;
          if (into) for (const r of done.rows) for (const c of r) into.paragraphs.push(...c.paragraphs);
        } else blocks.push({ kind: 'table', rows: done.rows });
      }
      continue;
    }
    const top = stack.at(-1);
    if (!top) continue;
    if (tag === 'tr') {
      paragraphEnd();
      if (!closing) top.row = [];
      else if (top.row) {
        top.rows.push(top.row);
        top.row = null;
      }
    } else if (tag === 'td' || tag === 'th') {
      paragraphEnd();
      if (!closing) {
        top.cell = {
          paragraphs: [],
          rowspan: Math.min(1000, Number(/rowspan="(\d+)"/i.exec(attrs)?.[1] ?? 1) || 1),
          colspan: Math.min(100, Number(/colspan="(\d+)"/i.exec(attrs)?.[1] ?? 1) || 1),
        };
      } else if (top.cell) {
        (top.row ??= []).push(top.cell);
        top.cell = null;
      }
    }
  }
  paragraphEnd();
  // An unclosed table (a broken file) is still read.
  while (stack.length) {
    const done = stack.pop()!;
    if (done.row) done.rows.push(done.row);
    if (stack.length === 0) blocks.push({ kind: 'table', rows: done.rows });
  }
  // The plan's table is the first with a header row ("Найменування заходу", "Строк" …); tables
  // before it (the date, place and number laid out in a borderless table) are the heading's.
  const hasHeader = (b: Block) => b.kind === 'table' && b.rows.slice(0, 6).some((r) => readHeader(r.map((c) => c.paragraphs)) !== null);
  let first = blocks.findIndex(hasHeader);
  if (first < 0) first = blocks.findIndex((b) => b.kind === 'table');
  const preamble: string[] = [];
  const rows: TableRow[] = [];
  let rowNumber = 0;
  blocks.forEach((b, i) => {
    if (first < 0 || i < first) {
      if (b.kind === 'p') preamble.push(b.text);
      else for (const r of b.rows) preamble.push(r.flatMap((c) => c.paragraphs).join('  '));
      return;
    }
    // Between tables, a paragraph is a row across the table (a heading, a note).
    if (b.kind === 'p') rows.push({ cells: [[b.text]], line: ++rowNumber, span: true });
    else layOut(b.rows, rows, () => ++rowNumber);
  });
  return { preamble, rows };
}
