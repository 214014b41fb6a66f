import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { normaliseForSearch } from '../../domain/text.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Directory } from '../organisations/service.ts';
import * as repo from './repository.ts';
import { toMeasureViews } from './service.ts';
import { codeNumber } from './creation.ts';
import { executorRows, validateMeasureInput, type MeasureErrors, type MeasureInput } from './measure-input.ts';

/**
 * Correcting a draft plan in place (before it is in force, no amendment needed): a measure
 * edited, added or removed; the draft discarded. Split from service.ts, which re-exports it.
 */

// ---- correcting a draft in place -----------------------------------------------------------------

/**
 * Corrects a measure of a draft plan in place (only a draft is freely editable; an active plan
 * changes through an amendment). Returns the problems per field, or null when saved.
 */
export async function editDraftMeasure(db: Db, clock: Clock, actor: AuditActor, directory: Directory, planId: string, measureId: number, edit: MeasureInput): Promise<MeasureErrors | null | 'not-draft'> {
  const plan = await repo.findPlan(db, planId);
  const version = await repo.findCurrentMeasureVersion(db, planId, measureId);
  if (!plan || !version) return 'not-draft';
  if (plan.state !== 'draft') return 'not-draft';
  const result = validateMeasureInput({ ...edit, code: undefined, taskId: undefined }, { directory, plan: { start: plan.start_date, end: plan.end_date } });
  if ('errors' in result) return result.errors;
  const m = result.value;
  const [previous] = await toMeasureViews(db, [version]);
  await writeTransaction(db, async (tx) => {
    await repo.updateMeasureVersion(tx, version.id, {
      title: m.title,
      deadline_text: m.deadlineText,
      deadline_from: m.deadline.from,
      deadline_to: m.deadline.to,
      permanent: m.deadline.permanent ? 1 : 0,
      deadline_note: m.deadlineNote,
      search_text: normaliseForSearch(`${version.code} ${m.title}`),
    });
    await repo.deleteMeasureExecutors(tx, version.id);
    await repo.insertMeasureExecutors(tx, executorRows(version.id, m.executors, previous!.executors));
    await recordEvent(tx, clock, actor, { action: 'plan.draft_edited', targetType: 'measure', targetId: String(measureId), details: { plan: planId, code: version.code } });
  });
  return null;
}

/** Codes of the plan's latest measures, and the tasks a new measure may join (with their goal). */
export async function planStructure(db: DbOrTx, planId: string) {
  const [goals, tasks, versions] = await Promise.all([repo.findGoals(db, planId), repo.findTasks(db, planId), repo.findCurrentMeasureVersions(db, planId)]);
  return {
    goals: goals.map((g) => ({ id: Number(g.id), number: g.number, title: g.title })),
    tasks: tasks.map((t) => ({ id: Number(t.id), goalId: Number(t.goal_id), number: t.number, title: t.title, goalNumber: goals.find((g) => g.id === t.goal_id)!.number })),
    codes: versions.map((v) => v.code),
    measures: versions.map((v) => ({ id: Number(v.measure_id), code: v.code })),
  };
}

/** Adds a measure to a draft. Returns the problems per field, or the new measure's id. */
export async function addDraftMeasure(db: Db, clock: Clock, actor: AuditActor, directory: Directory, planId: string, input: MeasureInput): Promise<{ errors: MeasureErrors } | { measureId: number } | 'not-draft'> {
  const plan = await repo.findPlan(db, planId);
  if (!plan || plan.state !== 'draft') return 'not-draft';
  const structure = await planStructure(db, planId);
  const result = validateMeasureInput(input, { directory, plan: { start: plan.start_date, end: plan.end_date }, tasks: structure.tasks, takenCodes: new Set(structure.codes) });
  if ('errors' in result) return result;
  const m = result.value;
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const measureId = await repo.insertMeasure(tx, { plan_id: planId, created_at: now });
    const versionId = await repo.insertMeasureVersion(tx, {
      measure_id: measureId,
      plan_id: planId,
      task_id: m.taskId!,
      amendment_id: null,
      valid_from: plan.start_date,
      code: m.code!,
      number: codeNumber(m.code!),
      title: m.title,
      deadline_text: m.deadlineText,
      deadline_from: m.deadline.from,
      deadline_to: m.deadline.to,
      permanent: m.deadline.permanent ? 1 : 0,
      deadline_note: m.deadlineNote,
      note: null,
      search_text: normaliseForSearch(`${m.code} ${m.title}`),
      created_at: now,
    });
    await repo.insertMeasureExecutors(tx, executorRows(versionId, m.executors));
    await recordEvent(tx, clock, actor, { action: 'plan.draft_edited', targetType: 'measure', targetId: String(measureId), details: { plan: planId, code: m.code, added: true } });
    return { measureId };
  });
}

/** Takes a measure out of a draft (a draft has no reports; the audit log keeps what it said). */
export async function removeDraftMeasure(db: Db, clock: Clock, actor: AuditActor, planId: string, measureId: number): Promise<boolean> {
  const plan = await repo.findPlan(db, planId);
  const version = await repo.findCurrentMeasureVersion(db, planId, measureId);
  if (!plan || plan.state !== 'draft' || !version) return false;
  await writeTransaction(db, async (tx) => {
    await repo.deleteMeasure(tx, planId, measureId);
    await recordEvent(tx, clock, actor, { action: 'plan.draft_edited', targetType: 'measure', targetId: String(measureId), details: { plan: planId, code: version.code, removed: true, title: version.title.slice(0, 2000) } });
  });
  return true;
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

