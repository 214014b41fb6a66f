import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustableClock } from '../../clock.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../../test/support/database.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { applyAmendment, getAmendment } from '../plans/amendments.ts';
import { getPlan, getPlanOutline } from '../plans/service.ts';
import { seed } from '../seed/service.ts';
import { ImportError, importDraftPlan } from './service.ts';

/** Issue 18: an amending order read into a prepared amendment of the plan it names. */

const PLAN = 'poltava-ctb-2023-2025';
const FIRST = fs.readFileSync(path.resolve('fixtures/orders/14-poltava-609-amendment.txt'));
const SECOND = fs.readFileSync(path.resolve('fixtures/orders/15-poltava-609-amendment-2.docx'));
const clock = adjustableClock('2024-11-04T09:00:00Z');
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seed(t.db, clock);
});
afterAll(async () => {
  await t.cleanup();
});

const input = (bytes: Uint8Array, coordinator = 'poltava-ova-social-protection') => ({ bytes, fileName: 'зміни.txt', coordinatorOrganisationId: coordinator, ownerOrganisationId: 'poltava-ova' });
const problemOf = (p: Promise<unknown>) => p.then(
  () => null,
  (e: unknown) => (e instanceof ImportError ? e.problem : String(e)),
);

describe(`importing an amending order on ${DIALECT}`, () => {
  it('prepares the amendment: a new wording, a new measure in its goal\u2019s task, a removal; what the plan does not allow is reported, not staged', async () => {
    // One more change, of a measure the plan does not have.
    const withUnknown = Buffer.from(FIRST.toString('utf8').replace('замінити словами «2023–2026 роки».', 'замінити словами «2023–2026 роки»;\n\n5) пункт 7.7 виключити.'));
    const result = await importDraftPlan(t.db, clock, SYSTEM_ACTOR, input(withUnknown));
    if (result.kind !== 'amendment') throw new Error('read as a plan');
    expect(result.planId).toBe(PLAN);
    expect(result).toMatchObject({ staged: 4, problems: ['7.7: такого пункту в плані немає'] });
    const directory = await loadDirectory(t.db);
    const plan = (await getPlan(t.db, PLAN))!;
    const amendment = (await getAmendment(t.db, directory, plan, result.amendmentId))!;
    expect(amendment).toMatchObject({ state: 'draft', legal: { number: '214', date: '2024-03-26' } });
    expect(amendment.changes.map((c) => [c.kind, c.code]).sort()).toEqual([
      ['add', '2.8'],
      ['edit', '2.3'],
      ['edit', '3.2'],
      ['remove', '1.5'],
    ]);
    // One column changed ("у графі «Строки виконання» … замінити"): the rest as it stands.
    const column = amendment.changes.find((c) => c.code === '3.2')!;
    expect(column.after!.deadlineText).toBe('2023–2026 роки');
    expect(column.after!.title).toBe(column.before!.title);
    expect(column.after!.executors.map((e) => e.id)).toEqual(column.before!.executors.map((e) => e.id));
    const edit = amendment.changes.find((c) => c.code === '2.3')!;
    expect(edit.after!.title).toMatch(/^Забезпечення участі фахівців/);
    expect(edit.after!.deadlineText).toBe('Щопівроку');
    const outline = (await getPlanOutline(t.db, directory, PLAN))!;
    const taskOf27 = outline.goals.flatMap((g) => g.tasks).find((task) => task.measures.some((m) => m.code === '2.7'))!;
    expect(amendment.changes.find((c) => c.code === '2.8')!.taskId).toBe(taskOf27.id);
  });

  it('refuses a second amending order while one is being prepared, then prepares it once the first is applied, proposing unknown executors', async () => {
    expect(await problemOf(importDraftPlan(t.db, clock, SYSTEM_ACTOR, input(SECOND)))).toBe('amendment-pending');
    const directory = await loadDirectory(t.db);
    const draft = await t.db.selectFrom('plan_amendments').select('id').where('plan_id', '=', PLAN).where('state', '=', 'draft').executeTakeFirstOrThrow();
    expect(await applyAmendment(t.db, clock, SYSTEM_ACTOR, directory, PLAN, Number(draft.id))).toEqual({ ok: true });
    const result = await importDraftPlan(t.db, clock, SYSTEM_ACTOR, input(SECOND));
    if (result.kind !== 'amendment') throw new Error('read as a plan');
    expect(result).toMatchObject({ staged: 5, problems: [] });
    const proposed = await t.db.selectFrom('organisations').select(['name', 'source_confidence']).where('name', '=', 'Полтавська обласна прокуратура').executeTakeFirst();
    expect(proposed).toEqual({ name: 'Полтавська обласна прокуратура', source_confidence: 'probable' });
  });

  it('refuses an order amending a plan Zvit does not have, or one another organisation coordinates', async () => {
    const unknown = Buffer.from(FIRST.toString('utf8').replace('від 04.09.2023 № 609', 'від 04.09.2023 № 9999'));
    const refused = await importDraftPlan(t.db, clock, SYSTEM_ACTOR, input(unknown)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportError);
    // The message names the order it looked for.
    expect(refused).toMatchObject({ problem: 'amendment-no-plan', params: { number: '9999', date: '04.09.2023' } });
    expect(await problemOf(importDraftPlan(t.db, clock, SYSTEM_ACTOR, input(FIRST, 'poltava-police')))).toBe('amendment-not-yours');
  });
});

describe(`uploading an amending order on ${DIALECT}`, () => {
  it('takes the coordinator from the import page to the prepared amendment', async () => {
    const { buildTestApp } = await import('../../../test/support/app.ts');
    const app = await buildTestApp();
    try {
      const s = await app.as('coordinator');
      const res = await app.app.inject({ method: 'POST', url: '/plans/import', cookies: s.cookies, ...multipart({ _csrf: s.csrf }, { name: 'order', filename: 'zminy.txt', data: FIRST }) });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(new RegExp(`^/plans/${PLAN}/amendments/\\d+$`));
      const page = await app.get(res.headers.location as string, 'coordinator');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('2.8');
      expect(page.body).toContain('Імпортовано з файлу');
      // A second upload while it is prepared: a message beside the field, nothing written.
      const again = await app.app.inject({ method: 'POST', url: '/plans/import', cookies: s.cookies, ...multipart({ _csrf: s.csrf }, { name: 'order', filename: 'zminy.txt', data: FIRST }) });
      expect(again.statusCode, again.body.slice(0, 3000)).toBe(409);
      expect(again.body).toContain('До плану вже готується зміна');
      // Discarded, then the same order uploaded on two instances at once: one amendment is
      // prepared, the other upload is told one is being prepared.
      const draft = await app.database.db.selectFrom('plan_amendments').select('id').where('plan_id', '=', PLAN).where('state', '=', 'draft').executeTakeFirstOrThrow();
      const { discardAmendment } = await import('../plans/amendments.ts');
      expect(await discardAmendment(app.database.db, app.clock, SYSTEM_ACTOR, PLAN, Number(draft.id))).toBe(true);
      const twin = await app.twin();
      const upload = (instance: typeof app.app) => instance.inject({ method: 'POST', url: '/plans/import', cookies: s.cookies, ...multipart({ _csrf: s.csrf }, { name: 'order', filename: 'zminy.txt', data: FIRST }) });
      const both = await Promise.all([upload(app.app), upload(twin)]);
      expect(both.map((r) => r.statusCode).sort()).toEqual([303, 409]);
      const drafts = await app.database.db.selectFrom('plan_amendments').select('id').where('plan_id', '=', PLAN).where('state', '=', 'draft').execute();
      expect(drafts).toHaveLength(1);
      const changes = await app.database.db.selectFrom('plan_amendment_changes').select('id').where('amendment_id', '=', drafts[0]!.id).execute();
      expect(changes).toHaveLength(4);
    } finally {
      await app.close();
    }
  });
});
