// The statistical forms' pages (issue 16), in process on SQLite with the demo's four quarters of
// figures and a reconciliation: medians against GET /healthz measured in the same run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { adjustableClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { openSqlite } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { createDemoStatistics } from '../src/features/demo/statistics.ts';
import { seed } from '../src/features/seed/service.ts';
import { makeUser, signIn } from '../test/support/auth.ts';
import { median, timeIt } from './measure.ts';

const PLAN = 'poltava-ctb-2023-2025';
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const timed = async (n: number, fn: () => Promise<unknown>) => median(await timeIt(n, fn));

export async function statisticsBench(results: Record<string, unknown>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-stats-'));
  const database = openSqlite(path.join(dir, 'zvit.sqlite'));
  await migrateToLatest(database.db);
  const clock = adjustableClock('2024-07-16T09:00:00Z');
  await seed(database.db, clock);
  const made = await createDemoStatistics(database.db, clock);
  if (!made) throw new Error('bench: the demo statistics made nothing');
  const config = loadConfig({ ZVIT_DATA_DIR: dir, ZVIT_LOG_LEVEL: 'silent', ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1' });
  const app = await buildApp({ config, database, clock, logger: false });
  await app.ready();
  const police = await signIn(app, clock, await makeUser(database.db, clock, 'executor', 'poltava-police'));
  const coordinator = await signIn(app, clock, await makeUser(database.db, clock, 'coordinator', 'poltava-ova-social-protection'));
  const quarter = (await database.db.selectFrom('stat_reconciliation_periods').select('period_key').orderBy('period_key', 'desc').executeTakeFirstOrThrow()).period_key;
  const N = 200;
  const baseline = await timed(N, () => app.inject({ method: 'GET', url: '/healthz' }));
  const STATS = `/plans/${PLAN}/statistics`;
  const rows: [string, number][] = [];
  const get = async (name: string, url: string, session: { cookies: Record<string, string> }) => {
    const r = await app.inject({ method: 'GET', url, cookies: session.cookies });
    if (r.statusCode !== 200) throw new Error(`bench: ${url} answered ${r.statusCode}`);
    rows.push([name, await timed(N, () => app.inject({ method: 'GET', url, cookies: session.cookies }))]);
  };
  await get('statistics overview, the police (their 2 forms)', STATS, police);
  await get('statistics overview, the coordinator (5 forms × the 4 latest quarters)', STATS, coordinator);
  await get('a submission, the police (victims, 51 cells)', `${STATS}/victims-identified/${quarter}/poltava-police`, police);
  await get('a submission, the coordinator (exact view, audited)', `${STATS}/victims-identified/${quarter}/poltava-police`, coordinator);
  await get('a reconciliation with its differences and the year to date', `${STATS}/reconciliations/children-police-css/${quarter}`, coordinator);
  await get('publication CSV of a quarter (suppressed across 5 forms)', `${STATS}/publication/${quarter}`, coordinator);
  await get('a form’s structure page', `${STATS}/victims-identified/structure`, coordinator);
  // Autosave of a draft: the police's next quarter, saved again and again from the last revision.
  const next = `${STATS}/legal-aid/2024-Q3/poltava-legal-aid-centre`;
  const legalAid = await signIn(app, clock, await makeUser(database.db, clock, 'executor', 'poltava-legal-aid-centre'));
  let revision = 0;
  rows.push([
    'autosave of a submission (htmx, a new revision each time)',
    await timed(N, async () => {
      const r = await app.inject({ method: 'POST', url: next, cookies: legalAid.cookies, headers: { 'hx-request': 'true' }, payload: { _csrf: legalAid.csrf, version: String(revision), 'cell.persons': String(revision + 3), 'cell.consultations': '9' } });
      const m = /id="stat-version" name="version" value="(\d+)"/.exec(r.body);
      if (!m) throw new Error(`bench: autosave answered ${r.statusCode}: ${r.body.slice(0, 200)}`);
      revision = Number(m[1]);
    }),
  ]);
  console.log(`\nStatistical forms (SQLite, fastify.inject, ${N} requests each; baseline: GET /healthz = ${fmt(baseline)})`);
  console.log('| what | median | × baseline |\n| --- | ---: | ---: |');
  for (const [name, ms] of rows) console.log(`| ${name} | ${fmt(ms)} | ${(ms / baseline).toFixed(1)} |`);
  results.statistics = { baselineMs: baseline, rows: Object.fromEntries(rows) };
  await app.close();
  await database.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}
