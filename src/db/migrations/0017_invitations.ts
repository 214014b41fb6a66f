import { sql, type Kysely } from 'kysely';
import { instantColumn, isPostgres } from './columns.ts';

/**
 * Onboarding and reminder days. `organisations.declined_zvit_at/_by`: a body reporting by consent
 * that chose to go on reporting by letter; bulk invitations leave it out until the coordinator
 * asks again. `plans.reminder_days`: how many days before the executors' deadline reminders go
 * (JSON array of whole days, order 609's practice [7, 1] by default). Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('organisations').addColumn('declined_zvit_at', instantColumn(pg)).execute();
  await db.schema.alterTable('organisations').addColumn('declined_zvit_by', 'text').execute();
  await db.schema
    .alterTable('plans')
    .addColumn('reminder_days', 'text', (c) => c.notNull().defaultTo('[7,1]').check(sql`length(reminder_days) <= 100`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plans').dropColumn('reminder_days').execute();
  await db.schema.alterTable('organisations').dropColumn('declined_zvit_by').execute();
  await db.schema.alterTable('organisations').dropColumn('declined_zvit_at').execute();
}
