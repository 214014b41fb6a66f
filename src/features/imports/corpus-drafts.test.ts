import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustableClock } from '../../clock.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan, getPlanOutline } from '../plans/service.ts';
import { seed } from '../seed/service.ts';
import { importDraftPlan } from './service.ts';
import { comparable } from '../../domain/plan-import/scoring.ts';
import { headerRole } from '../../domain/plan-import/columns.ts';

/**
 * Issue 18: every order of the corpus (fixtures/orders) brought into a draft plan through the
 * same import as the upload page: its measures, deadlines and executors (the directory's, or
 * proposed), and the order's own schedule when it sets quarters or half-years.
 */

const DIR = path.resolve('fixtures/orders');
const orders = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as { file: string; refused?: string; amendment?: unknown; measures: { title: string; attributes?: Record<string, string> }[]; schedule: { periodKind: string; executorDueDay: number } | null })
  .filter((o) => !o.refused && !o.amendment);

const clock = adjustableClock('2026-12-01T09:00:00Z');
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seed(t.db, clock);
});
afterAll(async () => {
  await t.cleanup();
});

describe(`the corpus of orders as draft plans on ${DIALECT}`, { timeout: 180_000 }, () => {
  it.each(orders.map((o) => [o.file, o] as const))('%s', async (file, expected) => {
    const result = await importDraftPlan(t.db, clock, SYSTEM_ACTOR, { bytes: fs.readFileSync(path.join(DIR, file)), fileName: file, coordinatorOrganisationId: 'poltava-ova-social-protection', ownerOrganisationId: 'poltava-ova' });
    if (result.kind !== 'plan') throw new Error('read as an amendment');
    expect(result.measures).toBe(expected.measures.length);
    const directory = await loadDirectory(t.db);
    const outline = (await getPlanOutline(t.db, directory, result.planId))!;
    const measures = outline.goals.flatMap((g) => g.tasks.flatMap((task) => task.measures));
    expect(measures).toHaveLength(expected.measures.length);
    expect(new Set(measures.map((m) => m.code)).size).toBe(measures.length);
    // Every executor is an organisation or group of the directory (proposed ones included).
    for (const m of measures) for (const e of m.executors) expect(e.type === 'group' ? directory.group(e.id) : directory.organisation(e.id), `${m.code} ${e.id}`).toBeTruthy();
    // Columns beyond measure, deadline and executors are kept in the measure's note, by their header.
    for (const e of expected.measures.filter((x) => x.attributes && Object.keys(x.attributes).length > 0)) {
      const m = measures.find((x) => comparable(x.title) === comparable(e.title));
      if (!m) continue; // a measure read with another text is scored by the corpus test
      // Tasks written in a column are the plan's tasks, not attributes.
      for (const [header, value] of Object.entries(e.attributes!).filter(([h]) => headerRole(h) !== 'task' && headerRole(h) !== 'goal')) {
        expect(m.note, `${file} ${m.code}`).toContain(`${header}: `);
        expect(comparable(m.note ?? ''), `${file} ${m.code}`).toContain(comparable(value.split(/\n/)[0]!).slice(0, 40));
      }
    }
    const recorded = await t.db.selectFrom('plan_imports').select('file_kind').where('plan_id', '=', result.planId).executeTakeFirstOrThrow();
    expect(recorded.file_kind).toBe(path.extname(file).slice(1) === 'txt' ? 'text' : path.extname(file).slice(1));
    const plan = (await getPlan(t.db, result.planId))!;
    if (expected.schedule && (expected.schedule.periodKind === 'quarter' || expected.schedule.periodKind === 'half_year')) {
      expect({ kind: plan.schedule.periodKind, day: plan.schedule.executorDueDay }).toEqual({ kind: expected.schedule.periodKind, day: expected.schedule.executorDueDay });
    }
  });
});
