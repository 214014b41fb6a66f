import { parseReminderDays, storedReminderDays, type ReminderDaysProblem } from '../../domain/reminders.ts';
import { keptWhileUnchanged } from '../../db/epochs.ts';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Plan, PlanState } from '../../db/schema.ts';
import { compareLocalDates, type LocalDate } from '../../domain/dates.ts';
import { reportingPeriods, type ReportingPeriod, type ReportingSchedule } from '../../domain/periods.ts';
import { localDateOf } from '../../domain/time.ts';
import { normaliseForSearch } from '../../domain/text.ts';
import { defaultViewDate } from '../../domain/plan-lifecycle.ts';
import type { Directory } from '../organisations/service.ts';
import * as repo from './repository.ts';
import { mayReadPlan } from './policy.ts';
import type { Principal } from '../auth/service.ts';
import type { IndicatorKind } from '../../domain/reports.ts';

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
  /** Days before the executors' deadline on which reminders go, largest first ([7, 1]). */
  reminderDays: number[];
  /** The title and the issuer in the genitive, as the coordinator confirmed them (null: not yet). */
  requisites: { titleGenitive: string | null; issuerGenitive: string | null };
  reportsTo: string | null;
  controlledBy: string | null;
  sourceNote: string | null;
  /** The plan this one was copied from ("copy as a new plan"), if any. */
  copiedFrom: string | null;
  /** Made up to show Zvit (demo data). */
  isDemo: boolean;
  /** The two-level cycle: organisations reporting through a district report to it by `dueDay` first (null: off). */
  districtReview: { dueDay: number } | null;
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
  /** Exclusive: the first day this version no longer holds; null while nothing replaced it. */
  validTo: LocalDate | null;
  amendmentId: number | null;
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
  /** The date the plan is shown as of; null: the latest text of every measure. */
  on: LocalDate | null;
}

export interface OutlineFilter {
  executorId?: string;
  q?: string;
  /** Show the measures in force on this date (default: the latest text of every measure). */
  on?: LocalDate;
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
    reminderDays: storedReminderDays(p.reminder_days),
    requisites: { titleGenitive: p.title_genitive ?? null, issuerGenitive: p.issuer_genitive ?? null },
    reportsTo: p.reports_to,
    controlledBy: p.controlled_by,
    sourceNote: p.source_note,
    copiedFrom: p.copied_from,
    districtReview: p.district_review === 1 ? { dueDay: p.district_due_day ?? Math.max(1, p.executor_due_day - 5) } : null,
    isDemo: p.is_demo === 1,
  };
}

/** Every plan not discarded, each with its measures counted as it reads on `today` (a draft as written). */
export async function listPlans(db: DbOrTx, today: LocalDate): Promise<readonly (PlanView & { measureCount: number })[]> {
  return keptWhileUnchanged(db, 'plans', `list\u0000${today}`, async () => {
    const rows = await repo.findPlans(db);
    return Promise.all(
      rows.map(async (r) => ({
        ...toPlanView(r),
        measureCount: r.state === 'draft' ? r.measure_count : await repo.countCurrentMeasures(db, r.id, defaultViewDate(today, r.start_date, r.end_date)),
      })),
    );
  });
}

/** Every plan not discarded, without counting measures: one query. */
export async function listPlanViews(db: DbOrTx): Promise<PlanView[]> {
  return (await repo.findPlans(db)).map(toPlanView);
}

export async function getPlan(db: DbOrTx, planId: string): Promise<PlanView | undefined> {
  const p = await repo.findPlan(db, planId);
  return p ? toPlanView(p) : undefined;
}

type VersionRow = Awaited<ReturnType<typeof repo.findCurrentMeasureVersions>>[number];

export async function toMeasureViews(db: DbOrTx, versions: VersionRow[]): Promise<MeasureView[]> {
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
    validTo: v.valid_to,
    amendmentId: v.amendment_id === null ? null : Number(v.amendment_id),
    executors: byVersion.get(v.id) ?? [],
  }));
}

/**
 * The plan's goals → tasks → measures as they stand now, filtered by an executor organisation
 * (directly named or through one of its groups) and by text. Goals and tasks with no measure
 * left after filtering are left out.
 */
export async function getPlanOutline(db: DbOrTx, directory: Directory, planId: string, filter: OutlineFilter = {}): Promise<PlanOutline | undefined> {
  // Kept by the process until a plan changes, except a text search (any text a user types would be kept).
  if (filter.q) return readPlanOutline(db, directory, planId, filter);
  const groups = filter.executorId ? directory.groupsOf(filter.executorId).map((g) => g.id) : [];
  const key = `outline\u0000${planId}\u0000${filter.on ?? ''}\u0000${filter.executorId ?? ''}\u0000${groups.join(',')}`;
  return keptWhileUnchanged(db, 'plans', key, () => readPlanOutline(db, directory, planId, filter));
}

async function readPlanOutline(db: DbOrTx, directory: Directory, planId: string, filter: OutlineFilter): Promise<PlanOutline | undefined> {
  const plan = await repo.findPlan(db, planId);
  if (!plan) return undefined;
  const search = filter.q ? normaliseForSearch(filter.q) : '';
  const measureFilter: repo.MeasureFilter = {};
  if (search) measureFilter.search = search;
  if (filter.executorId) {
    measureFilter.executor = { organisationId: filter.executorId, groupIds: directory.groupsOf(filter.executorId).map((g) => g.id) };
  }
  const filtered = Boolean(measureFilter.search || measureFilter.executor);
  if (filter.on) measureFilter.on = filter.on;
  const [goals, tasks, versions, total] = await Promise.all([
    repo.findGoals(db, planId),
    repo.findTasks(db, planId),
    repo.findCurrentMeasureVersions(db, planId, measureFilter),
    repo.countCurrentMeasures(db, planId, filter.on),
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
  return { plan: toPlanView(plan), goals: goalViews, totalGoals: goals.length, shown: measures.length, total, on: filter.on ?? null };
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

/**
 * A measure as it reads on a date, or (without one) its latest text; undefined when it did not
 * exist then. A measure removed by an amendment is found by its last text.
 */
export async function getMeasure(db: DbOrTx, planId: string, measureId: number, on?: LocalDate, nearest?: LocalDate): Promise<MeasureDetail | undefined> {
  const plan = await repo.findPlan(db, planId);
  if (!plan) return undefined;
  let version;
  if (on) version = await repo.findMeasureVersionOn(db, planId, measureId, on);
  else if (nearest) {
    // Not in force on that date: the first text after it (added later), or the last (removed).
    const all = await repo.findVersionsOfMeasure(db, planId, measureId);
    version = all.find((v) => v.valid_from > nearest) ?? all.at(-1);
  } else version = (await repo.findCurrentMeasureVersion(db, planId, measureId)) ?? (await repo.findVersionsOfMeasure(db, planId, measureId)).at(-1);
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

export interface ExecutorMeasure {
  planId: string;
  planTitle: string;
  planState: PlanState;
  coordinatorOrganisationId: string;
  measureId: number;
  code: string;
  title: string;
  /** The group through which the organisation executes it (null when named directly). */
  groupId: string | null;
}

type ExecutorMeasureRow = Awaited<ReturnType<typeof repo.findMeasuresOfOrganisation>>[number];

/**
 * The measures as each plan reads on `today` (kept within its dates; a draft as written), named
 * directly where a measure names the organisation both directly and through a group.
 */
function inForce(rows: ExecutorMeasureRow[], today: LocalDate): ExecutorMeasure[] {
  const byMeasure = new Map<number, ExecutorMeasureRow>();
  for (const r of rows) {
    if (r.plan_state === 'draft') {
      if (r.valid_to !== null) continue;
    } else {
      const on = defaultViewDate(today, r.start_date, r.end_date);
      if (r.valid_from > on || (r.valid_to !== null && r.valid_to <= on)) continue;
    }
    const seen = byMeasure.get(Number(r.measure_id));
    if (!seen || (seen.group_id && !r.group_id)) byMeasure.set(Number(r.measure_id), r);
  }
  return [...byMeasure.values()].map((r) => ({
    planId: r.plan_id,
    planTitle: r.plan_title,
    planState: r.plan_state,
    coordinatorOrganisationId: r.coordinator_organisation_id,
    measureId: Number(r.measure_id),
    code: r.code,
    title: r.title,
    groupId: r.group_id,
  }));
}

/** What of these the principal may see: a draft plan's measures only its coordinators do. */
export function measuresVisibleTo(principal: Principal | null, measures: ExecutorMeasure[]): ExecutorMeasure[] {
  return measures.filter((m) => mayReadPlan(principal, { state: m.planState, coordinatorOrganisationId: m.coordinatorOrganisationId }));
}

/** The measures an organisation executes (directly or through a group) in every plan, as they read on `today`. */
export async function measuresOfOrganisation(db: DbOrTx, directory: Directory, organisationId: string, today: LocalDate): Promise<ExecutorMeasure[]> {
  const groupIds = directory.groupsOf(organisationId).map((g) => g.id);
  return inForce(await repo.findMeasuresOfOrganisation(db, organisationId, groupIds), today);
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

/** Every organisation that executes (directly or through a group) a plan coordinated by the organisation. */
export async function executorsOfPlansCoordinatedBy(db: DbOrTx, directory: Directory, organisationId: string): Promise<string[]> {
  const plans = (await repo.findPlans(db)).filter((p) => p.coordinator_organisation_id === organisationId);
  const ids = new Set<string>();
  for (const p of plans) for (const id of await planExecutorOrganisations(db, directory, p.id)) ids.add(id);
  return [...ids];
}

/** The measures that name a group as an executor, as they read on `today`. */
export async function measuresOfGroup(db: DbOrTx, groupId: string, today: LocalDate): Promise<ExecutorMeasure[]> {
  return inForce(await repo.findMeasuresOfGroup(db, groupId), today);
}

export interface VersionView {
  versionId: number;
  validFrom: LocalDate;
  validTo: LocalDate | null;
  code: string;
  title: string;
  deadlineText: string | null;
  deadlineFrom: LocalDate | null;
  deadlineTo: LocalDate | null;
  permanent: boolean;
  deadlineNote: 'not_stated' | null;
  amendmentId: number | null;
  executors: ExecutorRef[];
}

/** Every version a measure has had, oldest first, each with its executors. */
export async function measureVersions(db: DbOrTx, planId: string, measureId: number): Promise<VersionView[]> {
  const rows = await repo.findVersionsOfMeasure(db, planId, measureId);
  return (await toMeasureViews(db, rows)).map((m) => ({
    versionId: m.versionId,
    validFrom: m.validFrom,
    validTo: m.validTo,
    code: m.code,
    title: m.title,
    deadlineText: m.deadlineText,
    deadlineFrom: m.deadlineFrom,
    deadlineTo: m.deadlineTo,
    permanent: m.permanent,
    deadlineNote: m.deadlineNote,
    amendmentId: m.amendmentId,
    executors: m.executors,
  }));
}

/** Measure views of the given versions (for the amendments service). */
export async function measureViewsOf(db: DbOrTx, versionIds: readonly number[]): Promise<MeasureView[]> {
  const rows = await repo.findVersionsByIds(db, versionIds);
  return toMeasureViews(db, rows);
}

/**
 * A merged organisation's place in every plan goes to its successor: executors of measures
 * (draft, active and past versions alike — their history joins), owners and coordinators of
 * plans, and executors named in amendments being prepared. Returns the executor rows moved.
 */
export async function reassignOrganisation(db: DbOrTx, fromId: string, intoId: string): Promise<number> {
  const moved = await repo.reassignExecutor(db, fromId, intoId);
  for (const c of await repo.findDraftChanges(db)) {
    const list = JSON.parse(c.executors!) as { type: string; id: string; isLead: boolean }[];
    if (!list.some((e) => e.type === 'organisation' && e.id === fromId)) continue;
    const next = list
      .map((e) => (e.type === 'organisation' && e.id === fromId ? { ...e, id: intoId } : e))
      .filter((e, i, all) => all.findIndex((f) => f.type === e.type && f.id === e.id) === i);
    await repo.updateChange(db, Number(c.id), { executors: JSON.stringify(next) });
  }
  return moved;
}

// ---- what a reporting period covers ----------------------------------------------------------------

export interface PeriodMeasure extends MeasureView {
  goal: { number: number; title: string };
  task: { number: number; title: string };
}

/**
 * Each measure in force at some time within a span (a reporting period's part of the plan), by
 * the last text it had within it: a measure an amendment changed mid-period is reported on as
 * amended; one it removed, by its last text. Plan order.
 */
export async function measuresInSpan(db: DbOrTx, planId: string, from: LocalDate, to: LocalDate): Promise<readonly PeriodMeasure[]> {
  return (await measuresInSpans(db, planId, [{ from, to }]))[0]!;
}

/**
 * `measuresInSpan` for several spans at once (a plan's reporting periods): one query for all of
 * them, so a page's statements do not grow with the plan's history. Kept by the process until a
 * plan changes (src/db/epochs.ts): shared and frozen.
 */
export async function measuresInSpans(db: DbOrTx, planId: string, spans: readonly { from: LocalDate; to: LocalDate }[]): Promise<readonly (readonly PeriodMeasure[])[]> {
  if (spans.length === 0) return [];
  const key = `spans\u0000${planId}\u0000${spans.map((s) => `${s.from}/${s.to}`).join(',')}`;
  return keptWhileUnchanged(db, 'plans', key, async () => {
    const from = spans.reduce((a, s) => (s.from < a ? s.from : a), spans[0]!.from);
    const to = spans.reduce((a, s) => (s.to > a ? s.to : a), spans[0]!.to);
    const rows = await repo.findVersionsOverlapping(db, planId, from, to);
    const chosenPerSpan = spans.map((span) => {
      const inSpan = rows.filter((r) => r.valid_from <= span.to && (r.valid_to === null || r.valid_to > span.from));
      const last = new Map<number, (typeof rows)[number]>();
      for (const r of inSpan) last.set(Number(r.measure_id), r);
      return inSpan.filter((r) => last.get(Number(r.measure_id)) === r);
    });
    const distinct = [...new Set(chosenPerSpan.flat())];
    const views = await toMeasureViews(db, distinct);
    const byVersion = new Map(distinct.map((r, i): [number, PeriodMeasure] => [r.id, { ...views[i]!, goal: { number: r.goal_number, title: r.goal_title }, task: { number: r.task_number, title: r.task_title } }]));
    return chosenPerSpan.map((chosen) => chosen.map((r) => byVersion.get(r.id)!));
  });
}

export interface IndicatorView {
  id: number;
  measureId: number | null;
  code: string;
  name: string;
  unit: string;
  kind: IndicatorKind;
  aggregation: 'per_period' | 'cumulative_latest';
  target: number | null;
  sensitive: boolean;
  additiveAcrossKinds: boolean;
  /** A sensitive value below it is hidden in anything published. */
  suppressionThreshold: number;
}

/** The plan's indicators, in order. */
export async function planIndicators(db: DbOrTx, planId: string): Promise<IndicatorView[]> {
  return (await repo.findIndicators(db, planId)).map((i) => ({
    id: Number(i.id),
    measureId: i.measure_id === null ? null : Number(i.measure_id),
    code: i.code,
    name: i.name,
    unit: i.unit,
    kind: i.kind,
    aggregation: i.aggregation,
    target: i.target === null ? null : Number(i.target),
    sensitive: i.sensitive === 1,
    additiveAcrossKinds: i.additive_across_kinds === 1,
    suppressionThreshold: Number(i.suppression_threshold),
  }));
}

export * from './draft-editing.ts';

/** Sets the days before the executors' deadline on which reminders go ("7, 1"). */
export type CycleProblem = 'dueDay.invalid' | 'dueDay.notBefore';

/**
 * Turns the two-level cycle on or off (issue 17): organisations reporting through a district
 * report to it by `dueDay` (before the executors' day), and it passes them on. Audited.
 */
export async function setDistrictReview(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, input: { on: boolean; dueDay: string }): Promise<null | { problem: CycleProblem }> {
  let dueDay: number | null = null;
  if (input.on) {
    if (!/^\d{1,2}$/.test(input.dueDay.trim()) || Number(input.dueDay) < 1 || Number(input.dueDay) > 28) return { problem: 'dueDay.invalid' };
    dueDay = Number(input.dueDay);
    if (dueDay >= plan.schedule.executorDueDay) return { problem: 'dueDay.notBefore' };
  }
  await writeTransaction(db, async (tx) => {
    await tx.updateTable('plans').set({ district_review: input.on ? 1 : 0, district_due_day: dueDay, updated_at: clock.now().toISOString() }).where('id', '=', plan.id).execute();
    await recordEvent(tx, clock, actor, { action: 'plan.details_edited', targetType: 'plan', targetId: plan.id, details: { plan: plan.id, districtReview: input.on, districtDueDay: dueDay, from: plan.districtReview?.dueDay ?? null } });
  });
  return null;
}

export async function setReminderDays(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, raw: string): Promise<{ days: number[] } | { problem: ReminderDaysProblem }> {
  const parsed = parseReminderDays(raw);
  if ('problem' in parsed) return parsed;
  await writeTransaction(db, async (tx) => {
    await tx.updateTable('plans').set({ reminder_days: JSON.stringify(parsed.days), updated_at: clock.now().toISOString() }).where('id', '=', plan.id).execute();
    await recordEvent(tx, clock, actor, { action: 'plan.details_edited', targetType: 'plan', targetId: plan.id, details: { plan: plan.id, reminderDays: parsed.days, from: plan.reminderDays } });
  });
  return parsed;
}
