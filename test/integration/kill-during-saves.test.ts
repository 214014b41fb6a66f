import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustableClock } from '../../src/clock.ts';
import { seed } from '../../src/features/seed/service.ts';
import { PLAN_609 } from '../support/app.ts';
import { makeUser, type TestUser } from '../support/auth.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../support/database.ts';
import { signInOverHttp, startServer, stopServer, type ServerProcess } from '../support/server.ts';

/**
 * Issue 19: `kill -9` during a burst of autosaves and submissions, round after round, on the
 * dialect under test. Whatever the server acknowledged before it died is in the database
 * afterwards: a save answered 200 is stored (or a later one of the same entry), a submission
 * answered 303 has its submission row. Nothing acknowledged is lost.
 */

const NOW = '2024-07-10T09:00:00.000Z';
const PERIOD = '2024-H1';
const ROUNDS = 6;
let t: TestDatabase;
const users: Record<string, TestUser> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  const clock = adjustableClock(NOW);
  await seed(t.db, clock);
  users.police = await makeUser(t.db, clock, 'executor', 'poltava-police', { email: 'police-kill@test.example' });
  users.children = await makeUser(t.db, clock, 'executor', 'poltava-ova-children', { email: 'children-kill@test.example' });
}, 60_000);
afterAll(async () => {
  await t.cleanup();
});

function env(): Record<string, string> {
  const e: Record<string, string> = { ZVIT_DATA_DIR: t.dataDir, ZVIT_NOW: NOW, ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1' };
  if (t.url) e.DATABASE_URL = t.url;
  return e;
}

interface Ack {
  version: number;
  narrative: string;
}

describe(`kill -9 during a burst of saves and submissions, on ${DIALECT}`, () => {
  it('keeps every write the server acknowledged, round after round', async () => {
    const acked = new Map<string, Ack>(); // `${org}:${measure}` → the last acknowledged save
    const sent = new Map<string, Set<string>>(); // every narrative sent for an entry (acknowledged or not)
    const submitted: { org: string; at: number }[] = [];
    let interrupted = 0;
    let acknowledgedSaves = 0;
    const current = new Map<string, number>(); // the version to save from
    for (let round = 0; round < ROUNDS; round++) {
      // Saves start from what the database holds (a save whose answer was lost moved it on).
      for (const r of await t.db.selectFrom('report_entries as e').innerJoin('reports as r', 'r.id', 'e.report_id').select(['r.organisation_id', 'e.measure_id', 'e.version']).where('r.plan_id', '=', PLAN_609).execute()) {
        current.set(`${r.organisation_id}:${r.measure_id}`, Number(r.version));
      }
      const server: ServerProcess = await startServer(env());
      let alive = true;
      try {
        const clients = await Promise.all(
          (['police', 'children'] as const).map(async (who) => {
            const u = users[who]!;
            const session = await signInOverHttp(server.url, u.email, u.password);
            const base = `${server.url}/reports/${PLAN_609}/${PERIOD}/${u.organisationId}`;
            const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
              fetch(url, { method: 'POST', redirect: 'manual', headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString() });
            const entriesOf = async () => [...new Set([...(await (await fetch(base, { headers: { cookie: session.cookie } })).text()).matchAll(/\/entries\/(\d+)/g)].map((m) => m[1]!))];
            let measures = await entriesOf();
            // The last round was killed between a submit and its withdrawal: a draft again.
            if (measures.length === 0) {
              expect((await post(`${base}/withdraw`, {})).status, `${who} withdraw`).toBe(303);
              measures = await entriesOf();
            }
            expect(measures.length, who).toBeGreaterThan(0);
            // Before the burst: every entry given a state and the report submitted (and withdrawn
            // again), so that each round has acknowledged submissions however slow the machine is.
            for (const measure of measures) {
              const key = `${u.organisationId}:${measure}`;
              const narrative = `раунд ${round}, перед сплеском, ${who}`;
              if (!sent.has(key)) sent.set(key, new Set());
              sent.get(key)!.add(narrative);
              const r = await post(`${base}/entries/${measure}`, { version: String(current.get(key) ?? 0), state: 'done', narrative }, { 'hx-request': 'true' });
              const v = /name="version" value="(\d+)"/.exec(await r.text());
              expect(r.status, `${who} ${measure}`).toBe(200);
              acked.set(key, { version: Number(v![1]), narrative });
              current.set(key, Number(v![1]));
            }
            expect((await post(`${base}/submit`, {})).status, `${who} submit`).toBe(303);
            submitted.push({ org: u.organisationId, at: Date.now() });
            expect((await post(`${base}/withdraw`, {})).status, `${who} withdraw`).toBe(303);
            return { who, u, session, base, measures };
          }),
        );
        // Each client saves its entries again and again, and submits (then withdraws) now and then.
        const burst = clients.map(async (c) => {
          for (let i = 0; alive; i++) {
            const measure = c.measures[i % c.measures.length]!;
            const key = `${c.u.organisationId}:${measure}`;
            const narrative = `раунд ${round}, запис ${i}, ${c.who}`;
            if (!sent.has(key)) sent.set(key, new Set());
            sent.get(key)!.add(narrative);
            const version = current.get(key) ?? 0;
            try {
              if (i % 16 === 15) {
                const r = await fetch(`${c.base}/submit`, { method: 'POST', redirect: 'manual', headers: { cookie: c.session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: c.session.csrf }).toString() });
                if (r.status === 303) {
                  submitted.push({ org: c.u.organisationId, at: Date.now() });
                  // A draft again, so that saves go on.
                  await fetch(`${c.base}/withdraw`, { method: 'POST', redirect: 'manual', headers: { cookie: c.session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: c.session.csrf }).toString() });
                }
                continue;
              }
              const r = await fetch(`${c.base}/entries/${measure}`, {
                method: 'POST',
                headers: { cookie: c.session.cookie, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({ _csrf: c.session.csrf, version: String(version), state: 'done', narrative }).toString(),
              });
              const body = await r.text();
              if (r.status === 200) {
                const v = /name="version" value="(\d+)"/.exec(body);
                if (v) {
                  acked.set(key, { version: Number(v[1]), narrative });
                  current.set(key, Number(v[1]));
                  acknowledgedSaves++;
                }
              } else if (r.status >= 500) {
                throw new Error(`a save answered ${r.status}`);
              }
            } catch (err) {
              if (alive) throw err;
              interrupted++;
              return; // the server was killed under this request: not acknowledged
            }
          }
        });
        // Let the burst run, then kill the server in the middle of it.
        await new Promise((resolve) => setTimeout(resolve, 600 + round * 200));
        alive = false;
        await stopServer(server, 'SIGKILL');
        await Promise.all(burst);
      } finally {
        alive = false;
        await stopServer(server, 'SIGKILL');
      }
      // What the database holds now, read by this process.
      const rows = await t.db
        .selectFrom('report_entries as e')
        .innerJoin('reports as r', 'r.id', 'e.report_id')
        .select(['r.organisation_id', 'e.measure_id', 'e.version', 'e.narrative'])
        .where('r.plan_id', '=', PLAN_609)
        .where('r.period_key', '=', PERIOD)
        .execute();
      const stored = new Map(rows.map((r) => [`${r.organisation_id}:${r.measure_id}`, r]));
      const lost: string[] = [];
      for (const [key, ack] of acked) {
        const row = stored.get(key);
        if (!row || Number(row.version) < ack.version || !sent.get(key)!.has(row.narrative ?? '')) lost.push(`${key}: acknowledged v${ack.version} "${ack.narrative}", stored v${row?.version} "${row?.narrative}"`);
      }
      expect(lost, `round ${round}`).toEqual([]);
    }
    // The burst was real, and the kills fell in the middle of requests.
    expect(acknowledgedSaves).toBeGreaterThan(ROUNDS * 5);
    expect(interrupted).toBeGreaterThan(0);
    const submissions = await t.db.selectFrom('report_submissions as s').innerJoin('reports as r', 'r.id', 's.report_id').select('r.organisation_id').where('r.plan_id', '=', PLAN_609).execute();
    expect(submitted.length).toBeGreaterThanOrEqual(2 * ROUNDS);
    expect(submissions.length).toBeGreaterThanOrEqual(submitted.length);
  }, 300_000);
});
