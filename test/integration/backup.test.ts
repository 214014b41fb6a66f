import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { SYSTEM_ACTOR, recordEvent } from '../../src/features/audit/service.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../support/database.ts';

/**
 * `zvit backup` and `zvit restore` (issue 19), run as the separate processes they are. A backup
 * taken while another process keeps writing holds every write acknowledged before it began; a
 * restore goes only into an empty folder and keeps nothing that fails its checks.
 */

const BIN = path.resolve('bin/zvit.js');
let t: TestDatabase;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-backup-'));

beforeAll(async () => {
  t = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await t.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function zvit(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ZVIT_DATA_DIR: dataDir, ZVIT_LOG_LEVEL: 'warn' };
  if (t.url) env.DATABASE_URL = t.url;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The `i` of every audit event in a database file, with SQLite's and the chain's verdicts. */
function eventsIn(file: string): number[] {
  const db = new SQLite(file, { readonly: true });
  try {
    return (db.prepare("select details from audit_events where action = 'user.profile_changed'").all() as { details: string }[]).map((r) => (JSON.parse(r.details) as { i: number }).i);
  } finally {
    db.close();
  }
}

if (DIALECT === 'sqlite') {
  describe('backup and restore of the SQLite database', () => {
    it('copies, while another process writes, every write acknowledged before the backup began', async () => {
      const clock = fixedClock('2024-07-16T09:00:00.000Z');
      let acknowledged = -1;
      let writing = true;
      const writer = (async () => {
        for (let i = 0; writing; i++) {
          await t.db.transaction().execute((tx) => recordEvent(tx, clock, SYSTEM_ACTOR, { action: 'user.profile_changed', targetType: 'test', targetId: String(i), details: { i } }));
          acknowledged = i;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      while (acknowledged < 50) await new Promise((resolve) => setTimeout(resolve, 5));
      const before = acknowledged;
      const file = path.join(scratch, 'live.sqlite');
      const backup = await zvit(['backup', file], t.dataDir);
      const after = acknowledged;
      writing = false;
      await writer;
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain('Резервну копію збережено');
      // The writer went on while the backup ran: it was a live database.
      expect(after).toBeGreaterThan(before);
      const copied = new Set(eventsIn(file));
      const missing = Array.from({ length: before + 1 }, (_, i) => i).filter((i) => !copied.has(i));
      expect(missing).toEqual([]);
      // No partial file is left beside it.
      expect(fs.readdirSync(scratch).filter((f) => f.includes('.partial-'))).toEqual([]);

      // Restored into an empty folder: checked, and the same events.
      const empty = path.join(scratch, 'restored');
      const restored = await zvit(['restore', file], empty);
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      expect(restored.stdout).toMatch(/Базу відновлено.*журнал подій цілий/s);
      expect(new Set(eventsIn(path.join(empty, 'zvit.sqlite')))).toEqual(copied);
      const verified = await zvit(['audit', 'verify'], empty);
      expect(verified.code).toBe(0);

      // Never over what is there: the folder now has a database, the backup's name is taken.
      const again = await zvit(['restore', file], empty);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('лише в порожню теку');
      const over = await zvit(['backup', file], t.dataDir);
      expect(over.code).toBe(2);
      expect(over.stderr).toContain('уже існує');
    }, 120_000);

    it('refuses to restore what is not a backup, or one whose audit log was changed, and leaves the folder empty', async () => {
      const notSqlite = path.join(scratch, 'notes.txt');
      fs.writeFileSync(notSqlite, 'SQLite format 2 — це не база');
      const target = path.join(scratch, 'empty-1');
      const refused = await zvit(['restore', notSqlite], target);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('не є резервною копією');

      const tampered = path.join(scratch, 'tampered.sqlite');
      const made = await zvit(['backup', tampered], t.dataDir);
      expect(made.code).toBe(0);
      const db = new SQLite(tampered);
      db.prepare("update audit_events set details = '{\"i\":-1}' where id = (select min(id) from audit_events where action = 'user.profile_changed')").run();
      db.close();
      const target2 = path.join(scratch, 'empty-2');
      const broken = await zvit(['restore', tampered], target2);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain('ланцюжок журналу подій');
      expect(fs.existsSync(path.join(target2, 'zvit.sqlite'))).toBe(false);

      const usage = await zvit(['backup'], t.dataDir);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('zvit backup ФАЙЛ');
      const nowhere = await zvit(['backup', path.join(scratch, 'x.sqlite')], path.join(scratch, 'no-such-folder'));
      expect(nowhere.code).toBe(1);
      expect(nowhere.stderr).toContain('Файлу бази даних немає');
    }, 120_000);
  });
} else {
  describe('backup on PostgreSQL', () => {
    it("points to PostgreSQL's own tools and writes nothing", async () => {
      const file = path.join(scratch, 'pg.sqlite');
      const res = await zvit(['backup', file], scratch);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('pg_dump');
      expect(fs.existsSync(file)).toBe(false);
    });
  });
}
