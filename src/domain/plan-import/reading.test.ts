import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { curatedImportDirectory } from '../../features/seed/service.ts';
import { readJson, type PlanFile } from '../../features/seed/data.ts';
import { NotAPlanError, readPlan } from './reading.ts';
import { readTextTable } from './text-table.ts';

const ORDER = fs.readFileSync(path.resolve('fixtures/order-609-poltava-2023.txt'), 'utf8');
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

function parse(text: string) {
  const table = readTextTable(text);
  return readPlan(table.rows, table.preamble, curatedImportDirectory());
}

describe('reading order 609 as published', () => {
  const reading = parse(ORDER);
  const measures = reading.goals.flatMap((g) => g.tasks.flatMap((t) => t.measures));
  const curated = readJson<PlanFile>('plan-609-poltava-2023.json');
  const expected = curated.goals.flatMap((g) => g.tasks.flatMap((t) => t.measures));

  it('finds the order\u2019s number, date and period', () => {
    expect(reading.meta).toMatchObject({ legalNumber: '609', legalDate: '2023-09-04', start: '2023-09-04', end: '2025-12-31' });
    expect(reading.meta.title).toContain('Обласний план заходів');
  });

  it('recovers 4 goals with their tasks and every measure, matching the curated plan measure by measure', () => {
    expect(reading.goals.map((g) => [g.number, g.tasks.map((t) => t.number)])).toEqual([
      [1, [1]],
      [2, [2]],
      [3, [3]],
      [4, [4]],
    ]);
    expect(reading.goals.map((g) => flat(g.title))).toEqual(curated.goals.map((g) => flat(g.title)));
    const differences: string[] = [];
    const byCode = new Map(measures.map((m) => [m.code, m]));
    for (const e of expected) {
      const m = byCode.get(e.code);
      if (!m) {
        differences.push(`${e.code}: missing`);
        continue;
      }
      if (flat(m.title) !== flat(e.title)) differences.push(`${e.code}: title «${m.title.slice(0, 60)}…» ≠ «${e.title.slice(0, 60)}…»`);
      if (m.deadline !== e.deadline) differences.push(`${e.code}: deadline ${m.deadline} ≠ ${e.deadline}`);
      const got = m.executors.map((x) => x.organisationId ?? `?${x.name}`);
      const want = e.executors.map((x) => ('organisation' in x ? x.organisation : x.group));
      if (got.join() !== want.join()) differences.push(`${e.code}: executors ${got.join(', ')} ≠ ${want.join(', ')}`);
    }
    for (const m of measures) if (!expected.some((e) => e.code === m.code)) differences.push(`${m.code}: not in the curated plan`);
    expect(differences, differences.join('\n')).toEqual([]);
    expect(measures).toHaveLength(30);
  });

  it('parses deadlines: ranges, "До 2025 року" from the plan start, permanent, and a missing one', () => {
    const by = new Map(measures.map((m) => [m.code, m]));
    expect(by.get('1.1')).toMatchObject({ deadlineFrom: '2023-01-01', deadlineTo: '2025-12-31', permanent: false });
    expect(by.get('1.5')).toMatchObject({ deadline: 'До 2025 року', deadlineFrom: '2023-09-04', deadlineTo: '2025-12-31' });
    expect(by.get('4.3')).toMatchObject({ permanent: true, deadlineFrom: null, deadlineTo: null });
    expect(by.get('3.3')).toMatchObject({ deadline: null, deadlineFrom: '2023-09-04', deadlineTo: '2025-12-31' });
  });

  it('warns about what it placed by judgement, naming the measure', () => {
    const warned = (code: string, kind: string) => reading.warnings.some((w) => w.measure === code && w.kind === kind);
    expect(warned('3.3', 'missing-deadline')).toBe(true);
    for (const code of ['2.5', '2.6', '2.7', '3.1', '3.2', '3.3']) expect(warned(code, 'shifted'), code).toBe(true);
    expect(warned('2.4', 'unnumbered')).toBe(true);
    expect(warned('1.8', 'shared')).toBe(true);
    expect(reading.warnings.filter((w) => w.kind === 'unknown-executor')).toEqual([]);
  });

  it('keeps "(за згодою)" per executor and groups as one entry', () => {
    const m11 = measures.find((m) => m.code === '1.1')!;
    expect(m11.executors.find((e) => e.organisationId === 'local-self-government')).toMatchObject({ group: true, byConsent: true });
    expect(m11.executors.find((e) => e.organisationId === 'district-military-administrations')).toMatchObject({ group: true, asWritten: 'райвійськкадрової адміністрації' });
  });
});

describe('reading what is not a plan', () => {
  it('refuses text without a table, and a table without goals', () => {
    expect(() => parse('Просто лист.\nБез таблиці.')).toThrow(NotAPlanError);
    expect(() => parse('a\tb\tc\td\n1)\tx\ty\tz')).toThrow(NotAPlanError);
  });
});
