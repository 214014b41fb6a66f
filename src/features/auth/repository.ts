import type { DbOrTx } from '../../db/database.ts';
import type { Role, TokenPurpose } from '../../db/schema.ts';
import { NOT_NOTIFICATIONS } from '../mail/policy.ts';

/** The only Kysely code of sign-in, sessions, one-time tokens and throttling. */

export async function findUserByEmail(db: DbOrTx, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: DbOrTx, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRoles(db: DbOrTx, userId: string): Promise<{ role: Role; organisation_id: string }[]> {
  return db.selectFrom('role_grants').select(['role', 'organisation_id']).where('user_id', '=', userId).execute();
}

export async function insertSession(
  db: DbOrTx,
  row: { id: string; user_id: string; csrf_token: string; second_factor_ok: 0 | 1; created_at: string; last_seen_at: string; expires_at: string; ip: string | null; user_agent: string | null },
): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** A session with its user, or undefined. */
export async function findSession(db: DbOrTx, id: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.second_factor_ok',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.email',
      'users.display_name',
      'users.organisation_id',
      'users.disabled_at',
      'users.locale',
      'users.totp_enrolled_at',
      'users.totp_secret',
      // The unread notifications, for the header: in the same statement, no extra round trip.
      (eb) => eb.selectFrom('outbox').select((e) => e.fn.countAll<number>().as('n')).whereRef('outbox.user_id', '=', 'users.id').where('outbox.read_at', 'is', null).where('outbox.kind', 'not in', NOT_NOTIFICATIONS).as('unread'),
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: DbOrTx, id: string, at: string): Promise<void> {
  // An UPDATE never brings back a session that logout deleted meanwhile.
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** Replaces a session's id (and CSRF token) — a new id whenever the privilege level changes. */
export async function rotateSession(db: DbOrTx, oldId: string, newId: string, csrfToken: string, secondFactorOk: 0 | 1, at: string): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ id: newId, csrf_token: csrfToken, second_factor_ok: secondFactorOk, last_seen_at: at })
    .where('id', '=', oldId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteSession(db: DbOrTx, id: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteSessionOfUser(db: DbOrTx, userId: string, id: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteUserSessions(db: DbOrTx, userId: string, exceptId?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptId) q = q.where('id', '<>', exceptId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function findUserSessions(db: DbOrTx, userId: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent', 'second_factor_ok'])
    .where('user_id', '=', userId)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function deleteExpiredSessions(db: DbOrTx, idleBefore: string, now: string): Promise<number> {
  const r = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('expires_at', '<', now)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function updateUser(
  db: DbOrTx,
  id: string,
  set: Partial<{
    password_hash: string | null;
    password_changed_at: string | null;
    totp_secret: string | null;
    totp_enrolled_at: string | null;
    totp_last_step: number | null;
    last_sign_in_at: string | null;
    locale: 'uk' | 'en' | null;
    updated_at: string;
  }>,
): Promise<void> {
  await db.updateTable('users').set(set).where('id', '=', id).execute();
}

/** Accepts a TOTP step only if it is later than the last one accepted (no replay), atomically. */
export async function advanceTotpStep(db: DbOrTx, userId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertToken(
  db: DbOrTx,
  row: { id: string; user_id: string; purpose: TokenPurpose; created_by: string | null; created_at: string; expires_at: string },
): Promise<void> {
  await db.insertInto('user_tokens').values({ ...row, used_at: null }).execute();
}

export async function findToken(db: DbOrTx, id: string) {
  return db.selectFrom('user_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a token used once: false when it was already used (single use, even under a race). */
export async function useToken(db: DbOrTx, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('user_tokens').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function expireUnusedTokens(db: DbOrTx, userId: string, purpose: TokenPurpose, at: string): Promise<void> {
  await db.updateTable('user_tokens').set({ used_at: at }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}

export async function replaceRecoveryCodes(db: DbOrTx, userId: string, hashes: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (hashes.length) await db.insertInto('recovery_codes').values(hashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null }))).execute();
}

export async function useRecoveryCode(db: DbOrTx, userId: string, hash: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: DbOrTx, userId: string): Promise<number> {
  const r = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findThrottle(db: DbOrTx, keys: string[]) {
  if (keys.length === 0) return [];
  return db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
}

export async function upsertThrottle(db: DbOrTx, row: { key: string; failures: number; window_start: string; locked_until: string | null }): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: row.failures, window_start: row.window_start, locked_until: row.locked_until }))
    .execute();
}

export async function deleteThrottle(db: DbOrTx, keys: string[]): Promise<void> {
  if (keys.length) await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
}
