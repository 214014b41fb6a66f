import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../test/support/database.ts';
import { fixedClock } from '../clock.ts';
import { seed } from '../features/seed/service.ts';
import { migrateToLatest } from './migrator.ts';
import { migrations } from './migrations/index.ts';

/** 0010 moves the consolidation's texts from one JSON per version into a row per version and measure, and keeps them. */

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
}, 60_000);
afterAll(async () => {
  await database.cleanup();
});

describe(`migration 0010, on ${DIALECT}`, () => {
  it('copies every draft\u2019s texts into rows, gives indicators the threshold 5 and versions a revision', async () => {
    const db = database.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0009_consolidations')).error).toBeUndefined();
    // The installation as it was then: no statistical forms yet.
    await seed(db, fixedClock('2024-07-16T09:00:00.000Z'), { statistics: false });
    const plan = (await db.selectFrom('plans').select('id').executeTakeFirstOrThrow()).id;
    const now = '2024-07-16T09:00:00.000Z';
    const base = { plan_id: plan, period_key: '2024-H1', snapshot: null, created_by: null, created_at: now, updated_at: now, approved_by: null, approved_at: null, supervisor_comment: null, signed_by: null, signed_at: null, sent_number: null, sent_date: null, signatory: null, sent_at: null };
    await db
      .insertInto('consolidation_versions')
      .values([
        { ...base, number: 1, state: 'approved', texts: JSON.stringify({ 11: { summary: 'Перша версія.', state: 'done' } }) },
        { ...base, number: 2, state: 'draft', texts: JSON.stringify({ 11: { summary: 'Виправлено.', state: 'in_progress' }, 12: { summary: '', state: 'sometimes' }, x: { summary: 'не захід' } }) },
      ] as never)
      .execute();
    expect(await migrateToLatest(db)).toContain('0010_publication_and_texts');
    const rows = await db.selectFrom('consolidation_texts').innerJoin('consolidation_versions', 'consolidation_versions.id', 'consolidation_texts.version_id').select(['number', 'measure_id', 'summary', 'consolidation_texts.state', 'public_text', 'public_approved_by', 'consolidation_texts.revision']).orderBy('number').orderBy('measure_id').execute();
    expect(rows.map((r) => ({ ...r, measure_id: Number(r.measure_id) }))).toEqual([
      { number: 1, measure_id: 11, summary: 'Перша версія.', state: 'done', public_text: '', public_approved_by: null, revision: 1 },
      { number: 2, measure_id: 11, summary: 'Виправлено.', state: 'in_progress', public_text: '', public_approved_by: null, revision: 1 },
      { number: 2, measure_id: 12, summary: '', state: null, public_text: '', public_approved_by: null, revision: 1 },
    ]);
    const thresholds = await db.selectFrom('indicators').select('suppression_threshold').execute();
    expect(thresholds.length).toBeGreaterThan(0);
    expect(thresholds.every((i) => Number(i.suppression_threshold) === 5)).toBe(true);
    expect((await db.selectFrom('consolidation_versions').select('revision').execute()).map((v) => Number(v.revision))).toEqual([1, 1]);
  });
});
