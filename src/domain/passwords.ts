/**
 * The password rule (NIST SP 800-63B): at least 12 characters, up to 128 accepted, not a common
 * or breached password and not made of the user's own e-mail name; no composition rules.
 */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export type PasswordProblem = 'empty' | 'tooShort' | 'tooLong' | 'common' | 'personal';

/** Length in characters as a person counts them (an emoji is one). */
function length(password: string): number {
  return [...password.normalize('NFC')].length;
}

export function checkPassword(password: string, options: { common: ReadonlySet<string>; email?: string }): PasswordProblem | null {
  if (password.length === 0) return 'empty';
  const n = length(password);
  if (n < PASSWORD_MIN) return 'tooShort';
  if (n > PASSWORD_MAX) return 'tooLong';
  const lower = password.normalize('NFC').toLocaleLowerCase('uk');
  if (options.common.has(lower)) return 'common';
  // A common password with digits or a "!" stuck on is still a common password.
  const stripped = lower.replace(/[\d!.]+$/, '');
  if (stripped.length >= 4 && options.common.has(stripped)) return 'common';
  if (/^(.)\1+$/.test(lower) || '1234567890123456789'.includes(lower) || 'qwertyuiopasdfghjklzxcvbnm'.includes(lower)) return 'common';
  const local = options.email?.split('@')[0]?.toLocaleLowerCase('uk');
  if (local && local.length >= 4 && lower.replace(/[\d!.]+$/, '') === local) return 'personal';
  return null;
}
