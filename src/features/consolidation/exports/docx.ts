import { AlignmentType, Document, HeightRule, Packer, Table, TableRow, WidthType } from 'docx';
import type { ConsolidationDocument } from '../document.ts';
import { closingSection, date, approvedBy, documentTitle, measureParagraphs, uk } from '../text.ts';
import { DOCUMENT_STYLES, TABLE, TEXT_WIDTH, cell, p, section } from './docx-kit.ts';
import { signature } from './signature.ts';

/**
 * The consolidated report as a Ukrainian administration's document (DSTU 4163:2020 conventions,
 * see docx-kit.ts): the table № з/п · найменування заходу · відповідальні виконавці · стан
 * виконання grouped by operational goal; who did not report; the signature block of the
 * coordinating department's director. Its cover letter is in letter.ts.
 */

export interface DocxOptions {
  version: { number: number; date: string } | null;
  signatory: string | null;
  forPublication: boolean;
  /** The executors' deadline had not passed: who has not reported is "ще не подали". */
  running?: boolean;
}

export async function consolidationDocx(doc: ConsolidationDocument, o: DocxOptions): Promise<Buffer> {
  const t = uk.t;
  const width = TEXT_WIDTH;
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
    ...((c) => [p(c.title, { bold: true }), ...c.paragraphs.map((x) => p(x, { indent: true, after: 120 }))])(closingSection(uk, doc, o.running ?? false)),
    ...(doc.publication ? [p(t('consolidation.doc.publicationNote'), { size: TABLE, after: 120 })] : []),
    p('', { after: 360 }),
    signature(doc, o.signatory),
  ];
  const document = new Document({
    creator: 'Zvit',
    title: `${t('consolidation.doc.heading')} ${documentTitle(uk, doc)}`.slice(0, 250),
    styles: DOCUMENT_STYLES,
    sections: [section(children)],
  });
  return Packer.toBuffer(document);
}

