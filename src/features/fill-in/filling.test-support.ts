import { zipEntries } from '../../domain/plan-import/zip-guard.ts';
import { inflateDocx, storedZip } from '../imports/unzip.ts';

/**
 * For tests: a form filled in as a clerk would, by editing the DOCX's own XML — the text typed
 * into the grey cell beside a label of a measure's table (lines become paragraphs), or a part
 * replaced whole. The result is a real DOCX (stored entries) that Word and LibreOffice open.
 */

export function parts(bytes: Buffer): Map<string, Buffer> {
  const stored = inflateDocx(bytes);
  const out = new Map<string, Buffer>();
  for (const e of zipEntries(stored)) {
    const start = e.localOffset + 30 + stored.readUInt16LE(e.localOffset + 26) + stored.readUInt16LE(e.localOffset + 28);
    out.set(e.name, Buffer.from(stored.subarray(start, start + e.compressedSize)));
  }
  return out;
}

export function withParts(bytes: Buffer, change: (parts: Map<string, Buffer>) => void): Buffer {
  const p = parts(bytes);
  change(p);
  return storedZip([...p].map(([name, data]) => ({ name, data })));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

/** The document's XML with `text` typed into the cell beside `label` in measure `code`'s table. */
export function typeInto(document: string, code: string, label: string, text: string): string {
  let done = false;
  const out = document.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (table) => {
    const rows = [...table.matchAll(/<w:tr\b[^>]*>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
    if (!rows[0] || !textOf(rows[0]).startsWith(`Захід ${code}.`)) return table;
    return table.replace(/<w:tr\b[^>]*>[\s\S]*?<\/w:tr>/g, (row) => {
      const cells = [...row.matchAll(/<w:tc\b[^>]*>[\s\S]*?<\/w:tc>/g)].map((m) => m[0]);
      if (cells.length < 2 || done || !textOf(cells[0]!).startsWith(label)) return row;
      done = true;
      const cell = cells[1]!;
      const tcPr = /<w:tcPr>[\s\S]*?<\/w:tcPr>/.exec(cell)?.[0] ?? '';
      const paragraphs = text.split('\n').map((line) => `<w:p><w:r><w:rPr><w:lang w:val="uk-UA"/></w:rPr><w:t xml:space="preserve">${esc(line)}</w:t></w:r></w:p>`).join('');
      return row.replace(cell, `<w:tc>${tcPr}${paragraphs}</w:tc>`);
    });
  });
  if (!done) throw new Error(`no cell "${label}" in measure ${code}`);
  return out;
}

/** A form with the fields typed in: by measure code, label → text. */
export function fillForm(bytes: Buffer, fills: readonly { code: string; label: string; text: string }[], edit: (document: string) => string = (d) => d): Buffer {
  return withParts(bytes, (p) => {
    let doc = p.get('word/document.xml')!.toString('utf8');
    for (const f of fills) doc = typeInto(doc, f.code, f.label, f.text);
    p.set('word/document.xml', Buffer.from(edit(doc), 'utf8'));
  });
}
