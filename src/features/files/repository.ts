import type { DbOrTx } from '../../db/database.ts';

export async function insertFile(db: DbOrTx, row: { id: string; content: Buffer; size: number; sha256: string; media_type: string; created_at: string }): Promise<void> {
  await db.insertInto('stored_files').values(row).execute();
}

export async function findFile(db: DbOrTx, id: string) {
  return db.selectFrom('stored_files').select(['content', 'media_type', 'size', 'sha256']).where('id', '=', id).executeTakeFirst();
}

export async function deleteFile(db: DbOrTx, id: string): Promise<void> {
  await db.deleteFrom('stored_files').where('id', '=', id).execute();
}
