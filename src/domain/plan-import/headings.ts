/**
 * Headings of goals and tasks and the numbering of measures, as orders write them: "Оперативна
 * ціль 1.", "Ціль 2)", "Стратегічна ціль II", "Напрям 3", "Розділ IV.", "Завдання 1", or a bare
 * "1." / "II." across the table; measures "1)", "1.", "1.1", "1.1.1" or not numbered at all.
 */

export interface Heading {
  /** The heading word, normalised ("ціль", "оперативна ціль", "напрям" …), or null for a bare number. */
  kind: string | null;
  number: number;
  title: string;
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };

/** "IV" → 4 (Cyrillic "І" read as the Latin letter, as Ukrainian documents often type it). */
export function romanValue(s: string): number | null {
  const t = s.replace(/І/g, 'I').replace(/Х/g, 'X').toUpperCase();
  if (!/^[IVXL]{1,7}$/.test(t)) return null;
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const v = ROMAN[t[i]!]!;
    const next = ROMAN[t[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total > 0 && total < 60 ? total : null;
}

const KEYWORD = '(оперативн\\S*\\s+ціл[ьі]|стратегічн\\S*\\s+ціл[ьі]|ціл[ьі]|напрям(?:ок|и)?|розділ|завдання|пріоритет(?:ний\\s+напрям)?)';
const NUMBER = '(\\d{1,2}|[IVXLІХ]{1,7})';
const WITH_KEYWORD = new RegExp(`^${KEYWORD}\\s*(?:№\\s*)?${NUMBER}(?![\\d.]*\\d)\\s*[.):–—-]?\\s*(.*)$`, 'isu');
// A bare heading number: "1.", "II.", "3)" — never "1.1" (a measure).
const BARE = new RegExp(`^${NUMBER}\\s*[.)]\\s*(?!\\d)(\\S.*)$`, 'su');

function numberOf(s: string): number | null {
  return /^\d+$/.test(s) ? Number(s) : romanValue(s);
}

export function normalKind(word: string): string {
  const w = word.toLocaleLowerCase('uk').replace(/\s+/g, ' ');
  if (w.startsWith('оперативн')) return 'оперативна ціль';
  if (w.startsWith('стратегічн')) return 'стратегічна ціль';
  if (w.startsWith('ціл')) return 'ціль';
  if (w.startsWith('напрям')) return 'напрям';
  if (w.startsWith('пріоритет')) return 'пріоритет';
  return w;
}

/** A heading with its word ("Ціль 1. …"), or null. */
export function keywordHeading(text: string): Heading | null {
  const m = WITH_KEYWORD.exec(text.trim());
  if (!m) return null;
  const n = numberOf(m[2]!);
  if (n === null) return null;
  return { kind: normalKind(m[1]!), number: n, title: m[3]!.trim() };
}

/** A heading that is only a number ("2. Захист прав дітей", "II. …"), or null. */
export function bareHeading(text: string): Heading | null {
  const m = BARE.exec(text.trim());
  if (!m) return null;
  const n = numberOf(m[1]!);
  if (n === null) return null;
  return { kind: null, number: n, title: m[2]!.trim() };
}

export interface Numbered {
  /** As written, without a trailing dot: "3", "1.2", "1.1.4". */
  code: string;
  /** The last part: 4 of "1.1.4". */
  number: number;
  /** Parts before the last: [1, 1] of "1.1.4". */
  prefix: number[];
  text: string;
}

const MEASURE_NUMBER = /^(\d{1,3}(?:\.\d{1,3}){0,3})(?:\s*[.)]\s*|\.?\s+)(\S[\s\S]*)$/u;
const SIMPLE_OR_DOTTED = /^(\d{1,3})(?:\s*[.)]|\s*$)/u;

/** A measure's own number at the start of its text ("1) …", "2.3. …", "1.1.1 …"), or null. */
export function numberedText(text: string): Numbered | null {
  const m = MEASURE_NUMBER.exec(text);
  if (!m) return null;
  const code = m[1]!;
  // "1 червня …" or "5 заходів …": a plain number with no dot or bracket is not a numbering.
  if (!code.includes('.') && !SIMPLE_OR_DOTTED.test(text)) return null;
  return numbered(code, m[2]!);
}

/** The number in a "№ з/п" cell ("1", "1.", "1)", "2.3", "1.1.1."), or null. */
export function numberCell(text: string): Numbered | null {
  const m = /^(\d{1,3}(?:\.\d{1,3}){0,3})[.)]?$/u.exec(text.trim());
  return m ? numbered(m[1]!, '') : null;
}

function numbered(code: string, text: string): Numbered {
  const parts = code.split('.').map(Number);
  return { code, number: parts.at(-1)!, prefix: parts.slice(0, -1), text: text.trim() };
}
