import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config.ts';
import { officeToPdf, pdfPageCount } from '../../../../test/support/office.ts';
import { configureOffice, docxPageCount, officeSettings } from './office.ts';

/** The cover letter's enclosure counted through LibreOffice (decision 0029): configured, bounded, never blocking. */

const initial = officeSettings();
afterEach(() => configureOffice(initial));

async function pages(n: number): Promise<Buffer> {
  const children = Array.from({ length: n }, (_, i) => new Paragraph({ pageBreakBefore: i > 0, text: `Сторінка ${i + 1}` }));
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

describe('the page count through LibreOffice', () => {
  it('is configured by ZVIT_SOFFICE (default soffice, "off" never) and ZVIT_SOFFICE_TIMEOUT_SECONDS', () => {
    expect(loadConfig({}).office).toEqual({ soffice: 'soffice', timeoutSeconds: 120 });
    expect(loadConfig({ ZVIT_SOFFICE: 'off' }).office.soffice).toBeNull();
    expect(loadConfig({ ZVIT_SOFFICE: '/opt/libreoffice/program/soffice', ZVIT_SOFFICE_TIMEOUT_SECONDS: '30' }).office).toEqual({ soffice: '/opt/libreoffice/program/soffice', timeoutSeconds: 30 });
    expect(() => loadConfig({ ZVIT_SOFFICE_TIMEOUT_SECONDS: '1' })).toThrow(ConfigError);
  });

  it('counts the pages as LibreOffice prints them, without blocking the event loop', async () => {
    const docx = await pages(3);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    const counted = await docxPageCount(docx);
    clearInterval(timer);
    expect(counted).toBe(3);
    expect(counted).toBe(pdfPageCount(await officeToPdf(docx)));
    // The loop went on while LibreOffice worked.
    expect(ticks).toBeGreaterThan(5);
  }, 120_000);

  it('gives null — the letter leaves the number blank — when off, missing or too slow', async () => {
    const docx = await pages(2);
    configureOffice({ soffice: null, timeoutSeconds: 120 });
    expect(await docxPageCount(docx)).toBeNull();
    configureOffice({ soffice: '/nonexistent/soffice', timeoutSeconds: 120 });
    expect(await docxPageCount(docx)).toBeNull();
    const slow = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-slow-')), 'soffice');
    fs.writeFileSync(slow, '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    configureOffice({ soffice: slow, timeoutSeconds: 1 });
    const started = Date.now();
    expect(await docxPageCount(docx)).toBeNull();
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);
});
