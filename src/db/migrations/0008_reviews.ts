import { sql, type Kysely } from 'kysely';
import { idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * The coordinator's side of the cycle: each review of a report (accepted, returned with comments
 * per measure, reopened with a reason), and what a by-consent body answered when asked to report.
 * Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('report_reviews')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    // The submission reviewed (the latest at the time).
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('report_submissions.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('accepted', 'returned', 'reopened')`))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    // JSON object { measureId: comment } — what needs work, measure by measure.
    .addColumn('measure_comments', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', instantColumn(pg), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_reviews_report_idx').on('report_reviews').columns(['report_id', 'id']).execute();

  // A plan made up to show Zvit (the demo's successor of plan 609), marked wherever it shows.
  await db.schema.alterTable('plans').addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('consent_answers')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull().check(sql`length(period_key) between 6 and 10`))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('answer', 'text', (c) => c.notNull().check(sql`answer in ('asked', 'declined', 'no_answer')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', instantColumn(pg), (c) => c.notNull())
    .addUniqueConstraint('consent_answers_one_per_period', ['plan_id', 'period_key', 'organisation_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consent_answers').execute();
  await db.schema.dropTable('report_reviews').execute();
  await db.schema.alterTable('plans').dropColumn('is_demo').execute();
}
