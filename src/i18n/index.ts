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

const compiled = new Map<string, IntlMessageFormat>();

function format(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const id = `${locale}\u0000${key}`;
  let mf = compiled.get(id);
  if (!mf) {
    const entry = catalogue[key];
    if (!entry) throw new Error(`Unknown message: ${key}`);
    mf = new IntlMessageFormat(entry[locale], locale, undefined, { ignoreTag: true });
    compiled.set(id, mf);
  }
  return String(mf.format(values));
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
