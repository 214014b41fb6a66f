import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { catalogue, catalogueParts, type MessageKey } from './catalogue.ts';
import { translator } from './index.ts';
import { AUDIT_ACTIONS } from '../features/audit/service.ts';

describe('message catalogue', () => {
  it('has every message in both locales, and each parses as ICU MessageFormat', () => {
    for (const [key, entry] of Object.entries(catalogue)) {
      for (const locale of ['uk', 'en'] as const) {
        expect(entry[locale], `${key}.${locale}`).toBeTruthy();
        expect(() => new IntlMessageFormat(entry[locale], locale, undefined, { ignoreTag: true }), `${key}.${locale}`).not.toThrow();
      }
    }
  });

  it('defines each key in one part only (a later part would silently override an earlier one)', () => {
    const seen = new Map<string, number>();
    catalogueParts.forEach((part, i) => {
      for (const key of Object.keys(part)) {
        expect(seen.has(key), `${key} is in parts ${seen.get(key)} and ${i}`).toBe(false);
        seen.set(key, i);
      }
    });
    expect(seen.size).toBe(Object.keys(catalogue).length);
  });

  it('names every audit action and says it as a sentence (the viewer would fail on a missing one)', () => {
    const missing = AUDIT_ACTIONS.flatMap((a) => [`audit.action.${a}`, `audit.summary.${a}`]).filter((k) => !(k in catalogue));
    expect(missing).toEqual([]);
  });

  it('uses Ukrainian plural forms', () => {
    const { t } = translator('uk');
    const forms = [1, 2, 5, 11, 21, 22, 25, 52].map((count) => t('organisations.count', { count }));
    expect(forms).toEqual([
      '1 організація',
      '2 організації',
      '5 організацій',
      '11 організацій',
      '21 організація',
      '22 організації',
      '25 організацій',
      '52 організації',
    ]);
    expect(t('plan.measuresCount', { count: 30 })).toBe('30 заходів');
    expect(t('plan.goalsCount', { count: 4 })).toBe('4 оперативні цілі');
  });

  it('uses English plural forms in English', () => {
    expect(translator('en').t('plan.measuresCount', { count: 1 })).toBe('1 measure');
    expect(translator('en').t('plan.measuresCount', { count: 30 })).toBe('30 measures');
  });

  it('formats dates as дд.мм.рррр and names weekdays', () => {
    const tr = translator('uk');
    expect(tr.date('2024-07-20')).toBe('20.07.2024');
    expect(tr.weekday('2024-07-20')).toBe('субота');
    expect(translator('en').weekday('2024-07-15')).toBe('Monday');
  });

  it('throws on an unknown key rather than showing it', () => {
    expect(() => translator('uk').t('no.such.key' as MessageKey)).toThrow();
  });
});
