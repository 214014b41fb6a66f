import { sql, type Kysely } from 'kysely';
import { idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * Consolidations: the coordinator's report on a period, in numbered versions. A draft holds the
 * coordinator's text per measure; approving freezes it with the figures it was drawn from and
 * keeps its exported files byte for byte; the supervisor signs it off; it is marked sent with the
 * outgoing number, date and signatory. A correction is a new version. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('consolidation_versions')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull().check(sql`length(period_key) between 6 and 10`))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number >= 1`))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft').check(sql`state in ('draft', 'approved', 'signed', 'sent')`))
    // JSON { measureId: { summary, state } }: the coordinator's text and overall state per measure.
    .addColumn('texts', 'text', (c) => c.notNull().defaultTo('{}'))
    // JSON: the consolidation as approved (figures, sources, texts); null while a draft.
    .addColumn('snapshot', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', instantColumn(pg))
    .addColumn('supervisor_comment', 'text')
    .addColumn('signed_by', 'text')
    .addColumn('signed_at', instantColumn(pg))
    .addColumn('sent_number', 'text', (c) => c.check(sql`sent_number is null or length(sent_number) between 1 and 100`))
    .addColumn('sent_date', 'date')
    .addColumn('signatory', 'text', (c) => c.check(sql`signatory is null or length(signatory) between 1 and 300`))
    .addColumn('sent_at', instantColumn(pg))
    .addUniqueConstraint('consolidation_versions_number', ['plan_id', 'period_key', 'number'])
    .execute();

  await db.schema
    .createTable('consolidation_files')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('consolidation_versions.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('docx', 'xlsx', 'pdf', 'letter')`))
    .addColumn('file_id', 'text', (c) => c.notNull().references('stored_files.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addUniqueConstraint('consolidation_files_one_per_format', ['version_id', 'format'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consolidation_files').execute();
  await db.schema.dropTable('consolidation_versions').execute();
}
