import { sql, type Kysely } from 'kysely';
import { idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * Orders are also imported from PDF (issue 18): `plan_imports.file_kind` may be 'pdf'. PostgreSQL
 * replaces the column's check; SQLite, which cannot alter a check, copies the table into one with
 * the new check. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table plan_imports drop constraint if exists plan_imports_file_kind_check`.execute(db);
    await sql`alter table plan_imports add constraint plan_imports_file_kind_check check (file_kind in ('text', 'docx', 'pdf'))`.execute(db);
    return;
  }
  await db.schema
    .createTable('plan_imports_0027')
    .addColumn('id', idColumn(false), (c) => (c.primaryKey() as any).autoIncrement())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull().check(sql`length(file_sha256) = 64`))
    .addColumn('file_kind', 'text', (c) => c.notNull().check(sql`file_kind in ('text', 'docx', 'pdf')`))
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text')
    .addColumn('imported_at', instantColumn(false), (c) => c.notNull())
    .execute();
  await sql`insert into plan_imports_0027 (id, plan_id, file_name, file_sha256, file_kind, sources, warnings, imported_by, imported_at)
    select id, plan_id, file_name, file_sha256, file_kind, sources, warnings, imported_by, imported_at from plan_imports`.execute(db);
  await db.schema.dropTable('plan_imports').execute();
  await sql`alter table plan_imports_0027 rename to plan_imports`.execute(db);
  await db.schema.createIndex('plan_imports_plan_idx').on('plan_imports').column('plan_id').execute();
}

export async function down(): Promise<void> {
  // Imports of PDF orders cannot be described by the earlier check: not reversed.
}
