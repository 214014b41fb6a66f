import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { curatedImportDirectory } from '../seed/service.ts';
import type { ImportDirectory } from '../../domain/plan-import/executors.ts';
import { comparable, emptyScore, f1, precision, recall, scoreReading, together, type ExpectedMeasure, type Score, type Tally } from '../../domain/plan-import/scoring.ts';
import { ImportError, planReadingOf, readOrderFile } from './reading.ts';

/**
 * Issue 18: the order reader over a corpus of orders written apart from it (fixtures/orders:
 * regions, topics, layouts, numbering, deadline and executor forms; text, DOCX, PDF). Scores
 * measures, deadlines and executors by precision and recall over the whole corpus and prints
 * them. A miss found later is added to the corpus, never special-cased in the reader.
 */

const DIR = path.resolve('fixtures/orders');

interface Expected {
  about: string;
  file: string;
  refused?: string;
  directory?: { organisations: Partial<ImportDirectory['organisations'][number]>[]; groups: Partial<ImportDirectory['groups'][number]>[] };
  meta?: { legalNumber: string | null; legalDate: string | null; start: string | null; end: string | null };
  measures: ExpectedMeasure[];
  goals: { number: number; title: string }[];
  amendment?: unknown;
  schedule: { periodKind: string; executorDueDay: number } | null;
}

const corpus = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f.replace(/\.json$/, ''), expected: JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Expected }));

function directoryOf(e: Expected): ImportDirectory {
  if (!e.directory) return curatedImportDirectory();
  return {
    organisations: e.directory.organisations.map((o) => ({ id: o.id!, name: o.name!, shortName: o.shortName ?? null, aliases: o.aliases ?? [], byConsent: o.byConsent ?? false })),
    groups: e.directory.groups.map((g) => ({ id: g.id!, name: g.name!, aliases: g.aliases ?? [], byConsent: g.byConsent ?? false })),
  };
}

const plans = corpus.filter((c) => !c.expected.refused && !c.expected.amendment);
const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
const row = (label: string, t: Tally) => `${label.padEnd(12)} P ${pct(precision(t))}  R ${pct(recall(t))}  F1 ${pct(f1(t))}  (${t.correct} з ${t.expected}, знайдено ${t.found})`;

describe('the order reader over the corpus', { timeout: 120_000 }, () => {
  it('has at least 12 orders of plans in text, DOCX and PDF', () => {
    expect(plans.length).toBeGreaterThanOrEqual(12);
    const kinds = new Set(plans.map((p) => path.extname(p.expected.file)));
    expect([...kinds].sort()).toEqual(['.docx', '.pdf', '.txt']);
  });

  it('reads measures, deadlines and executors with F1 ≥ 0.95 together and field by field', async () => {
    const total = emptyScore();
    const lines: string[] = [];
    for (const { name, expected } of plans) {
      const reading = planReadingOf(await readOrderFile(fs.readFileSync(path.join(DIR, expected.file)), directoryOf(expected)));
      const own: Score = scoreReading(reading, expected.measures, name.slice(0, 2));
      scoreReading(reading, expected.measures, name.slice(0, 2), total);
      lines.push(`${name.padEnd(40)} F1 ${pct(f1(together(own)))}  заходи ${pct(f1(own.measures))}  строки ${pct(f1(own.deadlines))}  виконавці ${pct(f1(own.executors))}`);
    }
    const report = [...lines, '', row('заходи', total.measures), row('строки', total.deadlines), row('виконавці', total.executors), row('разом', together(total)), '', ...total.misses].join('\n');
    console.log(`Корпус розпоряджень (${plans.length}):\n${report}`);
    expect(f1(together(total)), report).toBeGreaterThanOrEqual(0.95);
    for (const field of [total.measures, total.deadlines, total.executors]) expect(f1(field), report).toBeGreaterThanOrEqual(0.95);
  });

  it.each(plans.map((p) => [p.name, p.expected] as const))('%s: goals, requisites, period and the reporting schedule', async (_name, expected) => {
    const reading = planReadingOf(await readOrderFile(fs.readFileSync(path.join(DIR, expected.file)), directoryOf(expected)));
    // Goals as headed (none: one implicit goal holds the measures).
    const goals = reading.goals.filter((g) => !g.implicit).map((g) => [g.number, comparable(g.title)]);
    expect(goals).toEqual(expected.goals.map((g) => [g.number, comparable(g.title)]));
    if (expected.meta) expect({ legalNumber: reading.meta.legalNumber, legalDate: reading.meta.legalDate, start: reading.meta.start, end: reading.meta.end }).toEqual({ legalNumber: expected.meta.legalNumber, legalDate: expected.meta.legalDate, start: expected.meta.start, end: expected.meta.end });
    // The issuing body, from the heading in capitals.
    expect(reading.meta.issuer).toMatch(/адміністрація$/);
    if (expected.schedule) {
      expect(reading.schedule).not.toBeNull();
      expect({ kind: reading.schedule!.periodKind ?? reading.schedule!.frequency, day: reading.schedule!.executorDueDay }).toEqual({ kind: expected.schedule.periodKind, day: expected.schedule.executorDueDay });
    } else expect(reading.schedule).toBeNull();
  });

  it('refuses a scanned PDF with its own reason', async () => {
    const scans = corpus.filter((c) => c.expected.refused);
    expect(scans.length).toBeGreaterThan(0);
    for (const { expected } of scans) {
      const problem = await readOrderFile(fs.readFileSync(path.join(DIR, expected.file)), directoryOf(expected)).then(
        () => null,
        (err: unknown) => (err instanceof ImportError ? err.problem : String(err)),
      );
      expect(problem, expected.file).toBe(expected.refused);
    }
  });

  const amending = corpus.filter((c) => c.expected.amendment);
  it.each(amending.map((p) => [p.name, p.expected] as const))('%s: an amending order read into its changes', async (_name, expected) => {
    const reading = await readOrderFile(fs.readFileSync(path.join(DIR, expected.file)), directoryOf(expected));
    if (reading.kind !== 'amendment') throw new Error('read as a plan');
    const want = expected.amendment as { amends: unknown; changes: (ExpectedMeasure & { op: string; measure: string })[] };
    expect(reading.amends).toEqual(want.amends);
    expect(reading.meta.legalNumber).toBe(expected.meta!.legalNumber);
    expect(reading.changes.map((c) => `${c.op} ${c.measure}`).sort()).toEqual(want.changes.map((c) => `${c.op} ${c.measure}`).sort());
    for (const w of want.changes) {
      const got = reading.changes.find((c) => c.op === w.op && c.measure === w.measure)!;
      if (got.substitution) {
        expect(got.substitution.to, w.measure).toBe(w.deadline);
        continue;
      }
      if (w.op === 'remove') continue;
      expect(comparable(got.title!), w.measure).toBe(comparable(w.title));
      expect({ from: got.deadlineFrom, to: got.deadlineTo, permanent: got.permanent }, w.measure).toEqual({ from: w.from, to: w.to, permanent: w.permanent });
      expect(got.executors!.map((e) => comparable(e.name)), w.measure).toEqual(w.executors.map((e) => comparable(e.name)));
    }
  });
});
