import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { InstructionKind, InstructionState } from '../../db/schema.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { compareLocalDates, type LocalDate } from '../../domain/dates.ts';
import { parseDateInput } from '../../domain/plan-lifecycle.ts';
import { localDateOf } from '../../domain/time.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Principal } from '../auth/service.ts';
import { enqueue, notifyOrganisation } from '../mail/outbox.ts';
import type { Directory } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import type { DocInstruction } from '../consolidation/document.ts';
import { periodsOf } from '../reports/service.ts';

/**
 * Control instructions (доручення, issue 17). The order puts control of the plan on a deputy head
 * of the administration: the supervisor — or the coordinator on the supervisor's behalf — instructs
 * an executor of the plan, on one of its measures or on the plan as a whole, to explain, to act, or
 * that a deadline is extended, by a due date. The executor answers in Zvit; the issuing side closes
 * it. States: issued → answered → closed; "overdue" is an issued one past its due date. Each change
 * is one conditional update on the state and revision read (a second answer, or a close racing an
 * answer, is told, never lost), audited, and the other side is notified.
 */

export const INSTRUCTION_KINDS: readonly InstructionKind[] = ['explain', 'act', 'extend'];
export const MAX_TEXT = 2000;
export const MAX_ANSWER = 5000;

export interface InstructionView {
  id: number;
  planId: string;
  periodKey: string;
  measureId: number | null;
  measureCode: string | null;
  measureTitle: string | null;
  organisationId: string;
  kind: InstructionKind;
  text: string;
  dueDate: LocalDate;
  extendTo: LocalDate | null;
  state: InstructionState;
  overdue: boolean;
  revision: number;
  issuedBy: { id: string; name: string };
  onBehalf: boolean;
  issuedAt: string;
  answer: string | null;
  answeredBy: { id: string; name: string } | null;
  answeredAt: string | null;
  closeNote: string | null;
  closedAt: string | null;
}

/**
 * How the principal stands to a plan's instructions: 'issuer' — the owner's supervisors, and the
 * coordinator's staff who review reports (on the supervisor's behalf); 'addressee' — staff of the
 * executor instructed (for that organisation's instructions only); null: nothing.
 */
export type InstructionStanding = 'issuer' | 'addressee' | null;

export function issuerOf(principal: Principal | null, plan: Pick<plans.PlanView, 'ownerOrganisationId' | 'coordinatorOrganisationId'>): { onBehalf: boolean } | null {
  if (!principal) return null;
  if (principal.organisationId === plan.ownerOrganisationId && principal.permissions.has('consolidation.sign')) return { onBehalf: false };
  if (principal.organisationId === plan.coordinatorOrganisationId && principal.permissions.has('report.review')) return { onBehalf: true };
  return null;
}

export function instructionStanding(principal: Principal | null, plan: Pick<plans.PlanView, 'ownerOrganisationId' | 'coordinatorOrganisationId'>, organisationId: string): InstructionStanding {
  if (issuerOf(principal, plan)) return 'issuer';
  if (principal && principal.organisationId === organisationId && principal.permissions.has('report.edit')) return 'addressee';
  return null;
}

export interface InstructionFilter {
  organisationId?: string;
  state?: 'open' | 'overdue' | 'answered' | 'closed' | '';
  measureId?: number;
}

/** A plan's instructions, newest first, with who issued and answered them; overdue as of `today`. */
export async function listInstructions(db: DbOrTx, plan: plans.PlanView, today: LocalDate, filter: InstructionFilter = {}): Promise<InstructionView[]> {
  let q = db
    .selectFrom('instructions as i')
    .leftJoin('users as u', 'u.id', 'i.issued_by')
    .leftJoin('users as a', 'a.id', 'i.answered_by')
    .select(['i.id', 'i.plan_id', 'i.period_key', 'i.measure_id', 'i.organisation_id', 'i.kind', 'i.text', 'i.due_date', 'i.extend_to', 'i.state', 'i.revision', 'i.issued_by', 'u.display_name as issuer_name', 'i.on_behalf', 'i.issued_at', 'i.answer', 'i.answered_by', 'a.display_name as answerer_name', 'i.answered_at', 'i.close_note', 'i.closed_at'])
    .where('i.plan_id', '=', plan.id);
  if (filter.organisationId) q = q.where('i.organisation_id', '=', filter.organisationId);
  if (filter.measureId) q = q.where('i.measure_id', '=', filter.measureId);
  if (filter.state === 'open' || filter.state === 'overdue') q = q.where('i.state', '=', 'issued');
  if (filter.state === 'overdue') q = q.where('i.due_date', '<', today);
  if (filter.state === 'answered' || filter.state === 'closed') q = q.where('i.state', '=', filter.state);
  const rows = await q.orderBy('i.issued_at', 'desc').orderBy('i.id', 'desc').execute();
  const measures = await measureWords(db, rows.map((r) => r.measure_id));
  return rows.map((r) => ({
    id: Number(r.id),
    planId: r.plan_id,
    periodKey: r.period_key,
    measureId: r.measure_id === null ? null : Number(r.measure_id),
    measureCode: r.measure_id === null ? null : (measures.get(Number(r.measure_id))?.code ?? null),
    measureTitle: r.measure_id === null ? null : (measures.get(Number(r.measure_id))?.title ?? null),
    organisationId: r.organisation_id,
    kind: r.kind,
    text: r.text,
    dueDate: r.due_date as LocalDate,
    extendTo: (r.extend_to as LocalDate | null) ?? null,
    state: r.state,
    overdue: r.state === 'issued' && compareLocalDates(r.due_date as LocalDate, today) < 0,
    revision: Number(r.revision),
    issuedBy: { id: r.issued_by, name: r.issuer_name ?? '—' },
    onBehalf: Number(r.on_behalf) === 1,
    issuedAt: r.issued_at,
    answer: r.answer,
    answeredBy: r.answered_by ? { id: r.answered_by, name: r.answerer_name ?? '—' } : null,
    answeredAt: r.answered_at,
    closeNote: r.close_note,
    closedAt: r.closed_at,
  }));
}

export async function getInstruction(db: DbOrTx, plan: plans.PlanView, today: LocalDate, id: number): Promise<InstructionView | undefined> {
  const row = await db.selectFrom('instructions').select(['id', 'organisation_id']).where('id', '=', id).where('plan_id', '=', plan.id).executeTakeFirst();
  if (!row) return undefined;
  return (await listInstructions(db, plan, today, { organisationId: row.organisation_id })).find((i) => i.id === id);
}

/** Each measure's code and title as last worded (its latest version). */
async function measureWords(db: DbOrTx, ids: (number | null)[]): Promise<Map<number, { code: string; title: string }>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null).map(Number))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('measure_versions').select(['measure_id', 'code', 'title', 'valid_from']).where('measure_id', 'in', wanted).orderBy('valid_from').orderBy('id').execute();
  // Later versions overwrite earlier ones.
  return new Map(rows.map((r) => [Number(r.measure_id), { code: r.code, title: r.title }]));
}

/** Open instructions addressed to an organisation across plans (its home): issued, soonest due first. */
export async function openFor(db: DbOrTx, organisationId: string): Promise<{ id: number; planId: string; planTitle: string; kind: InstructionKind; text: string; dueDate: LocalDate; measureCode: string | null }[]> {
  const rows = await db
    .selectFrom('instructions as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .select(['i.id', 'i.plan_id', 'p.title as plan_title', 'p.short_title as plan_short_title', 'i.kind', 'i.text', 'i.due_date', 'i.measure_id'])
    .where('i.organisation_id', '=', organisationId)
    .where('i.state', '=', 'issued')
    .orderBy('i.due_date')
    .orderBy('i.id')
    .limit(50)
    .execute();
  const measures = await measureWords(db, rows.map((r) => r.measure_id));
  return rows.map((r) => ({ id: Number(r.id), planId: r.plan_id, planTitle: r.plan_short_title ?? r.plan_title, kind: r.kind, text: r.text, dueDate: r.due_date as LocalDate, measureCode: r.measure_id === null ? null : (measures.get(Number(r.measure_id))?.code ?? null) }));
}

/** Counts for the issuing side's home: issued (of them overdue), answered and awaiting closure. */
export async function countsFor(db: DbOrTx, planIds: string[], today: LocalDate): Promise<{ issued: number; overdue: number; answered: number }> {
  if (planIds.length === 0) return { issued: 0, overdue: 0, answered: 0 };
  const rows = await db.selectFrom('instructions').select(['state', 'due_date']).where('plan_id', 'in', planIds).where('state', '!=', 'closed').execute();
  return {
    issued: rows.filter((r) => r.state === 'issued').length,
    overdue: rows.filter((r) => r.state === 'issued' && compareLocalDates(r.due_date as LocalDate, today) < 0).length,
    answered: rows.filter((r) => r.state === 'answered').length,
  };
}

export interface IssueInput {
  organisationId: string;
  measureId: string;
  kind: string;
  text: string;
  dueDate: string;
  extendTo: string;
}
export type IssueProblem = 'empty' | 'tooLong' | 'invalid' | 'past' | 'notExecutor' | 'unknown';

/** The organisations a plan's instructions may go to: its executors (named, or members of a named group). */
export async function addressees(db: DbOrTx, directory: Directory, plan: plans.PlanView): Promise<string[]> {
  return plans.planExecutorOrganisations(db, directory, plan.id);
}

/**
 * Issues an instruction: to an executor of the plan, on a measure in force that it executes (or on
 * the plan as a whole), with a due date from today on ("продовжити строк" also names the new
 * deadline). Kept with the plan's period of today. The addressee's staff are notified.
 */
export async function issueInstruction(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  directory: Directory,
  plan: plans.PlanView,
  onBehalf: boolean,
  input: IssueInput,
): Promise<{ id: number } | { errors: Partial<Record<keyof IssueInput, IssueProblem>> }> {
  const errors: Partial<Record<keyof IssueInput, IssueProblem>> = {};
  const today = localDateOf(clock.now(), plan.schedule.timeZone);
  const executors = new Set(await addressees(db, directory, plan));
  const organisation = directory.organisation(input.organisationId);
  if (!input.organisationId) errors.organisationId = 'empty';
  else if (!organisation || organisation.mergedInto || !executors.has(organisation.id)) errors.organisationId = 'notExecutor';
  let measureId: number | null = null;
  if (input.measureId) {
    const inForce = await plans.measuresInSpan(db, plan.id, today < plan.start ? plan.start : today > plan.end ? plan.end : today, today < plan.start ? plan.start : today > plan.end ? plan.end : today);
    const measure = /^\d{1,10}$/.test(input.measureId) ? inForce.find((m) => m.id === Number(input.measureId)) : undefined;
    if (!measure) errors.measureId = 'unknown';
    else if (organisation && !plans.reportingOrganisations(measure, directory).includes(organisation.id)) errors.measureId = 'notExecutor';
    else measureId = measure.id;
  }
  if (!(INSTRUCTION_KINDS as readonly string[]).includes(input.kind)) errors.kind = 'invalid';
  const text = input.text.replace(/\r\n/g, '\n').trim();
  if (!text) errors.text = 'empty';
  else if (text.length > MAX_TEXT) errors.text = 'tooLong';
  const due = parseDateInput(input.dueDate);
  if (!input.dueDate.trim()) errors.dueDate = 'empty';
  else if (!due) errors.dueDate = 'invalid';
  else if (compareLocalDates(due, today) < 0) errors.dueDate = 'past';
  let extendTo: LocalDate | null = null;
  if (input.kind === 'extend') {
    const d = parseDateInput(input.extendTo);
    if (!input.extendTo.trim()) errors.extendTo = 'empty';
    else if (!d) errors.extendTo = 'invalid';
    else if (compareLocalDates(d, today) < 0) errors.extendTo = 'past';
    else extendTo = d;
  }
  if (Object.keys(errors).length) return { errors };
  const periods = periodsOf(plan);
  const period = periods.find((p) => compareLocalDates(p.start, today) <= 0 && compareLocalDates(today, p.end) <= 0) ?? (compareLocalDates(today, plan.start) < 0 ? periods[0] : periods.at(-1))!;
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const inserted = await tx
      .insertInto('instructions')
      .values({ plan_id: plan.id, period_key: period.key, measure_id: measureId, organisation_id: organisation!.id, kind: input.kind as InstructionKind, text, due_date: due!, extend_to: extendTo, issued_by: actor.userId!, on_behalf: onBehalf ? 1 : 0, issued_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    await recordEvent(tx, clock, actor, { action: 'instruction.issued', targetType: 'organisation', targetId: organisation!.id, details: { plan: plan.id, instruction: id, kind: input.kind, due: due, measure: measureId } });
    await notifyOrganisation(tx, clock, 'instruction.issued', { planId: plan.id, plan: plan.shortTitle ?? plan.title, id, kind: input.kind as InstructionKind, text, dueDate: due!, organisation: organisation!.name }, organisation!.id, `instruction:${id}`);
    return { id };
  });
}

export type ChangeResult = 'done' | 'conflict' | 'empty' | 'tooLong';

/** The addressee's answer, taken once, on the revision it read while the instruction is issued; the issuer is told. */
export async function answerInstruction(db: Db, clock: Clock, actor: AuditActor, plan: plans.PlanView, instruction: InstructionView, revision: number, raw: string): Promise<ChangeResult> {
  const answer = raw.replace(/\r\n/g, '\n').trim();
  if (!answer) return 'empty';
  if (answer.length > MAX_ANSWER) return 'tooLong';
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const updated = await tx
      .updateTable('instructions')
      .set((eb) => ({ state: 'answered', answer, answered_by: actor.userId, answered_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', instruction.id)
      .where('state', '=', 'issued')
      .where('revision', '=', revision)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return 'conflict';
    await recordEvent(tx, clock, actor, { action: 'instruction.answered', targetType: 'organisation', targetId: instruction.organisationId, details: { plan: plan.id, instruction: instruction.id } });
    const issuer = await tx.selectFrom('users').select(['id', 'email', 'display_name', 'locale', 'organisation_id']).where('id', '=', instruction.issuedBy.id).where('disabled_at', 'is', null).executeTakeFirst();
    if (issuer) {
      await enqueue(
        tx,
        clock,
        'instruction.answered',
        { planId: plan.id, plan: plan.shortTitle ?? plan.title, id: instruction.id, kind: instruction.kind, text: instruction.text, dueDate: instruction.dueDate, organisation: instruction.organisationId },
        { address: issuer.email, name: issuer.display_name, userId: issuer.id, organisationId: issuer.organisation_id, locale: issuer.locale ?? 'uk' },
        { dedupeKey: `instruction-answered:${instruction.id}` },
      );
    }
    return 'done';
  });
}

/** The issuing side closes an instruction (answered or not), on the revision it read, with an optional note. */
export async function closeInstruction(db: Db, clock: Clock, actor: AuditActor, plan: plans.PlanView, instruction: InstructionView, revision: number, raw: string): Promise<ChangeResult> {
  const note = raw.replace(/\r\n/g, '\n').trim();
  if (note.length > MAX_TEXT) return 'tooLong';
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const updated = await tx
      .updateTable('instructions')
      .set((eb) => ({ state: 'closed', close_note: note || null, closed_by: actor.userId, closed_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', instruction.id)
      .where('state', 'in', ['issued', 'answered'])
      .where('revision', '=', revision)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return 'conflict';
    await recordEvent(tx, clock, actor, { action: 'instruction.closed', targetType: 'organisation', targetId: instruction.organisationId, details: { plan: plan.id, instruction: instruction.id } });
    return 'done';
  });
}

/** The instructions issued in a period of a plan, as the consolidated document lists them (oldest first); `today` decides "overdue" (null: never). */
export async function periodInstructions(db: DbOrTx, directory: Directory, plan: plans.PlanView, periodKey: string, today: LocalDate | null): Promise<DocInstruction[]> {
  const all = await listInstructions(db, plan, today ?? '0000-01-01', {});
  return all
    .filter((i) => i.periodKey === periodKey)
    .sort((a, b) => (a.issuedAt < b.issuedAt ? -1 : a.issuedAt > b.issuedAt ? 1 : a.id - b.id))
    .map((i) => ({
      measureCode: i.measureCode,
      organisation: directory.organisation(i.organisationId)?.name ?? i.organisationId,
      kind: i.kind,
      extendTo: i.extendTo,
      text: i.text,
      dueDate: i.dueDate,
      state: i.state,
      overdue: today !== null && i.overdue,
      answer: i.answer,
    }));
}
