import { sql, type Kysely } from 'kysely';
import { booleanColumn, idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * Accounts and the security baseline: server-side sessions, one-time tokens (invitations and
 * password resets), TOTP recovery codes, login throttling and the hash-chained audit log.
 * Frozen in time: Kysely<any> only, no application imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  await db.schema.alterTable('users').addColumn('totp_enrolled_at', instantColumn(pg)).execute();
  // The last TOTP time step accepted: a code is never accepted twice.
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
  await db.schema.alterTable('users').addColumn('password_changed_at', instantColumn(pg)).execute();
  await db.schema.alterTable('users').addColumn('last_sign_in_at', instantColumn(pg)).execute();
  // Secrets given before this migration (demo accounts) were enrolled when they were made.
  await sql`update users set totp_enrolled_at = created_at where totp_secret is not null`.execute(db);
  await db.schema.createIndex('users_organisation_idx').on('users').column('organisation_id').execute();

  // The cookie carries a random token; the table keeps only its SHA-256, so a copy of the
  // database does not hand out live sessions.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    // 0 after the password, before the second factor; 1 when fully signed in.
    .addColumn('second_factor_ok', 'integer', (c) => booleanColumn(c, 'second_factor_ok').defaultTo(0))
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('last_seen_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('expires_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('user_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('invitation', 'password_reset')`))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('expires_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('used_at', instantColumn(pg))
    .execute();
  await db.schema.createIndex('user_tokens_user_idx').on('user_tokens').column('user_id').execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', instantColumn(pg))
    .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();

  // Failed sign-ins per key ("account:…", "pair:…", "ip:…") in a sliding window.
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('window_start', instantColumn(pg), (c) => c.notNull())
    .addColumn('locked_until', instantColumn(pg))
    .execute();

  // Append-only, hash-chained. No foreign keys: the log outlives what it speaks of.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', idColumn(pg), (c) => (pg ? c.primaryKey() : (c.primaryKey() as any).autoIncrement()))
    .addColumn('at', instantColumn(pg), (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_email', 'text')
    .addColumn('actor_organisation_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('ip', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('audit_events_action_idx').on('audit_events').columns(['action', 'id']).execute();
  await db.schema.createIndex('audit_events_actor_idx').on('audit_events').columns(['actor_user_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_events', 'login_throttle', 'recovery_codes', 'user_tokens', 'sessions']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('users_organisation_idx').execute();
  for (const column of ['last_sign_in_at', 'password_changed_at', 'totp_last_step', 'totp_enrolled_at']) {
    await db.schema.alterTable('users').dropColumn(column).execute();
  }
}
