import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../test/support/database.ts';
import { fixedClock } from '../clock.ts';
import { seed } from '../features/seed/service.ts';
import { migrateToLatest } from './migrator.ts';
import { migrations } from './migrations/index.ts';

/** 0027 lets an import be of a PDF, keeping the imports made before it. */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
}, 60_000);
afterAll(async () => {
  await database.cleanup();
});

describe(`migration 0027, on ${DIALECT}`, () => {
  it('keeps the imports there, accepts a PDF, and still refuses another kind', async () => {
    const db = database.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0026_district_review')).error).toBeUndefined();
    await seed(db, fixedClock('2024-07-16T09:00:00.000Z'));
    const plan = (await db.selectFrom('plans').select('id').executeTakeFirstOrThrow()).id;
    const row = (kind: string) => ({ plan_id: plan, file_name: `order.${kind}`, file_sha256: 'a'.repeat(64), file_kind: kind, sources: '{}', warnings: '[]', imported_by: null, imported_at: '2024-07-16T09:00:00.000Z' });
    await db.insertInto('plan_imports').values(row('docx') as never).execute();
    await expect(db.insertInto('plan_imports').values(row('pdf') as never).execute()).rejects.toThrow();
    expect(await migrateToLatest(db)).toContain('0027_pdf_imports');
    expect((await db.selectFrom('plan_imports').select(['file_name', 'file_kind']).execute()).map((r) => [r.file_name, r.file_kind])).toEqual([['order.docx', 'docx']]);
    await db.insertInto('plan_imports').values(row('pdf') as never).execute();
    await expect(db.insertInto('plan_imports').values(row('exe') as never).execute()).rejects.toThrow();
    expect(await db.selectFrom('plan_imports').select('file_kind').orderBy('id').execute()).toEqual([{ file_kind: 'docx' }, { file_kind: 'pdf' }]);
  });
});
