import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { OutboxState, OutboxTable } from '../../db/schema.ts';
import { isPostgresDb } from '../../db/transaction.ts';
import { NOT_NOTIFICATIONS } from './policy.ts';
import type { Insertable, Selectable } from 'kysely';

export type OutboxRow = Selectable<OutboxTable>;

/** Writes a message; with a dedupe key already used, writes nothing and answers false. */
export async function insertMessage(db: DbOrTx, row: Insertable<OutboxTable>): Promise<boolean> {
  const r = await db
    .insertInto('outbox')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Whether a message with this dedupe key was written. */
export async function hasMessage(db: DbOrTx, dedupeKey: string): Promise<boolean> {
  return Boolean(await db.selectFrom('outbox').select('id').where('dedupe_key', '=', dedupeKey).executeTakeFirst());
}

/** Claims a row that was left 'sending' by a worker that died: it may or may not have gone out. */
export async function markStaleClaimsUnknown(db: DbOrTx, claimedBefore: string, now: string): Promise<number> {
  const r = await db
    .updateTable('outbox')
    .set({ state: 'unknown', claimed_by: null, last_error: 'interrupted', next_attempt_at: now })
    .where('state', '=', 'sending')
    .where('claimed_at', '<', claimedBefore)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Claims up to `limit` due messages for one worker: state 'sending', the attempt counted. On
 * PostgreSQL the rows are locked with FOR UPDATE SKIP LOCKED, so two workers never claim the same
 * row and neither waits for the other; on SQLite the caller holds the write lock.
 */
export async function claimDue(db: DbOrTx, workerId: string, now: string, limit: number): Promise<OutboxRow[]> {
  const due = db
    .selectFrom('outbox')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('id')
    .limit(limit);
  return db
    .updateTable('outbox')
    .set({ state: 'sending', claimed_by: workerId, claimed_at: now, attempts: sql<number>`attempts + 1` })
    .where('id', 'in', isPostgresDb(db) ? due.forUpdate().skipLocked() : due)
    .where('state', '=', 'pending')
    .returningAll()
    .execute();
}

/** Records the outcome of an attempt; only the worker holding the claim may. */
export async function finishAttempt(
  db: DbOrTx,
  id: number,
  workerId: string,
  outcome: { state: Extract<OutboxState, 'sent' | 'failed' | 'pending'>; subject?: string; sentAt?: string; smtpResponse?: string | null; error?: string | null; nextAttemptAt?: string; params?: string },
): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({
      state: outcome.state,
      claimed_by: null,
      ...(outcome.subject !== undefined ? { subject: outcome.subject } : {}),
      ...(outcome.sentAt !== undefined ? { sent_at: outcome.sentAt } : {}),
      ...(outcome.smtpResponse !== undefined ? { smtp_response: outcome.smtpResponse } : {}),
      ...(outcome.error !== undefined ? { last_error: outcome.error } : {}),
      ...(outcome.nextAttemptAt !== undefined ? { next_attempt_at: outcome.nextAttemptAt } : {}),
      ...(outcome.params !== undefined ? { params: outcome.params } : {}),
    })
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .where('claimed_by', '=', workerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Puts a failed or uncertain message back in the queue (the administrator's decision). */
export async function requeue(db: DbOrTx, id: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ state: 'pending', attempts: 0, next_attempt_at: now, claimed_by: null, claimed_at: null })
    .where('id', '=', id)
    .where('state', 'in', ['failed', 'unknown'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface OutboxFilter {
  state?: OutboxState;
  /** Only messages to these organisations' people (null: every message). */
  organisationIds: readonly string[] | null;
  offset: number;
  limit: number;
}

export async function listMessages(db: DbOrTx, f: OutboxFilter): Promise<OutboxRow[]> {
  let q = db.selectFrom('outbox').selectAll();
  if (f.state) q = q.where('state', '=', f.state);
  if (f.organisationIds) q = f.organisationIds.length ? q.where('organisation_id', 'in', f.organisationIds) : q.where(sql<boolean>`1 = 0`);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
}

export async function countByState(db: DbOrTx, organisationIds: readonly string[] | null): Promise<Record<OutboxState, number>> {
  let q = db.selectFrom('outbox').select(['state', sql<number>`count(*)`.as('n')]).groupBy('state');
  if (organisationIds) q = organisationIds.length ? q.where('organisation_id', 'in', organisationIds) : q.where(sql<boolean>`1 = 0`);
  const rows = await q.execute();
  const out: Record<OutboxState, number> = { pending: 0, sending: 0, sent: 0, failed: 0, unknown: 0, skipped: 0 };
  for (const r of rows) out[r.state] = Number(r.n);
  return out;
}

export async function findMessage(db: DbOrTx, id: number): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Active accounts of an organisation that hold one of the roles, with their language. */
export async function usersOf(db: DbOrTx, organisationId: string, roles: readonly string[]): Promise<{ id: string; email: string; display_name: string; locale: 'uk' | 'en' | null; mail_muted: string }[]> {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.email', 'users.display_name', 'users.locale', 'users.mail_muted'])
    .where('users.organisation_id', '=', organisationId)
    .where('users.disabled_at', 'is', null)
    // Only those who can sign in: an invitation not yet accepted is reached through its contact.
    .where('users.password_hash', 'is not', null)
    .where((eb) => eb.exists(eb.selectFrom('role_grants').select('role_grants.user_id').whereRef('role_grants.user_id', '=', 'users.id').where('role_grants.role', 'in', roles as never)))
    .orderBy('users.id')
    .execute();
}

/** A user's own messages, newest first: their notifications in Zvit. */
export async function listForUser(db: DbOrTx, userId: string, offset: number, limit: number): Promise<OutboxRow[]> {
  return db.selectFrom('outbox').selectAll().where('user_id', '=', userId).where('kind', 'not in', NOT_NOTIFICATIONS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function markRead(db: DbOrTx, userId: string, ids: readonly number[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('outbox').set({ read_at: at }).where('user_id', '=', userId).where('id', 'in', ids).where('read_at', 'is', null).execute();
}

export async function mutedKinds(db: DbOrTx, userId: string): Promise<string> {
  return (await db.selectFrom('users').select('mail_muted').where('id', '=', userId).executeTakeFirst())?.mail_muted ?? '[]';
}

export async function setMutedKinds(db: DbOrTx, userId: string, kinds: readonly string[], at: string): Promise<void> {
  await db.updateTable('users').set({ mail_muted: JSON.stringify(kinds), updated_at: at }).where('id', '=', userId).execute();
}

/**
 * When each organisation was last reminded of a period's report — by the scheduler or by the
 * coordinator's "remind" — from the messages' keys (`reminder:plan:period:org:…`, `nudge:…`).
 */
export async function lastReminders(db: DbOrTx, planId: string, periodKey: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('outbox')
    .select(['organisation_id', (eb) => eb.fn.max('created_at').as('at')])
    .where((eb) => eb.or([eb('dedupe_key', 'like', `reminder:${planId}:${periodKey}:%`), eb('dedupe_key', 'like', `nudge:${planId}:${periodKey}:%`)]))
    .where('organisation_id', 'is not', null)
    .groupBy('organisation_id')
    .execute();
  return new Map(rows.map((r) => [r.organisation_id!, new Date(r.at as string).toISOString()]));
}
