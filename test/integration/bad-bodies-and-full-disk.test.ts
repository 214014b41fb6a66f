import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { PLAN_609, TEST_NOW } from '../support/app.ts';
import { makeUser, signIn, type Session } from '../support/auth.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../support/database.ts';
import { buildApp } from '../../src/app.ts';
import { adjustableClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { seed } from '../../src/features/seed/service.ts';
import { measureIdByCode } from '../../src/features/plans/service.ts';
import { storageProblem } from '../../src/db/storage-errors.ts';

/**
 * Issue 13 §3: a malformed multipart body gave a 500 on every POST route (signed in or not),
 * each logging a stack trace; a full disk gave a 500 and /readyz did not tell. This file builds
 * its own app to read what it logs.
 */

let database: TestDatabase;
let app: FastifyInstance;
let executor: Session;
let coordinator: Session;
const logs: { level: number; msg: string; err?: unknown }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const clock = adjustableClock(TEST_NOW);
  await seed(database.db, clock);
  const config = loadConfig({ ZVIT_DATA_DIR: database.dataDir, ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1' });
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  app = await buildApp({ config, database, clock, logger: { level: 'info', stream } });
  await app.ready();
  executor = await signIn(app, clock, await makeUser(database.db, clock, 'executor', 'poltava-police'));
  coordinator = await signIn(app, clock, await makeUser(database.db, clock, 'coordinator', 'poltava-ova-social-protection'));
});
afterAll(async () => {
  await app.close();
  await database.cleanup();
});

const GARBAGE = [
  'garbage, not a form',
  '--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc',
  '--x\r\nthis is no header\r\n\r\n--x--',
  '--x\r\nContent-Disposition: form-data; name="order"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nОперативна ціль 1',
];

describe(`a malformed multipart body, on ${DIALECT}`, () => {
  it('is a 400 with a clear page on every kind of POST route, signed in or not, and logs no error', async () => {
    const m11 = (await measureIdByCode(database.db, PLAN_609, '1.1'))!;
    const routes = ['/login', '/locale', '/plans/import', `/reports/${PLAN_609}/2024-H1/poltava-police/entries/${m11}`, `/reports/${PLAN_609}/2024-H1/poltava-police/attachments`, `/reports/${PLAN_609}/2024-H1/poltava-police/submit`, '/logout'];
    const before = logs.length;
    const answers: string[] = [];
    for (const url of routes)
      for (const who of [null, executor, coordinator])
        for (const payload of GARBAGE) {
          const res = await app.inject({ method: 'POST', url, cookies: who?.cookies ?? {}, headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload });
          answers.push(`${url} ${who ? 'signed in' : 'visitor'} → ${res.statusCode}`);
          // A visitor may be sent to sign in first; a signed-in user is told the form is damaged.
          if (res.statusCode === 400) expect(res.body).toMatch(/Форму з файлом отримано пошкодженою|Перевірте введені дані/);
          expect(res.body).not.toMatch(/at .*\.ts:\d+/);
        }
    expect(answers.filter((a) => !/→ (400|401|403|303)$/.test(a))).toEqual([]);
    expect(answers.filter((a) => a.endsWith('→ 400')).length).toBeGreaterThan(routes.length);
    const errors = logs.slice(before).filter((l) => l.level >= 50);
    expect(errors).toEqual([]);
  });
});

describe(`a client that goes away mid-upload, on ${DIALECT}`, () => {
  it('is logged at info, not as an error', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    const before = logs.length;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const part = '--x\r\nContent-Disposition: form-data; name="order"; filename="наказ.txt"\r\nContent-Type: text/plain\r\n\r\n' + 'Оперативна ціль 1. '.repeat(500);
    socket.write(`POST /plans/import HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${Object.entries(coordinator.cookies).map(([k, v]) => `${k}=${v}`).join('; ')}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 1000000\r\n\r\n${part}`);
    // Half the body sent, then the connection is cut.
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    let settled: { level: number; msg: string }[] = [];
    for (let i = 0; i < 100 && settled.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      settled = logs.slice(before).filter((l) => l.msg === 'client went away');
    }
    expect(settled.map((l) => l.level), JSON.stringify(logs.slice(before).map((l) => [l.level, l.msg]))).toEqual([30]);
    expect(logs.slice(before).filter((l) => l.level >= 50)).toEqual([]);
  });
});

describe(`a full disk, on ${DIALECT}`, () => {
  it('answers a save with 503 "не вдалося зберегти", keeps what was saved, and /readyz tells until a write goes through', async () => {
    const m11 = (await measureIdByCode(database.db, PLAN_609, '1.1'))!;
    const url = `/reports/${PLAN_609}/2024-H1/poltava-police/entries/${m11}`;
    const first = await app.inject({ method: 'POST', url, cookies: executor.cookies, payload: { _csrf: executor.csrf, version: '0', state: 'done', narrative: 'Збережено до того, як диск заповнився.' } });
    expect(first.statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ok', storage: 'ok' });

    // The disk fills up, for real: SQLite may not grow the file by a page; PostgreSQL's own
    // disk_full error (SQLSTATE 53100), raised by the server for every write to the entries.
    if (DIALECT === 'sqlite') {
      const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(database.db)).rows[0]!.page_count);
      await sql.raw(`pragma max_page_count = ${pages}`).execute(database.db);
    } else {
      await sql.raw(`create function zvit_test_disk_full() returns trigger language plpgsql as $$ begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$`).execute(database.db);
      await sql.raw('create trigger zvit_test_disk_full before insert or update on report_entries for each row execute function zvit_test_disk_full()').execute(database.db);
    }
    const before = logs.length;
    const big = 'Дуже довгий опис виконаного. '.repeat(600); // within the 20,000 characters allowed
    const full = await app.inject({ method: 'POST', url, cookies: executor.cookies, payload: { _csrf: executor.csrf, version: '1', narrative: big } });
    expect(full.statusCode).toBe(503);
    expect(full.body).toContain('Не вдалося зберегти');
    expect(full.body).toContain('не втрачено');
    const logged = logs.slice(before).find((l) => l.msg === 'storage refused a write') as { storage?: string } | undefined;
    expect(logged?.storage).toBe('full');
    // The API says the same in JSON.
    const api = await app.inject({ method: 'PUT', url: `/api/v1${url}`, cookies: executor.cookies, headers: { 'x-csrf-token': executor.csrf }, payload: { version: 1, narrative: big } });
    expect(api.statusCode).toBe(503);
    expect(api.json()).toMatchObject({ error: 'storage_unavailable' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'unavailable', database: 'ok', storage: 'full' });

    // Space again: the save goes through, what was saved before was never lost, /readyz is ready.
    if (DIALECT === 'sqlite') await sql.raw('pragma max_page_count = 1073741823').execute(database.db);
    else await sql.raw('drop trigger zvit_test_disk_full on report_entries').execute(database.db);
    const kept = await database.db.selectFrom('report_entries').select(['narrative', 'version']).where('measure_id', '=', m11).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ narrative: 'Збережено до того, як диск заповнився.', version: 1 });
    const again = await app.inject({ method: 'POST', url, cookies: executor.cookies, payload: { _csrf: executor.csrf, version: '1', narrative: big } });
    expect(again.statusCode).toBe(303);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ok', storage: 'ok' });
  });

  it('tells storage errors of both dialects and of the system from any other', () => {
    expect(storageProblem(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe('full');
    expect(storageProblem(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' }))).toBe('io');
    expect(storageProblem(Object.assign(new Error('could not extend file'), { code: '53100' }))).toBe('full');
    expect(storageProblem(Object.assign(new Error('could not write'), { code: '58030' }))).toBe('io');
    expect(storageProblem(new Error('wrapped', { cause: Object.assign(new Error('no space'), { code: 'ENOSPC' }) }))).toBe('full');
    expect(storageProblem(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeNull();
    expect(storageProblem(Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBeNull();
    expect(storageProblem(new Error('plain'))).toBeNull();
  });
});
