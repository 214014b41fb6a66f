import type { Clock } from '../../clock.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { PlanState } from '../../db/schema.ts';
import { parseDeadline } from '../../domain/deadline.ts';
import { type LocalDate } from '../../domain/dates.ts';
import { reportingPeriods, type ReportingSchedule } from '../../domain/periods.ts';
import { normaliseForSearch } from '../../domain/text.ts';
import * as repo from './repository.ts';
import type { IndicatorKind } from '../../domain/reports.ts';

/** Creating a plan from its parts (an imported order, the seed, a copy): goals, tasks, measures, executors, indicators. */

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
  /** What executors count for this measure (codes unique within the plan). */
  indicators?: NewIndicator[];
}

export interface NewIndicator {
  code: string;
  name: string;
  unit: string;
  kind: IndicatorKind;
  aggregation?: 'per_period' | 'cumulative_latest';
  target?: number | null;
  sensitive?: boolean;
  additiveAcrossKinds?: boolean;
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
  copiedFrom?: string | null;
  goals: { number: number; title: string; tasks: { number: number; title: string; measures: NewMeasure[] }[] }[];
}

export class PlanDataError extends Error {}

export function codeNumber(code: string): number {
  const number = Number(code.split('.').pop());
  if (!Number.isInteger(number) || number < 1) throw new PlanDataError(`Measure code ${code} does not end in a number`);
  return number;
}

/**
 * Creates a plan with its goals, tasks and the first version of every measure. A measure with
 * no stated deadline takes the plan's own period and is marked so. Returns the new measures' ids
 * by code.
 */
export async function createPlan(db: DbOrTx, clock: Clock, input: NewPlanInput): Promise<Map<string, number>> {
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
    copied_from: input.copiedFrom ?? null,
    discarded_at: null,
    created_at: now,
    updated_at: now,
  });
  const ids = new Map<string, number>();
  for (const goal of input.goals) {
    const goalId = await repo.insertGoal(db, { plan_id: input.id, number: goal.number, title: goal.title });
    for (const task of goal.tasks) {
      const taskId = await repo.insertTask(db, { goal_id: goalId, number: task.number, title: task.title });
      for (const m of task.measures) {
        const number = codeNumber(m.code);
        let parsed = m.parsed && (m.parsed.permanent || (m.parsed.from && m.parsed.to)) ? m.parsed : m.deadline ? parseDeadline(m.deadline, input.start) : null;
        if (m.deadline && !parsed && !m.parsed) throw new PlanDataError(`Measure ${m.code}: deadline "${m.deadline}" is not understood`);
        if (!parsed) parsed = { from: input.start, to: input.end, permanent: false };
        const measureId = await repo.insertMeasure(db, { plan_id: input.id, created_at: now });
        ids.set(m.code, measureId);
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
        await repo.insertIndicators(
          db,
          (m.indicators ?? []).map((i, position) => ({
            plan_id: input.id,
            measure_id: measureId,
            code: i.code,
            name: i.name,
            unit: i.unit,
            kind: i.kind,
            aggregation: i.aggregation ?? 'per_period',
            target: i.target ?? null,
            sensitive: i.sensitive ? 1 : 0,
            additive_across_kinds: i.additiveAcrossKinds ? 1 : 0,
            position,
          })),
        );
      }
    }
  }
  return ids;
}
