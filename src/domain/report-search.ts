import { normaliseForSearch } from './text.ts';

/**
 * Searching the words of submitted reports (issue 17): what a submission is searched by, how a
 * query splits into terms (each must occur), and the snippet shown around a match. Pure.
 */

interface SnapshotWords {
  entries?: { narrative?: string; reason?: string | null; links?: string[] }[];
}

/** The words of a submission's snapshot (JSON), normalised: every entry's narrative, reason and links. */
export function searchTextOf(snapshot: string): string {
  let parsed: SnapshotWords;
  try {
    parsed = JSON.parse(snapshot) as SnapshotWords;
  } catch {
    return '';
  }
  return normaliseForSearch((parsed.entries ?? []).flatMap((e) => [e.narrative ?? '', e.reason ?? '', ...(e.links ?? [])]).filter(Boolean).join(' \n '));
}

export const MAX_QUERY = 200;
export const MIN_TERM = 2;
export const MAX_TERMS = 8;

/** A query's terms: normalised words (or "quoted phrases"), each at least two characters; at most eight. */
export function searchTerms(query: string): string[] {
  const q = normaliseForSearch(query.slice(0, MAX_QUERY));
  const terms: string[] = [];
  for (const m of q.matchAll(/"([^"]+)"|(\S+)/g)) {
    const term = (m[1] ?? m[2] ?? '').trim();
    if (term.length >= MIN_TERM && !terms.includes(term)) terms.push(term);
  }
  return terms.slice(0, MAX_TERMS);
}

/** Whether a text holds every term (normalised the same way). */
export function matchesAll(text: string, terms: readonly string[]): boolean {
  const n = normaliseForSearch(text);
  return terms.every((t) => n.includes(t));
}

/**
 * The part of a text around its first match: up to `width` characters, cut at spaces, with the
 * matched spans marked — as pieces, so that a page escapes them (never HTML built here).
 */
export function snippet(text: string, terms: readonly string[], width = 240): { text: string; match: boolean }[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  const lower = clean.normalize('NFC').toLocaleLowerCase('uk').replace(/['’ʼ`ʻ‘′]/g, "'").replace(/[«»„“”"]/g, '"');
  // The same length as the text (one character for one), so positions carry over.
  const safe = lower.length === clean.length ? lower : clean.toLowerCase();
  const first = Math.min(...terms.map((t) => safe.indexOf(t)).filter((i) => i >= 0), Number.MAX_SAFE_INTEGER);
  const centre = first === Number.MAX_SAFE_INTEGER ? 0 : first;
  let from = Math.max(0, centre - Math.floor(width / 3));
  let to = Math.min(clean.length, from + width);
  if (from > 0) from = clean.indexOf(' ', from) + 1 || from;
  if (to < clean.length) to = clean.lastIndexOf(' ', to) > from ? clean.lastIndexOf(' ', to) : to;
  const pieces: { text: string; match: boolean }[] = [];
  let i = from;
  while (i < to) {
    let next = -1;
    let len = 0;
    for (const t of terms) {
      const at = safe.indexOf(t, i);
      if (at >= 0 && at < to && (next < 0 || at < next)) {
        next = at;
        len = t.length;
      }
    }
    if (next < 0) {
      pieces.push({ text: clean.slice(i, to), match: false });
      break;
    }
    if (next > i) pieces.push({ text: clean.slice(i, next), match: false });
    pieces.push({ text: clean.slice(next, Math.min(next + len, to)), match: true });
    i = next + len;
  }
  if (from > 0) pieces.unshift({ text: '… ', match: false });
  if (to < clean.length) pieces.push({ text: ' …', match: false });
  return pieces;
}
