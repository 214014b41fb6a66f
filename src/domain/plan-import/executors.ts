import { normaliseForSearch } from '../text.ts';

/**
 * Executor phrases of an order ("Департаменти соціального захисту населення; освіти і науки …
 * обласної військової адміністрації, …, райвійськкадміністрації, органи місцевого
 * самоврядування (за згодою)") → organisations and groups of the directory.
 */

export interface DirectoryEntry {
  id: string;
  name: string;
  shortName?: string | null;
  aliases: readonly string[];
  byConsent: boolean;
}

export interface ImportDirectory {
  organisations: readonly DirectoryEntry[];
  groups: readonly DirectoryEntry[];
}

export interface ExecutorReading {
  organisationId: string | null;
  /** Canonical name from the directory, or the phrase itself for a proposed organisation. */
  name: string;
  asWritten: string;
  byConsent: boolean;
  group?: true;
  proposed?: true;
  /** How sure the match is: exact (after normalisation), approximate (a typo), or none. */
  match: 'exact' | 'approximate' | 'none';
}

// Typos and variants met in real orders, folded before matching.
const FOLDS: [RegExp, string][] = [
  [/обласьк/g, 'обласн'],
  [/райвійськкадрової адміністрації/g, 'райвійськадміністрації'],
  [/райвійськкадміністрації/g, 'райвійськадміністрації'],
  [/районних військових адміністрацій/g, 'районні військові адміністрації'],
  [/районних державних адміністрацій/g, 'районні державні адміністрації'],
  [/комунікації з громадськістю/g, 'комунікацій з громадськістю'],
  [/правової допомоги/g, 'правничої допомоги'],
  // "облдержадміністрації (обласної військової адміністрації)": the second name of the same body.
  [/\s*\((?:обласн|районн)\S*\s+(?:військов|державн)\S*\s+адміністрац\S*\)/gu, ''],
  [/\s+/g, ' '],
];

// Abbreviations orders use, spelled out (matched as whole words of the lower-cased phrase).
const ABBREVIATIONS: [string, string][] = [
  ['гунп', 'головне управління національної поліції'],
  ['гу нп', 'головне управління національної поліції'],
  ['нпу', 'національної поліції україни'],
  ['гу дснс', 'головне управління державної служби україни з надзвичайних ситуацій'],
  ['дснс', 'державної служби україни з надзвичайних ситуацій'],
  ['гу дмс', 'головне управління державної міграційної служби'],
  ['удмс', 'управління державної міграційної служби'],
  ['дмс', 'державної міграційної служби'],
  ['ссд', 'служба у справах дітей'],
  ['дсзн', 'департамент соціального захисту населення'],
  ['усзн', 'управління соціального захисту населення'],
  ['цсссдм', "центр соціальних служб для сім'ї, дітей та молоді"],
  ['оцсс', 'обласний центр соціальних служб'],
  ['цнап', 'центр надання адміністративних послуг'],
  ['бвпд', 'безоплатної вторинної правничої допомоги'],
  ['бпд', 'безоплатної правничої допомоги'],
  ['цз', 'цивільного захисту'],
  ['держпраці', 'державної служби з питань праці'],
  ['му', 'міжрегіональне управління'],
  ['кнп', 'комунальне некомерційне підприємство'],
  ['кп', 'комунальне підприємство'],
  ['кз', 'комунальний заклад'],
  ['кзпо', 'комунальний заклад позашкільної освіти'],
  ['гу', 'головне управління'],
  ['тцк та сп', 'територіальний центр комплектування та соціальної підтримки'],
  ['омс', 'органи місцевого самоврядування'],
  ['отг', 'територіальні громади'],
  ['тг', 'територіальні громади'],
  ['го', 'громадські організації'],
  ['ова', 'обласної військової адміністрації'],
  ['ода', 'обласної державної адміністрації'],
  ['рва', 'районна військова адміністрація'],
  ['рда', 'районна державна адміністрація'],
  ['облвійськадміністрації', 'обласної військової адміністрації'],
  ['облдержадміністрації', 'обласної державної адміністрації'],
  ['облвійськадміністрація', 'обласна військова адміністрація'],
  ['облдержадміністрація', 'обласна державна адміністрація'],
  ['райвійськадміністрації', 'районні військові адміністрації'],
  ['райдержадміністрації', 'районні державні адміністрації'],
  ['райвійськадміністрація', 'районна військова адміністрація'],
  ['райдержадміністрація', 'районна державна адміністрація'],
];
const ABBREVIATION = new RegExp(`(?<![\\p{L}'])(${ABBREVIATIONS.map(([a]) => a.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}'])`, 'gu');
const SPELLED = new Map(ABBREVIATIONS.map(([a, b]) => [a, b]));

// Qualifiers naming the parent administration, dropped for matching.
const QUALIFIER = /\s+(\S+(?:ської|цької|зької)\s+)?(обласної|районної)\s+(військової\s+|державної\s+)?адміністрації$/u;
const NOMINATIVE_QUALIFIER = /\s+(\S+(?:ська|цька|зька)\s+)?обласна\s+(військова\s+|державна\s+)?адміністрація$/u;
// The region named in a name: "… в Полтавській області", "Полтавський обласний …".
const IN_REGION = /\s+(в|у|по)\s+\S+(?:ській|цькій|зькій)(\s+(та|і)\s+\S+(?:ській|цькій|зькій|ських|цьких|зьких))?\s+(області|областях)$/u;
const REGION_FIRST = /^\S+(?:ський|цький|зький|ська|цька|зька|ське|цьке|зьке|ські|цькі|зькі)\s+(?=(обласн|регіональн|районн|міськ|міжрегіональн))/u;
// Legal forms and quotes around a name: "КНП «…»", "ГО «…»".
const LEGAL_FORM = /^(комунальне некомерційне підприємство|комунальне підприємство|комунальний заклад|кнп|кп|кз|ку|пп|тов|ат|прат|бф|го)\s+(\S+\s+)?(?=")/u;

const PLURALS = new Map([
  ['районна військова адміністрація', 'районні військові адміністрації'],
  ['районна державна адміністрація', 'районні державні адміністрації'],
  ['територіальна громада', 'територіальні громади'],
  // "ОВА" alone: the administration itself, not its department.
  ['обласної військової адміністрації', 'обласна військова адміністрація'],
  ['обласної державної адміністрації', 'обласна державна адміністрація'],
]);

/** The region a name names ("Харківської", "в Рівненській області", "Сумський обласний …"), as a stem, or null. */
export function regionOf(name: string): string | null {
  const m = /(?:^|\s)(\p{Lu}\p{Ll}+?)(?:ської|ська|ський|ському|ській|цької|цька|цький|цькій|зької|зька|зький|зькій)(?=\s+(?:обласн|області|област|регіональн|міжрегіональн))/u.exec(name) ?? /(?:в|у)\s+(\p{Lu}\p{Ll}+?)(?:ській|цькій|зькій)\s+області/u.exec(name) ?? /(\p{Lu}\p{Ll}+?)(?:ської|цької|зької)\s+(?:обласної|області)/u.exec(name);
  return m ? m[1]!.toLocaleLowerCase('uk').slice(0, 5) : null;
}

function spellOut(s: string): string {
  return s.replace(ABBREVIATION, (m) => SPELLED.get(m.replace(/\s+/g, ' ')) ?? m);
}

function baseKey(phrase: string): string {
  let s = normaliseForSearch(phrase.replace(/\(за згодою\)/gi, ' '));
  for (const [re, to] of FOLDS) s = s.replace(re, to);
  s = spellOut(s);
  return s.trim().replace(/[.;,:]+$/, '');
}

/** The key a phrase is matched by: normalised, abbreviations spelled out, the parent administration dropped. */
export function matchKey(phrase: string): string {
  const s = baseKey(phrase);
  // The parent named in the genitive, or — an order's own abbreviation spelled out — in the nominative.
  let stripped = s.replace(QUALIFIER, '');
  const nominative = stripped.replace(NOMINATIVE_QUALIFIER, '');
  if (nominative.includes(' ')) stripped = nominative;
  return stripped.length >= 4 ? stripped : s;
}

/**
 * Every key a name is known by: as `matchKey` gives it, and without the region ("… в Полтавській
 * області", "Полтавський обласний центр …") or its legal form — orders leave them out.
 */
export function matchKeys(phrase: string): string[] {
  const k = matchKey(phrase);
  const keys = [k];
  const noRegion = k.replace(IN_REGION, '').replace(REGION_FIRST, '');
  if (noRegion.length >= 4 && noRegion !== k) keys.push(noRegion);
  const noForm = noRegion.replace(LEGAL_FORM, '').replace(/"/g, '').trim();
  if (noForm.length >= 4 && noForm !== noRegion) keys.push(noForm);
  return keys;
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Sørensen–Dice similarity of character bigrams, 0…1. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const A = bigrams(a);
  const B = bigrams(b);
  let common = 0;
  for (const [g, n] of A) common += Math.min(n, B.get(g) ?? 0);
  return (2 * common) / (a.length - 1 + (b.length - 1));
}

/** The same as `similarity`, from bigrams counted beforehand (each key's once, not per comparison). */
function diceOf(a: string, A: Map<string, number>, b: string, B: Map<string, number>): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  let common = 0;
  for (const [g, n] of A) common += Math.min(n, B.get(g) ?? 0);
  return (2 * common) / (a.length - 1 + (b.length - 1));
}

interface Candidate {
  entry: DirectoryEntry;
  group: boolean;
  keys: string[];
  /** Keys without the region or legal form: matched exactly, unless two candidates share one. */
  variants: string[];
}

/** How close an approximate match must be (Sørensen–Dice of bigrams). */
const APPROXIMATE = 0.86;

type Found = { candidate: Candidate; match: 'exact' | 'approximate' } | null;

export class ExecutorMatcher {
  private readonly candidates: Candidate[];
  private readonly exact = new Map<string, Candidate>();
  private readonly variants = new Map<string, Candidate>();
  /** Every candidate key with its bigrams, in the order they are compared. */
  private readonly keyed: { candidate: Candidate; key: string; bigrams: Map<string, number> }[] = [];
  /** Keys already looked up: an order names the same executors over and over. */
  private readonly found = new Map<string, Found>();
  private readonly longestKey: number;

  /** The order's own abbreviations ("ДОЗ ОВА – Департамент охорони здоров'я …"), longest first. */
  private readonly own: { re: RegExp; full: string }[];

  constructor(directory: ImportDirectory, abbreviations: ReadonlyMap<string, string> = new Map()) {
    // Only those the matcher does not know already: its own spell the genitive forms orders use.
    this.own = [...abbreviations]
      .filter(([short]) => !SPELLED.has(short.toLocaleLowerCase('uk').replace(/\s+/g, ' ')))
      .sort((a, b) => b[0].length - a[0].length)
      .map(([short, full]) => ({ re: new RegExp(`(?<![\\p{L}'’])${short.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}(?![\\p{L}'’])`, 'gu'), full }));
    this.candidates = [
      ...directory.organisations.map((entry) => ({ entry, group: false, keys: keysOf(entry), variants: variantsOf(entry) })),
      ...directory.groups.map((entry) => ({ entry, group: true, keys: keysOf(entry), variants: variantsOf(entry) })),
    ];
    for (const c of this.candidates) for (const k of c.keys) if (!this.exact.has(k)) this.exact.set(k, c);
    // Keys without the region or legal form: each names one candidate, or (shared) none.
    const ambiguous = new Set<string>();
    for (const c of this.candidates)
      for (const k of c.variants) {
        if (this.exact.has(k)) continue;
        const other = this.variants.get(k);
        if (other && other !== c) ambiguous.add(k);
        else this.variants.set(k, c);
      }
    for (const k of ambiguous) this.variants.delete(k);
    for (const c of this.candidates) for (const key of c.keys) this.keyed.push({ candidate: c, key, bigrams: bigrams(key) });
    this.longestKey = Math.max(0, ...this.keyed.map((k) => k.key.length));
  }

  /** The longest key that can still match some candidate, exactly or approximately. */
  private get longestMatchable(): number {
    return Math.ceil(this.longestKey / (APPROXIMATE / (2 - APPROXIMATE))) + 2;
  }

  /** The best candidate for one phrase. */
  find(phrase: string): Found {
    const key = matchKey(phrase);
    const known = this.found.get(key);
    if (known !== undefined) return known;
    const result = this.findAny(phrase, key);
    // A name that says its region is never another region's body ("Рівненський обласний центр"
    // is not Poltava's): proposed as new instead.
    const region = regionOf(phrase);
    const other = result && region ? [result.candidate.entry.name, result.candidate.entry.shortName ?? ''].map(regionOf).find((r) => r !== null) : null;
    const found = other && other !== region ? null : result;
    this.found.set(key, found);
    return found;
  }

  private findAny(phrase: string, key: string): Found {
    let result = this.closest(key);
    if (!result || result.match === 'approximate') {
      // Without the region or legal form, exactly: "ГУНП" for the police "в Полтавській області".
      for (const [i, k] of matchKeys(phrase).entries()) {
        const hit = (i > 0 ? this.exact.get(k) : undefined) ?? this.variants.get(k);
        if (hit) {
          result = { candidate: hit, match: 'exact' };
          break;
        }
      }
    }
    // "РВА" alone: all of them, when the directory has the group and not one such administration.
    const plural = !result ? PLURALS.get(key) : undefined;
    if (plural) {
      const hit = this.variants.get(plural);
      result = this.closest(plural) ?? (hit ? { candidate: hit, match: 'exact' } : null);
    }
    return result;
  }

  /** The candidate a key names exactly, else the closest one at or above the threshold (no variants). */
  closest(key: string): Found {
    const hit = this.exact.get(key);
    if (hit) return { candidate: hit, match: 'exact' };
    let best: { candidate: Candidate; score: number } | null = null;
    const K = key.length >= 2 ? bigrams(key) : new Map<string, number>();
    for (const k of this.keyed) {
      // Dice can reach the threshold only between lengths this close (2·min ÷ (sum) ≥ 0.86);
      // a pair that cannot is skipped: the best match at or above the threshold is unchanged.
      const short = Math.min(key.length, k.key.length) - 1;
      const long = Math.max(key.length, k.key.length) - 1;
      if (best && (2 * short) / (short + long) < APPROXIMATE) continue;
      const score = diceOf(key, K, k.key, k.bigrams);
      if (!best || score > best.score) best = { candidate: k.candidate, score };
    }
    return best && best.score >= APPROXIMATE ? { candidate: best.candidate, match: 'approximate' } : null;
  }

  /** Two names written without a separator, split after a word that ends a name. */
  private splitRunTogether(phrase: string): { text: string; candidate: Candidate }[] | null {
    // Both halves must name someone: a phrase far longer than any two names cannot be split so
    // (checked once, instead of matching ever longer halves at every separator word).
    if (matchKey(phrase).length > 2 * this.longestMatchable + 200) return null;
    const re = /(адміністрації|області|служб|праці|допомоги)\s+/giu;
    for (const m of phrase.matchAll(re)) {
      const cut = m.index! + m[0].length;
      const left = phrase.slice(0, cut).trim();
      const right = phrase.slice(cut).trim();
      const a = this.find(left);
      const b = right ? this.find(right) : null;
      if (a && b) return [{ text: left, candidate: a.candidate }, { text: right, candidate: b.candidate }];
    }
    return null;
  }

  private readonly readLists = new Map<string, ExecutorReading[]>();

  /** Splits an executor list into phrases and maps each one (a list met before is not read again). */
  read(list: string): ExecutorReading[] {
    let known = this.readLists.get(list);
    if (!known) {
      // Abbreviations the order spells out itself are read as spelled out.
      let spelled = list;
      for (const { re, full } of this.own) spelled = spelled.replace(re, full);
      known = this.readList(spelled);
      this.readLists.set(list, known);
    }
    return known.map((r) => ({ ...r }));
  }

  /**
   * A name with commas in it ("Управління сім'ї, молоді та спорту …") was split at them: a piece
   * in lower case that names nobody is joined back to the one before it when together they name
   * someone, or when neither names anyone (then they are one proposed name, not two halves).
   */
  private joinCommaNames(phrases: Phrase[]): Phrase[] {
    const out: Phrase[] = [];
    for (let i = 0; i < phrases.length; i++) {
      const p = phrases[i]!;
      let joined: Phrase | null = null;
      let upTo = i;
      for (let j = i + 1; j < phrases.length && j <= i + 3 && phrases[j]!.sep === ',' && isLower(phrases[j]!.text); j++) {
        const candidate: Phrase = { text: phrases.slice(i, j + 1).map((x) => x.text).join(', '), expanded: [p.expanded, ...phrases.slice(i + 1, j + 1).map((x) => x.text)].join(', '), sep: phrases[j]!.sep };
        if (this.find(candidate.expanded)?.match === 'exact') {
          joined = candidate;
          upTo = j;
        }
      }
      if (!joined && !this.find(p.expanded)) {
        // Pieces that name nobody on their own: one name with commas in it.
        let j = i;
        while (j + 1 < phrases.length && phrases[j + 1]!.sep === ',' && isLower(phrases[j + 1]!.text) && !OWN_KIND.test(phrases[j + 1]!.text) && !this.find(phrases[j + 1]!.expanded)) j++;
        if (j > i) {
          const rest = phrases.slice(i + 1, j + 1).map((x) => x.text);
          joined = { text: [p.text, ...rest].join(', '), expanded: [p.expanded, ...rest].join(', '), sep: p.sep };
          upTo = j;
        }
      }
      // "… «Пласт», Тернопільська станиця": a branch named after its organisation is one name.
      const next = phrases[upTo + 1];
      const base = joined ?? p;
      if (next && next.sep === ',' && /[»"]\s*$/.test(base.text) && BRANCH.test(next.text) && !this.find(next.expanded)) {
        out.push({ text: `${base.text}, ${next.text}`, expanded: `${base.expanded}, ${next.text}`, sep: base.sep });
        i = upTo + 1;
        continue;
      }
      out.push(base);
      i = upTo;
    }
    return out;
  }

  private readList(list: string): ExecutorReading[] {
    const out: ExecutorReading[] = [];
    const seen = new Set<string>();
    for (const phrase of this.joinCommaNames(splitExecutors(list, (p) => this.exact.has(matchKey(p))))) {
      const byConsent = /\(за згодою\)/i.test(phrase.text);
      const asWritten = phrase.text.trim();
      const found = this.find(phrase.expanded);
      const parts = found ? null : this.splitRunTogether(phrase.expanded);
      if (parts) {
        // Two names run together without a comma ("… обласної адміністрації служба у справах дітей …").
        for (const part of parts) {
          const { entry, group } = part.candidate;
          const id = `${group ? 'g' : 'o'}:${entry.id}`;
          if (seen.has(id)) continue;
          seen.add(id);
          out.push({ organisationId: entry.id, name: entry.name, asWritten: part.text, byConsent: byConsent || entry.byConsent, ...(group ? { group: true as const } : {}), match: 'approximate' });
        }
        continue;
      }
      if (found) {
        const { entry, group } = found.candidate;
        const id = `${group ? 'g' : 'o'}:${entry.id}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({
          organisationId: entry.id,
          name: entry.name,
          asWritten,
          byConsent: byConsent || entry.byConsent,
          ...(group ? { group: true as const } : {}),
          match: found.match,
        });
      } else {
        out.push({ organisationId: null, name: phrase.expanded.replace(/\s*\(за згодою\)\s*/gi, ' ').trim(), asWritten, byConsent, proposed: true, match: 'none' });
      }
    }
    return out;
  }
}

function keysOf(entry: DirectoryEntry): string[] {
  return [...new Set([entry.name, entry.shortName ?? '', ...entry.aliases].filter(Boolean).map(matchKey))];
}

function variantsOf(entry: DirectoryEntry): string[] {
  return [...new Set([entry.name, entry.shortName ?? '', ...entry.aliases].filter(Boolean).flatMap((n) => matchKeys(n).slice(1)))];
}

interface Phrase {
  /** The phrase as written. */
  text: string;
  /** The separator before it in the list ("," ";" ":"), "" for the first. */
  sep: string;
  /** With a shared head word restored ("освіти і науки" → "Департамент освіти і науки"). */
  expanded: string;
}

/**
 * The order's list of abbreviations ("Перелік скорочень: ДСЗН ОВА – Департамент …; ГУНП – …")
 * → abbreviation → its full form. Only upper-case abbreviations of up to three words are taken.
 */
export function readAbbreviations(lines: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const entry = /^\s*([А-ЯІЇЄҐA-Z][А-ЯІЇЄҐA-Z'’]{1,11}(?:\s+[А-ЯІЇЄҐA-Z][А-ЯІЇЄҐA-Z'’]{0,11}){0,2})\s*[–—-]\s*(\S.*?)\s*[.;,]?\s*$/u;
  for (const line of lines)
    for (const piece of line.replace(/^(перелік|список)\s+(умовних\s+|використаних\s+)?скорочень\s*:?/iu, '').split(/;\s*/)) {
      const m = entry.exec(piece);
      if (m && m[2]!.length > m[1]!.length && m[2]!.length < 300) out.set(m[1]!.replace(/\s+/g, ' '), m[2]!);
    }
  return out;
}

/**
 * Splits a list at commas, semicolons and colons outside parentheses. After a plural head
 * ("Департаменти соціального захисту населення; освіти і науки; …") the following lower-case
 * pieces that name nothing on their own take the head in the singular.
 */
export function splitExecutors(list: string, knownOnItsOwn: (phrase: string) => boolean = () => false): Phrase[] {
  const pieces: { text: string; sep: string }[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === '(' || ch === '«') depth++;
    if (ch === ')' || ch === '»') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || ch === ';' || ch === ':')) {
      pieces.push({ text: current, sep: ch });
      current = '';
    } else current += ch;
  }
  pieces.push({ text: current, sep: '' });
  const out: Phrase[] = [];
  let head: string | null = null;
  let sep = '';
  for (let k = 0; k < pieces.length; k++) {
    const { text } = pieces[k]!;
    const before = sep;
    sep = pieces[k]!.sep;
    const t = text.trim().replace(/\s+/g, ' ');
    if (!t) continue;
    // "Ужгородська, Мукачівська, Берегівська районні військові адміністрації": each one of them.
    const tail = sharedTail(pieces, k);
    if (tail) {
      for (const [n, piece] of tail.pieces.entries()) out.push({ text: piece, expanded: piece, sep: n === 0 ? before : ',' });
      k = tail.last;
      sep = pieces[k]!.sep;
      continue;
    }
    const plural = /^(Департаменти|Департамент|Служби|Управління|Відділи)\s+(.*)$/u.exec(t);
    if (plural) {
      head = plural[1]!.startsWith('Департамент') ? 'Департамент' : plural[1] === 'Служби' ? 'Служба' : plural[1] === 'Відділи' ? 'Відділ' : 'Управління';
      out.push({ text: t, expanded: `${head} ${plural[2]}`, sep: before });
      continue;
    }
    const lower = isLower(t);
    // A piece that is a body of its own kind ("структурні підрозділи …", "органи …") takes no head.
    if (head && lower && !knownOnItsOwn(t) && !OWN_KIND.test(t)) {
      out.push({ text: t, expanded: `${head} ${t}`, sep: before });
      continue;
    }
    if (!lower) head = null;
    out.push({ text: t, expanded: t, sep: before });
  }
  return out;
}

const BRANCH = /^\p{Lu}[\p{L}'’-]*\s+(?:(?:обласн|міськ|районн|регіональн)\S*\s+)?(?:організація|осередок|відділення|філія|станиця|представництво|первинна організація)(?:\s*\(за згодою\))?$/u;
const OWN_KIND = /^(структурні|органи|орган|районні|районна|територіальні|територіальна|громадські|громадська|заклади|заклад|центри|центр|служби|служба|відділи|відділ|виконавчі|суб['’]єкти|підприємства|установи|навчальні|міські|сільські|селищні|обласний|обласна|регіональний|регіональна|військові|інститут|представництво)(?=\s|$)/u;

function isLower(t: string): boolean {
  return t[0] === t[0]!.toLocaleLowerCase('uk') && t[0] !== t[0]!.toLocaleUpperCase('uk');
}

// Plural tails shared by a list of names, with their singular.
const TAILS: [RegExp, string][] = [
  [/^районні військові адміністрації/u, 'районна військова адміністрація'],
  [/^районні державні адміністрації/u, 'районна державна адміністрація'],
  [/^територіальні громади/u, 'територіальна громада'],
  [/^міські територіальні громади/u, 'міська територіальна громада'],
  [/^сільські територіальні громади/u, 'сільська територіальна громада'],
  [/^селищні територіальні громади/u, 'селищна територіальна громада'],
  [/^міські ради/u, 'міська рада'],
  [/^районні ради/u, 'районна рада'],
];
const ADJECTIVE = /^\p{Lu}[\p{L}'’-]*(?:ська|цька|зька|ська|ова|ева|ина|іна|на)$/u;

/**
 * From piece `k`: one-word adjectives ("Ужгородська", "Мукачівська") followed by one with a plural
 * tail ("Берегівська районні військові адміністрації") → each adjective with the tail in the
 * singular. Null when the pieces are not such a list.
 */
function sharedTail(pieces: readonly { text: string; sep: string }[], k: number): { pieces: string[]; last: number } | null {
  const names: string[] = [];
  let j = k;
  for (; j < pieces.length; j++) {
    const t = pieces[j]!.text.trim().replace(/\s+/g, ' ');
    if (ADJECTIVE.test(t)) {
      names.push(t);
      if (pieces[j]!.sep !== ',') return null;
      continue;
    }
    const m = /^(\p{Lu}[\p{L}'’-]*)\s+(.*)$/u.exec(t);
    if (!m || names.length === 0 || !ADJECTIVE.test(m[1]!)) return null;
    const rest = m[2]!;
    for (const [re, singular] of TAILS) {
      const tail = re.exec(rest.toLocaleLowerCase('uk'));
      if (!tail) continue;
      const after = rest.slice(tail[0].length);
      return { pieces: [...names, m[1]!].map((n) => `${n} ${singular}${after}`), last: j };
    }
    return null;
  }
  return null;
}
