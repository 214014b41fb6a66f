import { searchTextOf } from '../../domain/report-search.ts';
import { statedMeasuresOf } from '../../domain/snapshot-summary.ts';
import { sql, type ExpressionBuilder } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import { isPostgresDb } from '../../db/transaction.ts';
import type { Database, EntryState, Report, ReportState } from '../../db/schema.ts';

export async function findReport(db: DbOrTx, planId: string, organisationId: string, periodKey: string): Promise<Report | undefined> {
  return db.selectFrom('reports').selectAll().where('plan_id', '=', planId).where('organisation_id', '=', organisationId).where('period_key', '=', periodKey).executeTakeFirst();
}

/**
 * The report row, locked for the rest of the transaction: saving, attaching and submitting each
 * take it first, so that they run one after the other across processes (on PostgreSQL
 * `SELECT … FOR UPDATE`; SQLite's write transaction already holds the database's write lock).
 * Read after the lock, the state is the latest committed one.
 */
export async function lockReport(db: DbOrTx, reportId: number): Promise<Report | undefined> {
  const q = db.selectFrom('reports').selectAll().where('id', '=', reportId);
  return (isPostgresDb(db) ? q.forUpdate() : q).executeTakeFirst();
}

export async function findReportsOfOrganisation(db: DbOrTx, organisationId: string): Promise<Report[]> {
  return db.selectFrom('reports').selectAll().where('organisation_id', '=', organisationId).execute();
}

export async function findReportsOfPeriod(db: DbOrTx, planId: string, periodKey: string): Promise<Report[]> {
  return db.selectFrom('reports').selectAll().where('plan_id', '=', planId).where('period_key', '=', periodKey).execute();
}

/** Creates the report unless it exists (two first saves at once make one report). */
export async function ensureReport(
  db: DbOrTx,
  row: { plan_id: string; organisation_id: string; period_key: string; on_behalf: 0 | 1; letter_number: string | null; letter_date: string | null; created_by: string | null; created_at: string },
): Promise<{ report: Report; created: boolean }> {
  const inserted = await db
    .insertInto('reports')
    .values({ ...row, state: 'draft', updated_at: row.created_at })
    .onConflict((oc) => oc.columns(['plan_id', 'organisation_id', 'period_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { report: inserted, created: true };
  return { report: (await findReport(db, row.plan_id, row.organisation_id, row.period_key))!, created: false };
}

export async function touchReport(db: DbOrTx, reportId: number, at: string): Promise<void> {
  await db.updateTable('reports').set({ updated_at: at }).where('id', '=', reportId).execute();
}

/** Moves a report from one of `from` to `to`; false when someone moved it first. */
export async function moveReport(db: DbOrTx, reportId: number, from: readonly ReportState[], set: { state: ReportState; submitted_at?: string | null; reviewed_at?: string | null; updated_at: string; forwarded_at?: null; forwarded_by?: null }, options: { unreviewed?: boolean } = {}): Promise<boolean> {
  let q = db.updateTable('reports').set(set).where('id', '=', reportId).where('state', 'in', from);
  // Unreviewed: neither the coordinator nor (in the two-level cycle) the district has taken it up.
  if (options.unreviewed) q = q.where('reviewed_at', 'is', null).where('forwarded_at', 'is', null);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Entries with the name of whoever saved each last (for "saved by … at …"). */
export async function findEntries(db: DbOrTx, reportId: number) {
  return db.selectFrom('report_entries').leftJoin('users', 'users.id', 'report_entries.updated_by').selectAll('report_entries').select('users.display_name as updated_by_name').where('report_id', '=', reportId).execute();
}

export async function findEntry(db: DbOrTx, reportId: number, measureId: number) {
  return db
    .selectFrom('report_entries')
    .leftJoin('users', 'users.id', 'report_entries.updated_by')
    .selectAll('report_entries')
    .select('users.display_name as updated_by_name')
    .where('report_id', '=', reportId)
    .where('measure_id', '=', measureId)
    .executeTakeFirst();
}

export interface EntryRow {
  measure_version_id: number;
  state: EntryState | null;
  reason: string | null;
  narrative: string;
  links: string;
  indicator_values: string;
  updated_by: string | null;
  updated_at: string;
}

/** The first save of an entry; false when a colleague's first save came first. */
export async function insertEntry(db: DbOrTx, reportId: number, measureId: number, row: EntryRow): Promise<boolean> {
  const r = await db
    .insertInto('report_entries')
    .values({ report_id: reportId, measure_id: measureId, version: 1, ...row })
    .onConflict((oc) => oc.columns(['report_id', 'measure_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** A save of the version the editor started from; false when another save came first. */
export async function updateEntry(db: DbOrTx, reportId: number, measureId: number, version: number, row: EntryRow): Promise<boolean> {
  const r = await db
    .updateTable('report_entries')
    .set({ ...row, version: sql<number>`version + 1` })
    .where('report_id', '=', reportId)
    .where('measure_id', '=', measureId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countSubmissions(db: DbOrTx, reportId: number): Promise<number> {
  const r = await db.selectFrom('report_submissions').select((eb) => eb.fn.countAll<number>().as('n')).where('report_id', '=', reportId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertSubmission(db: DbOrTx, row: { report_id: number; number: number; submitted_at: string; submitted_by: string | null; late: 0 | 1; on_behalf: 0 | 1; snapshot: string }): Promise<number> {
  const r = await db.insertInto('report_submissions').values({ ...row, search_text: searchTextOf(row.snapshot), stated_measures: statedMeasuresOf(row.snapshot) }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findSubmissions(db: DbOrTx, reportId: number) {
  return db.selectFrom('report_submissions').selectAll().where('report_id', '=', reportId).orderBy('number').execute();
}

export async function markLatestSubmissionWithdrawn(db: DbOrTx, reportId: number, at: string): Promise<void> {
  await db
    .updateTable('report_submissions')
    .set({ withdrawn_at: at })
    .where('report_id', '=', reportId)
    .where('withdrawn_at', 'is', null)
    .where('number', '=', (eb) => eb.selectFrom('report_submissions').select((e) => e.fn.max('number').as('n')).where('report_id', '=', reportId))
    .execute();
}

export async function findAttachments(db: DbOrTx, reportId: number) {
  return db.selectFrom('report_attachments').selectAll().where('report_id', '=', reportId).where('removed_at', 'is', null).orderBy('id').execute();
}

/** Any attachment of the report by id, removed ones too (a submission may list it). */
export async function findAttachment(db: DbOrTx, reportId: number, id: number) {
  return db.selectFrom('report_attachments').selectAll().where('report_id', '=', reportId).where('id', '=', id).executeTakeFirst();
}

export async function insertAttachment(
  db: DbOrTx,
  row: { report_id: number; measure_id: number | null; purpose: 'entry' | 'letter'; file_id: string; file_name: string; media_type: string; size: number; created_by: string | null; created_at: string },
): Promise<number> {
  const r = await db.insertInto('report_attachments').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function removeAttachment(db: DbOrTx, reportId: number, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('report_attachments').set({ removed_at: at }).where('report_id', '=', reportId).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A user's name as shown (who entered a report from a letter). */
export async function findUserName(db: DbOrTx, userId: string): Promise<string | undefined> {
  return (await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst())?.display_name;
}

/**
 * Submitted reports of the given plans, oldest submission first, each with its latest submission
 * (the one a review is of: not withdrawn). At most `limit` rows; one query.
 */
/** The report `r` is of an organisation that reports through a district, in a plan with the two-level cycle (as `reviewingDistrict` decides). */
function withDistrict(eb: ExpressionBuilder<Database & { r: Database['reports'] }, 'r'>) {
  return eb
    .selectFrom('plans as p')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .innerJoin('organisations as d', 'd.id', 'o.parent_id')
    .select('p.id')
    .whereRef('p.id', '=', 'r.plan_id')
    .where('p.district_review', '=', 1)
    .where('o.kind', '<>', 'district_administration')
    .where('d.kind', '=', 'district_administration')
    .where('d.merged_into', 'is', null);
}

export async function findAwaitingReview(db: DbOrTx, planIds: readonly string[], limit: number) {
  if (planIds.length === 0) return [];
  return db
    .selectFrom('reports as r')
    .innerJoin('report_submissions as s', 's.report_id', 'r.id')
    .select(['r.id', 'r.plan_id', 'r.period_key', 'r.organisation_id', 'r.submitted_at', 'r.on_behalf', 's.number', 's.late', 's.snapshot'])
    .where('r.state', '=', 'submitted')
    .where('r.plan_id', 'in', planIds)
    .where('s.withdrawn_at', 'is', null)
    .where('s.number', '=', (eb) => eb.selectFrom('report_submissions as s2').select((e) => e.fn.max('s2.number').as('n')).whereRef('s2.report_id', '=', 'r.id'))
    // Two-level cycle: a report still with its district is not the coordinator's yet.
    .where((eb) => eb.or([eb('r.forwarded_at', 'is not', null), eb.not(eb.exists(withDistrict(eb)))]))
    .orderBy('r.submitted_at')
    .orderBy('r.id')
    .limit(limit)
    .execute();
}

export async function countInState(db: DbOrTx, planIds: readonly string[], state: ReportState): Promise<number> {
  if (planIds.length === 0) return 0;
  const r = await db.selectFrom('reports').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', state).where('plan_id', 'in', planIds).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An organisation's returned reports, each with the latest review (the one to answer); one query. */
export async function findOpenReturns(db: DbOrTx, organisationId: string) {
  return db
    .selectFrom('reports as r')
    .innerJoin('report_reviews as v', 'v.report_id', 'r.id')
    .select(['r.plan_id', 'r.period_key', 'v.decision', 'v.comment', 'v.measure_comments', 'v.reviewed_at'])
    .where('r.organisation_id', '=', organisationId)
    .where('r.state', '=', 'returned')
    .where('v.id', '=', (eb) => eb.selectFrom('report_reviews as v2').select((e) => e.fn.max('v2.id').as('n')).whereRef('v2.report_id', '=', 'r.id'))
    .execute();
}
