import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  HeightRule,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import type { ConsolidationDocument } from '../document.ts';
import { closingLists, date, approvedBy, documentTitle, measureParagraphs, periodTitle, ratesSentence, uk } from '../text.ts';

/**
 * The consolidated report as a Ukrainian administration's document (DSTU 4163:2020 conventions):
 * A4, Times New Roman 14 pt (12 pt in the table), margins 30 / 10 / 20 / 20 mm, page numbers at
 * the top centre from page 2, dates as дд.мм.рррр; the table № з/п · найменування заходу ·
 * відповідальні виконавці · стан виконання grouped by operational goal; who did not report; the
 * signature block of the coordinating department's director. And its cover letter.
 */

const FONT = 'Times New Roman';
const TEXT = 28; // half-points: 14 pt
const TABLE = 24; // 12 pt
/** Millimetres to twips, rounded (the library's helper truncates: 210 mm would be 11905, not A4's 11906). */
const twip = (mm: number) => Math.round((mm * 1440) / 25.4);

/** Control characters Word refuses (all but tab and line breaks). */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

function p(text: string, o: { bold?: boolean; italic?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number; indent?: boolean } = {}) {
  return new Paragraph({
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    spacing: { after: o.after ?? 0 },
    indent: o.indent ? { firstLine: twip(12.5) } : undefined,
    children: [new TextRun({ text: clean(text), bold: o.bold, italics: o.italic, size: o.size ?? TEXT, font: FONT })],
  });
}

function cell(paragraphs: Paragraph[], o: { span?: number; width?: number; header?: boolean } = {}) {
  return new TableCell({
    children: paragraphs.length ? paragraphs : [p('', { size: TABLE })],
    columnSpan: o.span,
    width: o.width ? { size: o.width, type: WidthType.DXA } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });
}

const pageNumberHeader = () =>
  new Header({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: TEXT })] })],
  });

const A4 = { width: twip(210), height: twip(297) };
const MARGINS = { left: twip(30), right: twip(10), top: twip(20), bottom: twip(20) };

function section(children: ISectionOptions['children']): ISectionOptions {
  return {
    properties: { page: { size: A4, margin: MARGINS }, titlePage: true },
    // From page 2: the first page has an empty header of its own.
    headers: { default: pageNumberHeader(), first: new Header({ children: [new Paragraph({ children: [] })] }) },
    children,
  };
}

function signature(doc: ConsolidationDocument, signatory: string | null): Table {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const borders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
  const width = A4.width - MARGINS.left - MARGINS.right;
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [Math.round(width * 0.6), Math.round(width * 0.4)],
    borders,
    rows: [
      new TableRow({
        children: [
          new TableCell({ borders, children: [p(uk.t('consolidation.doc.signatureRole', { organisation: doc.coordinator.replace(/^Департамент/, 'Департаменту') }), { align: AlignmentType.LEFT })] }),
          new TableCell({ borders, children: [p(signatory ?? uk.t('consolidation.doc.signatureName'), { align: AlignmentType.RIGHT })], verticalAlign: 'bottom' }),
        ],
      }),
    ],
  });
}

export interface DocxOptions {
  version: { number: number; date: string } | null;
  signatory: string | null;
  forPublication: boolean;
  /** The executors' deadline had not passed: who has not reported is "ще не подали". */
  running?: boolean;
}

export async function consolidationDocx(doc: ConsolidationDocument, o: DocxOptions): Promise<Buffer> {
  const t = uk.t;
  const width = A4.width - MARGINS.left - MARGINS.right;
  const cols = [Math.round(width * 0.07), Math.round(width * 0.33), Math.round(width * 0.2)];
  cols.push(width - cols[0]! - cols[1]! - cols[2]!);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [t('consolidation.doc.col.number'), t('consolidation.doc.col.measure'), t('consolidation.doc.col.executors'), t('consolidation.doc.col.state')].map((h, i) =>
      cell([p(h, { bold: true, size: TABLE, align: AlignmentType.CENTER })], { width: cols[i] }),
    ),
  });
  const rows: TableRow[] = [header];
  for (const g of doc.goals) {
    rows.push(new TableRow({ cantSplit: true, children: [cell([p(t('consolidation.doc.goal', { number: g.number, title: g.title }), { bold: true, size: TABLE, align: AlignmentType.LEFT })], { span: 4, width })] }));
    for (const m of g.measures) {
      rows.push(
        new TableRow({
          height: { value: 0, rule: HeightRule.AUTO },
          children: [
            cell([p(m.code, { size: TABLE, align: AlignmentType.CENTER })], { width: cols[0] }),
            cell([p(m.title, { size: TABLE, align: AlignmentType.LEFT })], { width: cols[1] }),
            cell(m.executors.map((e) => p(e, { size: TABLE, align: AlignmentType.LEFT })), { width: cols[2] }),
            cell(measureParagraphs(uk, m, o.running).map((x) => p(x.text, { size: TABLE, bold: x.bold, italic: x.italic, after: 60, align: AlignmentType.LEFT })), { width: cols[3] }),
          ],
        }),
      );
    }
  }
  const children = [
    ...(doc.publication ? [p(t('consolidation.doc.publicationMark'), { align: AlignmentType.RIGHT, size: TABLE, bold: true })] : []),
    ...(o.version ? [p(t('consolidation.doc.versionMark', { number: o.version.number, date: date(o.version.date) }), { align: AlignmentType.RIGHT, size: TABLE })] : [p(t('consolidation.doc.draftMark'), { align: AlignmentType.RIGHT, size: TABLE, bold: true })]),
    p(t('consolidation.doc.heading'), { bold: true, align: AlignmentType.CENTER }),
    p(documentTitle(uk, doc), { bold: true, align: AlignmentType.CENTER }),
    // The basis is in the title once the requisites are confirmed; until then on a line of its own.
    approvedBy(doc) ? p('', { after: 240 }) : p(t('consolidation.doc.basis', { kind: doc.plan.legal.kind, issuer: doc.plan.legal.issuer, date: date(doc.plan.legal.date), number: doc.plan.legal.number }), { align: AlignmentType.CENTER, after: 240, size: TABLE }),
    ...(doc.goals.every((g) => g.measures.every((m) => m.sources.length === 0)) ? [p(t('consolidation.doc.empty'), { indent: true, after: 200 })] : []),
    new Table({ width: { size: width, type: WidthType.DXA }, columnWidths: cols, rows }),
    p('', { after: 200 }),
    p(t('consolidation.doc.ratesTitle'), { bold: true }),
    p(ratesSentence(uk, doc), { indent: true, after: 120 }),
    ...closingLists(uk, doc, o.running ?? false).map((l) => p(`${l.title}: ${l.names.join('; ') || t('consolidation.doc.nobody')}.`, { indent: true, after: 120 })),
    ...(doc.publication ? [p(t('consolidation.doc.publicationNote'), { size: TABLE, after: 120 })] : []),
    p('', { after: 360 }),
    signature(doc, o.signatory),
  ];
  const document = new Document({
    creator: 'Zvit',
    title: `${t('consolidation.doc.heading')} ${documentTitle(uk, doc)}`.slice(0, 250),
    styles: { default: { document: { run: { font: FONT, size: TEXT } } } },
    sections: [section(children)],
  });
  return Packer.toBuffer(document);
}

/** The cover letter to the administration (the plan's addressee), with the information as its enclosure. */
export async function coverLetterDocx(doc: ConsolidationDocument, o: DocxOptions & { pages: number }): Promise<Buffer> {
  const t = uk.t;
  // The act by kind, date and number: its issuer is written in the nominative and is not inflected.
  const basis = `${doc.plan.legal.kind} від ${date(doc.plan.legal.date)} № ${doc.plan.legal.number}`;
  const to = doc.plan.reportsTo ?? doc.plan.legal.issuer;
  const children = [
    p(t('consolidation.letter.to', { to }), { align: AlignmentType.RIGHT, after: 360 }),
    p(t('consolidation.letter.subject', { period: periodTitle(uk, doc) }), { bold: true, align: AlignmentType.LEFT, after: 240 }),
    p(approvedBy(doc) ? t('consolidation.letter.bodyGenitive', { about: documentTitle(uk, doc) }) : t('consolidation.letter.body', { basis, plan: doc.plan.title, period: periodTitle(uk, doc) }), { indent: true, after: 240 }),
    p(t('consolidation.letter.attachment', { pages: o.pages }), { after: 480 }),
    signature(doc, o.signatory),
  ];
  const document = new Document({
    creator: 'Zvit',
    title: t('consolidation.letter.subject', { period: periodTitle(uk, doc) }),
    styles: { default: { document: { run: { font: FONT, size: TEXT } } } },
    sections: [section(children)],
  });
  return Packer.toBuffer(document);
}

