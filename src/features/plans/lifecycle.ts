import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { compareLocalDates, type LocalDate } from '../../domain/dates.ts';
import { parseDeadline } from '../../domain/deadline.ts';
import { PERIOD_KINDS, type PeriodKind } from '../../domain/periods.ts';
import { dateInputProblem, parseDateInput } from '../../domain/plan-lifecycle.ts';
import { normaliseForSearch } from '../../domain/text.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Directory } from '../organisations/service.ts';
import * as repo from './repository.ts';
import { getPlan, getPlanOutline, planIdTaken, type PlanView } from './service.ts';
import { createPlan, type NewExecutor } from './creation.ts';

/**
 * The plan's own details (title, legal basis, dates, schedule) as a coordinator types them: when
 * copying a plan as the next one, and when correcting a draft (an import cannot read the issuer,
 * and guesses the dates).
 */

export interface PlanDetailsInput {
  title: string;
  shortTitle: string;
  legalKind: string;
  legalIssuer: string;
  legalNumber: string;
  legalDate: string;
  start: string;
  end: string;
  periodKind: string;
  executorDueDay: string;
  consolidationDueDay: string;
  moveWeekendDeadlines: boolean;
  reportsTo: string;
  controlledBy: string;
}

export type DetailsField = keyof PlanDetailsInput;
export type DetailsProblem = 'empty' | 'tooLong' | 'invalid' | 'nonexistent' | 'beforeStart' | 'tooLongPlan' | 'beforeExecutors' | 'afterEnd' | 'sameTitle';
export type DetailsErrors = Partial<Record<DetailsField, DetailsProblem>>;

export interface ValidDetails {
  title: string;
  shortTitle: string | null;
  legal: { kind: string; issuer: string; number: string; date: LocalDate };
  start: LocalDate;
  end: LocalDate;
  periodKind: PeriodKind;
  executorDueDay: number;
  consolidationDueDay: number;
  moveWeekendDeadlines: boolean;
  reportsTo: string | null;
  controlledBy: string | null;
}

/** A plan runs for years, not decades: longer is a typing mistake. */
const MAX_PLAN_YEARS = 15;

const LIMITS: Partial<Record<DetailsField, number>> = { title: 1000, shortTitle: 200, legalKind: 100, legalIssuer: 300, legalNumber: 50, reportsTo: 500, controlledBy: 500 };

export function detailsOf(plan: PlanView): PlanDetailsInput {
  return {
    title: plan.title,
    shortTitle: plan.shortTitle ?? '',
    legalKind: plan.legal.kind,
    legalIssuer: plan.legal.issuer,
    legalNumber: plan.legal.number,
    legalDate: plan.legal.date,
    start: plan.start,
    end: plan.end,
    periodKind: plan.schedule.periodKind,
    executorDueDay: String(plan.schedule.executorDueDay),
    consolidationDueDay: String(plan.schedule.consolidationDueDay),
    moveWeekendDeadlines: plan.schedule.moveWeekendDeadlines,
    reportsTo: plan.reportsTo ?? '',
    controlledBy: plan.controlledBy ?? '',
  };
}

export function validateDetails(input: PlanDetailsInput): { errors: DetailsErrors } | { value: ValidDetails } {
  const errors: DetailsErrors = {};
  const text = (field: DetailsField, required: boolean): string => {
    const v = String(input[field] ?? '')
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (required && !v) errors[field] = 'empty';
    else if (v.length > (LIMITS[field] ?? 100)) errors[field] = 'tooLong';
    return v;
  };
  const title = text('title', true);
  const shortTitle = text('shortTitle', false);
  const legalKind = text('legalKind', true);
  const legalIssuer = text('legalIssuer', true);
  const legalNumber = text('legalNumber', true).replace(/^№\s*/, '');
  const reportsTo = text('reportsTo', false);
  const controlledBy = text('controlledBy', false);
  const date = (field: 'legalDate' | 'start' | 'end'): LocalDate | null => {
    const raw = input[field].trim();
    if (!raw) {
      errors[field] = 'empty';
      return null;
    }
    const d = parseDateInput(raw);
    if (!d) errors[field] = dateInputProblem(raw) ?? 'invalid';
    return d;
  };
  const legalDate = date('legalDate');
  const start = date('start');
  const end = date('end');
  if (start && end && !errors.end) {
    if (compareLocalDates(end, start) < 0) errors.end = 'beforeStart';
    else if (Number(end.slice(0, 4)) - Number(start.slice(0, 4)) > MAX_PLAN_YEARS) errors.end = 'tooLongPlan';
  }
  // An order approving a plan is not dated after the plan has ended.
  if (legalDate && end && !errors.legalDate && compareLocalDates(legalDate, end) > 0) errors.legalDate = 'afterEnd';
  const periodKind = (PERIOD_KINDS as readonly string[]).includes(input.periodKind) ? (input.periodKind as PeriodKind) : null;
  if (!periodKind) errors.periodKind = 'invalid';
  const day = (field: 'executorDueDay' | 'consolidationDueDay'): number | null => {
    const raw = input[field].trim();
    if (!raw) {
      errors[field] = 'empty';
      return null;
    }
    const n = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 31) {
      errors[field] = 'invalid';
      return null;
    }
    return n;
  };
  const executorDueDay = day('executorDueDay');
  const consolidationDueDay = day('consolidationDueDay');
  if (executorDueDay !== null && consolidationDueDay !== null && consolidationDueDay < executorDueDay) errors.consolidationDueDay = 'beforeExecutors';
  if (Object.keys(errors).length) return { errors };
  return {
    value: {
      title,
      shortTitle: shortTitle || null,
      legal: { kind: legalKind, issuer: legalIssuer, number: legalNumber, date: legalDate! },
      start: start!,
      end: end!,
      periodKind: periodKind!,
      executorDueDay: executorDueDay!,
      consolidationDueDay: consolidationDueDay!,
      moveWeekendDeadlines: Boolean(input.moveWeekendDeadlines),
      reportsTo: reportsTo || null,
      controlledBy: controlledBy || null,
    },
  };
}

/**
 * Corrects a draft's details. A draft's measures all start on the plan's first day, and deadlines
 * such as "До 2025 року" or "not stated" run from it: a new start moves them too.
 */
export async function updateDraftDetails(db: Db, clock: Clock, actor: AuditActor, planId: string, input: PlanDetailsInput): Promise<{ errors: DetailsErrors } | null | 'not-draft'> {
  const plan = await getPlan(db, planId);
  if (!plan || plan.state !== 'draft') return 'not-draft';
  const result = validateDetails(input);
  if ('errors' in result) return result;
  const d = result.value;
  await writeTransaction(db, async (tx) => {
    await repo.updatePlan(tx, planId, {
      title: d.title,
      short_title: d.shortTitle,
      legal_kind: d.legal.kind,
      legal_issuer: d.legal.issuer,
      legal_number: d.legal.number,
      legal_date: d.legal.date,
      start_date: d.start,
      end_date: d.end,
      period_kind: d.periodKind,
      executor_due_day: d.executorDueDay,
      consolidation_due_day: d.consolidationDueDay,
      move_weekend_deadlines: d.moveWeekendDeadlines ? 1 : 0,
      reports_to: d.reportsTo,
      controlled_by: d.controlledBy,
      updated_at: clock.now().toISOString(),
    });
    if (d.start !== plan.start || d.end !== plan.end) {
      await repo.moveDraftVersionsStart(tx, planId, d.start);
      for (const v of await repo.findCurrentMeasureVersions(tx, planId)) {
        const parsed = v.deadline_text ? parseDeadline(v.deadline_text, d.start) : null;
        if (v.deadline_note === 'not_stated' || !v.deadline_text) await repo.updateVersionDeadline(tx, v.id, { deadline_from: d.start, deadline_to: d.end, permanent: 0 });
        else if (parsed) await repo.updateVersionDeadline(tx, v.id, { deadline_from: parsed.from, deadline_to: parsed.to, permanent: parsed.permanent ? 1 : 0 });
      }
    }
    await recordEvent(tx, clock, actor, { action: 'plan.details_edited', targetType: 'plan', targetId: planId, details: { title: d.title.slice(0, 300), start: d.start, end: d.end } });
  });
  return null;
}

/** An id for a copy: the source's id with the new years ("poltava-ctb-2026-2030"), never one used before. */
async function copyId(db: DbOrTx, sourceId: string, start: LocalDate, end: LocalDate): Promise<string> {
  const stem = sourceId.replace(/-\d{4}(-\d{4})?$/, '').replace(/^draft-/, '').slice(0, 80) || 'plan';
  const base = `${stem}-${start.slice(0, 4)}-${end.slice(0, 4)}`;
  let id = base;
  for (let n = 2; await planIdTaken(db, id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * Starts the next plan from an existing one ("copy as a new plan"): the same goals, tasks and
 * measures (their latest text, without those an amendment removed), executors and indicators,
 * with new details, as a draft for the coordinator to correct. Deadlines are copied as written;
 * the draft's checks point at those that end before the new plan starts.
 */
export async function copyPlan(db: Db, clock: Clock, actor: AuditActor, directory: Directory, sourceId: string, input: PlanDetailsInput): Promise<{ errors: DetailsErrors } | { planId: string } | 'no-plan'> {
  const outline = await getPlanOutline(db, directory, sourceId);
  if (!outline) return 'no-plan';
  const result = validateDetails(input);
  const source = outline.plan;
  // The next plan has a title of its own: three plans "до 2025 року" would be a trap.
  if (normaliseForSearch(input.title) === normaliseForSearch(source.title)) return { errors: { ...('errors' in result ? result.errors : {}), title: 'sameTitle' } };
  if ('errors' in result) return result;
  const d = result.value;
  return writeTransaction(db, async (tx) => {
    const planId = await copyId(tx, source.id, d.start, d.end);
    const ids = await createPlan(tx, clock, {
      id: planId,
      title: d.title,
      shortTitle: d.shortTitle,
      legal: d.legal,
      start: d.start,
      end: d.end,
      ownerOrganisationId: source.ownerOrganisationId,
      coordinatorOrganisationId: source.coordinatorOrganisationId,
      state: 'draft',
      schedule: { ...source.schedule, periodKind: d.periodKind, executorDueDay: d.executorDueDay, consolidationDueDay: d.consolidationDueDay, moveWeekendDeadlines: d.moveWeekendDeadlines },
      reportsTo: d.reportsTo,
      controlledBy: d.controlledBy,
      sourceNote: null,
      copiedFrom: source.id,
      goals: outline.goals.map((g) => ({
        number: g.number,
        title: g.title,
        tasks: g.tasks.map((t) => ({
          number: t.number,
          title: t.title,
          measures: t.measures.map((m) => ({
            code: m.code,
            title: m.title,
            deadline: m.deadlineText,
            // "Постійно" and year ranges read the same in the new plan; "До …" and "not stated" run from its start.
            parsed: (m.deadlineText ? parseDeadline(m.deadlineText, d.start) : null) ?? (m.deadlineNote === 'not_stated' ? null : { from: m.deadlineFrom, to: m.deadlineTo, permanent: m.permanent }),
            deadlineNote: m.deadlineNote,
            note: null,
            executors: m.executors
              .map((e): NewExecutor => ({ ...(e.type === 'group' ? { groupId: e.id } : { organisationId: directory.organisation(e.id)?.mergedInto ?? e.id }), asWritten: e.asWritten, isLead: e.isLead, byConsent: e.byConsent }))
              // A merged organisation and its successor named side by side become one executor.
              .filter((e, i, all) => all.findIndex((f) => f.groupId === e.groupId && f.organisationId === e.organisationId) === i),
          })),
        })),
      })),
    });
    const byOldId = new Map(outline.goals.flatMap((g) => g.tasks.flatMap((t) => t.measures.map((m) => [m.id, ids.get(m.code)!] as const))));
    const indicators = await repo.findIndicators(tx, source.id);
    await repo.insertIndicators(
      tx,
      indicators
        .filter((i) => i.measure_id === null || byOldId.has(Number(i.measure_id)))
        .map((i) => ({
          plan_id: planId,
          measure_id: i.measure_id === null ? null : byOldId.get(Number(i.measure_id))!,
          code: i.code,
          name: i.name,
          unit: i.unit,
          kind: i.kind,
          aggregation: i.aggregation,
          target: i.target,
          sensitive: i.sensitive,
          additive_across_kinds: i.additive_across_kinds,
          position: i.position,
        })),
    );
    await recordEvent(tx, clock, actor, { action: 'plan.copied', targetType: 'plan', targetId: planId, details: { from: source.id, measures: ids.size, indicators: indicators.length } });
    return { planId };
  });
}
