import { describe, expect, it } from 'vitest';
import { findPersonalData, isTaxNumber, personalDataSummary, type PersonalDataKind } from './personal-data.ts';

const kinds = (text: string): PersonalDataKind[] => findPersonalData(text).map((h) => h.kind);
const found = (text: string, kind: PersonalDataKind): string[] => findPersonalData(text).filter((h) => h.kind === kind).map((h) => h.text);

describe('personal identifiers in an executor’s text', () => {
  describe('dates of birth', () => {
    it.each([
      ['Дитина, 12.03.1998 р.н., влаштована до прийомної сім’ї.', '12.03.1998 р.н.'],
      ['Петренко О., 2010 р. н., повернута до родини.', '2010 р. н.'],
      ['хлопець 2009 року народження', '2009 року народження'],
      ['Заявниця, р.н. 1985, звернулася повторно.', 'р.н.'],
    ])('finds %j', (text, expected) => {
      expect(found(text, 'birthDate')).toContain(expected);
    });

    it('finds a whole date next to "народження" whatever its year, and an old date on its own', () => {
      expect(found('дата народження: 03.02.2015', 'birthDate')).toEqual(['03.02.2015']);
      expect(found('Іванова (12.03.1998) звернулася', 'birthDate')).toEqual(['12.03.1998']);
      expect(found('народилася 1/2/2001 у Полтаві', 'birthDate')).toEqual(['1/2/2001']);
    });

    it.each([
      'Розповсюджено 400 буклетів про лінію 1547.',
      'У 2024 року проведено 12 заходів.',
      'відповідно до розпорядження № 609 від 04.09.2023',
      'Закон України від 14.10.2014 № 1700-VII',
      'протягом 2023–2024 років',
      'станом на 01.07.2024 року',
      'з 01.01.2005 по 31.12.2005 (архівні дані)',
      'розпорядження від 04.09.2023 р. № 609',
      'Проведено навчання 15.03.2024 для 40 фахівців.',
    ])('finds no date of birth in %j', (text) => {
      expect(found(text, 'birthDate')).toEqual([]);
    });
  });

  describe('tax numbers (РНОКПП)', () => {
    it('checks the control digit', () => {
      expect(isTaxNumber('3184710691')).toBe(true);
      expect(isTaxNumber('3184710692')).toBe(false);
      expect(isTaxNumber('318471069')).toBe(false);
    });

    it('finds ten digits with a valid control digit, or any ten digits named as a tax number', () => {
      expect(found('Отримувач 3184710691 отримав допомогу.', 'taxNumber')).toEqual(['3184710691']);
      expect(found('РНОКПП 1234567890', 'taxNumber')).toEqual(['1234567890']);
      expect(found('ІПН: 2222222222', 'taxNumber')).toEqual(['2222222222']);
    });

    it.each(['код ЄДРПОУ 40108625', 'виділено 3184710691 грн', 'номер 1234567890 у журналі', 'сума 12345678901 коп.'])('finds none in %j', (text) => {
      expect(found(text, 'taxNumber')).toEqual([]);
    });
  });

  describe('passports', () => {
    it.each([
      ['паспорт КН 123456', 'КН 123456'],
      ['паспорт серії МЕ№654321 виданий', 'МЕ№654321'],
      ['ID-картка 001234567', '001234567'],
      ['документ 123456789', '123456789'],
    ])('finds %j', (text, expected) => {
      expect(found(text, 'passport')).toEqual([expected]);
    });

    it.each(['ГУНП 123456 звернень', 'лінія 1547', 'на суму 150000000 грн', 'Проведено 12 лекцій у 5 школах.'])('finds none in %j', (text) => {
      expect(found(text, 'passport')).toEqual([]);
    });
  });

  describe('phone numbers', () => {
    it.each([
      ['телефон +380 50 123 45 67', '+380 50 123 45 67'],
      ['тел. (050) 123-45-67', '(050) 123-45-67'],
      ['0501234567 — мама', '0501234567'],
      ['+380501234567', '+380501234567'],
      ['067 123 45 67', '067 123 45 67'],
    ])('finds %j', (text, expected) => {
      expect(found(text, 'phone')).toEqual([expected]);
      // A phone number is not also a tax number.
      expect(found(text, 'taxNumber')).toEqual([]);
    });

    it.each(['гаряча лінія 1547', 'лінія 0 800 500 335', 'протягом 2023 року', '№ 609 від 04.09.2023'])('finds none in %j', (text) => {
      expect(found(text, 'phone')).toEqual([]);
    });
  });

  describe('names with a patronymic', () => {
    it.each([
      ['Допомогу надано Іваненко Марії Петрівні.', 'Іваненко Марії Петрівні'],
      ['Шевченко Тарас Григорович звернувся', 'Шевченко Тарас Григорович'],
      ['з Олександром Сергійовичем Бондаренком', 'Олександром Сергійовичем Бондаренком'],
      ['Олена Андріївна Коваль', 'Олена Андріївна Коваль'],
      ['батько — Петренко Ігор Ілліч', 'Петренко Ігор Ілліч'],
      ['Марії Олексіївни', 'Марії Олексіївни'],
      ['ПЕТРЕНКО ОЛЕНА ІВАНІВНА', 'ПЕТРЕНКО ОЛЕНА ІВАНІВНА'],
      ['Мар’яна В’ячеславівна', 'Мар’яна В’ячеславівна'],
      ['Вікторові Івановичу', 'Вікторові Івановичу'],
      ['з Ганною Степанівною', 'Ганною Степанівною'],
    ])('finds %j', (text, expected) => {
      expect(found(text, 'fullName')).toEqual([expected]);
    });

    it.each([
      'Іванівська громада провела 4 заходи.',
      'Полтавська обласна військова адміністрація',
      'Головне управління Національної поліції в Полтавській області',
      'Служба у справах дітей Миргородської районної державної адміністрації',
      'Шевченківський район, село Петрівка',
      'Управління соціального захисту населення Кременчуцької міської ради',
      'ГУНП Івановича',
      'Проведено 12 лекцій у школах Полтави.',
      'Центр надання адміністративних послуг Решетилівської громади',
      'Рівна кількість заходів',
    ])('finds none in %j', (text) => {
      expect(found(text, 'fullName')).toEqual([]);
    });
  });

  it('finds nothing in a plain report', () => {
    const text = [
      'Проведено 12 лекцій у школах Полтави.',
      '',
      'Розповсюджено 400 буклетів про лінію 1547. Відповідно до розпорядження № 609 від 04.09.2023 у 2024 року',
      'Іванівська громада та Полтавська обласна військова адміністрація провели спільний захід; охоплено 350 осіб.',
    ].join('\n');
    expect(findPersonalData(text)).toEqual([]);
  });

  it('finds several kinds in one text, in order', () => {
    const text = 'Коваленко Ірина Петрівна, 12.03.1998 р.н., тел. 050 123 45 67, РНОКПП 3184710691.';
    expect(kinds(text)).toEqual(['fullName', 'birthDate', 'phone', 'taxNumber']);
  });

  it('summarises the kinds of several texts, each once, with examples', () => {
    expect(personalDataSummary(['тел. 0501234567', null, 'тел. 0501234567 або 0671234567', 'Ганна Іванівна'])).toEqual([
      { kind: 'fullName', examples: ['Ганна Іванівна'] },
      { kind: 'phone', examples: ['0501234567', '0671234567'] },
    ]);
    expect(personalDataSummary(['', undefined])).toEqual([]);
  });
});
