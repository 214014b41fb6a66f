import { IntlMessageFormat } from 'intl-messageformat';
import { catalogue, type MessageKey } from './catalogue.ts';
import { formatLocalDate, isoWeekday, type LocalDate } from '../domain/dates.ts';

export const LOCALES = ['uk', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'uk';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

export interface Translator {
  locale: Locale;
  t: Translate;
  /** дд.мм.рррр in every locale (DESIGN.md). */
  date(date: LocalDate): string;
  weekday(date: LocalDate): string;
  number(n: number): string;
}

interface Compiled {
  mf: IntlMessageFormat;
  /**
   * A message of text and plain `{name}` arguments only (most of them), as its pieces: formatted
   * by joining, without IntlMessageFormat's per-call work (a tenth of a page's time). Null for
   * plurals, selects and the like, which go through IntlMessageFormat.
   */
  pieces: (string | { name: string })[] | null;
}

const compiled = new Map<string, Compiled>();

function piecesOf(mf: IntlMessageFormat): Compiled['pieces'] {
  const pieces: (string | { name: string })[] = [];
  for (const el of mf.getAst()) {
    if (el.type === 0) pieces.push(el.value);
    else if (el.type === 1) pieces.push({ name: el.value });
    else return null;
  }
  return pieces;
}

function format(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const id = `${locale}\u0000${key}`;
  let c = compiled.get(id);
  if (!c) {
    const entry = catalogue[key];
    if (!entry) throw new Error(`Unknown message: ${key}`);
    const mf = new IntlMessageFormat(entry[locale], locale, undefined, { ignoreTag: true });
    c = { mf, pieces: piecesOf(mf) };
    compiled.set(id, c);
  }
  if (c.pieces) {
    let out = '';
    for (const piece of c.pieces) {
      if (typeof piece === 'string') {
        out += piece;
        continue;
      }
      const value = values?.[piece.name];
      // Anything but a string or a number (or a missing value, an error) is IntlMessageFormat's to say.
      if (typeof value === 'string') out += value;
      else if (typeof value === 'number') out += String(value);
      else return String(c.mf.format(values));
    }
    return out;
  }
  return String(c.mf.format(values));
}

const translators = new Map<Locale, Translator>();

export function translator(locale: Locale): Translator {
  let tr = translators.get(locale);
  if (!tr) {
    const numberFormat = new Intl.NumberFormat(locale === 'uk' ? 'uk-UA' : 'en-GB');
    tr = {
      locale,
      t: (key, values) => format(locale, key, values),
      date: formatLocalDate,
      weekday: (date) => format(locale, `weekday.${isoWeekday(date)}` as MessageKey),
      number: (n) => numberFormat.format(n),
    };
    translators.set(locale, tr);
  }
  return tr;
}

export type { MessageKey };
