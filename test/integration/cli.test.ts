import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { orderDocx } from '../support/order-docx.ts';
import { readJson, type PlanFile } from '../../src/features/seed/data.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../support/database.ts';

const BIN = path.resolve('bin/zvit.js');
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await t.cleanup();
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ZVIT_DATA_DIR: t.dataDir, ZVIT_LOG_LEVEL: 'warn', ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1' };
  if (t.url) base.DATABASE_URL = t.url;
  return { ...base, ...extra };
}

function zvit(args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts a long-running command and waits for the line that gives its address. */
function serve(command: 'start' | 'serve'): Promise<{ child: ChildProcess; url: string; stdout: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, command], { env: env({ PORT: '0', HOST: '127.0.0.1' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`zvit ${command} did not start:\n${stdout}\n${stderr}`)), 100_000);
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /Звіт працює: (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stdout: () => stdout });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`zvit ${command} exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  child.removeAllListeners('exit');
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe(`the zvit command on ${DIALECT}`, () => {
  it('prints its usage, and refuses an unknown command or a bad variable with exit code 2', async () => {
    const help = await zvit(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Використання: zvit');
    expect(help.stdout).toContain('serve');
    const unknown = await zvit(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Невідома команда «frobnicate»');
    const badPort = await zvit(['migrate'], { PORT: 'eighty' });
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('PORT');
    expect(badPort.stderr).toContain('eighty');
    expect(badPort.stderr).not.toMatch(/at .*\(.*:\d+:\d+\)/);
  });

  it('serves without demo accounts in production (`zvit serve`) on an empty database', async () => {
    const { child, url } = await serve('serve');
    try {
      // Nothing but sign-in is open, and there is nobody to sign in as.
      const res = await fetch(`${url}/plans`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login?returnTo=%2Fplans');
      expect((await fetch(`${url}/login`)).status).toBe(200);
      expect(fs.existsSync(path.join(t.dataDir, 'demo-accounts.txt'))).toBe(false);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('migrates and seeds idempotently', async () => {
    const migrated = await zvit(['migrate']);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('Схема бази даних актуальна');
    const first = await zvit(['seed']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('організацій — 78');
    const second = await zvit(['seed']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('нічого не змінено');
  });

  it('`zvit start` creates the demo accounts once, prints them and writes them to the data folder', async () => {
    const file = path.join(t.dataDir, 'demo-accounts.txt');
    const first = await serve('start');
    let content: string;
    try {
      expect((await fetch(`${first.url}/login`)).status).toBe(200);
      content = fs.readFileSync(file, 'utf8');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const lines = content.replace(/\n$/, '').split('\n').map((l) => l.split('\t'));
      expect(lines.map((l) => l.length)).toEqual([5, 5, 5, 5, 5, 5, 5]);
      expect(lines.map((l) => l[0])).toEqual(['admin', 'coordinator', 'supervisor', 'executor', 'executor', 'executor', 'executor']);
      for (const [role, login, password, organisation, totp] of lines) {
        expect(login).toMatch(/^[a-z]+@zvit\.example$/);
        expect(password!.length).toBeGreaterThanOrEqual(12);
        expect(organisation!.length).toBeGreaterThan(5);
        if (role === 'executor') expect(totp).toBe('');
        else expect(totp).toMatch(/^[A-Z2-7]{32}$/);
        expect(first.stdout()).toContain(`${login}\t${password}`);
      }
      expect(content).toContain('Головне управління Національної поліції в Полтавській області');
      expect(content).toContain('Решетилівська територіальна громада');
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    // The current code of a demo account with a second factor; none for others.
    const code = await zvit(['demo-code', 'coordinator@zvit.example']);
    expect(code.code, code.stderr).toBe(0);
    expect(code.stdout.trim()).toMatch(/^\d{6}$/);
    expect((await zvit(['demo-code', 'police@zvit.example'])).code).toBe(2);
    // Pointed at a folder with no database, it says so instead of creating one.
    if (!t.url) {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-empty-'));
      const none = await zvit(['demo-code', 'coordinator@zvit.example'], { ZVIT_DATA_DIR: empty });
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('ще немає бази даних Звіту');
      expect(fs.readdirSync(empty)).toEqual([]);
      fs.rmSync(empty, { recursive: true, force: true });
    }
    // A second start changes nothing and prints no passwords.
    const second = await serve('start');
    try {
      expect(second.stdout()).not.toContain('@zvit.example');
      expect(fs.readFileSync(file, 'utf8')).toBe(content);
      expect((await fetch(`${second.url}/api/v1/plans`)).status).toBe(401);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  });
  it('creates the first admin from the command line, with a one-time link and no password on the command line', async () => {
    const bad = await zvit(['user', 'create-admin', '--email', 'not-an-address', '--organisation', 'poltava-ova']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Введіть електронну пошту у форматі');
    const unknownOrg = await zvit(['user', 'create-admin', '--email', 'chief@test.example', '--organisation', 'nowhere']);
    expect(unknownOrg.code).toBe(2);
    expect(unknownOrg.stderr).toContain('Оберіть організацію зі списку');
    const usage = await zvit(['user', 'create-admin', '--email']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('zvit user create-admin');
    const ok = await zvit(['user', 'create-admin', '--email', 'Chief@Test.Example', '--organisation', 'poltava-ova', '--name', 'Головний адміністратор']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/http:\/\/localhost:3000\/invitation\/[A-Za-z0-9_-]{43}/);
    const again = await zvit(['user', 'create-admin', '--email', 'chief@test.example', '--organisation', 'poltava-ova']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('вже є');
  });

  it('verifies the audit log from the command line, and fails when a row was edited', async () => {
    const whole = await zvit(['audit', 'verify']);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout).toContain('Журнал подій цілий');
    // One row edited (the first): the chain breaks there.
    const first = await t.db.selectFrom('audit_events').select(['id', 'action']).orderBy('id').executeTakeFirstOrThrow();
    await sql`update audit_events set action = ${'user.enabled'} where id = ${first.id}`.execute(t.db);
    const broken = await zvit(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('Журнал подій пошкоджено');
    // Put it back for the tests after this one.
    await sql`update audit_events set action = ${first.action} where id = ${first.id}`.execute(t.db);
    expect((await zvit(['audit', 'verify'])).code).toBe(0);
  });


  it('`zvit plan parse` prints the reading of an order as JSON, touching no database', async () => {
    const res = await zvit(['plan', 'parse', 'fixtures/order-609-poltava-2023.txt', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const reading = JSON.parse(res.stdout);
    expect(reading.goals).toHaveLength(4);
    const measures = reading.goals.flatMap((g: any) => g.tasks.flatMap((t: any) => t.measures));
    expect(measures).toHaveLength(30);
    const m = measures.find((x: any) => x.code === '4.3');
    expect(m).toMatchObject({ deadline: 'Постійно', deadlineFrom: null, deadlineTo: null, permanent: true });
    expect(m.executors[0]).toMatchObject({ organisationId: 'district-military-administrations', group: true, asWritten: 'Районні військові адміністрації', byConsent: false });
    expect(reading.warnings.find((w: any) => w.measure === '3.3')).toBeDefined();
    const human = await zvit(['plan', 'parse', 'fixtures/order-609-poltava-2023.txt']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Оперативна ціль 2.');
    expect(human.stdout).toContain('15 зауважень — перевірте:');
    // An amending order: what it changes, in which plan.
    const amending = await zvit(['plan', 'parse', 'fixtures/orders/14-poltava-609-amendment.txt', '--json']);
    expect(amending.code, amending.stderr).toBe(0);
    const changes = JSON.parse(amending.stdout);
    expect(changes).toMatchObject({ kind: 'amendment', amends: { legalNumber: '609', legalDate: '2023-09-04' } });
    expect(changes.changes.map((c: any) => `${c.op} ${c.measure}`)).toEqual(['replace 2.3', 'add 2.8', 'remove 1.5', 'replace 3.2']);
    // The flag before the file reads the same.
    const flagFirst = await zvit(['plan', 'parse', '--json', 'fixtures/orders/14-poltava-609-amendment.txt']);
    expect(flagFirst.code, flagFirst.stderr).toBe(0);
    expect(JSON.parse(flagFirst.stdout)).toEqual(changes);
  });

  it('`zvit plan parse` refuses what is not a plan with exit code 2 and a Ukrainian message', async () => {
    const dir = fs.mkdtempSync(path.join(t.dataDir, 'bad-'));
    const write = (name: string, content: string | Buffer) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    };
    const cases: [string, string][] = [
      [write('empty.txt', ''), 'Файл порожній'],
      [write('blank.txt', '  \n\n '), 'Файл порожній'],
      [write('letter.txt', 'Шановні колеги!\nПросимо надати інформацію.'), 'не знайдено таблиці плану'],
      [write('binary.bin', Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x80, 0x81])), 'не вдалося прочитати як розпорядження'],
      [write('random.bin', Buffer.from([0x00, 0x01, 0xc0, 0xc1, 0x80, 0x81])), 'не вдалося прочитати як розпорядження'],
      [write('photo.docx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)])), 'DOCX'],
      [write('huge.txt', Buffer.alloc(50 * 1024 * 1024, 0x61)), 'Файл завеликий'],
      [path.join(dir, 'missing.txt'), 'Не вдалося прочитати файл'],
    ];
    for (const [file, message] of cases) {
      const res = await zvit(['plan', 'parse', file, '--json']);
      expect(res.code, file).toBe(2);
      expect(res.stderr, file).toContain(message);
      expect(res.stdout, file).toBe('');
    }
    expect((await zvit(['plan', 'parse'])).code).toBe(2);
  });

  it('`zvit plan import` creates a draft plan, and refuses an unknown coordinator', async () => {
    const ok = await zvit(['plan', 'import', 'fixtures/order-609-poltava-2023.txt', '--coordinator', 'poltava-ova-social-protection']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Створено чернетку плану draft-609-[0-9a-f]{8}: 30 заходів/);
    const bad = await zvit(['plan', 'import', 'fixtures/order-609-poltava-2023.txt', '--coordinator', 'nobody']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Оберіть організацію зі списку');
    const usage = await zvit(['plan', 'import', 'fixtures/order-609-poltava-2023.txt']);
    expect(usage.code).toBe(2);
  });

  it('`zvit plan parse` reads the order as a DOCX too', async () => {
    const file = path.join(t.dataDir, 'order-609.docx');
    fs.writeFileSync(file, await orderDocx(readJson<PlanFile>('plan-609-poltava-2023.json'), { splitAfterGoal: 1 }));
    const res = await zvit(['plan', 'parse', file, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const measures = JSON.parse(res.stdout).goals.flatMap((g: any) => g.tasks.flatMap((task: any) => task.measures));
    expect(measures.map((m: any) => m.code)).toHaveLength(30);
    expect(measures.find((m: any) => m.code === '2.1').executors.map((e: any) => e.organisationId)).toEqual(['poltava-ova-children', 'poltava-police', 'district-military-administrations']);
  });
});
