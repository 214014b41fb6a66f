import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { openPostgres, openSqlite, type DatabaseHandle } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { databaseStorage } from '../files/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { addOfficial } from '../organisations/officials.ts';
import { getPlan } from '../plans/service.ts';
import { periodByKey } from '../reports/service.ts';
import { renderAll } from './exports/index.ts';
import { consolidate } from './service.ts';
import { latestVersion, saveMeasureText } from './texts.ts';
import { approve, frozenDocument, type RenderFiles } from './versions.ts';

/**
 * Approving renders DOCX, XLSX, PDF and the cover letter — seconds for a large plan — and must
 * not hold the database's write lock meanwhile (on SQLite every other writer would wait, then
 * fail with "database is locked"). The renderer here is the real one; while it runs, another
 * connection that will not wait at all (busy timeout 0) writes, and an edit lands in the draft.
 */

const H1 = '2024-H1';
let t: TestApp;
let other: DatabaseHandle;

beforeAll(async () => {
  t = await buildTestApp();
  other = t.database.url ? openPostgres(t.database.url, 2) : openSqlite(path.join(t.database.dataDir, 'zvit.sqlite'));
  // A writer that refuses to wait: any lock held elsewhere is an immediate error.
  if (!t.database.url) await sql`pragma busy_timeout = 0`.execute(other.db);
}, 60_000);
afterAll(async () => {
  await other.destroy();
  await t.close();
});

describe(`approving a consolidation, on ${DIALECT}`, () => {
  it('renders its files outside the write transaction: another writer is never locked out, and an edit made meanwhile is in the approved version', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const plan = (await getPlan(db, PLAN_609))!;
    const period = periodByKey(plan, H1)!;
    const measureIds = (await consolidate(db, directory, plan, period)).goals.flatMap((g) => g.measures.map((m) => m.measure.id));
    const edited = 'Текст, збережений під час підготовки файлів.';
    let renders = 0;
    const during: { wrote: boolean; openTransactions: number }[] = [];
    const render: RenderFiles = async (doc, o) => {
      renders += 1;
      const files = await renderAll(doc, o);
      // Mid-approval: another process writes, and a coordinator saves a measure (first time only).
      let wrote = true;
      try {
        await writeTransaction(other.db, async (tx) => {
          await tx.updateTable('plans').set({ title: sql`title` }).where('id', '=', PLAN_609).execute();
        });
      } catch {
        wrote = false;
      }
      const open = t.database.url ? Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`.execute(other.db)).rows[0]!.n) : 0;
      during.push({ wrote, openTransactions: open });
      if (renders === 1) {
        const draft = await latestVersion(other.db, plan.id, period.key);
        const saved = await saveMeasureText(other.db, t.clock, SYSTEM_ACTOR, plan, period, measureIds, measureIds[0]!, { summary: edited, state: 'done', publicText: '', publicApproved: false, version: String(draft?.number ?? 1), revision: '0' });
        expect(saved).toBeNull();
      }
      return files;
    };
    const official = await addOfficial(db, t.clock, SYSTEM_ACTOR, plan.coordinatorOrganisationId, { position: 'Директор Департаменту', givenName: 'Ірина', surname: 'Тестова', phone: '' });
    if (!('id' in official)) throw new Error('official not added');
    const result = await approve(db, t.clock, databaseStorage(t.clock), SYSTEM_ACTOR, directory, plan, period, { signatoryId: official.id, confirmed: true }, render);
    expect(result).toEqual({ number: 1 });
    expect(during.every((d) => d.wrote && d.openTransactions === 0), JSON.stringify(during)).toBe(true);
    // The edit moved the draft's revision: the files were made again, with it.
    expect(renders).toBe(2);
    const latest = (await latestVersion(db, plan.id, period.key))!;
    const frozen = (await frozenDocument(db, latest.id))!;
    expect(frozen.goals.flatMap((g) => g.measures).find((m) => m.id === measureIds[0])!.summary).toBe(edited);
    const files = await db.selectFrom('consolidation_files').select('format').where('version_id', '=', latest.id).execute();
    expect(files.map((f) => f.format).sort()).toEqual(['docx', 'letter', 'pdf', 'xlsx']);
  }, 120_000);
});
