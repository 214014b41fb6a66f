import { sql, type Kysely } from 'kysely';
import { instantColumn, isPostgres } from './columns.ts';

/**
 * A plan's public page (issue 17): published by its coordinator (a row here while it is), with the
 * public note they wrote for it (where to get help — the hotline —, the awareness days). The page
 * shows only this, the plan as approved, and what the latest sent consolidation published.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('plan_publications')
    .addColumn('plan_id', 'text', (c) => c.primaryKey().references('plans.id').onDelete('cascade'))
    .addColumn('public_note', 'text', (c) => c.notNull().defaultTo('').check(sql`length(public_note) <= 3000`))
    .addColumn('published_by', 'text')
    .addColumn('published_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_publications').execute();
}
