/**
 * An organisation's contact: the person, their position, an e-mail address and a phone number.
 * The same rules hold for the organisation form and for a file of contacts.
 */

export const CONTACT_FIELDS = ['contactPerson', 'contactPosition', 'email', 'phone'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export type ContactProblem = 'invalid' | 'tooLong' | 'formula';

export interface Contact {
  contactPerson: string | null;
  contactPosition: string | null;
  email: string | null;
  phone: string | null;
}

export const CONTACT_MAX_LENGTH: Record<ContactField, number> = { contactPerson: 200, contactPosition: 200, email: 254, phone: 40 };

/** One line of text: control characters and runs of spaces folded, trimmed. */
export function cleanLine(text: string | null | undefined): string {
  return String(text ?? '')
    .replace(/[\u0000-\u001f\u007f\u00a0\u2000-\u200b\u2028\u2029\u202f\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A dash alone is how spreadsheets say "none". */
function blank(text: string): boolean {
  return text === '' || /^[-‐‑–—]$/.test(text);
}

/**
 * A Ukrainian phone number as typed — `+380 53 256 0000`, `(0532) 56-00-00`, `0532560000`,
 * `380532560000` — or another country's with its `+` code. Digits typed without separators are
 * written `+380 53 256 00 00`; a number already grouped is kept as typed. Null: not a number.
 */
export function normalisePhone(raw: string): string | null {
  const text = cleanLine(raw);
  if (!/^\+?[\d ()./-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  const plus = text.startsWith('+');
  let national: string | null = null;
  if (digits.length === 12 && digits.startsWith('380')) national = digits.slice(3);
  else if (!plus && digits.length === 10 && digits.startsWith('0')) national = digits.slice(1);
  else if (plus && !digits.startsWith('380') && digits.length >= 8 && digits.length <= 15) return text;
  if (!national || national.startsWith('0')) return null;
  if (/^\+?\d+$/.test(text)) return `+380 ${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5, 7)} ${national.slice(7)}`;
  return text;
}

/** The number as a `tel:` link wants it: `+380532560000`. */
export function phoneHref(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (phone.trim().startsWith('+')) return `+${digits}`;
  if (digits.length === 10 && digits.startsWith('0')) return `+38${digits}`;
  if (digits.length === 12 && digits.startsWith('380')) return `+${digits}`;
  return digits;
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;

/** An e-mail address (a `mailto:` before it dropped, the domain in lower case), or null if it is not one. */
export function normaliseEmail(raw: string): string | null {
  const text = cleanLine(raw).replace(/^mailto:/i, '');
  if (text.length > CONTACT_MAX_LENGTH.email || !EMAIL.test(text) || text.includes('..')) return null;
  const at = text.lastIndexOf('@');
  return text.slice(0, at) + '@' + text.slice(at + 1).toLowerCase();
}

/** A text a spreadsheet would run as a formula if it were ever exported: `=…`, `+…`, `@…`, `-1…`. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+@]/.test(text) || /^-[^\s]/.test(text);
}

/** Checks and tidies a contact as typed or read from a file; empty fields are null. */
export function validateContact(input: Record<ContactField, string>): { value: Contact; errors: Partial<Record<ContactField, ContactProblem>> } {
  const errors: Partial<Record<ContactField, ContactProblem>> = {};
  const value: Contact = { contactPerson: null, contactPosition: null, email: null, phone: null };
  for (const field of ['contactPerson', 'contactPosition'] as const) {
    const text = cleanLine(input[field]);
    if (blank(text)) continue;
    if (text.length > CONTACT_MAX_LENGTH[field]) errors[field] = 'tooLong';
    else if (looksLikeFormula(text)) errors[field] = 'formula';
    else value[field] = text;
  }
  const email = cleanLine(input.email);
  if (!blank(email)) {
    const normal = normaliseEmail(email);
    if (email.length > CONTACT_MAX_LENGTH.email) errors.email = 'tooLong';
    else if (!normal) errors.email = 'invalid';
    else value.email = normal;
  }
  const phone = cleanLine(input.phone);
  if (!blank(phone)) {
    const normal = normalisePhone(phone);
    if (phone.length > CONTACT_MAX_LENGTH.phone) errors.phone = 'tooLong';
    else if (!normal) errors.phone = 'invalid';
    else value.phone = normal;
  }
  return { value, errors };
}
