import fs from 'node:fs';
import path from 'node:path';
import { ensureDir } from './database.ts';

/**
 * One server per SQLite data folder. SQLite itself would let two server processes share the file
 * (WAL, busy timeout), but each process keeps its own throttling, storage-failure state and
 * background work, and a second `zvit serve` on the same folder is almost always a mistake (an
 * old one still running). So a serving process holds `zvit.lock` in the data folder, with its
 * pid; another finds it and is refused at start, naming that pid. A lock left by a process that
 * no longer runs (a crash, kill -9) is taken over. Short commands (`zvit migrate`, `user`, …)
 * take no lock: SQLite serialises their writes with the server's.
 */

export const LOCK_FILE = 'zvit.lock';

export class DataFolderLockedError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number,
  ) {
    super(`${file} is held by process ${pid}`);
    this.name = 'DataFolderLockedError';
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data folder's lock for this process; returns its release. */
export function lockDataFolder(dir: string): () => void {
  ensureDir(dir);
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o644);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    if (Number.isInteger(pid) && pid > 0 && running(pid)) throw new DataFolderLockedError(file, pid);
    // Left by a process that has gone: take it over.
    fs.rmSync(file, { force: true });
  }
  throw new DataFolderLockedError(file, 0);
}
