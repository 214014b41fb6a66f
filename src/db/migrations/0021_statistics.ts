import { sql, type Kysely } from 'kysely';
import { idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * Statistical forms (issue 16): counts broken down by dimensions, with their own periodicity.
 * - `stat_forms`: a plan's forms; `definition` is the form as data (quantities, dimensions with
 *   their values, breakdowns: domain/statistics.ts), `submitters` the directory ids (organisations
 *   or groups) that submit it, `measures` the plan's measure codes it serves.
 * - `stat_submissions`: one organisation's figures for one form and period — whole numbers keyed
 *   by cell, a `revision` bumped by every write (a save names the revision it read: a conflict
 *   otherwise), its state as a report's (draft, submitted, returned, accepted).
 * - `stat_submission_versions`: each submission as submitted, frozen.
 * Counts only: no column for a person, and none can be added by a form (cells are numbers).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('stat_forms')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull().check(sql`length(key) between 1 and 40`))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 300`))
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('submitters', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('period_kind', 'text', (c) => c.notNull().defaultTo('quarter').check(sql`period_kind in ('quarter', 'half_year')`))
    .addColumn('due_day', 'integer', (c) => c.notNull().defaultTo(10).check(sql`due_day between 1 and 28`))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .addUniqueConstraint('stat_forms_one_key_per_plan', ['plan_id', 'key'])
    .execute();

  await db.schema
    .createTable('stat_submissions')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('form_id', 'integer', (c) => c.notNull().references('stat_forms.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull().check(sql`length(period_key) between 6 and 10`))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft').check(sql`state in ('draft', 'submitted', 'returned', 'accepted')`))
    .addColumn('figures', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('saved_by', 'text')
    .addColumn('review_comment', 'text', (c) => c.check(sql`review_comment is null or length(review_comment) <= 2000`))
    .addColumn('reviewed_by', 'text')
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('submitted_at', instantColumn(pg))
    .addColumn('reviewed_at', instantColumn(pg))
    .addUniqueConstraint('stat_submissions_one_per_period', ['form_id', 'period_key', 'organisation_id'])
    .execute();
  await db.schema.createIndex('stat_submissions_organisation_idx').on('stat_submissions').columns(['organisation_id', 'form_id']).execute();

  await db.schema
    .createTable('stat_submission_versions')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('stat_submissions.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('figures', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', instantColumn(pg), (c) => c.notNull())
    .addUniqueConstraint('stat_submission_versions_number', ['submission_id', 'number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stat_submission_versions').execute();
  await db.schema.dropIndex('stat_submissions_organisation_idx').execute();
  await db.schema.dropTable('stat_submissions').execute();
  await db.schema.dropTable('stat_forms').execute();
}
