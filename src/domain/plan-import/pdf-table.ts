import { readHeader } from './columns.ts';
import { numberedText, keywordHeading } from './headings.ts';
import type { TableRow } from './text-table.ts';

/**
 * An order as a PDF with a text layer → the rows the plan reader takes. The table is found by
 * its ruling: horizontal lines cut the page into rows, vertical lines each row into cells, and a
 * piece of text belongs to the cell it sits in. A row broken over a page break is joined again;
 * the header repeated on every page is read once. Text above the table is the order's heading.
 * A PDF drawn without ruling is laid out as text with gaps between cells (read like text copied
 * from a PDF viewer). Geometry only: no database, no clock.
 */

export interface PdfText {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PdfSegment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PdfPage {
  width: number;
  height: number;
  texts: PdfText[];
  segments: PdfSegment[];
}

export interface PdfDocument {
  preamble: string[];
  rows: TableRow[];
  /** Text laid out with gaps as runs of spaces, when the PDF has no ruled table. */
  text: string | null;
}

const TOL = 2;

/** Values within `tol` of each other as one (sorted). */
function cluster(values: number[], tol = TOL): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  for (const v of sorted) {
    if (out.length && v - out.at(-1)! <= tol) continue;
    out.push(v);
  }
  return out;
}

interface Line {
  y: number;
  texts: PdfText[];
}

/** Pieces of text on one baseline (top to bottom, left to right). */
function linesOf(texts: PdfText[]): Line[] {
  const sorted = texts.filter((t) => t.str.trim() !== '').sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const t of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(line.y - t.y) <= Math.max(2, t.height * 0.3)) line.texts.push(t);
    else lines.push({ y: t.y, texts: [t] });
  }
  for (const l of lines) l.texts.sort((a, b) => a.x - b.x);
  return lines;
}

/** A line with each piece at the column its position gives (gaps kept as runs of spaces). */
function laidOut(l: Line, charWidth: number): string {
  let out = '';
  let end = -Infinity;
  for (const t of l.texts) {
    const str = t.str.replace(/\s+$/, '');
    if (!str.trim()) continue;
    const col = Math.max(0, Math.round(t.x / charWidth));
    const joined = t.x - end <= Math.max(1, t.height * 0.15);
    if (out && joined) out += str;
    else {
      const pad = Math.max(out ? 1 : 0, col - out.length);
      out += ' '.repeat(Math.min(pad, 400)) + str.trimStart();
    }
    end = t.x + t.width;
  }
  return out;
}

function lineText(l: Line, gap = ' '): string {
  let out = '';
  let end = -Infinity;
  for (const t of l.texts) {
    const space = t.x - end > Math.max(1, t.height * 0.15) && out && !out.endsWith(' ') && !t.str.startsWith(' ');
    const wide = t.x - end > t.height * 1.5 && out;
    out += (wide ? gap : space ? ' ' : '') + t.str;
    end = t.x + t.width;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** How wide the first word of a line is drawn. */
function firstWordWidth(l: Line): number {
  const t = l.texts[0]!;
  const word = /^\S+/.exec(t.str.trimStart())?.[0] ?? t.str;
  return t.str.length ? (t.width * word.length) / t.str.length : 0;
}

/**
 * Lines of one cell → paragraphs. A line is broken by wrapping when the next line's first word
 * would not have fitted after it; a line that ends with room to spare ended its paragraph.
 */
function paragraphsOf(lines: Line[], right: number): string[] {
  const out: string[] = [];
  let current = '';
  let lastEnd = 0;
  let lastHeight = 0;
  for (const l of lines) {
    const text = lineText(l);
    if (!text) continue;
    const room = right - lastEnd - 2 * (lastHeight * 0.25 + 1);
    const fitted = current !== '' && firstWordWidth(l) < room;
    if (current && fitted) {
      out.push(current);
      current = text;
    } else if (!current) current = text;
    // A word broken at its own hyphen ("інформаційно-" + "просвітницьких") is joined as written.
    else if (/[\p{L}]-$/u.test(current) && /^\p{Ll}/u.test(text)) current += text;
    else current += ` ${text}`;
    lastEnd = Math.max(...l.texts.map((t) => t.x + t.width));
    lastHeight = l.texts[0]!.height;
  }
  if (current) out.push(current);
  return out;
}

interface Band {
  top: number;
  bottom: number;
}

export function readPdfPages(pages: PdfPage[]): PdfDocument {
  const preamble: string[] = [];
  const rows: TableRow[] = [];
  let tableSeen = false;
  let header: string | null = null;
  let roles: ReturnType<typeof readHeader> = null;
  let rowNumber = 0;
  const textLines: string[] = [];
  // Without ruling the page is laid out as text, a character per the usual letter's width, as
  // `pdftotext -layout` does: the text reader finds the columns by where cells start.
  const widths = pages.flatMap((p) => p.texts.filter((t) => t.str.trim().length > 2).map((t) => t.width / t.str.length)).sort((a, b) => a - b);
  const charWidth = widths.length ? widths[Math.floor(widths.length / 2)]! : 5;
  const ruled = pages.some((p) => p.segments.some((s) => Math.abs(s.x1 - s.x2) < TOL) && p.segments.some((s) => Math.abs(s.y1 - s.y2) < TOL));
  for (const page of pages) {
    if (!ruled) {
      // A gap well over the usual line spacing (between rows of a table without rules) is kept
      // as an empty line: rows whose cells are centred are told apart by it.
      const lines = linesOf(page.texts);
      const gaps = lines.slice(1).map((l, i) => lines[i]!.y - l.y).filter((g) => g > 0).sort((a, b) => a - b);
      const usual = gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 0;
      lines.forEach((l, i) => {
        if (i > 0 && usual > 0 && lines[i - 1]!.y - l.y > usual * 1.6) textLines.push('');
        textLines.push(laidOut(l, charWidth));
      });
      textLines.push('');
      continue;
    }
    const horizontal = page.segments.filter((s) => Math.abs(s.y1 - s.y2) < TOL && Math.abs(s.x1 - s.x2) > 10);
    const vertical = page.segments.filter((s) => Math.abs(s.x1 - s.x2) < TOL && Math.abs(s.y1 - s.y2) > 4);
    if (horizontal.length < 2 || vertical.length < 2) {
      for (const l of linesOf(page.texts)) if (!tableSeen) preamble.push(lineText(l));
      continue;
    }
    const ys = cluster(horizontal.map((s) => s.y1)).reverse(); // top first
    const tableTop = ys[0]!;
    const tableBottom = ys.at(-1)!;
    const tableLeft = Math.min(...horizontal.map((s) => Math.min(s.x1, s.x2)));
    const tableRight = Math.max(...horizontal.map((s) => Math.max(s.x1, s.x2)));
    const above = page.texts.filter((t) => t.y > tableTop + 1);
    if (!tableSeen) for (const l of linesOf(above)) preamble.push(lineText(l));
    tableSeen = true;
    const bands: Band[] = [];
    for (let i = 0; i + 1 < ys.length; i++) if (ys[i]! - ys[i + 1]! > 3) bands.push({ top: ys[i]!, bottom: ys[i + 1]! });
    const inTable = page.texts.filter((t) => t.y <= tableTop && t.y >= tableBottom && t.x + t.width / 2 >= tableLeft - 1 && t.x <= tableRight + 1);
    let firstOnPage = true;
    for (const band of bands) {
      const mid = (band.top + band.bottom) / 2;
      const xs = cluster(vertical.filter((s) => Math.min(s.y1, s.y2) <= mid && Math.max(s.y1, s.y2) >= mid).map((s) => s.x1));
      const edges = xs.length >= 2 ? xs : [tableLeft, tableRight];
      const texts = inTable.filter((t) => t.y < band.top && t.y >= band.bottom - 1);
      if (texts.length === 0) continue;
      const cells: string[][] = [];
      for (let c = 0; c + 1 < edges.length; c++) {
        const [l, r] = [edges[c]!, edges[c + 1]!];
        const own = texts.filter((t) => t.x + Math.min(t.width, 4) / 2 >= l - 1 && t.x < r - 1);
        cells.push(paragraphsOf(linesOf(own), r));
      }
      const span = cells.length === 1;
      const key = cells.map((c) => c.join(' ')).join('|');
      if (!span && header !== null && key === header) continue; // the header repeated on a new page
      if (!span && header === null) {
        const h = readHeader(cells);
        if (h) {
          header = key;
          roles = h;
        }
      }
      if (!span && cells.flat().length > 1 && cells.flat().every((c) => /^\d{1,2}\.?$/.test(c))) continue; // "1 2 3 4"
      // The rest of a row broken by the page break: no number, no heading, no numbered text.
      if (firstOnPage && !span && roles && rows.length && key !== header && continuesRow(cells, roles.roles)) {
        const prev = rows.at(-1)!;
        cells.forEach((c, i) => {
          const into = prev.cells[i] ?? (prev.cells[i] = []);
          if (c.length === 0) return;
          const lastP = into.at(-1);
          if (lastP !== undefined && /^\p{Ll}/u.test(c[0]!)) into[into.length - 1] = `${lastP} ${c[0]}`;
          else into.push(c[0]!);
          into.push(...c.slice(1));
        });
        firstOnPage = false;
        continue;
      }
      if (key !== header) firstOnPage = false;
      rows.push({ cells, line: ++rowNumber, ...(span ? { span: true } : {}) });
    }
  }
  return { preamble, rows, text: ruled ? null : textLines.join('\n') };
}

function continuesRow(cells: string[][], roles: string[]): boolean {
  if (cells.length !== roles.length) return false;
  const number = roles.indexOf('number');
  const measure = roles.lastIndexOf('measure');
  if (number >= 0 && cells[number]!.length > 0) return false;
  for (const c of cells) for (const p of c.slice(0, 1)) if (keywordHeading(p)) return false;
  const m = cells[measure]?.[0];
  if (m && numberedText(m)) return false;
  return true;
}
