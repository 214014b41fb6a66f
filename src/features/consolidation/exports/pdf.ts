import path from 'node:path';
import { createRequire } from 'node:module';
import type { PdfMake } from 'pdfmake';
import { executorsLine, type ConsolidationDocument } from '../document.ts';
import { tableColumns, taskRuns } from './docx.ts';
import { executorLinePdf, signaturePdf, type Preparer, type Signatory } from './signature.ts';
import { closingSection, instructionsSection, date, approvedBy, documentTitle, measureParagraphs, uk } from '../text.ts';

/**
 * The consolidated report as PDF, made in the process (pdfmake, no browser, no network) with
 * DejaVu Serif embedded, so і ї є ґ and the apostrophe come out as they are. The layout follows
 * the DOCX: A4 landscape (the order's six-column table), margins 30 / 10 / 20 / 20 mm, page
 * numbers at the top centre from page 2.
 */

const require = createRequire(import.meta.url);
const FONTS = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const font = (name: string) => path.join(FONTS, name);

let loaded: Promise<PdfMake> | null = null;
/**
 * pdfmake, imported on the first PDF a process makes (it costs about 0.3 s to import, and most
 * processes never make one), with DejaVu Serif and the access policies registered once.
 */
export function pdfmakeReady(): Promise<PdfMake> {
  loaded ??= import('pdfmake').then(({ default: pdfmake }) => {
    pdfmake.addFonts({
      DejaVuSerif: { normal: font('DejaVuSerif.ttf'), bold: font('DejaVuSerif-Bold.ttf'), italics: font('DejaVuSerif-Italic.ttf'), bolditalics: font('DejaVuSerif-BoldItalic.ttf') },
    });
    // Nothing is fetched, and only the fonts are read from disk.
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((p) => path.resolve(p).startsWith(FONTS));
    return pdfmake;
  });
  return loaded;
}

const MM = 72 / 25.4;

function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

const GOAL_ROW = 1;
const MEASURE_NUMBER = 2;

/**
 * A goal's row never ends a page: when no measure's number follows it on its page (or it sits in
 * the page's last eighth), it moves to the next page, under the repeated header, with its first
 * measure. pdfmake asks this of every node and lays the document out again after a break.
 */
export function keepGoalWithMeasure(node: { headlineLevel?: number; startPosition?: { verticalRatio?: number } }, api: { getFollowingNodesOnPage(): { headlineLevel?: number }[] }): boolean {
  if (node.headlineLevel !== GOAL_ROW) return false;
  if ((node.startPosition?.verticalRatio ?? 0) > 0.875) return true;
  return !api.getFollowingNodesOnPage().some((n) => n.headlineLevel === MEASURE_NUMBER);
}

export async function consolidationPdf(doc: ConsolidationDocument, o: { version: { number: number; date: string } | null; signatory: Signatory | null; preparer?: Preparer | null; forPublication: boolean; running?: boolean; registration?: { number: string; date: string } | null }): Promise<Buffer> {
  const pdfmake = await pdfmakeReady();
  const t = uk.t;
  const heads = (['task', 'number', 'measure', 'deadline', 'executors', 'state'] as const).map((k) => t(`documentTable.col.${k}`));
  // The order's table: the header and the columns' numbers repeated on every page; a goal's row across it; the task merged down over its measures.
  const body: unknown[][] = [heads.map((h, i) => ({ text: i === 1 ? h.replace(' ', '\n') : h, bold: true, alignment: 'center', fontSize: 9 })), heads.map((_, i) => ({ text: String(i + 1), alignment: 'center' }))];
  for (const g of doc.goals) {
    // headlineLevel marks the goal's row and each measure's number for `keepGoalWithMeasure`.
    body.push([{ text: clean(t('consolidation.doc.goal', { number: g.number, title: g.title })), bold: true, colSpan: 6, headlineLevel: GOAL_ROW }, {}, {}, {}, {}, {}]);
    for (const run of taskRuns(g.measures)) {
      run.measures.forEach((m, i) => {
        body.push([
          i === 0 ? { text: run.task ? clean(t('documentTable.task', { number: run.task.number, title: run.task.title })) : '', rowSpan: run.measures.length } : {},
          { text: m.code, alignment: 'center', headlineLevel: MEASURE_NUMBER },
          { text: clean(m.title) },
          { text: clean(m.deadline === undefined ? '' : (m.deadline ?? t('documentTable.noDeadline'))), alignment: 'center' },
          { text: clean(executorsLine(m)) },
          { stack: measureParagraphs(uk, m, o.running).map((x) => ({ text: clean(x.text), bold: x.bold, italics: x.italic, margin: [0, 0, 0, 3] })) },
        ]);
      });
    }
  }
  const definition = {
    pageBreakBefore: keepGoalWithMeasure,
    pageSize: 'A4',
    // Six columns: A4 landscape, as the DOCX.
    pageOrientation: 'landscape',
    pageMargins: [30 * MM, 20 * MM, 10 * MM, 20 * MM],
    defaultStyle: { font: 'DejaVuSerif', fontSize: 12, lineHeight: 1.1 },
    info: { title: clean(`${t('consolidation.doc.heading')} ${documentTitle(uk, doc)}`).slice(0, 250), creator: 'Zvit' },
    footer: executorLinePdf(o.preparer ?? null),
    header: (page: number) => (page === 1 ? null : { text: String(page), alignment: 'center', margin: [0, 10 * MM, 0, 0], fontSize: 12 }),
    content: [
      ...(doc.publication ? [{ text: t('consolidation.doc.publicationMark'), alignment: 'right', fontSize: 10, bold: true }] : []),
      // The registered document is the letter's enclosure: marked as such, in the version mark's place.
      o.registration
        ? { text: t('letters.registration', { number: o.registration.number, date: date(o.registration.date) }), alignment: 'right', fontSize: 12, margin: [0, 0, 0, 4] }
        : { text: o.version ? t('consolidation.doc.versionMark', { number: o.version.number, date: date(o.version.date) }) : t('consolidation.doc.draftMark'), alignment: 'right', fontSize: 10, bold: !o.version },
      { text: t('consolidation.doc.heading'), bold: true, alignment: 'center', fontSize: 14, margin: [0, 6, 0, 0] },
      { text: clean(documentTitle(uk, doc)), bold: true, alignment: 'center', fontSize: 14 },
      // The basis is in the title once the requisites are confirmed; until then on a line of its own.
      approvedBy(doc)
        ? { text: '', margin: [0, 2, 0, 8] }
        : { text: clean(t('consolidation.doc.basis', { kind: doc.plan.legal.kind, issuer: doc.plan.legal.issuer, date: date(doc.plan.legal.date), number: doc.plan.legal.number })), alignment: 'center', fontSize: 11, margin: [0, 2, 0, 10] },
      ...(doc.goals.every((g) => g.measures.every((m) => m.sources.length === 0)) ? [{ text: t('consolidation.doc.empty'), margin: [0, 0, 0, 8] }] : []),
      { table: { headerRows: 2, widths: tableColumns(1000).map((w) => `${w / 10}%`), body, dontBreakRows: false }, fontSize: 10 },
      ...((c) => [{ text: c.title, bold: true, fontSize: 14, margin: [0, 12, 0, 4] }, ...c.paragraphs.map((x) => ({ text: clean(x), fontSize: 14, margin: [0, 6, 0, 0] }))])(closingSection(uk, doc, o.running ?? false)),
      ...((c) => (c ? [{ text: c.title, bold: true, fontSize: 14, margin: [0, 12, 0, 4] }, ...c.paragraphs.map((x) => ({ text: clean(x), fontSize: 14, margin: [0, 6, 0, 0] }))] : []))(instructionsSection(uk, doc)),
      ...(doc.publication ? [{ text: t('consolidation.doc.publicationNote'), fontSize: 10, margin: [0, 8, 0, 0] }] : []),
      // The signature never stands alone on a page: it keeps the last lines with it.
      signaturePdf(doc, o.signatory),
    ],
  };
  return pdfmake.createPdf(definition).getBuffer();
}
