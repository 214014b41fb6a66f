import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { sentPeriods } from '../public/service.ts';
import { createDemoCycle } from './cycle.ts';
import { confirmDemoRequisites, createDemoOfficials } from './officials.ts';
import { createDemoPublication } from './publication.ts';

/**
 * The demo's published plan: the half-year before the latest sent (approved, signed off, sent on
 * its deadline day, two public texts approved), the latest left to try, the plan published with its
 * note — and only once.
 */

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: '2025-02-10T09:00:00.000Z' });
  const db = t.database.db;
  // The demo's coordinator, as the demo accounts name it.
  await db.updateTable('users').set({ email: 'coordinator@zvit.example' }).where('id', '=', t.users.coordinator!.id).execute();
  await db.updateTable('users').set({ email: 'supervisor@zvit.example' }).where('id', '=', t.users.supervisor!.id).execute();
  await createDemoOfficials(db, t.clock);
  await createDemoCycle(db, t.clock);
  await confirmDemoRequisites(db, t.clock);
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe(`the demo's published plan, on ${DIALECT}`, () => {
  it('sends the half-year before the latest, publishes the plan, and does it once', async () => {
    const db = t.database.db;
    expect(await createDemoPublication(db, t.clock)).toBe(1);
    const sent = await sentPeriods(db, PLAN_609);
    // On 10.02.2025 the consolidation deadlines of 2023-H2, 2024-H1 and 2024-H2 have passed: 2024-H1 is sent, 2024-H2 left to try.
    expect(sent.map((s) => [s.periodKey, s.sentDate])).toEqual([['2024-H1', '2024-07-20']]);
    const page = await t.app.inject({ method: 'GET', url: `/p/${PLAN_609}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Національну гарячу лінію з протидії торгівлі людьми 1547');
    expect(page.body).toContain('Інформацію про Національну гарячу лінію 1547 розміщено');
    expect(page.body).toMatch(/Стан виконання — за інформацією за I півріччя 2024 року, надісланою 20\.07\.2024/);
    expect(await createDemoPublication(db, t.clock)).toBe(0);
    expect(await sentPeriods(db, PLAN_609)).toHaveLength(1);
  }, 120_000);
});
