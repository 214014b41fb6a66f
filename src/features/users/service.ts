import crypto from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../auth/service.ts';
import { loadDirectory, type Directory } from '../organisations/service.ts';
import { executorsOfPlansCoordinatedBy } from '../plans/service.ts';
import { managedOrganisations, mayManageUser } from './policy.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { recordEvent, SYSTEM_ACTOR, type AuditActor } from '../audit/service.ts';
import { endAllSessions, hashPassword, issueToken, voidLinks, type PasswordHashCost } from '../auth/service.ts';
import * as repo from './repository.ts';

export { generatePassword, generateTotpSecret, newPasswordProblem, type PasswordHashCost } from '../auth/service.ts';

export interface NewUserInput {
  email: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  password: string | null;
  totpSecret: string | null;
  isDemo?: boolean;
}

export async function countUsers(db: DbOrTx): Promise<number> {
  return repo.countUsers(db);
}

/** Creates a user with role grants at their organisation. */
export async function createUser(db: DbOrTx, clock: Clock, cost: PasswordHashCost, input: NewUserInput): Promise<string> {
  const id = crypto.randomUUID();
  const now = clock.now().toISOString();
  await repo.insertUser(db, {
    id,
    email: input.email.trim().toLowerCase(),
    display_name: input.displayName,
    organisation_id: input.organisationId,
    password_hash: input.password ? await hashPassword(input.password, cost) : null,
    totp_secret: input.totpSecret,
    totp_enrolled_at: input.totpSecret ? now : null,
    password_changed_at: input.password ? now : null,
    is_demo: input.isDemo ? 1 : 0,
    created_at: now,
  });
  for (const role of input.roles) {
    await repo.insertRoleGrant(db, { user_id: id, role, organisation_id: input.organisationId, granted_at: now });
  }
  return id;
}

export async function listUsersWithRoles(db: DbOrTx) {
  return repo.findUsersWithRoles(db);
}

/** Remembers a user's language. */
export async function setUserLocale(db: DbOrTx, userId: string, locale: 'uk' | 'en'): Promise<void> {
  await repo.updateLocale(db, userId, locale);
}

// ---- user management ------------------------------------------------------------------------

export type UserStatus = 'active' | 'invited' | 'disabled';

export interface ManagedUser {
  id: string;
  email: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  status: UserStatus;
  twoStep: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUser>>>;

function toManaged(u: UserRow, roles: Role[]): ManagedUser {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    organisationId: u.organisation_id,
    roles,
    status: u.disabled_at ? 'disabled' : u.password_hash ? 'active' : 'invited',
    twoStep: Boolean(u.totp_enrolled_at),
    lastSignInAt: u.last_sign_in_at,
    createdAt: u.created_at,
  };
}

/** Users of the given organisations, with their roles, in Ukrainian order of name. */
export async function listUsers(db: DbOrTx, organisationIds: readonly string[]): Promise<ManagedUser[]> {
  const users = await repo.findUsers(db, organisationIds);
  const grants = await repo.findGrants(
    db,
    users.map((u) => u.id),
  );
  const collator = new Intl.Collator('uk');
  return users
    .map((u) => toManaged(u, grants.filter((g) => g.user_id === u.id).map((g) => g.role)))
    .sort((a, b) => collator.compare(a.displayName, b.displayName));
}

export async function getUser(db: DbOrTx, id: string): Promise<ManagedUser | undefined> {
  const u = await repo.findUser(db, id);
  if (!u) return undefined;
  const grants = await repo.findGrants(db, [id]);
  return toManaged(
    u,
    grants.map((g) => g.role),
  );
}

export async function emailTaken(db: DbOrTx, email: string): Promise<boolean> {
  return Boolean(await repo.findUserByEmail(db, email.trim().toLowerCase()));
}

/** Creates a user without a password and returns a one-time invitation token (72 hours). */
export async function inviteUser(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  input: { email: string; displayName: string; organisationId: string; role: Role },
): Promise<{ userId: string; token: string }> {
  return writeTransaction(db, async (tx) => {
    const userId = await createUser(tx, clock, { memoryCost: 0, timeCost: 0 }, {
      email: input.email,
      displayName: input.displayName,
      organisationId: input.organisationId,
      roles: [input.role],
      password: null,
      totpSecret: null,
    });
    const token = await issueToken(tx, clock, userId, 'invitation', actor.userId);
    await recordEvent(tx, clock, actor, { action: 'user.invited', targetType: 'user', targetId: userId, details: { email: input.email.trim().toLowerCase(), organisationId: input.organisationId, role: input.role } });
    return { userId, token };
  });
}

/** A new invitation link for a user who has not accepted yet, or a password-reset link. */
export async function issueLink(db: Db, clock: Clock, actor: AuditActor, user: ManagedUser): Promise<{ token: string; purpose: 'invitation' | 'password_reset' }> {
  const purpose = user.status === 'invited' ? 'invitation' : 'password_reset';
  return writeTransaction(db, async (tx) => {
    const token = await issueToken(tx, clock, user.id, purpose, actor.userId);
    await recordEvent(tx, clock, actor, { action: purpose === 'invitation' ? 'user.invited' : 'user.password_reset_issued', targetType: 'user', targetId: user.id });
    return { token, purpose };
  });
}

/** Disables or enables a user; disabling ends every session of theirs at once. */
export async function setUserDisabled(db: Db, clock: Clock, actor: AuditActor, userId: string, disabled: boolean): Promise<void> {
  const now = clock.now().toISOString();
  await writeTransaction(db, async (tx) => {
    await repo.setDisabled(tx, userId, disabled ? now : null, now);
    if (disabled) {
      await endAllSessions(tx, userId);
      // Links issued before stay dead after the user is enabled again.
      await voidLinks(tx, clock, userId);
    }
    await recordEvent(tx, clock, actor, { action: disabled ? 'user.disabled' : 'user.enabled', targetType: 'user', targetId: userId });
  });
}

/** Replaces a user's roles (at their organisation); their sessions end so that the change holds at once. */
export async function setUserRoles(db: Db, clock: Clock, actor: AuditActor, user: ManagedUser, roles: Role[]): Promise<void> {
  const now = clock.now().toISOString();
  await writeTransaction(db, async (tx) => {
    await repo.replaceGrants(tx, user.id, user.organisationId, roles, now);
    await endAllSessions(tx, user.id);
    await recordEvent(tx, clock, actor, { action: 'user.roles_changed', targetType: 'user', targetId: user.id, details: { from: [...user.roles].sort(), to: [...roles].sort() } });
  });
}

/** The first admin of an installation, made from the command line: no password yet, an invitation link instead. */
export async function createAdmin(db: Db, clock: Clock, input: { email: string; displayName: string; organisationId: string }): Promise<{ userId: string; token: string }> {
  return writeTransaction(db, async (tx) => {
    const userId = await createUser(tx, clock, { memoryCost: 0, timeCost: 0 }, { ...input, roles: ['admin'], password: null, totpSecret: null });
    const token = await issueToken(tx, clock, userId, 'invitation', null);
    await recordEvent(tx, clock, SYSTEM_ACTOR, { action: 'user.created', targetType: 'user', targetId: userId, details: { email: input.email.trim().toLowerCase(), organisationId: input.organisationId, role: 'admin', via: 'cli' } });
    return { userId, token };
  });
}

export async function findDemoAccount(db: DbOrTx, email: string): Promise<{ totpSecret: string | null } | null> {
  const row = await repo.findDemoUser(db, email);
  return row ? { totpSecret: row.totp_secret } : null;
}

/** The organisations whose users a principal manages (see policy.ts). */
export async function managedScope(db: DbOrTx, principal: Principal, loaded?: Directory): Promise<{ directory: Directory; organisations: Set<string> }> {
  const directory = loaded ?? (await loadDirectory(db));
  const coordinated = principal.roles.includes('coordinator') ? await executorsOfPlansCoordinatedBy(db, directory, principal.organisationId) : [];
  return { directory, organisations: managedOrganisations(principal, directory, coordinated) };
}

/** Users the principal may manage, by organisation and by the roles they hold. */
export async function listManagedUsers(db: DbOrTx, principal: Principal): Promise<{ directory: Directory; organisations: Set<string>; users: ManagedUser[] }> {
  const scope = await managedScope(db, principal);
  const all = await listUsers(db, [...scope.organisations]);
  return { ...scope, users: all.filter((u) => mayManageUser(principal, scope.organisations, u)) };
}

export interface PendingInvitation {
  id: string;
  displayName: string;
  organisationId: string;
  invitedAt: string;
}

/**
 * Invitations not accepted yet (status 'invited') among the users the principal manages, the
 * oldest first: at most `limit`, and how many there are.
 */
export async function pendingInvitations(db: DbOrTx, principal: Principal, directory: Directory, limit: number): Promise<{ items: PendingInvitation[]; total: number }> {
  const scope = await managedScope(db, principal, directory);
  const invited = await repo.findInvitedUsers(db, [...scope.organisations]);
  const grants = await repo.findGrants(db, invited.map((u) => u.id));
  const managed = invited.map((u) => toManaged(u, grants.filter((g) => g.user_id === u.id).map((g) => g.role))).filter((u) => u.status === 'invited' && mayManageUser(principal, scope.organisations, u));
  return { items: managed.slice(0, limit).map((u) => ({ id: u.id, displayName: u.displayName, organisationId: u.organisationId, invitedAt: u.createdAt })), total: managed.length };
}

/** The accounts of a merged organisation carry on at its successor. Returns how many moved. */
export async function moveUsersToOrganisation(db: DbOrTx, fromId: string, intoId: string): Promise<number> {
  return repo.moveUsers(db, fromId, intoId);
}

/** How many accounts an organisation has (for the merge page). */
export async function countUsersOf(db: DbOrTx, organisationId: string): Promise<number> {
  return repo.countUsersOf(db, organisationId);
}
