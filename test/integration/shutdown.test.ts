import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustableClock } from '../../src/clock.ts';
import { seed } from '../../src/features/seed/service.ts';
import { PLAN_609 } from '../support/app.ts';
import { makeUser, type TestUser } from '../support/auth.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../support/database.ts';
import { signInOverHttp, startServer, stopServer } from '../support/server.ts';

/**
 * Graceful shutdown (issue 19): on SIGTERM the server takes no new requests, finishes those in
 * flight, and exits 0 having released its data folder.
 */

const NOW = '2024-07-10T09:00:00.000Z';
let t: TestDatabase;
let police: TestUser;

beforeAll(async () => {
  t = await createTestDatabase();
  const clock = adjustableClock(NOW);
  await seed(t.db, clock);
  police = await makeUser(t.db, clock, 'executor', 'poltava-police', { email: 'police-term@test.example' });
}, 60_000);
afterAll(async () => {
  await t.cleanup();
});

describe(`SIGTERM, on ${DIALECT}`, () => {
  it('finishes the requests in flight, refuses new ones, and exits 0 having released the folder', async () => {
    const env: Record<string, string> = { ZVIT_DATA_DIR: t.dataDir, ZVIT_NOW: NOW, ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1' };
    if (t.url) env.DATABASE_URL = t.url;
    const server = await startServer(env);
    try {
      const { cookie, csrf } = await signInOverHttp(server.url, police.email, police.password);
      const base = `${server.url}/reports/${PLAN_609}/2024-H1/poltava-police`;
      const measure = /\/entries\/(\d+)/.exec(await (await fetch(base, { headers: { cookie } })).text())![1]!;
      const saved = await fetch(`${base}/entries/${measure}`, { method: 'POST', headers: { cookie, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, version: '0', state: 'done', narrative: 'Проведено 12 лекцій.' }).toString() });
      expect(saved.status).toBe(200);
      const pdfUrl = `${server.url}/reports/${PLAN_609}/2024-H1/poltava-police/export/pdf`;
      const warm = await fetch(pdfUrl, { headers: { cookie } });
      expect(warm.status).toBe(200);
      // Several PDFs asked for at once (each takes a while); SIGTERM while they are being made.
      const inFlight = Array.from({ length: 4 }, () => fetch(pdfUrl, { headers: { cookie } }).then(async (r) => ({ status: r.status, bytes: Buffer.from(await r.arrayBuffer()) })));
      await new Promise((resolve) => setTimeout(resolve, 30));
      const exited = stopServer(server, 'SIGTERM');
      // While it drains, a load balancer is told to send it nothing more.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ stopping: true });
      const answers = await Promise.all(inFlight);
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(a.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(a.bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
      }
      expect(await exited).toEqual({ code: 0, signal: null });
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      if (DIALECT === 'sqlite') expect(fs.existsSync(path.join(t.dataDir, 'zvit.lock'))).toBe(false);
    } finally {
      // A failed expectation must not leave the server running.
      await stopServer(server, 'SIGKILL');
    }
  }, 120_000);
});
