import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
/** The database or an open transaction: repositories take either as their first argument. */
export type DbOrTx = Kysely<Database> | Transaction<Database>;

/** Told of every statement run: its SQL text and how long it took (failed ones too). */
export type QueryObserver = (sql: string, ms: number, failed: boolean) => void;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** Adds an observer of statements (metrics, the statement counts of tests); returns its removal. */
  observe(observer: QueryObserver): () => void;
  /** Where the data lives, for logs (never contains a password). */
  describe: string;
  destroy(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export const SQLITE_FILE = 'zvit.sqlite';

/**
 * Creates a folder and its missing parents, one level at a time. (Node's recursive mkdir loops
 * forever on some special file systems such as /proc; this fails with the system's error instead.)
 */
export function ensureDir(dir: string, depth = 0): void {
  try {
    if (fs.statSync(dir).isDirectory()) return;
    throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const parent = path.dirname(dir);
  if (parent === dir || depth > 64) throw Object.assign(new Error(`cannot create ${dir}`), { code: 'ENOENT' });
  ensureDir(parent, depth + 1);
  fs.mkdirSync(dir);
}

/** Checks the data folder can be created and written to; throws the system's error otherwise. */
export function checkDataDir(dir: string): void {
  ensureDir(dir);
  const probe = path.join(dir, `.write-test-${process.pid}`);
  fs.writeFileSync(probe, '');
  fs.rmSync(probe);
}

/** Opens the configured database: PostgreSQL when a URL is given, else SQLite in the data folder. */
export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openSqlite(path.join(options.dataDir, SQLITE_FILE));
}

/** Kysely's log hook, fanned out to the handle's observers. */
function observers() {
  const set = new Set<QueryObserver>();
  return {
    log(event: LogEvent) {
      for (const o of set) o(event.query.sql, event.queryDurationMillis, event.level === 'error');
    },
    observe(observer: QueryObserver) {
      set.add(observer);
      return () => void set.delete(observer);
    },
  };
}

/** How many prepared statements a SQLite connection keeps (by SQL text, least recently used dropped). */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * The better-sqlite3 connection as Kysely sees it, keeping each statement it prepares by its SQL
 * text: Kysely builds the same text for the same query shape, and preparing it again cost about a
 * tenth of a page's time. (Kysely never iterates a statement here: nothing streams from SQLite.)
 */
export function cachingStatements(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SQLite.Statement {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
    /** For tests: how many statements are kept. */
    get size() {
      return cache.size;
    },
  };
}

export function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') ensureDir(path.dirname(file));
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const { log, observe } = observers();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }), log });
  return { db, dialect: 'sqlite', describe: `SQLite ${file}`, observe, destroy: () => db.destroy() };
}

// PostgreSQL answers in the same shapes as SQLite: dates as "YYYY-MM-DD", instants as ISO-8601
// UTC strings to the millisecond, counts as numbers.
const PG_DATE = 1082;
const PG_TIMESTAMP = 1114;
const PG_TIMESTAMPTZ = 1184;
const PG_INT8 = 20;

function pgInstantToIso(value: string): string {
  // With TimeZone=UTC the server writes "2026-12-01 05:05:00.123456+00".
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?(?:\+00)?$/.exec(value);
  if (!m) return new Date(value).toISOString();
  const ms = (m[3] ?? '.000').slice(1).padEnd(3, '0').slice(0, 3);
  return `${m[1]}T${m[2]}.${ms}Z`;
}

const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === PG_DATE) return (v: string) => v;
    if (oid === PG_TIMESTAMPTZ || oid === PG_TIMESTAMP) return pgInstantToIso;
    if (oid === PG_INT8) return (v: string) => Number(v);
    return (pg.types.getTypeParser as (o: number, f?: string) => (v: string) => unknown)(oid, format);
  },
};

export function openPostgres(url: string, poolSize: number): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c TimeZone=UTC', types: pgTypes as never });
  const { log, observe } = observers();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  let describe = 'PostgreSQL';
  try {
    const u = new URL(url);
    describe = `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    // keep the generic description
  }
  return { db, dialect: 'postgres', describe, observe, destroy: () => db.destroy() };
}
