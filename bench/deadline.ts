/**
 * `npm run bench -- --deadline [--postgres]`: deadline day. The national-scale dataset (25 regions,
 * about 2,000 organisations), one executor account per organisation; `zvit serve` in its own
 * process; 120 clients at once, each taking the next organisation: sign in, open the report form,
 * save every owed measure (an autosave each), submit. Prints the tail of the saves' latencies,
 * errors, and then checks the database: every acknowledged save and submission is there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { systemClock } from '../src/clock.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { generateNational } from '../src/features/demo/national.ts';
import { createUser } from '../src/features/users/service.ts';
import { cpuMs, rssMb, startZvit, stopServer } from './http.ts';

const CLIENTS = 120;
const COST = { memoryCost: 1024, timeCost: 1 };

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function deadlineBench(results: Record<string, unknown>, dialect: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-deadline-'));
  let databaseUrl: string | null = null;
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query('drop database if exists zvit_bench_deadline with (force)');
    await admin.query('create database zvit_bench_deadline');
    await admin.end();
    databaseUrl = 'postgres://postgres@127.0.0.1:5432/zvit_bench_deadline';
  }
  const database: DatabaseHandle = openDatabase({ databaseUrl, dataDir });
  await migrateToLatest(database.db);
  const made = await generateNational(database.db, systemClock, { regions: 25, communitiesPerRegion: 70, periods: 1, seed: 1 });
  const orgs = (await database.db.selectFrom('organisations').select('id').where('kind', '<>', 'regional_administration').orderBy('id').execute()).map((r) => r.id);
  const accounts: { org: string; email: string; password: string }[] = [];
  for (const org of orgs) {
    const email = `${org}@deadline.example`;
    const password = `deadline day ${org}`;
    await createUser(database.db, systemClock, COST, { email, displayName: org, organisationId: org, roles: ['executor'], password, totpSecret: null });
    accounts.push({ org, email, password });
  }
  const planOf = (org: string) => `${org.slice(0, 3)}-ctb-plan`;
  const today = new Date().toISOString().slice(0, 10);
  const period = `${today.slice(0, 4)}-H${today.slice(5, 7) <= '06' ? 1 : 2}`;
  await database.destroy();

  const server = await startZvit({ ZVIT_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }, 'serve');
  const pid = server.child.pid!;
  const saves: number[] = [];
  const submits: number[] = [];
  const errors: string[] = [];
  const acknowledged = new Map<string, number>(); // org → saves acknowledged
  const submittedOrgs = new Set<string>();
  let owing = 0;
  let next = 0;
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  const client = async () => {
    for (let i = next++; i < accounts.length; i = next++) {
      const a = accounts[i]!;
      try {
        const login = await fetch(`${server.url}/login`);
        const csrfCookie = /zvit_csrf=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
        const token = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
        const signed = await fetch(`${server.url}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `zvit_csrf=${csrfCookie}` }, body: new URLSearchParams({ _csrf: token, email: a.email, password: a.password }).toString() });
        const cookie = `zvit_session=${/zvit_session=([^;]+)/.exec(signed.headers.get('set-cookie') ?? '')![1]!}`;
        const base = `${server.url}/reports/${planOf(a.org)}/${period}/${a.org}`;
        const form = await fetch(base, { headers: { cookie, 'accept-encoding': 'br' } });
        const html = await form.text();
        if (form.status === 404 || form.status === 403) continue; // owes nothing this half-year
        if (form.status !== 200) throw new Error(`form ${form.status}`);
        owing++;
        const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
        const measures = [...new Set([...html.matchAll(/\/entries\/(\d+)/g)].map((m) => m[1]!))];
        for (const m of measures) {
          const t0 = performance.now();
          const r = await fetch(`${base}/entries/${m}`, { method: 'POST', headers: { cookie, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'br' }, body: new URLSearchParams({ _csrf: csrf, version: '0', state: 'done', narrative: `Виконано: ${a.org}, захід ${m}.` }).toString() });
          await r.text();
          saves.push(performance.now() - t0);
          if (r.status !== 200) throw new Error(`save ${r.status}`);
          acknowledged.set(a.org, (acknowledged.get(a.org) ?? 0) + 1);
        }
        const t1 = performance.now();
        const s = await fetch(`${base}/submit`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }).toString() });
        await s.text();
        submits.push(performance.now() - t1);
        if (s.status !== 303) throw new Error(`submit ${s.status}`);
        submittedOrgs.add(a.org);
      } catch (err) {
        errors.push(`${a.org}: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuMs(pid) - cpuBefore;
  const rss = rssMb(pid);
  await stopServer(server);

  // What the database holds.
  const check = openDatabase({ databaseUrl, dataDir });
  const entries = await check.db.selectFrom('report_entries as e').innerJoin('reports as r', 'r.id', 'e.report_id').select(['r.organisation_id']).where('r.period_key', '=', period).where('e.state', 'is not', null).execute();
  const stored = new Map<string, number>();
  for (const e of entries) stored.set(e.organisation_id, (stored.get(e.organisation_id) ?? 0) + 1);
  const lost = [...acknowledged].filter(([org, n]) => (stored.get(org) ?? 0) < n).length;
  const submitted = await check.db.selectFrom('reports').select('organisation_id').where('period_key', '=', period).where('state', '=', 'submitted').execute();
  const lostSubmissions = [...submittedOrgs].filter((o) => !submitted.some((s) => s.organisation_id === o)).length;
  await check.destroy();

  saves.sort((x, y) => x - y);
  submits.sort((x, y) => x - y);
  const f = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log(`\nDeadline day (${dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}; ${made.organisations} organisations in ${made.plans.length} plans, ${owing} owing a report; ${CLIENTS} clients at once; one zvit serve)`);
  console.log('| what | value |\n| --- | ---: |');
  console.log(`| organisations signed in, saved every measure and submitted | ${submittedOrgs.size} of ${owing} in ${seconds.toFixed(0)} s (${((submittedOrgs.size / seconds) * 60).toFixed(0)} a minute) |`);
  console.log(`| autosaves: count / p50 / p99 / max | ${saves.length} / ${f(quantile(saves, 0.5))} / ${f(quantile(saves, 0.99))} / ${f(saves.at(-1) ?? NaN)} |`);
  console.log(`| submissions: p50 / p99 / max | ${f(quantile(submits, 0.5))} / ${f(quantile(submits, 0.99))} / ${f(submits.at(-1) ?? NaN)} |`);
  console.log(`| errors | ${errors.length}${errors.length ? ` (${errors.slice(0, 3).join('; ')})` : ''} |`);
  console.log(`| acknowledged saves missing from the database / submissions missing | ${lost} / ${lostSubmissions} |`);
  console.log(`| server CPU in all / per request | ${(cpu / 1000).toFixed(1)} s / ${(cpu / (saves.length + submits.length + owing * 3)).toFixed(2)} ms |`);
  console.log(`| server resident memory at the end | ${rss.toFixed(0)} MB |`);
  results[`deadline-${dialect}`] = { organisations: made.organisations, owing, submitted: submittedOrgs.size, seconds, saves: saves.length, saveP50: quantile(saves, 0.5), saveP99: quantile(saves, 0.99), saveMax: saves.at(-1), submitP99: quantile(submits, 0.99), errors: errors.length, lost, lostSubmissions, cpuMs: cpu, rssMb: rss };
  fs.rmSync(dataDir, { recursive: true, force: true });
}
