/**
 * An official's name as documents write it (Instruction 55/2018, DSTU 4163:2020): the given name
 * as written, then the surname in capitals — "Ольга-Марія ШЕВЧЕНКО-ЛИСЕНКО", "Ігор ОБ’ЄДНАНИЙ".
 * One apostrophe throughout (’), as in every document of Zvit.
 */

/** A name part: letters with inner hyphens and apostrophes, as a person writes it. */
const NAME_PART = /^\p{L}+(?:['’ʼ`-]\p{L}+)*$/u;
/** A patronymic's ending: the third word of "ПРІЗВИЩЕ Ім’я По батькові". */
const PATRONYMIC = /(ович|евич|євич|йович|ич|івна|ївна|овна|евна|ична|инична)$/iu;

const apostrophe = (s: string) => s.replace(/['ʼ`‘]/g, '’');
const squeeze = (s: string) => apostrophe(s.replace(/\s+/g, ' ').trim());

/** Upper case in Ukrainian, the apostrophe kept (there is no upper-case apostrophe). */
export function surnameCaps(surname: string): string {
  return squeeze(surname).toLocaleUpperCase('uk-UA');
}

/** "Власне ім’я ПРІЗВИЩЕ" from a given name and a surname, each as typed. */
export function officialName(givenName: string, surname: string): string {
  return [squeeze(givenName), surnameCaps(surname)].filter(Boolean).join(' ');
}

export type NameProblem = 'empty' | 'tooLong' | 'invalid';

/** Whether a given name or surname is a name: letters, inner hyphens and apostrophes, spaces between parts (no digits, no markup). */
export function nameProblem(value: string, max = 100): NameProblem | null {
  const v = squeeze(value);
  if (!v) return 'empty';
  if (v.length > max) return 'tooLong';
  return v.split(' ').every((part) => NAME_PART.test(part)) ? null : 'invalid';
}

/**
 * The document form of an account's display name, when it is a person's name: "Олена Коваль" →
 * "Олена КОВАЛЬ"; "Коваль Олена Петрівна" → "Олена КОВАЛЬ"; a note in brackets after it is left out; anything else (a role, a department
 * in brackets) → null, and the caller shows the name as it is.
 */
export function documentNameOf(displayName: string): string | null {
  // "Оксана Демченко (координатор)": the name before a note in brackets.
  const words = squeeze(displayName.replace(/\s*\([^()]*\)\s*$/, '')).split(' ');
  if (!words.every((w) => NAME_PART.test(w) && /^\p{Lu}/u.test(w))) return null;
  if (words.length === 2) return officialName(words[0]!, words[1]!);
  if (words.length === 3 && PATRONYMIC.test(words[2]!)) return officialName(words[1]!, words[0]!);
  return null;
}

export type PhoneProblem = 'tooLong' | 'invalid';

/** A telephone number as typed: digits with spaces, brackets, hyphens, an optional leading +; 5 to 15 digits. Empty is allowed. */
export function phoneProblem(value: string): PhoneProblem | null {
  const v = value.trim();
  if (!v) return null;
  if (v.length > 50) return 'tooLong';
  if (!/^\+?[\d\s()-]+$/.test(v)) return 'invalid';
  const digits = v.replace(/\D/g, '').length;
  return digits >= 5 && digits <= 15 ? null : 'invalid';
}

/** A position as typed: one line, no markup. */
export function positionProblem(value: string, max = 300): 'empty' | 'tooLong' | 'invalid' | null {
  const v = value.replace(/\s+/g, ' ').trim();
  if (!v) return 'empty';
  if (v.length > max) return 'tooLong';
  return /[<>{}]|[\u0000-\u001f]/.test(value.replace(/[\r\n\t]/g, ' ')) ? 'invalid' : null;
}
