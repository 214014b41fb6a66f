import { AlignmentType, Document, Header, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import pdfmake from 'pdfmake';
import { configurePdf } from './pdf.ts';
import { displayIndicatorValue } from '../../../domain/reports.ts';
import type { Snapshot } from '../../reports/service.ts';
import { date, stateLabel, uk } from '../text.ts';

/**
 * One executor's own report as DOCX and PDF, so an organisation can file its copy: the
 * submission (or the draft, for its own people) measure by measure, in the same layout as the
 * consolidated report.
 */

export interface OwnReport {
  snapshot: Snapshot;
  periodTitle: string;
  /** "Подання 2 від 12.07.2024", or "Чернетка станом на …". */
  status: string;
}

const FONT = 'Times New Roman';
const twip = (mm: number) => Math.round((mm * 1440) / 25.4);
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

function paragraphsOf(e: Snapshot['entries'][number]): { text: string; bold?: boolean }[] {
  const out: { text: string; bold?: boolean }[] = [{ text: `${stateLabel(uk, e.state)}.`, bold: true }];
  if (e.reason) out.push({ text: `${uk.t('compare.reason')}: ${e.reason}` });
  for (const p of e.narrative.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean)) out.push({ text: p });
  for (const v of e.values) if (v.value !== null) out.push({ text: `${v.name}, ${v.unit}: ${displayIndicatorValue(v.kind, v.value)}` });
  for (const l of e.links) out.push({ text: l });
  return out;
}

export async function ownReportDocx(r: OwnReport): Promise<Buffer> {
  const s = r.snapshot;
  const p = (text: string, o: { bold?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
    new Paragraph({ alignment: o.align ?? AlignmentType.LEFT, spacing: { after: 60 }, children: [new TextRun({ text: clean(text), bold: o.bold, size: o.size ?? 24, font: FONT })] });
  const width = twip(210 - 30 - 10);
  const cols = [Math.round(width * 0.1), Math.round(width * 0.36)];
  cols.push(width - cols[0]! - cols[1]!);
  const rows = [
    new TableRow({ tableHeader: true, children: [uk.t('consolidation.doc.col.number'), uk.t('consolidation.doc.col.measure'), uk.t('consolidation.doc.col.state')].map((h, i) => new TableCell({ width: { size: cols[i]!, type: WidthType.DXA }, children: [p(h, { bold: true, align: AlignmentType.CENTER })] })) }),
    ...s.entries.map(
      (e) =>
        new TableRow({
          children: [
            new TableCell({ width: { size: cols[0]!, type: WidthType.DXA }, children: [p(e.code, { align: AlignmentType.CENTER })] }),
            new TableCell({ width: { size: cols[1]!, type: WidthType.DXA }, children: [p(e.title)] }),
            new TableCell({ width: { size: cols[2]!, type: WidthType.DXA }, children: paragraphsOf(e).map((x) => p(x.text, { bold: x.bold })) }),
          ],
        }),
    ),
  ];
  const doc = new Document({
    creator: 'Zvit',
    title: clean(`${s.organisation.name}: ${r.periodTitle}`).slice(0, 250),
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      {
        properties: { page: { size: { width: twip(210), height: twip(297) }, margin: { left: twip(30), right: twip(10), top: twip(20), bottom: twip(20) } }, titlePage: true },
        headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 28 })] })] }), first: new Header({ children: [new Paragraph({ children: [] })] }) },
        children: [
          p(s.organisation.name, { bold: true, size: 28, align: AlignmentType.CENTER }),
          p(uk.t('ownReport.title', { period: r.periodTitle }), { bold: true, size: 28, align: AlignmentType.CENTER }),
          p(`«${s.plan.title}»`, { size: 28, align: AlignmentType.CENTER }),
          p(r.status, { size: 24, align: AlignmentType.RIGHT }),
          ...(s.letter ? [p(uk.t('report.onBehalf.letter', { number: s.letter.number, date: date(s.letter.date) }), { size: 24, align: AlignmentType.RIGHT })] : []),
          new Table({ width: { size: width, type: WidthType.DXA }, columnWidths: cols, rows }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export async function ownReportPdf(r: OwnReport): Promise<Buffer> {
  configurePdf();
  const s = r.snapshot;
  const MM = 72 / 25.4;
  const body: unknown[][] = [[uk.t('consolidation.doc.col.number'), uk.t('consolidation.doc.col.measure'), uk.t('consolidation.doc.col.state')].map((h) => ({ text: h, bold: true, alignment: 'center' }))];
  for (const e of s.entries) body.push([{ text: e.code, alignment: 'center' }, { text: clean(e.title) }, { stack: paragraphsOf(e).map((x) => ({ text: clean(x.text), bold: x.bold, margin: [0, 0, 0, 3] })) }]);
  return pdfmake
    .createPdf({
      pageSize: 'A4',
      pageMargins: [30 * MM, 20 * MM, 10 * MM, 20 * MM],
      defaultStyle: { font: 'DejaVuSerif', fontSize: 11 },
      info: { title: clean(`${s.organisation.name}: ${r.periodTitle}`).slice(0, 250), creator: 'Zvit' },
      header: (page: number) => (page === 1 ? null : { text: String(page), alignment: 'center', margin: [0, 10 * MM, 0, 0] }),
      content: [
        { text: clean(s.organisation.name), bold: true, alignment: 'center', fontSize: 14 },
        { text: uk.t('ownReport.title', { period: r.periodTitle }), bold: true, alignment: 'center', fontSize: 14 },
        { text: clean(`«${s.plan.title}»`), alignment: 'center', fontSize: 12, margin: [0, 0, 0, 4] },
        { text: r.status, alignment: 'right', fontSize: 10 },
        ...(s.letter ? [{ text: uk.t('report.onBehalf.letter', { number: s.letter.number, date: date(s.letter.date) }), alignment: 'right', fontSize: 10 }] : []),
        { table: { headerRows: 1, widths: ['10%', '36%', '54%'], body }, margin: [0, 8, 0, 0] },
      ],
    })
    .getBuffer();
}
