import type ExcelJS from 'exceljs';
import { ZipGuardError, type ZipLimits } from '../../domain/plan-import/zip-guard.ts';
import { detectAttachmentType } from '../../domain/file-types.ts';
import { cleanLine } from '../../domain/contacts.ts';
import { inflateZip } from '../imports/service.ts';

/**
 * A file of contacts as a department keeps it — an XLSX, or a CSV saved by Excel (UTF-8 with or
 * without BOM, or Windows-1251; semicolons, commas or tabs) — read into rows of cells by column,
 * the columns found by their headers. What the file is comes from its bytes, never its name.
 */

export const MAX_CONTACT_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_CONTACT_ROWS = 2000;
/** Longer cells are cut here: enough for every check to see they are too long. */
const MAX_CELL = 1000;
/** An XLSX of contacts inflates to a few megabytes; anything far larger is refused as it inflates. */
const XLSX_LIMITS: ZipLimits = { maxEntries: 500, maxTotalUncompressed: 40 * 1024 * 1024, maxEntryUncompressed: 30 * 1024 * 1024, maxRatio: 200 };
/** Where the header row is looked for. */
const HEADER_SEARCH_ROWS = 10;

export type ContactColumn = 'name' | 'edrpou' | 'katottg' | 'contactPerson' | 'contactPosition' | 'email' | 'phone';
export const CONTACT_COLUMNS: readonly ContactColumn[] = ['name', 'edrpou', 'katottg', 'contactPerson', 'contactPosition', 'email', 'phone'];

export type ContactFileProblem = 'empty' | 'too-large' | 'not-spreadsheet' | 'old-excel' | 'no-header' | 'too-many-rows' | 'no-rows';

export class ContactFileError extends Error {
  constructor(readonly problem: ContactFileProblem) {
    super(problem);
    this.name = 'ContactFileError';
  }
}

export interface ContactFileRow {
  /** The row's number as the spreadsheet shows it (CSV: the record's number, the header being 1 or more). */
  line: number;
  cells: Partial<Record<ContactColumn, string>>;
  /** Columns whose cell held a formula: never taken as a value. */
  formulas: ContactColumn[];
}

export interface ContactFile {
  kind: 'xlsx' | 'csv';
  columns: ContactColumn[];
  rows: ContactFileRow[];
}

/** Headers as people write them, folded by `headerKey`. */
const SYNONYMS: Record<ContactColumn, string[]> = {
  name: ['організація', 'назва', 'найменування', 'назваорганізації', 'найменуванняорганізації', 'повнаназва', 'повненайменування', 'установа', 'організаціяустанова', 'органвиконавець', 'виконавець', 'organisation', 'organization', 'name', 'organisationname', 'organizationname'],
  edrpou: ['єдрпоу', 'кодєдрпоу', 'кодзаєдрпоу', 'ідентифікаційнийкод', 'edrpou', 'edrpoucode'],
  katottg: ['катоттг', 'кодкатоттг', 'кодзакатоттг', 'katottg', 'katottgcode'],
  contactPerson: ['контактнаособа', 'піб', 'прізвищеімя', 'прізвищеімяпобатькові', 'піботвідповідальноїособи', 'пібконтактноїособи', 'відповідальнаособа', 'contactperson', 'contact', 'person', 'fullname'],
  contactPosition: ['посада', 'посадаконтактноїособи', 'посадавідповідальноїособи', 'position', 'jobtitle'],
  email: ['email', 'електроннапошта', 'елпошта', 'епошта', 'пошта', 'електроннаадреса', 'адресаелектронноїпошти', 'mail', 'emailaddress'],
  phone: ['телефон', 'тел', 'контактнийтелефон', 'номертелефону', 'телефони', 'phone', 'telephone', 'phonenumber', 'tel'],
};

/** A header folded: case, apostrophes, spaces and punctuation gone ("Ел. пошта" → "елпошта"). */
export function headerKey(text: string): string {
  return cleanLine(text)
    .toLocaleLowerCase('uk')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const BY_KEY = new Map<string, ContactColumn>(CONTACT_COLUMNS.flatMap((c) => SYNONYMS[c].map((k) => [k, c] as [string, ContactColumn])));

/** The column a header names, if any. */
export function columnOf(header: string): ContactColumn | undefined {
  return BY_KEY.get(headerKey(header));
}

interface Grid {
  /** Rows of cells, each with its line number; a cell that held a formula is `{ formula: true }`. */
  rows: { line: number; cells: (string | { formula: true })[] }[];
}

const IDENTIFYING: readonly ContactColumn[] = ['name', 'edrpou', 'katottg'];
const CONTACT: readonly ContactColumn[] = ['contactPerson', 'contactPosition', 'email', 'phone'];

/** The header row (one naming the organisation and a contact field) and the rows below it. */
function tableOf(kind: ContactFile['kind'], grid: Grid): ContactFile & { score: number } {
  for (const [index, row] of grid.rows.slice(0, HEADER_SEARCH_ROWS).entries()) {
    const byIndex = new Map<number, ContactColumn>();
    const seen = new Set<ContactColumn>();
    row.cells.forEach((cell, i) => {
      const column = typeof cell === 'string' ? columnOf(cell) : undefined;
      // The first column of a name wins: a second "Телефон" is another number, not this one.
      if (column && !seen.has(column)) {
        seen.add(column);
        byIndex.set(i, column);
      }
    });
    if (!IDENTIFYING.some((c) => seen.has(c)) || !CONTACT.some((c) => seen.has(c))) continue;
    const rows: ContactFileRow[] = [];
    for (const r of grid.rows.slice(index + 1)) {
      const out: ContactFileRow = { line: r.line, cells: {}, formulas: [] };
      for (const [i, column] of byIndex) {
        const cell = r.cells[i];
        if (cell === undefined) continue;
        if (typeof cell !== 'string') out.formulas.push(column);
        else if (cleanLine(cell)) out.cells[column] = cell.slice(0, MAX_CELL + 1);
      }
      if (Object.keys(out.cells).length === 0 && out.formulas.length === 0) continue;
      rows.push(out);
    }
    return { kind, columns: CONTACT_COLUMNS.filter((c) => seen.has(c)), rows, score: seen.size };
  }
  return { kind, columns: [], rows: [], score: 0 };
}

// ---- CSV -------------------------------------------------------------------------------------------

/** The text of a CSV: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1251 (Excel's "CSV" in Ukraine). */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  // NUL bytes do not occur in text of either single-byte encoding: a binary file.
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

/** Records of a CSV (RFC 4180: quoted fields may hold the separator, quotes doubled, line breaks). */
export function parseCsv(text: string, separator: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === separator) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      records.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
      if (records.length > MAX_CONTACT_ROWS + HEADER_SEARCH_ROWS) throw new ContactFileError('too-many-rows');
    } else cell += c;
  }
  if (cell !== '' || cells.length) {
    cells.push(cell);
    records.push({ line: start, cells });
  }
  return records;
}

function readCsv(bytes: Uint8Array): ContactFile {
  const text = decodeText(bytes);
  // Text has no control characters but tabs and line ends: anything else is not a table.
  if (text === null || /[\u0000-\u0008\u000e-\u001f]/.test(text.slice(0, 4096))) throw new ContactFileError('not-spreadsheet');
  // The separator is the one under which a header row is found with the most columns.
  let best: (ContactFile & { score: number }) | null = null;
  for (const separator of [';', ',', '\t']) {
    const table = tableOf('csv', { rows: parseCsv(text, separator) });
    if (table.score > (best?.score ?? 0)) best = table;
  }
  if (!best) throw new ContactFileError('no-header');
  const { score: _score, ...file } = best;
  return file;
}

// ---- XLSX ------------------------------------------------------------------------------------------

function cellText(value: ExcelJS.CellValue, column: ContactColumn | undefined): string | { formula: true } {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    const text = Number.isInteger(value) ? String(value) : String(value);
    // Numbers lose their leading zeros: a phone 0532560000 is stored as 532560000, an ЄДРПОУ 00032945 as 32945.
    if (column === 'phone' && /^\d{9}$/.test(text)) return `0${text}`;
    if (column === 'edrpou' && /^\d{1,7}$/.test(text)) return text.padStart(8, '0');
    return text;
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return { formula: true };
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('text' in value && value.text && typeof value.text === 'object' && 'richText' in value.text) return (value.text as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('error' in value) return '';
  }
  return '';
}

async function readXlsx(bytes: Uint8Array): Promise<ContactFile> {
  let inflated: Buffer;
  try {
    inflated = inflateZip(bytes, XLSX_LIMITS);
  } catch (err) {
    if (err instanceof ZipGuardError) throw new ContactFileError(err.problem === 'too-large' || err.problem === 'too-many-entries' || err.problem === 'ratio' ? 'too-large' : 'not-spreadsheet');
    throw err;
  }
  // exceljs is imported on the first workbook a process reads (it costs about 0.4 s to import).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(inflated as unknown as ExcelJS.Buffer);
  } catch {
    throw new ContactFileError('not-spreadsheet');
  }
  // The first sheet with a header row: a department's file may open with a title sheet.
  let best: (ContactFile & { score: number }) | null = null;
  for (const sheet of workbook.worksheets) {
    if (sheet.rowCount > MAX_CONTACT_ROWS + HEADER_SEARCH_ROWS) throw new ContactFileError('too-many-rows');
    const rows: Grid['rows'] = [];
    let columns: (ContactColumn | undefined)[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      const values = row.values as ExcelJS.CellValue[];
      const cells: (string | { formula: true })[] = [];
      // row.values is 1-based: index 0 is empty.
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i], columns[i - 1]));
      rows.push({ line: number, cells });
      // Once a header is seen, later cells are read knowing their column (leading zeros of numbers).
      if (columns.length === 0 && rows.length <= HEADER_SEARCH_ROWS) {
        const found = cells.map((c) => (typeof c === 'string' ? columnOf(c) : undefined));
        if (found.filter(Boolean).length >= 2) columns = found;
      }
    });
    const table = tableOf('xlsx', { rows });
    if (table.score > 0) {
      best = table;
      break;
    }
  }
  if (!best) throw new ContactFileError('no-header');
  const { score: _score, ...file } = best;
  return file;
}

/** Reads a file of contacts, or says why it cannot be read. */
export async function readContactFile(bytes: Uint8Array): Promise<ContactFile> {
  if (bytes.length === 0) throw new ContactFileError('empty');
  if (bytes.length > MAX_CONTACT_FILE_BYTES) throw new ContactFileError('too-large');
  // A ZIP is an XLSX (or it is not a table at all); an OLE compound file is an old .xls.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    if (detectAttachmentType(bytes) !== 'xlsx') throw new ContactFileError('not-spreadsheet');
    return finish(await readXlsx(bytes));
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) throw new ContactFileError('old-excel');
  if (/^%PDF|^\x89PNG|^\xff\xd8\xff|^GIF8|^MZ/.test(Buffer.from(bytes.subarray(0, 8)).toString('latin1'))) throw new ContactFileError('not-spreadsheet');
  return finish(readCsv(bytes));
}

function finish(file: ContactFile): ContactFile {
  if (file.rows.length > MAX_CONTACT_ROWS) throw new ContactFileError('too-many-rows');
  if (file.rows.length === 0) throw new ContactFileError('no-rows');
  return file;
}
