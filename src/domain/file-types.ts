import { zipEntries, ZipGuardError } from './plan-import/zip-guard.ts';

/**
 * What a file is, read from its bytes — never from its name or the type the browser claims.
 * Attachments may be PDF, DOCX, XLSX, JPEG or PNG; anything else (an .exe renamed .pdf, an SVG
 * renamed .png, a macro-enabled document) is refused.
 */

export const ATTACHMENT_TYPES = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  jpeg: { mediaType: 'image/jpeg', extension: 'jpg' },
  png: { mediaType: 'image/png', extension: 'png' },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

function officeType(bytes: Uint8Array): AttachmentType | null {
  let names: string[];
  try {
    names = zipEntries(bytes).map((e) => e.name);
  } catch (err) {
    if (err instanceof ZipGuardError) return null;
    throw err;
  }
  if (!names.includes('[Content_Types].xml')) return null;
  // Macros have no place in a report.
  if (names.some((n) => /vbaProject\.bin$/i.test(n))) return null;
  if (names.includes('word/document.xml')) return 'docx';
  if (names.includes('xl/workbook.xml')) return 'xlsx';
  return null;
}

/** The attachment type the bytes are, or null when they are none of the allowed ones. */
export function detectAttachmentType(bytes: Uint8Array): AttachmentType | null {
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  // PNG: the signature, then the IHDR chunk, which must come first.
  if (startsWith(bytes, PNG_SIGNATURE) && startsWith(bytes, ascii('IHDR'), 12)) return 'png';
  // JPEG: start of image, then a marker segment.
  if (startsWith(bytes, [0xff, 0xd8, 0xff]) && bytes.length > 4) return 'jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeType(bytes);
  return null;
}

/**
 * A file name safe to store and send back: no path, no control characters, at most 255
 * characters, ending in the extension of what the file really is.
 */
export function safeFileName(name: string, type: AttachmentType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim();
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').slice(0, 200).trim() || 'file';
  return `${stem}.${ATTACHMENT_TYPES[type].extension}`;
}

/** A Content-Disposition header that downloads the file under its name (RFC 6266, RFC 5987). */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
