/**
 * Errors of the storage under the database — the disk is full, or it fails — told apart from
 * every other database error, in both dialects. A save that meets one is answered "не вдалося
 * зберегти" (503), not as a bug (500); `/readyz` reports it.
 */

export type StorageProblem = 'full' | 'io';

// SQLite's extended result codes as better-sqlite3 names them (SQLITE_IOERR_WRITE, …).
const SQLITE_FULL = /^SQLITE_FULL$/;
const SQLITE_IO = /^SQLITE_(IOERR(_\w+)?|CANTOPEN|READONLY(_\w+)?)$/;
// PostgreSQL SQLSTATEs: 53100 disk_full, 53000 insufficient_resources, 58030 io_error, 58000 system_error.
const PG_FULL = new Set(['53100']);
const PG_IO = new Set(['53000', '58030', '58000']);
// The operating system's own (a file store writing beside the database).
const ERRNO_FULL = new Set(['ENOSPC', 'EDQUOT']);
const ERRNO_IO = new Set(['EIO', 'EROFS']);

/** 'full', 'io', or null for any other error. */
export function storageProblem(err: unknown): StorageProblem | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (SQLITE_FULL.test(code) || PG_FULL.has(code) || ERRNO_FULL.has(code)) return 'full';
    if (SQLITE_IO.test(code) || PG_IO.has(code) || ERRNO_IO.has(code)) return 'io';
  }
  return null;
}
