import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustableClock } from '../../clock.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../../test/support/database.ts';
import { DEFAULT_SCHEDULE } from '../../domain/periods.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory, type Directory } from '../organisations/service.ts';
import { seed } from '../seed/service.ts';
import * as amendments from './amendments.ts';
import { copyPlan, detailsOf, updateDraftDetails, type PlanDetailsInput } from './lifecycle.ts';
import { addDraftMeasure, getPlan, getPlanOutline, measureIdByCode, planStructure, removeDraftMeasure } from './service.ts';
import { activatePlan, draftChecks } from './activation.ts';
import { createPlan } from './creation.ts';

const PLAN = 'poltava-ctb-2023-2025';
const clock = adjustableClock('2026-01-15T09:00:00Z');
let t: TestDatabase;
let directory: Directory;

beforeAll(async () => {
  t = await createTestDatabase();
  await seed(t.db, clock);
  directory = await loadDirectory(t.db);
});
afterAll(async () => {
  await t.cleanup();
});

const next = async (over: Partial<PlanDetailsInput> = {}): Promise<PlanDetailsInput> => ({
  ...detailsOf((await getPlan(t.db, PLAN))!),
  title: 'Обласна програма протидії торгівлі людьми на період до 2030 року',
  shortTitle: 'Програма до 2030 року',
  legalNumber: '15',
  legalDate: '12.01.2026',
  start: '01.01.2026',
  end: '31.12.2030',
  ...over,
});

describe(`copying a plan as the next one on ${DIALECT}`, () => {
  it('refuses details that are not a plan: no number, dates the wrong way round, a plan for decades', async () => {
    const result = await copyPlan(t.db, clock, SYSTEM_ACTOR, directory, PLAN, await next({ legalNumber: '', start: '31.12.2030', end: '01.01.2026', executorDueDay: '32' }));
    expect(result).toEqual({ errors: { legalNumber: 'empty', legalDate: 'afterEnd', end: 'beforeStart', executorDueDay: 'invalid' } });
    expect(await copyPlan(t.db, clock, SYSTEM_ACTOR, directory, PLAN, await next({ title: ' обласний план заходів щодо реалізації державної політики у сфері протидії торгівлі людьми на період до 2025 року ' }))).toEqual({ errors: { title: 'sameTitle' } });
    expect(await copyPlan(t.db, clock, SYSTEM_ACTOR, directory, PLAN, await next({ end: '31.12.2099' }))).toEqual({ errors: { end: 'tooLongPlan' } });
    expect(await copyPlan(t.db, clock, SYSTEM_ACTOR, directory, 'no-such-plan', await next())).toBe('no-plan');
  });

  it('starts a draft with the latest text of every measure, its executors and indicators; removed measures stay behind', async () => {
    // Amend the source first: 1.9 removed, 2.5 reworded.
    const source = (await getPlan(t.db, PLAN))!;
    const a = (await amendments.createAmendment(t.db, clock, SYSTEM_ACTOR, PLAN, { legalKind: '', legalNumber: '77', legalDate: '2025-02-01', effectiveFrom: '2025-03-01', note: '' })) as { id: number };
    await amendments.stageMeasureRemoval(t.db, clock, SYSTEM_ACTOR, source, a.id, (await measureIdByCode(t.db, PLAN, '1.9'))!);
    await amendments.stageMeasureEdit(t.db, clock, SYSTEM_ACTOR, directory, source, a.id, (await measureIdByCode(t.db, PLAN, '2.5'))!, { title: 'Збір статистичних даних (нова редакція)', deadline: 'Постійно', executors: [{ type: 'organisation', id: 'poltava-police' }] });
    expect(await amendments.applyAmendment(t.db, clock, SYSTEM_ACTOR, directory, PLAN, a.id)).toEqual({ ok: true });
    const m11 = (await measureIdByCode(t.db, PLAN, '1.1'))!;
    await t.db.insertInto('indicators').values({ plan_id: PLAN, measure_id: m11, code: 'events', name: 'Проведено інформаційних заходів', unit: 'од.', kind: 'count', aggregation: 'per_period', target: null, sensitive: 0, additive_across_kinds: 1, position: 1 }).execute();

    const result = await copyPlan(t.db, clock, SYSTEM_ACTOR, directory, PLAN, await next());
    expect(result).toEqual({ planId: 'poltava-ctb-2026-2030' });
    const copy = (await getPlan(t.db, 'poltava-ctb-2026-2030'))!;
    expect(copy).toMatchObject({ state: 'draft', copiedFrom: PLAN, start: '2026-01-01', end: '2030-12-31', legal: { number: '15', date: '2026-01-12' }, coordinatorOrganisationId: 'poltava-ova-social-protection' });
    const outline = (await getPlanOutline(t.db, directory, copy.id))!;
    const codes = outline.goals.flatMap((g) => g.tasks.flatMap((task) => task.measures.map((m) => m.code)));
    expect(codes).toHaveLength(29);
    expect(codes).not.toContain('1.9');
    const m25 = outline.goals[1]!.tasks[0]!.measures.find((m) => m.code === '2.5')!;
    expect(m25.title).toBe('Збір статистичних даних (нова редакція)');
    const m11copy = outline.goals[0]!.tasks[0]!.measures[0]!;
    expect(m11copy.executors.map((e) => e.id)).toEqual(['poltava-ova-social-protection', 'poltava-ova-education', 'poltava-ova-information', 'poltava-ova-culture', 'poltava-police', 'poltava-social-services-centre', 'district-military-administrations', 'local-self-government']);
    expect(m11copy.validFrom).toBe('2026-01-01');
    // The indicators come along (the seeded defaults and the one added here), but not those of the removed 1.9.
    const sourceCodes = (await t.db.selectFrom('indicators').select('code').where('plan_id', '=', PLAN).execute()).map((i) => i.code);
    const indicators = await t.db.selectFrom('indicators').selectAll().where('plan_id', '=', copy.id).execute();
    expect(indicators.map((i) => i.code).sort()).toEqual(sourceCodes.filter((c) => !c.startsWith('1.9.')).sort());
    expect(Number(indicators.find((i) => i.code === 'events')!.measure_id)).toBe(m11copy.id);
    // "2023-2025" ends before the new plan: the draft's checks say so, measure by measure.
    const checks = await draftChecks(t.db, directory, copy);
    expect(checks.filter((c) => c.kind === 'deadlineBeforeStart').map((c) => c.measure)).toContain('1.1');
    expect(checks.some((c) => c.blocking)).toBe(false);
    // A second copy never takes the first one's id.
    expect(await copyPlan(t.db, clock, SYSTEM_ACTOR, directory, PLAN, await next())).toEqual({ planId: 'poltava-ctb-2026-2030-2' });
  });
});

describe(`correcting a draft on ${DIALECT}`, () => {
  const DRAFT = 'poltava-ctb-2026-2030';

  it('moves the measures with a new start and re-reads deadlines that run from it', async () => {
    const m35 = (await measureIdByCode(t.db, DRAFT, '1.5'))!; // "До 2025 року"
    const result = await updateDraftDetails(t.db, clock, SYSTEM_ACTOR, DRAFT, await next({ start: '01.02.2026', end: '31.12.2030', legalIssuer: 'Начальник Полтавської обласної військової адміністрації' }));
    expect(result).toBeNull();
    const outline = (await getPlanOutline(t.db, directory, DRAFT))!;
    const m = outline.goals[0]!.tasks[0]!.measures.find((x) => x.id === m35)!;
    expect(m.validFrom).toBe('2026-02-01');
    expect([m.deadlineFrom, m.deadlineTo]).toEqual(['2025-12-31', '2025-12-31']);
    expect((await getPlan(t.db, DRAFT))!.start).toBe('2026-02-01');
    // Not a draft: not corrected in place.
    expect(await updateDraftDetails(t.db, clock, SYSTEM_ACTOR, PLAN, await next())).toBe('not-draft');
  });

  it('adds and removes measures, and will not bring into force a measure nobody executes', async () => {
    const structure = await planStructure(t.db, DRAFT);
    const task = structure.tasks[0]!;
    const bad = await addDraftMeasure(t.db, clock, SYSTEM_ACTOR, directory, DRAFT, { code: '1.1', taskId: 999_999, title: ' ', deadline: 'колись', executors: [] });
    expect(bad).toEqual({ errors: { code: 'taken', taskId: 'empty', title: 'empty', deadline: 'notUnderstood', executors: 'empty' } });
    const added = await addDraftMeasure(t.db, clock, SYSTEM_ACTOR, directory, DRAFT, { code: '1.10', taskId: task.id, title: 'Новий захід 2026', deadline: '2026-2030', executors: [{ type: 'group', id: 'district-military-administrations' }] });
    expect(added).toMatchObject({ measureId: expect.any(Number) });
    expect(await measureIdByCode(t.db, DRAFT, '1.10')).toBe((added as { measureId: number }).measureId);
    expect(await removeDraftMeasure(t.db, clock, SYSTEM_ACTOR, DRAFT, (added as { measureId: number }).measureId)).toBe(true);
    expect(await measureIdByCode(t.db, DRAFT, '1.10')).toBeUndefined();
    expect(await removeDraftMeasure(t.db, clock, SYSTEM_ACTOR, PLAN, (await measureIdByCode(t.db, PLAN, '1.1'))!)).toBe(false);

    // A draft with a measure that names nobody is refused activation, with the measure named.
    await createPlan(t.db, clock, {
      id: 'draft-without-executors',
      title: 'Чернетка',
      legal: { kind: 'розпорядження', issuer: 'ОВА', number: '1', date: '2026-01-01' },
      start: '2026-01-01',
      end: '2026-12-31',
      ownerOrganisationId: 'poltava-ova',
      coordinatorOrganisationId: 'poltava-ova-social-protection',
      state: 'draft',
      schedule: DEFAULT_SCHEDULE,
      goals: [{ number: 1, title: 'Ціль', tasks: [{ number: 1, title: 'Завдання', measures: [{ code: '1.1', title: 'Захід', deadline: 'Постійно', executors: [] }] }] }],
    });
    const refused = await activatePlan(t.db, clock, SYSTEM_ACTOR, directory, 'draft-without-executors');
    expect(refused).toEqual({ ok: false, reason: 'blocked', checks: [{ measure: '1.1', kind: 'noExecutors', blocking: true }] });
    expect((await getPlan(t.db, 'draft-without-executors'))!.state).toBe('draft');
    expect(await activatePlan(t.db, clock, SYSTEM_ACTOR, directory, DRAFT)).toEqual({ ok: true });
    expect(await activatePlan(t.db, clock, SYSTEM_ACTOR, directory, DRAFT)).toEqual({ ok: false, reason: 'not-draft' });
  });
});
