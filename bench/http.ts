/**
 * `npm run bench -- --http [--postgres]`: Zvit's pages over real HTTP, side by side with a bare
 * Fastify route in its own process. Each run is 50 connections (autocannon) for a few seconds;
 * runs of every page and of the bare route are interleaved, three rounds. The server's CPU per
 * request is read from /proc/<pid>/stat (user + system time of the whole process, its worker
 * threads included) before and after each run, so the bench process's own work is not counted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { totpCode } from '../src/features/auth/service.ts';
import { median } from './measure.ts';

const CLOCK_TICK_MS = 1000 / 100; // getconf CLK_TCK is 100 on Linux
const CONNECTIONS = 50;
const SECONDS = 3;
const ROUNDS = 3;

interface Server {
  child: ChildProcess;
  url: string;
}

/** User + system CPU of a whole process (its threads included), in milliseconds, from /proc. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

export function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out.slice(-2000)}`)));
  });
}

export async function startZvit(env: Record<string, string>, command: 'start' | 'serve' = 'start'): Promise<Server> {
  const child = spawn(process.execPath, ['bin/zvit.js', command], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', ZVIT_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await waitForLine(child, /Звіт працює: (http:\/\/\S+)/);
  return { child, url };
}

async function startBare(): Promise<Server> {
  const child = spawn(process.execPath, ['bench/bare-server.mjs'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await waitForLine(child, /bare: (http:\/\/\S+)/);
  return { child, url };
}

export async function stopServer(server: Server): Promise<void> {
  server.child.removeAllListeners('exit');
  if (server.child.exitCode !== null) return;
  await new Promise((resolve) => {
    server.child.once('exit', resolve);
    server.child.kill('SIGTERM');
  });
}

const sessionOf = (res: Response) => /zvit_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

/** Signs a demo account in through the forms (with its second factor when it has one). */
export async function signInAs(url: string, dataDir: string, login: string): Promise<string> {
  const line = fs.readFileSync(path.join(dataDir, 'demo-accounts.txt'), 'utf8').split('\n').find((l) => l.split('\t')[1] === login)!.split('\t');
  const page = await fetch(`${url}/login`);
  const csrfCookie = /zvit_csrf=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `zvit_csrf=${csrfCookie}` },
    body: new URLSearchParams({ _csrf: token, email: line[1]!, password: line[2]! }).toString(),
  });
  let session = sessionOf(res)!;
  const secret = line[4]?.trim();
  if (secret) {
    const second = await fetch(`${url}/login/second-factor`, { headers: { cookie: `zvit_session=${session}` } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await second.text())![1]!;
    const done = await fetch(`${url}/login/second-factor`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `zvit_session=${session}` },
      body: new URLSearchParams({ _csrf: csrf, code: totpCode(secret, new Date()) }).toString(),
    });
    if (done.status !== 303) throw new Error(`second factor for ${login}: ${done.status}`);
    session = sessionOf(done)!;
  }
  return `zvit_session=${session}`;
}

interface Run {
  cpuPerRequestMs: number;
  p50: number;
  p975: number;
  rps: number;
  errors: number;
  bytes: number;
}

async function load(server: Server, pathname: string, headers: Record<string, string>, heavy = false): Promise<Run> {
  const pid = server.child.pid!;
  const before = cpuMs(pid);
  // As a browser asks: compressed if the server will.
  const result = await autocannon({ url: `${server.url}${pathname}`, connections: heavy ? 10 : CONNECTIONS, duration: heavy ? 3 * SECONDS : SECONDS, headers: { 'accept-encoding': 'br, gzip', ...headers } });
  const after = cpuMs(pid);
  const total = result.requests.total;
  return {
    cpuPerRequestMs: (after - before) / Math.max(1, total),
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    rps: result.requests.average,
    errors: result.errors + result.timeouts + result.non2xx,
    bytes: result.throughput.total / Math.max(1, total),
  };
}

export interface Page {
  name: string;
  path: string;
  as: 'executor' | 'coordinator';
  /** Run with 10 connections for three times as long (a page that takes seconds under 50). */
  heavy?: boolean;
}

export const PAGES: Page[] = [
  { name: 'home, an executor', path: '/', as: 'executor' },
  { name: 'plan page', path: '/plans/poltava-ctb-2026-2030', as: 'executor' },
  { name: 'report form (H2 2026)', path: '/reports/poltava-ctb-2026-2030/2026-H2/poltava-police', as: 'executor' },
  { name: '"my reports" (7 periods)', path: '/reports', as: 'executor' },
  { name: 'directory', path: '/organisations', as: 'coordinator' },
  { name: 'period grid (H2 2025)', path: '/plans/poltava-ctb-2023-2025/periods/2025-H2/reports', as: 'coordinator' },
  { name: 'consolidation (H2 2025; 10 connections)', path: '/plans/poltava-ctb-2023-2025/periods/2025-H2/consolidation', as: 'coordinator', heavy: true },
];

async function freshPostgres(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

export async function httpBench(results: Record<string, unknown>, dialect: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-http-'));
  const env: Record<string, string> = { ZVIT_DATA_DIR: dataDir };
  if (dialect === 'postgres') env.DATABASE_URL = await freshPostgres('zvit_bench_http');
  // The first start makes the demo (its seven half-years); the measured one starts on it.
  await stopServer(await startZvit(env));
  const t0 = performance.now();
  const zvit = await startZvit(env);
  const executor = await signInAs(zvit.url, dataDir, 'police@zvit.example');
  const first = await fetch(`${zvit.url}${PAGES[1]!.path}`, { headers: { cookie: executor } });
  await first.text();
  const startMs = performance.now() - t0;
  const coordinator = await signInAs(zvit.url, dataDir, 'coordinator@zvit.example');
  const cookies = { executor, coordinator };
  for (const page of PAGES) {
    const res = await fetch(`${zvit.url}${page.path}`, { headers: { cookie: cookies[page.as] } });
    await res.text();
    if (res.status !== 200) throw new Error(`${page.path} answered ${res.status}`);
  }
  const bare = await startBare();
  const runs = new Map<string, Run[]>();
  const add = (name: string, run: Run) => runs.set(name, [...(runs.get(name) ?? []), run]);
  for (let round = 0; round < ROUNDS; round++) {
    add('bare', await load(bare, '/', {}));
    for (const page of PAGES) add(page.name, await load(zvit, page.path, { cookie: cookies[page.as] }, page.heavy));
  }
  const rss = rssMb(zvit.child.pid!);
  await stopServer(bare);
  await stopServer(zvit);
  const med = (name: string, key: keyof Run) => median(runs.get(name)!.map((r) => r[key]));
  const baseline = med('bare', 'cpuPerRequestMs');
  const lines: string[] = [];
  const print = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  print(`\nOver HTTP (${dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}; autocannon, ${CONNECTIONS} connections, ${SECONDS} s runs, ${ROUNDS} interleaved rounds; server CPU from /proc; Brotli accepted)`);
  print('| page | server CPU per request | × bare route | p50 | p97.5 | requests/s | KB sent per response | errors |');
  print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const rows: Record<string, unknown> = {};
  for (const name of ['bare', ...PAGES.map((p) => p.name)]) {
    const cpu = med(name, 'cpuPerRequestMs');
    const errors = runs.get(name)!.reduce((s, r) => s + r.errors, 0);
    const label = name === 'bare' ? 'bare Fastify route (baseline)' : name;
    print(`| ${label} | ${cpu.toFixed(3)} ms | ${(cpu / baseline).toFixed(0)} | ${med(name, 'p50')} ms | ${med(name, 'p975')} ms | ${med(name, 'rps').toFixed(0)} | ${(med(name, 'bytes') / 1024).toFixed(1)} | ${errors} |`);
    rows[name] = { cpuMs: cpu, ratio: cpu / baseline, p50: med(name, 'p50'), p975: med(name, 'p975'), rps: med(name, 'rps'), kb: med(name, 'bytes') / 1024, errors };
  }
  print(`| start on an existing data folder → signed in → first plan page | ${startMs.toFixed(0)} ms | | | | | | |`);
  print(`| resident memory after the runs | ${rss.toFixed(0)} MB | | | | | | |`);
  // Kept in the repository: the README's performance figures are copied from the latest of these.
  const day = new Date().toISOString().slice(0, 10);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/${day}-http-${dialect}.md`, `# npm run bench -- --http${dialect === 'postgres' ? ' --postgres' : ''} — ${new Date().toISOString()}\n\nMachine: ${machine}.\n${lines.join('\n')}\n`);
  results[`http-${dialect}`] = { rows, startMs, rssMb: rss };
  fs.rmSync(dataDir, { recursive: true, force: true });
}
