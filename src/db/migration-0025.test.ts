import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../test/support/database.ts';
import { fixedClock } from '../clock.ts';
import { seed } from '../features/seed/service.ts';
import { migrateToLatest } from './migrator.ts';
import { migrations } from './migrations/index.ts';

/** 0025 gives every submission made before it the normalised words it is searched by. */

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
}, 60_000);
afterAll(async () => {
  await database.cleanup();
});

describe(`migration 0025, on ${DIALECT}`, () => {
  it('fills the words of the submissions already there from their snapshots', async () => {
    const db = database.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0024_plan_publications')).error).toBeUndefined();
    await seed(db, fixedClock('2024-07-16T09:00:00.000Z'));
    const plan = (await db.selectFrom('plans').select('id').executeTakeFirstOrThrow()).id;
    const now = '2024-07-16T09:00:00.000Z';
    const report = await db.insertInto('reports').values({ plan_id: plan, period_key: '2024-H1', organisation_id: 'poltava-police', state: 'submitted', created_at: now, updated_at: now } as never).returning('id').executeTakeFirstOrThrow();
    const snapshot = (narrative: string) => JSON.stringify({ entries: [{ measureId: 1, narrative, reason: 'Через ТРИВОГУ', links: [] }] });
    await db
      .insertInto('report_submissions')
      .values([
        { report_id: report.id, number: 1, submitted_at: now, submitted_by: null, late: 0, on_behalf: 0, snapshot: snapshot('Проведено ЗУСТРІЧ у громаді’s'), withdrawn_at: null },
        { report_id: report.id, number: 2, submitted_at: now, submitted_by: null, late: 0, on_behalf: 0, snapshot: '{broken', withdrawn_at: null },
      ] as never)
      .execute();
    expect(await migrateToLatest(db)).toContain('0025_submission_search');
    const rows = await db.selectFrom('report_submissions').select(['number', 'search_text']).orderBy('number').execute();
    expect(rows).toEqual([
      { number: 1, search_text: "проведено зустріч у громаді's через тривогу" },
      { number: 2, search_text: '' },
    ]);
  });
});
