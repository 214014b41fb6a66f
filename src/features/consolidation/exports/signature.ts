import { AlignmentType, FrameAnchorType, HorizontalPositionAlign, Paragraph, TextRun, VerticalPositionAlign, type Table } from 'docx';
import type { ConsolidationDocument } from '../document.ts';
import { uk } from '../text.ts';
import { clean, FONT, LANG, p, TEXT_WIDTH, twip, twoColumns } from './docx-kit.ts';

/**
 * The signature block of the documents (DSTU 4163:2020): the signatory's position as the directory
 * keeps it on the left, "Власне ім’я ПРІЗВИЩЕ" on the right at the level of the position's last
 * line; and the executor line (Instruction 55/2018) — the preparing official's name and phone,
 * small, at the bottom of the last page. An approved version always has both (chosen before
 * approval, frozen with it); only a draft's file shows the placeholder, marked as such.
 */

export interface Signatory {
  position: string;
  name: string;
}

export interface Preparer {
  name: string;
  phone: string | null;
}

/** Half-points: 10 pt, the executor line. */
const SMALL = 20;

/** The signatory as the file shows it: chosen, or in a draft the placeholder. */
function signatoryOrPlaceholder(doc: ConsolidationDocument, signatory: Signatory | null): Signatory {
  return signatory ?? { position: uk.t('consolidation.doc.signatureRole', { organisation: doc.coordinator.replace(/^Департамент/, 'Департаменту') }), name: uk.t('consolidation.doc.signatureName') };
}

/** A version approved before signatories were chosen (0019): the position, and the name as recorded when sent, or a blank line to sign on — never the placeholder. */
export function legacySignatory(doc: ConsolidationDocument, sentName: string | null | undefined): Signatory {
  return { position: uk.t('consolidation.doc.signatureRole', { organisation: doc.coordinator.replace(/^Департамент/, 'Департаменту') }), name: sentName || '____________' };
}

/** The position's column: about 10 cm whatever the page (a landscape page's name still at its right margin). */
const POSITION_WIDTH = twip(102);

/** The signature block across `width` (the page's text width; portrait A4 unless told). */
export function signature(doc: ConsolidationDocument, signatory: Signatory | null, width = TEXT_WIDTH): Table {
  const s = signatoryOrPlaceholder(doc, signatory);
  return twoColumns([p(s.position, { align: AlignmentType.LEFT })], [p(s.name, { align: AlignmentType.RIGHT })], Math.min(0.6, POSITION_WIDTH / width), width);
}

/** The executor line, framed at the bottom of the page its paragraph falls on (the last one); none without a preparer. */
export function executorLine(preparer: Preparer | null): Paragraph[] {
  if (!preparer) return [];
  const runs = [new TextRun({ text: clean(preparer.name), size: SMALL, font: FONT, language: LANG })];
  if (preparer.phone) runs.push(new TextRun({ text: clean(preparer.phone), size: SMALL, font: FONT, language: LANG, break: 1 }));
  return [
    new Paragraph({
      alignment: AlignmentType.LEFT,
      frame: {
        type: 'alignment',
        width: Math.round(TEXT_WIDTH * 0.6),
        anchor: { horizontal: FrameAnchorType.MARGIN, vertical: FrameAnchorType.MARGIN },
        alignment: { x: HorizontalPositionAlign.LEFT, y: VerticalPositionAlign.BOTTOM },
      },
      children: runs,
    }),
  ];
}

const pdfClean = (s: string) => clean(s);

/** The PDF's signature block (pdfmake): kept on one page with the lines before it; the name at the level of the position's last line. */
export function signaturePdf(doc: ConsolidationDocument, signatory: Signatory | null): unknown {
  const s = signatoryOrPlaceholder(doc, signatory);
  return {
    unbreakable: true,
    margin: [0, 24, 0, 0],
    table: {
      // About 10 cm for the position, as in the DOCX; the name at the right margin.
      widths: [102 * (72 / 25.4), '*'],
      body: [[
        { text: pdfClean(s.position), fontSize: 14, verticalAlignment: 'bottom' },
        { text: pdfClean(s.name), alignment: 'right', fontSize: 14, verticalAlignment: 'bottom' },
      ]],
    },
    layout: 'noBorders',
  };
}

/** The PDF's executor line: a footer on the last page only, 10 pt, at the left. */
export function executorLinePdf(preparer: Preparer | null): ((page: number, pages: number) => unknown) | undefined {
  if (!preparer) return undefined;
  const MM = 72 / 25.4;
  return (page: number, pages: number) =>
    page === pages ? { margin: [30 * MM, 2 * MM, 10 * MM, 0], fontSize: 10, stack: [pdfClean(preparer.name), ...(preparer.phone ? [pdfClean(preparer.phone)] : [])] } : null;
}
