import { ENTRY_STATES, displayIndicatorValue, type EntryState } from '../../domain/reports.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import type { Translator } from '../../i18n/index.ts';
import type { DocTotal } from './document.ts';
import type { ConsolidatedMeasure, SourceEntry } from './service.ts';
import { EXECUTOR_GROUPS, executorGroup, groupedTotals, publishedValue, uk, type ExecutorGroup } from './text.ts';

/**
 * The draft summary of a measure, written from the figures (issue 15): one paragraph in the third
 * person — the roll-up of states in one clause, the totals of each indicator with their breakdown
 * by kind of executor, then a few sentences of what the executors did, each said once however
 * many executors wrote it (the same template sentence from ten district administrations becomes
 * one sentence naming them). No sentence is prefixed with its source ("X: …"): who said what stays
 * on the consolidation page, beside the draft. Pure: the coordinator rewrites it as needed.
 */

/** The parts of the specifics at most, and their length in characters: a cell of a table, not a report. */
export const MAX_SPECIFICS = 3;
export const MAX_SPECIFICS_CHARS = 480;
export const MIN_SPECIFICS_CHARS = 220;
export const MAX_DRAFT_CHARS = 640;
/** Word-overlap (Jaccard over stems) above which two sentences say the same. */
export const SAME_SENTENCE = 0.6;
/** At most this many executors are named after a sentence; more are counted by kind. */
const MAX_NAMED = 3;

/** One sentence of the specifics, with who wrote it (for the page, never for the document). */
export interface DraftSentence {
  text: string;
  /** Who wrote it, as the document names them ("Лубенська і Полтавська РВА"). */
  by: string;
  organisationIds: string[];
}

export interface DraftSummary {
  /** The paragraph that stands in the document while the coordinator has not written one. */
  text: string;
  rollup: string;
  totals: string[];
  specifics: DraftSentence[];
}

/** Totals by the shape of the document's indicator totals (a consolidated total has the same fields). */
export type TotalFigures = Pick<DocTotal, 'name' | 'unit' | 'kind' | 'byKind' | 'grand' | 'published' | 'threshold' | 'source'>;

/**
 * `said` holds the sentences earlier measures' drafts already used (buildDocument passes one set
 * through the document): a sentence is never repeated word for word, writers and all.
 */
export function draftSummary(m: ConsolidatedMeasure, tr: Translator = uk, said: Set<string> = new Set()): DraftSummary {
  if (m.sources.length === 0) {
    const rollup = tr.t('consolidation.doc.noReports');
    // The quarters' statistical forms may still have the figures (issue 16).
    const totals = m.totals.filter((t) => t.source).map((t) => totalSentence(tr, t)).filter((x): x is string => x !== null);
    return { text: [rollup, ...totals].join(' '), rollup, totals, specifics: [] };
  }
  const rollup = rollupClause(tr, m.rollup, m.sources.length);
  const totals = m.totals.map((t) => totalSentence(tr, t)).filter((x): x is string => x !== null);
  // The specifics take what the figures leave of a cell's length (the first one always stands).
  const specifics = specificSentences(tr, m, Math.max(MIN_SPECIFICS_CHARS, MAX_DRAFT_CHARS - [rollup, ...totals].join(' ').length), said);
  for (const s of specifics) said.add(s.text);
  const text = [rollup, ...totals, ...specifics.map((s) => s.text)].join(' ');
  return { text, rollup, totals, specifics };
}

// ---- the roll-up ---------------------------------------------------------------------------------

/** "За інформацією всіх 12 виконавців, що її надали, захід виконано." or "За інформацією 58 виконавців: виконано — 40, виконується — 12." */
export function rollupClause(tr: Translator, rollup: Record<EntryState, number>, reported: number): string {
  const stated = ENTRY_STATES.filter((s) => rollup[s] > 0);
  const withState = stated.reduce((n, s) => n + rollup[s], 0);
  if (stated.length === 1 && withState === reported) {
    return tr.t('summary.rollup.all', { count: reported, state: tr.t(`summary.state.${stated[0]}` as MessageKey) });
  }
  const parts = stated.map((s) => `${tr.t(`summary.stateCount.${s}` as MessageKey)} — ${rollup[s]}`);
  if (withState < reported) parts.push(`${tr.t('summary.stateCount.none')} — ${reported - withState}`);
  return tr.t('summary.rollup.mixed', { count: reported, states: parts.join(', ') });
}

// ---- the totals ----------------------------------------------------------------------------------

/** A sentence's full stop, once ("— 3 од.", not "— 3 од.."). */
function end(s: string): string {
  return s.endsWith('.') ? s : `${s}.`;
}

function withUnit(value: string, unit: string, numeric: boolean): string {
  return numeric && unit.trim() ? `${value} ${unit.trim()}` : value;
}

/**
 * One indicator's totals as a sentence that reads for any name and unit:
 * "Кількість проведених заходів — 865 од. (обласні органи — 110, …)" where the indicator
 * adds up across kinds of executors, "Кількість проведених заходів (од.): обласні органи — 110, …"
 * where it does not, "… — 21 од." where one kind reported. In a document for publication the values
 * are those suppression left ("<5", "приховано"); null when there is nothing to say.
 */
export function totalSentence(tr: Translator, t: TotalFigures): string | null {
  const sentence = figuresSentence(tr, t);
  // Figures the quarters' statistical forms gave say where they come from.
  if (!sentence || !t.source) return sentence;
  const { form, quarters, accepted, expected } = t.source;
  if (t.source.kind === 'reconciliation') return `${sentence.replace(/\.$/, '')} ${tr.t('summary.fromReconciliations', { title: form, closed: accepted ?? quarters, quarters })}.`;
  const partial = accepted !== undefined && expected !== undefined && accepted < expected;
  return `${sentence.replace(/\.$/, '')} ${partial ? tr.t('summary.fromStatisticsPartial', { form, quarters, accepted, expected }) : tr.t('summary.fromStatistics', { form, quarters })}.`;
}

function figuresSentence(tr: Translator, t: TotalFigures): string | null {
  // The short names of the kinds, as a sentence carries them ("обласні органи — 110, райвійськадміністрації — 99").
  const group = (g: ExecutorGroup) => tr.t(`summary.group.${g}` as MessageKey);
  let parts: { group: ExecutorGroup; value: string; numeric: boolean }[];
  let grand: { value: string; numeric: boolean } | null = null;
  if (t.published) {
    parts = t.published.groups.map((g) => ({ group: g.group, value: publishedValue(t as DocTotal, g.value, g.small), numeric: g.value !== null }));
    if (t.published.grand !== undefined) grand = { value: publishedValue(t as DocTotal, t.published.grand, t.published.grandSmall), numeric: t.published.grand !== null };
  } else {
    parts = groupedTotals(t as DocTotal).map((g) => ({ group: g.group, value: displayIndicatorValue(t.kind, g.total), numeric: true }));
    if (t.grand !== null && parts.length > 0) grand = { value: displayIndicatorValue(t.kind, t.grand), numeric: true };
  }
  if (parts.length === 0) return null;
  const name = t.name.trim().replace(/[.:;,]+$/, '');
  // "Осіб, яким надано допомогу" counts in its own unit: "— 2", never "— 2 осіб".
  const unit = stems(name.split(/[\s,]/)[0]!).has([...stems(t.unit)][0] ?? '\u0000') ? '' : t.unit.trim();
  if (parts.length === 1) {
    const only = grand ?? parts[0]!;
    // One executor's figure needs no kind beside it.
    const alone = !t.published && t.byKind.reduce((n, k) => n + k.reporting, 0) === 1;
    return end(`${name} — ${withUnit(only.value, unit, only.numeric)}${alone ? '' : ` (${group(parts[0]!.group)})`}`);
  }
  const breakdown = parts.map((p) => `${group(p.group)} — ${p.value}`).join(', ');
  if (grand) return end(`${name} — ${withUnit(grand.value, unit, grand.numeric)} (${breakdown})`);
  return end(`${name}${unit ? ` (${unit})` : ''}: ${breakdown}`);
}

// ---- the specifics -------------------------------------------------------------------------------

const LETTER = '\\p{L}';
const word = (w: string) => new RegExp(`(?<!${LETTER})(?:${w})(?!${LETTER})`, 'iu');
/** First-person words a sentence cannot be left with in a third-person document. */
const FIRST_PERSON = word('ми|нами|нас|наш|наша|наше|наші|нашого|нашої|нашим|нашими|наших|нашій|нашому|мною|я|мене|мій|моя|моє|мої');
/** "У звітному періоді", "Протягом звітного періоду", "За І півріччя 2025 року": the period is the document's. */
const PERIOD_OPENER =
  /^(?:у|в|протягом|упродовж|впродовж|продовж|за|станом на)\s+(?:(?:звітн\p{L}*|поточн\p{L}*|цьому|цей|ц\p{L}*)\s+(?:період\p{L}*|півріч\p{L}*|кварта\p{L}*|рок\p{L}*)|(?:i{1,2}|і{1,2}|перш\p{L}*|друг\p{L}*|1|2)\s+півріч\p{L}*(?:\s+\d{4}\s+(?:року|р\.))?|півріччя|\d{4}\s+(?:року|р\.))\s*,?\s+/iu;
/** "Управлінням проведено" → "Проведено": an executor naming itself in the instrumental before an impersonal verb. */
const SELF_AGENT = /^(?:нами|мною|управлінням|департаментом|відділом|службою|центром|адміністрацією|громадою|радою|виконавчим\s+комітетом)\s+(?=\p{L}+(?:но|то)(?!\p{L}))/iu;
const SELF_AGENT_INSIDE = /\s+нами(?=\s)/giu;
const STOP = new Set(['та', 'і', 'й', 'у', 'в', 'з', 'із', 'зі', 'на', 'до', 'за', 'про', 'по', 'що', 'як', 'а', 'не', 'щодо', 'для', 'від', 'при', 'або', 'також', 'зокрема', 'тому', 'числі', 'тощо']);

function upperFirst(s: string): string {
  return s.charAt(0).toLocaleUpperCase('uk') + s.slice(1);
}

/** Sentences of a text: its paragraphs, split after . ! ? before a capital, a digit or a quote. */
export function sentences(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .flatMap((p) => p.replace(/\s+/g, ' ').split(/(?<=[.!?…])\s+(?=[\p{Lu}\d«"(])/u))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Stems of a text's words (lower case, one apostrophe, the first five letters), numbers and little words left out. */
export function stems(text: string): Set<string> {
  const words = text
    .toLocaleLowerCase('uk')
    .replace(/['’ʼ`]/g, '')
    .split(/[^\p{L}\d-]+/u)
    .filter((w) => w && !/^\d/.test(w) && !STOP.has(w));
  return new Set(words.map((w) => w.slice(0, 5)));
}

export function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common += 1;
  return common / (a.size + b.size - common);
}

/**
 * A sentence as the document may say it, or null: the period opener dropped, an executor's
 * "нами"/"Управлінням" before an impersonal verb dropped, and a sentence still in the first person
 * or only restating the indicators' figures left out (the totals say them).
 */
export function neutralSentence(raw: string, indicatorStems: Set<string>): string | null {
  let s = raw.trim().replace(/^[-–—•*\d.)\s]+(?=\p{L})/u, '');
  for (let i = 0; i < 2; i += 1) s = s.replace(PERIOD_OPENER, '').replace(SELF_AGENT, '');
  s = s.replace(SELF_AGENT_INSIDE, '');
  s = s.trim();
  if (s.length < 12) return null;
  if (FIRST_PERSON.test(s)) return null;
  if (/\d/.test(s)) {
    const rest = [...stems(s)].filter((x) => !indicatorStems.has(x));
    if (rest.length <= 2) return null;
  }
  s = upperFirst(s);
  if (!/[.!?…]$/.test(s)) s = `${s.replace(/[,;:]+$/, '')}.`;
  return s;
}

interface Cluster {
  text: string;
  stems: Set<string>;
  members: SourceEntry[];
  /** The best-placed writer: the lead, then regional bodies, then district administrations. */
  rank: number;
}

function rankOf(s: SourceEntry): number {
  if (s.isLead) return 0;
  const g = executorGroup(s.kind);
  return g === 'regional' ? 1 : g === 'district' ? 2 : g === 'ngo' ? 3 : 4;
}

/** The specifics: each distinct sentence once, the lead's first, then those most executors wrote. */
export function specificSentences(tr: Translator, m: ConsolidatedMeasure, budget = MAX_SPECIFICS_CHARS, said: ReadonlySet<string> = new Set()): DraftSentence[] {
  const indicatorStems = new Set(m.totals.flatMap((t) => [...stems(t.name)]));
  const clusters: Cluster[] = [];
  for (const s of m.sources) {
    const text = s.narrative.trim() || (s.reason ?? '').trim();
    if (!text) continue;
    const seen = new Set<Cluster>();
    for (const raw of sentences(text)) {
      const n = neutralSentence(raw, indicatorStems);
      if (!n) continue;
      const st = stems(n);
      if (st.size === 0) continue;
      const same = clusters.find((c) => overlap(c.stems, st) >= SAME_SENTENCE);
      if (same) {
        if (!seen.has(same)) same.members.push(s);
        seen.add(same);
        // The lead's or a higher body's wording stands for the group.
        if (rankOf(s) < same.rank) {
          same.rank = rankOf(s);
          same.text = n;
          same.stems = st;
        }
      } else {
        const c = { text: n, stems: st, members: [s], rank: rankOf(s) };
        clusters.push(c);
        seen.add(c);
      }
    }
  }
  // The lead's first; then what regional bodies and district administrations said, by how many said it; communities' own last.
  const weight = (c: Cluster) => c.members.filter((x) => executorGroup(x.kind) !== 'community' && executorGroup(x.kind) !== 'ngo').length;
  const order = clusters
    .map((c, i) => ({ c, i }))
    .sort((a, b) => Number(b.c.rank === 0) - Number(a.c.rank === 0) || Number(weight(b.c) > 0) - Number(weight(a.c) > 0) || b.c.members.length - a.c.members.length || a.i - b.i)
    .map((x) => x.c);
  const out: DraftSentence[] = [];
  let length = 0;
  for (const c of order) {
    if (out.length >= MAX_SPECIFICS) break;
    const by = attribution(tr, c.members);
    const text = `${c.text.replace(/[.!?…]+$/, '')} (${by}).`;
    if (said.has(text)) continue;
    if (out.length > 0 && length + text.length > budget) continue;
    out.push({ text, by, organisationIds: c.members.map((x) => x.organisation.id) });
    length += text.length + 1;
  }
  return out;
}

// ---- who said it ---------------------------------------------------------------------------------

/** Plural tails of names the directory's kinds end with: "Лубенська районна військова адміністрація" → "… районні військові адміністрації". */
const TAILS: { singular: RegExp; plural: string }[] = [
  { singular: /\s+районна військова адміністрація$/u, plural: ' районні військові адміністрації' },
  { singular: /\s+РВА$/u, plural: ' РВА' },
  { singular: /\s+територіальна громада$/u, plural: ' територіальні громади' },
  { singular: /\s+міська територіальна громада$/u, plural: ' міські територіальні громади' },
  { singular: /\s+сільська територіальна громада$/u, plural: ' сільські територіальні громади' },
  { singular: /\s+селищна територіальна громада$/u, plural: ' селищні територіальні громади' },
];

/**
 * Names joined as an official writes them: "Кременчуцька, Лубенська і Полтавська РВА",
 * "Драбинівська та Оржицька територіальні громади"; names with nothing in common by commas.
 */
export function joinNames(names: readonly string[], and = 'і'): string {
  const groups: { tail: string; heads: string[]; names: string[] }[] = [];
  const rest: string[] = [];
  for (const name of names) {
    // The longest tail that fits ("міська територіальна громада" before "територіальна громада").
    const tail = TAILS.filter((t) => t.singular.test(name)).sort((a, b) => b.plural.length - a.plural.length)[0];
    if (!tail) {
      rest.push(name);
      continue;
    }
    const head = name.replace(tail.singular, '');
    const g = groups.find((x) => x.tail === tail.plural);
    if (g) {
      g.heads.push(head);
      g.names.push(name);
    } else groups.push({ tail: tail.plural, heads: [head], names: [name] });
  }
  const list = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`);
  return [...rest, ...groups.map((g) => (g.heads.length === 1 ? g.names[0]! : `${list(g.heads)}${g.tail}`))].join(', ');
}

/** Who wrote a sentence: up to three named (short names), more counted by kind ("2 районні військові адміністрації, 30 територіальних громад"). */
export function attribution(tr: Translator, members: readonly SourceEntry[]): string {
  const named = members.filter((s) => executorGroup(s.kind) === 'regional' || executorGroup(s.kind) === 'district');
  const counted = members.filter((s) => !named.includes(s));
  const parts: string[] = [];
  if (named.length <= MAX_NAMED) {
    if (named.length > 0) parts.push(joinNames(named.map((s) => s.organisation.shortName ?? s.organisation.name)));
    parts.push(...countByGroup(tr, counted));
  } else {
    parts.push(...countByGroup(tr, [...members]));
  }
  return parts.join(', ');
}

function countByGroup(tr: Translator, members: readonly SourceEntry[]): string[] {
  const by = new Map<ExecutorGroup, number>();
  for (const s of members) by.set(executorGroup(s.kind), (by.get(executorGroup(s.kind)) ?? 0) + 1);
  return EXECUTOR_GROUPS.filter((g) => by.has(g)).map((g) => tr.t(`summary.count.${g}` as MessageKey, { count: by.get(g)! }));
}
