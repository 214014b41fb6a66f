import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { isPostgresDb, writeTransaction } from '../../db/transaction.ts';
import { localDateOf } from '../../domain/time.ts';
import { uk } from '../consolidation/text.ts';
import type { FileStorage } from '../files/service.ts';
import { listOfficials } from '../organisations/officials.ts';
import { periodName } from '../reports/service.ts';
import { protocolAbout, protocolDocx, type ProtocolParty } from './protocol.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { identifierProblems, pairRows, reconcile, type IdentifierKind, type ReconciledRow, type Values } from '../../domain/statistics.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';
import { formPeriods, listForms, submittersOf, type StatFormView } from './service.ts';

/**
 * A reconciliation (звірка): two sources counting the same thing — the police's children and the
 * children's service's — compared each period, row by row, with the year so far. Each side sees
 * the other's figures for the rows compared (no more), comments on a difference (never about a
 * person), corrects its own submission if it was wrong, and confirms; when both have confirmed the
 * figures as they now stand, the period's reconciliation closes.
 */

export interface Side {
  form: string;
  quantity: string;
  at: [string, string][];
}

export interface ReconciliationView {
  id: number;
  planId: string;
  key: string;
  title: string;
  left: Side;
  right: Side;
  align: string[];
  totalLabel: string;
  /** The plan indicator counting the reconciliations held ("2.1.reconciliations"), if any. */
  indicator?: string;
}

export async function listReconciliations(db: DbOrTx, planId: string): Promise<ReconciliationView[]> {
  const rows = await db.selectFrom('stat_reconciliations').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), planId: r.plan_id, key: r.key, title: r.title, ...(JSON.parse(r.definition) as Pick<ReconciliationView, 'left' | 'right' | 'align' | 'totalLabel' | 'indicator'>) }));
}

export interface Party {
  side: 'left' | 'right';
  form: StatFormView;
  organisations: OrganisationView[];
}

/** The two parties: each side's form and the organisations that submit it. */
export function parties(rec: ReconciliationView, forms: StatFormView[], directory: Directory): { left: Party; right: Party } | null {
  const left = forms.find((f) => f.key === rec.left.form);
  const right = forms.find((f) => f.key === rec.right.form);
  if (!left || !right) return null;
  return { left: { side: 'left', form: left, organisations: submittersOf(left, directory) }, right: { side: 'right', form: right, organisations: submittersOf(right, directory) } };
}

/** The latest submitted version of each organisation's submission of a form in a period. */
async function submittedVersions(db: DbOrTx, formId: number, periodKey: string): Promise<Map<string, { number: number; figures: Values }>> {
  const rows = await db
    .selectFrom('stat_submission_versions as v')
    .innerJoin('stat_submissions as s', 's.id', 'v.submission_id')
    .select(['s.organisation_id', 'v.number', 'v.figures'])
    .where('s.form_id', '=', formId)
    .where('s.period_key', '=', periodKey)
    .orderBy('v.number')
    .execute();
  const out = new Map<string, { number: number; figures: Values }>();
  for (const r of rows) out.set(r.organisation_id, { number: Number(r.number), figures: JSON.parse(r.figures) as Values });
  return out;
}

/** A side's figures for a period: the sum of its organisations' latest submitted versions; {} while any has none. */
async function sideFigures(db: DbOrTx, party: Party, periodKey: string): Promise<{ figures: Values; version: number | null }> {
  const versions = await submittedVersions(db, party.form.id, periodKey);
  if (party.organisations.length === 0 || party.organisations.some((o) => !versions.has(o.id))) return { figures: {}, version: null };
  const figures: Record<string, number> = {};
  for (const o of party.organisations) for (const [cell, v] of Object.entries(versions.get(o.id)!.figures)) if (typeof v === 'number') figures[cell] = (figures[cell] ?? 0) + v;
  // One organisation per side (the usual case): its version number is what a confirmation pins.
  const version = party.organisations.length === 1 ? versions.get(party.organisations[0]!.id)!.number : party.organisations.reduce((a, o) => a + versions.get(o.id)!.number, 0);
  return { figures, version };
}

export interface PeriodState {
  id: number | null;
  state: 'open' | 'closed';
  /** A side's confirmation: when, and the pair of versions (its own, the other's) it confirmed. */
  left: { at: string; version: number; other: number } | null;
  right: { at: string; version: number; other: number } | null;
  closedAt: string | null;
  revision: number;
}

async function periodState(db: DbOrTx, rec: ReconciliationView, periodKey: string): Promise<PeriodState> {
  const r = await db.selectFrom('stat_reconciliation_periods').selectAll().where('reconciliation_id', '=', rec.id).where('period_key', '=', periodKey).executeTakeFirst();
  if (!r) return { id: null, state: 'open', left: null, right: null, closedAt: null, revision: 0 };
  return {
    id: Number(r.id),
    state: r.state,
    left: r.left_confirmed_at && r.left_version !== null && r.left_saw_right !== null ? { at: r.left_confirmed_at, version: Number(r.left_version), other: Number(r.left_saw_right) } : null,
    right: r.right_confirmed_at && r.right_version !== null && r.right_saw_left !== null ? { at: r.right_confirmed_at, version: Number(r.right_version), other: Number(r.right_saw_left) } : null,
    closedAt: r.closed_at,
    revision: Number(r.revision),
  };
}

export interface CommentView {
  id: number;
  rowKey: string;
  organisationId: string;
  text: string;
  at: string;
}

export interface ReconciliationPeriodView {
  rec: ReconciliationView;
  period: ReportingPeriod;
  parties: { left: Party; right: Party };
  rows: (ReconciledRow & { key: string })[];
  /** Each side's current version (null: not submitted yet). */
  versions: { left: number | null; right: number | null };
  state: PeriodState;
  /** A confirmation counts only for the figures as they now stand. */
  confirmed: { left: boolean; right: boolean };
  comments: CommentView[];
  protocols: { number: number; at: string; sha256: string }[];
}

/** A row's stable key: its two cells. */
export const rowKey = (r: { left: string; right: string }) => `${r.left}~${r.right}`;

export async function loadReconciliationPeriod(db: DbOrTx, plan: PlanView, rec: ReconciliationView, periodKey: string, directory: Directory): Promise<ReconciliationPeriodView | null> {
  const forms = await listForms(db, plan.id);
  const p = parties(rec, forms, directory);
  if (!p) return null;
  const periods = formPeriods(p.left.form, plan);
  const index = periods.findIndex((x) => x.key === periodKey);
  if (index < 0) return null;
  const period = periods[index]!;
  // The year so far: this year's periods up to this one.
  const year = periods.slice(0, index + 1).filter((x) => x.year === period.year);
  const [left, right] = await Promise.all([sideFigures(db, p.left, period.key), sideFigures(db, p.right, period.key)]);
  const leftYear = await Promise.all(year.map((x) => (x.key === period.key ? left : sideFigures(db, p.left, x.key))));
  const rightYear = await Promise.all(year.map((x) => (x.key === period.key ? right : sideFigures(db, p.right, x.key))));
  const pairs = pairRows(p.left.form.definition, p.right.form.definition, { leftQuantity: rec.left.quantity, rightQuantity: rec.right.quantity, leftAt: rec.left.at, rightAt: rec.right.at, align: rec.align, totalLabel: rec.totalLabel });
  const rows = reconcile(pairs, { current: left.figures, year: leftYear.map((y) => y.figures) }, { current: right.figures, year: rightYear.map((y) => y.figures) }).map((r) => ({ ...r, key: rowKey(r) }));
  const state = await periodState(db, rec, period.key);
  const comments = state.id === null ? [] : await db.selectFrom('stat_reconciliation_comments').selectAll().where('period_id', '=', state.id).orderBy('id').execute();
  const protocols = state.id === null ? [] : await db.selectFrom('stat_reconciliation_protocols').select(['number', 'created_at', 'sha256']).where('period_id', '=', state.id).orderBy('number').execute();
  return {
    rec,
    period,
    parties: p,
    rows,
    versions: { left: left.version, right: right.version },
    state,
    confirmed: {
      left: Boolean(state.left && state.left.version === left.version && state.left.other === right.version),
      right: Boolean(state.right && state.right.version === right.version && state.right.other === left.version),
    },
    comments: comments.map((c) => ({ id: Number(c.id), rowKey: c.row_key, organisationId: c.organisation_id, text: c.text, at: c.created_at })),
    protocols: protocols.map((x) => ({ number: Number(x.number), at: x.created_at, sha256: x.sha256 })),
  };
}

/** The period's row, made on first use (two sides at once: both read the one stored). */
async function ensurePeriod(tx: DbOrTx, clock: Clock, rec: ReconciliationView, periodKey: string): Promise<number> {
  const now = clock.now().toISOString();
  await tx.insertInto('stat_reconciliation_periods').values({ reconciliation_id: rec.id, period_key: periodKey, created_at: now, updated_at: now }).onConflict((oc) => oc.columns(['reconciliation_id', 'period_key']).doNothing()).execute();
  const row = await tx.selectFrom('stat_reconciliation_periods').select('id').where('reconciliation_id', '=', rec.id).where('period_key', '=', periodKey).executeTakeFirstOrThrow();
  return Number(row.id);
}

export const MAX_COMMENT = 1000;
export type CommentResult = { kind: 'added' } | { kind: 'empty' } | { kind: 'tooLong' } | { kind: 'unknownRow' } | { kind: 'closed' } | { kind: 'identifies'; kinds: IdentifierKind[] };

/** A side's comment on a row's difference: about counts, never about a person. */
export async function addComment(db: Db, clock: Clock, actor: AuditActor, view: ReconciliationPeriodView, organisationId: string, key: string, raw: string): Promise<CommentResult> {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (!text) return { kind: 'empty' };
  if (text.length > MAX_COMMENT) return { kind: 'tooLong' };
  if (!view.rows.some((r) => r.key === key)) return { kind: 'unknownRow' };
  if (view.state.state === 'closed') return { kind: 'closed' };
  const found = identifierProblems(text);
  if (found.length) return { kind: 'identifies', kinds: [...new Set(found.map((f) => f.kind))] };
  return writeTransaction(db, async (tx) => {
    const periodId = await ensurePeriod(tx, clock, view.rec, view.period.key);
    await tx.insertInto('stat_reconciliation_comments').values({ period_id: periodId, row_key: key, organisation_id: organisationId, user_id: actor.userId, text, created_at: clock.now().toISOString() }).execute();
    await recordEvent(tx, clock, actor, { action: 'stats.reconciliation_commented', targetType: 'organisation', targetId: organisationId, details: { plan: view.rec.planId, reconciliation: view.rec.key, period: view.period.key, organisation: organisationId } });
    return { kind: 'added' as const };
  });
}

export type ConfirmResult = 'confirmed' | 'closed' | 'notSubmitted' | 'conflict' | 'alreadyClosed';

/**
 * A side confirms the figures as they now stand (its and the other's current versions). When the
 * other side has confirmed the same figures, the reconciliation closes: one conditional update
 * decides, so two confirmations at once close it once. `seen` is the pair of versions on the
 * confirming page: figures that moved since are not confirmed.
 */
export async function confirmSide(db: Db, clock: Clock, actor: AuditActor, view: ReconciliationPeriodView, side: 'left' | 'right', seen: { left: number | null; right: number | null }): Promise<ConfirmResult> {
  if (view.state.state === 'closed') return 'alreadyClosed';
  if (view.versions.left === null || view.versions.right === null) return 'notSubmitted';
  if (seen.left !== view.versions.left || seen.right !== view.versions.right) return 'conflict';
  const L = view.versions.left;
  const R = view.versions.right;
  const mine = side === 'left' ? L : R;
  return writeTransaction(db, async (tx) => {
    const periodId = await ensurePeriod(tx, clock, view.rec, view.period.key);
    const now = clock.now().toISOString();
    const set = side === 'left' ? { left_confirmed_at: now, left_confirmed_by: actor.userId, left_version: L, left_saw_right: R } : { right_confirmed_at: now, right_confirmed_by: actor.userId, right_version: R, right_saw_left: L };
    const moved = await tx
      .updateTable('stat_reconciliation_periods')
      .set((eb) => ({ ...set, updated_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', periodId)
      .where('state', '=', 'open')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return 'alreadyClosed' as const;
    await recordEvent(tx, clock, actor, { action: 'stats.reconciliation_confirmed', targetType: 'organisation', targetId: actor.organisationId, details: { plan: view.rec.planId, reconciliation: view.rec.key, period: view.period.key, side, version: mine } });
    // Both sides on the figures as they stand: close, once.
    const closed = await tx
      .updateTable('stat_reconciliation_periods')
      .set((eb) => ({ state: 'closed' as const, closed_at: now, updated_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', periodId)
      .where('state', '=', 'open')
      .where('left_version', '=', L)
      .where('left_saw_right', '=', R)
      .where('right_version', '=', R)
      .where('right_saw_left', '=', L)
      .where('left_confirmed_at', 'is not', null)
      .where('right_confirmed_at', 'is not', null)
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) === 1) {
      await recordEvent(tx, clock, actor, { action: 'stats.reconciliation_closed', targetType: 'organisation', targetId: actor.organisationId, details: { plan: view.rec.planId, reconciliation: view.rec.key, period: view.period.key, versions: { left: L, right: R } } });
      return 'closed' as const;
    }
    return 'confirmed' as const;
  });
}

/** The coordinator reopens a closed reconciliation: confirmations cleared, its protocols kept. */
export async function reopen(db: Db, clock: Clock, actor: AuditActor, view: ReconciliationPeriodView, revision: number): Promise<'reopened' | 'conflict'> {
  if (view.state.id === null) return 'conflict';
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const moved = await tx
      .updateTable('stat_reconciliation_periods')
      .set((eb) => ({ state: 'open' as const, closed_at: null, left_confirmed_at: null, left_confirmed_by: null, left_version: null, left_saw_right: null, right_confirmed_at: null, right_confirmed_by: null, right_version: null, right_saw_left: null, updated_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', view.state.id!)
      .where('state', '=', 'closed')
      .where('revision', '=', revision)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return 'conflict' as const;
    await recordEvent(tx, clock, actor, { action: 'stats.reconciliation_reopened', targetType: 'organisation', targetId: actor.organisationId, details: { plan: view.rec.planId, reconciliation: view.rec.key, period: view.period.key } });
    return 'reopened' as const;
  });
}

/**
 * The protocol of the current closing, made once: when the reconciliation closes, and again on a
 * later visit if the process stopped in between. The period's row is locked (PostgreSQL) so two
 * visits make one protocol; each closing after a reopening gets the next number, the earlier ones
 * are kept.
 */
export async function ensureProtocol(db: Db, clock: Clock, storage: FileStorage, view: ReconciliationPeriodView, directory: Directory): Promise<boolean> {
  const { state } = view;
  if (state.state !== 'closed' || state.id === null || !state.closedAt) return false;
  if (view.protocols.some((x) => x.at >= state.closedAt!)) return false;
  const party = async (p: Party): Promise<ProtocolParty> => {
    const o = p.organisations[0]!;
    const official = (await listOfficials(db, o.id, { activeOnly: true }))[0];
    return { name: p.organisations.map((x) => x.name).join(', '), shortName: o.shortName ?? o.name, signatory: official ? { position: official.position, name: official.name } : null };
  };
  const [left, right] = [await party(view.parties.left), await party(view.parties.right)];
  const label = new Map(view.rows.map((r) => [r.key, r.label]));
  const short = (id: string) => directory.organisation(id)?.shortName ?? directory.organisation(id)?.name ?? id;
  const bytes = await protocolDocx({
    about: protocolAbout(view.rec.title),
    period: periodName(uk, view.period),
    date: localDateOf(new Date(state.closedAt), 'Europe/Kyiv'),
    left,
    right,
    rows: view.rows.map((r) => ({ label: r.label, left: r.leftValue, right: r.rightValue, difference: r.difference, leftYear: r.leftYearToDate, rightYear: r.rightYearToDate })),
    explanations: view.comments.filter((c) => label.has(c.rowKey)).map((c) => ({ party: short(c.organisationId), row: label.get(c.rowKey)!, text: c.text })),
  });
  return writeTransaction(db, async (tx) => {
    if (isPostgresDb(db)) await tx.selectFrom('stat_reconciliation_periods').select('id').where('id', '=', state.id!).forUpdate().execute();
    const existing = await tx.selectFrom('stat_reconciliation_protocols').select(['number', 'created_at']).where('period_id', '=', state.id!).orderBy('number', 'desc').execute();
    if (existing.some((x) => x.created_at >= state.closedAt!)) return false;
    const stored = await storage.put(tx, bytes, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    await tx.insertInto('stat_reconciliation_protocols').values({ period_id: state.id!, number: (existing[0] ? Number(existing[0].number) : 0) + 1, file_id: stored.id, sha256: stored.sha256, created_at: clock.now().toISOString() }).execute();
    return true;
  });
}

/** A protocol's bytes, by its number within the period. */
export async function protocolFile(db: DbOrTx, storage: FileStorage, view: ReconciliationPeriodView, number: number): Promise<Buffer | null> {
  if (view.state.id === null) return null;
  const row = await db.selectFrom('stat_reconciliation_protocols').select('file_id').where('period_id', '=', view.state.id).where('number', '=', number).executeTakeFirst();
  if (!row) return null;
  return (await storage.get(db, row.file_id))?.bytes ?? null;
}
