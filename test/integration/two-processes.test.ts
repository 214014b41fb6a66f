import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustableClock } from '../../src/clock.ts';
import { enqueue } from '../../src/features/mail/outbox.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { seed } from '../../src/features/seed/service.ts';
import { PLAN_609 } from '../support/app.ts';
import { makeUser } from '../support/auth.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../support/database.ts';
import { signInOverHttp, startServer, stopServer, type ServerProcess } from '../support/server.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

/**
 * Issue 19: two `zvit serve` processes on one PostgreSQL database, as behind a load balancer. They
 * start together on an empty database (the migrations run once, under a lock), serve the same
 * users (sessions are in the database: signed in on one, signed out on the other), see each
 * other's changes (what one keeps is dropped when the data's epoch moves), and share the outbox
 * (each message sent exactly once). SQLite has one process per data folder (data-folder.test.ts).
 */

const NOW = '2024-07-10T09:00:00.000Z';

if (DIALECT === 'postgres') {
  let t: TestDatabase;
  let smtp: TestSmtp;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    smtp = await startTestSmtp();
  }, 60_000);
  afterAll(async () => {
    for (const s of [a, b]) if (s) await stopServer(s);
    await smtp.close();
    await t.cleanup();
  });

  describe('two processes on one PostgreSQL database', () => {
    it('start together on an empty database, migrating it once', async () => {
      const env = { DATABASE_URL: t.url!, ZVIT_DATA_DIR: t.dataDir, ZVIT_NOW: NOW, ZVIT_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, ZVIT_MAIL_INTERVAL_SECONDS: '1', ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1' };
      [a, b] = await Promise.all([startServer(env), startServer(env)]);
      const applied = (await sql<{ name: string; n: number }>`select name, count(*)::int as n from kysely_migration group by name`.execute(t.db)).rows;
      expect(applied.map((r) => r.name).sort()).toEqual(Object.keys(migrations).sort());
      expect(applied.every((r) => r.n === 1)).toBe(true);
      for (const s of [a, b]) expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    }, 120_000);

    it('serve the same session on either, and a sign-out on one ends it on the other', async () => {
      const clock = adjustableClock(NOW);
      await seed(t.db, clock);
      const police = await makeUser(t.db, clock, 'executor', 'poltava-police', { email: 'police-two@test.example' });
      const session = await signInOverHttp(a.url, police.email, police.password);
      expect((await fetch(`${b.url}/account`, { headers: { cookie: session.cookie }, redirect: 'manual' })).status).toBe(200);
      // A change made through one process (or anyone) is on the other's next page.
      const page = async (s: ServerProcess) => (await fetch(`${s.url}/plans/${PLAN_609}`, { headers: { cookie: session.cookie } })).text();
      expect(await page(b)).toContain('Оперативна ціль 1');
      await t.db.updateTable('goals').set({ title: 'Ціль, перейменована іншим процесом' }).where('plan_id', '=', PLAN_609).where('number', '=', 1).execute();
      expect(await page(b)).toContain('Ціль, перейменована іншим процесом');
      expect(await page(a)).toContain('Ціль, перейменована іншим процесом');
      const out = await fetch(`${b.url}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: session.csrf }).toString() });
      expect(out.status).toBe(303);
      expect((await fetch(`${a.url}/account`, { headers: { cookie: session.cookie }, redirect: 'manual' })).status).toBe(303);
    }, 60_000);

    it('send each message of the shared outbox exactly once', async () => {
      const clock = adjustableClock(NOW);
      const N = 40;
      for (let i = 0; i < N; i++) {
        await enqueue(t.db, clock, 'report.accepted', { planId: PLAN_609, plan: 'План', periodKey: '2024-H1', periodLabel: 'H1', periodYear: 2024, organisationId: 'poltava-police', organisation: 'Поліція' }, { address: `to${i}@test.example`, name: null, userId: null, organisationId: 'poltava-police', locale: 'uk' });
      }
      for (let waited = 0; smtp.received.length < N && waited < 60_000; waited += 200) await new Promise((resolve) => setTimeout(resolve, 200));
      await new Promise((resolve) => setTimeout(resolve, 2500)); // a second sending would have come by now
      const to = smtp.received.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text ?? '');
      expect(to.length).toBe(N);
      expect(new Set(to).size).toBe(N);
      const states = await t.db.selectFrom('outbox').select(['state', sql<number>`count(*)::int`.as('n')]).groupBy('state').execute();
      expect(states).toEqual([{ state: 'sent', n: N }]);
    }, 120_000);
  });
} else {
  describe('two processes on one SQLite data folder', () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase({ migrate: false });
    }, 60_000);
    afterAll(async () => {
      await t.cleanup();
    });

    it('started together: exactly one serves, the other is refused naming it, and the database is migrated once', async () => {
      const env = { ZVIT_DATA_DIR: t.dataDir, ZVIT_NOW: NOW };
      const outcomes = await Promise.allSettled([startServer(env), startServer(env)]);
      const serving = outcomes.filter((o): o is PromiseFulfilledResult<ServerProcess> => o.status === 'fulfilled').map((o) => o.value);
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason));
      try {
        expect(serving).toHaveLength(1);
        expect(refused).toHaveLength(1);
        expect(refused[0]).toContain(String(serving[0]!.child.pid));
        const applied = (await sql<{ name: string; n: number }>`select name, count(*) as n from kysely_migration group by name`.execute(t.db)).rows;
        expect(applied.map((r) => r.name).sort()).toEqual(Object.keys(migrations).sort());
        expect(applied.every((r) => Number(r.n) === 1)).toBe(true);
      } finally {
        for (const s of serving) await stopServer(s);
      }
    }, 120_000);
  });
}
