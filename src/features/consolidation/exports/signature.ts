import { AlignmentType, type Table } from 'docx';
import type { ConsolidationDocument } from '../document.ts';
import { uk } from '../text.ts';
import { p, twoColumns } from './docx-kit.ts';

/** The signature block of the documents: the signatory's position on the left, the name on the right. */

export function signature(doc: ConsolidationDocument, signatory: string | null): Table {
  return twoColumns(
    [p(uk.t('consolidation.doc.signatureRole', { organisation: doc.coordinator.replace(/^Департамент/, 'Департаменту') }), { align: AlignmentType.LEFT })],
    [p(signatory ?? uk.t('consolidation.doc.signatureName'), { align: AlignmentType.RIGHT })],
  );
}

