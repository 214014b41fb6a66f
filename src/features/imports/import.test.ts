import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { orderDocx } from '../../../test/support/order-docx.ts';
import { makeZip } from '../../../test/support/zip.ts';
import { readJson, type PlanFile } from '../seed/data.ts';
import { curatedImportDirectory } from '../seed/service.ts';
import { ImportError, planReadingOf, readOrderFile } from './service.ts';

const plan = readJson<PlanFile>('plan-609-poltava-2023.json');
const directory = curatedImportDirectory();
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

async function problem(bytes: Uint8Array): Promise<string> {
  try {
    await readOrderFile(bytes, directory);
    return 'read';
  } catch (err) {
    if (err instanceof ImportError) return err.problem;
    throw err;
  }
}

describe('reading an order from DOCX', () => {
  it('round-trips the curated plan: merged cells and a table continued across pages', async () => {
    const docx = await orderDocx(plan, { splitAfterGoal: 2 });
    const reading = planReadingOf(await readOrderFile(docx, directory));
    expect(reading.meta).toMatchObject({ legalNumber: '609', legalDate: '2023-09-04' });
    const got = reading.goals.flatMap((g) => g.tasks.flatMap((t) => t.measures));
    const want = plan.goals.flatMap((g) => g.tasks.flatMap((t) => t.measures));
    const differences: string[] = [];
    want.forEach((w, i) => {
      const m = got[i];
      if (!m) return differences.push(`${w.code}: missing`);
      if (m.code !== w.code) differences.push(`${w.code}: read as ${m.code}`);
      if (flat(m.title) !== flat(w.title)) differences.push(`${w.code}: title differs`);
      if (m.deadline !== w.deadline) differences.push(`${w.code}: deadline ${m.deadline} ≠ ${w.deadline}`);
      const ids = m.executors.map((e) => e.organisationId ?? `?${e.name}`).join();
      const wantIds = w.executors.map((e) => ('organisation' in e ? e.organisation : e.group)).join();
      if (ids !== wantIds) differences.push(`${w.code}: ${ids} ≠ ${wantIds}`);
    });
    expect(differences, differences.join('\n')).toEqual([]);
    expect(got).toHaveLength(30);
    expect(reading.goals.map((g) => g.number)).toEqual([1, 2, 3, 4]);
  });

  it('refuses a renamed ZIP of something else, a damaged archive and a zip bomb before inflating anything', async () => {
    expect(await problem(makeZip([{ name: 'photo.jpg', data: Buffer.from('not a document') }]))).toBe('not-docx');
    const good = await orderDocx(plan);
    expect(await problem(good.subarray(0, good.length - 30))).toBe('not-docx');
    // An entry that claims to inflate to 4 GB from a few bytes: refused from the directory alone.
    const bomb = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'word/document.xml', data: Buffer.alloc(1000), claim: 0xfffffff0 },
    ]);
    expect(await problem(bomb)).toBe('zip-bomb');
    const many = makeZip(Array.from({ length: 1200 }, (_, i) => ({ name: `f${i}.xml`, data: Buffer.from('x') })));
    expect(await problem(many)).toBe('zip-bomb');
    // A Word document without a plan in it.
    const letter = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
      { name: 'word/document.xml', data: Buffer.from('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Лист</w:t></w:r></w:p></w:body></w:document>') },
    ]);
    expect(['not-docx', 'no-goal']).toContain(await problem(letter));
  });

  it('refuses empty, huge and binary files', async () => {
    expect(await problem(new Uint8Array())).toBe('empty');
    expect(await problem(new Uint8Array(25 * 1024 * 1024))).toBe('too-large');
    expect(await problem(Uint8Array.from([0xff, 0xfe, 0xfd]))).toBe('not-text');
  });
});

describe('reading an order from PDF', () => {
  const pdf = fs.readFileSync(path.resolve('fixtures/orders/11-sumy-youth.pdf'));

  it('refuses what only looks like a PDF, a cut-off PDF and a scan, each with its reason, never a crash', async () => {
    expect(await problem(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 0x41)]))).toBe('not-pdf');
    expect(await problem(pdf.subarray(0, Math.floor(pdf.length / 3)))).toMatch(/^(not-pdf|scanned|no-goal)$/);
    expect(await problem(fs.readFileSync(path.resolve('fixtures/orders/13-scanned.pdf')))).toBe('scanned');
  });

  it('reads the text of a PDF that has no table as no plan', async () => {
    // The order's pages without the annex: the heading and items only.
    const { readPdfPages } = await import('../../domain/plan-import/pdf-table.ts');
    const doc = readPdfPages([{ width: 595, height: 842, segments: [], texts: [{ str: 'Про затвердження плану', x: 70, y: 700, width: 200, height: 14 }] }]);
    expect(doc.rows).toEqual([]);
    expect(doc.text).toContain('Про затвердження плану');
  });
});

describe('reading an order saved as text on Windows', () => {
  const text = fs.readFileSync(path.resolve('fixtures/orders/02-kharkiv-children-rights.txt'), 'utf8');
  const measures = (bytes: Uint8Array) => readOrderFile(bytes, directory).then((r) => planReadingOf(r).goals.flatMap((g) => g.tasks.flatMap((t) => t.measures.map((m) => m.title))));

  it('reads UTF-16 with its mark ("Unicode") and Windows-1251 ("ANSI") as it reads UTF-8', async () => {
    const utf8 = await measures(Buffer.from(text, 'utf8'));
    expect(utf8.length).toBeGreaterThan(10);
    expect(await measures(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual(utf8);
    // Windows-1251 by hand: the letters of this order are all in it.
    const cp1251 = Buffer.from(
      [...text].map((ch) => {
        const c = ch.codePointAt(0)!;
        if (c < 0x80) return c;
        if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
        const special: Record<string, number> = { І: 0xb2, і: 0xb3, Ї: 0xaf, ї: 0xbf, Є: 0xaa, є: 0xba, Ґ: 0xa5, ґ: 0xb4, '«': 0xab, '»': 0xbb, '–': 0x96, '—': 0x97, '’': 0x92, '№': 0xb9 };
        return special[ch] ?? 0x3f;
      }),
    );
    const read = await measures(cp1251);
    expect(read).toHaveLength(utf8.length);
    expect(read[0]).toBe(utf8[0]!.replace(/[^\u0000-\u007f\u0410-\u044fІіЇїЄєҐґ«»–—’№]/g, '?'));
  });

  it('still refuses binary files: random bytes, a JPEG', async () => {
    expect(await problem(Buffer.from([0x00, 0x01, 0xc0, 0xc1, 0xff]))).toBe('not-text');
    expect(await problem(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]))).toBe('not-text');
  });
});
