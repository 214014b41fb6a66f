import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { catalogue, type MessageKey } from './catalogue.ts';
import { LOCALES, translator } from './index.ts';

/** The quick path for plain messages says exactly what IntlMessageFormat says, for every message. */

function argumentNames(mf: IntlMessageFormat): string[] {
  const names = new Set<string>();
  const walk = (elements: ReturnType<IntlMessageFormat['getAst']>) => {
    for (const el of elements) {
      if ('value' in el && typeof el.value === 'string' && el.type !== 0) names.add(el.value);
      if ('options' in el) for (const option of Object.values(el.options as Record<string, { value: ReturnType<IntlMessageFormat['getAst']> }>)) walk(option.value);
    }
  };
  walk(mf.getAst());
  return [...names];
}

describe('formatting a message', () => {
  it('gives what IntlMessageFormat gives, for every message in both languages, with text and with numbers', () => {
    let checked = 0;
    for (const locale of LOCALES) {
      const tr = translator(locale);
      for (const key of Object.keys(catalogue) as MessageKey[]) {
        const mf = new IntlMessageFormat(catalogue[key][locale], locale, undefined, { ignoreTag: true });
        const names = argumentNames(mf);
        for (const sample of [(i: number) => `«x${i}» <b>&`, (i: number) => i * 1000 + 0.5, () => 0]) {
          const values = Object.fromEntries(names.map((n, i) => [n, sample(i)]));
          let expected: string;
          try {
            expected = String(mf.format(values));
          } catch {
            continue; // a plural or select given text: not a real call
          }
          expect(tr.t(key, values), `${locale} ${key}`).toBe(expected);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('still refuses a message with a value missing', () => {
    const key = (Object.keys(catalogue) as MessageKey[]).find((k) => /\{[a-zA-Z]+\}/.test(catalogue[k].uk) && !/plural|select/.test(catalogue[k].uk))!;
    expect(() => translator('uk').t(key, {})).toThrow();
  });
});
