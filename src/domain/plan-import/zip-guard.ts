/**
 * Looks at a ZIP archive's central directory before anything is inflated: how many entries,
 * how large they claim to be once inflated, and how strongly compressed. A DOCX reader inflates
 * whole entries in memory, so a zip bomb must be refused here.
 */

export interface ZipLimits {
  maxEntries: number;
  maxTotalUncompressed: number;
  maxEntryUncompressed: number;
  /** Largest allowed ratio of uncompressed to compressed size for an entry. */
  maxRatio: number;
}

export const DOCX_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxTotalUncompressed: 100 * 1024 * 1024,
  maxEntryUncompressed: 50 * 1024 * 1024,
  maxRatio: 200,
};

export interface ZipEntry {
  name: string;
  compressedSize: number;
  /** As the central directory declares it: a claim, not a fact (see features/imports/unzip.ts). */
  uncompressedSize: number;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Where the entry's local header starts. */
  localOffset: number;
}

export type ZipProblem = 'not-zip' | 'zip64' | 'too-many-entries' | 'too-large' | 'ratio' | 'not-docx';

export class ZipGuardError extends Error {
  constructor(readonly problem: ZipProblem) {
    super(problem);
    this.name = 'ZipGuardError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** Reads the central directory (no inflating). Throws ZipGuardError when it is missing or odd. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const minStart = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= minStart; i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipGuardError('not-zip');
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff || size === 0xffffffff) throw new ZipGuardError('zip64');
  if (offset + size > bytes.length) throw new ZipGuardError('not-zip');
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) throw new ZipGuardError('not-zip');
    const compressedSize = view.getUint32(p + 20, true);
    const uncompressedSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const method = view.getUint16(p + 10, true);
    const localOffset = view.getUint32(p + 42, true);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) throw new ZipGuardError('zip64');
    const name = new TextDecoder('utf-8').decode(bytes.subarray(p + 46, p + 46 + nameLength));
    entries.push({ name, compressedSize, uncompressedSize, method, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Checks a DOCX before it is opened: a ZIP, of sane size and compression, with a Word document inside. */
export function checkDocx(bytes: Uint8Array, limits: ZipLimits = DOCX_LIMITS): ZipEntry[] {
  const entries = zipEntries(bytes);
  if (entries.length > limits.maxEntries) throw new ZipGuardError('too-many-entries');
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > limits.maxEntryUncompressed || total > limits.maxTotalUncompressed) throw new ZipGuardError('too-large');
    if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio) throw new ZipGuardError('ratio');
  }
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('word/document.xml') || !names.has('[Content_Types].xml')) throw new ZipGuardError('not-docx');
  return entries;
}
