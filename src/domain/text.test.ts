import { describe, expect, it } from 'vitest';
import { compareUkrainian, escapeLike, normaliseForSearch, sortUkrainian } from './text.ts';

describe('normaliseForSearch', () => {
  it('lower-cases Cyrillic so that a capitalised query finds the word', () => {
    const haystack = normaliseForSearch('Здійснення інформаційно-просвітницької діяльності');
    expect(haystack.includes(normaliseForSearch('ІНФОРМАЦІЙН'))).toBe(true);
  });

  it('unifies apostrophes and strips tags and extra spaces', () => {
    expect(normaliseForSearch("<p>сім’ї</p>  та  сімʼї")).toBe("сім'ї та сім'ї");
  });
});

describe('Ukrainian order', () => {
  it('puts є, і, ї, ґ in their places', () => {
    const words = ['Ґудзь', 'Їжак', 'Яблуко', 'Гадяч', 'Ірпінь', 'Європа', 'Дніпро', 'Ємність', 'Жито', 'Иней', 'Абрикос'];
    expect(sortUkrainian(words, (w) => w)).toEqual(['Абрикос', 'Гадяч', 'Ґудзь', 'Дніпро', 'Європа', 'Ємність', 'Жито', 'Иней', 'Ірпінь', 'Їжак', 'Яблуко']);
    expect(compareUkrainian('є', 'ж')).toBeLessThan(0);
  });
});

describe('escapeLike', () => {
  it('escapes wildcards', () => {
    expect(escapeLike('50%_x\\')).toBe('50\\%\\_x\\\\');
  });
});
