import { describe, expect, it } from 'vitest';
import { checkPassword } from './passwords.ts';

const common = new Set(['password', 'qwerty', '123qweasdzxc', 'iloveyou']);

describe('password rule', () => {
  it('accepts 12 characters or more with no composition rules, up to 128', () => {
    expect(checkPassword('коза дереза йде', { common })).toBeNull();
    expect(checkPassword('a'.repeat(11) + 'b', { common })).toBeNull();
    expect(checkPassword('x'.repeat(64) + 'y'.repeat(64), { common })).toBeNull();
  });

  it('refuses short, empty and over-long passwords', () => {
    expect(checkPassword('', { common })).toBe('empty');
    expect(checkPassword('abcdefghijk', { common })).toBe('tooShort');
    expect(checkPassword('😀'.repeat(11), { common })).toBe('tooShort');
    expect(checkPassword('a'.repeat(129), { common })).toBe('tooLong');
  });

  it('refuses common passwords, ignoring case and digits stuck on the end', () => {
    expect(checkPassword('123QWEASDZXC', { common })).toBe('common');
    expect(checkPassword('Password12345', { common })).toBe('common');
    expect(checkPassword('iloveyou2024!', { common })).toBe('common');
    expect(checkPassword('aaaaaaaaaaaaaa', { common })).toBe('common');
    expect(checkPassword('123456789012', { common })).toBe('common');
  });

  it('refuses the e-mail name as a password', () => {
    expect(checkPassword('koordynator2024', { common, email: 'koordynator@zvit.example' })).toBe('personal');
  });
});
