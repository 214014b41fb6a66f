// Consolidating and exporting a period: plan 609 with every executor reporting, and a synthetic
// plan of 300 measures × 500 organisations. Medians, and the peak resident memory while it runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { adjustableClock } from '../src/clock.ts';
import { openSqlite } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { SYSTEM_ACTOR } from '../src/features/audit/service.ts';
import { buildDocument } from '../src/features/consolidation/document.ts';
import { render } from '../src/features/consolidation/exports/index.ts';
import { consolidate } from '../src/features/consolidation/service.ts';
import { createDemoCycle } from '../src/features/demo/cycle.ts';
import { createGroup, createOrganisation, loadDirectory } from '../src/features/organisations/service.ts';
import { getPlan } from '../src/features/plans/service.ts';
import { createPlan } from '../src/features/plans/creation.ts';
import { expectedReports, loadReport, periodByKey, periodMeasures, saveEntry, submitReport, type Snapshot } from '../src/features/reports/service.ts';
import { DEFAULT_SCHEDULE } from '../src/domain/periods.ts';
import { seed } from '../src/features/seed/service.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);

async function times(n: number, fn: () => Promise<unknown>): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return median(out);
}

/** Samples the resident memory while `fn` runs; returns its peak in MB. */
async function peakDuring(fn: () => Promise<void>): Promise<number> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) / 1024 / 1024;
}

export async function consolidationBench(results: Record<string, unknown>) {
  const rows: [string, string][] = [];
  {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-c-'));
    const database = openSqlite(path.join(dir, 'zvit.sqlite'));
    const db = database.db;
    await migrateToLatest(db);
    const clock = adjustableClock('2024-07-16T09:00:00Z');
    await seed(db, clock);
    await createDemoCycle(db, clock);
    // Every executor reports in H1 2024: the communities the demo left silent report too.
    const plan = (await getPlan(db, 'poltava-ctb-2023-2025'))!;
    const period = periodByKey(plan, '2024-H1')!;
    const directory = await loadDirectory(db);
    const owing = [...expectedReports(await periodMeasures(db, plan, period), directory).keys()];
    for (const org of owing) {
      let view = (await loadReport(db, directory, clock, plan.id, period.key, org))!;
      if (view.report) continue;
      for (const m of view.measures) {
        await saveEntry(db, clock, SYSTEM_ACTOR, view, m.id, { version: '0', state: 'done', reason: '', narrative: `Проведено заходи з інформування населення (${org}).`, links: '', values: Object.fromEntries(m.indicators.filter((i) => i.kind === 'count').map((i) => [i.id, '3'])) }, { onBehalf: false });
      }
      view = (await loadReport(db, directory, clock, plan.id, period.key, org))!;
      await submitReport(db, clock, SYSTEM_ACTOR, view, { onBehalf: false });
    }
    const c = await consolidate(db, directory, plan, period);
    const doc = buildDocument(c, {}, directory);
    const reporting = c.grid.rows.filter((r) => r.state === 'accepted' || r.state === 'submitted').length;
    rows.push([`plan 609, H1 2024: consolidate (${reporting} of ${c.grid.rows.length} executors reporting, ${c.goals.flatMap((g) => g.measures).length} measures)`, fmt(await times(20, async () => buildDocument(await consolidate(db, directory, plan, period), {}, directory)))]);
    for (const f of ['docx', 'xlsx', 'pdf'] as const) rows.push([`plan 609, H1 2024: ${f.toUpperCase()}`, fmt(await times(5, () => render(doc, f, { version: null, signatory: null, forPublication: false })))]);
    const peak = await peakDuring(async () => {
      const d = buildDocument(await consolidate(db, directory, plan, period), {}, directory);
      for (const f of ['docx', 'xlsx', 'pdf'] as const) await render(d, f, { version: null, signatory: null, forPublication: false });
    });
    rows.push(['plan 609: peak resident memory, consolidating and exporting all three', `${peak.toFixed(0)} MB`]);
    await database.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  {
    // Synthetic: 300 measures, each owed by a group of 500 organisations, every report accepted.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-s-'));
    const database = openSqlite(path.join(dir, 'zvit.sqlite'));
    const db = database.db;
    await migrateToLatest(db);
    const clock = adjustableClock('2026-07-20T09:00:00Z');
    await createOrganisation(db, clock, { id: 'big-ova', name: 'Обласна військова адміністрація', kind: 'regional_administration' });
    await createOrganisation(db, clock, { id: 'big-social', name: 'Департамент соціального захисту населення', kind: 'department', parentId: 'big-ova' });
    const orgs: string[] = [];
    await db.transaction().execute(async (tx) => {
      for (let i = 1; i <= 500; i++) {
        const id = `org-${i}`;
        orgs.push(id);
        await createOrganisation(tx, clock, { id, name: `Організація ${String(i).padStart(3, '0')}`, kind: i <= 50 ? 'department' : 'community', parentId: 'big-ova' });
      }
      await createGroup(tx, clock, { id: 'everyone', name: 'Усі виконавці', ownerOrganisationId: 'big-ova', memberIds: orgs });
    });
    await createPlan(db, clock, {
      id: 'big-plan',
      title: 'Синтетичний план на 300 заходів',
      legal: { kind: 'розпорядження', issuer: 'Начальник ОВА', number: '1', date: '2026-01-01' },
      start: '2026-01-01',
      end: '2030-12-31',
      ownerOrganisationId: 'big-ova',
      coordinatorOrganisationId: 'big-social',
      state: 'active',
      schedule: DEFAULT_SCHEDULE,
      goals: Array.from({ length: 10 }, (_, g) => ({
        number: g + 1,
        title: `Ціль ${g + 1}`,
        tasks: [{ number: 1, title: 'Завдання', measures: Array.from({ length: 30 }, (_, m) => ({ code: `${g + 1}.${m + 1}`, title: `Захід ${g + 1}.${m + 1} з інформування населення`, deadline: 'Постійно', executors: [{ groupId: 'everyone' }], indicators: [{ code: `${g + 1}.${m + 1}.n`, name: 'Проведено заходів', unit: 'од.', kind: 'count' as const }] })) }],
      })),
    });
    const plan = (await getPlan(db, 'big-plan'))!;
    const period = periodByKey(plan, '2026-H1')!;
    const measures = await periodMeasures(db, plan, period);
    const indicators = await db.selectFrom('indicators').select(['id', 'measure_id']).where('plan_id', '=', 'big-plan').execute();
    const indicatorOf = new Map(indicators.map((i) => [Number(i.measure_id), Number(i.id)]));
    await db.transaction().execute(async (tx) => {
      for (const org of orgs) {
        const now = '2026-07-10T09:00:00.000Z';
        const report = await tx
          .insertInto('reports')
          .values({ plan_id: 'big-plan', organisation_id: org, period_key: '2026-H1', state: 'accepted', on_behalf: 0, letter_number: null, letter_date: null, created_by: null, created_at: now, updated_at: now, submitted_at: now, reviewed_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        const snapshot: Snapshot = {
          plan: { id: 'big-plan', title: plan.title },
          period: { key: '2026-H1', start: period.start, end: period.end },
          organisation: { id: org, name: org },
          onBehalf: false,
          letter: null,
          entries: measures.map((m, i) => ({
            measureId: m.id,
            versionId: m.versionId,
            code: m.code,
            title: m.title,
            deadlineText: m.deadlineText,
            state: i % 7 === 0 ? 'in_progress' : 'done',
            reason: null,
            narrative: `Захід ${m.code}: проведено зустрічі з населенням; охоплено ${(i % 50) + 10} осіб.`,
            links: [],
            values: [{ indicatorId: indicatorOf.get(m.id)!, code: 'n', name: 'Проведено заходів', unit: 'од.', kind: 'count', sensitive: false, value: (i % 9) + 1 }],
          })),
          attachments: [],
        };
        await tx.insertInto('report_submissions').values({ report_id: Number(report.id), number: 1, submitted_at: now, submitted_by: null, late: 0, on_behalf: 0, snapshot: JSON.stringify(snapshot) }).execute();
      }
    });
    const directory = await loadDirectory(db);
    let doc = buildDocument(await consolidate(db, directory, plan, period), {}, directory);
    rows.push(['synthetic 300 measures × 500 organisations: consolidate', fmt(await times(3, async () => (doc = buildDocument(await consolidate(db, directory, plan, period), {}, directory))))]);
    for (const f of ['docx', 'xlsx', 'pdf'] as const) rows.push([`synthetic: ${f.toUpperCase()}`, fmt(await times(1, () => render(doc, f, { version: null, signatory: null, forPublication: false })))]);
    const peak = await peakDuring(async () => {
      const d = buildDocument(await consolidate(db, directory, plan, period), {}, directory);
      await render(d, 'xlsx', { version: null, signatory: null, forPublication: false });
    });
    rows.push(['synthetic: peak resident memory, consolidating and the XLSX', `${peak.toFixed(0)} MB`]);
    await database.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('\nConsolidation (SQLite, in process; medians)');
  console.log('| what | median |\n| --- | ---: |');
  for (const [name, v] of rows) console.log(`| ${name} | ${v} |`);
  results.consolidation = Object.fromEntries(rows);
}
