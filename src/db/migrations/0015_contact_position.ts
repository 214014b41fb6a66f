import { sql, type Kysely } from 'kysely';
import { instantColumn, isPostgres } from './columns.ts';

/**
 * Organisations' contacts: the contact person's position beside the person, e-mail and phone
 * (0006), and `contact_imports`, a file of contacts read and shown for checking but not yet
 * applied: the rows as read, kept on the server for the person who uploaded it until they confirm
 * (or an hour passes), so the confirmation sends only this row's id. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('organisations').addColumn('contact_position', 'text').execute();
  await db.schema
    .createTable('contact_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull().check(sql`length(file_name) <= 300`))
    // JSON: the rows as read from the file (cells by field), before matching.
    .addColumn('rows', 'text', (c) => c.notNull())
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_imports_user').on('contact_imports').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contact_imports').execute();
  await db.schema.alterTable('organisations').dropColumn('contact_position').execute();
}
