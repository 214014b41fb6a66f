import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { Insertable } from 'kysely';
import type { AmendmentState, Plan, PlanAmendment, PlanAmendmentChange, PlanAmendmentChangesTable, PlanAmendmentsTable, PlansTable, IndicatorsTable } from '../../db/schema.ts';

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

export async function insertPlan(db: DbOrTx, row: Insertable<PlansTable>): Promise<void> {
  await db.insertInto('plans').values(row).execute();
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
  /** The versions in force on this date; absent: the latest version of every measure not removed. */
  on?: string;
}

/** The current versions of a plan's measures, optionally filtered, in plan order. */
export async function findCurrentMeasureVersions(db: DbOrTx, planId: string, filter: MeasureFilter = {}) {
  let q = db
    .selectFrom('measure_versions as mv')
    .innerJoin('tasks', 'tasks.id', 'mv.task_id')
    .innerJoin('goals', 'goals.id', 'tasks.goal_id')
    .selectAll('mv')
    .where('mv.plan_id', '=', planId);
  const on = filter.on;
  q = on ? q.where('mv.valid_from', '<=', on).where((eb) => eb.or([eb('mv.valid_to', 'is', null), eb('mv.valid_to', '>', on)])) : q.where('mv.valid_to', 'is', null);
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

export async function countCurrentMeasures(db: DbOrTx, planId: string, on?: string): Promise<number> {
  let q = db
    .selectFrom('measure_versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('plan_id', '=', planId);
  q = on ? q.where('valid_from', '<=', on).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', on)])) : q.where('valid_to', 'is', null);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The version of a measure in force on a date. */
export async function findMeasureVersionOn(db: DbOrTx, planId: string, measureId: number, on: string) {
  return db
    .selectFrom('measure_versions')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('measure_id', '=', measureId)
    .where('valid_from', '<=', on)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', on)]))
    .executeTakeFirst();
}

/** Every version a measure has had, oldest first. */
export async function findVersionsOfMeasure(db: DbOrTx, planId: string, measureId: number) {
  return db.selectFrom('measure_versions').selectAll().where('plan_id', '=', planId).where('measure_id', '=', measureId).orderBy('valid_from').execute();
}

/** Versions by id (with the measure they belong to). */
export async function findVersionsByIds(db: DbOrTx, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('measure_versions').selectAll().where('id', 'in', ids).execute();
}

/** Versions an amendment created, and the versions it ended (they end on its effective date). */
export async function findVersionsTouchedBy(db: DbOrTx, planId: string, amendmentId: number, effectiveFrom: string) {
  return db
    .selectFrom('measure_versions')
    .selectAll()
    .where('plan_id', '=', planId)
    .where((eb) => eb.or([eb('amendment_id', '=', amendmentId), eb('valid_to', '=', effectiveFrom)]))
    .orderBy('valid_from')
    .execute();
}

/** Ends a version: from this date the measure reads as its next version says, or is gone. */
export async function closeMeasureVersion(db: DbOrTx, versionId: number, validTo: string): Promise<void> {
  await db.updateTable('measure_versions').set({ valid_to: validTo }).where('id', '=', versionId).where('valid_to', 'is', null).execute();
}

/** Deletes a measure of a draft with its versions and executors (a draft has no reports). */
export async function deleteMeasure(db: DbOrTx, planId: string, measureId: number): Promise<void> {
  await db.deleteFrom('measures').where('plan_id', '=', planId).where('id', '=', measureId).execute();
}

export async function updatePlan(db: DbOrTx, planId: string, set: Partial<Omit<Plan, 'id' | 'created_at'>>): Promise<void> {
  await db.updateTable('plans').set(set).where('id', '=', planId).execute();
}

/** Every version of a draft starts on the plan's first day: moved with it. */
export async function moveDraftVersionsStart(db: DbOrTx, planId: string, validFrom: string): Promise<void> {
  await db.updateTable('measure_versions').set({ valid_from: validFrom }).where('plan_id', '=', planId).execute();
}

export async function updateVersionDeadline(db: DbOrTx, versionId: number, set: { deadline_from: string | null; deadline_to: string | null; permanent: 0 | 1 }): Promise<void> {
  await db.updateTable('measure_versions').set(set).where('id', '=', versionId).execute();
}

// ---- amendments ------------------------------------------------------------------------------

export async function insertAmendment(db: DbOrTx, row: Insertable<PlanAmendmentsTable>): Promise<number> {
  const r = await db.insertInto('plan_amendments').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** A plan's amendments (discarded ones only when asked), in the order they take effect. */
export async function findAmendments(db: DbOrTx, planId: string, options: { withDiscarded?: boolean } = {}): Promise<PlanAmendment[]> {
  let q = db.selectFrom('plan_amendments').selectAll().where('plan_id', '=', planId);
  if (!options.withDiscarded) q = q.where('state', '<>', 'discarded');
  const rows = await q.orderBy('effective_from').orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function findAmendment(db: DbOrTx, planId: string, id: number): Promise<PlanAmendment | undefined> {
  const r = await db.selectFrom('plan_amendments').selectAll().where('plan_id', '=', planId).where('id', '=', id).executeTakeFirst();
  return r ? { ...r, id: Number(r.id) } : undefined;
}

/** Changes the state of an amendment only from the state the caller saw; false otherwise. */
export async function updateAmendmentState(db: DbOrTx, id: number, from: AmendmentState, set: { state: AmendmentState; applied_at?: string; discarded_at?: string }): Promise<boolean> {
  const r = await db.updateTable('plan_amendments').set(set).where('id', '=', id).where('state', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Discards the amendments still being prepared for a plan (when it closes); returns their ids. */
export async function discardDraftAmendments(db: DbOrTx, planId: string, at: string): Promise<number[]> {
  const rows = await db.selectFrom('plan_amendments').select('id').where('plan_id', '=', planId).where('state', '=', 'draft').execute();
  if (rows.length) await db.updateTable('plan_amendments').set({ state: 'discarded', discarded_at: at }).where('plan_id', '=', planId).where('state', '=', 'draft').execute();
  return rows.map((r) => Number(r.id));
}

export async function updateAmendmentBasis(db: DbOrTx, id: number, set: { legal_kind: string; legal_number: string; legal_date: string; effective_from: string; note: string | null }): Promise<void> {
  await db.updateTable('plan_amendments').set(set).where('id', '=', id).where('state', '=', 'draft').execute();
}

export async function findChanges(db: DbOrTx, amendmentIds: readonly number[]): Promise<PlanAmendmentChange[]> {
  if (amendmentIds.length === 0) return [];
  const rows = await db.selectFrom('plan_amendment_changes').selectAll().where('amendment_id', 'in', amendmentIds).orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function insertChange(db: DbOrTx, row: Insertable<PlanAmendmentChangesTable>): Promise<number> {
  const r = await db.insertInto('plan_amendment_changes').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateChange(db: DbOrTx, id: number, set: Partial<Omit<PlanAmendmentChange, 'id' | 'amendment_id' | 'created_at'>>): Promise<void> {
  await db.updateTable('plan_amendment_changes').set(set).where('id', '=', id).execute();
}

export async function deleteChange(db: DbOrTx, amendmentId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('plan_amendment_changes').where('amendment_id', '=', amendmentId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

// ---- indicators (copied with a plan) -----------------------------------------------------------

export async function findIndicators(db: DbOrTx, planId: string) {
  return db.selectFrom('indicators').selectAll().where('plan_id', '=', planId).orderBy('position').orderBy('id').execute();
}

export async function insertIndicators(db: DbOrTx, rows: Insertable<IndicatorsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('indicators').values(rows).execute();
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

/**
 * Every version, in every plan not discarded, that names the organisation directly or through one
 * of the groups, with what is needed to tell which versions hold on a date and who may see them.
 */
export async function findMeasuresOfOrganisation(db: DbOrTx, organisationId: string, groupIds: readonly string[]) {
  return db
    .selectFrom('measure_executors as me')
    .innerJoin('measure_versions as mv', 'mv.id', 'me.measure_version_id')
    .innerJoin('plans', 'plans.id', 'mv.plan_id')
    .select(['mv.plan_id', 'mv.measure_id', 'mv.code', 'mv.title', 'mv.valid_from', 'mv.valid_to', 'me.group_id', 'plans.title as plan_title', 'plans.start_date', 'plans.end_date', 'plans.state as plan_state', 'plans.coordinator_organisation_id'])
    .where('plans.discarded_at', 'is', null)
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
    .innerJoin('plans', 'plans.id', 'mv.plan_id')
    .select(['mv.plan_id', 'mv.measure_id', 'mv.code', 'mv.title', 'mv.valid_from', 'mv.valid_to', 'me.group_id', 'plans.title as plan_title', 'plans.start_date', 'plans.end_date', 'plans.state as plan_state', 'plans.coordinator_organisation_id'])
    .where('plans.discarded_at', 'is', null)
    .where('me.group_id', '=', groupId)
    .orderBy('plans.start_date', 'desc')
    .orderBy('mv.plan_id')
    .orderBy('mv.id')
    .execute();
}

export async function updatePlanState(db: DbOrTx, id: string, from: Plan['state'], to: Plan['state'], at: string): Promise<boolean> {
  const r = await db.updateTable('plans').set({ state: to, updated_at: at }).where('id', '=', id).where('state', '=', from).where('discarded_at', 'is', null).executeTakeFirst();
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

// ---- a merge of organisations ---------------------------------------------------------------------

/**
 * Measures name the successor where they named the merged organisation (once per version: where
 * both were named, the merged one's row goes). The order's own wording of each stays.
 */
export async function reassignExecutor(db: DbOrTx, fromId: string, intoId: string): Promise<number> {
  const both = await db
    .selectFrom('measure_executors as a')
    .innerJoin('measure_executors as b', 'b.measure_version_id', 'a.measure_version_id')
    .select(['a.measure_version_id', 'a.position'])
    .where('a.organisation_id', '=', fromId)
    .where('b.organisation_id', '=', intoId)
    .execute();
  for (const r of both) await db.deleteFrom('measure_executors').where('measure_version_id', '=', r.measure_version_id).where('position', '=', r.position).execute();
  const r = await db.updateTable('measure_executors').set({ organisation_id: intoId }).where('organisation_id', '=', fromId).executeTakeFirst();
  await db.updateTable('plans').set({ owner_organisation_id: intoId }).where('owner_organisation_id', '=', fromId).execute();
  await db.updateTable('plans').set({ coordinator_organisation_id: intoId }).where('coordinator_organisation_id', '=', fromId).execute();
  return Number(r.numUpdatedRows) + both.length;
}

/** Changes prepared in draft amendments, with their executors (JSON). */
export async function findDraftChanges(db: DbOrTx) {
  return db
    .selectFrom('plan_amendment_changes as c')
    .innerJoin('plan_amendments as a', 'a.id', 'c.amendment_id')
    .select(['c.id', 'c.executors'])
    .where('a.state', '=', 'draft')
    .where('c.executors', 'is not', null)
    .execute();
}

/** Versions in force at some time from `from` to `to` (inclusive local dates), in plan order. */
export async function findVersionsOverlapping(db: DbOrTx, planId: string, from: string, to: string) {
  return db
    .selectFrom('measure_versions as mv')
    .innerJoin('tasks', 'tasks.id', 'mv.task_id')
    .innerJoin('goals', 'goals.id', 'tasks.goal_id')
    .selectAll('mv')
    .select(['goals.number as goal_number', 'goals.title as goal_title', 'tasks.number as task_number', 'tasks.title as task_title'])
    .where('mv.plan_id', '=', planId)
    .where('mv.valid_from', '<=', to)
    .where((eb) => eb.or([eb('mv.valid_to', 'is', null), eb('mv.valid_to', '>', from)]))
    .orderBy('goals.number')
    .orderBy('tasks.number')
    .orderBy('mv.number')
    .orderBy('mv.valid_from')
    .execute();
}
