import { type Kysely } from 'kysely';
import { instantColumn, isPostgres } from './columns.ts';

/** A discarded draft is kept (deletes are soft and audited), only hidden. Frozen in time. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plans').addColumn('discarded_at', instantColumn(isPostgres(db))).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plans').dropColumn('discarded_at').execute();
}
