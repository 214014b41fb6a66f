import { describe, expect, it } from 'vitest';
import { documentNameOf, nameProblem, officialName, phoneProblem, positionProblem, surnameCaps } from './official-name.ts';

describe('officialName: "Власне ім’я ПРІЗВИЩЕ"', () => {
  it('keeps the given name as written and puts the surname in capitals', () => {
    expect(officialName('Ігор', 'Коваленко')).toBe('Ігор КОВАЛЕНКО');
    expect(officialName('  Ольга-Марія ', 'Шевченко-Лисенко')).toBe('Ольга-Марія ШЕВЧЕНКО-ЛИСЕНКО');
  });
  it('writes one apostrophe (’) and keeps it in the capitals', () => {
    expect(officialName("Мар'яна", "Об'єднана")).toBe('Мар’яна ОБ’ЄДНАНА');
    expect(surnameCaps('Григор’єв')).toBe('ГРИГОР’ЄВ');
    expect(officialName('Ілля', 'ґудзь')).toBe('Ілля ҐУДЗЬ');
  });
});

describe('nameProblem', () => {
  it('accepts names with hyphens and apostrophes', () => {
    for (const n of ['Ігор', 'Ольга-Марія', "Мар'яна", 'Об’єднана', 'Де Ла Крус']) expect(nameProblem(n)).toBeNull();
  });
  it('refuses empty, too long, digits and markup', () => {
    expect(nameProblem('  ')).toBe('empty');
    expect(nameProblem('Я'.repeat(101))).toBe('tooLong');
    expect(nameProblem('Ігор2')).toBe('invalid');
    expect(nameProblem('<b>Ігор</b>')).toBe('invalid');
    expect(nameProblem('Ігор-')).toBe('invalid');
  });
});

describe('documentNameOf (an account’s display name)', () => {
  it('reads "Ім’я Прізвище" and "Прізвище Ім’я По батькові"', () => {
    expect(documentNameOf('Олена Коваль')).toBe('Олена КОВАЛЬ');
    expect(documentNameOf('Коваль Олена Петрівна')).toBe('Олена КОВАЛЬ');
    expect(documentNameOf('Шевченко Ігор Степанович')).toBe('Ігор ШЕВЧЕНКО');
    expect(documentNameOf('Оксана Демченко (координатор)')).toBe('Оксана ДЕМЧЕНКО');
  });
  it('gives null for what is not a person’s name', () => {
    expect(documentNameOf('Координатор (Департамент соціального захисту населення)')).toBeNull();
    expect(documentNameOf('Адміністратор системи')).toBeNull();
    expect(documentNameOf('Олена')).toBeNull();
  });
});

describe('phoneProblem and positionProblem', () => {
  it('accepts phone numbers as people type them, and empty', () => {
    for (const p of ['', '+380 (532) 56-00-00', '0532 560000', '56-00-00']) expect(phoneProblem(p)).toBeNull();
  });
  it('refuses what is not a phone', () => {
    expect(phoneProblem('дзвоніть')).toBe('invalid');
    expect(phoneProblem('12')).toBe('invalid');
    expect(phoneProblem('+38 0532 <script>')).toBe('invalid');
    expect(phoneProblem('1'.repeat(51))).toBe('tooLong');
  });
  it('positions: empty, too long, markup', () => {
    expect(positionProblem('Директор Департаменту')).toBeNull();
    expect(positionProblem(' ')).toBe('empty');
    expect(positionProblem('а'.repeat(301))).toBe('tooLong');
    expect(positionProblem('Директор <script>')).toBe('invalid');
  });
});
