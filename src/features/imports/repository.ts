import type { DbOrTx } from '../../db/database.ts';

/** The only Kysely code of plan imports. */

export async function insertImport(
  db: DbOrTx,
  row: { plan_id: string; file_name: string; file_sha256: string; file_kind: 'text' | 'docx'; sources: string; warnings: string; imported_by: string | null; imported_at: string },
): Promise<void> {
  await db.insertInto('plan_imports').values(row).execute();
}

export async function findImports(db: DbOrTx, planId: string) {
  return db.selectFrom('plan_imports').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
}
