import type { PlanReading } from './reading.ts';

/**
 * Scores a reading of an order against its expected reading (fixtures/orders/*.json): precision
 * and recall of measures (found by their text), deadlines (the parsed range or "permanent") and
 * executors (by name), summed over a corpus.
 */

export interface ExpectedExecutor {
  name: string;
  proposed?: boolean;
  group?: boolean;
  byConsent?: boolean;
}

export interface ExpectedMeasure {
  goal: number | null;
  title: string;
  deadline: string | null;
  from: string | null;
  to: string | null;
  permanent: boolean;
  executors: ExpectedExecutor[];
  attributes?: Record<string, string>;
}

export interface Tally {
  found: number;
  expected: number;
  correct: number;
}

export interface Score {
  measures: Tally;
  deadlines: Tally;
  executors: Tally;
  /** What did not agree, for the test's message. */
  misses: string[];
}

export const emptyScore = (): Score => ({ measures: tally(), deadlines: tally(), executors: tally(), misses: [] });
const tally = (): Tally => ({ found: 0, expected: 0, correct: 0 });

/** Text as compared: lower case, one kind of quote, apostrophe and dash, whitespace collapsed. */
export function comparable(text: string): string {
  return text
    .toLocaleLowerCase('uk')
    .replace(/[’'ʼ`‘]/g, "'")
    .replace(/[«»“”„"]/g, '"')
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/-\s+(?=\p{Ll})/gu, '-')
    .replace(/\s+/g, ' ')
    .replace(/\s*([,;:.])\s*/g, '$1 ')
    .trim()
    .replace(/[.;,:\s]+$/, '');
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
  return m;
}

function dice(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const A = bigrams(a);
  const B = bigrams(b);
  let common = 0;
  for (const [g, n] of A) common += Math.min(n, B.get(g) ?? 0);
  return (2 * common) / (a.length + b.length - 2);
}

/** How alike two measure texts must be to be the same measure (a word or two differing). */
const SAME_MEASURE = 0.9;

export function scoreReading(reading: PlanReading, expected: readonly ExpectedMeasure[], label: string, into: Score = emptyScore()): Score {
  const got = reading.goals.flatMap((g) => g.tasks.flatMap((t) => t.measures));
  into.measures.found += got.length;
  into.measures.expected += expected.length;
  into.deadlines.found += got.length;
  into.deadlines.expected += expected.length;
  into.executors.found += got.reduce((n, m) => n + m.executors.length, 0);
  into.executors.expected += expected.reduce((n, m) => n + m.executors.length, 0);
  const free = new Set(got.map((_, i) => i));
  const keys = got.map((m) => comparable(m.title));
  for (const e of expected) {
    const key = comparable(e.title);
    let best = -1;
    let bestScore = 0;
    for (const i of free) {
      const s = keys[i] === key ? 1 : dice(keys[i]!, key);
      if (s > bestScore) [best, bestScore] = [i, s];
      if (s === 1) break;
    }
    if (best < 0 || bestScore < SAME_MEASURE) {
      into.misses.push(`${label}: захід не знайдено: «${e.title.slice(0, 80)}»`);
      continue;
    }
    free.delete(best);
    const m = got[best]!;
    into.measures.correct++;
    const deadlineOk = m.permanent === e.permanent && (e.permanent || (m.deadlineFrom === e.from && m.deadlineTo === e.to));
    if (deadlineOk) into.deadlines.correct++;
    else into.misses.push(`${label} ${m.code}: строк «${m.deadline}» → ${m.permanent ? 'постійно' : `${m.deadlineFrom}…${m.deadlineTo}`}, очікувано ${e.permanent ? 'постійно' : `${e.from}…${e.to}`}`);
    const want = e.executors.map((x) => comparable(x.name));
    const have = m.executors.map((x) => comparable(x.name));
    const left = [...want];
    for (const h of have) {
      const i = left.indexOf(h);
      if (i >= 0) {
        left.splice(i, 1);
        into.executors.correct++;
      } else into.misses.push(`${label} ${m.code}: зайвий виконавець «${h}»`);
    }
    for (const l of left) into.misses.push(`${label} ${m.code}: бракує виконавця «${l}»`);
  }
  for (const i of free) into.misses.push(`${label} ${got[i]!.code}: зайвий захід «${got[i]!.title.slice(0, 80)}»`);
  return into;
}

export function precision(t: Tally): number {
  return t.found === 0 ? (t.expected === 0 ? 1 : 0) : t.correct / t.found;
}
export function recall(t: Tally): number {
  return t.expected === 0 ? 1 : t.correct / t.expected;
}
export function f1(t: Tally): number {
  const p = precision(t);
  const r = recall(t);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}
/** The three fields together: their counts summed. */
export function together(s: Score): Tally {
  return { found: s.measures.found + s.deadlines.found + s.executors.found, expected: s.measures.expected + s.deadlines.expected + s.executors.expected, correct: s.measures.correct + s.deadlines.correct + s.executors.correct };
}
