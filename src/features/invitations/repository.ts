import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';

/** The only Kysely code of the invitations feature. */

/** Every account holding the executor role at these organisations. */
export async function executorAccounts(db: DbOrTx, organisationIds: readonly string[]) {
  const rows = await db
    .selectFrom('users')
    .select(['users.id', 'users.email', 'users.display_name', 'users.organisation_id', 'users.disabled_at', 'users.last_sign_in_at', 'users.created_at'])
    .select(sql<number>`case when users.password_hash is null then 0 else 1 end`.as('has_password'))
    .where('users.organisation_id', 'in', organisationIds)
    .where((eb) => eb.exists(eb.selectFrom('role_grants').select('role_grants.user_id').whereRef('role_grants.user_id', '=', 'users.id').where('role_grants.role', '=', 'executor')))
    .execute();
  return rows.map((r) => ({ ...r, has_password: Number(r.has_password) === 1 }));
}

/** The latest invitation link of each user (used or not). */
export async function latestInvitations(db: DbOrTx, userIds: readonly string[]): Promise<{ user_id: string; created_at: string; expires_at: string | null }[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('user_tokens')
    .select(['user_id', 'created_at', 'expires_at', 'used_at'])
    .where('purpose', '=', 'invitation')
    .where('user_id', 'in', userIds)
    .orderBy('created_at')
    .execute();
  const last = new Map<string, { user_id: string; created_at: string; expires_at: string | null }>();
  // An expired (voided) link keeps its row with expires_at moved to when it was voided.
  for (const r of rows) last.set(r.user_id, { user_id: r.user_id, created_at: String(r.created_at), expires_at: r.used_at ? null : String(r.expires_at) });
  return [...last.values()];
}

/** Users by e-mail address (lower case), whatever their organisation or state. */
export async function usersByEmail(db: DbOrTx, emails: readonly string[]): Promise<Map<string, { id: string; display_name: string; organisation_id: string }>> {
  if (emails.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'email', 'display_name', 'organisation_id']).where('email', 'in', [...new Set(emails)]).execute();
  return new Map(rows.map((r) => [r.email, r]));
}

/** Accounts of an organisation that are not closed (active or invited) with the executor role. */
export async function openExecutorAccounts(db: DbOrTx, organisationId: string): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('disabled_at', 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('role_grants').select('role_grants.user_id').whereRef('role_grants.user_id', '=', 'users.id').where('role_grants.role', '=', 'executor')))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** On PostgreSQL, the organisation's row is locked until the transaction ends (SQLite writes one at a time). */
export async function lockOrganisation(db: DbOrTx, organisationId: string, postgres: boolean): Promise<void> {
  if (!postgres) return;
  await db.selectFrom('organisations').select('id').where('id', '=', organisationId).forUpdate().execute();
}

/** Closes an invited account that still has no password; false when it was accepted meanwhile. */
export async function closeInvitedUser(db: DbOrTx, userId: string, now: string): Promise<boolean> {
  const r = await db.updateTable('users').set({ disabled_at: now, updated_at: now }).where('id', '=', userId).where('password_hash', 'is', null).where('disabled_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Opens again a revoked invitation's account (still without a password). */
export async function reopenInvitedUser(db: DbOrTx, userId: string, now: string): Promise<boolean> {
  const r = await db.updateTable('users').set({ disabled_at: null, updated_at: now }).where('id', '=', userId).where('password_hash', 'is', null).where('disabled_at', 'is not', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks (or clears) a by-consent body's choice to report by letter; false when nothing changed. */
export async function setDeclined(db: DbOrTx, organisationId: string, at: string | null, by: string | null, declined?: boolean): Promise<boolean> {
  let q = db.updateTable('organisations').set({ declined_zvit_at: at, declined_zvit_by: by }).where('id', '=', organisationId);
  if (declined === true) q = q.where('declined_zvit_at', 'is', null);
  if (declined === false) q = q.where('declined_zvit_at', 'is not', null);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
