import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { ReviewDecision } from '../../db/schema.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { personalDataSummary } from '../../domain/personal-data.ts';
import { cameLate, type EntryState } from '../../domain/reports.ts';
import type { PlanView } from '../plans/service.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import { notifyOrganisation } from '../mail/outbox.ts';
import * as repo from './repository.ts';
import { awaitingDistrict, periodByKey, type ReportView, type Snapshot, type SubmissionView } from './service.ts';

/**
 * The coordinator's review: a submitted report is accepted, or returned with comments on the
 * measures that need work; an accepted one can be reopened with a reason (it goes back to
 * returned). Every review is kept, and every step is in the audit log.
 */

export const MAX_REVIEW_COMMENT = 5_000;

export interface ReviewView {
  id: number;
  submissionId: number;
  decision: ReviewDecision;
  comment: string;
  measureComments: Record<number, string>;
  reviewedBy: string | null;
  reviewedAt: string;
}

export async function loadReviews(db: DbOrTx, reportId: number): Promise<ReviewView[]> {
  const rows = await db
    .selectFrom('report_reviews')
    .leftJoin('users', 'users.id', 'report_reviews.reviewed_by')
    .select(['report_reviews.id', 'submission_id', 'decision', 'comment', 'measure_comments', 'users.display_name as reviewer', 'reviewed_at'])
    .where('report_id', '=', reportId)
    .orderBy('report_reviews.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    submissionId: Number(r.submission_id),
    decision: r.decision,
    comment: r.comment,
    measureComments: JSON.parse(r.measure_comments) as Record<number, string>,
    reviewedBy: r.reviewer ?? null,
    reviewedAt: r.reviewed_at,
  }));
}

/** The review the executor has to answer: the latest, when it returned the report. */
export function openReturn(view: ReportView, reviews: readonly ReviewView[]): ReviewView | null {
  const last = reviews.at(-1);
  return view.report?.state === 'returned' && last && last.decision !== 'accepted' ? last : null;
}

export interface ReviewInput {
  decision: string;
  comment: string;
  measureComments: Record<string, string>;
}

export type ReviewField = 'decision' | 'comment' | `measure-${number}`;
export type ReviewProblem = 'invalid' | 'tooLong' | 'noComment';
export type ReviewResult = { kind: 'accepted' | 'returned' } | { kind: 'errors'; errors: Partial<Record<ReviewField, ReviewProblem>> } | { kind: 'stale' } | { kind: 'awaiting-district' };

const clean = (s: string) => s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();

/** Checks a review as typed: a return needs at least one comment, general or on a measure. */
export function validateReview(view: ReportView, input: ReviewInput): { errors: Partial<Record<ReviewField, ReviewProblem>> } | { decision: 'accepted' | 'returned'; comment: string; measureComments: Record<number, string> } {
  const errors: Partial<Record<ReviewField, ReviewProblem>> = {};
  const decision = input.decision === 'accept' ? 'accepted' : input.decision === 'return' ? 'returned' : null;
  if (!decision) errors.decision = 'invalid';
  const comment = clean(input.comment);
  if (comment.length > MAX_REVIEW_COMMENT) errors.comment = 'tooLong';
  const measureComments: Record<number, string> = {};
  for (const [key, raw] of Object.entries(input.measureComments)) {
    const id = Number(key);
    if (!view.measures.some((m) => m.id === id)) continue;
    const text = clean(raw);
    if (text.length > MAX_REVIEW_COMMENT) errors[`measure-${id}`] = 'tooLong';
    else if (text) measureComments[id] = text;
  }
  const typedSomething = Boolean(comment) || Object.values(input.measureComments).some((c) => clean(c).length > 0);
  if (decision === 'returned' && !typedSomething) errors.comment = 'noComment';
  if (Object.keys(errors).length > 0 || !decision) return { errors };
  // An accepted report keeps its comments too, as remarks for the record.
  return { decision, comment, measureComments };
}

/** The latest submission, not withdrawn: what a review is of. */
export function reviewedSubmission(view: ReportView): SubmissionView | undefined {
  const last = view.submissions.at(-1);
  return last && !last.withdrawnAt ? last : undefined;
}

export async function reviewReport(db: Db, clock: Clock, actor: AuditActor, view: ReportView, input: ReviewInput, options: { asDistrict?: boolean } = {}): Promise<ReviewResult> {
  // Two-level cycle: a report still with its district is not the coordinator's to decide.
  if (awaitingDistrict(view) && !options.asDistrict) return { kind: 'awaiting-district' };
  const checked = validateReview(view, input);
  if ('errors' in checked) return { kind: 'errors', errors: checked.errors };
  // The district returns; its acceptance is a forwarding (forwardReport), never the coordinator's acceptance.
  if (options.asDistrict && checked.decision !== 'returned') return { kind: 'stale' };
  const submission = reviewedSubmission(view);
  if (!view.report || view.report.state !== 'submitted' || !submission) return { kind: 'stale' };
  const reportId = view.report.id;
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    let update = tx.updateTable('reports').set({ state: checked.decision, reviewed_at: now }).where('id', '=', reportId).where('state', '=', 'submitted');
    // Two-level cycle: the district decides only while the report is with it; the coordinator only once it is passed on.
    if (view.district) update = update.where('forwarded_at', options.asDistrict ? 'is' : 'is not', null);
    const moved = await update.executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return { kind: 'stale' } as const;
    // The submission reviewed must still be the latest (no withdraw-and-resubmit in between).
    const latest = (await repo.findSubmissions(tx, reportId)).at(-1);
    if (!latest || Number(latest.id) !== submission.id) throw new StaleReview();
    await tx
      .insertInto('report_reviews')
      .values({ report_id: reportId, submission_id: submission.id, decision: checked.decision, comment: checked.comment, measure_comments: JSON.stringify(checked.measureComments), reviewed_by: actor.userId, reviewed_at: now })
      .execute();
    await recordEvent(tx, clock, actor, {
      action: checked.decision === 'accepted' ? 'report.accepted' : 'report.returned',
      targetType: 'report',
      targetId: String(reportId),
      details: { plan: view.plan.id, period: view.period.key, organisation: view.organisation.id, submission: submission.number, measures: Object.keys(checked.measureComments).map(Number) },
    });
    // The executors hear of it in the same transaction: a decision and its notice exist together.
    if (checked.decision === 'returned') {
      await notifyOrganisation(tx, clock, 'report.returned', { ...noticeParams(view), measureComments: Object.keys(checked.measureComments).length, comment: checked.comment.slice(0, 2000) }, view.organisation.id);
    } else {
      await notifyOrganisation(tx, clock, 'report.accepted', noticeParams(view), view.organisation.id);
    }
    return { kind: checked.decision };
  }).catch((err: unknown) => {
    if (err instanceof StaleReview) return { kind: 'stale' } as const;
    throw err;
  });
}

class StaleReview extends Error {}

function noticeParams(view: ReportView) {
  return { planId: view.plan.id, plan: view.plan.title, periodKey: view.period.key, periodLabel: view.period.label, periodYear: view.period.year, organisationId: view.organisation.id, organisation: view.organisation.name };
}

export type ReopenResult = { kind: 'reopened' } | { kind: 'errors'; errors: { reason: 'empty' | 'tooLong' } } | { kind: 'stale' };

/** Takes an accepted report back to returned, with the reason the executor will read. */
export async function reopenReport(db: Db, clock: Clock, actor: AuditActor, view: ReportView, rawReason: string): Promise<ReopenResult> {
  const reason = clean(rawReason);
  if (!reason) return { kind: 'errors', errors: { reason: 'empty' } };
  if (reason.length > MAX_REVIEW_COMMENT) return { kind: 'errors', errors: { reason: 'tooLong' } };
  const submission = reviewedSubmission(view);
  if (!view.report || view.report.state !== 'accepted' || !submission) return { kind: 'stale' };
  const reportId = view.report.id;
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const moved = await tx.updateTable('reports').set({ state: 'returned', reviewed_at: now }).where('id', '=', reportId).where('state', '=', 'accepted').executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return { kind: 'stale' } as const;
    await tx.insertInto('report_reviews').values({ report_id: reportId, submission_id: submission.id, decision: 'reopened', comment: reason, measure_comments: '{}', reviewed_by: actor.userId, reviewed_at: now }).execute();
    await recordEvent(tx, clock, actor, { action: 'report.reopened', targetType: 'report', targetId: String(reportId), details: { plan: view.plan.id, period: view.period.key, organisation: view.organisation.id, reason: reason.slice(0, 500) } });
    await notifyOrganisation(tx, clock, 'report.returned', { ...noticeParams(view), measureComments: 0, comment: reason.slice(0, 2000) }, view.organisation.id);
    return { kind: 'reopened' } as const;
  });
}

// ---- what waits for a review -------------------------------------------------------------------

/**
 * The measures of a submission the review page warns about: a text that seems to name a person in
 * a measure with sensitive indicators (the same rule as the warning beside the text, `PersonalDataNote`).
 * A report with a warning is read before it is accepted, never accepted from a list.
 */
export function submissionWarnings(snapshot: Snapshot): { measureId: number; code: string }[] {
  return snapshot.entries.filter((e) => e.values.some((v) => v.sensitive) && personalDataSummary([e.narrative, e.reason]).length > 0).map((e) => ({ measureId: e.measureId, code: e.code }));
}

export interface AwaitingReview {
  reportId: number;
  planId: string;
  periodKey: string;
  organisationId: string;
  submittedAt: string;
  /** The number of the submission under review (2 and more: a resubmission). */
  submission: number;
  late: boolean;
  onBehalf: boolean;
  /** Measures whose texts the review page warns about (empty: may be accepted from a list). */
  warnings: { measureId: number; code: string }[];
}

/**
 * Reports submitted and not yet reviewed on the given plans, the longest waiting first: at most
 * `limit`, and how many there are in all. One query (two when there are more than `limit`).
 */
export async function awaitingReview(db: DbOrTx, plans: readonly PlanView[], limit: number): Promise<{ items: AwaitingReview[]; total: number }> {
  const ids = plans.map((p) => p.id);
  const rows = await repo.findAwaitingReview(db, ids, limit + 1);
  const total = rows.length > limit ? await repo.countInState(db, ids, 'submitted') : rows.length;
  const items = rows.slice(0, limit).map((r) => {
    const snapshot = JSON.parse(r.snapshot) as Snapshot;
    const plan = plans.find((p) => p.id === r.plan_id);
    const period = plan && periodByKey(plan, r.period_key);
    // A report entered from a letter came on the letter's date (as `loadReport` counts it).
    const letterDate = r.on_behalf === 1 ? (snapshot.letter?.date ?? null) : null;
    return {
      reportId: Number(r.id),
      planId: r.plan_id,
      periodKey: r.period_key,
      organisationId: r.organisation_id,
      submittedAt: r.submitted_at!,
      submission: r.number,
      late: letterDate && period ? cameLate(period.executorDeadline, r.submitted_at!, letterDate) : r.late === 1,
      onBehalf: r.on_behalf === 1,
      warnings: submissionWarnings(snapshot),
    };
  });
  return { items, total };
}

export interface OpenReturn {
  planId: string;
  periodKey: string;
  /** Comments to answer: one per measure commented on, and the general comment. */
  comments: number;
  returnedAt: string;
}

/** An organisation's returned reports with what the return asks (the latest review of each). One query. */
export async function openReturnsOf(db: DbOrTx, organisationId: string): Promise<OpenReturn[]> {
  return (await repo.findOpenReturns(db, organisationId))
    .filter((r) => r.decision !== 'accepted')
    .map((r) => ({
      planId: r.plan_id,
      periodKey: r.period_key,
      comments: Object.keys(JSON.parse(r.measure_comments) as Record<string, string>).length + (r.comment.trim() ? 1 : 0),
      returnedAt: r.reviewed_at,
    }));
}

// ---- comparing two submissions -----------------------------------------------------------------

export interface EntryComparison {
  measureId: number;
  code: string;
  title: string;
  before: { state: EntryState | null; reason: string | null; narrative: string; links: string[] } | null;
  after: { state: EntryState | null; reason: string | null; narrative: string; links: string[] } | null;
  values: { name: string; unit: string; kind: Snapshot['entries'][number]['values'][number]['kind']; before: number | null; after: number | null }[];
  changed: boolean;
}

/** Measure by measure, what changed from one submission to another (states, texts, values). */
export function compareSnapshots(before: Snapshot, after: Snapshot): EntryComparison[] {
  const ids = [...new Set([...before.entries.map((e) => e.measureId), ...after.entries.map((e) => e.measureId)])];
  // In the later submission's order, then any measure only the earlier one had.
  ids.sort((a, b) => order(after, a) - order(after, b) || order(before, a) - order(before, b));
  return ids.map((id) => {
    const b = before.entries.find((e) => e.measureId === id);
    const a = after.entries.find((e) => e.measureId === id);
    const names = new Map<number, { name: string; unit: string; kind: Snapshot['entries'][number]['values'][number]['kind'] }>();
    for (const v of [...(b?.values ?? []), ...(a?.values ?? [])]) names.set(v.indicatorId, { name: v.name, unit: v.unit, kind: v.kind });
    const values = [...names.entries()].map(([indicatorId, n]) => ({
      ...n,
      before: b?.values.find((v) => v.indicatorId === indicatorId)?.value ?? null,
      after: a?.values.find((v) => v.indicatorId === indicatorId)?.value ?? null,
    }));
    const side = (e: typeof a) => (e ? { state: e.state, reason: e.reason, narrative: e.narrative, links: e.links } : null);
    const changed = JSON.stringify(side(b)) !== JSON.stringify(side(a)) || values.some((v) => v.before !== v.after);
    return { measureId: id, code: (a ?? b)!.code, title: (a ?? b)!.title, before: side(b), after: side(a), values, changed };
  });
}

function order(s: Snapshot, measureId: number): number {
  const i = s.entries.findIndex((e) => e.measureId === measureId);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

/**
 * The district accepts a report of an organisation reporting through it (two-level cycle) and
 * passes it on to the coordinator: one conditional update (still submitted, not yet passed on, the
 * submission it read still the latest); the coordinator is told. 'stale' when it moved meanwhile.
 */
export async function forwardReport(db: Db, clock: Clock, actor: AuditActor, view: ReportView): Promise<'forwarded' | 'stale'> {
  const submission = reviewedSubmission(view);
  if (!awaitingDistrict(view) || !view.report || !submission) return 'stale';
  const reportId = view.report.id;
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const moved = await tx.updateTable('reports').set({ forwarded_at: now, forwarded_by: actor.userId }).where('id', '=', reportId).where('state', '=', 'submitted').where('forwarded_at', 'is', null).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return 'stale' as const;
    const latest = (await repo.findSubmissions(tx, reportId)).at(-1);
    if (!latest || Number(latest.id) !== submission.id || latest.withdrawn_at) throw new StaleReview();
    await recordEvent(tx, clock, actor, { action: 'report.forwarded', targetType: 'report', targetId: String(reportId), details: { plan: view.plan.id, period: view.period.key, organisation: view.organisation.id, submission: submission.number, district: view.district!.organisation.id } });
    const p = { planId: view.plan.id, plan: view.plan.title, periodKey: view.period.key, periodLabel: view.period.label, periodYear: view.period.year, organisationId: view.organisation.id, organisation: view.organisation.name, late: submission.late };
    await notifyOrganisation(tx, clock, 'report.submitted', p, view.plan.coordinatorOrganisationId, `forwarded:${reportId}:${submission.number}`, ['coordinator']);
    return 'forwarded' as const;
  }).catch((err: unknown) => {
    if (err instanceof StaleReview) return 'stale' as const;
    throw err;
  });
}
