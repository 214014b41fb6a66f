import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../test/support/database.ts';
import { fixedClock } from '../clock.ts';
import { seed } from '../features/seed/service.ts';
import { migrateToLatest } from './migrator.ts';
import { migrations } from './migrations/index.ts';

/** 0029 keeps, beside each submission, the measures its snapshot gave a state to; older ones are filled. */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
}, 60_000);
afterAll(async () => {
  await database.cleanup();
});

describe(`migration 0029, on ${DIALECT}`, () => {
  it('fills the measures of the submissions made before it', async () => {
    const db = database.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0028_data_epochs')).error).toBeUndefined();
    await seed(db, fixedClock('2024-07-16T09:00:00.000Z'));
    const plan = (await db.selectFrom('plans').select('id').executeTakeFirstOrThrow()).id;
    const report = await db
      .insertInto('reports')
      .values({ plan_id: plan, organisation_id: 'poltava-police', period_key: '2024-H1', state: 'submitted', created_at: '2024-07-01T09:00:00.000Z', updated_at: '2024-07-01T09:00:00.000Z' } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const snapshot = JSON.stringify({ entries: [{ measureId: 7, state: 'done' }, { measureId: 2, state: 'not_done' }, { measureId: 9, state: null }] });
    await db.insertInto('report_submissions').values({ report_id: report.id, number: 1, submitted_at: '2024-07-02T09:00:00.000Z', submitted_by: null, late: 0, on_behalf: 0, snapshot, search_text: '' } as never).execute();
    expect(await migrateToLatest(db)).toContain('0029_submission_stated_measures');
    expect(await db.selectFrom('report_submissions').select('stated_measures').execute()).toEqual([{ stated_measures: '2,7' }]);
  });
});
