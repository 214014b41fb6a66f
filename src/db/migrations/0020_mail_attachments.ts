import { sql, type Kysely } from 'kysely';

/**
 * A message may carry one file (issue 15: the fill-in form sent to an organisation that reports by
 * letter). The file is stored once, in `stored_files`, when the message is written; the worker
 * attaches it on every attempt, so a retry sends the same bytes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('attachment_file_id', 'text', (c) => c.references('stored_files.id')).execute();
  await db.schema.alterTable('outbox').addColumn('attachment_name', 'text', (c) => c.check(sql`attachment_name is null or length(attachment_name) <= 200`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('attachment_name').execute();
  await db.schema.alterTable('outbox').dropColumn('attachment_file_id').execute();
}
