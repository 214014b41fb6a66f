import { AlignmentType, Document, Packer } from 'docx';
import type { ConsolidationDocument } from '../document.ts';
import { approvedBy, date, documentTitle, periodTitle, uk } from '../text.ts';
import { DOCUMENT_STYLES, p, section } from './docx-kit.ts';
import { signature } from './signature.ts';
import type { DocxOptions } from './docx.ts';

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
    styles: DOCUMENT_STYLES,
    sections: [section(children)],
  });
  return Packer.toBuffer(document);
}

