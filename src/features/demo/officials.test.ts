import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_609, TEST_NOW } from '../../../test/support/app.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../../test/support/database.ts';
import { adjustableClock } from '../../clock.ts';
import { seed } from '../seed/service.ts';
import { listOfficials } from '../organisations/officials.ts';
import { confirmDemoRequisites, createDemoOfficials } from './officials.ts';
import { createDemoAccounts } from './service.ts';

/**
 * The demo's people for the documents: officials to sign, a coordinator with a position and a phone
 * of their own for the executor line, and the plan's requisites confirmed, so the demo's documents
 * read as signed ones. Nothing a person changed is overwritten by a second start.
 */

let database: TestDatabase;
const clock = adjustableClock(TEST_NOW);
beforeAll(async () => {
  database = await createTestDatabase();
  await seed(database.db, clock);
  expect(await createDemoAccounts(database.db, clock, database.dataDir, { memoryCost: 1024, timeCost: 1 })).not.toBeNull();
});
afterAll(async () => {
  await database.cleanup();
});

describe(`the demo's officials and requisites on ${DIALECT}`, () => {
  it('gives the coordinator a position and a phone of their own, not an official’s line', async () => {
    const db = database.db;
    expect(await createDemoOfficials(db, clock)).toBeGreaterThan(0);
    const coordinator = await db.selectFrom('users').select(['phone', 'position']).where('email', '=', 'coordinator@zvit.example').executeTakeFirstOrThrow();
    expect(coordinator.position).toBeTruthy();
    expect(coordinator.phone).toMatch(/^\(\d{3,5}\) [\d-]+$/);
    const phones = [...(await listOfficials(db, 'poltava-ova-social-protection')), ...(await listOfficials(db, 'poltava-ova'))].map((o) => o.phone);
    expect(phones.length).toBeGreaterThan(2);
    expect(phones).not.toContain(coordinator.phone);
    // A second start adds no one.
    expect(await createDemoOfficials(db, clock)).toBe(0);
  });

  it('confirms the plan’s title and issuer in the genitive and the letter’s addressee, once', async () => {
    const db = database.db;
    expect(await confirmDemoRequisites(db, clock)).toBeGreaterThan(0);
    const plan = await db.selectFrom('plans').select(['title_genitive', 'issuer_genitive', 'letter_addressee']).where('id', '=', PLAN_609).executeTakeFirstOrThrow();
    expect(plan.title_genitive).toBe('Обласного плану заходів щодо реалізації державної політики у сфері протидії торгівлі людьми на період до 2025 року');
    expect(plan.issuer_genitive).toBe('начальника Полтавської обласної військової адміністрації');
    expect(plan.letter_addressee).toMatch(/^Начальникові Полтавської обласної військової адміністрації\n\S+ [А-ЯІЇЄҐ’-]+$/u);
    // What the coordinator typed is kept on the next start.
    await db.updateTable('plans').set({ title_genitive: 'Плану, як його виправили' }).where('id', '=', PLAN_609).execute();
    expect(await confirmDemoRequisites(db, clock)).toBe(0);
    expect((await db.selectFrom('plans').select('title_genitive').where('id', '=', PLAN_609).executeTakeFirstOrThrow()).title_genitive).toBe('Плану, як його виправили');
  });
});
