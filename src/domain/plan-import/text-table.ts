import { isNumberingRow, readHeader } from './columns.ts';
import { keywordHeading } from './headings.ts';
/**
 * The table of an order as published on a website and copied as text: one row a line, cells
 * separated by tabs (or, copied from a PDF viewer, by runs of spaces), a cell holding `<p>…</p>`
 * paragraphs or plain text.
 */

export interface TableRow {
  /** Each cell as its paragraphs (plain text, tags removed, entities decoded). */
  cells: string[][];
  /** 1-based line in the source, for messages. */
  line: number;
  /** The row is one cell across the table (a heading), not a measure's row. */
  span?: boolean;
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

/**
 * Every tag (`<` to the next `>`) replaced by a space — what `text.replace(/<[^>]*>/g, ' ')` does,
 * in one pass: the regular expression scans to the end of the text again from every `<` that has
 * no `>` after it, quadratic on a long line full of "<".
 */
export function stripTags(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('<', from);
    if (open < 0) break;
    const close = text.indexOf('>', open + 1);
    if (close < 0) break; // no tag from here on
    out += text.slice(from, open) + ' ';
    from = close + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

export function cleanText(text: string): string {
  return decodeEntities(stripTags(text))
    .replace(/[\u00a0\s]+/g, ' ')
    .trim();
}

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * The contents of each `<p …>…</p>` of a cell, as `/<p\b[^>]*>([\s\S]*?)<\/p>/gi` finds them, in
 * one pass (the expression went back over the rest of the cell from every unclosed `<p>`).
 */
export function paragraphContents(html: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const open = html.indexOf('<', from);
    if (open < 0) return out;
    const p = html.charCodeAt(open + 1);
    if ((p !== 112 && p !== 80) || isWordChar(html.charCodeAt(open + 2))) {
      from = open + 1;
      continue;
    }
    const tagEnd = html.indexOf('>', open + 2);
    if (tagEnd < 0) return out; // no tag can end from here on
    const close = closingP(html, tagEnd + 1);
    if (close < 0) return out; // no paragraph can end from here on
    out.push(html.slice(tagEnd + 1, close));
    from = close + 4;
  }
}

/** Where the next `</p>` (any case) starts, or -1. */
function closingP(html: string, from: number): number {
  for (let i = html.indexOf('</', from); i >= 0; i = html.indexOf('</', i + 2)) {
    const c = html.charCodeAt(i + 2);
    if ((c === 112 || c === 80) && html.charCodeAt(i + 3) === 62) return i;
  }
  return -1;
}

/** The paragraphs of one cell: its `<p>` elements, or the whole cell as one paragraph. */
export function cellParagraphs(cell: string): string[] {
  const ps = paragraphContents(cell).map(cleanText);
  const paragraphs = ps.length > 0 ? ps : [cleanText(cell)];
  return paragraphs.filter((p) => p !== '');
}

/** Cells of a line copied from a PDF viewer or a fixed-width text: separated by runs of 2+ spaces. */
function spaceCells(line: string): string[] {
  return line
    .trim()
    .split(/ {2,}|\u00a0{2,}/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/**
 * The table's rows from text copied from a web page (cells separated by tabs) or from a PDF
 * viewer (runs of spaces). Header rows are kept: the plan reader recognises its columns by them.
 * A line inside the table with one cell (a goal heading across the table, a note) is a row that
 * spans the table.
 */
export function readTextTable(text: string): TextTable {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const preamble: string[] = [];
  const rows: TableRow[] = [];
  const tabbed = lines.some((l) => l.includes('\t'));
  // Without tabs: the table starts at the first line of three or more space-separated cells
  // that reads as a header ("№ з/п  Зміст заходу  Строк …"), else at the first such line.
  // The table starts at its header row ("№ з/п	Зміст заходу	Строк …"): a line of three or more
  // cells naming a measure, a deadline or executors; else at the first line of such cells. Lines
  // before it with tabs or wide gaps (date, place and number on one line) are the heading's.
  const cellsOf = (l: string) => (tabbed ? l.split('\t').filter((c) => c.trim() !== '') : spaceCells(l));
  let start = -1;
  let first = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (tabbed && !l.includes('\t')) continue;
    if (cellsOf(l).length < 3) continue;
    if (first < 0) first = i;
    if (readHeader(cellsOf(l).map((c) => [cleanText(c)]))) {
      start = i;
      break;
    }
  }
  if (start < 0) start = tabbed ? lines.findIndex((l) => l.includes('\t')) : first;
  if (!tabbed && start >= 0) {
    const layout = readLayoutRows(lines, start);
    if (layout) {
      for (let i = 0; i < start; i++) {
        const t = cleanText(lines[i]!.replace(/^#+\s*/, ''));
        if (t) preamble.push(t);
      }
      return { preamble, rows: layout };
    }
  }
  lines.forEach((line, i) => {
    if (start < 0 || i < start) {
      const t = cleanText(line.replace(/^#+\s*/, '').replace(/\t+/g, '  '));
      if (t) preamble.push(t);
      return;
    }
    const raw = tabbed ? (line.includes('\t') ? line.split('\t') : [line]) : spaceCells(line);
    const cells = raw.map(cellParagraphs);
    if (cells.every((c) => c.length === 0)) return;
    rows.push({ cells, line: i + 1, ...(raw.length === 1 ? { span: true } : {}) });
  });
  return { preamble, rows };
}

/**
 * A table laid out in columns of characters, as `pdftotext -layout` or a PDF viewer gives it, with
 * long cells wrapped onto the lines below (indented under their column). The columns are where
 * the lines of the table have text; a line with text in the first column starts a row, a line
 * without continues the row above it column by column, a line running across the columns from
 * the left margin is a row across the table (a heading). Null when the lines are not wrapped
 * (one row a line: read as cells separated by runs of spaces).
 */
function readLayoutRows(lines: readonly string[], start: number): TableRow[] | null {
  const table = lines.slice(start).map((l) => l.replace(/\u00a0/g, ' ').replace(/\s+$/, ''));
  const multi = table.filter((l) => / {2,}\S/.test(l.trim()));
  // Lines that continue a cell: indented, and longer than a page number or a short note.
  const indented = table.filter((l) => /^ {4,}\S/.test(l) && l.trim().length > 20 && !keywordHeading(l.trim())).length;
  if (multi.length < 3 || indented < multi.length * 0.2) return null;
  const width = Math.max(...multi.map((l) => l.length));
  if (width > 2000) return null;
  // Column starts: where cells begin (after two or more spaces, or at the margin) on many lines —
  // a header centred over its column is not counted.
  const counts = new Array<number>(width + 2).fill(0);
  const body = multi.filter((l) => !readHeader(spaceCells(l).map((c) => [c])));
  for (const l of body) {
    const re = /(?:^|\s{2,})(\S)/g;
    for (let m = re.exec(l); m; m = re.exec(l)) counts[m.index + m[0].length - 1]!++;
  }
  const candidates: { at: number; n: number }[] = [];
  for (let i = 0; i <= width; i++) {
    // Starts within two characters of each other are one column (proportional fonts drift).
    const n = counts[i]! + (counts[i + 1] ?? 0) + (counts[i - 1] ?? 0);
    if (counts[i]! > 0 && n >= Math.max(3, body.length * 0.15)) candidates.push({ at: i, n });
  }
  const starts: number[] = [];
  for (const c of candidates) {
    const last = starts.at(-1);
    if (last !== undefined && c.at - last <= 3) continue;
    starts.push(c.at);
  }
  if (starts.length < 3) return null;
  // Laid out in columns only if nearly every piece starts at one of them (cells merely separated
  // by runs of spaces start anywhere).
  let pieces = 0;
  let aligned = 0;
  for (const l of body) {
    const re = /(?:^|\s{2,})(\S)/g;
    for (let m = re.exec(l); m; m = re.exec(l)) {
      const at = m.index + m[0].length - 1;
      pieces++;
      if (starts.some((st) => Math.abs(st - at) <= 3)) aligned++;
    }
  }
  if (aligned < pieces * 0.85) return null;
  // A line's pieces (separated by two or more spaces) go to the column they start in (text drifts
  // a character or two left of its column); a piece running on into the next column over a
  // single space ("Щороку до 1 березня Департамент …") is cut at that space.
  const columnOf = (at: number) => {
    let k = 0;
    while (k + 1 < starts.length && starts[k + 1]! <= at + 3) k++;
    return k;
  };
  const slice = (l: string): string[] => {
    const cells = starts.map(() => '');
    const re = /\S+(?: \S+)*/g;
    for (let m = re.exec(l); m; m = re.exec(l)) {
      let piece = m[0];
      let at = m.index;
      for (;;) {
        const k = columnOf(at);
        const next = starts[k + 1];
        let cut = -1;
        if (next !== undefined && at + piece.length > next + 1) {
          // The last single space at or before the next column's start.
          const within = piece.slice(0, next - at + 2);
          cut = within.lastIndexOf(' ');
        }
        if (cut <= 0) {
          cells[k] = cells[k] ? `${cells[k]} ${piece}` : piece;
          break;
        }
        const head = piece.slice(0, cut);
        cells[k] = cells[k] ? `${cells[k]} ${head}` : head;
        at += cut + 1;
        piece = piece.slice(cut + 1);
      }
    }
    return cells;
  };
  const rows: TableRow[] = [];
  const isSpan = (l: string, text: string) => (!/\S {2,}\S/.test(text) && keywordHeading(text)) || (l.search(/\S/) <= starts[0]! + 3 && !/\S {2,}\S/.test(text) && l.length > starts[1]! + 2);
  const isHeaderLine = (cells: string[]) => readHeader(cells.map((c) => (c ? [c] : []))) || isNumberingRow(cells.map((c) => (c ? [c] : [])));
  const append = (row: { cells: string[][] }, cells: string[]) =>
    cells.forEach((c, k) => {
      if (!c) return;
      const into = row.cells[k]!;
      const last = into.at(-1);
      if (last === undefined) into.push(cleanText(c));
      // A word broken at its own hyphen ("інформаційно-" + "просвітницьких") is joined as written.
      else into[into.length - 1] = /\p{L}-$/u.test(last) && /^\p{Ll}/u.test(c) ? last + cleanText(c) : `${last} ${cleanText(c)}`;
    });

  // Rows set apart by empty lines, each with one number (cells centred in their row, the number
  // in the middle of it): a row is everything between two empty lines.
  const groups: { line: number; text: string }[][] = [];
  let group: { line: number; text: string }[] = [];
  table.forEach((l, i) => {
    if (l.trim()) group.push({ line: start + i + 1, text: l });
    else if (group.length) {
      groups.push(group);
      group = [];
    }
  });
  if (group.length) groups.push(group);
  const numbered = groups.map((g) => g.filter((x) => !isSpan(x.text, x.text.trim()) && !isHeaderLine(slice(x.text)) && slice(x.text)[0] !== '').length);
  const withNumbers = numbered.filter((n) => n > 0).length;
  const grouped = withNumbers >= 3 && numbered.filter((n) => n === 1).length >= withNumbers * 0.8 && groups.some((g, k) => numbered[k] === 1 && g.length > 1 && slice(g[0]!.text)[0] === '');
  if (grouped) {
    let last: { cells: string[][]; line: number } | null = null;
    for (const g of groups) {
      const body: { line: number; text: string }[] = [];
      for (const x of g) {
        const text = x.text.trim();
        const cells = slice(x.text);
        if (isSpan(x.text, text) && body.length === 0) rows.push({ cells: [[cleanText(text)]], line: x.line, span: true });
        else if (isHeaderLine(cells)) rows.push({ cells: cells.map((c) => (c ? [cleanText(c)] : [])), line: x.line });
        else body.push(x);
      }
      if (body.length === 0) continue;
      const row = { cells: starts.map(() => [] as string[]), line: body[0]!.line };
      for (const x of body) append(row, slice(x.text));
      // No number: the rest of the row above (broken by a page break), or what follows the table.
      if (row.cells[0]!.length === 0 && last) {
        if (body.length === 1 && /\p{Lu}{3,}$/u.test(body[0]!.text.trim()) && body[0]!.text.trim().length <= 60) continue; // a signature
        append(last, row.cells.map((c) => c.join(' ')));
        continue;
      }
      rows.push(row);
      last = row;
    }
    return rows;
  }

  let current: { cells: string[][]; line: number } | null = null;
  table.forEach((l, i) => {
    const text = l.trim();
    if (!text) return;
    const line = start + i + 1;
    // Across the table: a heading with its word wherever it is centred ("Розділ 2. …"), or text
    // from the margin with no gap wide enough to be a column's.
    if (isSpan(l, text)) {
      rows.push({ cells: [[cleanText(text)]], line, span: true });
      current = null;
      return;
    }
    const cells = slice(l);
    // The header repeated on a new page: a row of its own; the row it interrupted goes on below it.
    if (isHeaderLine(cells)) {
      rows.push({ cells: cells.map((c) => (c ? [cleanText(c)] : [])), line });
      return;
    }
    if (cells[0] !== '' || !current) {
      current = { cells: cells.map((c) => (c ? [cleanText(c)] : [])), line };
      rows.push(current);
      return;
    }
    append(current, cells);
  });
  return rows;
}
