import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECT, type TestDatabase } from '../support/database.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

/**
 * Issue 14's "done when": with ZVIT_SMTP_URL pointing at an SMTP server, starting Zvit a week
 * before a deadline sends the reminders once, and restarting it sends nothing new.
 */

const BIN = path.resolve('bin/zvit.js');
// A week before the demo's 2026-H2 deadline (15.01.2027).
const NOW = '2027-01-08T07:00:00.000Z';
let t: TestDatabase;
let smtp: TestSmtp;
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
  smtp = await startTestSmtp();
});
afterAll(async () => {
  const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
  for (const c of children) if (running(c)) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (running(c) ? new Promise((r) => c.once('exit', r)) : null)));
  await smtp.close();
  await t.cleanup();
});

function start(): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TZ: 'UTC',
    ZVIT_DATA_DIR: t.dataDir,
    ZVIT_LOG_LEVEL: 'warn',
    ZVIT_ARGON2_MEMORY_KIB: '1024',
    ZVIT_ARGON2_ITERATIONS: '1',
    ZVIT_NOW: NOW,
    ZVIT_SMTP_URL: smtp.url,
    ZVIT_MAIL_FROM: 'Звіт <zvit@test.example>',
    ZVIT_MAIL_INTERVAL_SECONDS: '1',
    PORT: '0',
    HOST: '127.0.0.1',
    ...(t.url ? { DATABASE_URL: t.url } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`did not start:\n${out}\n${err}`)), 100_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      if (/Звіт працює: http/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}\n${err}`));
    });
  });
}

const stop = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : (c.once('exit', (code) => r(code)), c.kill('SIGTERM'))));

/**
 * Waits until at least `atLeast` messages have arrived and then none for `quietMs` (a busy machine
 * may take a while before the first one).
 */
async function settle(quietMs: number, atLeast = 0, limitMs = 90_000): Promise<number> {
  const until = Date.now() + limitMs;
  let count = smtp.received.length;
  let since = Date.now();
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    if (smtp.received.length !== count) {
      count = smtp.received.length;
      since = Date.now();
    } else if (count >= atLeast && Date.now() - since >= quietMs) return count;
  }
  throw new Error(`mail kept arriving, or fewer than ${atLeast} messages came`);
}

describe(`Zvit started a week before a deadline with a mail server, on ${DIALECT}`, () => {
  it('sends the reminders once; started again, it sends nothing new', { timeout: 240_000 }, async () => {
    const first = await start();
    const sent = await settle(4_000, 1);
    expect(await stop(first)).toBe(0);
    const subjects = smtp.received.map((m) => m.subject ?? '');
    const reminders = subjects.filter((s) => s.startsWith('Нагадування: звіт за II півріччя 2026 року — до 15.01.2027'));
    expect(reminders.length).toBeGreaterThan(5);
    // Each recipient once per message kind and period: nothing doubled.
    const keys = smtp.received.map((m) => `${JSON.stringify(m.to)} ${m.subject}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Every message went out, and nobody whose report is in was reminded.
    const db = t.db;
    expect(await db.selectFrom('outbox').select('id').where('state', '!=', 'sent').where('state', '!=', 'skipped').execute()).toEqual([]);
    const remindedAfterSubmitting = await db
      .selectFrom('outbox')
      .innerJoin('reports', 'reports.organisation_id', 'outbox.organisation_id')
      .select(['outbox.organisation_id', 'reports.plan_id'])
      .where('outbox.kind', 'in', ['report.reminder', 'report.reminderContact'])
      .where('reports.period_key', '=', '2026-H2')
      .where('reports.state', 'in', ['submitted', 'accepted'])
      .execute();
    expect(remindedAfterSubmitting).toEqual([]);
    expect(sent).toBe(await db.selectFrom('outbox').select('id').where('state', '=', 'sent').execute().then((r) => r.length));

    const second = await start();
    const after = await settle(6_000);
    expect(await stop(second)).toBe(0);
    expect(after).toBe(sent);
  });
});
