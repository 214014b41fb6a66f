import { describe, expect, it } from 'vitest';
import { deflatedZeros, makeZip } from '../../../test/support/zip.ts';
import { orderDocx } from '../../../test/support/order-docx.ts';
import { readJson, type PlanFile } from '../seed/data.ts';
import { curatedImportDirectory } from '../seed/service.ts';
import { readOrderOffThread } from './off-thread.ts';
import { ImportError, planReadingOf, readOrderFile } from './reading.ts';
import { inflateDocx } from './unzip.ts';
import fs from 'node:fs';

/**
 * Issue 13 §3: an upload is read in a worker thread (time and memory limits), and a DOCX is
 * inflated under a hard limit on what inflating produces, whatever the archive claims.
 */

const directory = curatedImportDirectory();
const ORDER = fs.readFileSync('fixtures/order-609-poltava-2023.txt');

async function problem(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'read';
  } catch (err) {
    if (err instanceof ImportError) return err.problem;
    throw err;
  }
}

/** A DOCX whose document.xml is `megabytes` MB of zeros, declared as 4 KB. */
function lyingDocx(megabytes: number): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
    { name: 'word/document.xml', data: deflatedZeros(megabytes), deflated: true, claim: 4096 },
  ]);
}

describe('reading in a worker thread', () => {
  it('reads order 609 there (the worker loads the TypeScript reader) as the event loop would', async () => {
    const there = await readOrderOffThread(ORDER, directory);
    const here = await readOrderFile(ORDER, directory);
    expect(there).toEqual(here);
    expect(planReadingOf(there).goals.flatMap((g) => g.tasks.flatMap((t) => t.measures))).toHaveLength(30);
  });

  it('reads a DOCX there, and refuses there what is refused here', async () => {
    const docx = await orderDocx(readJson<PlanFile>('plan-609-poltava-2023.json'));
    expect(planReadingOf(await readOrderOffThread(docx, directory)).goals).toHaveLength(4);
    expect(await problem(readOrderOffThread(Buffer.from('просто текст без таблиці'), directory))).toBe('no-goal');
    expect(await problem(readOrderOffThread(Buffer.from([0xff, 0xfe, 0x00]), directory))).toBe('not-text');
  });

  it('stops a reading over its time limit and refuses it as "timeout"', async () => {
    expect(await problem(readOrderOffThread(ORDER, directory, { timeMs: 1, memoryMb: 512 }))).toBe('timeout');
  });

  it('refuses a reading that runs out of its memory as "too-complex", and the next reading still works', async () => {
    // A 10 MB DOCX (stored, nothing to inflate) of 300,000 empty paragraphs: the DOCX reader's
    // tree of them outgrows 96 MB of heap gradually, as a hostile document's would.
    const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${'<w:p><w:r><w:t>x</w:t></w:r></w:p>'.repeat(300_000)}</w:body></w:document>`;
    const docx = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>') },
      { name: '_rels/.rels', data: Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>') },
      { name: 'word/document.xml', data: Buffer.from(xml) },
    ]);
    expect(docx.length).toBeLessThan(20 * 1024 * 1024);
    expect(await problem(readOrderOffThread(docx, directory, { timeMs: 100_000, memoryMb: 96 }))).toBe('too-complex');
    expect(planReadingOf(await readOrderOffThread(ORDER, directory)).goals).toHaveLength(4);
  }, 120_000);
});

describe('a DOCX that lies about its sizes', () => {
  it('is refused once inflating passes the limit, whatever it declares (1.2 GB declared as 4 KB)', async () => {
    const docx = lyingDocx(1200);
    expect(docx.length).toBeLessThan(1.5 * 1024 * 1024);
    expect(() => inflateDocx(docx)).toThrow(expect.objectContaining({ problem: 'too-large' }));
    expect(await problem(readOrderFile(docx, directory))).toBe('zip-bomb');
    expect(await problem(readOrderOffThread(docx, directory))).toBe('zip-bomb');
  });

  it('under the limit, it is inflated for what it is and the archive re-written as stored entries', () => {
    const docx = lyingDocx(3);
    const stored = inflateDocx(docx);
    // Read back: the entry holds its real 3 MB, stored (method 0).
    expect(stored.readUInt16LE(8)).toBe(0);
    expect(stored.length).toBeGreaterThan(3 * 1024 * 1024);
  });

  it('counts entries together: many entries each under the limit are refused beyond the total', () => {
    const entries = [{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'word/document.xml', data: Buffer.from('<w:document/>') }];
    const many = [...entries, ...Array.from({ length: 3 }, (_, i) => ({ name: `word/media/${i}.bin`, data: deflatedZeros(40), deflated: true, claim: 10 }))];
    expect(() => inflateDocx(makeZip(many))).toThrow(expect.objectContaining({ problem: 'too-large' }));
  });
});
