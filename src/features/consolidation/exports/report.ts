import { AlignmentType, Document, Packer, Table, TableCell, TableRow, WidthType, type Paragraph } from 'docx';
import { pdfmakeReady } from './pdf.ts';
import { displayIndicatorValue } from '../../../domain/reports.ts';
import type { Snapshot } from '../../reports/service.ts';
import { date, stateLabel, uk } from '../text.ts';
import { DOCUMENT_STYLES, TABLE, TEXT_WIDTH, cell, clean, p, section, twoColumns } from './docx-kit.ts';
import { dateNumberParagraphs, headBlock, letterheadParagraphs, type Letterhead } from './letter.ts';

/**
 * One executor's own report as DOCX and PDF: a letter with the requisites of DSTU 4163:2020, so
 * an organisation (a community reporting by letter, too) can sign and send it as is — its
 * letterhead, the date and number fields, the addressee (the coordinating department, in the
 * dative), the subject, the text, the table of measures, the signature of its head and the
 * executor line. A draft is marked as such.
 */

export interface OwnLetter {
  letterhead: Letterhead;
  /** The coordinating department in the dative ("Департаменту …"). */
  addressee: string;
  /** The plan's title in the genitive, as confirmed by the coordinator; null: quoted as written. */
  planGenitive: string | null;
  /**
   * The head of the organisation (its first active official in the directory); null: a blank line
   * to sign and write the name in — acceptable only here, since who signs an executor's own
   * letter is decided outside Zvit.
   */
  signatory: { position: string; name: string } | null;
  /** Who prepared it: the name and phone from their account; null: none. */
  executor: { name: string; phone: string | null } | null;
}

export interface OwnReport {
  snapshot: Snapshot;
  periodTitle: string;
  /** "Подання 2 від 12.07.2024", or "Чернетка станом на …". */
  status: string;
  /** A draft (not submitted): marked so at the top. */
  draft?: boolean;
  /** The letter's requisites; absent: the report alone, without them. */
  letter?: OwnLetter;
}

function paragraphsOf(e: Snapshot['entries'][number]): { text: string; bold?: boolean }[] {
  const out: { text: string; bold?: boolean }[] = [{ text: `${stateLabel(uk, e.state)}.`, bold: true }];
  if (e.reason) out.push({ text: `${uk.t('compare.reason')}: ${e.reason}` });
  for (const p of e.narrative.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean)) out.push({ text: p });
  for (const v of e.values) if (v.value !== null) out.push({ text: `${v.name}, ${v.unit}: ${displayIndicatorValue(v.kind, v.value)}` });
  for (const l of e.links) out.push({ text: l });
  return out;
}

/** "Про стан виконання Обласного плану заходів … за II півріччя 2025 року". */
function subjectOf(r: OwnReport): string {
  const plan = r.letter?.planGenitive ?? `плану заходів «${r.snapshot.plan.title}»`;
  return uk.t('letters.ownReport.subject', { plan, period: r.periodTitle });
}

function bodyOf(r: OwnReport): string {
  return uk.t('letters.ownReport.body', { period: r.periodTitle });
}

function signatoryOf(l: OwnLetter): { left: string; right: string } {
  return l.signatory ? { left: l.signatory.position, right: l.signatory.name } : { left: uk.t('letters.ownReport.signatureBlank'), right: uk.t('letters.ownReport.nameBlank') };
}

function executorLine(l: OwnLetter): string | null {
  return l.executor ? uk.t('letters.executor', { name: l.executor.name, phone: l.executor.phone ?? 'none' }) : null;
}

export async function ownReportDocx(r: OwnReport): Promise<Buffer> {
  const s = r.snapshot;
  const width = TEXT_WIDTH;
  const cols = [Math.round(width * 0.1), Math.round(width * 0.36)];
  cols.push(width - cols[0]! - cols[1]!);
  const rows = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: [uk.t('consolidation.doc.col.number'), uk.t('consolidation.doc.col.measure'), uk.t('consolidation.doc.col.state')].map((h, i) => cell([p(h, { bold: true, size: TABLE, align: AlignmentType.CENTER })], { width: cols[i] })),
    }),
    ...s.entries.map(
      (e) =>
        new TableRow({
          children: [
            cell([p(e.code, { size: TABLE, align: AlignmentType.CENTER })], { width: cols[0] }),
            cell([p(e.title, { size: TABLE, align: AlignmentType.LEFT })], { width: cols[1] }),
            cell(paragraphsOf(e).map((x) => p(x.text, { bold: x.bold, size: TABLE, align: AlignmentType.LEFT, after: 60 })), { width: cols[2] }),
          ],
        }),
    ),
  ];
  const l = r.letter;
  const head: (Paragraph | Table)[] = l
    ? [
        ...letterheadParagraphs(l.letterhead),
        headBlock(dateNumberParagraphs(null, null), l.addressee),
        p(subjectOf(r), { align: AlignmentType.LEFT, before: 360, after: 240 }),
        p(bodyOf(r), { indent: true, after: 240 }),
      ]
    : [p(s.organisation.name, { bold: true, align: AlignmentType.CENTER }), p(uk.t('ownReport.title', { period: r.periodTitle }), { bold: true, align: AlignmentType.CENTER }), p(`«${s.plan.title}»`, { align: AlignmentType.CENTER, after: 120 })];
  const marks = [
    ...(r.draft || !l ? [p(r.status, { size: TABLE, align: AlignmentType.RIGHT, bold: Boolean(r.draft) })] : []),
    ...(s.letter ? [p(uk.t('report.onBehalf.letter', { number: s.letter.number, date: date(s.letter.date) }), { size: TABLE, align: AlignmentType.RIGHT })] : []),
  ];
  const sig = l ? signatoryOf(l) : null;
  const executor = l ? executorLine(l) : null;
  const doc = new Document({
    creator: 'Zvit',
    title: clean(`${s.organisation.name}: ${r.periodTitle}`).slice(0, 250),
    styles: DOCUMENT_STYLES,
    sections: [
      section([
        ...marks,
        ...head,
        new Table({ width: { size: width, type: WidthType.DXA }, columnWidths: cols, rows }),
        ...(sig ? [p('', { after: 480 }), twoColumns([p(sig.left, { align: AlignmentType.LEFT })], [p(sig.right, { align: AlignmentType.RIGHT })])] : []),
        ...(executor ? [p('', { after: 480 }), p(executor, { size: 20, align: AlignmentType.LEFT })] : []),
      ]),
    ],
  });
  return Packer.toBuffer(doc);
}

export async function ownReportPdf(r: OwnReport): Promise<Buffer> {
  const pdfmake = await pdfmakeReady();
  const s = r.snapshot;
  const MM = 72 / 25.4;
  const l = r.letter;
  const body: unknown[][] = [[uk.t('consolidation.doc.col.number'), uk.t('consolidation.doc.col.measure'), uk.t('consolidation.doc.col.state')].map((h) => ({ text: h, bold: true, alignment: 'center' }))];
  for (const e of s.entries) body.push([{ text: e.code, alignment: 'center' }, { text: clean(e.title) }, { stack: paragraphsOf(e).map((x) => ({ text: clean(x.text), bold: x.bold, margin: [0, 0, 0, 3] })) }]);
  const h = l?.letterhead;
  const contacts = h ? [h.address, h.phone ? uk.t('letters.phone', { phone: h.phone }) : null, h.email ? uk.t('letters.email', { email: h.email }) : null].filter(Boolean).join(', ') : '';
  const head: unknown[] =
    l && h
      ? [
          ...(h.parent ? [{ text: clean(h.parent.toLocaleUpperCase('uk')), alignment: 'center', fontSize: 12 }] : []),
          { text: clean(h.name.toLocaleUpperCase('uk')), alignment: 'center', bold: true, fontSize: 14, margin: [0, 0, 0, 3] },
          ...(contacts ? [{ text: clean(contacts), alignment: 'center', fontSize: 10 }] : []),
          ...(h.edrpou ? [{ text: uk.t('letters.edrpou', { code: h.edrpou }), alignment: 'center', fontSize: 10 }] : []),
          { canvas: [{ type: 'line', x1: 0, y1: 2, x2: 170 * MM, y2: 2, lineWidth: 1 }], margin: [0, 0, 0, 12] },
          {
            columns: [
              { width: '45%', text: uk.t('letters.dateNumberBlank'), fontSize: 12 },
              { width: '55%', stack: l.addressee.split('\n').map((x) => ({ text: clean(x), fontSize: 14 })) },
            ],
          },
          { text: clean(subjectOf(r)), fontSize: 14, margin: [0, 18, 0, 12] },
          { text: clean(bodyOf(r)), fontSize: 14, alignment: 'justify', leadingIndent: 12.5 * MM, margin: [0, 0, 0, 12] },
        ]
      : [
          { text: clean(s.organisation.name), bold: true, alignment: 'center', fontSize: 14 },
          { text: uk.t('ownReport.title', { period: r.periodTitle }), bold: true, alignment: 'center', fontSize: 14 },
          { text: clean(`«${s.plan.title}»`), alignment: 'center', fontSize: 12, margin: [0, 0, 0, 4] },
        ];
  const sig = l ? signatoryOf(l) : null;
  const executor = l ? executorLine(l) : null;
  return pdfmake
    .createPdf({
      pageSize: 'A4',
      pageMargins: [30 * MM, 20 * MM, 10 * MM, 20 * MM],
      defaultStyle: { font: 'DejaVuSerif', fontSize: 11 },
      info: { title: clean(`${s.organisation.name}: ${r.periodTitle}`).slice(0, 250), creator: 'Zvit' },
      header: (page: number) => (page === 1 ? null : { text: String(page), alignment: 'center', margin: [0, 10 * MM, 0, 0] }),
      content: [
        ...(r.draft || !l ? [{ text: r.status, alignment: 'right', fontSize: 10, bold: Boolean(r.draft) }] : []),
        ...(s.letter ? [{ text: uk.t('report.onBehalf.letter', { number: s.letter.number, date: date(s.letter.date) }), alignment: 'right', fontSize: 10 }] : []),
        ...head,
        { table: { headerRows: 1, widths: ['10%', '36%', '54%'], body }, margin: [0, 8, 0, 0] },
        ...(sig
          ? [
              {
                columns: [
                  { width: '60%', text: clean(sig.left), fontSize: 14 },
                  { width: '40%', text: clean(sig.right), fontSize: 14, alignment: 'right' },
                ],
                margin: [0, 30, 0, 0],
                unbreakable: true,
              },
            ]
          : []),
        ...(executor ? [{ text: clean(executor), fontSize: 10, margin: [0, 30, 0, 0] }] : []),
      ],
    })
    .getBuffer();
}
