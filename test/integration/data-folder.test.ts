import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECT, type TestDatabase } from '../support/database.ts';

/**
 * Issue 13 §3: two `zvit serve` on one SQLite data folder are refused at start (the second names
 * the first one's pid); on PostgreSQL several servers on one database are supported. A damaged
 * database file is named at start with what to do.
 */

const BIN = path.resolve('bin/zvit.js');
let t: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  // A child that ended by a signal has no exit code, only a signal code: it is not waited for.
  const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
  for (const c of children) if (running(c)) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (running(c) ? new Promise((r) => c.once('exit', r)) : null)));
  await t.cleanup();
});

function env(dataDir: string, sqlite: boolean): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ZVIT_DATA_DIR: dataDir, ZVIT_LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1' };
  if (t.url && !sqlite) base.DATABASE_URL = t.url;
  return base;
}

/** Runs `zvit <args>`: resolves with its address once it serves, or with its exit and output. */
function zvit(args: string[], dataDir = t.dataDir, sqlite = false): Promise<{ child: ChildProcess; url: string | null; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env(dataDir, sqlite), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /Звіт працює: (http:\/\/\S+)/.exec(stdout);
      if (m) resolve({ child, url: m[1]!, code: null, stdout, stderr });
    });
    child.on('exit', (code) => resolve({ child, url: null, code, stdout, stderr }));
  });
}

const stop = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : (child.once('exit', (c) => r(c)), child.kill('SIGTERM'))));

describe(`two servers on one data folder, on ${DIALECT}`, () => {
  it(DIALECT === 'sqlite' ? 'refuses the second at start, naming the first one’s pid; after the first stops, a new one starts' : 'runs both on one PostgreSQL database', { timeout: 120_000 }, async () => {
    const first = await zvit(['serve']);
    expect(first.url, first.stderr).not.toBeNull();
    const second = await zvit(['serve']);
    if (DIALECT === 'sqlite') {
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`уже використовує інший запущений сервер Звіту (процес ${first.child.pid})`);
      expect(second.stderr).toContain('zvit.lock');
      // The first is unharmed.
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      expect(await stop(first.child)).toBe(0);
      expect(fs.existsSync(path.join(t.dataDir, 'zvit.lock'))).toBe(false);
      // A lock left by a process that is gone (kill -9) is taken over.
      fs.writeFileSync(path.join(t.dataDir, 'zvit.lock'), '999999999\n');
      const third = await zvit(['serve']);
      expect(third.url, third.stderr).not.toBeNull();
      expect(fs.readFileSync(path.join(t.dataDir, 'zvit.lock'), 'utf8').trim()).toBe(String(third.child.pid));
      // Stopped the moment it says it serves, it still closes by its handler: exit 0, lock gone.
      expect(await stop(third.child)).toBe(0);
      expect(fs.existsSync(path.join(t.dataDir, 'zvit.lock'))).toBe(false);
    } else {
      expect(second.url, second.stderr).not.toBeNull();
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${second.url!}/readyz`)).status).toBe(200);
      expect(await stop(first.child)).toBe(0);
      expect(await stop(second.child)).toBe(0);
    }
  });
});

describe('a damaged database file', () => {
  it('is named at start with what to do, and the command fails', { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(t.dataDir, 'damaged-'));
    const file = path.join(dir, 'zvit.sqlite');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('не база даних, а сміття '), Buffer.alloc(8192, 0x5a)]));
    // A damaged file is SQLite's own trouble: run without DATABASE_URL on either suite.
    for (const command of [['serve'], ['migrate']]) {
      const r = await zvit(command, dir, true);
      expect(r.code, `${command}: ${r.stderr}`).not.toBe(0);
      expect(r.url).toBeNull();
      expect(r.stderr).toContain(`Файл бази даних ${file} пошкоджено`);
      expect(r.stderr).toContain('відновіть базу з останньої резервної копії');
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
    // Nothing was written over it.
    expect(fs.readFileSync(file).subarray(0, 10).toString()).toBe(Buffer.from('не база даних').subarray(0, 10).toString());
  });
});
