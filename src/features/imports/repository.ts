import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { PlanImportsTable } from '../../db/schema.ts';

/** The only Kysely code of plan imports. */

export async function insertImport(db: DbOrTx, row: Insertable<PlanImportsTable>): Promise<void> {
  await db.insertInto('plan_imports').values(row).execute();
}

export async function findImports(db: DbOrTx, planId: string) {
  return db.selectFrom('plan_imports').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
}
