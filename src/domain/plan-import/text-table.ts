/**
 * The table of an order as published on a website and copied as text: one row a line, cells
 * separated by tabs, a cell holding `<p>…</p>` paragraphs or plain text. Header rows ("Найменування
 * завдання …") and the column-number rows repeated on every page ("1 2 3 4") are dropped.
 */

export interface TableRow {
  /** Each cell as its paragraphs (plain text, tags removed, entities decoded). */
  cells: string[][];
  /** 1-based line in the source, for messages. */
  line: number;
}

export interface TextTable {
  /** Lines before the table (order, title, approval block). */
  preamble: string[];
  rows: TableRow[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', laquo: '«', raquo: '»', rsquo: '’', lsquo: '‘', ndash: '–', mdash: '—' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

export function cleanText(text: string): string {
  return decodeEntities(text.replace(/<[^>]*>/g, ' '))
    .replace(/[\u00a0\s]+/g, ' ')
    .trim();
}

/** The paragraphs of one cell: its `<p>` elements, or the whole cell as one paragraph. */
export function cellParagraphs(cell: string): string[] {
  const ps = [...cell.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/gi)].map((m) => cleanText(m[1]!));
  const paragraphs = ps.length > 0 ? ps : [cleanText(cell)];
  return paragraphs.filter((p) => p !== '');
}

function isHeaderRow(cells: string[][]): boolean {
  const first = cells.flat();
  if (first.length === 0) return true;
  if (first.every((c) => /^\d{1,2}$/.test(c))) return true;
  return /^найменування\s+завдання/i.test(first[0]!) || /^найменування\s+заходу/i.test(first[0]!);
}

export function readTextTable(text: string): TextTable {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const preamble: string[] = [];
  const rows: TableRow[] = [];
  let inTable = false;
  lines.forEach((line, i) => {
    if (line.includes('\t')) {
      inTable = true;
      const cells = line.split('\t').map(cellParagraphs);
      if (!isHeaderRow(cells)) rows.push({ cells, line: i + 1 });
    } else if (!inTable) {
      const t = cleanText(line.replace(/^#+\s*/, ''));
      if (t) preamble.push(t);
    }
  });
  return { preamble, rows };
}
