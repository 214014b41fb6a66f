import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import type { ConsolidationDocument } from '../document.ts';
import { approvedBy, date, documentTitle, periodTitle, uk } from '../text.ts';
import { DOCUMENT_STYLES, NO_BORDERS, TEXT_WIDTH, p, run, section } from './docx-kit.ts';
import { executorLine, signature } from './signature.ts';
import type { DocxOptions } from './docx.ts';

/**
 * The cover letter (DSTU 4163:2020, a letter on the organisation's blank): the letterhead of the
 * coordinating organisation, the date and number fields (blank in the approved letter, filled in
 * the registered one), "На № … від …" where the request came with one, the addressee in the
 * dative (its lines left-aligned in the upper right part), the subject, the text, the enclosure
 * counted from the DOCX as it prints (or left blank where that cannot be known), the signature
 * and the executor line.
 * No internal version mark.
 */

/** The letterhead (бланк) of an organisation, from the directory. */
export interface Letterhead {
  /** The body it belongs to (the regional administration of a department); null: none. */
  parent: string | null;
  name: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  edrpou: string | null;
}

/** What a letter needs beyond the document: frozen with the document at approval. */
export interface LetterRequisites {
  letterhead: Letterhead;
  /** The addressee in the dative, as typed on the plan's requisites page (lines); null: the plan's `reportsTo`. */
  addressee: string | null;
  /** The request the letter answers ("На № … від …"). */
  request: { number: string; date: string } | null;
}

/** The outgoing number and date a registered file carries. */
export interface Registration {
  number: string;
  date: string;
}

export interface LetterOptions extends DocxOptions {
  /** The enclosure's sheets as it prints; null: unknown, left for the reader. */
  pages: number | null;
  registration?: Registration | null;
}

const SMALL = 20;
const RULE = { style: BorderStyle.SINGLE, size: 12, color: '000000', space: 4 };

/** The letterhead's paragraphs: the parent body, the organisation in bold capitals, the contacts, a rule. */
export function letterheadParagraphs(l: Letterhead): Paragraph[] {
  const t = uk.t;
  const contacts = [
    l.address,
    l.phone ? t('letters.phone', { phone: l.phone }) : null,
    l.email ? t('letters.email', { email: l.email }) : null,
  ].filter((x): x is string => Boolean(x && x.trim()));
  const out: Paragraph[] = [];
  if (l.parent) out.push(p(l.parent.toLocaleUpperCase('uk'), { align: AlignmentType.CENTER, size: 24 }));
  out.push(p(l.name.toLocaleUpperCase('uk'), { align: AlignmentType.CENTER, bold: true, after: 60 }));
  if (contacts.length) out.push(p(contacts.join(', '), { align: AlignmentType.CENTER, size: SMALL }));
  out.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      border: { bottom: RULE },
      children: [run(l.edrpou ? t('letters.edrpou', { code: l.edrpou }) : '', { size: SMALL })],
    }),
  );
  return out;
}

/** The date and number fields, and "На № … від …": blank lines to write in, or the registration. */
export function dateNumberParagraphs(registration: Registration | null | undefined, request: { number: string; date: string } | null | undefined): Paragraph[] {
  const t = uk.t;
  return [
    p(registration ? t('letters.dateNumber', { date: date(registration.date), number: registration.number }) : t('letters.dateNumberBlank'), { align: AlignmentType.LEFT, after: 120, size: 24 }),
    ...(request ? [p(t('letters.request', { number: request.number, date: date(request.date) }), { align: AlignmentType.LEFT, size: 24 })] : []),
  ];
}

/** The upper part of a letter: the date and number fields on the left, the addressee on the right (its lines left-aligned). */
export function headBlock(left: Paragraph[], addressee: string): Table {
  const lines = addressee
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
  const share = 0.45;
  const w = [Math.round(TEXT_WIDTH * share), TEXT_WIDTH - Math.round(TEXT_WIDTH * share)];
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: w,
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({ borders: NO_BORDERS, width: { size: w[0]!, type: WidthType.DXA }, children: left.length ? left : [p('')] }),
          new TableCell({ borders: NO_BORDERS, width: { size: w[1]!, type: WidthType.DXA }, children: lines.map((x) => p(x, { align: AlignmentType.LEFT })) }),
        ],
      }),
    ],
  });
}

/** The enclosure line: "Додаток: на N арк. в 1 прим.", or with the number left to write in. */
export function enclosure(pages: number | null): string {
  return pages ? uk.t('letters.enclosure', { pages }) : uk.t('letters.enclosureUnknown');
}

/** The cover letter to the administration (the plan's addressee), with the information as its enclosure. */
export async function coverLetterDocx(doc: ConsolidationDocument, o: LetterOptions): Promise<Buffer> {
  const t = uk.t;
  // The act by kind, date and number: its issuer is written in the nominative and is not inflected.
  const basis = `${doc.plan.legal.kind} від ${date(doc.plan.legal.date)} № ${doc.plan.legal.number}`;
  const l = doc.letter;
  const to = l?.addressee?.trim() || doc.plan.reportsTo || doc.plan.legal.issuer;
  const children = [
    ...(l ? letterheadParagraphs(l.letterhead) : []),
    headBlock(dateNumberParagraphs(o.registration, l?.request), to),
    p(t('consolidation.letter.subject', { period: periodTitle(uk, doc) }), { align: AlignmentType.LEFT, before: 360, after: 240 }),
    p(approvedBy(doc) ? t('consolidation.letter.bodyGenitive', { about: documentTitle(uk, doc) }) : t('consolidation.letter.body', { basis, plan: doc.plan.title, period: periodTitle(uk, doc) }), { indent: true, after: 240 }),
    p(enclosure(o.pages), { after: 480, align: AlignmentType.LEFT }),
    signature(doc, o.signatory),
    // The preparing official at the foot of the page, as on the information itself.
    ...executorLine(o.preparer ?? null),
  ];
  const document = new Document({
    creator: 'Zvit',
    title: t('consolidation.letter.subject', { period: periodTitle(uk, doc) }),
    styles: DOCUMENT_STYLES,
    sections: [section(children)],
  });
  return Packer.toBuffer(document);
}
