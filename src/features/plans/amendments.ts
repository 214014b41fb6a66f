import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { AmendmentChangeKind, AmendmentState, PlanAmendment, PlanAmendmentChange } from '../../db/schema.ts';
import { writeTransaction } from '../../db/transaction.ts';
import type { LocalDate } from '../../domain/dates.ts';
import { parseDeadline } from '../../domain/deadline.ts';
import { dateInputProblem, effectiveDateProblem, isMeasureCode, mayAmend, parseDateInput, type EffectiveDateProblem } from '../../domain/plan-lifecycle.ts';
import { normaliseForSearch } from '../../domain/text.ts';
import { localDateOf } from '../../domain/time.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Directory } from '../organisations/service.ts';
import * as repo from './repository.ts';
import { getPlan, measureViewsOf, planStructure, type ExecutorRef, type MeasureView, type PlanView } from './service.ts';
import { executorRows, validateMeasureInput, type ExecutorChoice, type MeasureErrors, type MeasureInput } from './measure-input.ts';

/**
 * Amendments (зміни до плану): an active plan changes only through them. The coordinator records
 * the amending order (its number and date) and the date it takes effect, prepares the changes to
 * measures — nothing of that is seen in the plan yet — and applies them in one transaction: each
 * changed measure gets a new version from the effective date, a removed one ends the day before,
 * and every earlier version stays as it was (reports keep the text they were written against).
 * See docs/decisions/0017-amendments-are-staged-then-applied.md.
 */

/** What a measure says, wherever it comes from (a stored version or a staged change). */
export type MeasureText = Pick<MeasureView, 'code' | 'title' | 'deadlineText' | 'deadlineFrom' | 'deadlineTo' | 'permanent' | 'deadlineNote' | 'executors'>;

export interface ChangeView {
  id: number;
  kind: AmendmentChangeKind;
  measureId: number | null;
  taskId: number | null;
  code: string;
  /** The measure before the amendment (null for an added one). */
  before: MeasureText | null;
  /** The measure after the amendment (null for a removed one). */
  after: MeasureText | null;
}

/** An amendment's order and dates, without what it changes. */
export interface AmendmentHead {
  id: number;
  planId: string;
  legal: { kind: string; number: string; date: LocalDate };
  effectiveFrom: LocalDate;
  note: string | null;
  state: AmendmentState;
  createdAt: string;
  appliedAt: string | null;
}

export interface AmendmentView extends AmendmentHead {
  changes: ChangeView[];
}

function headOf(a: PlanAmendment): AmendmentHead {
  return {
    id: a.id,
    planId: a.plan_id,
    legal: { kind: a.legal_kind, number: a.legal_number, date: a.legal_date },
    effectiveFrom: a.effective_from,
    note: a.note,
    state: a.state,
    createdAt: a.created_at,
    appliedAt: a.applied_at,
  };
}

interface StagedExecutor extends ExecutorChoice {
  isLead: boolean;
}

function stagedExecutors(json: string | null): StagedExecutor[] {
  if (!json) return [];
  const parsed = JSON.parse(json) as StagedExecutor[];
  return Array.isArray(parsed) ? parsed : [];
}

function stagedText(c: PlanAmendmentChange, planStart: LocalDate, planEnd: LocalDate, before: MeasureText | null, directory: Directory): MeasureText {
  const parsed = c.deadline_text ? parseDeadline(c.deadline_text, planStart) : null;
  return {
    code: c.code ?? before?.code ?? '',
    title: c.title ?? before?.title ?? '',
    deadlineText: c.deadline_text,
    deadlineFrom: parsed ? parsed.from : planStart,
    deadlineTo: parsed ? parsed.to : planEnd,
    permanent: parsed?.permanent ?? false,
    deadlineNote: c.deadline_text ? null : 'not_stated',
    executors: stagedExecutors(c.executors).map((e): ExecutorRef => {
      const was = before?.executors.find((b) => b.type === e.type && b.id === e.id);
      const byConsent = was ? was.byConsent : Boolean(e.type === 'group' ? directory.group(e.id)?.byConsent : directory.organisation(e.id)?.byConsent);
      return { type: e.type, id: e.id, isLead: e.isLead, byConsent, asWritten: was?.asWritten ?? null };
    }),
  };
}

async function toViews(db: DbOrTx, directory: Directory, plan: PlanView, amendments: PlanAmendment[]): Promise<AmendmentView[]> {
  const changes = await repo.findChanges(
    db,
    amendments.map((a) => a.id),
  );
  // Draft: "before" is each measure's latest version. Applied: the version the amendment ended,
  // and "after" the version it created.
  const latest = new Map<number, MeasureView>();
  const draftMeasureIds = [...new Set(changes.filter((c) => c.measure_id !== null && amendments.find((a) => a.id === c.amendment_id)?.state === 'draft').map((c) => c.measure_id!))];
  if (draftMeasureIds.length) {
    const wanted = new Set(draftMeasureIds);
    const versions = (await repo.findCurrentMeasureVersions(db, plan.id)).filter((v) => wanted.has(Number(v.measure_id)));
    for (const m of await measureViewsOf(
      db,
      versions.map((v) => v.id),
    ))
      latest.set(m.id, m);
  }
  const views: AmendmentView[] = [];
  for (const a of amendments) {
    const own = changes.filter((c) => c.amendment_id === a.id);
    let touched: MeasureView[] = [];
    if (a.state === 'applied') {
      const rows = await repo.findVersionsTouchedBy(db, plan.id, a.id, a.effective_from);
      touched = await measureViewsOf(
        db,
        rows.map((r) => r.id),
      );
    }
    views.push({
      ...headOf(a),
      changes: own.map((c): ChangeView => {
        let before: MeasureText | null = null;
        let after: MeasureText | null = null;
        if (a.state === 'applied') {
          before = c.kind === 'add' ? null : (touched.find((m) => m.id === c.measure_id && m.validTo === a.effective_from) ?? null);
          after = c.kind === 'remove' ? null : (touched.find((m) => m.id === c.measure_id && m.amendmentId === a.id) ?? null);
        } else {
          before = c.measure_id !== null ? (latest.get(c.measure_id) ?? null) : null;
          after = c.kind === 'remove' ? null : stagedText(c, plan.start, plan.end, before, directory);
        }
        return { id: c.id, kind: c.kind, measureId: c.measure_id, taskId: c.task_id, code: after?.code ?? before?.code ?? c.code ?? '', before, after };
      }),
    });
  }
  return views;
}

/** The orders and dates of a plan's amendments (for pages that only name them), in order. */
export async function listAmendmentHeads(db: DbOrTx, planId: string, options: { withDrafts: boolean }): Promise<AmendmentHead[]> {
  return (await repo.findAmendments(db, planId)).filter((a) => options.withDrafts || a.state === 'applied').map(headOf);
}

/** A plan's amendments in the order they take effect, with their changes; drafts only for those who prepare them. */
export async function listAmendments(db: DbOrTx, directory: Directory, plan: PlanView, options: { withDrafts: boolean }): Promise<AmendmentView[]> {
  const rows = (await repo.findAmendments(db, plan.id)).filter((a) => options.withDrafts || a.state === 'applied');
  return toViews(db, directory, plan, rows);
}

export async function getAmendment(db: DbOrTx, directory: Directory, plan: PlanView, amendmentId: number): Promise<AmendmentView | undefined> {
  const row = await repo.findAmendment(db, plan.id, amendmentId);
  if (!row || row.state === 'discarded') return undefined;
  return (await toViews(db, directory, plan, [row]))[0];
}

/** The draft amendment of a plan being prepared, if any (one at a time keeps history linear). */
export async function draftAmendmentOf(db: DbOrTx, planId: string): Promise<number | undefined> {
  return (await repo.findAmendments(db, planId)).find((a) => a.state === 'draft')?.id;
}

async function lastAppliedDate(db: DbOrTx, planId: string, except?: number): Promise<LocalDate | null> {
  const applied = (await repo.findAmendments(db, planId)).filter((a) => a.state === 'applied' && a.id !== except);
  return applied.at(-1)?.effective_from ?? null;
}

// ---- the amending order ---------------------------------------------------------------------

export interface BasisInput {
  legalKind: string;
  legalNumber: string;
  legalDate: string;
  effectiveFrom: string;
  note: string;
}

export type BasisField = 'legalKind' | 'legalNumber' | 'legalDate' | 'effectiveFrom' | 'note';
export type BasisProblem = 'empty' | 'tooLong' | 'invalid' | 'nonexistent' | 'beforePlan' | 'future' | 'beforeOrder' | EffectiveDateProblem;
export type BasisErrors = Partial<Record<BasisField, BasisProblem>>;

interface ValidBasis {
  legal_kind: string;
  legal_number: string;
  legal_date: LocalDate;
  effective_from: LocalDate;
  note: string | null;
}

function validateBasis(plan: PlanView, lastApplied: LocalDate | null, input: BasisInput, today: LocalDate): { errors: BasisErrors } | { value: ValidBasis } {
  const errors: BasisErrors = {};
  const kind = input.legalKind.replace(/\s+/g, ' ').trim() || 'розпорядження';
  if (kind.length > 100) errors.legalKind = 'tooLong';
  const number = input.legalNumber.replace(/\s+/g, ' ').trim().replace(/^№\s*/, '');
  if (!number) errors.legalNumber = 'empty';
  else if (number.length > 50) errors.legalNumber = 'tooLong';
  const legalDate = parseDateInput(input.legalDate);
  if (!input.legalDate.trim()) errors.legalDate = 'empty';
  else if (!legalDate) errors.legalDate = dateInputProblem(input.legalDate) ?? 'invalid';
  else if (legalDate < plan.legal.date) errors.legalDate = 'beforePlan';
  // The amending order exists when it is entered.
  else if (legalDate > today) errors.legalDate = 'future';
  const effective = parseDateInput(input.effectiveFrom);
  if (!input.effectiveFrom.trim()) errors.effectiveFrom = 'empty';
  else if (!effective) errors.effectiveFrom = dateInputProblem(input.effectiveFrom) ?? 'invalid';
  else {
    const problem = effectiveDateProblem(plan, lastApplied, effective);
    if (problem) errors.effectiveFrom = problem;
    // Changes hold from the order on, never before it: periods already reported stay as they were.
    else if (legalDate && effective < legalDate) errors.effectiveFrom = 'beforeOrder';
  }
  const note = input.note.replace(/\r\n?/g, '\n').trim();
  if (note.length > 2000) errors.note = 'tooLong';
  if (Object.keys(errors).length) return { errors };
  return { value: { legal_kind: kind, legal_number: number, legal_date: legalDate!, effective_from: effective!, note: note || null } };
}

export type CreateResult = { errors: BasisErrors; lastApplied: LocalDate | null } | { id: number } | { existing: number } | 'not-active';

/** Starts an amendment of an active plan from its legal basis; one draft amendment at a time. */
export async function createAmendment(db: Db, clock: Clock, actor: AuditActor, planId: string, input: BasisInput): Promise<CreateResult> {
  const plan = await getPlan(db, planId);
  if (!plan || !mayAmend(plan.state)) return 'not-active';
  const lastApplied = await lastAppliedDate(db, planId);
  const result = validateBasis(plan, lastApplied, input, localDateOf(clock.now(), plan.schedule.timeZone));
  try {
    return await writeTransaction(db, async (tx) => {
      const existing = await draftAmendmentOf(tx, planId);
      if (existing !== undefined) return { existing };
      if ('errors' in result) return { errors: result.errors, lastApplied };
      const now = clock.now().toISOString();
      const id = await repo.insertAmendment(tx, { plan_id: planId, ...result.value, state: 'draft', created_by: actor.userId, created_at: now, applied_at: null, discarded_at: null });
      await recordEvent(tx, clock, actor, { action: 'plan.amendment_created', targetType: 'plan', targetId: planId, details: { amendment: id, number: result.value.legal_number, date: result.value.legal_date, effectiveFrom: result.value.effective_from } });
      return { id };
    });
  } catch (err) {
    // Two coordinators starting at once: the unique index keeps one; the other continues it.
    const existing = await draftAmendmentOf(db, planId);
    if (existing !== undefined) return { existing };
    throw err;
  }
}

/** Corrects the legal basis of an amendment still being prepared. */
export async function editAmendmentBasis(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, amendmentId: number, input: BasisInput): Promise<{ errors: BasisErrors; lastApplied: LocalDate | null } | null | 'not-draft'> {
  const row = await repo.findAmendment(db, plan.id, amendmentId);
  if (!row || row.state !== 'draft' || !mayAmend(plan.state)) return 'not-draft';
  const lastApplied = await lastAppliedDate(db, plan.id, amendmentId);
  const result = validateBasis(plan, lastApplied, input, localDateOf(clock.now(), plan.schedule.timeZone));
  if ('errors' in result) return { errors: result.errors, lastApplied };
  await writeTransaction(db, async (tx) => {
    await repo.updateAmendmentBasis(tx, amendmentId, result.value);
    await recordEvent(tx, clock, actor, { action: 'plan.amendment_edited', targetType: 'plan', targetId: plan.id, details: { amendment: amendmentId, basis: true } });
  });
  return null;
}

// ---- preparing the changes --------------------------------------------------------------------

async function draftContext(db: DbOrTx, plan: PlanView, amendmentId: number) {
  if (!mayAmend(plan.state)) return undefined;
  const row = await repo.findAmendment(db, plan.id, amendmentId);
  if (!row || row.state !== 'draft') return undefined;
  const changes = await repo.findChanges(db, [amendmentId]);
  return { row, changes };
}

export type StageResult = { errors: MeasureErrors } | { ok: true } | 'not-draft' | 'no-measure';

function sameText(a: { title: string; deadlineText: string | null; executors: readonly { type: string; id: string; isLead: boolean }[] }, b: typeof a): boolean {
  // The order executors are ticked in is not a change.
  const key = (x: typeof a) => JSON.stringify([x.title, x.deadlineText ?? '', x.executors.map((e) => `${e.type}:${e.id}:${e.isLead ? 1 : 0}`).sort()]);
  return key(a) === key(b);
}

/**
 * Prepares a new text, deadline or executors for a measure (replacing what was prepared for it
 * before). A save that changes nothing is refused, so that an amendment records only changes.
 */
export async function stageMeasureEdit(db: Db, clock: Clock, actor: AuditActor, directory: Directory, plan: PlanView, amendmentId: number, measureId: number, input: MeasureInput): Promise<StageResult> {
  const ctx = await draftContext(db, plan, amendmentId);
  if (!ctx) return 'not-draft';
  const current = await repo.findCurrentMeasureVersion(db, plan.id, measureId);
  if (!current) return 'no-measure';
  const result = validateMeasureInput({ ...input, code: undefined, taskId: undefined }, { directory, plan });
  if ('errors' in result) return result;
  const m = result.value;
  const [before] = await measureViewsOf(db, [current.id]);
  const executors = m.executors.map((e) => ({ type: e.type, id: e.id, isLead: e.isLead }));
  if (sameText({ title: m.title, deadlineText: m.deadlineText, executors }, { title: before!.title, deadlineText: before!.deadlineText, executors: before!.executors })) return { errors: { title: 'unchanged' } };
  const now = clock.now().toISOString();
  await writeTransaction(db, async (tx) => {
    const existing = ctx.changes.find((c) => c.measure_id === measureId);
    const set = { kind: 'edit' as const, task_id: null, code: null, title: m.title, deadline_text: m.deadlineText, executors: JSON.stringify(executors), updated_at: now };
    if (existing) await repo.updateChange(tx, existing.id, set);
    else await repo.insertChange(tx, { amendment_id: amendmentId, measure_id: measureId, ...set, created_at: now });
    await recordEvent(tx, clock, actor, { action: 'plan.amendment_edited', targetType: 'measure', targetId: String(measureId), details: { plan: plan.id, amendment: amendmentId, code: current.code, kind: 'edit' } });
  });
  return { ok: true };
}

/** Prepares the removal of a measure (it ends the day before the amendment takes effect). */
export async function stageMeasureRemoval(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, amendmentId: number, measureId: number): Promise<'ok' | 'not-draft' | 'no-measure'> {
  const ctx = await draftContext(db, plan, amendmentId);
  if (!ctx) return 'not-draft';
  const current = await repo.findCurrentMeasureVersion(db, plan.id, measureId);
  if (!current) return 'no-measure';
  const now = clock.now().toISOString();
  await writeTransaction(db, async (tx) => {
    const existing = ctx.changes.find((c) => c.measure_id === measureId);
    const set = { kind: 'remove' as const, task_id: null, code: null, title: null, deadline_text: null, executors: null, updated_at: now };
    if (existing) await repo.updateChange(tx, existing.id, set);
    else await repo.insertChange(tx, { amendment_id: amendmentId, measure_id: measureId, ...set, created_at: now });
    await recordEvent(tx, clock, actor, { action: 'plan.amendment_edited', targetType: 'measure', targetId: String(measureId), details: { plan: plan.id, amendment: amendmentId, code: current.code, kind: 'remove' } });
  });
  return 'ok';
}

/** Codes a new measure may not take: the plan's latest measures not being removed, and other additions. */
async function takenCodes(db: DbOrTx, planId: string, changes: readonly PlanAmendmentChange[], exceptChange?: number): Promise<{ codes: Set<string>; structure: Awaited<ReturnType<typeof planStructure>> }> {
  const structure = await planStructure(db, planId);
  const removed = new Set(changes.filter((c) => c.kind === 'remove').map((c) => c.measure_id));
  const codes = new Set(structure.measures.filter((m) => !removed.has(m.id)).map((m) => m.code));
  for (const c of changes) if (c.kind === 'add' && c.id !== exceptChange && c.code) codes.add(c.code);
  return { codes, structure };
}

/** Prepares a new measure (or corrects one prepared before, by its change id). */
export async function stageMeasureAddition(db: Db, clock: Clock, actor: AuditActor, directory: Directory, plan: PlanView, amendmentId: number, input: MeasureInput, changeId?: number): Promise<StageResult> {
  const ctx = await draftContext(db, plan, amendmentId);
  if (!ctx) return 'not-draft';
  const existing = changeId === undefined ? undefined : ctx.changes.find((c) => c.id === changeId && c.kind === 'add');
  if (changeId !== undefined && !existing) return 'no-measure';
  const { codes, structure } = await takenCodes(db, plan.id, ctx.changes, changeId);
  const result = validateMeasureInput(input, { directory, plan, tasks: structure.tasks, takenCodes: codes });
  if ('errors' in result) return result;
  const m = result.value;
  const now = clock.now().toISOString();
  await writeTransaction(db, async (tx) => {
    const set = { kind: 'add' as const, task_id: m.taskId, code: m.code, title: m.title, deadline_text: m.deadlineText, executors: JSON.stringify(m.executors.map((e) => ({ type: e.type, id: e.id, isLead: e.isLead }))), updated_at: now };
    if (existing) await repo.updateChange(tx, existing.id, set);
    else await repo.insertChange(tx, { amendment_id: amendmentId, measure_id: null, ...set, created_at: now });
    await recordEvent(tx, clock, actor, { action: 'plan.amendment_edited', targetType: 'plan', targetId: plan.id, details: { amendment: amendmentId, code: m.code, kind: 'add' } });
  });
  return { ok: true };
}

/** The change prepared for an addition, as the form shows it again. */
export async function stagedAddition(db: DbOrTx, plan: PlanView, amendmentId: number, changeId: number): Promise<PlanAmendmentChange | undefined> {
  const ctx = await draftContext(db, plan, amendmentId);
  return ctx?.changes.find((c) => c.id === changeId && c.kind === 'add');
}

/** The executors of a prepared change, as "type:id" values of the measure form. */
export function stagedExecutorValues(change: PlanAmendmentChange): { executors: string[]; lead: string } {
  const list = stagedExecutors(change.executors);
  const lead = list.find((e) => e.isLead);
  return { executors: list.map((e) => `${e.type}:${e.id}`), lead: lead ? `${lead.type}:${lead.id}` : '' };
}

/** Takes a prepared change back. */
export async function unstageChange(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, amendmentId: number, changeId: number): Promise<boolean> {
  const ctx = await draftContext(db, plan, amendmentId);
  if (!ctx) return false;
  return writeTransaction(db, async (tx) => {
    const ok = await repo.deleteChange(tx, amendmentId, changeId);
    if (ok) await recordEvent(tx, clock, actor, { action: 'plan.amendment_edited', targetType: 'plan', targetId: plan.id, details: { amendment: amendmentId, change: changeId, kind: 'undo' } });
    return ok;
  });
}

// ---- applying -----------------------------------------------------------------------------------

export type ApplyProblem =
  | { kind: 'noChanges' }
  | { kind: 'effectiveDate'; problem: EffectiveDateProblem }
  | { kind: 'measureGone'; code: string }
  | { kind: 'versionAfterEffective'; code: string; validFrom: LocalDate }
  | { kind: 'codeTaken'; code: string }
  | { kind: 'executorUnknown'; code: string };

export type ApplyResult = { ok: true } | { ok: false; problems: ApplyProblem[] } | 'not-draft';

/**
 * Applies a prepared amendment in one transaction: every change or nothing. Checked again at
 * this moment (the plan may have moved on since the changes were prepared).
 */
export async function applyAmendment(db: Db, clock: Clock, actor: AuditActor, directory: Directory, planId: string, amendmentId: number): Promise<ApplyResult> {
  try {
    return await writeTransaction(db, (tx) => applyInTransaction(tx, clock, actor, directory, planId, amendmentId));
  } catch (err) {
    if (err instanceof ApplyRefused) return { ok: false, problems: err.problems };
    throw err;
  }
}

/** Thrown inside the transaction so that nothing of a refused amendment stays. */
class ApplyRefused extends Error {
  constructor(readonly problems: ApplyProblem[]) {
    super('amendment refused');
  }
}

async function applyInTransaction(tx: DbOrTx, clock: Clock, actor: AuditActor, directory: Directory, planId: string, amendmentId: number): Promise<ApplyResult> {
  const plan = await getPlan(tx, planId);
  if (!plan || !mayAmend(plan.state)) return 'not-draft';
  const row = await repo.findAmendment(tx, planId, amendmentId);
  if (!row || row.state !== 'draft') return 'not-draft';
  const now = clock.now().toISOString();
  // Claim the amendment first: a second apply of the same amendment (a double click, another
  // coordinator) waits for this one on PostgreSQL's row lock, then finds it applied.
  if (!(await repo.updateAmendmentState(tx, amendmentId, 'draft', { state: 'applied', applied_at: now }))) return 'not-draft';
  const changes = await repo.findChanges(tx, [amendmentId]);
  const eff = row.effective_from;
  const problems: ApplyProblem[] = [];
  if (changes.length === 0) problems.push({ kind: 'noChanges' });
  const dateProblem = effectiveDateProblem(plan, await lastAppliedDate(tx, planId, amendmentId), eff);
  if (dateProblem) problems.push({ kind: 'effectiveDate', problem: dateProblem });
  const current = new Map<number, Awaited<ReturnType<typeof repo.findCurrentMeasureVersion>>>();
  for (const c of changes.filter((c) => c.kind !== 'add')) {
    const v = await repo.findCurrentMeasureVersion(tx, planId, c.measure_id!);
    if (!v) {
      problems.push({ kind: 'measureGone', code: String(c.measure_id) });
      continue;
    }
    current.set(c.measure_id!, v);
    if (v.valid_from >= eff) problems.push({ kind: 'versionAfterEffective', code: v.code, validFrom: v.valid_from });
  }
  // After the amendment: the measures that stay keep their codes; each addition needs a free one.
  const removedIds = new Set(changes.filter((c) => c.kind === 'remove').map((c) => c.measure_id));
  const used = new Set((await repo.findCurrentMeasureVersions(tx, planId)).filter((v) => !removedIds.has(Number(v.measure_id))).map((v) => v.code));
  for (const c of changes.filter((c) => c.kind === 'add')) {
    // A code that is not a measure's number can only come from before the rules were tightened.
    if (used.has(c.code!) || !isMeasureCode(c.code!)) problems.push({ kind: 'codeTaken', code: c.code! });
    used.add(c.code!);
  }
  for (const c of changes.filter((c) => c.kind !== 'remove')) {
    const unknown = stagedExecutors(c.executors).some((e) => (e.type === 'group' ? !directory.group(e.id) : !directory.organisation(e.id) || Boolean(directory.organisation(e.id)!.mergedInto)));
    if (unknown) problems.push({ kind: 'executorUnknown', code: c.code ?? current.get(c.measure_id!)?.code ?? '' });
  }
  if (problems.length) throw new ApplyRefused(problems);

  // End the versions first: that frees their codes for the versions that follow.
  const previous = new Map<number, MeasureView>();
  for (const m of await measureViewsOf(
    tx,
    [...current.values()].map((v) => v!.id),
  ))
    previous.set(m.id, m);
  for (const v of current.values()) await repo.closeMeasureVersion(tx, v!.id, eff);
  const summary: { kind: AmendmentChangeKind; code: string }[] = [];
  for (const c of changes) {
    if (c.kind === 'remove') {
      summary.push({ kind: 'remove', code: current.get(c.measure_id!)!.code });
      continue;
    }
    const before = c.measure_id !== null ? current.get(c.measure_id) : undefined;
    const code = before?.code ?? c.code!;
    const parsed = c.deadline_text ? parseDeadline(c.deadline_text, plan.start) : null;
    const measureId = c.kind === 'add' ? await repo.insertMeasure(tx, { plan_id: planId, created_at: now }) : c.measure_id!;
    const title = c.title!;
    const unchangedText = before && before.title === title && (before.deadline_text ?? null) === (c.deadline_text ?? null);
    const versionId = await repo.insertMeasureVersion(tx, {
      measure_id: measureId,
      plan_id: planId,
      task_id: before?.task_id ?? c.task_id!,
      amendment_id: amendmentId,
      valid_from: eff,
      code,
      number: Number(code.split('.').pop()),
      title,
      deadline_text: c.deadline_text,
      deadline_from: parsed ? parsed.from : plan.start,
      deadline_to: parsed ? parsed.to : plan.end,
      permanent: parsed?.permanent ? 1 : 0,
      deadline_note: c.deadline_text ? null : 'not_stated',
      // A note about the order's wording holds while the wording does.
      note: unchangedText ? before.note : null,
      search_text: normaliseForSearch(`${code} ${title}`),
      created_at: now,
    });
    const staged = stagedExecutors(c.executors).map((e) => ({ ...e, byConsent: Boolean(e.type === 'group' ? directory.group(e.id)?.byConsent : directory.organisation(e.id)?.byConsent) }));
    await repo.insertMeasureExecutors(tx, executorRows(versionId, staged, previous.get(measureId)?.executors ?? []));
    if (c.kind === 'add') await repo.updateChange(tx, c.id, { measure_id: measureId, updated_at: now });
    summary.push({ kind: c.kind, code });
  }
  await repo.updatePlan(tx, planId, { updated_at: now });
  await recordEvent(tx, clock, actor, { action: 'plan.amendment_applied', targetType: 'plan', targetId: planId, details: { amendment: amendmentId, number: row.legal_number, date: row.legal_date, effectiveFrom: eff, changes: summary } });
  return { ok: true } as const;
}

/** Discards an amendment being prepared: kept (with what was prepared) and audited, never applied. */
export async function discardAmendment(db: Db, clock: Clock, actor: AuditActor, planId: string, amendmentId: number): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const ok = await repo.updateAmendmentState(tx, amendmentId, 'draft', { state: 'discarded', discarded_at: clock.now().toISOString() });
    if (ok) await recordEvent(tx, clock, actor, { action: 'plan.amendment_discarded', targetType: 'plan', targetId: planId, details: { amendment: amendmentId } });
    return ok;
  });
}
