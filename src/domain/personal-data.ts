/**
 * Does a text look as if it names a person? Executors describe what was done for measures with
 * sensitive indicators (children left without parental care, victims of violence); a date of
 * birth, a tax or passport number, a phone number or a name with a patronymic has no place
 * there. This only finds what looks like one, to warn the writer and the reviewer: it never
 * refuses a text, so it prefers a warning too many on a number to silence on a name.
 */

export type PersonalDataKind = 'birthDate' | 'taxNumber' | 'passport' | 'phone' | 'fullName';

export interface PersonalDataHit {
  kind: PersonalDataKind;
  /** The text as found (for the warning to quote). */
  text: string;
  index: number;
}

/** The order in which kinds are listed in a warning. */
export const PERSONAL_DATA_KINDS: readonly PersonalDataKind[] = ['fullName', 'birthDate', 'taxNumber', 'passport', 'phone'];

const UPPER = 'А-ЯІЇЄҐ';
const LOWER = 'а-яіїєґ';
const APOSTROPHES = "'’ʼ";

// ---- dates of birth ------------------------------------------------------------------------------

/** "р.н.", "р. н.", "д.н." (рік / дата народження), and the words themselves. */
const BIRTH_WORD = new RegExp(`(?:(?<![${LOWER}${UPPER}])[рд]\\.\\s?н\\.?(?![${LOWER}${UPPER}])|народжен|народив|народил)`, 'iu');
/** "1998 р.н.", "1998 року народження". */
const YEAR_OF_BIRTH = new RegExp(`(?<!\\d)(?:19|20)\\d{2}\\s?(?:р\\.?\\s?н\\.?|р\\.?\\s?народження|року\\s+народження)(?![${LOWER}${UPPER}])`, 'giu');
/** "р.н." on its own ("Іванов, р.н. 1998"). */
const BIRTH_ABBREVIATION = new RegExp(`(?<![${LOWER}${UPPER}])[рд]\\.\\s?н\\.(?![${LOWER}${UPPER}])`, 'giu');
/** A whole date: 12.03.1998, 12/03/1998, 12-03-1998. */
const FULL_DATE = /(?<![\d.])(0?[1-9]|[12]\d|3[01])([./-])(0?[1-9]|1[0-2])\2((?:19|20)\d{2})(?![\d])/gu;
/** Words before a date that make it a document's or an event's date, not a person's. */
const DOCUMENT_DATE_BEFORE = new RegExp(`(?:(?<![${LOWER}${UPPER}])(?:від|з|із|зі|до|по|на|у|в|станом\\s+на|протягом|із|починаючи\\s+з)|№\\s*[\\w/-]+)\\s*$`, 'iu');
/** A date well before the reporting years is more likely a birth than an event. */
const LATEST_BIRTH_YEAR = 2012;

function birthDates(text: string, hits: PersonalDataHit[]) {
  for (const m of text.matchAll(YEAR_OF_BIRTH)) hits.push({ kind: 'birthDate', text: m[0], index: m.index });
  for (const m of text.matchAll(BIRTH_ABBREVIATION)) {
    if (!hits.some((h) => h.kind === 'birthDate' && m.index >= h.index && m.index < h.index + h.text.length)) hits.push({ kind: 'birthDate', text: m[0], index: m.index });
  }
  for (const m of text.matchAll(FULL_DATE)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 25);
    const nearBirthWord = BIRTH_WORD.test(before.slice(-25)) || BIRTH_WORD.test(after);
    const year = Number(m[4]);
    const documentDate = DOCUMENT_DATE_BEFORE.test(before) || /^\s*(?:р\.|року)?\s*№/u.test(after);
    if (nearBirthWord || (year <= LATEST_BIRTH_YEAR && !documentDate)) {
      const end = m.index + m[0].length;
      // "12.03.1998 р.н." is one date of birth, not two.
      const overlapping = hits.findIndex((h) => h.kind === 'birthDate' && h.index < end && m.index < h.index + h.text.length);
      if (overlapping === -1) hits.push({ kind: 'birthDate', text: m[0], index: m.index });
      else {
        const h = hits[overlapping]!;
        const start = Math.min(h.index, m.index);
        hits[overlapping] = { kind: 'birthDate', text: text.slice(start, Math.max(end, h.index + h.text.length)), index: start };
      }
    }
  }
}

// ---- numbers: tax, passport, phone --------------------------------------------------------------

/** РНОКПП (ІПН): ten digits, the last a check digit of the other nine. */
export function isTaxNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  const sum = weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);
  return ((sum % 11) + 11) % 11 % 10 === Number(digits[9]);
}

const TAX_WORD = /(?:РНОКПП|ІПН|ідентифікаційн\S*\s+(?:код|номер)|податков\S*\s+номер)\S*\s*[:№-]?\s*$/iu;
const TEN_DIGITS = /(?<![\d.,])\d{10}(?!\d)(?![.,]\d)/gu;
const PASSPORT_SERIES = new RegExp(`(?<![${LOWER}${UPPER}A-Za-z\\d])[${UPPER}]{2}\\s?№?\\s?\\d{6}(?!\\d)`, 'gu');
const NINE_DIGITS = /(?<![\d.,])\d{9}(?!\d)(?![.,]\d)/gu;
const ID_WORD = /(?:паспорт|id[\s-]?картк|ідентифікаційн\S*\s+картк|посвідк|запис\S*\s+№|УНЗР|документ)/iu;
/** +380 50 123 45 67, (050) 123-45-67, 0501234567. */
const PHONE = /(?<![\d+])(?:\+?\s?380[\s-]?\(?\d{2}\)?|\(?0\d{2}\)?)[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)/gu;
/** What follows an amount: a long number before it is money or a count, not an identifier. */
const AMOUNT_AFTER = /^\s*(?:грн|гривень|гривні|гривня|тис|млн|осіб|особи|од\.|одиниць|разів|примірник)/iu;

function numbers(text: string, hits: PersonalDataHit[]) {
  for (const m of text.matchAll(PHONE)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length !== 10 && digits.length !== 12) continue;
    hits.push({ kind: 'phone', text: m[0].trim(), index: m.index });
  }
  const inPhone = (i: number) => hits.some((h) => h.kind === 'phone' && i >= h.index && i < h.index + h.text.length);
  for (const m of text.matchAll(TEN_DIGITS)) {
    if (inPhone(m.index)) continue;
    const named = TAX_WORD.test(text.slice(Math.max(0, m.index - 40), m.index));
    if (named || (isTaxNumber(m[0]) && !AMOUNT_AFTER.test(text.slice(m.index + 10)))) hits.push({ kind: 'taxNumber', text: m[0], index: m.index });
  }
  for (const m of text.matchAll(PASSPORT_SERIES)) hits.push({ kind: 'passport', text: m[0], index: m.index });
  for (const m of text.matchAll(NINE_DIGITS)) {
    const named = ID_WORD.test(text.slice(Math.max(0, m.index - 40), m.index));
    if (named || !AMOUNT_AFTER.test(text.slice(m.index + 9))) hits.push({ kind: 'passport', text: m[0], index: m.index });
  }
}

// ---- names with a patronymic --------------------------------------------------------------------

const WORD = new RegExp(`[${UPPER}][${LOWER}${UPPER}${APOSTROPHES}]*(?:-[${UPPER}${LOWER}][${LOWER}${UPPER}${APOSTROPHES}]*)?`, 'gu');
/** Іванович, Івановича, Івановичу, Івановичем, Івановичеві; Ілліч, Кузьмича; Сергійович. */
const MALE_PATRONYMIC = new RegExp(`[${LOWER}${APOSTROPHES}](?:ович|евич|євич|ич|іч)(?:а|у|ем|еві|і)?$`, 'u');
/** Іванівна, Іванівни, Іванівні, Іванівну, Іванівною; Андріївна; Ілліч → Іллівна. */
const FEMALE_PATRONYMIC = new RegExp(`[${LOWER}${APOSTROPHES}](?:івн|ївн)(?:а|и|і|у|ою)$`, 'u');
/** Words shaped like a patronymic that are not one. */
const NOT_PATRONYMIC = new Set(['рівна', 'рівну', 'рівні', 'рівною', 'рівни', 'чарівна', 'чарівну', 'чарівні', 'чарівною', 'чарівни', 'москвич', 'москвича']);

function isPatronymic(word: string): boolean {
  const lower = word.toLocaleLowerCase('uk');
  if (NOT_PATRONYMIC.has(lower) || lower.length < 5) return false;
  return MALE_PATRONYMIC.test(lower) || FEMALE_PATRONYMIC.test(lower);
}

/** A capitalised word that may be a first name or a surname (not an abbreviation such as ГУНП). */
function mayBeName(word: string): boolean {
  if (word.length < 2) return false;
  const rest = word.slice(1);
  return rest === rest.toLocaleLowerCase('uk') || word === word.toLocaleUpperCase('uk');
}

function fullNames(text: string, hits: PersonalDataHit[]) {
  const words = [...text.matchAll(WORD)].map((m) => ({ text: m[0], index: m.index }));
  for (let i = 1; i < words.length; i++) {
    const name = words[i - 1]!;
    const patronymic = words[i]!;
    if (!isPatronymic(patronymic.text) || !mayBeName(name.text)) continue;
    // A patronymic in capitals needs its name in capitals too ("ІВАН ІВАНОВИЧ"); the two words are side by side.
    const allCaps = patronymic.text === patronymic.text.toLocaleUpperCase('uk');
    if (allCaps !== (name.text === name.text.toLocaleUpperCase('uk'))) continue;
    if (!/^\s+$/u.test(text.slice(name.index + name.text.length, patronymic.index))) continue;
    let start = name.index;
    let end = patronymic.index + patronymic.text.length;
    // The surname, before the name or after the patronymic.
    const before = words[i - 2];
    const after = words[i + 1];
    if (before && mayBeName(before.text) && /^\s+$/u.test(text.slice(before.index + before.text.length, name.index))) start = before.index;
    else if (after && mayBeName(after.text) && /^\s+$/u.test(text.slice(end, after.index))) end = after.index + after.text.length;
    hits.push({ kind: 'fullName', text: text.slice(start, end), index: start });
  }
}

/** Everything in a text that looks like a personal identifier, in the order found. */
export function findPersonalData(text: string): PersonalDataHit[] {
  const hits: PersonalDataHit[] = [];
  if (!text) return hits;
  fullNames(text, hits);
  birthDates(text, hits);
  numbers(text, hits);
  return hits.sort((a, b) => a.index - b.index);
}

/** The kinds found, each once, in the order a warning lists them, with up to three examples each. */
export function personalDataSummary(texts: readonly (string | null | undefined)[]): { kind: PersonalDataKind; examples: string[] }[] {
  const found = new Map<PersonalDataKind, string[]>();
  for (const text of texts) {
    for (const hit of findPersonalData(text ?? '')) {
      const list = found.get(hit.kind) ?? [];
      if (!list.includes(hit.text) && list.length < 3) list.push(hit.text);
      found.set(hit.kind, list);
    }
  }
  return PERSONAL_DATA_KINDS.filter((k) => found.has(k)).map((kind) => ({ kind, examples: found.get(kind)! }));
}
