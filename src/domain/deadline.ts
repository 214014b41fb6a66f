import { daysInMonth, isLocalDate, localDate, minDate, type LocalDate } from './dates.ts';

/**
 * A measure's deadline as written in the order ("2023-2025", "До 2025 року", "Постійно") and
 * its parsed form: a date range, or permanent.
 */
export interface ParsedDeadline {
  from: LocalDate | null;
  to: LocalDate | null;
  permanent: boolean;
}

const DASH = '[-‐‑‒–—]';
const YEAR = '((?:19|20)\\d{2})';
const YEAR_WORD = '(?:\\s*(?:р\\.?|рр\\.?|рік|роки|року|років))?';

const RANGE = new RegExp(`^(?:протягом\\s+|у\\s+|в\\s+)?${YEAR}\\s*${DASH}\\s*${YEAR}${YEAR_WORD}$`);
const SINGLE_YEAR = new RegExp(`^(?:у|в|протягом)?\\s*${YEAR}${YEAR_WORD}$`);
const UNTIL_YEAR = new RegExp(`^до\\s+(?:кінця\\s+)?${YEAR}${YEAR_WORD}$`);
const UNTIL_DATE = /^до\s+(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*(?:р\.?|року))?$/;
const DATE_ONLY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*(?:р\.?|року))?$/;
// "до 31 грудня 2030 року", "31 березня 2026 р."
const MONTHS = ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня', 'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'];
const WORDS_DATE = new RegExp(`^(до\\s+)?(\\d{1,2})\\s+(${MONTHS.join('|')})\\s+${YEAR}${YEAR_WORD}$`);
// "IV квартал 2027 року", "I півріччя 2026 р.", "протягом II кварталу 2026 року"
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const PART_OF_YEAR = new RegExp(`^(?:протягом\\s+|у\\s+|в\\s+|до\\s+кінця\\s+)?(i{1,3}|iv|[1-4])\\s*(?:-?(?:й|го))?\\s+(квартал(?:у|і)?|півріччя|півріччі)\\s+${YEAR}${YEAR_WORD}$`);
const PERMANENT = /^(постійно|щороку|щорічно|щопівроку|щоквартал(?:у|ьно)|щомісяця|щомісячно)$/;
// Recurring or open-ended, whatever follows: "Щороку до 1 березня", "У разі потреби", "За окремим планом".
const OPEN_ENDED = /^(постійно|щороку|щорічно|щопівроку|щопіврічно|щоквартал|щомісяц|щомісячно|щотижня|у разі потреби|в разі потреби|за потреби|при потребі|за окремим планом|за окремими планами|протягом (?:усього )?(?:строку |терміну )?дії (?:плану|програми)|протягом (?:усього )?періоду)/;
const MONTH_STEMS = ['січ', 'лют', 'берез', 'квіт', 'трав', 'черв', 'лип', 'серп', 'верес', 'жовт', 'листопад', 'груд'];
// "Січень 2025 року", "у грудні 2024 р."
const MONTH_OF_YEAR = new RegExp(`^(?:у\\s+|в\\s+|протягом\\s+)?(${MONTH_STEMS.join('|')})\\S*\\s+${YEAR}${YEAR_WORD}$`);
// "ІІ–ІІІ квартали 2025 року", "I-II півріччя 2026 р."
const PARTS_OF_YEAR = new RegExp(`^(?:протягом\\s+|у\\s+|в\\s+)?(i{1,3}|iv|[1-4])\\s*${DASH}\\s*(i{1,3}|iv|[1-4])\\s+(квартал\\S*|півріч\\S*)\\s+${YEAR}${YEAR_WORD}$`);

function normalise(text: string): string {
  return (
    text
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[.;,]$/, '')
      .toLocaleLowerCase('uk')
      .replace(/^(упродовж|впродовж|продовж|в\s+межах|у\s+межах)\s+/u, 'протягом ')
      // Roman numerals typed with Cyrillic letters ("ІІІ квартал"): read as Latin.
      .replace(/(^|[\s(–—-])([іivх]{1,4})(?=\s*(?:[-‐‑‒–—]\s*[іivх]{1,4}\s*)?(?:-?(?:й|го))?\s+(?:квартал|півріч))/g, (_, a: string, r: string) => a + r.replace(/і/g, 'i').replace(/х/g, 'x'))
  );
}

function dmy(d: string, m: string, y: string): LocalDate | null {
  const s = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isLocalDate(s) ? s : null;
}

/**
 * Parses a deadline as written. "До …" runs from the plan's start. Returns null when the text
 * is not a deadline this function knows; the caller keeps the text and asks a person.
 */
export function parseDeadline(asWritten: string, planStart: LocalDate): ParsedDeadline | null {
  const text = normalise(asWritten);
  if (!text) return null;
  if (PERMANENT.test(text) || OPEN_ENDED.test(text)) return { from: null, to: null, permanent: true };
  let m = RANGE.exec(text);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a > b) return null;
    return { from: localDate(a, 1, 1), to: localDate(b, 12, 31), permanent: false };
  }
  m = SINGLE_YEAR.exec(text);
  if (m) {
    const y = Number(m[1]);
    return { from: localDate(y, 1, 1), to: localDate(y, 12, 31), permanent: false };
  }
  m = UNTIL_YEAR.exec(text);
  if (m) {
    const to = localDate(Number(m[1]), 12, 31);
    return { from: minDate(planStart, to), to, permanent: false };
  }
  m = UNTIL_DATE.exec(text);
  if (m) {
    const to = dmy(m[1]!, m[2]!, m[3]!);
    return to ? { from: minDate(planStart, to), to, permanent: false } : null;
  }
  m = DATE_ONLY.exec(text);
  if (m) {
    const to = dmy(m[1]!, m[2]!, m[3]!);
    return to ? { from: minDate(planStart, to), to, permanent: false } : null;
  }
  m = WORDS_DATE.exec(text);
  if (m) {
    const to = dmy(m[2]!, String(MONTHS.indexOf(m[3]!) + 1), m[4]!);
    return to ? { from: minDate(planStart, to), to, permanent: false } : null;
  }
  m = PART_OF_YEAR.exec(text);
  if (m) {
    const n = ROMAN[m[1]!] ?? Number(m[1]);
    const year = Number(m[3]);
    const half = m[2]!.startsWith('пів');
    if (half && n > 2) return null;
    const firstMonth = half ? (n - 1) * 6 + 1 : (n - 1) * 3 + 1;
    const lastMonth = firstMonth + (half ? 5 : 2);
    const to = localDate(year, lastMonth, daysInMonth(year, lastMonth));
    return { from: localDate(year, firstMonth, 1), to, permanent: false };
  }
  m = MONTH_OF_YEAR.exec(text);
  if (m) {
    const month = MONTH_STEMS.indexOf(m[1]!) + 1;
    const year = Number(m[2]);
    if (month > 0) return { from: localDate(year, month, 1), to: localDate(year, month, daysInMonth(year, month)), permanent: false };
  }
  m = PARTS_OF_YEAR.exec(text);
  if (m) {
    const [a, b] = [ROMAN[m[1]!] ?? Number(m[1]), ROMAN[m[2]!] ?? Number(m[2])];
    const half = m[3]!.startsWith('пів');
    const year = Number(m[4]);
    if (a > b || (half && b > 2)) return null;
    const size = half ? 6 : 3;
    const lastMonth = b * size;
    return { from: localDate(year, (a - 1) * size + 1, 1), to: localDate(year, lastMonth, daysInMonth(year, lastMonth)), permanent: false };
  }
  // "2025–2026 рр., щороку", "2024–2026 роки (щороку)": every year within those years.
  const bounded = new RegExp(`^(?:протягом\\s+)?${YEAR}\\s*${DASH}\\s*${YEAR}${YEAR_WORD}[\\s,(;–—-]+(щороку|щорічно|щопівроку|щоквартал\\S*|щомісяц\\S*|щомісячно|постійно)\\)?$`).exec(text);
  if (bounded && Number(bounded[1]) <= Number(bounded[2])) return { from: localDate(Number(bounded[1]), 1, 1), to: localDate(Number(bounded[2]), 12, 31), permanent: false };
  // "IV квартал 2025 р. – I квартал 2026 р.", "II півріччя 2025 – I півріччя 2026 року"
  const across = new RegExp(`^(?:протягом\\s+|з\\s+)?(i{1,3}|iv|[1-4])\\s+(квартал\\S*|півріч\\S*)\\s+${YEAR}${YEAR_WORD}\\s*(?:${DASH}|по|до)\\s*(i{1,3}|iv|[1-4])\\s+(квартал\\S*|півріч\\S*)\\s+${YEAR}${YEAR_WORD}$`).exec(text);
  if (across) {
    const half = (w: string) => w.startsWith('пів');
    const [a, ya, b, yb] = [ROMAN[across[1]!] ?? Number(across[1]), Number(across[3]), ROMAN[across[4]!] ?? Number(across[4]), Number(across[6])];
    const sa = half(across[2]!) ? 6 : 3;
    const sb = half(across[5]!) ? 6 : 3;
    const from = localDate(ya, (a - 1) * sa + 1, 1);
    const lastMonth = b * sb;
    const to = localDate(yb, lastMonth, daysInMonth(yb, lastMonth));
    if (a * sa <= 12 && lastMonth <= 12 && from <= to) return { from, to, permanent: false };
  }
  // "Постійно, звіт — до 1 грудня", "2024 рік (щороку)": recurring, whatever else it says.
  if (/(^|[\s(,;–—-])(постійно|щороку|щорічно|щопівроку|щоквартал\S*|щомісяц\S*|щомісячно)([\s),;.]|$)/u.test(text)) return { from: null, to: null, permanent: true };
  return null;
}
