import { describe, expect, it } from 'vitest';
import { matchesAll, searchTerms, searchTextOf, snippet } from './report-search.ts';

describe('searching the words of reports', () => {
  it('keeps a snapshot’s narratives, reasons and links, normalised; an unreadable snapshot has no words', () => {
    const text = searchTextOf(JSON.stringify({ entries: [{ narrative: 'Проведено ЗУСТРІЧ з молоддю', reason: 'Через повітряну тривогу', links: ['https://Example.org/a'] }, { narrative: 'Обʼєднана громада’s' }] }));
    expect(text).toContain('проведено зустріч з молоддю');
    expect(text).toContain('через повітряну тривогу');
    expect(text).toContain('https://example.org/a');
    expect(text).toContain("об'єднана громада's");
    expect(searchTextOf('{not json')).toBe('');
  });
  it('splits a query into normalised terms and "phrases", dropping one-letter words', () => {
    expect(searchTerms('  Гаряча  ЛІНІЯ  1547 ')).toEqual(['гаряча', 'лінія', '1547']);
    expect(searchTerms('«гаряча лінія» і 1547')).toEqual(['гаряча лінія', '1547']);
    expect(searchTerms('а і в')).toEqual([]);
    expect(searchTerms('x'.repeat(500)).length).toBe(1);
  });
  it('matches only a text holding every term', () => {
    expect(matchesAll('Розміщено інформацію про гарячу лінію 1547', ['гарячу', '1547'])).toBe(true);
    expect(matchesAll('Розміщено інформацію', ['гарячу', '1547'])).toBe(false);
  });
  it('cuts a snippet around the first match with the matches marked, as text pieces', () => {
    const long = `${'Слово '.repeat(80)}проведено зустріч з молоддю щодо ризиків ${'Інше '.repeat(80)}`;
    const pieces = snippet(long, ['зустріч'], 120);
    expect(pieces[0]!.text).toBe('… ');
    expect(pieces.at(-1)!.text).toBe(' …');
    expect(pieces.filter((p) => p.match).map((p) => p.text)).toEqual(['зустріч']);
    expect(pieces.map((p) => p.text).join('').length).toBeLessThanOrEqual(126);
    const marked = snippet('<b>Гаряча</b> лінія', ['гаряча']);
    expect(marked).toEqual([{ text: '<b>', match: false }, { text: 'Гаряча', match: true }, { text: '</b> лінія', match: false }]);
  });
});
