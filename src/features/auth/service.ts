import crypto from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { Role, TokenPurpose } from '../../db/schema.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { permissionsOf, requiresTotp, type Permission } from '../../domain/permissions.ts';
import { afterFailure, lockRemaining, THROTTLE_RULES, type ThrottleRule } from '../../domain/throttle.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import { hashPassword, verifyPassword, type PasswordHashCost } from './passwords.ts';

export { commonPasswords, generatePassword, generateTotpSecret, hashPassword, newPasswordProblem, verifyPassword, type PasswordHashCost } from './passwords.ts';
import * as repo from './repository.ts';

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

/** A fully signed-in user, as every route sees them. */
export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  permissions: Set<Permission>;
  /** The stored (hashed) session id. */
  sessionId: string;
  csrfToken: string;
  locale: 'uk' | 'en' | null;
  /** Notifications not yet read (as the request began). */
  unread: number;
}

/** A session after the password, waiting for the second factor (or its enrolment). */
export interface PendingSignIn {
  sessionId: string;
  userId: string;
  email: string;
  csrfToken: string;
  enrolled: boolean;
}

export type LoadedSession = { kind: 'full'; principal: Principal } | { kind: 'pending'; pending: PendingSignIn };

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Tokens (session cookies, links) are stored only as their SHA-256. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

const TOUCH_EVERY_MS = 60_000;

/** Reads the session a cookie names; an expired, idle or disabled one is deleted and ignored. */
export async function loadSession(db: DbOrTx, clock: Clock, settings: SessionSettings, token: string): Promise<LoadedSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = hashToken(token);
  const s = await repo.findSession(db, id);
  if (!s) return null;
  const now = clock.now();
  const idleLimit = new Date(s.last_seen_at).getTime() + settings.idleMinutes * 60_000;
  if (s.disabled_at || now.getTime() >= idleLimit || now.getTime() >= new Date(s.expires_at).getTime()) {
    await repo.deleteSession(db, id);
    return null;
  }
  if (now.getTime() - new Date(s.last_seen_at).getTime() > TOUCH_EVERY_MS) await repo.touchSession(db, id, now.toISOString());
  if (s.second_factor_ok !== 1) {
    return { kind: 'pending', pending: { sessionId: id, userId: s.user_id, email: s.email, csrfToken: s.csrf_token, enrolled: Boolean(s.totp_enrolled_at) } };
  }
  const roles = [...new Set((await repo.findRoles(db, s.user_id)).map((g) => g.role))];
  return {
    kind: 'full',
    principal: {
      userId: s.user_id,
      email: s.email,
      displayName: s.display_name,
      organisationId: s.organisation_id,
      roles,
      permissions: permissionsOf(roles),
      sessionId: id,
      csrfToken: s.csrf_token,
      locale: s.locale,
      unread: Number(s.unread ?? 0),
    },
  };
}

/** Who a user is and what their roles allow, without a session (a calendar link names the user): null when disabled or unknown. */
export async function activeUserStanding(db: DbOrTx, userId: string): Promise<Pick<Principal, 'userId' | 'email' | 'displayName' | 'organisationId' | 'roles' | 'permissions' | 'locale'> | null> {
  const user = await repo.findUserById(db, userId);
  if (!user || user.disabled_at) return null;
  const roles = [...new Set((await repo.findRoles(db, userId)).map((g) => g.role))];
  return { userId, email: user.email, displayName: user.display_name, organisationId: user.organisation_id, roles, permissions: permissionsOf(roles), locale: user.locale };
}

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

function actorFor(user: { id: string; email: string; organisation_id: string } | null, meta: RequestMeta): AuditActor {
  return user ? { userId: user.id, email: user.email, organisationId: user.organisation_id, ip: meta.ip } : { userId: null, email: null, organisationId: null, ip: meta.ip };
}

// A hash to verify against when the account does not exist, so that the time taken does not
// tell whether an address has an account.
let dummyHash: Promise<string> | null = null;
function dummy(cost: PasswordHashCost): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'), cost);
  return dummyHash;
}

type ThrottleKey = { key: string; rule: ThrottleRule };

function throttleKeys(email: string, ip: string): { pair: ThrottleKey; account: ThrottleKey; ip: ThrottleKey; known: string } {
  return {
    pair: { key: `pair:${email}|${ip}`, rule: THROTTLE_RULES.pair },
    account: { key: `account:${email}`, rule: THROTTLE_RULES.account },
    ip: { key: `ip:${ip}`, rule: THROTTLE_RULES.ip },
    known: `known:${email}|${ip}`,
  };
}

async function throttleWait(db: DbOrTx, clock: Clock, email: string, ip: string): Promise<number> {
  const keys = throttleKeys(email, ip);
  const rows = await repo.findThrottle(db, [keys.pair.key, keys.account.key, keys.ip.key, keys.known]);
  const byKey = new Map(rows.map((r) => [r.key, { failures: r.failures, windowStart: r.window_start, lockedUntil: r.locked_until }]));
  const now = clock.now();
  const known = byKey.has(keys.known);
  // An address this account signed in from before is not held back by the account-wide lock:
  // a spray from elsewhere cannot lock the owner out.
  return Math.max(
    lockRemaining(byKey.get(keys.pair.key), now),
    lockRemaining(byKey.get(keys.ip.key), now),
    known ? 0 : lockRemaining(byKey.get(keys.account.key), now),
  );
}

async function recordFailure(db: DbOrTx, clock: Clock, email: string, ip: string): Promise<void> {
  const keys = throttleKeys(email, ip);
  const rows = await repo.findThrottle(db, [keys.pair.key, keys.account.key, keys.ip.key]);
  const byKey = new Map(rows.map((r) => [r.key, { failures: r.failures, windowStart: r.window_start, lockedUntil: r.locked_until }]));
  for (const { key, rule } of [keys.pair, keys.account, keys.ip]) {
    const next = afterFailure(byKey.get(key), rule, clock.now());
    await repo.upsertThrottle(db, { key, failures: next.failures, window_start: next.windowStart, locked_until: next.lockedUntil });
  }
}

export type SignInResult =
  | { outcome: 'signed-in'; token: string }
  | { outcome: 'second-factor'; token: string }
  | { outcome: 'invalid' }
  | { outcome: 'throttled'; retryAfterMs: number };

export const MAX_EMAIL = 254;
export const MAX_PASSWORD_INPUT = 1024;

/**
 * Checks an e-mail and password. On success starts a new session (a new id: whatever session
 * the browser had before is ended, so a planted cookie is worthless) — complete, or waiting for
 * the second factor where the user has one or their role requires one.
 */
export async function signIn(
  db: Db,
  clock: Clock,
  cost: PasswordHashCost,
  settings: SessionSettings,
  input: { email: string; password: string; previousToken?: string | undefined },
  meta: RequestMeta,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const wait = await throttleWait(db, clock, email, meta.ip);
  // Throttled attempts are not written to the audit log (an attacker could flood it); the
  // failures that caused the lock are.
  if (wait > 0) return { outcome: 'throttled', retryAfterMs: wait };
  const user = await repo.findUserByEmail(db, email);
  let ok = false;
  if (user?.password_hash && !user.disabled_at) ok = await verifyPassword(user.password_hash, input.password);
  else await verifyPassword(await dummy(cost), input.password);
  if (!ok || !user) {
    await writeTransaction(db, async (tx) => {
      await recordFailure(tx, clock, email, meta.ip);
      await recordEvent(tx, clock, actorFor(null, meta), { action: 'auth.sign_in_failed', targetType: user ? 'user' : null, targetId: user?.id ?? null, details: { email } });
    });
    return { outcome: 'invalid' };
  }
  const roles = (await repo.findRoles(db, user.id)).map((g) => g.role);
  const needsSecond = Boolean(user.totp_enrolled_at) || requiresTotp(roles);
  const token = newToken();
  const now = clock.now();
  await writeTransaction(db, async (tx) => {
    if (input.previousToken) await repo.deleteSession(tx, hashToken(input.previousToken));
    const keys = throttleKeys(email, meta.ip);
    // The count of failures for this account and address is cleared only when the sign-in is
    // complete: a known password must not reset the count of wrong second-factor codes.
    if (!needsSecond) await repo.deleteThrottle(tx, [keys.pair.key]);
    await repo.upsertThrottle(tx, { key: keys.known, failures: 0, window_start: now.toISOString(), locked_until: null });
    await repo.insertSession(tx, {
      id: hashToken(token),
      user_id: user.id,
      csrf_token: newToken(),
      second_factor_ok: needsSecond ? 0 : 1,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + settings.absoluteHours * 3600_000).toISOString(),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    });
    if (!needsSecond) {
      await repo.updateUser(tx, user.id, { last_sign_in_at: now.toISOString() });
      await recordEvent(tx, clock, actorFor(user, meta), { action: 'auth.sign_in', targetType: 'user', targetId: user.id, details: { method: 'password' } });
    }
  });
  return needsSecond ? { outcome: 'second-factor', token } : { outcome: 'signed-in', token };
}

function totpFor(secret: string, email: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Zvit', label: email, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** The TOTP code for a secret at an instant (tests and the demo use it). */
export function totpCode(secret: string, at: Date): string {
  return totpFor(secret, 'x').generate({ timestamp: at.getTime() });
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newRecoveryCode(): string {
  let s = '';
  while (s.length < 10) {
    const b = crypto.randomBytes(1)[0]!;
    if (b < 256 - (256 % RECOVERY_ALPHABET.length)) s += RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length];
  }
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/[\s-]/g, '');
}

export type SecondFactorResult = { ok: true; token: string } | { ok: false; reason: 'invalid' | 'throttled'; retryAfterMs?: number };

/** Checks a TOTP code (each time step once) or a one-time recovery code; completes the sign-in with a new session id. */
export async function completeSecondFactor(db: Db, clock: Clock, pending: PendingSignIn, code: string, meta: RequestMeta): Promise<SecondFactorResult> {
  const wait = await throttleWait(db, clock, pending.email, meta.ip);
  if (wait > 0) return { ok: false, reason: 'throttled', retryAfterMs: wait };
  const user = await repo.findUserById(db, pending.userId);
  if (!user || !user.totp_secret || !user.totp_enrolled_at || user.disabled_at) return { ok: false, reason: 'invalid' };
  const now = clock.now();
  const token = newToken();
  const digits = code.replace(/\s/g, '');
  const result = await writeTransaction(db, async (tx) => {
    let method: 'totp' | 'recovery_code' | null = null;
    if (/^\d{6}$/.test(digits)) {
      const delta = totpFor(user.totp_secret!, user.email).validate({ token: digits, timestamp: now.getTime(), window: 1 });
      if (delta !== null && (await repo.advanceTotpStep(tx, user.id, Math.floor(now.getTime() / 30_000) + delta))) method = 'totp';
    } else if (/^[a-z0-9]{10}$/.test(normaliseRecoveryCode(code))) {
      if (await repo.useRecoveryCode(tx, user.id, hashToken(normaliseRecoveryCode(code)), now.toISOString())) method = 'recovery_code';
    }
    if (!method) {
      await recordFailure(tx, clock, pending.email, meta.ip);
      await recordEvent(tx, clock, actorFor(user, meta), { action: 'auth.second_factor_failed', targetType: 'user', targetId: user.id });
      return false;
    }
    if (!(await repo.rotateSession(tx, pending.sessionId, hashToken(token), newToken(), 1, now.toISOString()))) return false;
    await repo.deleteThrottle(tx, [throttleKeys(pending.email, meta.ip).pair.key]);
    await repo.updateUser(tx, user.id, { last_sign_in_at: now.toISOString() });
    await recordEvent(tx, clock, actorFor(user, meta), { action: 'auth.sign_in', targetType: 'user', targetId: user.id, details: { method } });
    return true;
  });
  return result ? { ok: true, token } : { ok: false, reason: 'invalid' };
}

export interface Enrolment {
  secret: string;
  uri: string;
  qrDataUrl: string;
}

/** A new TOTP secret for a user who has none enrolled (kept until confirmed by a code). */
export async function startEnrolment(db: DbOrTx, clock: Clock, userId: string): Promise<Enrolment> {
  const user = await repo.findUserById(db, userId);
  if (!user) throw new Error('no such user');
  let secret = user.totp_secret;
  if (!secret || user.totp_enrolled_at) {
    secret = new OTPAuth.Secret({ size: 20 }).base32;
    await repo.updateUser(db, userId, { totp_secret: secret, totp_enrolled_at: null, totp_last_step: null, updated_at: clock.now().toISOString() });
  }
  const uri = totpFor(secret, user.email).toString();
  return { secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 220 }) };
}

/** The enrolment a user has started (for showing the form again after a wrong code). */
export async function currentEnrolment(db: DbOrTx, userId: string): Promise<Enrolment | null> {
  const user = await repo.findUserById(db, userId);
  if (!user?.totp_secret || user.totp_enrolled_at) return null;
  const uri = totpFor(user.totp_secret, user.email).toString();
  return { secret: user.totp_secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 220 }) };
}

/** Confirms an enrolment with a code from the app; returns the recovery codes (shown once). */
export async function confirmEnrolment(db: Db, clock: Clock, userId: string, code: string, meta: RequestMeta): Promise<string[] | null> {
  const user = await repo.findUserById(db, userId);
  if (!user?.totp_secret || user.totp_enrolled_at) return null;
  const now = clock.now();
  const digits = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(digits)) return null;
  const delta = totpFor(user.totp_secret, user.email).validate({ token: digits, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const codes = Array.from({ length: 10 }, newRecoveryCode);
  await writeTransaction(db, async (tx) => {
    await repo.updateUser(tx, userId, { totp_enrolled_at: now.toISOString(), totp_last_step: Math.floor(now.getTime() / 30_000) + delta, updated_at: now.toISOString() });
    await repo.replaceRecoveryCodes(tx, userId, codes.map((c) => hashToken(normaliseRecoveryCode(c))));
    await recordEvent(tx, clock, actorFor(user, meta), { action: 'user.totp_enrolled', targetType: 'user', targetId: userId });
  });
  return codes;
}

/** New recovery codes for an enrolled user (the old ones stop working). */
export async function regenerateRecoveryCodes(db: Db, clock: Clock, principal: Principal, meta: RequestMeta): Promise<string[]> {
  const codes = Array.from({ length: 10 }, newRecoveryCode);
  await writeTransaction(db, async (tx) => {
    await repo.replaceRecoveryCodes(tx, principal.userId, codes.map((c) => hashToken(normaliseRecoveryCode(c))));
    await recordEvent(tx, clock, principalActor(principal, meta), { action: 'user.recovery_codes_regenerated', targetType: 'user', targetId: principal.userId });
  });
  return codes;
}

export async function isTotpEnrolled(db: DbOrTx, userId: string): Promise<boolean> {
  return Boolean((await repo.findUserById(db, userId))?.totp_enrolled_at);
}

export async function unusedRecoveryCodes(db: DbOrTx, userId: string): Promise<number> {
  return repo.countUnusedRecoveryCodes(db, userId);
}

/** After enrolment during sign-in: the pending session becomes a full one, with a new id. */
export async function completeAfterEnrolment(db: Db, clock: Clock, pending: PendingSignIn, meta: RequestMeta): Promise<string | null> {
  const user = await repo.findUserById(db, pending.userId);
  if (!user?.totp_enrolled_at) return null;
  const token = newToken();
  const now = clock.now().toISOString();
  const ok = await writeTransaction(db, async (tx) => {
    if (!(await repo.rotateSession(tx, pending.sessionId, hashToken(token), newToken(), 1, now))) return false;
    await repo.updateUser(tx, user.id, { last_sign_in_at: now });
    await recordEvent(tx, clock, actorFor(user, meta), { action: 'auth.sign_in', targetType: 'user', targetId: user.id, details: { method: 'totp_enrolment' } });
    return true;
  });
  return ok ? token : null;
}

export function principalActor(p: Principal, meta: RequestMeta): AuditActor {
  return { userId: p.userId, email: p.email, organisationId: p.organisationId, ip: meta.ip };
}

export async function signOut(db: Db, clock: Clock, principal: Principal, meta: RequestMeta): Promise<void> {
  await writeTransaction(db, async (tx) => {
    await repo.deleteSession(tx, principal.sessionId);
    await recordEvent(tx, clock, principalActor(principal, meta), { action: 'auth.sign_out', targetType: 'user', targetId: principal.userId });
  });
}

export async function abandonPending(db: DbOrTx, pending: PendingSignIn): Promise<void> {
  await repo.deleteSession(db, pending.sessionId);
}

export interface SessionView {
  /** A short, non-secret handle for the page (a prefix of the hashed id). */
  handle: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
}

export async function listOwnSessions(db: DbOrTx, principal: Principal): Promise<SessionView[]> {
  const rows = await repo.findUserSessions(db, principal.userId);
  return rows
    .filter((r) => r.second_factor_ok === 1)
    .map((r) => ({ handle: r.id.slice(0, 16), current: r.id === principal.sessionId, createdAt: r.created_at, lastSeenAt: r.last_seen_at, ip: r.ip, userAgent: r.user_agent }));
}

/** Ends one of the user's own sessions by its handle; false when no such session is theirs. */
export async function endOwnSession(db: Db, clock: Clock, principal: Principal, handle: string, meta: RequestMeta): Promise<boolean> {
  if (!/^[0-9a-f]{16}$/.test(handle)) return false;
  const rows = await repo.findUserSessions(db, principal.userId);
  const target = rows.find((r) => r.id.startsWith(handle));
  if (!target) return false;
  await writeTransaction(db, async (tx) => {
    await repo.deleteSessionOfUser(tx, principal.userId, target.id);
    await recordEvent(tx, clock, principalActor(principal, meta), { action: 'auth.session_ended', targetType: 'user', targetId: principal.userId, details: { own: true } });
  });
  return true;
}

export async function endOtherSessions(db: Db, clock: Clock, principal: Principal, meta: RequestMeta): Promise<number> {
  return writeTransaction(db, async (tx) => {
    const n = await repo.deleteUserSessions(tx, principal.userId, principal.sessionId);
    await recordEvent(tx, clock, principalActor(principal, meta), { action: 'auth.session_ended', targetType: 'user', targetId: principal.userId, details: { own: true, others: n } });
    return n;
  });
}

/** Ends every session of a user (disabled, roles changed, password reset). Call inside the change's transaction. */
export async function endAllSessions(tx: DbOrTx, userId: string): Promise<number> {
  return repo.deleteUserSessions(tx, userId);
}

// ---- one-time links ------------------------------------------------------------------------

export const TOKEN_LIFETIME_HOURS: Record<TokenPurpose, number> = { invitation: 72, password_reset: 24 };

/** Issues a one-time link token for a user (earlier unused ones of the same purpose stop working). */
export async function issueToken(tx: DbOrTx, clock: Clock, userId: string, purpose: TokenPurpose, createdBy: string | null, lifetimeHours = TOKEN_LIFETIME_HOURS[purpose]): Promise<string> {
  const token = newToken();
  const now = clock.now();
  await repo.expireUnusedTokens(tx, userId, purpose, now.toISOString());
  await repo.insertToken(tx, {
    id: hashToken(token),
    user_id: userId,
    purpose,
    created_by: createdBy,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + lifetimeHours * 3600_000).toISOString(),
  });
  return token;
}

/** Voids every unused link of a user (they were disabled). */
export async function voidLinks(tx: DbOrTx, clock: Clock, userId: string): Promise<void> {
  const now = clock.now().toISOString();
  await repo.expireUnusedTokens(tx, userId, 'invitation', now);
  await repo.expireUnusedTokens(tx, userId, 'password_reset', now);
}

export type TokenCheck = { ok: true; userId: string; email: string; displayName: string; organisation: string; tokenId: string } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

/** Looks a link token up for a purpose; a token of another purpose is as good as none. */
export async function checkToken(db: DbOrTx, clock: Clock, token: string, purpose: TokenPurpose): Promise<TokenCheck> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: 'invalid' };
  const row = await repo.findToken(db, hashToken(token));
  if (!row || row.purpose !== purpose) return { ok: false, reason: 'invalid' };
  if (row.used_at) return { ok: false, reason: 'used' };
  if (clock.now().getTime() >= new Date(row.expires_at).getTime()) return { ok: false, reason: 'expired' };
  const user = await repo.findUserById(db, row.user_id);
  if (!user || user.disabled_at) return { ok: false, reason: 'invalid' };
  // Whom the person will report for: said on the page where they set their password.
  const organisation = (await db.selectFrom('organisations').select('name').where('id', '=', user.organisation_id).executeTakeFirst())?.name ?? '';
  return { ok: true, userId: user.id, email: user.email, displayName: user.display_name, organisation, tokenId: row.id };
}

/** Sets a password through a one-time link: single use even under a race; ends the user's sessions. */
export async function setPasswordWithToken(
  db: Db,
  clock: Clock,
  cost: PasswordHashCost,
  token: string,
  purpose: TokenPurpose,
  password: string,
  meta: RequestMeta,
): Promise<TokenCheck> {
  const check = await checkToken(db, clock, token, purpose);
  if (!check.ok) return check;
  const hash = await hashPassword(password, cost);
  const now = clock.now().toISOString();
  const used = await writeTransaction(db, async (tx) => {
    if (!(await repo.useToken(tx, check.tokenId, now))) return false;
    await repo.updateUser(tx, check.userId, { password_hash: hash, password_changed_at: now, updated_at: now });
    await repo.deleteUserSessions(tx, check.userId);
    const user = (await repo.findUserById(tx, check.userId))!;
    await recordEvent(tx, clock, actorFor(user, meta), {
      action: purpose === 'invitation' ? 'user.invitation_accepted' : 'user.password_reset',
      targetType: 'user',
      targetId: check.userId,
    });
    return true;
  });
  return used ? check : { ok: false, reason: 'used' };
}
