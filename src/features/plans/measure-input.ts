import { parseDeadline } from '../../domain/deadline.ts';
import { type LocalDate } from '../../domain/dates.ts';
import { goalOfCode, isMeasureCode } from '../../domain/plan-lifecycle.ts';
import type { Directory } from '../organisations/service.ts';
import { type ExecutorRef } from './service.ts';

/** A measure's text, deadline and executors as a coordinator enters them: validated before a draft edit or an amendment writes them. */

// ---- a measure's text, deadline and executors, as a coordinator enters them ---------------------

export const MAX_MEASURE_TITLE = 10_000;
export const MAX_DEADLINE_TEXT = 100;

export interface ExecutorChoice {
  type: 'organisation' | 'group';
  id: string;
}

export interface MeasureInput {
  title: string;
  deadline: string;
  executors: ExecutorChoice[];
  /** The lead executor (головний виконавець), one of `executors`, or none. */
  lead?: ExecutorChoice | null;
  /** For a new measure: its code and the task it belongs to. */
  code?: string;
  taskId?: number;
}

export type MeasureField = 'code' | 'taskId' | 'title' | 'deadline' | 'executors' | 'lead';
export type MeasureProblem = 'empty' | 'tooLong' | 'notUnderstood' | 'outsidePlan' | 'unknown' | 'invalid' | 'taken' | 'goalMismatch' | 'notAmong' | 'unchanged';
export type MeasureErrors = Partial<Record<MeasureField, MeasureProblem>>;

export interface ValidMeasure {
  code: string | null;
  taskId: number | null;
  title: string;
  deadlineText: string | null;
  deadline: { from: LocalDate | null; to: LocalDate | null; permanent: boolean };
  deadlineNote: 'not_stated' | null;
  executors: (ExecutorChoice & { isLead: boolean; byConsent: boolean })[];
}

export interface MeasureContext {
  directory: Directory;
  plan: { start: LocalDate; end: LocalDate };
  /** For a new measure: the tasks it may join (with their goal) and the codes other measures use. */
  tasks?: readonly { id: number; goalNumber: number }[];
  takenCodes?: ReadonlySet<string>;
}

/**
 * Checks a measure as typed into the form: the text, the deadline as written (parsed as the
 * importer parses it; empty means "not stated" and takes the plan's own dates), the executors
 * from the directory and an optional lead among them.
 */
export function validateMeasureInput(input: MeasureInput, ctx: MeasureContext): { errors: MeasureErrors } | { value: ValidMeasure } {
  const errors: MeasureErrors = {};
  let code: string | null = null;
  let taskId: number | null = null;
  if (ctx.tasks) {
    code = (input.code ?? '').trim();
    const task = ctx.tasks.find((t) => t.id === input.taskId);
    if (!task) errors.taskId = 'empty';
    else taskId = task.id;
    if (!code) errors.code = 'empty';
    else if (!isMeasureCode(code)) errors.code = 'invalid';
    else if (ctx.takenCodes?.has(code)) errors.code = 'taken';
    else if (task && goalOfCode(code) !== task.goalNumber) errors.code = 'goalMismatch';
  }
  const title = input.title.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  if (!title) errors.title = 'empty';
  else if (title.length > MAX_MEASURE_TITLE) errors.title = 'tooLong';
  const deadlineText = input.deadline.replace(/\s+/g, ' ').trim();
  let parsed: ValidMeasure['deadline'] | null = null;
  if (deadlineText.length > MAX_DEADLINE_TEXT) errors.deadline = 'tooLong';
  else if (deadlineText) {
    parsed = parseDeadline(deadlineText, ctx.plan.start);
    if (!parsed) errors.deadline = 'notUnderstood';
    // A deadline wholly before or after the plan is a mistake (a copy's "2023-2025" in a plan to 2030).
    else if (!parsed.permanent && (parsed.to! < ctx.plan.start || parsed.from! > ctx.plan.end)) errors.deadline = 'outsidePlan';
  }
  const { directory } = ctx;
  const known = (e: ExecutorChoice) => (e.type === 'group' ? Boolean(directory.group(e.id)) : Boolean(directory.organisation(e.id) && !directory.organisation(e.id)!.mergedInto));
  const executors = input.executors.filter((e, i) => input.executors.findIndex((f) => f.type === e.type && f.id === e.id) === i);
  if (executors.length === 0) errors.executors = 'empty';
  else if (!executors.every(known)) errors.executors = 'unknown';
  const lead = input.lead ?? null;
  if (lead && !errors.executors && !executors.some((e) => e.type === lead.type && e.id === lead.id)) errors.lead = 'notAmong';
  if (Object.keys(errors).length) return { errors };
  return {
    value: {
      code,
      taskId,
      title,
      deadlineText: deadlineText || null,
      deadline: parsed ?? { from: ctx.plan.start, to: ctx.plan.end, permanent: false },
      deadlineNote: deadlineText ? null : 'not_stated',
      executors: executors.map((e) => ({
        ...e,
        isLead: Boolean(lead && lead.type === e.type && lead.id === e.id),
        byConsent: Boolean(e.type === 'group' ? directory.group(e.id)?.byConsent : directory.organisation(e.id)?.byConsent),
      })),
    },
  };
}

/** Executor rows of a version; the order's own wording of an executor kept from `previous`. */
export function executorRows(versionId: number, executors: ValidMeasure['executors'], previous: readonly ExecutorRef[] = []) {
  return executors.map((e, position) => {
    const before = previous.find((p) => p.type === e.type && p.id === e.id);
    return {
      measure_version_id: versionId,
      position,
      organisation_id: e.type === 'organisation' ? e.id : null,
      group_id: e.type === 'group' ? e.id : null,
      is_lead: (e.isLead ? 1 : 0) as 0 | 1,
      by_consent: ((before ? before.byConsent : e.byConsent) ? 1 : 0) as 0 | 1,
      as_written: before?.asWritten ?? null,
    };
  });
}
