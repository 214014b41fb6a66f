import type { DbOrTx } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';

/** The only Kysely code of the users feature. */

export async function countUsers(db: DbOrTx): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertUser(
  db: DbOrTx,
  row: {
    id: string;
    email: string;
    display_name: string;
    organisation_id: string;
    password_hash: string | null;
    totp_secret: string | null;
    totp_enrolled_at: string | null;
    password_changed_at: string | null;
    is_demo: 0 | 1;
    created_at: string;
  },
): Promise<void> {
  await db
    .insertInto('users')
    .values({ ...row, locale: null, disabled_at: null, updated_at: row.created_at })
    .execute();
}

export async function insertRoleGrant(db: DbOrTx, row: { user_id: string; role: Role; organisation_id: string; granted_at: string }): Promise<void> {
  await db.insertInto('role_grants').values(row).execute();
}

export async function findUsersWithRoles(db: DbOrTx) {
  return db
    .selectFrom('users')
    .innerJoin('role_grants', 'role_grants.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.display_name', 'users.organisation_id', 'role_grants.role', 'users.totp_secret', 'users.password_hash'])
    .orderBy('users.created_at')
    .execute();
}

export async function updateLocale(db: DbOrTx, userId: string, locale: 'uk' | 'en'): Promise<void> {
  await db.updateTable('users').set({ locale }).where('id', '=', userId).execute();
}

export async function findUsers(db: DbOrTx, organisationIds: readonly string[]) {
  if (organisationIds.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'organisation_id', 'disabled_at', 'totp_enrolled_at', 'password_hash', 'last_sign_in_at', 'created_at'])
    .where('organisation_id', 'in', organisationIds)
    .execute();
}

export async function findUser(db: DbOrTx, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'organisation_id', 'disabled_at', 'totp_enrolled_at', 'password_hash', 'last_sign_in_at', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findUserByEmail(db: DbOrTx, email: string) {
  return db.selectFrom('users').select(['id']).where('email', '=', email).executeTakeFirst();
}

export async function findGrants(db: DbOrTx, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db.selectFrom('role_grants').select(['user_id', 'role', 'organisation_id']).where('user_id', 'in', userIds).execute();
}

export async function replaceGrants(db: DbOrTx, userId: string, organisationId: string, roles: readonly Role[], at: string): Promise<void> {
  await db.deleteFrom('role_grants').where('user_id', '=', userId).execute();
  if (roles.length) await db.insertInto('role_grants').values(roles.map((role) => ({ user_id: userId, role, organisation_id: organisationId, granted_at: at }))).execute();
}

export async function setDisabled(db: DbOrTx, userId: string, disabledAt: string | null, at: string): Promise<void> {
  await db.updateTable('users').set({ disabled_at: disabledAt, updated_at: at }).where('id', '=', userId).execute();
}

export async function findDemoUser(db: DbOrTx, email: string) {
  return db.selectFrom('users').select(['totp_secret']).where('email', '=', email).where('is_demo', '=', 1).executeTakeFirst();
}

/** Accounts and role grants of a merged organisation belong to its successor (duplicates dropped). */
export async function moveUsers(db: DbOrTx, fromId: string, intoId: string): Promise<number> {
  const grants = await db.selectFrom('role_grants').selectAll().where('organisation_id', '=', fromId).execute();
  for (const g of grants) {
    const dup = await db.selectFrom('role_grants').select('user_id').where('user_id', '=', g.user_id).where('role', '=', g.role).where('organisation_id', '=', intoId).executeTakeFirst();
    if (dup) await db.deleteFrom('role_grants').where('user_id', '=', g.user_id).where('role', '=', g.role).where('organisation_id', '=', fromId).execute();
  }
  await db.updateTable('role_grants').set({ organisation_id: intoId }).where('organisation_id', '=', fromId).execute();
  const r = await db.updateTable('users').set({ organisation_id: intoId }).where('organisation_id', '=', fromId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function countUsersOf(db: DbOrTx, organisationId: string): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Users of the organisations who have not accepted their invitation (no password yet, not disabled), oldest first. */
export async function findInvitedUsers(db: DbOrTx, organisationIds: readonly string[]) {
  if (organisationIds.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'organisation_id', 'disabled_at', 'totp_enrolled_at', 'password_hash', 'last_sign_in_at', 'created_at'])
    .where('organisation_id', 'in', organisationIds)
    .where('password_hash', 'is', null)
    .where('disabled_at', 'is', null)
    .orderBy('created_at')
    .execute();
}
