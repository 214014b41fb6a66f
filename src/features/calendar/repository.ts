import type { DbOrTx } from '../../db/database.ts';

/** The only Kysely code of calendar feeds. */

export async function findActiveOfUser(db: DbOrTx, userId: string) {
  return db.selectFrom('calendar_feeds').select(['token_hash', 'created_at']).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function findActiveByHash(db: DbOrTx, tokenHash: string) {
  return db.selectFrom('calendar_feeds').select(['user_id', 'created_at']).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
}

/** Revokes the user's link in force, if any; the number of links revoked (0 or 1). */
export async function revokeActive(db: DbOrTx, userId: string, at: string): Promise<number> {
  const r = await db.updateTable('calendar_feeds').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function insertFeed(db: DbOrTx, row: { token_hash: string; user_id: string; created_at: string }): Promise<void> {
  await db.insertInto('calendar_feeds').values({ ...row, revoked_at: null }).execute();
}
