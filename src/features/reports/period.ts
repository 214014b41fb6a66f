import type { Clock } from '../../clock.ts';
import { parseStatedMeasures } from '../../domain/snapshot-summary.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { ORGANISATION_KINDS, type ConsentAnswer, type OrganisationKind, type ReportState } from '../../db/schema.ts';
import { writeTransaction } from '../../db/transaction.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { cameLate } from '../../domain/reports.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import { expectedReports, periodMeasures, type Snapshot } from './service.ts';

/**
 * A period at a glance for the coordinator: every organisation that owes a report, its state and
 * times — never a draft's content — and the reporting rates as DHIS2 gives them: completeness
 * (submitted ÷ expected) and timeliness (submitted by the deadline ÷ expected), per kind of
 * organisation and overall, with bodies reporting "за згодою" counted apart.
 */

export type GridState = ReportState | 'not_started';
export const GRID_STATES: readonly GridState[] = ['not_started', 'draft', 'submitted', 'returned', 'accepted'];

export interface GridRow {
  organisation: OrganisationView;
  /** The district administration an organisation belongs to (itself, or its parent), if any. */
  districtId: string | null;
  byConsent: boolean;
  consent: { answer: ConsentAnswer; note: string; recordedAt: string } | null;
  state: GridState;
  owed: number;
  /** Owed measures with no state: in the latest submission, or (a draft) as last saved. */
  uncovered: number;
  /** The draft's last save (never its content). */
  updatedAt: string | null;
  /** The first submission still standing: what timeliness counts. */
  firstSubmittedAt: string | null;
  lastSubmittedAt: string | null;
  submissions: number;
  onTime: boolean;
  late: boolean;
  onBehalf: boolean;
  /** The letter a report entered on behalf came by: its date is when the report came. */
  letter: { number: string; date: string } | null;
  /** Two-level cycle: submitted, and still with its district (not yet passed on). */
  withDistrict: boolean;
}

export interface PeriodGrid {
  plan: plans.PlanView;
  period: ReportingPeriod;
  rows: GridRow[];
}

/** Whether a report counts as submitted for the rates: it has a submission standing. */
export function counted(row: GridRow): boolean {
  return row.firstSubmittedAt !== null && row.state !== 'draft' && row.state !== 'not_started';
}

export function districtOf(o: OrganisationView, directory: Directory): string | null {
  if (o.kind === 'district_administration') return o.id;
  const parent = o.parentId ? directory.organisation(o.parentId) : undefined;
  return parent?.kind === 'district_administration' ? parent.id : null;
}

/** The organisations every measure of a period reaches only "за згодою" (the organisation, or the executor entry naming it, is by consent). */
export function consentOnlyOf(measures: readonly plans.PeriodMeasure[], directory: Directory): Map<string, boolean> {
  const consentOnly = new Map<string, boolean>();
  for (const m of measures) {
    for (const e of m.executors) {
      const members = e.type === 'organisation' ? [e.id] : (directory.group(e.id)?.memberIds ?? []);
      const viaConsent = e.byConsent || (e.type === 'group' && directory.group(e.id)?.byConsent === true);
      for (const id of members) consentOnly.set(id, (consentOnly.get(id) ?? true) && viaConsent);
    }
  }
  return consentOnly;
}

export async function periodGrid(db: DbOrTx, directory: Directory, plan: plans.PlanView, period: ReportingPeriod): Promise<PeriodGrid> {
  const measures = await periodMeasures(db, plan, period);
  const expected = expectedReports(measures, directory);
  const reports = await db.selectFrom('reports').selectAll().where('plan_id', '=', plan.id).where('period_key', '=', period.key).execute();
  const ids = reports.map((r) => r.id);
  const [submissions, entries, consents] = await Promise.all([
    ids.length ? db.selectFrom('report_submissions').select(['report_id', 'submitted_at', 'withdrawn_at', 'stated_measures', 'number']).where('report_id', 'in', ids).orderBy('number').execute() : Promise.resolve([]),
    // Only whether each entry has a state: the coordinator never reads a draft's content.
    ids.length ? db.selectFrom('report_entries').select(['report_id', 'measure_id']).where('report_id', 'in', ids).where('state', 'is not', null).execute() : Promise.resolve([]),
    db.selectFrom('consent_answers').selectAll().where('plan_id', '=', plan.id).where('period_key', '=', period.key).execute(),
  ]);
  const byReport = new Map<number, typeof submissions>();
  for (const s of submissions) byReport.set(Number(s.report_id), [...(byReport.get(Number(s.report_id)) ?? []), s]);
  const stated = new Map<number, Set<number>>();
  for (const e of entries) stated.set(Number(e.report_id), (stated.get(Number(e.report_id)) ?? new Set()).add(Number(e.measure_id)));
  const consentOnly = consentOnlyOf(measures, directory);
  const rows: GridRow[] = [];
  for (const o of directory.organisations) {
    const owedIds = expected.get(o.id);
    if (!owedIds) continue;
    const r = reports.find((x) => x.organisation_id === o.id);
    const subs = r ? (byReport.get(Number(r.id)) ?? []) : [];
    const standing = subs.filter((s) => !s.withdrawn_at);
    const first = standing[0]?.submitted_at ?? null;
    const latest = standing.at(-1);
    let uncovered: number;
    if (r && r.state !== 'draft' && latest) {
      const has = parseStatedMeasures(latest.stated_measures ?? '');
      uncovered = owedIds.filter((id) => !has.has(id)).length;
    } else {
      const has = r ? (stated.get(Number(r.id)) ?? new Set<number>()) : new Set<number>();
      uncovered = owedIds.filter((id) => !has.has(id)).length;
    }
    const consent = consents.find((c) => c.organisation_id === o.id);
    const state: GridState = r?.state ?? 'not_started';
    const isCounted = first !== null && state !== 'draft';
    const letter = r?.on_behalf === 1 && r.letter_number && r.letter_date ? { number: r.letter_number, date: r.letter_date } : null;
    const late = isCounted && cameLate(period.executorDeadline, first!, letter?.date ?? null);
    rows.push({
      organisation: o,
      districtId: districtOf(o, directory),
      byConsent: o.byConsent || consentOnly.get(o.id) === true,
      consent: consent ? { answer: consent.answer, note: consent.note, recordedAt: consent.recorded_at } : null,
      state,
      owed: owedIds.length,
      uncovered,
      updatedAt: r?.updated_at ?? null,
      firstSubmittedAt: isCounted ? first : null,
      lastSubmittedAt: isCounted ? (latest?.submitted_at ?? null) : null,
      submissions: standing.length,
      onTime: isCounted && !late,
      late,
      onBehalf: r?.on_behalf === 1,
      letter,
      withDistrict: plan.districtReview !== null && state === 'submitted' && !r?.forwarded_at && o.kind !== 'district_administration' && districtOf(o, directory) !== null,
    });
  }
  return { plan, period, rows };
}

// ---- rates --------------------------------------------------------------------------------------

export interface Rate {
  expected: number;
  submitted: number;
  onTime: number;
  /** submitted ÷ expected, 0…1 (null when nothing is expected). */
  completeness: number | null;
  timeliness: number | null;
}

export interface Rates {
  /** Subordinate executors: the administration's own bodies and the district administrations. */
  overall: Rate;
  byKind: { kind: OrganisationKind; rate: Rate }[];
  /** Bodies "за згодою" (communities, NGOs): counted apart; silence is no breach. */
  byConsent: Rate & { declined: number };
}

function rate(rows: readonly GridRow[]): Rate {
  const expected = rows.length;
  const submitted = rows.filter(counted).length;
  const onTime = rows.filter((r) => counted(r) && r.onTime).length;
  return { expected, submitted, onTime, completeness: expected ? submitted / expected : null, timeliness: expected ? onTime / expected : null };
}

export function ratesOf(rows: readonly GridRow[]): Rates {
  const subordinate = rows.filter((r) => !r.byConsent);
  const consent = rows.filter((r) => r.byConsent);
  const kinds = [...new Set(rows.map((r) => r.organisation.kind))];
  return {
    overall: rate(subordinate),
    byKind: ORGANISATION_KINDS.filter((k) => kinds.includes(k)).map((kind) => ({ kind, rate: rate(rows.filter((r) => r.organisation.kind === kind)) })),
    byConsent: { ...rate(consent), declined: consent.filter((r) => r.consent?.answer === 'declined').length },
  };
}

// ---- filters -------------------------------------------------------------------------------------

export interface GridFilter {
  district: string;
  kind: string;
  state: string;
  /** One number of the rates: which rows it counts. */
  list: '' | (typeof GRID_LISTS)[number];
  consent: '' | 'subordinate' | 'by-consent';
}

export const GRID_LISTS = ['submitted', 'on-time', 'late', 'missing', 'declined', 'with-district'] as const;

export function filterGrid(rows: readonly GridRow[], f: GridFilter): GridRow[] {
  return rows.filter(
    (r) =>
      (!f.district || r.districtId === f.district) &&
      (!f.kind || r.organisation.kind === f.kind) &&
      (!f.state || r.state === f.state) &&
      (!f.consent || (f.consent === 'by-consent') === r.byConsent) &&
      (!f.list ||
        (f.list === 'submitted' && counted(r)) ||
        (f.list === 'on-time' && counted(r) && r.onTime) ||
        (f.list === 'late' && counted(r) && r.late) ||
        (f.list === 'missing' && !counted(r)) ||
        (f.list === 'declined' && r.consent?.answer === 'declined') ||
        (f.list === 'with-district' && r.withDistrict)),
  );
}

// ---- by-consent bodies' answers --------------------------------------------------------------------

export const CONSENT_ANSWERS: readonly ConsentAnswer[] = ['asked', 'declined', 'no_answer'];
export const MAX_CONSENT_NOTE = 1_000;

export type ConsentResult = null | { errors: { answer?: 'invalid'; note?: 'tooLong' } } | 'not-by-consent';

/** Records what a by-consent body answered when asked for its report this period (the latest answer stands). */
/** By-consent bodies that declined to report for the period: nobody reminds them again. */
export async function declinedBodies(db: DbOrTx, planId: string, periodKey: string): Promise<Set<string>> {
  const rows = await db.selectFrom('consent_answers').select('organisation_id').where('plan_id', '=', planId).where('period_key', '=', periodKey).where('answer', '=', 'declined').execute();
  return new Set(rows.map((r) => r.organisation_id));
}

/** The periods ("plan:period") an organisation reporting by consent declined to report for. */
export async function declinedPeriodsOf(db: DbOrTx, organisationId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('consent_answers').select(['plan_id', 'period_key']).where('organisation_id', '=', organisationId).where('answer', '=', 'declined').execute();
  return new Set(rows.map((r) => `${r.plan_id}:${r.period_key}`));
}

export async function recordConsent(db: Db, clock: Clock, actor: AuditActor, grid: PeriodGrid, organisationId: string, input: { answer: string; note: string }): Promise<ConsentResult> {
  const row = grid.rows.find((r) => r.organisation.id === organisationId);
  if (!row || !row.byConsent) return 'not-by-consent';
  const errors: { answer?: 'invalid'; note?: 'tooLong' } = {};
  const answer = CONSENT_ANSWERS.find((a) => a === input.answer);
  if (!answer) errors.answer = 'invalid';
  const note = input.note.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (note.length > MAX_CONSENT_NOTE) errors.note = 'tooLong';
  if (Object.keys(errors).length || !answer) return { errors };
  await writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const key = { plan_id: grid.plan.id, period_key: grid.period.key, organisation_id: organisationId };
    const existing = await tx.selectFrom('consent_answers').select('id').where('plan_id', '=', key.plan_id).where('period_key', '=', key.period_key).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (existing) await tx.updateTable('consent_answers').set({ answer, note, recorded_by: actor.userId, recorded_at: now }).where('id', '=', existing.id).execute();
    else await tx.insertInto('consent_answers').values({ ...key, answer, note, recorded_by: actor.userId, recorded_at: now }).execute();
    await recordEvent(tx, clock, actor, { action: 'report.consent_recorded', targetType: 'organisation', targetId: organisationId, details: { plan: grid.plan.id, period: grid.period.key, answer } });
  });
  return null;
}

// ---- one measure across its executors ---------------------------------------------------------------

export interface MeasureEntryRow {
  organisation: OrganisationView;
  isLead: boolean;
  state: GridState;
  submission: { number: number; submittedAt: string } | null;
  entry: Snapshot['entries'][number] | null;
}

/**
 * A measure's entries in a period, from each executor's latest standing submission (drafts never
 * show): the lead executor's first, then the co-executors' who reported, then those who have not.
 */
export async function measureAcrossExecutors(db: DbOrTx, directory: Directory, grid: PeriodGrid, measure: plans.PeriodMeasure): Promise<MeasureEntryRow[]> {
  const leads = new Set<string>();
  for (const e of measure.executors.filter((x) => x.isLead)) {
    if (e.type === 'organisation') leads.add(e.id);
    else for (const id of directory.group(e.id)?.memberIds ?? []) leads.add(id);
  }
  const owing = new Set(plans.reportingOrganisations(measure, directory));
  const rows = grid.rows.filter((r) => owing.has(r.organisation.id));
  const reports = await db.selectFrom('reports').select(['id', 'organisation_id']).where('plan_id', '=', grid.plan.id).where('period_key', '=', grid.period.key).execute();
  const ids = reports.map((r) => r.id);
  const submissions = ids.length
    ? await db.selectFrom('report_submissions').select(['report_id', 'number', 'submitted_at', 'snapshot']).where('report_id', 'in', ids).where('withdrawn_at', 'is', null).orderBy('number').execute()
    : [];
  const latest = new Map<string, (typeof submissions)[number]>();
  for (const s of submissions) {
    const org = reports.find((r) => r.id === s.report_id)!.organisation_id;
    latest.set(org, s);
  }
  const out = rows.map((r) => {
    const s = counted(r) ? latest.get(r.organisation.id) : undefined;
    const snapshot = s ? (JSON.parse(s.snapshot) as Snapshot) : null;
    return {
      organisation: r.organisation,
      isLead: leads.has(r.organisation.id),
      state: r.state,
      submission: s ? { number: s.number, submittedAt: s.submitted_at } : null,
      entry: snapshot?.entries.find((e) => e.measureId === measure.id) ?? null,
    };
  });
  // The lead first; then those who reported, then those who have not — each in Ukrainian order.
  return [...out.filter((r) => r.isLead), ...out.filter((r) => !r.isLead && r.entry), ...out.filter((r) => !r.isLead && !r.entry)];
}
