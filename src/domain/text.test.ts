import { describe, expect, it } from 'vitest';
import { compareUkrainian, escapeLike, normaliseForSearch, slugify, sortUkrainian } from './text.ts';

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

describe('ids from names', () => {
  it('transliterates by the official rules, word-initial forms included', () => {
    expect(slugify('Лубенська територіальна громада')).toBe('lubenska-terytorialna-hromada');
    expect(slugify('Згурівська громада')).toBe('zghurivska-hromada');
    expect(slugify('Яготинська Їжакевич Юрій Євген Йосип')).toBe('yahotynska-yizhakevych-yurii-yevhen-yosyp');
    expect(slugify('Служба у справах дітей «Полтавська» (за згодою)')).toBe('sluzhba-u-spravakh-ditei-poltavska-za-zghodoiu');
    expect(slugify("Кам'янська обл'ас ")).toBe('kamianska-oblas');
  });
  it('cuts long names at a word and never yields characters outside the slug alphabet', () => {
    const slug = slugify('Департамент інформаційної діяльності та комунікацій з громадськістю Полтавської обласної військової адміністрації', 40);
    expect(slug.length).toBeLessThanOrEqual(40);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slugify('<script>alert(1)</script> 😀')).toMatch(/^[a-z0-9-]*$/);
  });
});
