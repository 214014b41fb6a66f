import type { ConsolidationDocument } from '../document.ts';
import { publicationDocument } from '../publication.ts';
import { fileName, isRunning } from '../text.ts';
import { consolidationDocx } from './docx.ts';
import { coverLetterDocx } from './letter.ts';
import { docxPageCount } from './office.ts';
import { consolidationPdf, pdfmakeReady } from './pdf.ts';
import { consolidationXlsx } from './xlsx.ts';
import type { Preparer, Signatory } from './signature.ts';

export type ExportFormat = 'docx' | 'xlsx' | 'pdf' | 'letter';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['docx', 'xlsx', 'pdf', 'letter'];

export const MEDIA_TYPES: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  letter: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface RenderOptions {
  version: { number: number; date: string } | null;
  /** The signatory frozen with the version; null only in a draft's file (the placeholder, marked a draft). */
  signatory: Signatory | null;
  /** The preparing official: the executor line at the bottom of the last page. */
  preparer?: Preparer | null;
  forPublication: boolean;
  generatedAt?: Date;
  /** The registered set: the outgoing number and date typed in (versions.ts `markSent`). */
  registration?: { number: string; date: string } | null;
}

/** Renders the document; for publication, always through `publicationDocument` (numbers only, totals suppressed). */
export async function render(source: ConsolidationDocument, format: ExportFormat, options: RenderOptions): Promise<{ format: ExportFormat; fileName: string; mediaType: string; bytes: Buffer }> {
  const doc = options.forPublication && !source.publication ? publicationDocument(source) : source;
  const o = { ...options, running: isRunning(doc, (options.generatedAt ?? new Date()).toISOString().slice(0, 10)) };
  const v = o.version?.number ?? null;
  const bytes =
    format === 'docx'
      ? await consolidationDocx(doc, o)
      : format === 'letter'
        ? await coverLetterDocx(doc, { ...o, pages: o.version ? await docxPageCount(await consolidationDocx(doc, o)) : null })
        : format === 'xlsx'
          ? await consolidationXlsx(doc, { forPublication: o.forPublication, generatedAt: o.generatedAt ?? new Date(), version: o.version })
          : await consolidationPdf(doc, o);
  return { format, fileName: fileName(doc, v, format === 'letter' ? 'docx' : format, format === 'letter' ? '-suprovidnyi-lyst' : ''), mediaType: MEDIA_TYPES[format], bytes };
}

/** The pages of a PDF pdfmake made (its page objects): the enclosure's sheets for the cover letter. */
export function pdfPages(pdf: Buffer): number {
  return Math.max(1, (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length);
}

/**
 * Imports the libraries documents are made with (pdfmake, exceljs; about 0.7 s) ahead of the first
 * document. They are not imported at start, so that a server starts quickly; the server warms them
 * shortly after it starts listening (server.ts), before anyone is likely to approve anything.
 */
export async function warmExports(): Promise<void> {
  await Promise.all([pdfmakeReady(), import('exceljs')]);
}

export async function renderAll(doc: ConsolidationDocument, o: RenderOptions) {
  const out = [];
  for (const f of EXPORT_FORMATS) out.push(await render(doc, f, o));
  return out;
}
