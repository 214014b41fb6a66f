import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The pages of a Word file as it will print, counted by rendering it through LibreOffice
 * (headless) — the cover letter's "Додаток: на N арк." (decision 0029). Asynchronous (a child
 * process: the event loop is never blocked), one rendering at a time per process (one LibreOffice
 * profile, which two instances cannot share), bounded by a timeout. Where LibreOffice is not
 * configured, not installed or fails, the count is unknown (null) and the letter leaves the
 * number for its reader to write in.
 */

let settings: { soffice: string | null; timeoutSeconds: number } = { soffice: 'soffice', timeoutSeconds: 120 };
let queue: Promise<unknown> = Promise.resolve();
/** One profile per loaded module (a process, or a worker thread of one), removed when the process ends. */
const profile = path.join(os.tmpdir(), `zvit-soffice-profile-${process.pid}-${randomUUID()}`);
process.once('exit', () => {
  try {
    rmSync(profile, { recursive: true, force: true });
  } catch {
    // Left in the temporary folder.
  }
});

export function configureOffice(o: { soffice: string | null; timeoutSeconds: number }): void {
  settings = { ...o };
}

export function officeSettings(): { soffice: string | null; timeoutSeconds: number } {
  return { ...settings };
}

/** The number of pages of a PDF made by LibreOffice (its page objects; it writes no object streams). */
export function pageObjects(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

/**
 * Runs LibreOffice in a process group of its own, so that a timeout ends it all (`soffice` is a
 * script that starts `soffice.bin`: killing the script alone would leave the worker holding the
 * profile).
 */
function runBounded(program: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { detached: true, stdio: 'ignore' });
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`soffice ended with ${signal ?? code}`));
    });
  });
}

async function renderPdf(docx: Buffer, soffice: string, timeoutSeconds: number): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zvit-pages-'));
  try {
    const input = path.join(dir, 'document.docx');
    await fs.writeFile(input, docx);
    await runBounded(soffice, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, input], timeoutSeconds * 1000);
    return await fs.readFile(path.join(dir, 'document.pdf'));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The pages of the DOCX as LibreOffice prints it; null when that cannot be known here. */
export async function docxPageCount(docx: Buffer): Promise<number | null> {
  const { soffice, timeoutSeconds } = settings;
  if (!soffice) return null;
  const counted = queue.then(async () => {
    try {
      const pages = pageObjects(await renderPdf(docx, soffice, timeoutSeconds));
      return pages > 0 ? pages : null;
    } catch {
      return null;
    }
  });
  queue = counted.catch(() => null);
  return counted;
}
