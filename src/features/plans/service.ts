import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Plan, PlanState } from '../../db/schema.ts';
import { parseDeadline } from '../../domain/deadline.ts';
import { compareLocalDates, type LocalDate } from '../../domain/dates.ts';
import { reportingPeriods, type ReportingPeriod, type ReportingSchedule } from '../../domain/periods.ts';
import { localDateOf } from '../../domain/time.ts';
import { normaliseForSearch } from '../../domain/text.ts';
import type { Directory } from '../organisations/service.ts';
import * as repo from './repository.ts';

export interface PlanView {
  id: string;
  title: string;
  shortTitle: string | null;
  legal: { kind: string; issuer: string; number: string; date: LocalDate };
  start: LocalDate;
  end: LocalDate;
  ownerOrganisationId: string;
  coordinatorOrganisationId: string;
  state: PlanState;
  schedule: ReportingSchedule;
  reportsTo: string | null;
  controlledBy: string | null;
  sourceNote: string | null;
}

export interface ExecutorRef {
  type: 'organisation' | 'group';
  id: string;
  isLead: boolean;
  byConsent: boolean;
  asWritten: string | null;
}

export interface MeasureView {
  /** The measure's stable identity. */
  id: number;
  versionId: number;
  code: string;
  number: number;
  title: string;
  deadlineText: string | null;
  deadlineFrom: LocalDate | null;
  deadlineTo: LocalDate | null;
  permanent: boolean;
  deadlineNote: 'not_stated' | null;
  note: string | null;
  validFrom: LocalDate;
  executors: ExecutorRef[];
}

export interface TaskView {
  id: number;
  number: number;
  title: string;
  measures: MeasureView[];
}

export interface GoalView {
  id: number;
  number: number;
  title: string;
  tasks: TaskView[];
}

export interface PlanOutline {
  plan: PlanView;
  goals: GoalView[];
  /** Goals in the whole plan (the filter may hide some). */
  totalGoals: number;
  /** Measures shown after filtering, and in the whole plan. */
  shown: number;
  total: number;
}

export interface OutlineFilter {
  executorId?: string;
  q?: string;
}

export const MAX_SEARCH_LENGTH = 200;

function toPlanView(p: Plan): PlanView {
  return {
    id: p.id,
    title: p.title,
    shortTitle: p.short_title,
    legal: { kind: p.legal_kind, issuer: p.legal_issuer, number: p.legal_number, date: p.legal_date },
    start: p.start_date,
    end: p.end_date,
    ownerOrganisationId: p.owner_organisation_id,
    coordinatorOrganisationId: p.coordinator_organisation_id,
    state: p.state,
    schedule: {
      periodKind: p.period_kind,
      executorDueDay: p.executor_due_day,
      consolidationDueDay: p.consolidation_due_day,
      timeZone: p.time_zone,
      moveWeekendDeadlines: p.move_weekend_deadlines === 1,
    },
    reportsTo: p.reports_to,
    controlledBy: p.controlled_by,
    sourceNote: p.source_note,
  };
}

export async function listPlans(db: DbOrTx): Promise<(PlanView & { measureCount: number })[]> {
  const rows = await repo.findPlans(db);
  return rows.map((r) => ({ ...toPlanView(r), measureCount: r.measure_count }));
}

export async function getPlan(db: DbOrTx, planId: string): Promise<PlanView | undefined> {
  const p = await repo.findPlan(db, planId);
  return p ? toPlanView(p) : undefined;
}

type VersionRow = Awaited<ReturnType<typeof repo.findCurrentMeasureVersions>>[number];

async function toMeasureViews(db: DbOrTx, versions: VersionRow[]): Promise<MeasureView[]> {
  const executors = await repo.findExecutorsOfVersions(
    db,
    versions.map((v) => v.id),
  );
  const byVersion = new Map<number, ExecutorRef[]>();
  for (const e of executors) {
    const list = byVersion.get(e.measure_version_id) ?? [];
    list.push({
      type: e.organisation_id ? 'organisation' : 'group',
      id: (e.organisation_id ?? e.group_id)!,
      isLead: e.is_lead === 1,
      byConsent: e.by_consent === 1,
      asWritten: e.as_written,
    });
    byVersion.set(e.measure_version_id, list);
  }
  return versions.map((v) => ({
    id: v.measure_id,
    versionId: v.id,
    code: v.code,
    number: v.number,
    title: v.title,
    deadlineText: v.deadline_text,
    deadlineFrom: v.deadline_from,
    deadlineTo: v.deadline_to,
    permanent: v.permanent === 1,
    deadlineNote: v.deadline_note,
    note: v.note,
    validFrom: v.valid_from,
    executors: byVersion.get(v.id) ?? [],
  }));
}

/**
 * The plan's goals → tasks → measures as they stand now, filtered by an executor organisation
 * (directly named or through one of its groups) and by text. Goals and tasks with no measure
 * left after filtering are left out.
 */
export async function getPlanOutline(db: DbOrTx, directory: Directory, planId: string, filter: OutlineFilter = {}): Promise<PlanOutline | undefined> {
  const plan = await repo.findPlan(db, planId);
  if (!plan) return undefined;
  const search = filter.q ? normaliseForSearch(filter.q) : '';
  const measureFilter: repo.MeasureFilter = {};
  if (search) measureFilter.search = search;
  if (filter.executorId) {
    measureFilter.executor = { organisationId: filter.executorId, groupIds: directory.groupsOf(filter.executorId).map((g) => g.id) };
  }
  const filtered = Boolean(measureFilter.search || measureFilter.executor);
  const [goals, tasks, versions, total] = await Promise.all([
    repo.findGoals(db, planId),
    repo.findTasks(db, planId),
    repo.findCurrentMeasureVersions(db, planId, measureFilter),
    repo.countCurrentMeasures(db, planId),
  ]);
  const measures = await toMeasureViews(db, versions);
  const byTask = new Map<number, MeasureView[]>();
  versions.forEach((v, i) => {
    const list = byTask.get(v.task_id) ?? [];
    list.push(measures[i]!);
    byTask.set(v.task_id, list);
  });
  const goalViews: GoalView[] = goals
    .map((g) => ({
      id: Number(g.id),
      number: g.number,
      title: g.title,
      tasks: tasks
        .filter((t) => t.goal_id === g.id)
        .map((t) => ({ id: Number(t.id), number: t.number, title: t.title, measures: byTask.get(Number(t.id)) ?? [] }))
        .filter((t) => !filtered || t.measures.length > 0),
    }))
    .filter((g) => !filtered || g.tasks.length > 0);
  return { plan: toPlanView(plan), goals: goalViews, totalGoals: goals.length, shown: measures.length, total };
}

/** The stable id of the measure that now has a code ("2.1"), if any. */
export async function measureIdByCode(db: DbOrTx, planId: string, code: string): Promise<number | undefined> {
  const row = await repo.findCurrentMeasureByCode(db, planId, code);
  return row ? Number(row.measure_id) : undefined;
}

export interface MeasureDetail {
  plan: PlanView;
  goal: { number: number; title: string };
  task: { number: number; title: string };
  measure: MeasureView;
}

export async function getMeasure(db: DbOrTx, planId: string, measureId: number): Promise<MeasureDetail | undefined> {
  const plan = await repo.findPlan(db, planId);
  if (!plan) return undefined;
  const version = await repo.findCurrentMeasureVersion(db, planId, measureId);
  if (!version) return undefined;
  const [goals, tasks, [measure]] = await Promise.all([repo.findGoals(db, planId), repo.findTasks(db, planId), toMeasureViews(db, [version])]);
  const task = tasks.find((t) => Number(t.id) === version.task_id)!;
  const goal = goals.find((g) => g.id === task.goal_id)!;
  return { plan: toPlanView(plan), goal: { number: goal.number, title: goal.title }, task: { number: task.number, title: task.title }, measure: measure! };
}

/** Organisations a measure's executors expand to: named ones and every member of a named group. */
export function reportingOrganisations(measure: MeasureView, directory: Directory): string[] {
  const ids = new Set<string>();
  for (const e of measure.executors) {
    if (e.type === 'organisation') ids.add(e.id);
    else for (const m of directory.group(e.id)?.memberIds ?? []) ids.add(m);
  }
  return [...ids];
}

/** Organisations that can be chosen in the plan's executor filter: named, or members of a named group. */
export async function planExecutorOrganisations(db: DbOrTx, directory: Directory, planId: string): Promise<string[]> {
  const targets = await repo.findPlanExecutorTargets(db, planId);
  const ids = new Set<string>();
  for (const t of targets) {
    if (t.organisation_id) ids.add(t.organisation_id);
    if (t.group_id) for (const m of directory.group(t.group_id)?.memberIds ?? []) ids.add(m);
  }
  // Directory order is Ukrainian alphabetical order.
  return directory.organisations.filter((o) => ids.has(o.id)).map((o) => o.id);
}

export async function measuresOfOrganisation(db: DbOrTx, directory: Directory, organisationId: string) {
  const groupIds = directory.groupsOf(organisationId).map((g) => g.id);
  const rows = await repo.findMeasuresOfOrganisation(db, organisationId, groupIds);
  // Named directly and through a group: list the measure once, as named directly.
  const byMeasure = new Map<number, (typeof rows)[number]>();
  for (const r of rows) {
    const seen = byMeasure.get(Number(r.measure_id));
    if (!seen || (seen.group_id && !r.group_id)) byMeasure.set(Number(r.measure_id), r);
  }
  return [...byMeasure.values()];
}

export type PeriodStatus = 'past' | 'current' | 'reporting' | 'future';

export interface CalendarEntry {
  period: ReportingPeriod;
  status: PeriodStatus;
}

/** The plan's reporting periods with where "now" stands relative to each. */
export function planCalendar(plan: PlanView, clock: Clock): CalendarEntry[] {
  const now = clock.now();
  const today = localDateOf(now, plan.schedule.timeZone);
  return reportingPeriods(plan.schedule, plan.start, plan.end).map((period) => {
    let status: PeriodStatus;
    if (compareLocalDates(today, period.start) < 0) status = 'future';
    else if (compareLocalDates(today, period.end) <= 0) status = 'current';
    else if (now.getTime() < new Date(period.consolidationDeadline.instant).getTime()) status = 'reporting';
    else status = 'past';
    return { period, status };
  });
}

// ---- creating plans -------------------------------------------------------------------------

export interface NewExecutor {
  organisationId?: string;
  groupId?: string;
  asWritten?: string | null;
  isLead?: boolean;
  byConsent?: boolean;
}

export interface NewMeasure {
  code: string;
  title: string;
  /** As written in the order; null when the order states none. */
  deadline: string | null;
  /** The deadline as read by an importer; when absent it is parsed from `deadline`. */
  parsed?: { from: LocalDate | null; to: LocalDate | null; permanent: boolean } | null;
  deadlineNote?: 'not_stated' | null;
  note?: string | null;
  executors: NewExecutor[];
}

export interface NewPlanInput {
  id: string;
  title: string;
  shortTitle?: string | null;
  legal: { kind: string; issuer: string; number: string; date: LocalDate };
  start: LocalDate;
  end: LocalDate;
  ownerOrganisationId: string;
  coordinatorOrganisationId: string;
  state: PlanState;
  schedule: ReportingSchedule;
  reportsTo?: string | null;
  controlledBy?: string | null;
  sourceNote?: string | null;
  goals: { number: number; title: string; tasks: { number: number; title: string; measures: NewMeasure[] }[] }[];
}

export class PlanDataError extends Error {}

/**
 * Creates a plan with its goals, tasks and the first version of every measure. A measure with
 * no stated deadline takes the plan's own period and is marked so.
 */
export async function createPlan(db: DbOrTx, clock: Clock, input: NewPlanInput): Promise<void> {
  reportingPeriods(input.schedule, input.start, input.end); // validates the schedule and dates
  const now = clock.now().toISOString();
  await repo.insertPlan(db, {
    id: input.id,
    title: input.title,
    short_title: input.shortTitle ?? null,
    legal_kind: input.legal.kind,
    legal_issuer: input.legal.issuer,
    legal_number: input.legal.number,
    legal_date: input.legal.date,
    start_date: input.start,
    end_date: input.end,
    owner_organisation_id: input.ownerOrganisationId,
    coordinator_organisation_id: input.coordinatorOrganisationId,
    state: input.state,
    period_kind: input.schedule.periodKind,
    executor_due_day: input.schedule.executorDueDay,
    consolidation_due_day: input.schedule.consolidationDueDay,
    time_zone: input.schedule.timeZone,
    move_weekend_deadlines: input.schedule.moveWeekendDeadlines ? 1 : 0,
    reports_to: input.reportsTo ?? null,
    controlled_by: input.controlledBy ?? null,
    source_note: input.sourceNote ?? null,
    created_at: now,
    updated_at: now,
  });
  for (const goal of input.goals) {
    const goalId = await repo.insertGoal(db, { plan_id: input.id, number: goal.number, title: goal.title });
    for (const task of goal.tasks) {
      const taskId = await repo.insertTask(db, { goal_id: goalId, number: task.number, title: task.title });
      for (const m of task.measures) {
        const number = Number(m.code.split('.').pop());
        if (!Number.isInteger(number) || number < 1) throw new PlanDataError(`Measure code ${m.code} does not end in a number`);
        let parsed = m.parsed && (m.parsed.permanent || (m.parsed.from && m.parsed.to)) ? m.parsed : m.deadline ? parseDeadline(m.deadline, input.start) : null;
        if (m.deadline && !parsed && !m.parsed) throw new PlanDataError(`Measure ${m.code}: deadline "${m.deadline}" is not understood`);
        if (!parsed) parsed = { from: input.start, to: input.end, permanent: false };
        const measureId = await repo.insertMeasure(db, { plan_id: input.id, created_at: now });
        const versionId = await repo.insertMeasureVersion(db, {
          measure_id: measureId,
          plan_id: input.id,
          task_id: taskId,
          amendment_id: null,
          valid_from: input.start,
          code: m.code,
          number,
          title: m.title,
          deadline_text: m.deadline,
          deadline_from: parsed.from,
          deadline_to: parsed.to,
          permanent: parsed.permanent ? 1 : 0,
          deadline_note: m.deadline ? null : (m.deadlineNote ?? 'not_stated'),
          note: m.note ?? null,
          search_text: normaliseForSearch(`${m.code} ${m.title}`),
          created_at: now,
        });
        await repo.insertMeasureExecutors(
          db,
          m.executors.map((e, position) => {
            if (Boolean(e.organisationId) === Boolean(e.groupId)) throw new PlanDataError(`Measure ${m.code}: an executor names neither or both of an organisation and a group`);
            return {
              measure_version_id: versionId,
              position,
              organisation_id: e.organisationId ?? null,
              group_id: e.groupId ?? null,
              is_lead: e.isLead ? 1 : 0,
              by_consent: e.byConsent ? 1 : 0,
              as_written: e.asWritten ?? null,
            };
          }),
        );
      }
    }
  }
}

/** Every organisation that executes (directly or through a group) a plan coordinated by the organisation. */
export async function executorsOfPlansCoordinatedBy(db: DbOrTx, directory: Directory, organisationId: string): Promise<string[]> {
  const plans = (await repo.findPlans(db)).filter((p) => p.coordinator_organisation_id === organisationId);
  const ids = new Set<string>();
  for (const p of plans) for (const id of await planExecutorOrganisations(db, directory, p.id)) ids.add(id);
  return [...ids];
}

/** The measures that name a group as an executor. */
export async function measuresOfGroup(db: DbOrTx, groupId: string) {
  return repo.findMeasuresOfGroup(db, groupId);
}

/** A reviewed draft becomes the plan in force; false when it was no longer a draft. */
export async function activatePlan(db: Db, clock: Clock, actor: AuditActor, planId: string): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const ok = await repo.updatePlanState(tx, planId, 'draft', 'active', clock.now().toISOString());
    if (ok) await recordEvent(tx, clock, actor, { action: 'plan.activated', targetType: 'plan', targetId: planId });
    return ok;
  });
}

export const MAX_MEASURE_TITLE = 10_000;

export interface DraftMeasureEdit {
  title: string;
  deadline: string;
  executors: { type: 'organisation' | 'group'; id: string }[];
}

export type DraftEditErrors = Partial<Record<'title' | 'deadline' | 'executors', 'empty' | 'tooLong' | 'notUnderstood' | 'unknown'>>;

/**
 * Corrects a measure of a draft plan in place (only a draft is freely editable; an active plan
 * changes through an amendment). Returns the problems per field, or null when saved.
 */
export async function editDraftMeasure(db: Db, clock: Clock, actor: AuditActor, directory: Directory, planId: string, measureId: number, edit: DraftMeasureEdit): Promise<DraftEditErrors | null | 'not-draft'> {
  const plan = await repo.findPlan(db, planId);
  const version = await repo.findCurrentMeasureVersion(db, planId, measureId);
  if (!plan || !version) return 'not-draft';
  if (plan.state !== 'draft') return 'not-draft';
  const errors: DraftEditErrors = {};
  const title = edit.title.replace(/\r\n?/g, '\n').trim();
  if (!title) errors.title = 'empty';
  else if (title.length > MAX_MEASURE_TITLE) errors.title = 'tooLong';
  const deadlineText = edit.deadline.trim();
  let parsed: { from: string | null; to: string | null; permanent: boolean } | null = null;
  if (deadlineText.length > 100) errors.deadline = 'tooLong';
  else if (deadlineText) {
    parsed = parseDeadline(deadlineText, plan.start_date);
    if (!parsed) errors.deadline = 'notUnderstood';
  }
  if (edit.executors.length === 0) errors.executors = 'empty';
  else if (edit.executors.some((e) => (e.type === 'group' ? !directory.group(e.id) : !directory.organisation(e.id)))) errors.executors = 'unknown';
  if (Object.keys(errors).length) return errors;
  await writeTransaction(db, async (tx) => {
    await repo.updateMeasureVersion(tx, version.id, {
      title,
      deadline_text: deadlineText || null,
      deadline_from: parsed ? parsed.from : plan.start_date,
      deadline_to: parsed ? parsed.to : plan.end_date,
      permanent: parsed?.permanent ? 1 : 0,
      deadline_note: deadlineText ? null : 'not_stated',
      search_text: normaliseForSearch(`${version.code} ${title}`),
    });
    await repo.deleteMeasureExecutors(tx, version.id);
    await repo.insertMeasureExecutors(
      tx,
      edit.executors.map((e, position) => ({
        measure_version_id: version.id,
        position,
        organisation_id: e.type === 'organisation' ? e.id : null,
        group_id: e.type === 'group' ? e.id : null,
        is_lead: 0 as const,
        by_consent: ((e.type === 'group' ? directory.group(e.id)?.byConsent : directory.organisation(e.id)?.byConsent) ? 1 : 0) as 0 | 1,
        as_written: null,
      })),
    );
    await recordEvent(tx, clock, actor, { action: 'plan.draft_edited', targetType: 'measure', targetId: String(measureId), details: { plan: planId, code: version.code } });
  });
  return null;
}

/** Discards a draft: kept in the database and the audit log, gone from every page. */
export async function discardDraft(db: Db, clock: Clock, actor: AuditActor, planId: string): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const ok = await repo.markDiscarded(tx, planId, clock.now().toISOString());
    if (ok) await recordEvent(tx, clock, actor, { action: 'plan.discarded', targetType: 'plan', targetId: planId });
    return ok;
  });
}

/** Whether an id is used by any plan, discarded drafts included. */
export async function planIdTaken(db: DbOrTx, planId: string): Promise<boolean> {
  return Boolean(await repo.findPlanEvenDiscarded(db, planId));
}
