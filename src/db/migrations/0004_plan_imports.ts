import { sql, type Kysely } from 'kysely';
import { idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * What an import read from an order: the file's fingerprint, the source text of each measure and
 * the warnings, kept with the draft plan for its review. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('plan_imports')
    .addColumn('id', idColumn(pg), (c) => (pg ? c.primaryKey() : (c.primaryKey() as any).autoIncrement()))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull().check(sql`length(file_sha256) = 64`))
    .addColumn('file_kind', 'text', (c) => c.notNull().check(sql`file_kind in ('text', 'docx')`))
    // JSON: { "<measure code>": "source text", … } and [{ measure, kind, message }, …].
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text')
    .addColumn('imported_at', instantColumn(pg), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('plan_imports_plan_idx').on('plan_imports').column('plan_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plan_imports').execute();
}
