import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { StatSubmissionState } from '../../db/schema.ts';
import { isPostgresDb, writeTransaction } from '../../db/transaction.ts';
import { reportingPeriods, type ReportingPeriod } from '../../domain/periods.ts';
import { checkSubmission, formCells, parseCount, type StatFormDefinition, type SubmissionCheck, type ValueProblem, type Values } from '../../domain/statistics.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';

/**
 * A plan's statistical forms and their submissions (issue 16). A submission is one organisation's
 * figures for one form and period: saved as typed (whole numbers, or empty) under a revision —
 * a save names the revision it read, and another's save in between is a conflict, never lost;
 * submitted once complete and adding up (a frozen version each time); accepted or returned by the
 * plan's coordinator. Every change is one conditional update (PostgreSQL's READ COMMITTED loses a
 * read-modify-write), audited.
 */

export interface StatFormView {
  id: number;
  planId: string;
  key: string;
  title: string;
  definition: StatFormDefinition;
  /** Directory ids, organisations or groups. */
  submitters: string[];
  measures: string[];
  periodKind: 'quarter' | 'half_year';
  dueDay: number;
}

/** A form's structure as read, named by a change to it: another's change in between is a conflict. */
export function structureStamp(form: Pick<StatFormView, 'definition'>): string {
  return createHash('sha256').update(JSON.stringify(form.definition)).digest('hex').slice(0, 32);
}

export async function listForms(db: DbOrTx, planId: string): Promise<StatFormView[]> {
  const rows = await db.selectFrom('stat_forms').selectAll().where('plan_id', '=', planId).orderBy('sort').orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    planId: r.plan_id,
    key: r.key,
    title: r.title,
    definition: JSON.parse(r.definition) as StatFormDefinition,
    submitters: JSON.parse(r.submitters) as string[],
    measures: JSON.parse(r.measures) as string[],
    periodKind: r.period_kind,
    dueDay: Number(r.due_day),
  }));
}

export async function getForm(db: DbOrTx, planId: string, key: string): Promise<StatFormView | undefined> {
  return (await listForms(db, planId)).find((f) => f.key === key);
}

/** The form's periods within the plan, with their deadlines (the due day of the month after), computed as reports' are. */
export function formPeriods(form: StatFormView, plan: PlanView): ReportingPeriod[] {
  return reportingPeriods(
    { periodKind: form.periodKind, executorDueDay: form.dueDay, consolidationDueDay: Math.max(form.dueDay, plan.schedule.consolidationDueDay), timeZone: plan.schedule.timeZone, moveWeekendDeadlines: plan.schedule.moveWeekendDeadlines },
    plan.start,
    plan.end,
  );
}

/** The organisations that submit a form: named ones, and the members of named groups, each once, in the directory's order. */
export function submittersOf(form: StatFormView, directory: Directory): OrganisationView[] {
  const ids = new Set<string>();
  for (const id of form.submitters) {
    const group = directory.group(id);
    if (group) for (const m of group.memberIds) ids.add(m);
    else ids.add(id);
  }
  return directory.organisations.filter((o) => ids.has(o.id) && !o.mergedInto);
}

export interface SubmissionView {
  id: number;
  state: StatSubmissionState;
  figures: Values;
  revision: number;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  updatedAt: string;
  versions: number;
}

export async function loadSubmission(db: DbOrTx, formId: number, periodKey: string, organisationId: string): Promise<SubmissionView | null> {
  const r = await db.selectFrom('stat_submissions').selectAll().where('form_id', '=', formId).where('period_key', '=', periodKey).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!r) return null;
  const versions = await db.selectFrom('stat_submission_versions').select((eb) => eb.fn.countAll<number>().as('n')).where('submission_id', '=', r.id).executeTakeFirstOrThrow();
  return {
    id: Number(r.id),
    state: r.state,
    figures: JSON.parse(r.figures) as Values,
    revision: Number(r.revision),
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
    reviewComment: r.review_comment,
    updatedAt: r.updated_at,
    versions: Number(versions.n),
  };
}

/** Every submission of a form's period, by organisation (for the coordinator's overview and the reconciliation). */
/** The states of submissions of several forms and periods, in one query: "formId|period|organisation" → state. */
export async function submissionStates(db: DbOrTx, formIds: number[], periodKeys: string[]): Promise<Map<string, StatSubmissionState>> {
  if (formIds.length === 0 || periodKeys.length === 0) return new Map();
  const rows = await db.selectFrom('stat_submissions').select(['form_id', 'period_key', 'organisation_id', 'state']).where('form_id', 'in', formIds).where('period_key', 'in', [...new Set(periodKeys)]).execute();
  return new Map(rows.map((r) => [`${Number(r.form_id)}|${r.period_key}|${r.organisation_id}`, r.state]));
}


export const EDITABLE: readonly StatSubmissionState[] = ['draft', 'returned'];

export type SaveResult =
  | { kind: 'saved'; revision: number; check: SubmissionCheck }
  | { kind: 'invalid'; problems: Record<string, ValueProblem> }
  | { kind: 'conflict'; current: SubmissionView | null }
  | { kind: 'notEditable'; state: StatSubmissionState };

/**
 * Saves the typed figures (every cell of the form; unknown cells are ignored, a cell not typed is
 * empty). A cell that is not a whole number refuses the whole save, naming the cell; nothing that
 * was saved is lost. `revision` is the one the writer read (0: none yet).
 */
export async function saveFigures(db: Db, clock: Clock, form: StatFormView, periodKey: string, organisationId: string, typed: Record<string, string>, revision: number, userId: string | null): Promise<SaveResult> {
  const figures: Record<string, number> = {};
  const problems: Record<string, ValueProblem> = {};
  for (const c of formCells(form.definition)) {
    const raw = typed[c.id];
    if (raw === undefined) continue;
    const parsed = parseCount(raw);
    if ('problem' in parsed) problems[c.id] = parsed.problem;
    else if (parsed.value !== null) figures[c.id] = parsed.value;
  }
  const check = checkSubmission(form.definition, figures);
  Object.assign(problems, check.problems);
  if (Object.keys(problems).length) return { kind: 'invalid', problems };
  const now = clock.now().toISOString();
  const json = JSON.stringify(figures);
  return writeTransaction(db, async (tx): Promise<SaveResult> => {
    // The form's structure changed since it was read: figures for cells it no longer has, or
    // missing ones it now asks, are never saved (the page is shown again as it is now).
    if (!(await sameStructure(tx, form))) return { kind: 'conflict', current: await loadSubmission(tx, form.id, periodKey, organisationId) };
    if (revision === 0) {
      const inserted = await tx
        .insertInto('stat_submissions')
        .values({ form_id: form.id, period_key: periodKey, organisation_id: organisationId, figures: json, revision: 1, saved_by: userId, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['form_id', 'period_key', 'organisation_id']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { kind: 'saved', revision: 1, check };
    } else {
      const updated = await tx
        .updateTable('stat_submissions')
        .set((eb) => ({ figures: json, revision: eb('revision', '+', 1), saved_by: userId, updated_at: now }))
        .where('form_id', '=', form.id)
        .where('period_key', '=', periodKey)
        .where('organisation_id', '=', organisationId)
        .where('revision', '=', revision)
        .where('state', 'in', EDITABLE)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 1) return { kind: 'saved', revision: revision + 1, check };
    }
    const current = await loadSubmission(tx, form.id, periodKey, organisationId);
    if (current && !EDITABLE.includes(current.state)) return { kind: 'notEditable', state: current.state };
    // The same figures saved meanwhile (the autosave got there first with what the page still holds): no conflict.
    if (current && sameFigures(current.figures, figures)) return { kind: 'saved', revision: current.revision, check };
    return { kind: 'conflict', current };
  });
}

/**
 * Whether the form's structure is still the one read — holding it (FOR SHARE on PostgreSQL) until
 * the transaction ends, so that a change of structure waits for the save, or the save for it.
 */
export async function sameStructure(tx: DbOrTx, form: StatFormView): Promise<boolean> {
  const q = tx.selectFrom('stat_forms').select('definition').where('id', '=', form.id);
  const row = await (isPostgresDb(tx) ? q.forShare() : q).executeTakeFirst();
  return row !== undefined && row.definition === JSON.stringify(form.definition);
}

function sameFigures(a: Values, b: Values): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => typeof a[k] === 'number' || typeof b[k] === 'number'));
  return [...keys].every((k) => a[k] === b[k]);
}

export type SubmitResult = { kind: 'submitted'; version: number } | { kind: 'incomplete'; check: SubmissionCheck } | { kind: 'conflict' } | { kind: 'notEditable'; state: StatSubmissionState };

/** Submits the figures as saved at `revision`: every cell filled, each breakdown adding up. */
export async function submitFigures(db: Db, clock: Clock, actor: AuditActor, form: StatFormView, periodKey: string, organisationId: string, revision: number): Promise<SubmitResult> {
  return writeTransaction(db, async (tx) => {
    if (!(await sameStructure(tx, form))) return { kind: 'conflict' as const };
    const current = await loadSubmission(tx, form.id, periodKey, organisationId);
    if (!current || current.revision !== revision) return { kind: 'conflict' as const };
    if (!EDITABLE.includes(current.state)) return { kind: 'notEditable' as const, state: current.state };
    const check = checkSubmission(form.definition, current.figures);
    if (check.empty.length || check.mismatches.length || Object.keys(check.problems).length) return { kind: 'incomplete' as const, check };
    const now = clock.now().toISOString();
    const moved = await tx
      .updateTable('stat_submissions')
      .set((eb) => ({ state: 'submitted' as const, submitted_at: now, updated_at: now, revision: eb('revision', '+', 1), review_comment: null }))
      .where('id', '=', current.id)
      .where('revision', '=', revision)
      .where('state', 'in', EDITABLE)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return { kind: 'conflict' as const };
    const version = current.versions + 1;
    await tx.insertInto('stat_submission_versions').values({ submission_id: current.id, number: version, figures: JSON.stringify(current.figures), submitted_by: actor.userId, submitted_at: now }).execute();
    await recordEvent(tx, clock, actor, { action: 'stats.submitted', targetType: 'organisation', targetId: organisationId, details: { plan: form.planId, form: form.key, period: periodKey, organisation: organisationId, version } });
    return { kind: 'submitted' as const, version };
  });
}

export const MAX_REVIEW_COMMENT = 2000;

/** The coordinator accepts a submitted version, or returns it with a comment (required) for correction. */
export async function reviewFigures(db: Db, clock: Clock, actor: AuditActor, form: StatFormView, periodKey: string, organisationId: string, decision: 'accept' | 'return', comment: string, revision: number): Promise<'done' | 'conflict' | 'commentRequired' | 'commentTooLong'> {
  const text = comment.trim();
  if (decision === 'return' && !text) return 'commentRequired';
  if (text.length > MAX_REVIEW_COMMENT) return 'commentTooLong';
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const moved = await tx
      .updateTable('stat_submissions')
      .set((eb) => ({ state: decision === 'accept' ? ('accepted' as const) : ('returned' as const), reviewed_at: now, reviewed_by: actor.userId, review_comment: text || null, updated_at: now, revision: eb('revision', '+', 1) }))
      .where('form_id', '=', form.id)
      .where('period_key', '=', periodKey)
      .where('organisation_id', '=', organisationId)
      .where('state', '=', 'submitted')
      .where('revision', '=', revision)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return 'conflict' as const;
    await recordEvent(tx, clock, actor, { action: decision === 'accept' ? 'stats.accepted' : 'stats.returned', targetType: 'organisation', targetId: organisationId, details: { plan: form.planId, form: form.key, period: periodKey, organisation: organisationId } });
    return 'done' as const;
  });
}

/** An exact figure seen by someone outside the submitting organisation: written to the audit log (issue 16). */
export async function recordExactView(db: Db, clock: Clock, actor: AuditActor, form: StatFormView, periodKey: string, organisationId: string): Promise<void> {
  await writeTransaction(db, (tx) => recordEvent(tx, clock, actor, { action: 'stats.viewed', targetType: 'organisation', targetId: organisationId, details: { plan: form.planId, form: form.key, period: periodKey, organisation: organisationId } }));
}

export type FormSettingsProblem = 'empty' | 'tooLong' | 'invalid' | 'unknown' | 'hasSubmissions';
export interface FormSettingsInput {
  title: string;
  dueDay: string;
  /** Directory ids, organisations or groups, one or more. */
  submitters: string[];
  /** 'quarter' or 'half_year': changeable while nothing was submitted on the form. */
  periodKind: string;
}

/**
 * The coordinator's settings of a form: its title, due day (1–28 of the month after the period),
 * who submits it (organisations or groups of the directory) and its periodicity — the last only
 * while no submission holds figures, whose periods would otherwise no longer exist. The counts it
 * asks for are edited on the structure page. Audited.
 */
export async function saveFormSettings(db: Db, clock: Clock, actor: AuditActor, form: StatFormView, input: FormSettingsInput, directory: Directory): Promise<{ errors: Partial<Record<keyof FormSettingsInput, FormSettingsProblem>> } | null> {
  const { errors, title, day, submitters } = checkCommon(input, directory) as { errors: Partial<Record<keyof FormSettingsInput, FormSettingsProblem>>; title: string; day: number; submitters: string[] };
  const periodKind = input.periodKind || form.periodKind;
  if (periodKind !== 'quarter' && periodKind !== 'half_year') errors.periodKind = 'invalid';
  else if (periodKind !== form.periodKind && (await db.selectFrom('stat_submissions').select('id').where('form_id', '=', form.id).limit(1).executeTakeFirst())) errors.periodKind = 'hasSubmissions';
  if (Object.keys(errors).length) return { errors };
  await writeTransaction(db, async (tx) => {
    await tx.updateTable('stat_forms').set({ title, due_day: day, submitters: JSON.stringify(submitters), period_kind: periodKind as 'quarter' | 'half_year', updated_at: clock.now().toISOString() }).where('id', '=', form.id).execute();
    await recordEvent(tx, clock, actor, { action: 'stats.form_edited', targetType: 'plan', targetId: form.planId, details: { plan: form.planId, form: form.key, title, dueDay: day, submitters, periodKind } });
  });
  return null;
}

/** The form's title (1–300 characters, spaces folded), its due day (1–28) and submitters (known directory ids), checked. */
function checkCommon(input: { title: string; dueDay: string; submitters: string[] }, directory: Directory) {
  const errors: Partial<Record<'title' | 'dueDay' | 'submitters', FormSettingsProblem>> = {};
  const title = input.title.replace(/\s+/g, ' ').trim();
  if (!title) errors.title = 'empty';
  else if (title.length > 300) errors.title = 'tooLong';
  const day = /^\d{1,2}$/.test(input.dueDay.trim()) ? Number(input.dueDay.trim()) : NaN;
  if (!input.dueDay.trim()) errors.dueDay = 'empty';
  else if (!(day >= 1 && day <= 28)) errors.dueDay = 'invalid';
  const submitters = [...new Set(input.submitters.map((s) => s.trim()).filter(Boolean))];
  if (submitters.length === 0) errors.submitters = 'empty';
  else if (submitters.some((id) => !directory.organisation(id) && !directory.group(id))) errors.submitters = 'unknown';
  return { errors, title, day, submitters };
}

export interface NewFormInput {
  title: string;
  periodKind: string;
  dueDay: string;
  submitters: string[];
  /** The first quantity's name and unit (more are added on the structure page). */
  quantity: string;
  unit: string;
}
export type NewFormProblem = FormSettingsProblem | 'duplicate';

/**
 * A new statistical form of a plan, asking one quantity (its total) until the coordinator adds
 * more on the structure page. Its key is made up ("form-3"); a title another form of the plan has
 * is refused. Audited.
 */
export async function createForm(db: Db, clock: Clock, actor: AuditActor, planId: string, input: NewFormInput, directory: Directory): Promise<{ key: string } | { errors: Partial<Record<keyof NewFormInput, NewFormProblem>> }> {
  const common = checkCommon(input, directory);
  const errors: Partial<Record<keyof NewFormInput, NewFormProblem>> = { ...common.errors };
  if (input.periodKind !== 'quarter' && input.periodKind !== 'half_year') errors.periodKind = 'invalid';
  const quantity = input.quantity.replace(/\s+/g, ' ').trim();
  if (!quantity) errors.quantity = 'empty';
  else if (quantity.length > 200) errors.quantity = 'tooLong';
  if (!['persons', 'applications', 'payments', 'uah', 'consultations'].includes(input.unit)) errors.unit = 'invalid';
  const existing = await listForms(db, planId);
  if (!errors.title && existing.some((f) => f.title.toLocaleLowerCase('uk') === common.title.toLocaleLowerCase('uk'))) errors.title = 'duplicate';
  if (Object.keys(errors).length) return { errors };
  return writeTransaction(db, async (tx) => {
    const keys = new Set((await tx.selectFrom('stat_forms').select('key').where('plan_id', '=', planId).execute()).map((r) => r.key));
    let n = existing.length + 1;
    while (keys.has(`form-${n}`)) n += 1;
    const key = `form-${n}`;
    const now = clock.now().toISOString();
    const definition: StatFormDefinition = { key, title: common.title, quantities: [{ key: 'q1', label: quantity, unit: input.unit as StatFormDefinition['quantities'][number]['unit'], sensitive: input.unit === 'persons' }], dimensions: [], breakdowns: [] };
    await tx
      .insertInto('stat_forms')
      .values({ plan_id: planId, key, title: common.title, definition: JSON.stringify(definition), submitters: JSON.stringify(common.submitters), measures: '[]', period_kind: input.periodKind as 'quarter' | 'half_year', due_day: common.day, sort: existing.length, created_at: now, updated_at: now })
      .execute();
    await recordEvent(tx, clock, actor, { action: 'stats.form_created', targetType: 'plan', targetId: planId, details: { plan: planId, form: key, title: common.title, periodKind: input.periodKind, dueDay: common.day, submitters: common.submitters } });
    return { key };
  });
}
