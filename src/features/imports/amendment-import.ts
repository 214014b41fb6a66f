import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import type { AmendmentChangeReading, AmendmentReading } from '../../domain/plan-import/amendment.ts';
import type { ExecutorReading } from '../../domain/plan-import/executors.ts';
import { localDateOf } from '../../domain/time.ts';
import { addDays } from '../../domain/dates.ts';
import type { AuditActor } from '../audit/service.ts';
import { loadDirectory, nameKey } from '../organisations/service.ts';
import { proposedOrganisations } from './proposed.ts';
import { createAmendment, stageMeasureAddition, stageMeasureEdit, stageMeasureRemoval } from '../plans/amendments.ts';
import type { ExecutorChoice, MeasureInput } from '../plans/measure-input.ts';
import { getPlan, getPlanOutline } from '../plans/service.ts';
import { ImportError } from './reading.ts';

/**
 * An amending order → a prepared (draft) amendment of the plan it names, for the coordinator to
 * review and apply on the amendment's page. Each change is staged as a person would stage it;
 * a change the plan does not allow (a deadline past the plan's end, an unknown measure) is not
 * staged and is reported instead.
 */

export interface AmendmentImportResult {
  planId: string;
  amendmentId: number;
  staged: number;
  /** What could not be staged, one line per change, in Ukrainian. */
  problems: string[];
}

/** The active plan approved by the order named, within the coordinator's reach. */
async function planAmended(db: Db, reading: AmendmentReading, coordinatorOrganisationId: string): Promise<string> {
  const { legalNumber, legalDate } = reading.amends;
  const named = { number: legalNumber ?? '?', date: legalDate ? legalDate.split('-').reverse().join('.') : '?' };
  if (!legalNumber) throw new ImportError('amendment-no-plan', named);
  let q = db.selectFrom('plans').select(['id', 'coordinator_organisation_id', 'state']).where('legal_number', '=', legalNumber).where('state', '!=', 'draft');
  if (legalDate) q = q.where('legal_date', '=', legalDate);
  const plans = await q.execute();
  const mine = plans.filter((p) => p.coordinator_organisation_id === coordinatorOrganisationId);
  const active = mine.filter((p) => p.state === 'active');
  if (active.length === 1) return active[0]!.id;
  if (mine.length > 0) throw new ImportError('amendment-closed', named);
  throw new ImportError(plans.length > 0 ? 'amendment-not-yours' : 'amendment-no-plan', named);
}

export async function importAmendment(db: Db, clock: Clock, actor: AuditActor, reading: AmendmentReading, input: { fileName: string; coordinatorOrganisationId: string; ownerOrganisationId: string }): Promise<AmendmentImportResult> {
  const planId = await planAmended(db, reading, input.coordinatorOrganisationId);
  const plan = (await getPlan(db, planId))!;
  const today = localDateOf(clock.now(), plan.schedule.timeZone);
  const warnings = reading.warnings.map((w) => `${w.measure ? `${w.measure}: ` : ''}${w.message}`);
  const note = [`Імпортовано з файлу «${input.fileName.slice(0, 200)}».`, ...warnings].join('\n').slice(0, 2000);
  // In effect from the order's date; if that cannot be (an amendment applied since, the plan's
  // first day), from the first day it can, which the coordinator may still change.
  const basis = (effectiveFrom: string) => ({ legalKind: 'розпорядження', legalNumber: reading.meta.legalNumber ?? '', legalDate: reading.meta.legalDate ?? '', effectiveFrom, note });
  let created = await createAmendment(db, clock, actor, planId, basis(reading.meta.legalDate ?? today));
  if (typeof created === 'object' && 'errors' in created && Object.keys(created.errors).every((k) => k === 'effectiveFrom')) {
    const after = [reading.meta.legalDate, created.lastApplied ? addDays(created.lastApplied, 1) : null, addDays(plan.start, 1)].filter((d): d is string => !!d).sort().at(-1)!;
    created = await createAmendment(db, clock, actor, planId, basis(after));
  }
  if (created === 'not-active') throw new ImportError('amendment-no-plan');
  if ('existing' in created) throw new ImportError('amendment-pending');
  if ('errors' in created) throw new ImportError('amendment-basis');
  const amendmentId = created.id;
  const proposed = await writeTransaction(db, (tx) => proposedOrganisations(tx, clock, reading.changes.flatMap((c) => c.executors ?? []), { organisationId: input.ownerOrganisationId, legalNumber: reading.meta.legalNumber }));
  const directory = await loadDirectory(db);
  // The plan's measures as they stand, each with its goal and task.
  const outline = (await getPlanOutline(db, directory, planId))!;
  const placed = outline.goals.flatMap((g) => g.tasks.flatMap((task) => task.measures.map((m) => ({ m, goal: g.number, taskId: task.id }))));
  const byCode = new Map(placed.map((p) => [p.m.code, p.m]));
  const problems: string[] = [];
  let staged = 0;
  const choices = (executors: readonly ExecutorReading[]): ExecutorChoice[] =>
    executors.map((e) => (e.group ? { type: 'group' as const, id: e.organisationId! } : { type: 'organisation' as const, id: e.organisationId ?? proposed.get(nameKey(e.name))! }));
  for (const change of reading.changes) {
    const current = byCode.get(change.measure);
    if (change.op !== 'add' && !current) {
      problems.push(`${change.measure}: такого пункту в плані немає`);
      continue;
    }
    let result: Awaited<ReturnType<typeof stageMeasureEdit>> | 'ok' | 'no-measure';
    if (change.op === 'remove') result = await stageMeasureRemoval(db, clock, actor, plan, amendmentId, current!.id);
    else if (change.op === 'replace') result = await stageMeasureEdit(db, clock, actor, directory, plan, amendmentId, current!.id, replaced(change, current!, choices));
    else {
      // A new measure joins the task of the measure numbered just before it in its goal.
      const goal = Number(change.measure.split('.')[0]);
      const inGoal = placed.filter((p) => p.goal === goal).sort((a, b) => a.m.code.localeCompare(b.m.code, 'uk', { numeric: true }));
      const before = inGoal.filter((p) => p.m.code.localeCompare(change.measure, 'uk', { numeric: true }) < 0).at(-1);
      const taskId = (before ?? inGoal[0])?.taskId ?? outline.goals.find((g) => g.number === goal)?.tasks[0]?.id;
      result = await stageMeasureAddition(db, clock, actor, directory, plan, amendmentId, { title: change.title ?? '', deadline: change.deadline ?? '', executors: choices(change.executors ?? []), code: change.measure, ...(taskId !== undefined ? { taskId } : {}) });
    }
    if (result === 'ok' || (typeof result === 'object' && 'ok' in result)) staged++;
    else if (typeof result === 'object' && 'errors' in result) problems.push(`${change.measure}: ${Object.entries(result.errors).map(([field, problem]) => describe(field, problem!)).join('; ')}`);
    else problems.push(`${change.measure}: зміну не підготовлено`);
  }
  return { planId, amendmentId, staged, problems };
}

/** The measure's new wording: what the order gives, the rest as it stands. */
function replaced(change: AmendmentChangeReading, current: { title: string; deadlineText: string | null; executors: { type: 'organisation' | 'group'; id: string; isLead: boolean }[] }, choices: (e: readonly ExecutorReading[]) => ExecutorChoice[]): MeasureInput {
  const executors = current.executors.map((e) => ({ type: e.type, id: e.id }));
  const lead = current.executors.find((e) => e.isLead);
  const base: MeasureInput = { title: current.title, deadline: current.deadlineText ?? '', executors, lead: lead ? { type: lead.type, id: lead.id } : null };
  const sub = change.substitution;
  if (sub) {
    if (sub.column === 'deadline') base.deadline = (current.deadlineText ?? '').includes(sub.from) ? (current.deadlineText ?? '').replace(sub.from, sub.to) : sub.to;
    if (sub.column === 'title') base.title = current.title.replace(sub.from, sub.to);
    return base;
  }
  return { title: change.title ?? base.title, deadline: change.deadline ?? base.deadline, executors: change.executors ? choices(change.executors) : executors, lead: null };
}

const PROBLEMS: Record<string, string> = {
  empty: 'не заповнено',
  tooLong: 'задовго',
  notUnderstood: 'строк не розпізнано',
  outsidePlan: 'строк виходить за межі строку дії плану',
  unknown: 'невідомий виконавець',
  taken: 'такий номер уже є',
  goalMismatch: 'номер не відповідає цілі',
  unchanged: 'нова редакція збігається з чинною',
  invalid: 'неправильне значення',
};
const FIELDS: Record<string, string> = { title: 'текст', deadline: 'строк', executors: 'виконавці', code: 'номер', taskId: 'завдання', lead: 'головний виконавець' };
function describe(field: string, problem: string): string {
  return `${FIELDS[field] ?? field} — ${PROBLEMS[problem] ?? problem}`;
}
