import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustableClock } from '../../clock.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory, type Directory } from '../organisations/service.ts';
import { seed } from '../seed/service.ts';
import * as amendments from './amendments.ts';
import { getMeasure, getPlan, getPlanOutline, measureIdByCode, measureVersions, planStructure, type PlanView } from './service.ts';
import { changePlanState } from './activation.ts';

const PLAN = 'poltava-ctb-2023-2025';
// "Today" late in 2024: every amending order of these tests is already signed.
const clock = adjustableClock('2024-12-01T09:00:00Z');
let t: TestDatabase;
let directory: Directory;
let plan: PlanView;

beforeAll(async () => {
  t = await createTestDatabase();
  await seed(t.db, clock);
  directory = await loadDirectory(t.db);
  plan = (await getPlan(t.db, PLAN))!;
});
afterAll(async () => {
  await t.cleanup();
});

const basis = (over: Partial<amendments.BasisInput> = {}): amendments.BasisInput => ({ legalKind: '', legalNumber: '312', legalDate: '14.03.2024', effectiveFrom: '01.04.2024', note: '', ...over });
const id = async (code: string) => (await measureIdByCode(t.db, PLAN, code))!;
const codesOn = async (on: string) => (await getPlanOutline(t.db, directory, PLAN, { on }))!.goals.flatMap((g) => g.tasks.flatMap((task) => task.measures.map((m) => m.code)));
const versionRows = async () => t.db.selectFrom('measure_versions').selectAll().where('plan_id', '=', PLAN).orderBy('id').execute();
const police = [{ type: 'organisation' as const, id: 'poltava-police' }];

describe(`amending a plan in force on ${DIALECT}`, () => {
  it('refuses an amending order without a number, with dates outside the plan, or before the plan\u2019s own order', async () => {
    const bad = await amendments.createAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, basis({ legalNumber: ' ', legalDate: '31.02.2024', effectiveFrom: '04.09.2023' }));
    expect(bad).toMatchObject({ errors: { legalNumber: 'empty', legalDate: 'nonexistent', effectiveFrom: 'notAfterStart' } });
    expect(await amendments.createAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, basis({ legalDate: '01.01.2023', effectiveFrom: '01.01.2026' }))).toMatchObject({ errors: { legalDate: 'beforePlan', effectiveFrom: 'afterEnd' } });
    expect(await amendments.draftAmendmentOf(t.db, PLAN)).toBeUndefined();
  });

  it('prepares changes that nobody sees until they are applied, then applies them all from the effective date', async () => {
    const before = await versionRows();
    const created = await amendments.createAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, basis({ note: 'Уточнення виконавців' }));
    const amendmentId = (created as { id: number }).id;
    // One amendment in preparation at a time: a second start continues the first.
    expect(await amendments.createAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, basis({ legalNumber: '999' }))).toEqual({ existing: amendmentId });

    const m25 = await id('2.5');
    const edit = await amendments.stageMeasureEdit(t.db, clock, SYSTEM_ACTOR, directory, plan, amendmentId, m25, { title: 'Здійснення збору статистичних даних щокварталу', deadline: 'Постійно', executors: [...police, { type: 'organisation', id: 'poltava-ova-children' }], lead: police[0] });
    expect(edit).toEqual({ ok: true });
    expect(await amendments.stageMeasureRemoval(t.db, clock, SYSTEM_ACTOR, plan, amendmentId, await id('1.8'))).toBe('ok');
    const lastTask = (await planStructure(t.db, PLAN)).tasks.at(-1)!;
    // 1.8 is being removed, but 4.7 stays: its number is taken.
    expect(await amendments.stageMeasureAddition(t.db, clock, SYSTEM_ACTOR, directory, plan, amendmentId, { code: '4.7', taskId: lastTask.id, title: 'Новий захід', deadline: '2024-2025', executors: police })).toEqual({ errors: { code: 'taken' } });
    expect(await amendments.stageMeasureAddition(t.db, clock, SYSTEM_ACTOR, directory, plan, amendmentId, { code: '4.8', taskId: lastTask.id, title: 'Супровід осіб, які повернулися з-за кордону', deadline: '2024-2025', executors: police })).toEqual({ ok: true });

    // Prepared, not applied: the plan and its versions are as they were.
    expect(await versionRows()).toEqual(before);
    expect(await codesOn('2024-04-01')).toContain('1.8');
    const draft = (await amendments.getAmendment(t.db, directory, plan, amendmentId))!;
    expect(draft.changes.map((c) => `${c.kind}:${c.code}`)).toEqual(['edit:2.5', 'remove:1.8', 'add:4.8']);
    expect(draft.changes[0]!.before!.title).toContain('Здійснення збору статистичних даних');
    expect(draft.changes[0]!.after!.executors.map((e) => `${e.id}${e.isLead ? '*' : ''}`)).toEqual(['poltava-police*', 'poltava-ova-children']);

    expect(await amendments.applyAmendment(t.db, clock, SYSTEM_ACTOR, directory, PLAN, amendmentId)).toEqual({ ok: true });

    // Every version that existed keeps its text: a report written against it reads the same.
    const after = await versionRows();
    for (const old of before) {
      const now = after.find((v) => v.id === old.id)!;
      expect({ ...now, valid_to: null }).toEqual({ ...old, valid_to: null });
    }
    // The day before: the plan as approved; from the effective date: as amended.
    expect(await codesOn('2024-03-31')).toContain('1.8');
    expect(await codesOn('2024-03-31')).not.toContain('4.8');
    const amended = await codesOn('2024-04-01');
    expect(amended).not.toContain('1.8');
    expect(amended).toContain('4.8');
    expect(amended).toHaveLength(30);
    expect((await getMeasure(t.db, PLAN, m25, '2024-03-31'))!.measure.title).toContain('Здійснення збору статистичних даних щодо');
    const now25 = (await getMeasure(t.db, PLAN, m25, '2024-04-01'))!.measure;
    expect(now25).toMatchObject({ title: 'Здійснення збору статистичних даних щокварталу', permanent: true, validFrom: '2024-04-01', amendmentId });
    expect(now25.executors.map((e) => [e.id, e.isLead])).toEqual([
      ['poltava-police', true],
      ['poltava-ova-children', false],
    ]);
    // The order's own wording of an executor named before stays with it.
    const was = (await getMeasure(t.db, PLAN, m25, '2024-03-31'))!.measure.executors.find((e) => e.id === 'poltava-police');
    expect(now25.executors[0]!.asWritten).toBe(was?.asWritten ?? null);

    const applied = (await amendments.getAmendment(t.db, directory, plan, amendmentId))!;
    expect(applied.state).toBe('applied');
    expect(applied.changes.map((c) => [c.kind, c.code, Boolean(c.before), Boolean(c.after)])).toEqual([
      ['edit', '2.5', true, true],
      ['remove', '1.8', true, false],
      ['add', '4.8', false, true],
    ]);
    const audit = await t.db.selectFrom('audit_events').select(['action', 'details']).where('action', '=', 'plan.amendment_applied').execute();
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ number: '312', effectiveFrom: '2024-04-01', changes: [{ kind: 'edit', code: '2.5' }, { kind: 'remove', code: '1.8' }, { kind: 'add', code: '4.8' }] });
    // Applying twice does nothing more.
    expect(await amendments.applyAmendment(t.db, clock, SYSTEM_ACTOR, directory, PLAN, amendmentId)).toBe('not-draft');
  });

  it('keeps amendments in order: the next takes effect later, and a measure changed twice has three versions', async () => {
    expect(await amendments.createAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, basis({ legalNumber: '400', effectiveFrom: '01.04.2024' }))).toMatchObject({ errors: { effectiveFrom: 'notAfterPrevious' } });
    const created = (await amendments.createAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, basis({ legalNumber: '401', legalDate: '2024-06-20', effectiveFrom: '2024-07-01' }))) as { id: number };
    const m25 = await id('2.5');
    // Saving what the measure already says is not a change.
    const current = (await getMeasure(t.db, PLAN, m25))!.measure;
    expect(await amendments.stageMeasureEdit(t.db, clock, SYSTEM_ACTOR, directory, plan, created.id, m25, { title: current.title, deadline: current.deadlineText!, executors: current.executors, lead: current.executors[0] })).toEqual({ errors: { title: 'unchanged' } });
    expect(await amendments.stageMeasureEdit(t.db, clock, SYSTEM_ACTOR, directory, plan, created.id, m25, { title: current.title, deadline: '2024-2025', executors: police })).toEqual({ ok: true });
    expect(await amendments.applyAmendment(t.db, clock, SYSTEM_ACTOR, directory, PLAN, created.id)).toEqual({ ok: true });
    const versions = await measureVersions(t.db, PLAN, m25);
    expect(versions.map((v) => [v.validFrom, v.validTo, v.deadlineText])).toEqual([
      ['2023-09-04', '2024-04-01', 'Постійно'],
      ['2024-04-01', '2024-07-01', 'Постійно'],
      ['2024-07-01', null, '2024-2025'],
    ]);
    expect((await amendments.listAmendments(t.db, directory, plan, { withDrafts: false })).map((a) => a.legal.number)).toEqual(['312', '401']);
  });

  it('refuses to apply an empty amendment, and discards one without touching the plan', async () => {
    const created = (await amendments.createAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, basis({ legalNumber: '500', legalDate: '2024-08-01', effectiveFrom: '2024-09-01' }))) as { id: number };
    expect(await amendments.applyAmendment(t.db, clock, SYSTEM_ACTOR, directory, PLAN, created.id)).toEqual({ ok: false, problems: [{ kind: 'noChanges' }] });
    // Refused: still being prepared, nothing written.
    expect((await amendments.getAmendment(t.db, directory, plan, created.id))!.state).toBe('draft');
    const before = await versionRows();
    await amendments.stageMeasureRemoval(t.db, clock, SYSTEM_ACTOR, plan, created.id, await id('3.1'));
    expect(await amendments.discardAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, created.id)).toBe(true);
    expect(await versionRows()).toEqual(before);
    expect(await amendments.getAmendment(t.db, directory, plan, created.id)).toBeUndefined();
    const row = await t.db.selectFrom('plan_amendments').select('state').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('discarded');
  });

  it('applies an amendment once when it is applied twice at the same moment', async () => {
    const created = (await amendments.createAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, basis({ legalNumber: '600', legalDate: '2024-09-10', effectiveFrom: '2024-10-01' }))) as { id: number };
    await amendments.stageMeasureEdit(t.db, clock, SYSTEM_ACTOR, directory, plan, created.id, await id('3.2'), { title: 'Оновлений захід 3.2', deadline: '', executors: police });
    const results = await Promise.all(Array.from({ length: 5 }, () => amendments.applyAmendment(t.db, clock, SYSTEM_ACTOR, directory, PLAN, created.id)));
    expect(results.filter((r) => typeof r === 'object' && r.ok)).toHaveLength(1);
    expect(results.filter((r) => r === 'not-draft')).toHaveLength(4);
    expect((await measureVersions(t.db, PLAN, await id('3.2'))).length).toBe(2);
  });

  it('amends only a plan in force, and closing the plan discards the amendment still being prepared', async () => {
    const pending = (await amendments.createAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, basis({ legalNumber: '650', legalDate: '2024-10-10', effectiveFrom: '2024-10-15' }))) as { id: number };
    expect(await changePlanState(t.db, clock, SYSTEM_ACTOR, PLAN, 'closed')).toBe(true);
    expect(await amendments.draftAmendmentOf(t.db, PLAN)).toBeUndefined();
    expect((await t.db.selectFrom('plan_amendments').select('state').where('id', '=', pending.id).executeTakeFirstOrThrow()).state).toBe('discarded');
    expect(await amendments.createAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, basis({ legalNumber: '700', effectiveFrom: '2024-11-01' }))).toBe('not-active');
    // A closed plan is not archived twice, and an archived one does not come back.
    expect(await changePlanState(t.db, clock, SYSTEM_ACTOR, PLAN, 'closed')).toBe(false);
    expect(await changePlanState(t.db, clock, SYSTEM_ACTOR, PLAN, 'archived')).toBe(true);
    expect(await changePlanState(t.db, clock, SYSTEM_ACTOR, PLAN, 'archived')).toBe(false);
    expect((await getPlan(t.db, PLAN))!.state).toBe('archived');
    const actions = (await t.db.selectFrom('audit_events').select('action').where('target_id', '=', PLAN).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['plan.amendment_created', 'plan.amendment_edited', 'plan.amendment_applied', 'plan.amendment_discarded', 'plan.closed', 'plan.archived']));
  });
});
