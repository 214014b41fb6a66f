import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../test/support/database.ts';
import { fixedClock } from '../clock.ts';
import { loadDirectory } from '../features/organisations/service.ts';
import { measuresInSpan } from '../features/plans/service.ts';
import { seed } from '../features/seed/service.ts';
import { openPostgres, openSqlite, type DatabaseHandle } from './database.ts';
import { keptWhileUnchanged, type EpochName } from './epochs.ts';
import { EPOCH_TABLES_0028 } from './migrations/0028_data_epochs.ts';

/**
 * Data epochs (migration 0028) and what a process keeps while they stand still: every change to
 * an epoch's tables moves it, in the change's own transaction; a second process (a second
 * connection here) sees a change by its next read; a transaction always reads afresh.
 */

const PLAN = 'poltava-ctb-2023-2025';
let t: TestDatabase;
let other: DatabaseHandle;

beforeAll(async () => {
  t = await createTestDatabase();
  await seed(t.db, fixedClock('2024-07-16T09:00:00.000Z'));
  other = DIALECT === 'postgres' ? openPostgres(t.url!, 2) : openSqlite(path.join(t.dataDir, 'zvit.sqlite'));
}, 60_000);
afterAll(async () => {
  await other.destroy();
  await t.cleanup();
});

const epoch = async (name: EpochName) => Number((await t.db.selectFrom('data_epochs').select('epoch').where('name', '=', name).executeTakeFirstOrThrow()).epoch);

describe(`data epochs, on ${DIALECT}`, () => {
  it('has a trigger on every table of each epoch', async () => {
    const names = DIALECT === 'postgres'
      ? (await sql<{ name: string }>`select tgname as name from pg_trigger where not tgisinternal`.execute(t.db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'trigger'`.execute(t.db)).rows.map((r) => r.name);
    for (const table of Object.values(EPOCH_TABLES_0028).flat()) {
      expect(names.some((n) => n.startsWith(`${table}_data_epoch`)), table).toBe(true);
    }
  });

  it('moves the directory epoch on a change of an organisation, a plan epoch on a change of an executor, not the other', async () => {
    const [d0, p0] = [await epoch('directory'), await epoch('plans')];
    await t.db.updateTable('organisations').set({ note: 'змінено' }).where('id', '=', 'poltava-police').execute();
    expect([await epoch('directory'), await epoch('plans')]).toEqual([d0 + 1, p0]);
    const me = await t.db.selectFrom('measure_executors').select('measure_version_id').limit(1).executeTakeFirstOrThrow();
    await t.db.updateTable('measure_executors').set({ as_written: 'як написано' }).where('measure_version_id', '=', me.measure_version_id).execute();
    expect(await epoch('directory')).toBe(d0 + 1);
    expect(await epoch('plans')).toBeGreaterThan(p0);
  });

  it('does not move for a transaction rolled back', async () => {
    const d0 = await epoch('directory');
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.updateTable('organisations').set({ note: 'не буде' }).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await epoch('directory')).toBe(d0);
  });

  it('keeps a value while the epoch stands, reloads after another process changes the data, and never keeps inside a transaction', async () => {
    let loads = 0;
    const load = async () => ({ n: ++loads });
    expect(await keptWhileUnchanged(t.db, 'directory', 'test', load)).toEqual({ n: 1 });
    expect(await keptWhileUnchanged(t.db, 'directory', 'test', load)).toEqual({ n: 1 });
    await other.db.updateTable('organisations').set({ note: 'інший процес' }).where('id', '=', 'poltava-police').execute();
    expect(await keptWhileUnchanged(t.db, 'directory', 'test', load)).toEqual({ n: 2 });
    await t.db.transaction().execute(async (trx) => {
      expect(await keptWhileUnchanged(trx, 'directory', 'test', load)).toEqual({ n: 3 });
    });
    // A change of plans leaves the directory's values kept.
    await other.db.updateTable('goals').set({ title: 'Ціль' }).where('plan_id', '=', PLAN).where('number', '=', 1).execute();
    expect(await keptWhileUnchanged(t.db, 'directory', 'test', load)).toEqual({ n: 2 });
  });

  it('gives the directory as another process renamed it, and frozen', async () => {
    const before = await loadDirectory(t.db);
    expect(await loadDirectory(t.db)).toBe(before);
    await other.db.updateTable('organisations').set({ name: 'Перейменована поліція' }).where('id', '=', 'poltava-police').execute();
    const after = await loadDirectory(t.db);
    expect(after).not.toBe(before);
    expect(after.organisation('poltava-police')!.name).toBe('Перейменована поліція');
    expect(() => (after.organisations as unknown as unknown[]).push(null)).toThrow(TypeError);
    expect(() => Object.assign(after.organisation('poltava-police')!, { name: 'x' })).toThrow(TypeError);
  });

  it("gives a plan's measures as another process changed them", async () => {
    const before = await measuresInSpan(t.db, PLAN, '2024-01-01', '2024-06-30');
    const first = before[0]!;
    await other.db.updateTable('measure_versions').set({ title: 'Новий текст заходу' }).where('id', '=', first.versionId).execute();
    const after = await measuresInSpan(t.db, PLAN, '2024-01-01', '2024-06-30');
    expect(after[0]!.title).toBe('Новий текст заходу');
    expect(after.length).toBe(before.length);
  });
});

// PostgreSQL only: SQLite has one writer at a time.
if (DIALECT === 'postgres') describe('data epochs on PostgreSQL, two transactions at once', () => {
  it('moves once per transaction, at its commit, and adds no deadlock between two writers', async () => {
    const d0 = await epoch('directory');
    const a = new pg.Client({ connectionString: t.url! });
    const b = new pg.Client({ connectionString: t.url! });
    await a.connect();
    await b.connect();
    try {
      const orgs = (await t.db.selectFrom('organisations').select('id').orderBy('id').limit(2).execute()).map((r) => r.id);
      await a.query('begin');
      await b.query('begin');
      await a.query('update organisations set note = $1 where id = $2', ['a', orgs[0]]);
      await a.query('update organisations set note = $1 where id = $2', ['a2', orgs[0]]);
      await b.query('update organisations set note = $1 where id = $2', ['b', orgs[1]]);
      // A now waits for B's row; B commits (moving the epoch as it commits), then A goes on.
      const aWaits = a.query('update organisations set note = $1 where id = $2', ['a', orgs[1]]);
      await b.query('commit');
      await aWaits;
      await a.query('commit');
      expect(await epoch('directory')).toBe(d0 + 2);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
