/**
 * The addressee of a letter is written in the dative (кому?): "Департаменту соціального захисту
 * населення Полтавської обласної військової адміністрації", "Службі у справах дітей …",
 * "Головному управлінню Національної поліції …". Only the head of an organisation's name changes
 * — the adjectives before its head noun and the noun itself; what follows is already in the
 * genitive. A name that starts otherwise is left as written (null), for a person to correct.
 */

type Gender = 'm' | 'f' | 'n' | 'pl';

/** Head nouns of organisations' names, with their dative and gender. */
const NOUNS: Record<string, { dative: string; gender: Gender }> = {
  департамент: { dative: 'департаменту', gender: 'm' },
  відділ: { dative: 'відділу', gender: 'm' },
  сектор: { dative: 'сектору', gender: 'm' },
  центр: { dative: 'центру', gender: 'm' },
  комітет: { dative: 'комітету', gender: 'm' },
  фонд: { dative: 'фонду', gender: 'm' },
  управління: { dative: 'управлінню', gender: 'n' },
  агентство: { dative: 'агентству', gender: 'n' },
  бюро: { dative: 'бюро', gender: 'n' },
  служба: { dative: 'службі', gender: 'f' },
  адміністрація: { dative: 'адміністрації', gender: 'f' },
  інспекція: { dative: 'інспекції', gender: 'f' },
  рада: { dative: 'раді', gender: 'f' },
  прокуратура: { dative: 'прокуратурі', gender: 'f' },
  палата: { dative: 'палаті', gender: 'f' },
  поліція: { dative: 'поліції', gender: 'f' },
  громада: { dative: 'громаді', gender: 'f' },
};

/** An adjective in the nominative, put in the dative of the noun's gender; null when it is not one. */
function adjectiveDative(word: string, gender: Gender): string | null {
  const lower = word.toLocaleLowerCase('uk');
  if (word.length <= 3) return null;
  if (gender === 'm' || gender === 'n') {
    if (/ий$/.test(lower)) return `${word.slice(0, -2)}ому`;
    if (/ій$/.test(lower)) return `${word.slice(0, -2)}ьому`;
    if (gender === 'n' && /е$/.test(lower)) return `${word.slice(0, -1)}ому`;
    if (gender === 'n' && /є$/.test(lower)) return `${word.slice(0, -1)}ьому`;
  }
  if (gender === 'f') {
    if (/ня$/.test(lower)) return `${word.slice(0, -1)}ій`;
    if (/а$/.test(lower)) return `${word.slice(0, -1)}ій`;
  }
  return null;
}

/** The organisation's name with its head in the dative; null when its head is not a known noun. */
export function organisationDative(name: string): string | null {
  const words = name.trim().split(/\s+/);
  const head = words.findIndex((w) => Object.hasOwn(NOUNS, w.toLocaleLowerCase('uk')));
  if (head < 0 || head > 3) return null;
  const noun = NOUNS[words[head]!.toLocaleLowerCase('uk')]!;
  const out = [...words];
  for (let i = 0; i < head; i++) {
    const d = adjectiveDative(words[i]!, noun.gender);
    if (!d) return null;
    out[i] = d;
  }
  const original = words[head]!;
  // Keep the writer's capital letter.
  out[head] = original[0] === original[0]!.toLocaleUpperCase('uk') ? noun.dative[0]!.toLocaleUpperCase('uk') + noun.dative.slice(1) : noun.dative;
  return out.join(' ');
}
