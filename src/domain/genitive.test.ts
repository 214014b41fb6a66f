import { describe, expect, it } from 'vitest';
import { actInstrumental, suggestIssuerGenitive, suggestTitleGenitive } from './genitive.ts';

describe('suggesting the genitive of a plan’s title and its issuer', () => {
  it('inflects the head of varied titles and leaves the rest as written', () => {
    const cases: [string, string | null][] = [
      ['Обласний план заходів щодо реалізації державної політики у сфері протидії торгівлі людьми на період до 2025 року', 'Обласного плану заходів щодо реалізації державної політики у сфері протидії торгівлі людьми на період до 2025 року'],
      ['План заходів з протидії торгівлі людьми на 2024–2026 роки', 'Плану заходів з протидії торгівлі людьми на 2024–2026 роки'],
      ['Регіональна програма протидії торгівлі людьми', 'Регіональної програми протидії торгівлі людьми'],
      ['Комплексний план заходів', 'Комплексного плану заходів'],
      ['Обласна комплексна програма соціальної підтримки', 'Обласної комплексної програми соціальної підтримки'],
      ['Першочергові заходи з протидії торгівлі людьми', 'Першочергових заходів з протидії торгівлі людьми'],
      ['«Обласний план заходів»', 'Обласного плану заходів'],
      ['Середній план', 'Середнього плану'],
      // Not a phrase it can read: nothing suggested, the coordinator types it.
      ['Про затвердження Обласного плану заходів', null],
      ['2025: заходи', null],
      ['', null],
    ];
    for (const [title, expected] of cases) expect(suggestTitleGenitive(title), title).toBe(expected);
  });

  it('writes a position in lower case and keeps a body’s capital', () => {
    expect(suggestIssuerGenitive('Начальник Полтавської обласної військової адміністрації')).toBe('начальника Полтавської обласної військової адміністрації');
    expect(suggestIssuerGenitive('Голова Харківської обласної державної адміністрації')).toBe('голови Харківської обласної державної адміністрації');
    expect(suggestIssuerGenitive('Кабінет Міністрів України')).toBe('Кабінету Міністрів України');
    expect(suggestIssuerGenitive('Міністерство соціальної політики України')).toBe('Міністерства соціальної політики України');
    expect(suggestIssuerGenitive('ОВА')).toBeNull();
  });

  it('names the act in the instrumental, or nothing', () => {
    expect(actInstrumental('розпорядження')).toBe('розпорядженням');
    expect(actInstrumental('Наказ')).toBe('наказом');
    expect(actInstrumental('постанова')).toBe('постановою');
    expect(actInstrumental('лист')).toBeNull();
  });
});
