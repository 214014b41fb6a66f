import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../test/support/database.ts';
import { migrateToLatest } from './migrator.ts';

let t: TestDatabase;
const now = '2024-07-16T09:00:00.123Z';

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

async function rejects(work: () => Promise<unknown>): Promise<void> {
  await expect(work()).rejects.toThrow();
}

describe(`database on ${DIALECT}`, () => {
  it('migrates once; a second run applies nothing', async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
    const tables = await t.db.introspection.getTables();
    expect(tables.map((x) => x.name)).toEqual(expect.arrayContaining(['organisations', 'plans', 'measure_versions', 'measure_executors', 'users', 'role_grants']));
  });

  it('keeps foreign keys on', async () => {
    await rejects(() =>
      t.db
        .insertInto('organisations')
        .values({ id: 'orphan', name: 'X', short_name: null, kind: 'department', parent_id: 'missing', katottg: null, edrpou: null, by_consent: 0, email: null, merged_into: null, source_confidence: 'listed', note: null, search_text: 'x', created_at: now, updated_at: now })
        .execute(),
    );
  });

  it('round-trips local dates as strings and instants as ISO UTC to the millisecond', async () => {
    await t.db
      .insertInto('organisations')
      .values({ id: 'root', name: 'Root', short_name: null, kind: 'regional_administration', parent_id: null, katottg: null, edrpou: null, by_consent: 0, email: null, merged_into: null, source_confidence: 'listed', note: null, search_text: 'root', created_at: now, updated_at: now })
      .execute();
    const org = await t.db.selectFrom('organisations').selectAll().where('id', '=', 'root').executeTakeFirstOrThrow();
    expect(org.created_at).toBe(now);
    expect(org.by_consent).toBe(0);
    await t.db
      .insertInto('plans')
      .values({
        id: 'p', title: 'P', short_title: null, legal_kind: 'розпорядження', legal_issuer: 'X', legal_number: '1', legal_date: '2024-02-29',
        start_date: '2024-03-01', end_date: '2025-12-31', owner_organisation_id: 'root', coordinator_organisation_id: 'root', state: 'active',
        period_kind: 'half_year', executor_due_day: 15, consolidation_due_day: 20, time_zone: 'Europe/Kyiv', move_weekend_deadlines: 0,
        reports_to: null, controlled_by: null, source_note: null, created_at: now, updated_at: now,
      })
      .execute();
    const plan = await t.db.selectFrom('plans').select(['legal_date', 'start_date', 'created_at']).where('id', '=', 'p').executeTakeFirstOrThrow();
    expect(plan).toEqual({ legal_date: '2024-02-29', start_date: '2024-03-01', created_at: now });
  });

  it('refuses a plan whose dates are out of order, an unknown state and bad due days', async () => {
    const base = {
      title: 'Q', short_title: null, legal_kind: 'k', legal_issuer: 'i', legal_number: '2', legal_date: '2024-01-01', owner_organisation_id: 'root',
      coordinator_organisation_id: 'root', period_kind: 'half_year' as const, time_zone: 'Europe/Kyiv', move_weekend_deadlines: 0 as const,
      reports_to: null, controlled_by: null, source_note: null, created_at: now, updated_at: now,
    };
    await rejects(() => t.db.insertInto('plans').values({ ...base, id: 'q1', start_date: '2025-01-01', end_date: '2024-01-01', state: 'active', executor_due_day: 15, consolidation_due_day: 20 }).execute());
    await rejects(() => t.db.insertInto('plans').values({ ...base, id: 'q2', start_date: '2024-01-01', end_date: '2025-01-01', state: 'bogus' as never, executor_due_day: 15, consolidation_due_day: 20 }).execute());
    await rejects(() => t.db.insertInto('plans').values({ ...base, id: 'q3', start_date: '2024-01-01', end_date: '2025-01-01', state: 'active', executor_due_day: 25, consolidation_due_day: 20 }).execute());
  });

  it('keeps a measure code unique among the current versions of a plan, and checks deadline shapes', async () => {
    const goal = await t.db.insertInto('goals').values({ plan_id: 'p', number: 1, title: 'G' }).returning('id').executeTakeFirstOrThrow();
    const task = await t.db.insertInto('tasks').values({ goal_id: Number(goal.id), number: 1, title: 'T' }).returning('id').executeTakeFirstOrThrow();
    const m1 = await t.db.insertInto('measures').values({ plan_id: 'p', created_at: now }).returning('id').executeTakeFirstOrThrow();
    const m2 = await t.db.insertInto('measures').values({ plan_id: 'p', created_at: now }).returning('id').executeTakeFirstOrThrow();
    const version = (measureId: number, validFrom: string, extra: Record<string, unknown> = {}) => ({
      measure_id: measureId, plan_id: 'p', task_id: Number(task.id), amendment_id: null, valid_from: validFrom, valid_to: null, code: '1.1', number: 1,
      title: 'M', deadline_text: '2024-2025', deadline_from: '2024-01-01', deadline_to: '2025-12-31', permanent: 0 as const, deadline_note: null,
      note: null, search_text: 'm', created_at: now, ...extra,
    });
    const v1 = await t.db.insertInto('measure_versions').values(version(Number(m1.id), '2024-03-01')).returning('id').executeTakeFirstOrThrow();
    // Another current version with the same code in the same plan: refused.
    await rejects(() => t.db.insertInto('measure_versions').values(version(Number(m2.id), '2024-06-01')).execute());
    // Once the first is superseded, a new current version with that code is fine.
    await t.db.updateTable('measure_versions').set({ valid_to: '2024-06-01' }).where('id', '=', Number(v1.id)).execute();
    await t.db.insertInto('measure_versions').values(version(Number(m1.id), '2024-06-01')).execute();
    // A permanent measure has no dates; a dated one has both, in order.
    await rejects(() => t.db.insertInto('measure_versions').values(version(Number(m2.id), '2024-07-01', { code: '1.2', permanent: 1 })).execute());
    await rejects(() => t.db.insertInto('measure_versions').values(version(Number(m2.id), '2024-07-01', { code: '1.2', deadline_from: '2026-01-01' })).execute());
    await rejects(() => t.db.insertInto('measure_versions').values(version(Number(m2.id), '2024-07-01', { code: '1.2', permanent: 2 })).execute());
    // An executor is an organisation or a group, never both or neither.
    await rejects(() => t.db.insertInto('measure_executors').values({ measure_version_id: Number(v1.id), position: 0, organisation_id: null, group_id: null, is_lead: 0, by_consent: 0, as_written: null }).execute());
  });

  it('searches the normalised column with bound parameters, not the database collation', async () => {
    const rows = await t.db.selectFrom('organisations').select('id').where(sql<boolean>`search_text like ${'%roo%'}`).execute();
    expect(rows.map((r) => r.id)).toEqual(['root']);
  });
});
