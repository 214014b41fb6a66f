import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Real files opened back, as their reader would: a DOCX unzipped (its XML parts), rendered
 * through LibreOffice (headless, a profile of its own per call so parallel test files do not
 * collide) to PDF, a PDF read with pdftotext, counted with pdfinfo and drawn with pdftoppm.
 */

const run = promisify(execFile);

function scratch(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The text of one part of a DOCX/XLSX (e.g. 'word/document.xml'), via unzip. */
export function zipPart(bytes: Buffer, part: string): string {
  const dir = scratch('zvit-zip-');
  try {
    const file = path.join(dir, 'f.zip');
    fs.writeFileSync(file, bytes);
    return execFileSync('unzip', ['-p', file, part], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The DOCX (or XLSX) rendered to PDF by LibreOffice, as it will print. */
export async function officeToPdf(bytes: Buffer, ext = 'docx'): Promise<Buffer> {
  const dir = scratch('zvit-office-');
  try {
    const input = path.join(dir, `in.${ext}`);
    fs.writeFileSync(input, bytes);
    await run('soffice', [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, input], { timeout: 180_000 });
    return fs.readFileSync(path.join(dir, 'in.pdf'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A file LibreOffice opened and saved again as DOCX (as a community's clerk would return it). */
export async function officeResave(bytes: Buffer, ext = 'docx'): Promise<Buffer> {
  const dir = scratch('zvit-office-');
  try {
    const input = path.join(dir, `in.${ext}`);
    fs.writeFileSync(input, bytes);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    await run('soffice', [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', out, input], { timeout: 180_000 });
    return fs.readFileSync(path.join(out, 'in.docx'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function withFile<T>(bytes: Buffer, ext: string, f: (file: string) => T): T {
  const dir = scratch('zvit-pdf-');
  try {
    const file = path.join(dir, `f.${ext}`);
    fs.writeFileSync(file, bytes);
    return f(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text (layout kept: a page break is \f); `page` (1-based) reads one page only. */
export function pdfText(pdf: Buffer, page?: number): string {
  return withFile(pdf, 'pdf', (file) =>
    execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
  );
}

/** The number of pages of a PDF (pdfinfo). */
export function pdfPageCount(pdf: Buffer): number {
  const info = withFile(pdf, 'pdf', (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  const m = /^Pages:\s+(\d+)/m.exec(info);
  if (!m) throw new Error('pdfinfo gave no page count');
  return Number(m[1]);
}

/** Draws page `page` of a PDF to a PNG file at `out` (for looking at, not asserting on). */
export function pdfPagePng(pdf: Buffer, page: number, out: string, dpi = 80): void {
  withFile(pdf, 'pdf', (file) => execFileSync('pdftoppm', ['-png', '-singlefile', '-r', String(dpi), '-f', String(page), '-l', String(page), file, out.replace(/\.png$/, '')]));
}
