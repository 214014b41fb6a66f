import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgres, openSqlite, type DatabaseHandle, type DialectName } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';

/** The dialect under test: `npm test` runs SQLite, `npm run test:pg` PostgreSQL (same files). */
export const DIALECT: DialectName = process.env.ZVIT_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

/** The PostgreSQL server the suite creates its throwaway databases on. */
export const PG_ADMIN_URL = process.env.ZVIT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends DatabaseHandle {
  /** For a child process: DATABASE_URL (PostgreSQL) or the data folder (SQLite). */
  url: string | null;
  dataDir: string;
  cleanup(): Promise<void>;
}

async function adminQuery(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * Drops a test database once its connections have gone. pg's pool.end() resolves before the
 * server has seen each client's goodbye; dropping WITH (FORCE) at once would kill those
 * connections mid-goodbye and the pool would report it as an unhandled error.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await adminQuery('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    if (r.rows[0].n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await adminQuery(`drop database if exists ${name} with (force)`);
}

/** A new, empty (optionally migrated) database of the dialect under test, and a data folder. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-test-'));
  let handle: DatabaseHandle;
  let url: string | null = null;
  let dropName: string | null = null;
  if (DIALECT === 'postgres') {
    dropName = `zvit_t_${crypto.randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${dropName}`);
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${dropName}`;
    url = u.href;
    handle = openPostgres(url, 5);
  } else {
    handle = openSqlite(path.join(dataDir, 'zvit.sqlite'));
  }
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    dataDir,
    async cleanup() {
      await handle.destroy();
      if (dropName) await dropDatabase(dropName);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
