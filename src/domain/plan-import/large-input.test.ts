import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { curatedImportDirectory } from '../../features/seed/service.ts';
import { ExecutorMatcher, matchKey, similarity } from './executors.ts';
import { readPlan } from './reading.ts';
import { paragraphContents, readTextTable, stripTags } from './text-table.ts';

/**
 * Issue 13 §3: reading a 5 MB text order froze the server (8,000 lines 0.4 s, 16,000 lines 7 s).
 * The reader is linear now (`npm run bench` times a 100,000-line order); these tests hold what
 * the faster code must keep: the same answers as the expressions and comparisons it replaced,
 * and the right reading of very large orders of the shapes that were quadratic.
 */

const HEAD = ['РОЗПОРЯДЖЕННЯ', '04.09.2023', '№ 999', 'ОБЛАСНИЙ ПЛАН', 'заходів на період до 2030 року', '1\t2\t3\t4'];
const POLICE = 'Головне управління Національної поліції в Полтавській області';

function read(lines: string[]) {
  const table = readTextTable([...HEAD, ...lines].join('\n'));
  return readPlan(table.rows, table.preamble, curatedImportDirectory());
}

describe('the linear text helpers agree with the expressions they replaced', () => {
  const piece = fc.constantFrom('<', '>', 'p', 'P', '/', ' ', 'a', '1', '_', '<p>', '</p>', '</P>', '<p class="x">', '<pa>', '<p_', '</ p>', 'ї', '&amp;', '\n');
  const html = fc.array(piece, { maxLength: 60 }).map((xs) => xs.join(''));

  it('stripTags is text.replace(/<[^>]*>/g, " ")', () => {
    fc.assert(fc.property(html, (s) => stripTags(s) === s.replace(/<[^>]*>/g, ' ')), { numRuns: 3000 });
  });

  it('paragraphContents finds what /<p\\b[^>]*>([\\s\\S]*?)<\\/p>/gi finds', () => {
    fc.assert(fc.property(html, (s) => JSON.stringify(paragraphContents(s)) === JSON.stringify([...s.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/gi)].map((m) => m[1]))), { numRuns: 3000 });
  });

  it('a line of 200,000 "<" with no ">" is read as text', () => {
    const line = `<p>1) Захід ${'<'.repeat(200_000)}</p>`;
    expect(paragraphContents(line)).toHaveLength(1);
    expect(stripTags('<'.repeat(200_000))).toBe('<'.repeat(200_000));
    expect(paragraphContents('<p>'.repeat(100_000))).toEqual([]);
  });
});

describe('the executor matcher with its shortcuts finds what comparing every key finds', () => {
  const directory = curatedImportDirectory();
  const entries = [...directory.organisations.map((e) => ({ e, group: false })), ...directory.groups.map((e) => ({ e, group: true }))];
  const keys = entries.flatMap(({ e, group }) => [...new Set([e.name, (e as { shortName?: string | null }).shortName ?? '', ...e.aliases].filter(Boolean).map(matchKey))].map((k) => ({ id: `${group ? 'g' : 'o'}:${e.id}`, k })));
  const exact = new Map<string, string>();
  for (const { id, k } of keys) if (!exact.has(k)) exact.set(k, id);
  function everyKey(phrase: string): string | null {
    const key = matchKey(phrase);
    if (exact.has(key)) return exact.get(key)!;
    let best: { id: string; score: number } | null = null;
    for (const { id, k } of keys) {
      const score = similarity(key, k);
      if (!best || score > best.score) best = { id, score };
    }
    return best && best.score >= 0.86 ? best.id : null;
  }
  const names = entries.map(({ e }) => e.name);
  // A name with a typo or two, cut short or run on: near, far and in between.
  const phrase = fc.tuple(fc.constantFrom(...names), fc.array(fc.tuple(fc.nat(), fc.constantFrom('', 'а', 'і', ' ', 'ої', 'x')), { maxLength: 4 }), fc.integer({ min: -30, max: 30 })).map(([name, edits, cut]) => {
    let s = name;
    for (const [at, ch] of edits) {
      const i = at % (s.length + 1);
      s = s.slice(0, i) + ch + s.slice(i + 1);
    }
    return cut < 0 ? s.slice(0, Math.max(1, s.length + cut)) : s + ' обласної'.repeat(cut > 20 ? 1 : 0);
  });

  it('on names with typos, cut or run on', () => {
    const matcher = new ExecutorMatcher(directory);
    fc.assert(
      fc.property(phrase, (p) => {
        // The search with its shortcuts; variants and fallbacks come after it in `find`.
        const found = matcher.closest(matchKey(p));
        const id = found ? `${found.candidate.group ? 'g' : 'o'}:${found.candidate.entry.id}` : null;
        return id === everyKey(p);
      }),
      { numRuns: 400 },
    );
  }, 120_000);
});

// Generous time-outs: this shared machine is slow at times; what is checked is the reading, not the time.
describe('very large orders of the shapes that were quadratic', { timeout: 120_000 }, () => {
  it('a goal title continued over 50,000 lines keeps every part, in order', () => {
    const lines = ['<p>Оперативна ціль 1. Мета</p><p>1) Завдання</p>\t<p>1) Захід</p>\t<p>2026</p>\t<p>' + POLICE + '</p>'];
    for (let i = 0; i < 50_000; i++) lines.push(`<p>частина ${i}</p>\t\t\t`);
    const reading = read(lines);
    const title = reading.goals[0]!.tasks[0]!.title;
    expect(title.startsWith('Завдання частина 0 частина 1 ')).toBe(true);
    expect(title.endsWith(' частина 49999')).toBe(true);
    expect(title.split(' частина ').length).toBe(50_001);
  });

  it('50,000 deadlines carried over rows without measures reach the one measure after them and are reported', () => {
    const lines: string[] = ['<p>Оперативна ціль 1. Мета</p><p>1) Завдання</p>\t\t\t'];
    for (let i = 0; i < 50_000; i++) lines.push(`\t\t<p>${2026 + (i % 4)}</p>\t`);
    lines.push(`\t<p>1) Захід</p>\t\t<p>${POLICE}</p>`);
    const reading = read(lines);
    const m = reading.goals[0]!.tasks[0]!.measures[0]!;
    expect(m.deadline).toBe('2026');
    expect(reading.warnings.find((w) => w.kind === 'structure')!.message.split('; ')).toHaveLength(49_999);
  });

  it('999 tasks declared, then their measures, each measure goes to its own task in turn', () => {
    const lines: string[] = ['<p>Оперативна ціль 1. Мета</p>\t\t\t'];
    for (let i = 1; i <= 999; i++) lines.push(`<p>${i}) Завдання ${i}</p>\t\t\t`);
    for (let i = 1; i <= 999; i++) lines.push(`\t<p>1) Захід завдання ${i}</p>\t<p>2026</p>\t<p>${POLICE}</p>`);
    const reading = read(lines);
    const tasks = reading.goals[0]!.tasks;
    expect(tasks).toHaveLength(999);
    expect(tasks.every((t) => t.measures.length === 1 && t.measures[0]!.title === `Захід завдання ${t.number}`)).toBe(true);
  });

  it('100,000 lines of measures: every one read, executors known and unknown', () => {
    const lines: string[] = [];
    let n = 0;
    for (let g = 1; g <= 50; g++) {
      for (let t = 1; t <= 20; t++) {
        for (let m = 1; m <= 100; m++) {
          const first = (t === 1 && m === 1 ? `<p>Оперативна ціль ${g}. Мета ${g}</p>` : '') + (m === 1 ? `<p>${t}) Завдання ${g}.${t}</p>` : '');
          lines.push(`${first}\t<p>${m}) Захід ${++n}</p>\t<p>${m % 2 ? 'Постійно' : '2026-2030'}</p>\t<p>${m % 3 ? POLICE : 'Невідома установа ' + (m % 7)}</p>`);
        }
      }
    }
    const reading = read(lines);
    const measures = reading.goals.flatMap((g) => g.tasks.flatMap((t) => t.measures));
    expect(measures).toHaveLength(100_000);
    expect(measures.at(-1)).toMatchObject({ code: '50.20.100', title: 'Захід 100000', deadline: '2026-2030' });
    expect(measures.filter((m) => m.executors[0]!.organisationId === 'poltava-police').length).toBe(50 * 20 * 67);
    expect(reading.warnings.filter((w) => w.kind === 'unknown-executor').length).toBe(50 * 20 * 33);
  });
});
