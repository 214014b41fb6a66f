/**
 * Days of the year a measure's text names — "з нагоди Всесвітнього дня протидії торгівлі людьми
 * (30 липня)", "щорічно 18 жовтня (Європейський день боротьби з торгівлею людьми)", "до 30.07" —
 * read from the text as written, never from a list of known days. A date with a year ("до 31
 * грудня 2026 року", "04.09.2023") is a deadline or an event, not a day that comes back every
 * year, and is left out; so are numbers that only look like dates (measure numbers "захід 10.11",
 * sums "12.50 грн").
 */

export interface AwarenessDay {
  month: number;
  day: number;
  /** The day's name where the text gives one, in the nominative ("Всесвітній день протидії торгівлі людьми"). */
  name: string | null;
  /** The date as the text writes it ("30 липня", "30.07"). */
  asWritten: string;
}

const MONTHS = ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'];
/** Days in each month of a leap year: 29 лютого is a date that exists. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const L = '\\p{L}';
// "30 липня", "30-го липня", "30 Липня" — not followed by a year ("30 липня 2024 року").
const WORDED = new RegExp(`(?<![\\d${L}.,])(\\d{1,2})(?:-?го)?[\\s\\u00a0]+(${MONTHS.join('|')})(?![${L}])(?![\\s\\u00a0]*\\d{4})`, 'giu');
// "30.07" — two digits each, not part of "30.07.2024", "1.30.07" or "30.071".
const NUMERIC = new RegExp(`(?<![\\d.,])(\\d{2})\\.(\\d{2})(?![\\d]|[.,]\\d)`, 'gu');
// Words after which "10.11" is a number of a measure, a point or a section, not a date.
const NOT_A_DATE_BEFORE = /(?:захід|заходу|заходом|заходів|заходи|пункт|пункту|пунктом|пункті|підпункт|підпункту|п\.|пп\.|розділ|розділу|№|ціль|цілі|завдання|статт[яіею]|ст\.)[\s\u00a0]*$/iu;
const NOT_A_DATE_AFTER = /^[\s\u00a0]*(?:грн|гривень|гривні|%|відсот|тис|млн|млрд|год)/iu;

function valid(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= MONTH_DAYS[month - 1]!;
}

/** "Всесвітнього дня протидії…" → "Всесвітній день протидії…"; "Дня Незалежності" → "День Незалежності". */
export function nominativeDayName(phrase: string): string {
  const adjective = /^(\p{Lu}[\p{L}'’-]*?)(ього|ого)[\s\u00a0]+дня(?=[\s\u00a0]|$)/u.exec(phrase);
  if (adjective) return `${adjective[1]}${adjective[2] === 'ього' ? 'ій' : 'ий'} день${phrase.slice(adjective[0].length)}`;
  const bare = /^Дня(?=[\s\u00a0])/u.exec(phrase);
  if (bare) return `День${phrase.slice(3)}`;
  return phrase;
}

const tidy = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

/** The name around a date: in brackets after it, or before it when the date is in brackets. */
function nameAround(text: string, start: number, end: number): string | null {
  // "18 жовтня (Європейський день боротьби з торгівлею людьми)"
  const after = /^[\s\u00a0]*\(([^()]{3,200})\)/u.exec(text.slice(end));
  if (after && /(?:^|[\s\u00a0])(?:[Дд]ень|[Дд]ня|[Тт]иждень|[Тт]ижня)(?=[\s\u00a0]|$)/u.test(after[1]!)) return nominativeDayName(tidy(after[1]!));
  // "з нагоди Всесвітнього дня протидії торгівлі людьми (30 липня)"
  const before = text.slice(Math.max(0, start - 300), start);
  if (!/\([\s\u00a0]*$/u.test(before) || !/^[\s\u00a0]*\)/u.test(text.slice(end))) return null;
  const phrase = /((?:\p{Lu}[\p{L}'’-]*[\s\u00a0]+)?(?:[Дд]ня|[Дд]ень|[Тт]ижня|[Тт]иждень)(?=[\s\u00a0])[^,.;:()]*?)[\s\u00a0]*\([\s\u00a0]*$/u.exec(before);
  return phrase ? nominativeDayName(tidy(phrase[1]!)) : null;
}

/** Every day of the year a text names, in the order it names them, each day once. */
export function awarenessDays(text: string): AwarenessDay[] {
  const found: (AwarenessDay & { at: number })[] = [];
  const add = (month: number, day: number, at: number, end: number, asWritten: string) => {
    if (!valid(month, day) || found.some((f) => f.month === month && f.day === day)) return;
    found.push({ month, day, name: nameAround(text, at, end), asWritten: tidy(asWritten), at });
  };
  for (const m of text.matchAll(WORDED)) {
    add(MONTHS.indexOf(m[2]!.toLowerCase()) + 1, Number(m[1]), m.index, m.index + m[0].length, m[0]);
  }
  for (const m of text.matchAll(NUMERIC)) {
    const before = text.slice(Math.max(0, m.index - 20), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 12);
    if (NOT_A_DATE_BEFORE.test(before) || NOT_A_DATE_AFTER.test(after)) continue;
    add(Number(m[2]), Number(m[1]), m.index, m.index + m[0].length, m[0]);
  }
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...d }) => d);
}
