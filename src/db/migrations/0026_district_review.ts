import { sql, type Kysely } from 'kysely';
import { instantColumn, isPostgres } from './columns.ts';

/**
 * The two-level cycle (issue 17), optional per plan: organisations that report through a district
 * administration ("Звітує до") report to it by an earlier day; the district returns a report with
 * its comments (an ordinary return) or accepts it and passes it on (`forwarded_at`), and only then
 * does the coordinator review it. A new submission clears the forwarding.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('plans').addColumn('district_review', 'integer', (c) => c.notNull().defaultTo(0).check(sql`district_review in (0, 1)`)).execute();
  await db.schema.alterTable('plans').addColumn('district_due_day', 'integer', (c) => c.check(sql`district_due_day is null or district_due_day between 1 and 28`)).execute();
  await db.schema.alterTable('reports').addColumn('forwarded_at', instantColumn(pg)).execute();
  await db.schema.alterTable('reports').addColumn('forwarded_by', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reports').dropColumn('forwarded_by').execute();
  await db.schema.alterTable('reports').dropColumn('forwarded_at').execute();
  await db.schema.alterTable('plans').dropColumn('district_due_day').execute();
  await db.schema.alterTable('plans').dropColumn('district_review').execute();
}
