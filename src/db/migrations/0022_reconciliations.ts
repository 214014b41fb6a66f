import { sql, type Kysely } from 'kysely';
import { idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * Reconciliations (звірки, issue 16): two sources counting the same thing, compared each period.
 * - `stat_reconciliations`: a plan's pairing of two forms (`definition`: each side's form,
 *   quantity and fixed cells, the dimensions aligned, the label of the total).
 * - `stat_reconciliation_periods`: one period's reconciliation — open or closed, each side's
 *   confirmation with the pair of submission versions it confirmed (its own and the other's), a
 *   revision for conditional updates.
 * - `stat_reconciliation_comments`: what a side says about a row's difference (checked: nothing
 *   that identifies a person).
 * - `stat_reconciliation_protocols`: the protocol of each closing, kept when it is reopened.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('stat_reconciliations')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull().check(sql`length(key) between 1 and 40`))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 300`))
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addUniqueConstraint('stat_reconciliations_one_key_per_plan', ['plan_id', 'key'])
    .execute();

  await db.schema
    .createTable('stat_reconciliation_periods')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('reconciliation_id', 'integer', (c) => c.notNull().references('stat_reconciliations.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull().check(sql`length(period_key) between 6 and 10`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open').check(sql`state in ('open', 'closed')`))
    .addColumn('left_confirmed_at', instantColumn(pg))
    .addColumn('left_confirmed_by', 'text')
    .addColumn('left_version', 'integer')
    // The other side's version the confirming side saw: a confirmation holds for that pair only.
    .addColumn('left_saw_right', 'integer')
    .addColumn('right_confirmed_at', instantColumn(pg))
    .addColumn('right_confirmed_by', 'text')
    .addColumn('right_version', 'integer')
    .addColumn('right_saw_left', 'integer')
    .addColumn('closed_at', instantColumn(pg))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .addUniqueConstraint('stat_reconciliation_periods_one', ['reconciliation_id', 'period_key'])
    .execute();

  await db.schema
    .createTable('stat_reconciliation_comments')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('period_id', 'integer', (c) => c.notNull().references('stat_reconciliation_periods.id').onDelete('cascade'))
    .addColumn('row_key', 'text', (c) => c.notNull().check(sql`length(row_key) between 1 and 300`))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull().check(sql`length(text) between 1 and 1000`))
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stat_reconciliation_comments_period').on('stat_reconciliation_comments').columns(['period_id', 'id']).execute();

  await db.schema
    .createTable('stat_reconciliation_protocols')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('period_id', 'integer', (c) => c.notNull().references('stat_reconciliation_periods.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull().references('stored_files.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addUniqueConstraint('stat_reconciliation_protocols_number', ['period_id', 'number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stat_reconciliation_protocols').execute();
  await db.schema.dropIndex('stat_reconciliation_comments_period').execute();
  await db.schema.dropTable('stat_reconciliation_comments').execute();
  await db.schema.dropTable('stat_reconciliation_periods').execute();
  await db.schema.dropTable('stat_reconciliations').execute();
}
