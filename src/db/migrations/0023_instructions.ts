import { sql, type Kysely } from 'kysely';
import { idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * Control instructions (доручення, issue 17): the supervisor — or the coordinator on the
 * supervisor's behalf — instructs an executor, on a measure of a plan or on the plan as a whole,
 * to explain, to act, or to have a deadline extended, by a due date; the executor answers in Zvit;
 * the issuing side closes it. `period_key` is the plan's period it was issued in (kept with that
 * period); `revision` is bumped by every change (each one a conditional update).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('instructions')
    .addColumn('id', idColumn(pg), (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull().check(sql`length(period_key) between 6 and 10`))
    .addColumn('measure_id', 'integer', (c) => c.references('measures.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('explain', 'act', 'extend')`))
    .addColumn('text', 'text', (c) => c.notNull().check(sql`length(text) between 1 and 2000`))
    .addColumn('due_date', 'text', (c) => c.notNull().check(sql`length(due_date) = 10`))
    .addColumn('extend_to', 'text', (c) => c.check(sql`extend_to is null or length(extend_to) = 10`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('issued').check(sql`state in ('issued', 'answered', 'closed')`))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('on_behalf', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issued_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.check(sql`answer is null or length(answer) <= 5000`))
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', instantColumn(pg))
    .addColumn('close_note', 'text', (c) => c.check(sql`close_note is null or length(close_note) <= 2000`))
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', instantColumn(pg))
    .execute();
  await db.schema.createIndex('instructions_plan_idx').on('instructions').columns(['plan_id', 'state']).execute();
  await db.schema.createIndex('instructions_organisation_idx').on('instructions').columns(['organisation_id', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('instructions').execute();
}
