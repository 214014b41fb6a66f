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
  [/комунікації з громадськістю/g, 'комунікацій з громадськістю'],
  [/\s+/g, ' '],
];

// Qualifiers naming the parent administration, dropped for matching.
const QUALIFIER = /\s+(полтавської\s+)?(обласної\s+(військової\s+|державної\s+)?адміністрації|облвійськадміністрації|облдержадміністрації)$/;

export function matchKey(phrase: string): string {
  let s = normaliseForSearch(phrase.replace(/\(за згодою\)/gi, ' '));
  for (const [re, to] of FOLDS) s = s.replace(re, to);
  s = s.trim().replace(/[.;,:]+$/, '');
  const stripped = s.replace(QUALIFIER, '');
  return stripped.length >= 4 ? stripped : s;
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
}

/** How close an approximate match must be (Sørensen–Dice of bigrams). */
const APPROXIMATE = 0.86;

type Found = { candidate: Candidate; match: 'exact' | 'approximate' } | null;

export class ExecutorMatcher {
  private readonly candidates: Candidate[];
  private readonly exact = new Map<string, Candidate>();
  /** Every candidate key with its bigrams, in the order they are compared. */
  private readonly keyed: { candidate: Candidate; key: string; bigrams: Map<string, number> }[] = [];
  /** Keys already looked up: an order names the same executors over and over. */
  private readonly found = new Map<string, Found>();
  private readonly longestKey: number;

  constructor(directory: ImportDirectory) {
    this.candidates = [
      ...directory.organisations.map((entry) => ({ entry, group: false, keys: keysOf(entry) })),
      ...directory.groups.map((entry) => ({ entry, group: true, keys: keysOf(entry) })),
    ];
    for (const c of this.candidates) for (const k of c.keys) if (!this.exact.has(k)) this.exact.set(k, c);
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
    const result = this.lookUp(key);
    this.found.set(key, result);
    return result;
  }

  private lookUp(key: string): Found {
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
      known = this.readList(list);
      this.readLists.set(list, known);
    }
    return known.map((r) => ({ ...r }));
  }

  private readList(list: string): ExecutorReading[] {
    const out: ExecutorReading[] = [];
    const seen = new Set<string>();
    for (const phrase of splitExecutors(list, (p) => this.exact.has(matchKey(p)))) {
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

interface Phrase {
  /** The phrase as written. */
  text: string;
  /** With a shared head word restored ("освіти і науки" → "Департамент освіти і науки"). */
  expanded: string;
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
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || ch === ';' || ch === ':')) {
      pieces.push({ text: current, sep: ch });
      current = '';
    } else current += ch;
  }
  pieces.push({ text: current, sep: '' });
  const out: Phrase[] = [];
  let head: string | null = null;
  for (const { text } of pieces) {
    const t = text.trim().replace(/\s+/g, ' ');
    if (!t) continue;
    const plural = /^(Департаменти|Служби)\s+(.*)$/u.exec(t);
    if (plural) {
      head = plural[1] === 'Департаменти' ? 'Департамент' : 'Служба';
      out.push({ text: t, expanded: `${head} ${plural[2]}` });
      continue;
    }
    const lower = t[0] === t[0]!.toLocaleLowerCase('uk') && t[0] !== t[0]!.toLocaleUpperCase('uk');
    if (head && lower && !knownOnItsOwn(t)) {
      out.push({ text: t, expanded: `${head} ${t}` });
      continue;
    }
    if (!lower) head = null;
    out.push({ text: t, expanded: t });
  }
  return out;
}
