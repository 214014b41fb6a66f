/**
 * `npm run bench`: medians and ratios against a baseline measured in the same run (this machine
 * is noisy; no absolute limit is asserted anywhere). Prints a table and writes
 * bench/results/latest.json.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.ts';
import { adjustableClock } from '../src/clock.ts';
import { makeUser, signIn } from '../test/support/auth.ts';
import { loadConfig } from '../src/config.ts';
import { openSqlite } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { SYSTEM_ACTOR } from '../src/features/audit/service.ts';
import { applyAmendment, createAmendment, stageMeasureEdit, stageMeasureRemoval } from '../src/features/plans/amendments.ts';
import { loadDirectory } from '../src/features/organisations/service.ts';
import { getPlan, getPlanOutline, measureIdByCode } from '../src/features/plans/service.ts';
import { curatedImportDirectory, seed } from '../src/features/seed/service.ts';
import { createDemoCycle } from '../src/features/demo/cycle.ts';
import { consolidationBench } from './consolidation.ts';
import { mailBench } from './mail.ts';
import { statisticsBench } from './statistics.ts';
import { dashboardsBench } from './dashboards.ts';
import { median, timeIt } from './measure.ts';
import { httpBench, rssMb, signInAs, startZvit, stopServer } from './http.ts';
import { deadlineBench } from './deadline.ts';
import { planReadingOf, readOrder, readOrderFile } from '../src/features/imports/service.ts';

const PLAN = 'poltava-ctb-2023-2025';
const results: Record<string, unknown> = {};

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function inProcess() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-'));
  const database = openSqlite(path.join(dir, 'zvit.sqlite'));
  await migrateToLatest(database.db);
  const clock = adjustableClock('2024-07-16T09:00:00Z');
  await seed(database.db, clock);
  const config = loadConfig({ ZVIT_DATA_DIR: dir, ZVIT_LOG_LEVEL: 'silent', ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1' });
  const app = await buildApp({ config, database, clock, logger: false });
  await app.ready();
  // Pages need a signed-in user: an executor, through the real sign-in form.
  const executor = await makeUser(database.db, clock, 'executor', 'poltava-police');
  const { cookies, csrf } = await signIn(app, clock, executor);
  // The demo's cycle: H2 2023 and H1 2024 reported and reviewed, H2 2024 under way (timed: it runs
  // once on a new demo database). The executor counts as a demo account, so its own H2 2024 report
  // is left to the autosave rows below, as the demo leaves it to whoever tries it.
  await database.db.updateTable('users').set({ is_demo: 1 }).where('id', '=', executor.id).execute();
  const cycleStart = performance.now();
  if (!(await createDemoCycle(database.db, clock))) throw new Error('bench: the demo cycle made nothing');
  const cycleMs = performance.now() - cycleStart;
  const coordinator = await signIn(app, clock, await makeUser(database.db, clock, 'coordinator', 'poltava-ova-social-protection'));
  // An amendment in force from 2025: the plan as of a date and its history have something to show.
  const directoryBefore = await loadDirectory(database.db);
  const plan = (await getPlan(database.db, PLAN))!;
  const first = (await createAmendment(database.db, clock, SYSTEM_ACTOR, PLAN, { legalKind: '', legalNumber: '1', legalDate: '2024-07-10', effectiveFrom: '2025-01-01', note: '' })) as { id: number };
  await stageMeasureEdit(database.db, clock, SYSTEM_ACTOR, directoryBefore, plan, first.id, (await measureIdByCode(database.db, PLAN, '2.5'))!, { title: 'Збір статистичних даних щокварталу', deadline: 'Постійно', executors: [{ type: 'organisation', id: 'poltava-police' }] });
  await stageMeasureRemoval(database.db, clock, SYSTEM_ACTOR, plan, first.id, (await measureIdByCode(database.db, PLAN, '1.8'))!);
  await applyAmendment(database.db, clock, SYSTEM_ACTOR, directoryBefore, PLAN, first.id);
  const N = 300;
  const baseline = median(await timeIt(N, () => app.inject({ method: 'GET', url: '/healthz' })));
  const rows: [string, number][] = [];
  for (const [name, url] of [
    ['plan page (30 measures)', `/plans/${PLAN}`],
    ['plan page, executor filter', `/plans/${PLAN}?executor=community-reshetylivska`],
    ['plan page, text search', `/plans/${PLAN}?q=${encodeURIComponent('ІНФОРМАЦІЙН')}`],
    ['measure page', `/plans/${PLAN}/measures/1`],
    ['directory page (78 organisations)', '/organisations'],
    ['API: plan with measures', `/api/v1/plans/${PLAN}`],
    ['plan page as of a date, after an amendment', `/plans/${PLAN}?on=2025-06-01`],
    ['plan history (1 amendment)', `/plans/${PLAN}/history`],
    ['my reports (3 periods)', '/reports'],
    ['home, an executor (3 periods)', '/'],
    ['report form (13 measures, H2 2024)', `/reports/${PLAN}/2024-H2/poltava-police`],
  ] as const) {
    rows.push([name, median(await timeIt(N, () => app.inject({ method: 'GET', url, cookies })))]);
  }
  // Autosave: one entry saved again and again from the version the last save returned.
  const m11 = (await measureIdByCode(database.db, PLAN, '1.1'))!;
  let version = 0;
  rows.push([
    'autosave of one entry (htmx, a new version each time)',
    median(
      await timeIt(N, async () => {
        const r = await app.inject({ method: 'POST', url: `/reports/${PLAN}/2024-H2/poltava-police/entries/${m11}`, cookies, headers: { 'hx-request': 'true' }, payload: { _csrf: csrf, version: String(version), state: 'done', narrative: `Проведено ${version + 1} лекцій.` } });
        version = Number(/name="version" value="(\d+)"/.exec(r.body)![1]);
      }),
    ),
  ]);
  for (const [name, url] of [
    ['period grid and rates (77 executors, H1 2024)', `/plans/${PLAN}/periods/2024-H1/reports`],
    ['period grid, filtered to late reports', `/plans/${PLAN}/periods/2024-H1/reports?list=late`],
    ['one measure across its 70 executors (1.1, H1 2024)', `/plans/${PLAN}/periods/2024-H1/measures/${(await measureIdByCode(database.db, PLAN, '1.1'))!}`],
    ['an accepted report, as the coordinator reads it', `/reports/${PLAN}/2024-H1/poltava-police`],
    ['home, the coordinator (a day after a deadline: its period grid)', '/'],
  ] as const) {
    rows.push([name, median(await timeIt(100, () => app.inject({ method: 'GET', url, cookies: coordinator.cookies })))]);
  }
  rows.push(['demo cycle generated on a new database (once)', cycleMs]);
  const directory = await loadDirectory(database.db);
  const outline = median(await timeIt(N, () => getPlanOutline(database.db, directory, PLAN)));
  // Applying an amendment that rewords every measure of the plan: 29 versions ended and begun at once.
  const applyTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    const effectiveFrom = `2025-02-${String(i + 1).padStart(2, '0')}`;
    const a = (await createAmendment(database.db, clock, SYSTEM_ACTOR, PLAN, { legalKind: '', legalNumber: String(100 + i), legalDate: '2024-07-15', effectiveFrom, note: '' })) as { id: number };
    const outlineNow = (await getPlanOutline(database.db, directory, PLAN))!;
    for (const m of outlineNow.goals.flatMap((g) => g.tasks.flatMap((task) => task.measures))) {
      await stageMeasureEdit(database.db, clock, SYSTEM_ACTOR, directory, plan, a.id, m.id, { title: `${m.title} (${i})`, deadline: m.deadlineText ?? '', executors: m.executors });
    }
    const t0 = performance.now();
    await applyAmendment(database.db, clock, SYSTEM_ACTOR, directory, PLAN, a.id);
    applyTimes.push(performance.now() - t0);
  }
  rows.push(['applying an amendment of every measure (29 changes)', median(applyTimes)]);
  console.log(`\nIn-process (SQLite, fastify.inject, ${N} requests each; baseline: GET /healthz = ${fmt(baseline)})`);
  console.log('| what | median | × baseline |\n| --- | ---: | ---: |');
  for (const [name, ms] of rows) console.log(`| ${name} | ${fmt(ms)} | ${(ms / baseline).toFixed(1)} |`);
  console.log(`| plan outline service (no HTTP) | ${fmt(outline)} | ${(outline / baseline).toFixed(1)} |`);
  results.inProcess = { baselineMs: baseline, rows: Object.fromEntries(rows), outlineServiceMs: outline };
  await app.close();
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Starts `zvit start` on a data folder and measures the time until the plan page is served. */
async function startToFirstPage(dataDir: string): Promise<{ ms: number; child: ChildProcess; url: string; cookie: string }> {
  const t0 = performance.now();
  const server = await startZvit({ ZVIT_DATA_DIR: dataDir });
  const cookie = await signInAs(server.url, dataDir, 'police@zvit.example');
  const res = await fetch(`${server.url}/plans/${PLAN}`, { headers: { cookie } });
  await res.text();
  if (res.status !== 200) throw new Error(`plan page answered ${res.status}`);
  return { ms: performance.now() - t0, child: server.child, url: server.url, cookie };
}

const stop = (child: ChildProcess) => stopServer({ child, url: '' });

async function wholeProcess() {
  const fresh: number[] = [];
  const warm: number[] = [];
  let rss: { before: number; after: number; afterSecond: number } | null = null;
  for (let run = 0; run < 3; run++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-start-'));
    const first = await startToFirstPage(dir);
    fresh.push(first.ms);
    if (run === 0) {
      const before = rssMb(first.child.pid!);
      const headers = { cookie: first.cookie };
      for (let i = 0; i < 100; i++) await (await fetch(`${first.url}/plans/${PLAN}`, { headers })).text();
      const after = rssMb(first.child.pid!);
      for (let i = 0; i < 100; i++) await (await fetch(`${first.url}/plans/${PLAN}`, { headers })).text();
      rss = { before, after, afterSecond: rssMb(first.child.pid!) };
    }
    await stop(first.child);
    const second = await startToFirstPage(dir);
    warm.push(second.ms);
    await stop(second.child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('\nWhole process (`zvit start`, SQLite, 3 runs each)');
  console.log('| what | median |\n| --- | ---: |');
  console.log(`| start on a new data folder → signed in → first plan page (migrate, seed, demo accounts) | ${fmt(median(fresh))} |`);
  console.log(`| start on an existing data folder → signed in → first plan page | ${fmt(median(warm))} |`);
  console.log(`| resident memory after the first page | ${rss!.before.toFixed(1)} MB |`);
  console.log(`| resident memory after 100 plan pages | ${rss!.after.toFixed(1)} MB |`);
  console.log(`| resident memory after 200 plan pages | ${rss!.afterSecond.toFixed(1)} MB |`);
  results.process = { freshStartMs: median(fresh), warmStartMs: median(warm), rssMb: rss };
}

/** A synthetic order in the published text shape: `goals` goals of `perGoal` measures each. */
function syntheticOrder(goals: number, perGoal: number): string {
  const executors = 'Департаменти соціального захисту населення; освіти і науки обласної військової адміністрації, Головне управління Національної поліції в Полтавській області, райвійськкадміністрації, органи місцевого самоврядування (за згодою)';
  const lines = ['РОЗПОРЯДЖЕННЯ', '04.09.2023', '№ 999', 'ОБЛАСНИЙ ПЛАН', 'заходів на період до 2030 року', 'Найменування завдання\tНайменування заходу\tСроки виконання,\tВідповідальні за виконання', '1\t2\t3\t4'];
  for (let g = 1; g <= goals; g++) {
    for (let m = 1; m <= perGoal; m++) {
      const first = m === 1 ? `<p>Оперативна ціль ${g}. Мета номер ${g}</p> <p>${g}) Завдання номер ${g}</p>` : '';
      lines.push(`${first}\t<p>${m}) Проведення заходу ${g}.${m} з інформування населення щодо ризиків торгівлі людьми</p>\t<p>${m % 3 === 0 ? 'Постійно' : '2026-2030'}</p>\t<p>${executors}</p>`);
    }
  }
  return lines.join('\n');
}

/**
 * An order of `lines` table lines under the 20 MB limit: goals of 400 measures, tasks of 20, a
 * continuation paragraph after every fifth measure, executors from the directory and one that
 * is not in it (matched approximately every time).
 */
function hundredThousandLineOrder(lines: number): string {
  const executors = ['Головне управління Національної поліції в Полтавській області', 'Департамент освіти і науки облвійськадміністрації, органи місцевого самоврядування (за згодою)', 'Служба у справах дітей обласної військової адміністрації', 'Управління охорони здоров’я'];
  const out = ['РОЗПОРЯДЖЕННЯ', '04.09.2023', '№ 999', 'ОБЛАСНИЙ ПЛАН', 'заходів на період до 2030 року', 'Найменування завдання\tНайменування заходу\tСроки виконання,\tВідповідальні за виконання', '1\t2\t3\t4'];
  let g = 0;
  let task = 0;
  let m = 0;
  for (let i = 0; out.length < lines; i++) {
    let first = '';
    if (i % 400 === 0) {
      g = (g % 99) + 1;
      task = 0;
      first += `<p>Оперативна ціль ${g}. Мета ${i}</p>`;
    }
    if (i % 20 === 0) {
      task++;
      m = 0;
      first += `<p>${task}) Завдання ${i}</p>`;
    }
    m++;
    out.push(`${first}\t<p>${m}) Захід ${i} з інформування населення</p>\t<p>${m % 3 === 0 ? 'Постійно' : '2026-2030'}</p>\t<p>${executors[i % executors.length]}</p>`);
    if (i % 5 === 4) out.push(`\t<p>Продовження тексту заходу ${i}.</p>\t\t`);
  }
  return out.join('\n');
}

async function importer() {
  const directory = curatedImportDirectory();
  const order609 = new TextEncoder().encode(fs.readFileSync('fixtures/order-609-poltava-2023.txt', 'utf8'));
  const big = new TextEncoder().encode(syntheticOrder(10, 30));
  const a = median(await timeIt(50, async () => readOrder(order609, directory)));
  const b = median(await timeIt(20, async () => readOrder(big, directory)));
  const measures = planReadingOf(readOrder(big, directory)).goals.flatMap((g) => g.tasks.flatMap((t) => t.measures)).length;
  const huge = new TextEncoder().encode(hundredThousandLineOrder(100_000));
  const hugeRuns: number[] = [];
  let hugeMeasures = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    hugeMeasures = planReadingOf(readOrder(huge, directory)).goals.flatMap((g) => g.tasks.flatMap((t) => t.measures)).length;
    hugeRuns.push(performance.now() - start);
  }
  const c = median(hugeRuns);
  console.log('\nImporter (text as published → plan reading, no database)');
  console.log('| what | median |\n| --- | ---: |');
  console.log(`| order 609 (30 measures) | ${fmt(a)} |`);
  console.log(`| synthetic order, ${measures} measures | ${fmt(b)} |`);
  console.log(`| 100,000-line order (${(huge.length / 1024 / 1024).toFixed(1)} MB, ${hugeMeasures} measures), median of 5 | ${fmt(c)} |`);
  // The corpus of orders (fixtures/orders) in each format, through the same reader as uploads.
  const corpus: Record<string, number[]> = {};
  for (const f of fs.readdirSync('fixtures/orders').filter((f) => /\.(txt|docx|pdf)$/.test(f) && !f.startsWith('13-'))) {
    const bytes = new Uint8Array(fs.readFileSync(`fixtures/orders/${f}`));
    const kind = f.split('.').pop()!;
    const times = await timeIt(5, async () => {
      await readOrderFile(bytes, directory).catch(() => null);
    });
    (corpus[kind] ??= []).push(median(times));
  }
  for (const [kind, times] of Object.entries(corpus)) console.log(`| corpus ${kind.toUpperCase()} orders (${times.length}), median per order | ${fmt(median(times))} |`);
  results.importer = { corpusMs: Object.fromEntries(Object.entries(corpus).map(([k, v]) => [k, median(v)])), order609Ms: a, synthetic300Ms: b, syntheticMeasures: measures, order100kLinesMs: c, order100kLinesMeasures: hugeMeasures, order100kLinesBytes: huge.length };
}

console.log(`Zvit benchmark — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores`);
if (!process.argv.includes("--http") && !process.argv.includes("--deadline")) await importer();
if (process.argv.includes('--mail')) {
  await mailBench(results);
  process.exit(0);
}
if (process.argv.includes('--importer')) process.exit(0);
if (process.argv.includes('--statistics')) {
  await statisticsBench(results);
  process.exit(0);
}
if (process.argv.includes('--dashboards')) {
  await dashboardsBench(results);
  process.exit(0);
}
if (process.argv.includes('--deadline')) {
  await deadlineBench(results, process.argv.includes('--postgres') ? 'postgres' : 'sqlite');
  process.exit(0);
}
if (process.argv.includes('--http')) {
  await httpBench(results, process.argv.includes('--postgres') ? 'postgres' : 'sqlite');
  process.exit(0);
}
if (process.argv.includes('--consolidation')) {
  await consolidationBench(results);
  process.exit(0);
}
await inProcess();
if (process.argv.includes('--in-process')) process.exit(0);
await consolidationBench(results);
await statisticsBench(results);
await dashboardsBench(results);
await mailBench(results);
await wholeProcess();
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/latest.json', JSON.stringify({ at: new Date().toISOString(), ...results }, null, 2) + '\n');
