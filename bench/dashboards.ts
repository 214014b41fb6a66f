// The control dashboards and the report search (issue 17), in process on SQLite with the demo's
// whole cycle as of 31.12.2025 (plan 609's five ended half-years, each approved and sent but the
// last): medians against GET /healthz in the same run. The first request (the frozen documents
// parsed) is reported apart from the warm ones. The national-scale dataset comes with issue 19.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.ts';
import { adjustableClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { openSqlite } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { forgetDocuments } from '../src/features/dashboards/service.ts';
import { createDemoCycle } from '../src/features/demo/cycle.ts';
import { generateNational } from '../src/features/demo/national.ts';
import { createDemoAccounts } from '../src/features/demo/service.ts';
import { confirmDemoRequisites, createDemoOfficials } from '../src/features/demo/officials.ts';
import { seed } from '../src/features/seed/service.ts';
import { makeUser, signIn } from '../test/support/auth.ts';
import { median, timeIt } from './measure.ts';

const PLAN = 'poltava-ctb-2023-2025';
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const timed = async (n: number, fn: () => Promise<unknown>) => median(await timeIt(n, fn));

export async function dashboardsBench(results: Record<string, unknown>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-dash-'));
  const database = openSqlite(path.join(dir, 'zvit.sqlite'));
  await migrateToLatest(database.db);
  const clock = adjustableClock('2026-01-25T09:00:00Z');
  await seed(database.db, clock);
  const t0 = performance.now();
  await createDemoAccounts(database.db, clock, dir, { memoryCost: 1024, timeCost: 1 });
  await createDemoOfficials(database.db, clock);
  const cycle = await createDemoCycle(database.db, clock);
  await confirmDemoRequisites(database.db, clock);
  if (!cycle) throw new Error('bench: the demo cycle made nothing');
  const built = performance.now() - t0;
  const config = loadConfig({ ZVIT_DATA_DIR: dir, ZVIT_LOG_LEVEL: 'silent', ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1' });
  const app = await buildApp({ config, database, clock, logger: false });
  await app.ready();
  const coordinator = await signIn(app, clock, await makeUser(database.db, clock, 'coordinator', 'poltava-ova-social-protection'));
  const N = 40;
  const baseline = await timed(200, () => app.inject({ method: 'GET', url: '/healthz' }));
  const DASH = `/plans/${PLAN}/dashboard`;
  const rows: [string, number][] = [];
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url, cookies: coordinator.cookies });
    if (r.statusCode !== 200) throw new Error(`bench: ${url} answered ${r.statusCode}`);
    return r;
  };
  forgetDocuments();
  const c0 = performance.now();
  await get(DASH);
  rows.push(['measures × periods, first request (frozen documents parsed)', performance.now() - c0]);
  const page = async (name: string, url: string) => {
    await get(url);
    rows.push([name, await timed(N, () => get(url))]);
  };
  await page('measures × periods (5 half-years), warm', DASH);
  await page('measures, one district and kind', `${DASH}?district=poltava-district-ma&kind=community`);
  await page('executors: rates, late now, districts, 80 organisations’ history', `${DASH}/executors`);
  await page('indicators: 42 indicators × 5 periods, trend and districts', `${DASH}/indicators`);
  await page('executors’ tables as XLSX', `${DASH}/executors?format=xlsx`);
  await page('the plan’s calendar with each period’s state', `/plans/${PLAN}/calendar`);
  await page('search across submitted reports (two words)', `/search?q=${encodeURIComponent('проведено громади')}`);
  console.log(`\nDashboards and search (SQLite, fastify.inject, ${N} requests each; the demo cycle built in ${(built / 1000).toFixed(1)} s; baseline: GET /healthz = ${fmt(baseline)})`);
  console.log('| what | median | × baseline |\n| --- | ---: | ---: |');
  for (const [name, ms] of rows) console.log(`| ${name} | ${fmt(ms)} | ${(ms / baseline).toFixed(0)} |`);
  results.dashboards = { baselineMs: baseline, rows: Object.fromEntries(rows) };
  await app.close();
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  await nationalBench(results);
}

/** The same pages for one region of the national-scale dataset (25 regions, 1,850 organisations, six half-years, ~105,000 entries; nothing approved, so every period is consolidated live). */
async function nationalBench(results: Record<string, unknown>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-nat-'));
  const database = openSqlite(path.join(dir, 'zvit.sqlite'));
  await migrateToLatest(database.db);
  const clock = adjustableClock('2026-12-07T09:00:00Z');
  const g0 = performance.now();
  const made = await generateNational(database.db, clock, { regions: 25, communitiesPerRegion: 60, periods: 6, seed: 1 });
  const generated = performance.now() - g0;
  const config = loadConfig({ ZVIT_DATA_DIR: dir, ZVIT_LOG_LEVEL: 'silent', ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1' });
  const app = await buildApp({ config, database, clock, logger: false });
  await app.ready();
  const coordinator = await signIn(app, clock, await makeUser(database.db, clock, 'coordinator', 'n01-dep-1'));
  const baseline = await timed(200, () => app.inject({ method: 'GET', url: '/healthz' }));
  const DASH = '/plans/n01-ctb-plan/dashboard';
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url, cookies: coordinator.cookies });
    if (r.statusCode !== 200) throw new Error(`bench: ${url} answered ${r.statusCode}`);
  };
  const rows: [string, number][] = [];
  forgetDocuments();
  const c0 = performance.now();
  await get(DASH);
  rows.push(['measures × periods, first request (six half-years consolidated live)', performance.now() - c0]);
  const N = 20;
  for (const [name, url] of [
    ['measures × periods, warm', DASH],
    ['executors (74 organisations × 6 periods)', `${DASH}/executors`],
    ['indicators', `${DASH}/indicators`],
    ['search in the region’s reports', `/search?q=${encodeURIComponent('гарячу лінію')}`],
  ] as const) {
    await get(url);
    rows.push([name, await timed(N, () => get(url))]);
  }
  console.log(`\nDashboards on the national-scale dataset (SQLite; ${made.plans.length} plans, ${made.organisations} organisations, ${made.reports} reports, ${made.entries} entries generated in ${(generated / 1000).toFixed(1)} s; one region's plan; baseline: GET /healthz = ${fmt(baseline)})`);
  console.log('| what | median | × baseline |\n| --- | ---: | ---: |');
  for (const [name, ms] of rows) console.log(`| ${name} | ${fmt(ms)} | ${(ms / baseline).toFixed(0)} |`);
  results.dashboardsNational = { baselineMs: baseline, generatedMs: generated, rows: Object.fromEntries(rows) };
  await app.close();
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}
