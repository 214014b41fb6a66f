import { sql, type Kysely } from 'kysely';
import { idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * The outbox: every message Zvit sends is written here in the same transaction as the change
 * that causes it, then delivered by a worker. A row holds what to say (a kind and its
 * parameters, composed in the recipient's language when it is sent), to whom, and how delivery
 * went: attempts, the next attempt, the SMTP server's answer. `message_id` is fixed when the row
 * is written, so every attempt carries the same Message-ID. The rows addressed to a user are
 * also that user's notifications in Zvit (`read_at`); a message the user chose not to receive by
 * e-mail is kept for Zvit's own list only ('skipped'). `users.mail_muted` lists the kinds of
 * message (never the essential ones) a user does not want by e-mail. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('outbox')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`length(kind) between 1 and 100`))
    // JSON: what the message says (plan, period, organisation, comments…).
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    // At most one message per key (a reminder per report and day…): composing twice sends nothing new.
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
    .addColumn('to_address', 'text', (c) => c.notNull().check(sql`length(to_address) between 3 and 320`))
    .addColumn('to_name', 'text')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('uk').check(sql`locale in ('uk', 'en')`))
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in ('pending', 'sending', 'sent', 'failed', 'unknown', 'skipped')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', instantColumn(pg))
    // As sent: the subject line (the body is composed again from kind and params to be shown).
    .addColumn('subject', 'text')
    .addColumn('sent_at', instantColumn(pg))
    .addColumn('smtp_response', 'text')
    .addColumn('last_error', 'text')
    .addColumn('read_at', instantColumn(pg))
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .execute();
  await db.schema.alterTable('users').addColumn('mail_muted', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  // The supervisor may return an approved version with remarks instead of signing it off: it
  // stays approved (its files kept), marked returned; the coordinator corrects it in a new draft.
  await db.schema.alterTable('consolidation_versions').addColumn('returned_at', instantColumn(pg)).execute();
  await db.schema.alterTable('consolidation_versions').addColumn('returned_by', 'text').execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_user').on('outbox').columns(['user_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
  await db.schema.alterTable('users').dropColumn('mail_muted').execute();
  await db.schema.alterTable('consolidation_versions').dropColumn('returned_at').execute();
  await db.schema.alterTable('consolidation_versions').dropColumn('returned_by').execute();
}
