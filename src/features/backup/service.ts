import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openSqlite, SQLITE_FILE } from '../../db/database.ts';
import { lockDataFolder } from '../../db/data-folder-lock.ts';
import { verifyAuditLog } from '../audit/service.ts';

/**
 * `zvit backup FILE` and `zvit restore FILE` for the embedded SQLite database. Attachments and
 * generated documents are stored in the database, so the one file holds everything.
 *
 * - A backup is taken from the live database through SQLite's online backup API, while the server
 *   runs: it is a consistent copy as of one moment (every write committed before it is there,
 *   which a plain copy of the file and its write-ahead log does not promise). It is written beside
 *   its destination and renamed into place only once its integrity check has passed.
 * - A restore goes only into a data folder with no database (nothing is overwritten), holding the
 *   folder's lock, and keeps the database only when its integrity check and the audit log's chain
 *   both pass.
 *
 * PostgreSQL is backed up with its own tools (docs/deployment.md: pg_dump and pg_restore).
 */

export type BackupProblem = 'postgres' | 'no-database' | 'exists' | 'not-sqlite' | 'damaged' | 'not-empty' | 'audit' | 'io';

export class BackupError extends Error {
  constructor(
    readonly problem: BackupProblem,
    readonly values: Record<string, string | number> = {},
  ) {
    super(`backup: ${problem}`);
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function looksLikeSqlite(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return fs.readSync(fd, head, 0, 16, 0) === 16 && head.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/** SQLite's own check of every page and index: 'ok', or what it found. */
function integrityOf(file: string): string {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('; ');
  } catch (err) {
    return (err as Error).message;
  } finally {
    db.close();
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
}

export async function backupSqlite(dataDir: string, destination: string): Promise<BackupResult> {
  const source = path.join(dataDir, SQLITE_FILE);
  if (!fs.existsSync(source)) throw new BackupError('no-database', { file: source });
  const target = path.resolve(destination);
  if (fs.existsSync(target)) throw new BackupError('exists', { file: target });
  const partial = `${target}.partial-${process.pid}`;
  const db = new SQLite(source, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  let pages = 0;
  try {
    // After a first step, the rest in one step: a database written to all the time would otherwise
    // make the copy start again after every step, and never end.
    const result = await db.backup(partial, { progress: ({ totalPages, remainingPages }) => Math.max(totalPages, remainingPages) });
    pages = result.totalPages;
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw new BackupError('io', { file: target, reason: (err as Error).message });
  } finally {
    db.close();
  }
  // The copy comes in the source's write-ahead-log mode; as one self-contained file it is kept
  // in the plain rollback-journal mode (the server turns WAL on again when it opens it).
  const copy = new SQLite(partial, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  const integrity = integrityOf(partial);
  for (const extra of [`${partial}-wal`, `${partial}-shm`]) fs.rmSync(extra, { force: true });
  if (integrity !== 'ok') {
    fs.rmSync(partial, { force: true });
    throw new BackupError('damaged', { file: target, reason: integrity });
  }
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size, pages };
}

export interface RestoreResult {
  file: string;
  events: number;
}

export async function restoreSqlite(backup: string, dataDir: string): Promise<RestoreResult> {
  const from = path.resolve(backup);
  if (!fs.existsSync(from) || !fs.statSync(from).isFile()) throw new BackupError('no-database', { file: from });
  if (!looksLikeSqlite(from)) throw new BackupError('not-sqlite', { file: from });
  const integrity = integrityOf(from);
  if (integrity !== 'ok') throw new BackupError('damaged', { file: from, reason: integrity });
  const release = lockDataFolder(dataDir);
  const target = path.join(dataDir, SQLITE_FILE);
  try {
    for (const f of [target, `${target}-wal`, `${target}-shm`]) if (fs.existsSync(f)) throw new BackupError('not-empty', { file: f });
    const partial = `${target}.partial-${process.pid}`;
    fs.copyFileSync(from, partial);
    fs.renameSync(partial, target);
    const database = openSqlite(target);
    let verdict: Awaited<ReturnType<typeof verifyAuditLog>>;
    try {
      verdict = await verifyAuditLog(database.db);
    } finally {
      await database.destroy();
    }
    if (verdict.problem) {
      for (const f of [target, `${target}-wal`, `${target}-shm`]) fs.rmSync(f, { force: true });
      throw new BackupError('audit', { file: from, where: verdict.problem.id === null ? 'head' : String(verdict.problem.id) });
    }
    return { file: target, events: verdict.count };
  } finally {
    release();
  }
}
