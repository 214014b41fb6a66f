import { describe, expect, it } from 'vitest';
import { normaliseEmail, normalisePhone, phoneHref, validateContact } from './contacts.ts';

describe('contacts', () => {
  it('reads Ukrainian phone numbers as people write them', () => {
    expect(normalisePhone('+380 53 256 0000')).toBe('+380 53 256 0000');
    expect(normalisePhone('(0532) 56-00-00')).toBe('(0532) 56-00-00');
    expect(normalisePhone('0532560000')).toBe('+380 53 256 00 00');
    expect(normalisePhone('380532560000')).toBe('+380 53 256 00 00');
    expect(normalisePhone('+380532560000')).toBe('+380 53 256 00 00');
    expect(normalisePhone('+48 22 123 45 67')).toBe('+48 22 123 45 67');
    for (const bad of ['дзвоніть', '12345', '053256000', '+380 0532 560000', '0532560000; 0501234567', '<script>']) expect(normalisePhone(bad), bad).toBeNull();
    expect(phoneHref('(0532) 56-00-00')).toBe('+380532560000');
  });

  it('checks e-mail addresses and keeps the local part as typed', () => {
    expect(normaliseEmail(' Viddil@Example.ORG ')).toBe('Viddil@example.org');
    expect(normaliseEmail('mailto:sobes@example.gov.ua')).toBe('sobes@example.gov.ua');
    expect(normaliseEmail('пошта@приклад.укр')).toBeNull();
    expect(normaliseEmail('info@приклад.укр')).toBe('info@приклад.укр');
    for (const bad of ['not-an-email', 'a@b', 'a b@example.org', 'a@@example.org', '<a>@example.org', 'a..b@example.org']) expect(normaliseEmail(bad), bad).toBeNull();
  });

  it('names the problem of each field; a dash is empty; a formula is refused', () => {
    expect(validateContact({ contactPerson: '—', contactPosition: '=HYPERLINK("http://x")', email: 'x', phone: '1'.repeat(41) }).errors).toEqual({ contactPosition: 'formula', email: 'invalid', phone: 'tooLong' });
    expect(validateContact({ contactPerson: 'Я'.repeat(201), contactPosition: '', email: '', phone: '' }).errors).toEqual({ contactPerson: 'tooLong' });
    expect(validateContact({ contactPerson: ' Ковальчук  Олена Петрівна ', contactPosition: '<b>Начальниця</b>', email: '', phone: '-' })).toEqual({
      value: { contactPerson: 'Ковальчук Олена Петрівна', contactPosition: '<b>Начальниця</b>', email: null, phone: null },
      errors: {},
    });
  });
});
