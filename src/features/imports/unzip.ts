import zlib from 'node:zlib';
import { checkDocx, DOCX_LIMITS, zipEntries, ZipGuardError, type ZipEntry, type ZipLimits } from '../../domain/plan-import/zip-guard.ts';

/**
 * A DOCX inflated under a hard limit on what inflating actually produces, whatever sizes the
 * archive declares (a 1.2 MB file declaring 4 KB inflated to 1.2 GB before), and written back
 * as a ZIP of stored entries: the DOCX reader then reads exactly the bytes counted here, never
 * inflating anything itself.
 */

const LOCAL = 0x04034b50;

export function inflateDocx(bytes: Uint8Array, limits: ZipLimits = DOCX_LIMITS): Buffer {
  return inflateEntries(bytes, checkDocx(bytes, limits), limits);
}

/**
 * Any ZIP (an XLSX, say) inflated under the same hard limits and written back as stored
 * entries; the caller checks which entries it needs.
 */
export function inflateZip(bytes: Uint8Array, limits: ZipLimits): Buffer {
  const entries = zipEntries(bytes);
  if (entries.length > limits.maxEntries) throw new ZipGuardError('too-many-entries');
  return inflateEntries(bytes, entries, limits);
}

function inflateEntries(bytes: Uint8Array, entries: ZipEntry[], limits: ZipLimits): Buffer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { name: string; data: Buffer }[] = [];
  let total = 0;
  for (const e of entries) {
    const p = e.localOffset;
    if (p + 30 > bytes.length || view.getUint32(p, true) !== LOCAL) throw new ZipGuardError('not-zip');
    const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
    if (start + e.compressedSize > bytes.length) throw new ZipGuardError('not-zip');
    const raw = bytes.subarray(start, start + e.compressedSize);
    // What this entry may still produce: its own limit and what the whole archive has left.
    const allowed = Math.min(limits.maxEntryUncompressed, limits.maxTotalUncompressed - total);
    let data: Buffer;
    if (e.method === 0) {
      if (raw.length > allowed) throw new ZipGuardError('too-large');
      data = Buffer.from(raw);
    } else if (e.method === 8) {
      try {
        // zlib stops at maxOutputLength: never more than `allowed` + 1 bytes are ever held.
        data = zlib.inflateRawSync(raw, { maxOutputLength: allowed + 1 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new ZipGuardError('too-large');
        throw new ZipGuardError('not-zip');
      }
      if (data.length > allowed) throw new ZipGuardError('too-large');
    } else {
      throw new ZipGuardError('not-docx');
    }
    total += data.length;
    out.push({ name: e.name, data });
  }
  return storedZip(out);
}

/** A ZIP of stored (not compressed) entries. */
export function storedZip(entries: { name: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = zlib.crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, e.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}
