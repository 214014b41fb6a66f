import { PostgresAdapter, sql } from 'kysely';
import type { Db, DbOrTx } from './database.ts';

export function isPostgresDb(db: DbOrTx): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * A transaction for writes that must be serialised across processes (the audit chain). On
 * SQLite it starts with BEGIN IMMEDIATE, taking the write lock before anything is read, so two
 * processes never read the same chain head; on PostgreSQL it is an ordinary transaction and the
 * audit append takes an advisory lock.
 */
export async function writeTransaction<T>(db: Db, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
  if (isPostgresDb(db)) return db.transaction().execute(work);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}
