import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { Plan } from '../../db/schema.ts';

/** The only Kysely code of the plans feature. */

export async function findPlans(db: DbOrTx): Promise<(Plan & { measure_count: number })[]> {
  const rows = await db
    .selectFrom('plans')
    .selectAll('plans')
    .select((eb) =>
      eb
        .selectFrom('measure_versions')
        .whereRef('measure_versions.plan_id', '=', 'plans.id')
        .where('measure_versions.valid_to', 'is', null)
        .select(eb.fn.countAll<number>().as('n'))
        .as('measure_count'),
    )
    .where('discarded_at', 'is', null)
    .orderBy('start_date', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, measure_count: Number(r.measure_count ?? 0) }));
}

/** A plan by id; a discarded draft is as good as none. */
export async function findPlan(db: DbOrTx, id: string): Promise<Plan | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).where('discarded_at', 'is', null).executeTakeFirst();
}

export async function findPlanEvenDiscarded(db: DbOrTx, id: string): Promise<Plan | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markDiscarded(db: DbOrTx, id: string, at: string): Promise<boolean> {
  const r = await db.updateTable('plans').set({ discarded_at: at, updated_at: at }).where('id', '=', id).where('state', '=', 'draft').where('discarded_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertPlan(db: DbOrTx, row: Omit<Plan, 'discarded_at'>): Promise<void> {
  await db.insertInto('plans').values({ ...row, discarded_at: null }).execute();
}

export async function insertGoal(db: DbOrTx, row: { plan_id: string; number: number; title: string }): Promise<number> {
  const r = await db.insertInto('goals').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function insertTask(db: DbOrTx, row: { goal_id: number; number: number; title: string }): Promise<number> {
  const r = await db.insertInto('tasks').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function insertMeasure(db: DbOrTx, row: { plan_id: string; created_at: string }): Promise<number> {
  const r = await db.insertInto('measures').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function insertMeasureVersion(
  db: DbOrTx,
  row: {
    measure_id: number;
    plan_id: string;
    task_id: number;
    amendment_id: number | null;
    valid_from: string;
    code: string;
    number: number;
    title: string;
    deadline_text: string | null;
    deadline_from: string | null;
    deadline_to: string | null;
    permanent: 0 | 1;
    deadline_note: 'not_stated' | null;
    note: string | null;
    search_text: string;
    created_at: string;
  },
): Promise<number> {
  const r = await db
    .insertInto('measure_versions')
    .values({ ...row, valid_to: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function insertMeasureExecutors(
  db: DbOrTx,
  rows: {
    measure_version_id: number;
    position: number;
    organisation_id: string | null;
    group_id: string | null;
    is_lead: 0 | 1;
    by_consent: 0 | 1;
    as_written: string | null;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('measure_executors').values(rows).execute();
}

export async function findGoals(db: DbOrTx, planId: string) {
  return db.selectFrom('goals').select(['id', 'number', 'title']).where('plan_id', '=', planId).orderBy('number').execute();
}

export async function findTasks(db: DbOrTx, planId: string) {
  return db
    .selectFrom('tasks')
    .innerJoin('goals', 'goals.id', 'tasks.goal_id')
    .select(['tasks.id', 'tasks.goal_id', 'tasks.number', 'tasks.title'])
    .where('goals.plan_id', '=', planId)
    .orderBy('goals.number')
    .orderBy('tasks.number')
    .execute();
}

export interface MeasureFilter {
  /** Organisations whose measures to keep: directly named, or through one of `groupIds`. */
  executor?: { organisationId: string; groupIds: readonly string[] };
  /** A normalised search string (see domain/text.ts), matched anywhere in the measure's text. */
  search?: string;
}

/** The current versions of a plan's measures, optionally filtered, in plan order. */
export async function findCurrentMeasureVersions(db: DbOrTx, planId: string, filter: MeasureFilter = {}) {
  let q = db
    .selectFrom('measure_versions as mv')
    .innerJoin('tasks', 'tasks.id', 'mv.task_id')
    .innerJoin('goals', 'goals.id', 'tasks.goal_id')
    .selectAll('mv')
    .where('mv.plan_id', '=', planId)
    .where('mv.valid_to', 'is', null);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`mv.search_text like ${pattern} escape '\\'`);
  }
  if (filter.executor) {
    const { organisationId, groupIds } = filter.executor;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('measure_executors as me')
          .select('me.position')
          .whereRef('me.measure_version_id', '=', 'mv.id')
          .where((e) =>
            groupIds.length > 0
              ? e.or([e('me.organisation_id', '=', organisationId), e('me.group_id', 'in', groupIds)])
              : e('me.organisation_id', '=', organisationId),
          ),
      ),
    );
  }
  return q.orderBy('goals.number').orderBy('tasks.number').orderBy('mv.number').execute();
}

export async function countCurrentMeasures(db: DbOrTx, planId: string): Promise<number> {
  const r = await db
    .selectFrom('measure_versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('plan_id', '=', planId)
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findCurrentMeasureVersion(db: DbOrTx, planId: string, measureId: number) {
  return db
    .selectFrom('measure_versions')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('measure_id', '=', measureId)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
}

export async function findExecutorsOfVersions(db: DbOrTx, versionIds: readonly number[]) {
  if (versionIds.length === 0) return [];
  return db
    .selectFrom('measure_executors')
    .selectAll()
    .where('measure_version_id', 'in', versionIds)
    .orderBy('measure_version_id')
    .orderBy('position')
    .execute();
}

/** Every organisation and group named as an executor anywhere in the plan's current measures. */
export async function findPlanExecutorTargets(db: DbOrTx, planId: string) {
  return db
    .selectFrom('measure_executors as me')
    .innerJoin('measure_versions as mv', 'mv.id', 'me.measure_version_id')
    .select(['me.organisation_id', 'me.group_id'])
    .where('mv.plan_id', '=', planId)
    .where('mv.valid_to', 'is', null)
    .distinct()
    .execute();
}

export async function findMeasuresOfOrganisation(db: DbOrTx, organisationId: string, groupIds: readonly string[]) {
  return db
    .selectFrom('measure_executors as me')
    .innerJoin('measure_versions as mv', 'mv.id', 'me.measure_version_id')
    .innerJoin('plans', 'plans.id', 'mv.plan_id')
    .select(['mv.plan_id', 'mv.measure_id', 'mv.code', 'mv.title', 'me.group_id', 'plans.title as plan_title', 'plans.start_date'])
    .where('mv.valid_to', 'is', null)
    .where((e) =>
      groupIds.length > 0
        ? e.or([e('me.organisation_id', '=', organisationId), e('me.group_id', 'in', groupIds)])
        : e('me.organisation_id', '=', organisationId),
    )
    .orderBy('plans.start_date', 'desc')
    .orderBy('mv.plan_id')
    .orderBy('mv.id')
    .execute();
}

export async function findCurrentMeasureByCode(db: DbOrTx, planId: string, code: string) {
  return db.selectFrom('measure_versions').select('measure_id').where('plan_id', '=', planId).where('code', '=', code).where('valid_to', 'is', null).executeTakeFirst();
}

export async function findMeasuresOfGroup(db: DbOrTx, groupId: string) {
  return db
    .selectFrom('measure_executors as me')
    .innerJoin('measure_versions as mv', 'mv.id', 'me.measure_version_id')
    .select(['mv.plan_id', 'mv.measure_id', 'mv.code', 'mv.title'])
    .where('mv.valid_to', 'is', null)
    .where('me.group_id', '=', groupId)
    .orderBy('mv.plan_id')
    .orderBy('mv.id')
    .execute();
}

export async function updatePlanState(db: DbOrTx, id: string, from: string, to: 'draft' | 'active' | 'closed' | 'archived', at: string): Promise<boolean> {
  const r = await db.updateTable('plans').set({ state: to, updated_at: at }).where('id', '=', id).where('state', '=', from as 'draft').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateMeasureVersion(
  db: DbOrTx,
  versionId: number,
  set: { title: string; deadline_text: string | null; deadline_from: string | null; deadline_to: string | null; permanent: 0 | 1; deadline_note: 'not_stated' | null; search_text: string },
): Promise<void> {
  await db.updateTable('measure_versions').set(set).where('id', '=', versionId).execute();
}

export async function deleteMeasureExecutors(db: DbOrTx, versionId: number): Promise<void> {
  await db.deleteFrom('measure_executors').where('measure_version_id', '=', versionId).execute();
}
