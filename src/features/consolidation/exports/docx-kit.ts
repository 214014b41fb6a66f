import { AlignmentType, BorderStyle, Header, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type ISectionOptions } from 'docx';

/**
 * The parts every Word file of Zvit is made of (DSTU 4163:2020 conventions): A4, Times New Roman
 * 14 pt (12 pt in tables), margins 30 / 10 / 20 / 20 mm, page numbers at the top centre from
 * page 2, every run marked Ukrainian (`w:lang="uk-UA"`) so Word checks its spelling as such.
 */

export const FONT = 'Times New Roman';
/** Half-points: 14 pt. */
export const TEXT = 28;
/** Half-points: 12 pt, in tables. */
export const TABLE = 24;
export const LANG = { value: 'uk-UA' } as const;
/** Millimetres to twips, rounded (the library's helper truncates: 210 mm would be 11905, not A4's 11906). */
export const twip = (mm: number) => Math.round((mm * 1440) / 25.4);
export const A4 = { width: twip(210), height: twip(297) };
export const MARGINS = { left: twip(30), right: twip(10), top: twip(20), bottom: twip(20) };
/** The width of the text between the margins, in twips. */
export const TEXT_WIDTH = A4.width - MARGINS.left - MARGINS.right;

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

/**
 * A text as the document holds it: without the control characters Word refuses (all but tab and
 * line breaks), and with one apostrophe throughout — the typographic ’ (U+2019) in place of ', ʼ
 * or ` between letters ("обов'язково" → "обов’язково").
 */
export function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/(?<=\p{L})['\u02bc`\u2018](?=\p{L})/gu, '\u2019');
}

/** A run of Ukrainian text. */
export function run(text: string, o: { bold?: boolean; italic?: boolean; size?: number; underline?: boolean } = {}): TextRun {
  return new TextRun({ text: clean(text), bold: o.bold, italics: o.italic, size: o.size ?? TEXT, font: FONT, language: LANG, underline: o.underline ? {} : undefined });
}

export interface ParagraphOptions {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  align?: Align;
  after?: number;
  before?: number;
  indent?: boolean;
  keepNext?: boolean;
}

export function p(text: string, o: ParagraphOptions = {}): Paragraph {
  return new Paragraph({
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    spacing: { after: o.after ?? 0, before: o.before ?? 0 },
    indent: o.indent ? { firstLine: twip(12.5) } : undefined,
    keepNext: o.keepNext,
    children: [run(text, o)],
  });
}

export function cell(paragraphs: Paragraph[], o: { span?: number; width?: number } = {}): TableCell {
  return new TableCell({
    children: paragraphs.length ? paragraphs : [p('', { size: TABLE })],
    columnSpan: o.span,
    width: o.width ? { size: o.width, type: WidthType.DXA } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });
}

const pageNumberHeader = () =>
  new Header({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: TEXT, language: LANG })] })],
  });

/** A4 portrait, page numbers from page 2 (the first page has an empty header of its own). */
export function section(children: ISectionOptions['children']): ISectionOptions {
  return {
    properties: { page: { size: A4, margin: MARGINS }, titlePage: true },
    headers: { default: pageNumberHeader(), first: new Header({ children: [new Paragraph({ children: [] })] }) },
    children,
  };
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
export const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

/** Two columns without borders across `width` (the page's text width): the left one's paragraphs, the right one's at its bottom, right-aligned (a signature block). */
export function twoColumns(left: Paragraph[], right: Paragraph[], share = 0.6, width = TEXT_WIDTH): Table {
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [Math.round(width * share), width - Math.round(width * share)],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [new TableCell({ borders: NO_BORDERS, children: left }), new TableCell({ borders: NO_BORDERS, children: right, verticalAlign: 'bottom' })],
      }),
    ],
  });
}

/** The default run properties of a document: Times New Roman 14 pt, Ukrainian. */
export const DOCUMENT_STYLES = { default: { document: { run: { font: FONT, size: TEXT, language: LANG } } } };
