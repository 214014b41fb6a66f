import { AlignmentType, Document, HeightRule, Packer, PageOrientation, Table, TableCell, TableRow, WidthType, type Paragraph } from 'docx';
import { executorsLine, type ConsolidationDocument, type DocMeasure } from '../document.ts';
import { closingSection, instructionsSection, date, approvedBy, documentTitle, measureParagraphs, uk } from '../text.ts';
import { A4, DOCUMENT_STYLES, MARGINS, TABLE, cell, p, section } from './docx-kit.ts';
import { executorLine, signature, type Preparer, type Signatory } from './signature.ts';

/**
 * The consolidated report as a Ukrainian administration's document (DSTU 4163:2020 conventions,
 * see docx-kit.ts) with the order's own table: Найменування завдання (the task, merged down over
 * its measures as the order has it) · № з/п · Найменування заходу · Строк виконання ·
 * Відповідальні за виконання · Стан виконання, an operational goal's row across the table; who
 * did not report; the signature block of the coordinating department's director. Six columns do
 * not fit a portrait A4 legibly at 12 pt: the document is A4 landscape (DSTU 4163 allows it for
 * a wide table), margins as on a portrait page. Its cover letter (portrait) is in letter.ts.
 */

/** A4 landscape: the width of the text between the margins, in twips. */
export const LANDSCAPE_WIDTH = A4.height - MARGINS.left - MARGINS.right;

const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };

/** The columns' shares of the width: the state the widest, then the measure. */
const SHARES = [0.13, 0.05, 0.2, 0.095, 0.15];

export function tableColumns(width: number): number[] {
  const cols = SHARES.map((s) => Math.round(width * s));
  cols.push(width - cols.reduce((a, b) => a + b, 0));
  return cols;
}

/** A goal's measures as the order lists them: runs of measures of one task (a snapshot of before tasks were kept: one run). */
export function taskRuns(measures: DocMeasure[]): { task: DocMeasure['task']; measures: DocMeasure[] }[] {
  const out: { task: DocMeasure['task']; measures: DocMeasure[] }[] = [];
  for (const m of measures) {
    const last = out.at(-1);
    if (last && last.task?.number === m.task?.number && last.task?.title === m.task?.title) last.measures.push(m);
    else out.push({ task: m.task, measures: [m] });
  }
  return out;
}


export interface DocxOptions {
  version: { number: number; date: string } | null;
  /** The signatory frozen with an approved version; null in a draft's file (the placeholder, marked a draft). */
  signatory: Signatory | null;
  /** The preparing official (the executor line at the bottom of the last page); null: none. */
  preparer?: Preparer | null;
  forPublication: boolean;
  /** The executors' deadline had not passed: who has not reported is "ще не подали". */
  running?: boolean;
  /** The outgoing number and date (the registered set): "Додаток до листа від … № …" in the version mark's place. */
  registration?: { number: string; date: string } | null;
}

export async function consolidationDocx(doc: ConsolidationDocument, o: DocxOptions): Promise<Buffer> {
  const t = uk.t;
  const width = LANDSCAPE_WIDTH;
  const cols = tableColumns(width);
  const small = (text: string, extra: { bold?: boolean; italic?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; after?: number } = {}): Paragraph =>
    p(text, { size: TABLE, align: AlignmentType.LEFT, ...extra });
  const heads = (['task', 'number', 'measure', 'deadline', 'executors', 'state'] as const).map((k) => t(`documentTable.col.${k}`));
  // The header and the columns' numbers under it, as the order prints them, repeated on every page and never split.
  const header = new TableRow({ tableHeader: true, cantSplit: true, children: heads.map((h, i) => cell([small(h, { bold: true, align: AlignmentType.CENTER })], { width: cols[i] })) });
  const numbers = new TableRow({ tableHeader: true, cantSplit: true, children: heads.map((_, i) => cell([small(String(i + 1), { align: AlignmentType.CENTER })], { width: cols[i] })) });
  const rows: TableRow[] = [header, numbers];
  for (const g of doc.goals) {
    // Never left alone at the foot of a page: kept with the first measure's row.
    rows.push(new TableRow({ cantSplit: true, children: [cell([p(t('consolidation.doc.goal', { number: g.number, title: g.title }), { size: TABLE, align: AlignmentType.LEFT, bold: true, keepNext: true })], { span: 6, width })] }));
    for (const run of taskRuns(g.measures)) {
      run.measures.forEach((m, i) => {
        const task = run.task ? t('documentTable.task', { number: run.task.number, title: run.task.title }) : '';
        rows.push(
          new TableRow({
            height: { value: 0, rule: HeightRule.AUTO },
            children: [
              // Merged down over the task's measures (w:vMerge): the library adds the continuing cells to the rows below.
              ...(i === 0 ? [new TableCell({ children: [small(task)], rowSpan: run.measures.length, width: { size: cols[0]!, type: WidthType.DXA }, margins: CELL_MARGINS })] : []),
              cell([small(m.code, { align: AlignmentType.CENTER })], { width: cols[1] }),
              cell([small(m.title)], { width: cols[2] }),
              cell([small(m.deadline === undefined ? '' : (m.deadline ?? t('documentTable.noDeadline')), { align: AlignmentType.CENTER })], { width: cols[3] }),
              cell([small(executorsLine(m))], { width: cols[4] }),
              cell(measureParagraphs(uk, m, o.running).map((x) => small(x.text, { bold: x.bold, italic: x.italic, after: 60 })), { width: cols[5] }),
            ],
          }),
        );
      });
    }
  }
  const children = [
    // The registered document is the letter's enclosure: marked as such, in the version mark's place.
    ...(o.registration ? [p(t('letters.registration', { number: o.registration.number, date: date(o.registration.date) }), { align: AlignmentType.RIGHT, after: 120 })] : []),
    ...(doc.publication ? [p(t('consolidation.doc.publicationMark'), { align: AlignmentType.RIGHT, size: TABLE, bold: true })] : []),
    ...(o.registration ? [] : o.version ? [p(t('consolidation.doc.versionMark', { number: o.version.number, date: date(o.version.date) }), { align: AlignmentType.RIGHT, size: TABLE })] : [p(t('consolidation.doc.draftMark'), { align: AlignmentType.RIGHT, size: TABLE, bold: true })]),
    p(t('consolidation.doc.heading'), { bold: true, align: AlignmentType.CENTER }),
    p(documentTitle(uk, doc), { bold: true, align: AlignmentType.CENTER }),
    // The basis is in the title once the requisites are confirmed; until then on a line of its own.
    approvedBy(doc) ? p('', { after: 240 }) : p(t('consolidation.doc.basis', { kind: doc.plan.legal.kind, issuer: doc.plan.legal.issuer, date: date(doc.plan.legal.date), number: doc.plan.legal.number }), { align: AlignmentType.CENTER, after: 240, size: TABLE }),
    ...(doc.goals.every((g) => g.measures.every((m) => m.sources.length === 0)) ? [p(t('consolidation.doc.empty'), { indent: true, after: 200 })] : []),
    new Table({ width: { size: width, type: WidthType.DXA }, columnWidths: cols, rows }),
    p('', { after: 200 }),
    ...((c) => [p(c.title, { bold: true }), ...c.paragraphs.map((x, i) => p(x, { indent: true, after: 120, keepNext: i === c.paragraphs.length - 1 && !doc.publication }))])(closingSection(uk, doc, o.running ?? false)),
    ...((c) => (c ? [p(c.title, { bold: true }), ...c.paragraphs.map((x) => p(x, { indent: true, after: 120 }))] : []))(instructionsSection(uk, doc)),
    ...(doc.publication ? [p(t('consolidation.doc.publicationNote'), { size: TABLE, after: 120, keepNext: true })] : []),
    // The signature never stands alone on a page: the last lines go with it.
    p('', { after: 360, keepNext: true }),
    signature(doc, o.signatory, LANDSCAPE_WIDTH),
    ...executorLine(o.preparer ?? null),
  ];
  const page = section(children);
  const document = new Document({
    creator: 'Zvit',
    title: `${t('consolidation.doc.heading')} ${documentTitle(uk, doc)}`.slice(0, 250),
    styles: DOCUMENT_STYLES,
    sections: [{ ...page, properties: { ...page.properties, page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE }, margin: MARGINS } } }],
  });
  return Packer.toBuffer(document);
}
