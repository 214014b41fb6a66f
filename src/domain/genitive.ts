/**
 * Suggestions, never decisions: the plan's title and its issuer as a document's requisites need
 * them ("про стан виконання Обласного плану заходів …, затвердженого розпорядженням начальника
 * … адміністрації"). Ukrainian inflection is not a machine's to settle, so these only propose a
 * form the coordinator confirms or corrects; what they cannot read they leave out (null).
 *
 * Only the head of the phrase changes: the adjectives before the head noun and the noun itself;
 * what follows it ("заходів щодо …", "Полтавської обласної …") is already in the genitive.
 */

type Gender = 'm' | 'f' | 'n' | 'pl';

/** Head nouns of plans and of issuers' positions, with their genitive and gender. */
const NOUNS: Record<string, { genitive: string; gender: Gender }> = {
  план: { genitive: 'плану', gender: 'm' },
  програма: { genitive: 'програми', gender: 'f' },
  стратегія: { genitive: 'стратегії', gender: 'f' },
  'план-графік': { genitive: 'плану-графіка', gender: 'm' },
  перелік: { genitive: 'переліку', gender: 'm' },
  комплекс: { genitive: 'комплексу', gender: 'm' },
  заходи: { genitive: 'заходів', gender: 'pl' },
  начальник: { genitive: 'начальника', gender: 'm' },
  голова: { genitive: 'голови', gender: 'm' },
  міністр: { genitive: 'міністра', gender: 'm' },
  директор: { genitive: 'директора', gender: 'm' },
  керівник: { genitive: 'керівника', gender: 'm' },
  заступник: { genitive: 'заступника', gender: 'm' },
  'кабінет': { genitive: 'Кабінету', gender: 'm' },
  міністерство: { genitive: 'Міністерства', gender: 'n' },
  рада: { genitive: 'ради', gender: 'f' },
  адміністрація: { genitive: 'адміністрації', gender: 'f' },
};

/** An adjective in the nominative, put in the genitive of the noun's gender; null when it is not one. */
function adjectiveGenitive(word: string, gender: Gender): string | null {
  const lower = word.toLowerCase();
  const keep = (stem: string, ending: string) => word.slice(0, stem.length) + ending;
  if (gender === 'm' || gender === 'n') {
    if (/(ий|е)$/.test(lower) && !/ій$/.test(lower)) return keep(word.replace(/(ий|е)$/i, ''), 'ого');
    if (/ій$/.test(lower)) return keep(word.slice(0, -2), 'ього');
    if (/є$/.test(lower)) return keep(word.slice(0, -1), 'ього');
  }
  if (gender === 'f') {
    if (/я$/.test(lower) && /[^аеєиіїоуюя]я$/.test(lower) && /ня$/.test(lower)) return keep(word.slice(0, -1), 'ьої');
    if (/а$/.test(lower)) return keep(word.slice(0, -1), 'ої');
  }
  if (gender === 'pl' && /і$/.test(lower)) return keep(word.slice(0, -1), 'их');
  return null;
}

function looksAdjective(word: string): boolean {
  return /(ий|ій|а|я|е|є|і)$/i.test(word) && word.length > 3;
}

/** Puts the head of a noun phrase in the genitive: leading adjectives and the head noun. */
function headGenitive(phrase: string): string | null {
  const words = phrase.trim().split(/\s+/);
  const head = words.findIndex((w) => Object.hasOwn(NOUNS, w.toLowerCase()));
  if (head < 0 || head > 4) return null;
  const noun = NOUNS[words[head]!.toLowerCase()]!;
  const out = [...words];
  for (let i = 0; i < head; i++) {
    if (!looksAdjective(words[i]!)) return null;
    const g = adjectiveGenitive(words[i]!, noun.gender);
    if (!g) return null;
    out[i] = g;
  }
  const original = words[head]!;
  // Keep the writer's capital letter.
  out[head] = original[0] === original[0]!.toUpperCase() ? noun.genitive[0]!.toUpperCase() + noun.genitive.slice(1) : noun.genitive;
  return out.join(' ');
}

/** "Обласний план заходів щодо …" → "Обласного плану заходів щодо …"; null when the title starts otherwise. */
export function suggestTitleGenitive(title: string): string | null {
  const clean = title.trim().replace(/^["«„]|["»“]$/g, '');
  if (!clean) return null;
  return headGenitive(clean);
}

/**
 * "Начальник Полтавської обласної військової адміністрації" → "начальника Полтавської обласної
 * військової адміністрації" (a position is written in lower case inside a sentence; a body's name
 * keeps its capital: "Кабінету Міністрів України").
 */
export function suggestIssuerGenitive(issuer: string): string | null {
  const g = headGenitive(issuer.trim());
  if (!g) return null;
  const first = g.split(/\s+/)[0]!.toLowerCase();
  const position = ['начальника', 'голови', 'міністра', 'директора', 'керівника', 'заступника'].includes(first);
  return position ? g[0]!.toLowerCase() + g.slice(1) : g;
}

/** "розпорядження" → "розпорядженням": the act by which a plan was approved, in the instrumental. */
export function actInstrumental(kind: string): string | null {
  const k = kind.trim().toLowerCase();
  const known: Record<string, string> = {
    розпорядження: 'розпорядженням',
    наказ: 'наказом',
    постанова: 'постановою',
    рішення: 'рішенням',
    указ: 'указом',
    протокол: 'протоколом',
  };
  return known[k] ?? null;
}
