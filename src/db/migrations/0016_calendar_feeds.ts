import { sql, type Kysely } from 'kysely';
import { instantColumn, isPostgres } from './columns.ts';

/**
 * Calendar feeds: a user's secret link to an iCalendar file of their deadlines. The link carries
 * a random token; the table keeps only its SHA-256 (as sessions and one-time links do), so a copy
 * of the database opens no feed. A revoked link keeps its row (`revoked_at`) and answers 404; a
 * user has at most one link in force. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('revoked_at', instantColumn(pg))
    .execute();
  // One link in force per user: making a new one revokes the old in the same transaction.
  await sql`create unique index calendar_feeds_one_active on calendar_feeds (user_id) where revoked_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_feeds').execute();
}
