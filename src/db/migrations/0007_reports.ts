import { sql, type Kysely } from 'kysely';
import { booleanColumn, idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * Executors' reports: one per organisation, plan and period; one entry per measure owed, each
 * versioned on its own; immutable submissions; attachments whose bytes live in `stored_files`
 * (the database storage behind the storage interface). Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  // The bytes of attachments and exported documents (the default storage).
  await db.schema
    .createTable('stored_files')
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`length(id) between 1 and 100`))
    .addColumn('content', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull().check(sql`size >= 0`))
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`length(sha256) = 64`))
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    // "2024-H1": the period's key, computed from the plan's schedule.
    .addColumn('period_key', 'text', (c) => c.notNull().check(sql`length(period_key) between 6 and 10`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft').check(sql`state in ('draft', 'submitted', 'returned', 'accepted')`))
    // Entered by the coordinator from a letter the organisation sent.
    .addColumn('on_behalf', 'integer', (c) => booleanColumn(c, 'on_behalf').defaultTo(0))
    .addColumn('letter_number', 'text', (c) => c.check(sql`letter_number is null or length(letter_number) between 1 and 100`))
    .addColumn('letter_date', 'date')
    .addColumn('created_by', 'text')
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('submitted_at', instantColumn(pg))
    .addColumn('reviewed_at', instantColumn(pg))
    .addUniqueConstraint('reports_one_per_period', ['plan_id', 'organisation_id', 'period_key'])
    .addCheckConstraint('reports_letter_on_behalf', sql`on_behalf = 1 or (letter_number is null and letter_date is null)`)
    .execute();
  await db.schema.createIndex('reports_organisation_idx').on('reports').columns(['organisation_id', 'plan_id']).execute();

  await db.schema
    .createTable('report_entries')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('measures.id'))
    // The text of the measure the entry was written against.
    .addColumn('measure_version_id', 'integer', (c) => c.notNull().references('measure_versions.id'))
    .addColumn('state', 'text', (c) => c.check(sql`state is null or state in ('done', 'in_progress', 'not_done', 'not_held')`))
    .addColumn('reason', 'text')
    .addColumn('narrative', 'text', (c) => c.notNull().defaultTo(''))
    // JSON array of links to publications.
    .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
    // Indicator values: JSON object { indicatorId: minor units (kopecks for money) }.
    .addColumn('indicator_values', 'text', (c) => c.notNull().defaultTo('{}'))
    // Raised by every save: a save names the version it edited, so no save overwrites another.
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .addUniqueConstraint('report_entries_one_per_measure', ['report_id', 'measure_id'])
    .execute();

  await db.schema
    .createTable('report_submissions')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number >= 1`))
    .addColumn('submitted_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('late', 'integer', (c) => booleanColumn(c, 'late'))
    .addColumn('on_behalf', 'integer', (c) => booleanColumn(c, 'on_behalf').defaultTo(0))
    // The whole report as submitted (JSON): entries, measure texts, values, attachments.
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', instantColumn(pg))
    .addUniqueConstraint('report_submissions_number_unique', ['report_id', 'number'])
    .execute();

  await db.schema
    .createTable('report_attachments')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('report_id', 'integer', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    // The measure it belongs to; null for the report as a whole (the letter's scan).
    .addColumn('measure_id', 'integer', (c) => c.references('measures.id'))
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('entry').check(sql`purpose in ('entry', 'letter')`))
    .addColumn('file_id', 'text', (c) => c.notNull().references('stored_files.id'))
    .addColumn('file_name', 'text', (c) => c.notNull().check(sql`length(file_name) between 1 and 255`))
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    // Soft delete: a removed attachment stays for the submissions that listed it.
    .addColumn('removed_at', instantColumn(pg))
    .execute();
  await db.schema.createIndex('report_attachments_report_idx').on('report_attachments').column('report_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['report_attachments', 'report_submissions', 'report_entries', 'reports', 'stored_files']) {
    await db.schema.dropTable(table).execute();
  }
}
