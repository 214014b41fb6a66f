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
