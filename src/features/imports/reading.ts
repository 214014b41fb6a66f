import { isUtf8 } from 'node:buffer';
import type { ImportDirectory } from '../../domain/plan-import/executors.ts';
import { NotAPlanError, readPlan, type PlanReading } from '../../domain/plan-import/reading.ts';
import { cellParagraphs, cleanText, readTextTable, type TableRow } from '../../domain/plan-import/text-table.ts';
import { isAmendingOrder, readAmendment, type AmendmentBlock, type AmendmentReading } from '../../domain/plan-import/amendment.ts';
import { readHtmlTables } from '../../domain/plan-import/html-table.ts';
import { ZipGuardError } from '../../domain/plan-import/zip-guard.ts';
import { readPdfPages } from '../../domain/plan-import/pdf-table.ts';
import { inflateDocx } from './unzip.ts';

/**
 * Reading an order's file into a plan reading: no database, no clock. Runs in a worker thread
 * (`off-thread.ts`) for uploads; imported there on its own, so it imports nothing of the app.
 */

/** Orders larger than this are refused before anything is read (a plan is a few hundred KB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ImportProblem = 'empty' | 'too-large' | 'not-text' | 'not-docx' | 'not-pdf' | 'scanned' | 'encrypted' | 'zip-bomb' | 'amendment' | 'amendment-no-plan' | 'amendment-closed' | 'amendment-not-yours' | 'amendment-pending' | 'amendment-basis' | 'no-goal' | 'no-measure' | 'timeout' | 'too-complex' | 'too-long';

export class ImportError extends Error {
  /** What the message names (the amended order's number and date). */
  readonly params: Record<string, string>;
  constructor(
    readonly problem: ImportProblem,
    params: Record<string, string> = {},
  ) {
    super(problem);
    this.name = 'ImportError';
    this.params = params;
  }
}

/** A plan approved by an order, or the changes an amending order makes to one. */
export type OrderReading = PlanReading | AmendmentReading;

/** The reading of an order that approves a plan; an amending order is not one. */
export function planReadingOf(reading: OrderReading): PlanReading {
  if (reading.kind !== 'plan') throw new Error('an amending order, not a plan');
  return reading;
}

const asBlocks = (preamble: readonly string[], rows: readonly TableRow[]): AmendmentBlock[] => [
  ...preamble.map((text) => ({ text })),
  ...rows.map((row) => (row.span ? { text: row.cells.flat().join(' ') } : { row })),
];

/**
 * A text file as Windows saves it too: UTF-8 (checked, then decoded — the same as a fatal
 * TextDecoder, several times faster on a large file), UTF-16 with its byte-order mark ("Unicode"
 * in Notepad), or Windows-1251 ("ANSI" on a Ukrainian Windows) when its bytes read as Cyrillic
 * text. Null when it is none of them.
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').replace(/^\uFEFF/, '');
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    try {
      return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(2));
    } catch {
      return null;
    }
  }
  // Windows-1251: Cyrillic letters are 0xC0–0xFF (and І, Ї, Є, Ґ); control bytes other than
  // tab and line ends mean a binary file.
  let cyrillic = 0;
  let high = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) return null;
    if (b >= 0x80) {
      high++;
      if (b >= 0xc0 || b === 0xb2 || b === 0xb3 || b === 0xaf || b === 0xbf || b === 0xaa || b === 0xba || b === 0xa5 || b === 0xb4) cyrillic++;
    }
  }
  if (high === 0 || cyrillic < high * 0.9) return null;
  return new TextDecoder('windows-1251').decode(bytes);
}

export function looksLikePdf(bytes: Uint8Array): boolean {
  // "%PDF-" within the first KB, as readers accept it.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** A PDF with a text layer: its ruled table, or its text laid out with gaps. */
async function readPdfOrder(bytes: Uint8Array, directory: ImportDirectory): Promise<OrderReading> {
  const { readPdfFile, PdfProblem } = await import('./pdf.ts');
  let pages;
  try {
    pages = await readPdfFile(bytes);
  } catch (err) {
    if (err instanceof PdfProblem) throw new ImportError(err.problem === 'encrypted' ? 'encrypted' : err.problem === 'too-many-pages' ? 'too-large' : 'not-pdf');
    throw err;
  }
  // A scan: pages of pictures with no text to read.
  const letters = pages.reduce((n, p) => n + p.texts.reduce((k, t) => k + t.str.replace(/\s/g, '').length, 0), 0);
  if (letters < 50) throw new ImportError('scanned');
  const doc = readPdfPages(pages);
  try {
    if (doc.text !== null) {
      const table = readTextTable(doc.text);
      if (isAmendingOrder(table.preamble)) return readAmendment(asBlocks(table.preamble, table.rows), directory);
      return readPlan(table.rows, table.preamble, directory);
    }
    if (isAmendingOrder(doc.preamble)) return readAmendment(asBlocks(doc.preamble, doc.rows), directory);
    return readPlan(doc.rows, doc.preamble, directory);
  } catch (err) {
    if (err instanceof NotAPlanError) throw new ImportError(err.reason === 'no-measure' ? 'no-measure' : 'no-goal');
    throw err;
  }
}

export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

async function docxToHtml(bytes: Uint8Array): Promise<string> {
  let inflated: Buffer;
  try {
    inflated = inflateDocx(bytes);
  } catch (err) {
    if (err instanceof ZipGuardError) throw new ImportError(err.problem === 'too-large' || err.problem === 'ratio' || err.problem === 'too-many-entries' ? 'zip-bomb' : 'not-docx');
    throw err;
  }
  try {
    // mammoth is imported on the first DOCX order a process reads.
    const { default: mammoth } = await import('mammoth');
    const result = await mammoth.convertToHtml(
      { buffer: inflated },
      {
        ignoreEmptyParagraphs: true,
        // Images (embedded or linked) are never read or fetched: a plan is text.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    return result.value;
  } catch {
    throw new ImportError('not-docx');
  }
}

/** Reads an order — a DOCX, or text as published — into a plan reading, touching no database. */
export async function readOrderFile(bytes: Uint8Array, directory: ImportDirectory): Promise<OrderReading> {
  if (bytes.length === 0) throw new ImportError('empty');
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError('too-large');
  if (looksLikePdf(bytes)) return readPdfOrder(bytes, directory);
  if (!looksLikeZip(bytes)) return readOrder(bytes, directory);
  const html = await docxToHtml(bytes);
  const doc = readHtmlTables(html);
  if (isAmendingOrder(doc.preamble)) return readAmendment(asBlocks(doc.preamble, doc.rows), directory);
  try {
    return readPlan(doc.rows, doc.preamble, directory);
  } catch (err) {
    if (err instanceof NotAPlanError) throw new ImportError(err.reason === 'no-measure' ? 'no-measure' : 'no-goal');
    throw err;
  }
}

/**
 * Reads an order as text (copied from a website) into a plan reading. The file's content decides
 * what it is, never its name.
 */
export function readOrder(bytes: Uint8Array, directory: ImportDirectory): OrderReading {
  if (bytes.length === 0) throw new ImportError('empty');
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError('too-large');
  if (looksLikeZip(bytes)) throw new ImportError('not-text');
  const text = decodeText(bytes);
  if (text === null || text.includes('\u0000')) throw new ImportError('not-text');
  if (text.trim() === '') throw new ImportError('empty');
  const table = readTextTable(text);
  if (isAmendingOrder(table.preamble)) {
    // Line by line: the changes' sentences and the rows they quote, in order.
    const blocks: AmendmentBlock[] = [];
    for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
      if (line.includes('\t')) blocks.push({ row: { cells: line.split('\t').map(cellParagraphs), line: 0 } });
      else {
        const t = cleanText(line.replace(/^#+\s*/, ''));
        if (t) blocks.push({ text: t });
      }
    }
    return readAmendment(blocks, directory);
  }
  try {
    return readPlan(table.rows, table.preamble, directory);
  } catch (err) {
    if (err instanceof NotAPlanError) throw new ImportError(err.reason === 'empty' || err.reason === 'no-goal' ? 'no-goal' : 'no-measure');
    throw err;
  }
}

