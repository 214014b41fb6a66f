import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { makeUser, signIn, type Session, type TestUser } from './auth.ts';
import { buildApp } from '../../src/app.ts';
import { adjustableClock, type AdjustableClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { seed } from '../../src/features/seed/service.ts';
import path from 'node:path';
import { openPostgres, openSqlite, type DatabaseHandle } from '../../src/db/database.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const PLAN_609 = 'poltava-ctb-2023-2025';

/** "Now" in tests: 16.07.2024, the day after the H1 2024 executor deadline. */
export const TEST_NOW = '2024-07-16T09:00:00.000Z';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  clock: AdjustableClock;
  /** Signed-in sessions by name (see `users`). */
  users: Record<string, TestUser>;
  as(name: string): Promise<Session>;
  get(url: string, name?: string | null, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /**
   * A second instance of the application on its own connections to the same database (a new
   * PostgreSQL pool, a second SQLite connection), as a second server process would have: for races.
   * Sessions live in the database, so the same cookies work on both. Closed by `close()`.
   */
  twin(): Promise<FastifyInstance>;
  close(): Promise<void>;
}

/** Boots the whole application on a fresh database (seeded with the directory and plan 609). */
export async function buildTestApp(options: { seed?: boolean; now?: string; env?: Record<string, string>; beforeReady?: (app: FastifyInstance) => void } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = adjustableClock(options.now ?? TEST_NOW);
  if (options.seed !== false) await seed(database.db, clock);
  const config = loadConfig({ ZVIT_DATA_DIR: database.dataDir, ZVIT_LOG_LEVEL: 'silent', ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1', ZVIT_SOFFICE: 'off', ...options.env });
  const app = await buildApp({ config, database, clock, logger: false });
  options.beforeReady?.(app);
  await app.ready();
  const users: Record<string, TestUser> = {};
  if (options.seed !== false) {
    users.executorA = await makeUser(database.db, clock, 'executor', 'poltava-police', { email: 'police@test.example' });
    users.executorB = await makeUser(database.db, clock, 'executor', 'poltava-ova-children', { email: 'children@test.example' });
    users.coordinator = await makeUser(database.db, clock, 'coordinator', 'poltava-ova-social-protection', { email: 'coordinator@test.example' });
    users.supervisor = await makeUser(database.db, clock, 'supervisor', 'poltava-ova', { email: 'supervisor@test.example' });
    users.admin = await makeUser(database.db, clock, 'admin', 'poltava-ova', { email: 'admin@test.example' });
  }
  const twins: { app: FastifyInstance; handle: DatabaseHandle }[] = [];
  const sessions = new Map<string, Session>();
  // Requests fired together as one user sign in once (a second sign-in with the same one-time code
  // in the same step is refused as a replay).
  const pending = new Map<string, Promise<Session>>();
  const as = (name: string): Promise<Session> => {
    const running = pending.get(name);
    if (running) return running;
    const p = signedIn(name).finally(() => pending.delete(name));
    pending.set(name, p);
    return p;
  };
  const signedIn = async (name: string): Promise<Session> => {
    let s = sessions.get(name);
    // A cached session may have timed out while a test moved the clock on.
    if (s && (await app.inject({ method: 'GET', url: '/account', cookies: s.cookies })).statusCode !== 200) s = undefined;
    if (!s) {
      const user = users[name];
      if (!user) throw new Error(`no test user ${name}`);
      s = await signIn(app, clock, user);
      sessions.set(name, s);
    }
    return s;
  };
  return {
    app,
    database,
    clock,
    users,
    as,
    // By default as an executor: every page but sign-in needs a signed-in user.
    async get(url, name = 'executorA', headers = {}) {
      const cookies = name ? (await as(name)).cookies : {};
      return app.inject({ method: 'GET', url, cookies, headers });
    },
    async twin() {
      const handle = database.url ? openPostgres(database.url, 5) : openSqlite(path.join(database.dataDir, 'zvit.sqlite'));
      const other = await buildApp({ config, database: handle, clock, logger: false });
      await other.ready();
      twins.push({ app: other, handle });
      return other;
    },
    async close() {
      for (const tw of twins) {
        await tw.app.close();
        await tw.handle.destroy();
      }
      await app.close();
      await database.cleanup();
    },
  };
}
