import type { PdfPage, PdfSegment, PdfText } from '../../domain/plan-import/pdf-table.ts';

/**
 * A PDF's pages as text pieces and ruling lines, read with pdfjs-dist (5.6.205: the last version
 * that runs on Node 20). Imported only when a PDF is read. Fonts are not loaded, scripts are not
 * evaluated, nothing is fetched.
 */

/** A plan is tens of pages; more is refused before it is read. */
export const MAX_PDF_PAGES = 500;

export class PdfProblem extends Error {
  constructor(readonly problem: 'not-pdf' | 'too-many-pages' | 'encrypted') {
    super(problem);
    this.name = 'PdfProblem';
  }
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

export async function readPdfFile(bytes: Uint8Array): Promise<PdfPage[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false, verbosity: 0, enableXfa: false }).promise;
  } catch (err) {
    if ((err as Error).name === 'PasswordException') throw new PdfProblem('encrypted');
    throw new PdfProblem('not-pdf');
  }
  try {
    if (doc.numPages > MAX_PDF_PAGES) throw new PdfProblem('too-many-pages');
    const OPS = pdfjs.OPS;
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const texts: PdfText[] = [];
      for (const item of content.items) {
        if (!('str' in item) || !item.str) continue;
        const [a, b, c, d, e, f] = item.transform as Matrix;
        texts.push({ str: item.str, x: e, y: f, width: item.width, height: item.height || Math.hypot(c, d) || Math.hypot(a, b) });
      }
      const segments: PdfSegment[] = [];
      const ops = await page.getOperatorList();
      let ctm: Matrix = [1, 0, 0, 1, 0, 0];
      const stack: Matrix[] = [];
      for (let i = 0; i < ops.fnArray.length; i++) {
        const fn = ops.fnArray[i];
        const args = ops.argsArray[i] as unknown[];
        if (fn === OPS.save) stack.push(ctm);
        else if (fn === OPS.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
        else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
        else if (fn === OPS.constructPath) {
          // Only paths drawn (stroked or filled): a clipping path is no ruling.
          const paint = args[0] as number;
          if (![OPS.stroke, OPS.closeStroke, OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke].includes(paint)) continue;
          const data = (args[1] as ArrayLike<number>[] | undefined)?.[0] as ArrayLike<number> | undefined;
          if (!data) continue;
          let cx = 0;
          let cy = 0;
          let sx = 0;
          let sy = 0;
          for (let k = 0; k < data.length; ) {
            const op = data[k++];
            if (op === 0) {
              [cx, cy] = apply(ctm, data[k++]!, data[k++]!);
              [sx, sy] = [cx, cy];
            } else if (op === 1) {
              const [nx, ny] = apply(ctm, data[k++]!, data[k++]!);
              segments.push({ x1: cx, y1: cy, x2: nx, y2: ny });
              [cx, cy] = [nx, ny];
            } else if (op === 2) {
              [cx, cy] = apply(ctm, data[k + 4]!, data[k + 5]!);
              k += 6;
            } else if (op === 3) {
              [cx, cy] = apply(ctm, data[k + 2]!, data[k + 3]!);
              k += 4;
            } else if (op === 4) {
              segments.push({ x1: cx, y1: cy, x2: sx, y2: sy });
              [cx, cy] = [sx, sy];
            } else break;
          }
        }
      }
      pages.push({ width: x1 - x0, height: y1 - y0, texts, segments });
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
