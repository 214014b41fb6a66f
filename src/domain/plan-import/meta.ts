import { isLocalDate, type LocalDate } from '../dates.ts';

/** An order's requisites and its plan's period, from the lines before the plan's table. */
export interface PlanReadingMeta {
  title: string | null;
  /** The body that issued the order, from its heading ("Харківська обласна військова адміністрація"). */
  issuer: string | null;
  legalNumber: string | null;
  legalDate: LocalDate | null;
  start: LocalDate | null;
  end: LocalDate | null;
}

const MONTHS = ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'];
const NUMERIC_DATE = /(\d{1,2})\.(\d{1,2})\.(\d{4})/u;
const WORDS_DATE = new RegExp(`(\\d{1,2})\\s+(${MONTHS.join('|')})\\s+(\\d{4})`, 'iu');
// "ПЛАН", "ОБЛАСНИЙ ПЛАН", "РЕГІОНАЛЬНИЙ ПЛАН ЗАХОДІВ", "ПЛАН заходів щодо …"
const PLAN_HEAD = /^([А-ЯІЇЄҐ'’ ]*ПЛАН(?:\s+ЗАХОДІВ)?)(?:\s+(.*))?$/u;

function firstDate(text: string): { date: LocalDate; at: number } | null {
  const found: { date: LocalDate; at: number }[] = [];
  const n = NUMERIC_DATE.exec(text);
  if (n) found.push({ date: `${n[3]}-${n[2]!.padStart(2, '0')}-${n[1]!.padStart(2, '0')}`, at: n.index });
  const w = WORDS_DATE.exec(text);
  if (w) found.push({ date: `${w[3]}-${String(MONTHS.indexOf(w[2]!.toLocaleLowerCase('uk')) + 1).padStart(2, '0')}-${w[1]!.padStart(2, '0')}`, at: w.index });
  const valid = found.filter((f) => isLocalDate(f.date)).sort((a, b) => a.at - b.at);
  return valid[0] ?? null;
}

function sentenceCase(s: string): string {
  const t = s.trim().toLocaleLowerCase('uk');
  return `${t[0]!.toLocaleUpperCase('uk')}${t.slice(1)}`;
}

/** Reads the order's heading: number, date, title, and the plan's period ("на 2024–2026 роки", "на період до 2025 року"). */
export function readMeta(preamble: readonly string[]): PlanReadingMeta {
  const text = preamble.join('\n');
  // The order's own number comes first; numbers of the laws it cites come later.
  const number = /№\s*([\p{L}\p{N}/-]+)/u.exec(text)?.[1]?.replace(/-+$/, '') ?? null;
  const legalDate = firstDate(text.slice(0, Math.max(400, text.indexOf('№') + 200)))?.date ?? null;
  let title: string | null = null;
  const i = preamble.findIndex((l) => PLAN_HEAD.test(l.trim()));
  if (i >= 0) {
    const m = PLAN_HEAD.exec(preamble[i]!.trim())!;
    const parts = [sentenceCase(m[1]!)];
    if (m[2]) parts.push(m[2]);
    for (let k = i + 1; k < preamble.length && k <= i + 4; k++) {
      const l = preamble[k]!.trim();
      if (!(/^[\p{Ll}(«"]/u.test(l) || /^на\s/u.test(l))) break;
      parts.push(l);
    }
    title = parts.join(' ').replace(/\s+/g, ' ').trim();
  } else {
    title = preamble.find((l) => /^Про\s+/u.test(l))?.replace(/^Про\s+(затвердження\s+)?/u, '') ?? null;
  }
  const where = [title ?? '', text];
  let start: LocalDate | null = null;
  let end: LocalDate | null = null;
  for (const t of where) {
    // "на 2024–2026 роки", "у 2025–2026 роках", "на період 2025-2027 рр."
    const range = /(?:на|у|в)\s+(?:період\s+)?(\d{4})\s*[-–—]\s*(\d{4})\s*(?:роки|роках|рр|років|р)/u.exec(t);
    // "на 2025 рік", "у 2025 році"
    const single = /(?:на|у|в)\s+(\d{4})\s+(?:рік|році)/u.exec(t);
    const until = /на\s+період\s+до\s+(\d{4})/u.exec(t);
    if (range) [start, end] = [`${range[1]}-01-01`, `${range[2]}-12-31`];
    else if (single) [start, end] = [`${single[1]}-01-01`, `${single[1]}-12-31`];
    else if (until) [start, end] = [legalDate, `${until[1]}-12-31`];
    if (end) break;
    // The title names no period: the rest of the heading is searched, never the laws it cites.
    if (t === title && title) continue;
  }
  // The heading's body in capitals: "ХАРКІВСЬКА ОБЛАСНА ВІЙСЬКОВА АДМІНІСТРАЦІЯ" (the last of two
  // when a regional state administration is also the military one).
  const bodies = preamble.slice(0, 8).filter((l) => /^[А-ЯІЇЄҐ'’ -]{8,}(АДМІНІСТРАЦІЯ|РАДА|МІНІСТЕРСТВО|ДЕПАРТАМЕНТ|УПРАВЛІННЯ|СЛУЖБА)$/u.test(l.trim()));
  const issuer = bodies.length ? sentenceCase(bodies.at(-1)!.replace(/\s+/g, ' ')) : null;
  return { title, issuer, legalNumber: number, legalDate, start: start ?? legalDate, end };
}
