import { notifyOrganisation } from '../mail/outbox.ts';
import { indicatorSources, type IndicatorSource } from '../statistics/indicator-sources.ts';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { Report, ReportState } from '../../db/schema.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { compareLocalDates, type LocalDate } from '../../domain/dates.ts';
import { reportingPeriods, type ReportingPeriod } from '../../domain/periods.ts';
import {
  cameLate,
  ENTRY_STATES,
  MAX_NARRATIVE,
  MAX_REASON,
  owedInPeriod,
  parseIndicatorValue,
  parseLinks,
  submitProblems,
  type EntryState,
  type LinkProblem,
  type SubmitProblem,
  type ValueProblem,
} from '../../domain/reports.ts';
import { localDateOf } from '../../domain/time.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import { loadReviews, type ReviewView } from './review.ts';
import * as repo from './repository.ts';
import type { MessageKey, Translator } from '../../i18n/index.ts';

/**
 * Executors' reports (DESIGN.md, Report and ReportEntry). What a period owes is computed from the
 * plan as it stood during the period and the directory's groups — never stored, so an amendment
 * or a new member of a group is reflected at once; a report row exists from the first save.
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_REPORT_ATTACHMENT_BYTES = 50 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MEASURE = 10;
export const MAX_LETTER_NUMBER = 100;

export interface OwedMeasure extends plans.PeriodMeasure {
  /** The group through which the organisation owes it (null when the measure names it). */
  viaGroupId: string | null;
  indicators: plans.IndicatorView[];
  /**
   * Indicators the organisation gives in a statistical form of the plan (issue 16): not asked
   * again in the report — the consolidation takes the form's accepted figures.
   */
  fromForms?: { indicator: plans.IndicatorView; form: { key: string; title: string; href: string; kind: 'form' | 'reconciliation' } }[];
}

export interface EntryView {
  measureId: number;
  versionId: number;
  state: EntryState | null;
  reason: string | null;
  narrative: string;
  links: string[];
  /** Minor units by indicator id (kopecks for money). */
  values: Record<number, number>;
  version: number;
  updatedAt: string;
  updatedByName: string | null;
}

export interface AttachmentView {
  id: number;
  measureId: number | null;
  purpose: 'entry' | 'letter';
  fileName: string;
  mediaType: string;
  size: number;
  createdAt: string;
}

export interface SubmissionView {
  id: number;
  number: number;
  submittedAt: string;
  late: boolean;
  onBehalf: boolean;
  withdrawnAt: string | null;
  snapshot: Snapshot;
}

export interface ReportHead {
  id: number;
  state: ReportState;
  onBehalf: boolean;
  letter: { number: string; date: LocalDate } | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  /** The two-level cycle: when the district passed the standing submission on to the coordinator. */
  forwardedAt: string | null;
}

export interface ReportView {
  plan: plans.PlanView;
  period: ReportingPeriod;
  organisation: OrganisationView;
  measures: OwedMeasure[];
  report: ReportHead | null;
  entries: Map<number, EntryView>;
  attachments: AttachmentView[];
  submissions: SubmissionView[];
  /** Every review of the report, oldest first. */
  reviews: ReviewView[];
  /** The executors' deadline has passed. */
  overdue: boolean;
  /** Who began a report entered on behalf (from a letter). */
  enteredBy: { userId: string; name: string } | null;
  /**
   * The two-level cycle (issue 17): the district administration this organisation reports through,
   * and the day of the month after the period by which it reports to it; null when the plan has no
   * such cycle or the organisation reports straight to the coordinator.
   */
  district: { organisation: OrganisationView; dueDate: LocalDate } | null;
  /** Open control instructions to the organisation in this plan (issue 17), for those who may see them. */
  instructions?: { id: number; kind: 'explain' | 'act' | 'extend'; dueDate: LocalDate; measureCode: string | null }[];
}

export interface Snapshot {
  plan: { id: string; title: string };
  period: { key: string; start: LocalDate; end: LocalDate };
  organisation: { id: string; name: string };
  onBehalf: boolean;
  letter: { number: string; date: LocalDate } | null;
  entries: {
    measureId: number;
    versionId: number;
    code: string;
    title: string;
    deadlineText: string | null;
    state: EntryState | null;
    reason: string | null;
    narrative: string;
    links: string[];
    values: { indicatorId: number; code: string; name: string; unit: string; kind: plans.IndicatorView['kind']; sensitive: boolean; value: number | null }[];
  }[];
  attachments: AttachmentView[];
}

// ---- names and addresses other features use ----------------------------------------------------

export function reportUrl(planId: string, periodKey: string, organisationId: string): string {
  return `/reports/${encodeURIComponent(planId)}/${encodeURIComponent(periodKey)}/${encodeURIComponent(organisationId)}`;
}

/** "I півріччя 2024 року". */
export function periodName(tr: Translator, period: Pick<ReportingPeriod, 'label' | 'year'>): string {
  return tr.t(`calendar.periodLabel.${period.label}` as MessageKey, { year: period.year });
}

/** Review is its own module; other features reach it through this one. */
export { awaitingReview, forwardReport, openReturnsOf, reopenReport, reviewedSubmission, reviewReport, submissionWarnings, type AwaitingReview, type OpenReturn } from './review.ts';

// ---- what a period owes ------------------------------------------------------------------------

/** The plan's reporting periods (the period keys a report may name). */
export function periodsOf(plan: plans.PlanView): ReportingPeriod[] {
  return reportingPeriods(plan.schedule, plan.start, plan.end);
}

export function periodByKey(plan: plans.PlanView, key: string): ReportingPeriod | undefined {
  return periodsOf(plan).find((p) => p.key === key);
}

/** Whether reports of the period can be drafted: from the day the period starts, in the plan's time zone. */
export function periodOpen(plan: plans.PlanView, period: ReportingPeriod, clock: Clock): boolean {
  return compareLocalDates(localDateOf(clock.now(), plan.schedule.timeZone), period.start) >= 0;
}

/** Plans whose reports are written: active ones, and closed ones (their last reports come late). */
export function plansReportedOn(state: string): boolean {
  return state === 'active' || state === 'closed';
}

/** The measures of a period (the plan as it stood during it) whose deadline had not ended before the period began. */
export async function periodMeasures(db: DbOrTx, plan: plans.PlanView, period: ReportingPeriod): Promise<plans.PeriodMeasure[]> {
  return (await periodsMeasures(db, plan, [period]))[0]!;
}

/** `periodMeasures` of several periods of a plan, with one query (none while the plan is unchanged). */
export async function periodsMeasures(db: DbOrTx, plan: plans.PlanView, periods: readonly ReportingPeriod[]): Promise<plans.PeriodMeasure[][]> {
  const spans = await plans.measuresInSpans(db, plan.id, periods.map((p) => ({ from: p.planFrom, to: p.planTo })));
  return spans.map((all, i) => all.filter((m) => owedInPeriod({ permanent: m.permanent, to: m.deadlineTo }, periods[i]!.start)));
}

/** Of a period's measures, those an organisation owes (named, or a member of a named group). */
export function owedBy(measures: readonly plans.PeriodMeasure[], directory: Directory, organisationId: string, indicators: readonly plans.IndicatorView[] = []): OwedMeasure[] {
  const owed: OwedMeasure[] = [];
  for (const m of measures) {
    const direct = m.executors.some((e) => e.type === 'organisation' && e.id === organisationId);
    const group = direct ? undefined : m.executors.find((e) => e.type === 'group' && directory.group(e.id)?.memberIds.includes(organisationId));
    if (!direct && !group) continue;
    owed.push({ ...m, viaGroupId: group?.id ?? null, indicators: indicators.filter((i) => i.measureId === m.id) });
  }
  return owed;
}

/**
 * Moves the indicators an organisation gives elsewhere (a statistical form it submits, a
 * reconciliation it takes part in: `indicatorSources`) out of what its report asks.
 */
export function withoutFormIndicators(measures: OwedMeasure[], sources: readonly IndicatorSource[], organisationId: string): OwedMeasure[] {
  const byCode = new Map<string, { key: string; title: string; href: string; kind: IndicatorSource['kind'] }>();
  for (const src of sources) {
    if (!src.organisations.includes(organisationId)) continue;
    for (const code of src.indicators) if (!byCode.has(code)) byCode.set(code, { key: src.key, title: src.title, href: src.href, kind: src.kind });
  }
  if (byCode.size === 0) return measures;
  return measures.map((m) => {
    const fromForms = m.indicators.filter((i) => byCode.has(i.code)).map((i) => ({ indicator: i, form: byCode.get(i.code)! }));
    return fromForms.length ? { ...m, indicators: m.indicators.filter((i) => !byCode.has(i.code)), fromForms } : m;
  });
}

/** Every organisation that owes a report for the period, with the ids of the measures it owes. */
export function expectedReports(measures: readonly plans.PeriodMeasure[], directory: Directory): Map<string, number[]> {
  const byOrganisation = new Map<string, number[]>();
  for (const m of measures) {
    for (const id of plans.reportingOrganisations(m, directory)) {
      const list = byOrganisation.get(id) ?? [];
      list.push(m.id);
      byOrganisation.set(id, list);
    }
  }
  return byOrganisation;
}

// ---- reading a report --------------------------------------------------------------------------

function toHead(r: Report): ReportHead {
  return {
    id: Number(r.id),
    state: r.state,
    onBehalf: r.on_behalf === 1,
    letter: r.letter_number && r.letter_date ? { number: r.letter_number, date: r.letter_date } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    reviewedAt: r.reviewed_at,
    forwardedAt: r.forwarded_at ?? null,
  };
}

type EntryRow = Awaited<ReturnType<typeof repo.findEntries>>[number];

function toEntry(e: EntryRow): EntryView {
  return {
    measureId: Number(e.measure_id),
    versionId: Number(e.measure_version_id),
    state: e.state,
    reason: e.reason,
    narrative: e.narrative,
    links: JSON.parse(e.links) as string[],
    values: Object.fromEntries(Object.entries(JSON.parse(e.indicator_values) as Record<string, number>).map(([k, v]) => [Number(k), v])),
    version: e.version,
    updatedAt: e.updated_at,
    updatedByName: e.updated_by_name ?? null,
  };
}

function toAttachment(a: Awaited<ReturnType<typeof repo.findAttachments>>[number]): AttachmentView {
  return {
    id: Number(a.id),
    measureId: a.measure_id === null ? null : Number(a.measure_id),
    purpose: a.purpose,
    fileName: a.file_name,
    mediaType: a.media_type,
    size: Number(a.size),
    createdAt: a.created_at,
  };
}

/**
 * An organisation's report for a plan's period: the measures it owes (with their indicators),
 * its entries, attachments and submissions. Undefined when the plan is not reported on, the
 * period is not one of the plan's or has not begun, or the organisation owes nothing in it.
 */
export async function loadReport(db: DbOrTx, directory: Directory, clock: Clock, planId: string, periodKey: string, organisationId: string): Promise<ReportView | undefined> {
  const plan = await plans.getPlan(db, planId);
  if (!plan || !plansReportedOn(plan.state)) return undefined;
  const period = periodByKey(plan, periodKey);
  const organisation = directory.organisation(organisationId);
  if (!period || !organisation || organisation.mergedInto || !periodOpen(plan, period, clock)) return undefined;
  const [all, indicators, sources] = await Promise.all([periodMeasures(db, plan, period), plans.planIndicators(db, planId), indicatorSources(db, plan, period, directory)]);
  const measures = withoutFormIndicators(owedBy(all, directory, organisationId, indicators), sources, organisationId);
  if (measures.length === 0) return undefined;
  const row = await repo.findReport(db, planId, organisationId, periodKey);
  const [entries, attachments, submissions, reviews] = row ? await Promise.all([repo.findEntries(db, row.id), repo.findAttachments(db, row.id), repo.findSubmissions(db, row.id), loadReviews(db, row.id)]) : [[], [], [], []];
  return {
    plan,
    period,
    organisation,
    measures,
    report: row ? toHead(row) : null,
    entries: new Map(entries.map((e) => [Number(e.measure_id), toEntry(e)])),
    attachments: attachments.map(toAttachment),
    submissions: submissions.map((s) => {
      const snapshot = JSON.parse(s.snapshot) as Snapshot;
      // A report entered from a letter came on the letter's date (also for submissions recorded before that rule).
      const letterDate = s.on_behalf === 1 ? (snapshot.letter?.date ?? null) : null;
      return {
        id: Number(s.id),
        number: s.number,
        submittedAt: s.submitted_at,
        late: letterDate ? cameLate(period.executorDeadline, s.submitted_at, letterDate) : s.late === 1,
        onBehalf: s.on_behalf === 1,
        withdrawnAt: s.withdrawn_at,
        snapshot,
      };
    }),
    reviews,
    overdue: clock.now().getTime() >= new Date(period.executorDeadline.instant).getTime(),
    district: reviewingDistrict(plan, period, organisation, directory),
    enteredBy: row?.on_behalf === 1 && row.created_by ? { userId: row.created_by, name: (await repo.findUserName(db, row.created_by)) ?? '' } : null,
  };
}

/**
 * The district administration that reviews an organisation's report first (two-level cycle): the
 * organisation's parent in the directory when that is a district administration, in a plan that has
 * the cycle; with the day it is due there.
 */
export function reviewingDistrict(plan: plans.PlanView, period: ReportingPeriod, organisation: OrganisationView, directory: Directory): ReportView['district'] {
  if (!plan.districtReview || !organisation.parentId || organisation.kind === 'district_administration') return null;
  const parent = directory.organisation(organisation.parentId);
  if (!parent || parent.kind !== 'district_administration' || parent.mergedInto) return null;
  const d = period.executorDeadline.date;
  // The same month as the executors' deadline, on the district's day.
  return { organisation: parent, dueDate: `${d.slice(0, 8)}${String(Math.min(plan.districtReview.dueDay, Number(d.slice(8)))).padStart(2, '0')}` };
}

/** Whether a report waits for its district (two-level cycle): submitted, and not yet passed on. */
export function awaitingDistrict(view: Pick<ReportView, 'district' | 'report'>): boolean {
  return view.district !== null && view.report?.state === 'submitted' && view.report.forwardedAt === null;
}

/** Whether someone of this standing sees the report's draft: its organisation, or the coordinator for a report entered on behalf. */
export function seesDraftOf(standing: 'executor' | 'coordinator' | 'reader' | 'district', onBehalf: boolean): boolean {
  return standing === 'executor' || (standing === 'coordinator' && onBehalf);
}

/** Drafts can be changed while the report is a draft or was returned. */
export function isEditable(view: ReportView): boolean {
  return !view.report || view.report.state === 'draft' || view.report.state === 'returned';
}

/** A submission not yet reviewed can be withdrawn. */
export function isWithdrawable(view: ReportView): boolean {
  return view.report?.state === 'submitted' && !view.report.reviewedAt && !view.report.forwardedAt;
}

export interface OwnReportSummary {
  plan: plans.PlanView;
  period: ReportingPeriod;
  measureCount: number;
  state: ReportState | 'not_started';
  updatedAt: string | null;
  submittedAt: string | null;
  late: boolean;
  onBehalf: boolean;
}

/** Every report an organisation owes in the periods begun so far, newest period first. */
export async function reportsOwedBy(db: DbOrTx, directory: Directory, clock: Clock, organisationId: string): Promise<OwnReportSummary[]> {
  const today = localDateOf(clock.now());
  const rows = await repo.findReportsOfOrganisation(db, organisationId);
  const out: OwnReportSummary[] = [];
  for (const plan of await plans.listPlans(db, today)) {
    if (!plansReportedOn(plan.state)) continue;
    const open = periodsOf(plan).filter((period) => periodOpen(plan, period, clock));
    const measures = await periodsMeasures(db, plan, open);
    for (const [i, period] of open.entries()) {
      const owed = owedBy(measures[i]!, directory, organisationId);
      if (owed.length === 0) continue;
      const row = rows.find((r) => r.plan_id === plan.id && r.period_key === period.key);
      out.push({
        plan,
        period,
        measureCount: owed.length,
        state: row?.state ?? 'not_started',
        updatedAt: row?.updated_at ?? null,
        submittedAt: row?.submitted_at ?? null,
        late: row?.submitted_at ? cameLate(period.executorDeadline, row.submitted_at, row.on_behalf === 1 ? row.letter_date : null) : clock.now().toISOString() >= period.executorDeadline.instant,
        onBehalf: row?.on_behalf === 1,
      });
    }
  }
  return out.sort((a, b) => compareLocalDates(b.period.start, a.period.start) || a.plan.title.localeCompare(b.plan.title, 'uk'));
}

/** The reports of a period that exist, by organisation (the rest are not started). */
export async function reportsOfPeriod(db: DbOrTx, planId: string, periodKey: string): Promise<Map<string, ReportHead>> {
  return new Map((await repo.findReportsOfPeriod(db, planId, periodKey)).map((r) => [r.organisation_id, toHead(r)]));
}

/** The report row a first save, upload or on-behalf start creates (unless it exists). */
export function newReportRow(view: ReportView, actor: AuditActor, now: string, onBehalf: boolean, letter: { number: string; date: LocalDate } | null = null) {
  return {
    plan_id: view.plan.id,
    organisation_id: view.organisation.id,
    period_key: view.period.key,
    on_behalf: onBehalf ? (1 as const) : (0 as const),
    letter_number: letter?.number ?? null,
    letter_date: letter?.date ?? null,
    created_by: actor.userId,
    created_at: now,
  };
}

// ---- saving an entry ---------------------------------------------------------------------------

/** An entry as typed (a form or the API); a field left out keeps what was saved. */
export interface EntryInput {
  version: unknown;
  state?: unknown;
  reason?: unknown;
  narrative?: unknown;
  links?: unknown;
  /** By indicator id. */
  values?: Record<string, unknown>;
}

export type EntryField = 'state' | 'reason' | 'narrative' | 'links' | 'version' | `value-${number}`;
export type EntryProblem = 'invalid' | 'tooLong' | LinkProblem | ValueProblem;
export type EntryErrors = Partial<Record<EntryField, EntryProblem>>;

export type SaveResult =
  | { kind: 'saved'; entry: EntryView; errors: EntryErrors; changed: boolean; reportUpdatedAt: string }
  | { kind: 'conflict'; current: EntryView; errors: EntryErrors }
  | { kind: 'invalid'; errors: EntryErrors }
  | { kind: 'not-editable' };

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.replace(/\r\n?/g, '\n');
  if (typeof value === 'number') return String(value);
  return '\u0000invalid';
}

interface Parsed {
  state?: EntryState | null;
  reason?: string | null;
  narrative?: string;
  links?: string[];
  values: Record<number, number | null>;
}

function parseEntry(input: EntryInput, measure: OwedMeasure): { parsed: Parsed; errors: EntryErrors } {
  const errors: EntryErrors = {};
  const parsed: Parsed = { values: {} };
  const state = text(input.state);
  if (state !== undefined) {
    if (state === '') parsed.state = null;
    else if ((ENTRY_STATES as readonly string[]).includes(state)) parsed.state = state as EntryState;
    else errors.state = 'invalid';
  }
  const reason = text(input.reason);
  if (reason !== undefined) {
    if (reason.startsWith('\u0000')) errors.reason = 'invalid';
    else if (reason.length > MAX_REASON) errors.reason = 'tooLong';
    else parsed.reason = reason.trim() === '' ? null : reason;
  }
  const narrative = text(input.narrative);
  if (narrative !== undefined) {
    if (narrative.startsWith('\u0000')) errors.narrative = 'invalid';
    else if (narrative.length > MAX_NARRATIVE) errors.narrative = 'tooLong';
    else parsed.narrative = narrative;
  }
  const links = Array.isArray(input.links) ? input.links.map((l) => (typeof l === 'string' ? l : '\u0000')).join('\n') : text(input.links);
  if (links !== undefined) {
    const r = links.includes('\u0000') ? ({ problem: 'notLink' } as const) : parseLinks(links);
    if ('problem' in r) errors.links = r.problem;
    else parsed.links = r.links;
  }
  for (const indicator of measure.indicators) {
    const raw = input.values ? text(input.values[String(indicator.id)]) : undefined;
    if (raw === undefined) continue;
    const r = raw.startsWith('\u0000') ? ({ problem: 'notNumber' } as const) : parseIndicatorValue(indicator.kind, raw);
    if ('problem' in r) errors[`value-${indicator.id}`] = r.problem;
    else parsed.values[indicator.id] = r.value;
  }
  return { parsed, errors };
}

function versionOf(raw: unknown): number | null {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/**
 * Saves what was typed for one measure. The save names the version of the entry it started
 * from: if a colleague saved the same measure since, nothing is written and both versions come
 * back (a conflict). Fields that are wrong keep what was saved and come back as errors; the
 * rest is saved. Colleagues saving different measures never meet.
 */
export async function saveEntry(db: Db, clock: Clock, actor: AuditActor, view: ReportView, measureId: number, input: EntryInput, options: { onBehalf: boolean }): Promise<SaveResult> {
  const measure = view.measures.find((m) => m.id === measureId);
  if (!measure || !isEditable(view)) return { kind: 'not-editable' };
  const version = versionOf(input.version);
  if (version === null) return { kind: 'invalid', errors: { version: 'invalid' } };
  const { parsed, errors } = parseEntry(input, measure);
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const ensured = await repo.ensureReport(tx, newReportRow(view, actor, now, options.onBehalf));
    const created = ensured.created;
    // Locked and read again inside the transaction: the report may have been submitted meanwhile,
    // and a submit in another process waits for this save to be in its snapshot or refused.
    const report = (await repo.lockReport(tx, ensured.report.id))!;
    if (report.state !== 'draft' && report.state !== 'returned') return { kind: 'not-editable' } as const;
    if ((report.on_behalf === 1) !== options.onBehalf) return { kind: 'not-editable' } as const;
    if (created) await recordEvent(tx, clock, actor, { action: 'report.created', targetType: 'report', targetId: String(report.id), details: { plan: view.plan.id, period: view.period.key, organisation: view.organisation.id } });
    const currentRow = await repo.findEntry(tx, report.id, measureId);
    const current = currentRow ? toEntry(currentRow) : null;
    if (!current && version !== 0) return { kind: 'invalid', errors: { version: 'invalid' } } as const;
    if (current && current.version !== version) return { kind: 'conflict', current, errors } as const;
    const next = {
      state: parsed.state !== undefined ? parsed.state : (current?.state ?? null),
      reason: parsed.reason !== undefined ? parsed.reason : (current?.reason ?? null),
      narrative: parsed.narrative ?? current?.narrative ?? '',
      links: parsed.links ?? current?.links ?? [],
      values: { ...(current?.values ?? {}) } as Record<number, number>,
    };
    for (const [id, v] of Object.entries(parsed.values)) {
      if (v === null) delete next.values[Number(id)];
      else next.values[Number(id)] = v;
    }
    const row: repo.EntryRow = {
      measure_version_id: measure.versionId,
      state: next.state,
      reason: next.reason,
      narrative: next.narrative,
      links: JSON.stringify(next.links),
      indicator_values: JSON.stringify(next.values),
      updated_by: actor.userId,
      updated_at: now,
    };
    const unchanged =
      current &&
      current.versionId === measure.versionId &&
      current.state === next.state &&
      current.reason === next.reason &&
      current.narrative === next.narrative &&
      JSON.stringify(current.links) === row.links &&
      JSON.stringify(current.values) === row.indicator_values;
    if (unchanged) return { kind: 'saved', entry: current, errors, changed: false, reportUpdatedAt: report.updated_at } as const;
    const ok = current ? await repo.updateEntry(tx, report.id, measureId, version, row) : await repo.insertEntry(tx, report.id, measureId, row);
    if (!ok) {
      const theirs = await repo.findEntry(tx, report.id, measureId);
      return { kind: 'conflict', current: toEntry(theirs!), errors } as const;
    }
    await repo.touchReport(tx, report.id, now);
    const saved = toEntry((await repo.findEntry(tx, report.id, measureId))!);
    return { kind: 'saved', entry: saved, errors, changed: true, reportUpdatedAt: now } as const;
  });
}

/** An entry whose values are already checked (states, minor units): for bulk writes such as the demo's. */
export interface CheckedEntry {
  measureId: number;
  state: EntryState | null;
  reason: string | null;
  narrative: string;
  values: Record<number, number>;
}

/**
 * Writes several entries of a report at once, in one transaction: the report is created if need
 * be (and audited), each entry inserted or moved to a new version. For trusted writers that check
 * their values themselves; forms go through `saveEntry`.
 */
export async function writeEntries(db: Db, clock: Clock, actor: AuditActor, view: ReportView, entries: readonly CheckedEntry[], options: { onBehalf: boolean }): Promise<'written' | 'not-editable'> {
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const ensured = await repo.ensureReport(tx, newReportRow(view, actor, now, options.onBehalf));
    const created = ensured.created;
    const report = (await repo.lockReport(tx, ensured.report.id))!;
    if ((report.state !== 'draft' && report.state !== 'returned') || (report.on_behalf === 1) !== options.onBehalf) return 'not-editable' as const;
    if (created) await recordEvent(tx, clock, actor, { action: 'report.created', targetType: 'report', targetId: String(report.id), details: { plan: view.plan.id, period: view.period.key, organisation: view.organisation.id } });
    for (const e of entries) {
      const measure = view.measures.find((m) => m.id === e.measureId);
      if (!measure) continue;
      const row: repo.EntryRow = { measure_version_id: measure.versionId, state: e.state, reason: e.reason, narrative: e.narrative, links: '[]', indicator_values: JSON.stringify(e.values), updated_by: actor.userId, updated_at: now };
      const current = await repo.findEntry(tx, report.id, e.measureId);
      if (current) await repo.updateEntry(tx, report.id, e.measureId, current.version, row);
      else await repo.insertEntry(tx, report.id, e.measureId, row);
    }
    await repo.touchReport(tx, report.id, now);
    return 'written' as const;
  });
}

// ---- submitting and withdrawing ----------------------------------------------------------------

export type SubmitResult = { kind: 'submitted'; number: number; late: boolean } | { kind: 'already'; number: number } | { kind: 'problems'; problems: SubmitProblem[] } | { kind: 'not-editable' };

export function snapshotOf(view: ReportView, letter: ReportHead['letter'], onBehalf: boolean, entries: Map<number, EntryView>, attachments: AttachmentView[]): Snapshot {
  return {
    plan: { id: view.plan.id, title: view.plan.title },
    period: { key: view.period.key, start: view.period.start, end: view.period.end },
    organisation: { id: view.organisation.id, name: view.organisation.name },
    onBehalf,
    letter,
    entries: view.measures.map((m) => {
      const e = entries.get(m.id);
      return {
        measureId: m.id,
        versionId: m.versionId,
        code: m.code,
        title: m.title,
        deadlineText: m.deadlineText,
        state: e?.state ?? null,
        reason: e?.reason ?? null,
        narrative: e?.narrative ?? '',
        links: e?.links ?? [],
        values: m.indicators.map((i) => ({ indicatorId: i.id, code: i.code, name: i.name, unit: i.unit, kind: i.kind, sensitive: i.sensitive, value: e?.values[i.id] ?? null })),
      };
    }),
    attachments,
  };
}

/**
 * Submits the report as it stands: an immutable snapshot. Every owed measure needs a state, and
 * a reason where the state asks for one. A repeated submit (a double click, a retried request)
 * finds the report already submitted and makes no second submission. A submission after the
 * deadline is accepted and recorded as late.
 */
export async function submitReport(db: Db, clock: Clock, actor: AuditActor, view: ReportView, options: { onBehalf: boolean }): Promise<SubmitResult> {
  return writeTransaction(db, async (tx) => {
    const found = await repo.findReport(tx, view.plan.id, view.organisation.id, view.period.key);
    // Locked before the entries are read: a save running meanwhile is either in the snapshot or,
    // once this commits, refused (it finds the report submitted).
    const row = found && (await repo.lockReport(tx, found.id));
    if (!row || (row.on_behalf === 1) !== options.onBehalf) {
      const problems = submitProblems(view.measures.map((m) => ({ measureId: m.id, code: m.code })), new Map());
      return row ? ({ kind: 'not-editable' } as const) : ({ kind: 'problems', problems } as const);
    }
    if (row.state === 'submitted' || row.state === 'accepted') return { kind: 'already', number: await repo.countSubmissions(tx, row.id) } as const;
    const entries = new Map((await repo.findEntries(tx, row.id)).map((e) => [Number(e.measure_id), toEntry(e)]));
    const problems = submitProblems(view.measures.map((m) => ({ measureId: m.id, code: m.code })), entries);
    if (problems.length) return { kind: 'problems', problems } as const;
    const now = clock.now().toISOString();
    // A new submission is the district's to look at again (two-level cycle): its forwarding is cleared.
    if (!(await repo.moveReport(tx, row.id, ['draft', 'returned'], { state: 'submitted', submitted_at: now, reviewed_at: null, updated_at: now, forwarded_at: null, forwarded_by: null }))) {
      return { kind: 'already', number: await repo.countSubmissions(tx, row.id) } as const;
    }
    const late = cameLate(view.period.executorDeadline, now, row.on_behalf === 1 ? row.letter_date : null);
    const number = (await repo.countSubmissions(tx, row.id)) + 1;
    const attachments = (await repo.findAttachments(tx, row.id)).map(toAttachment);
    const head = toHead(row);
    await repo.insertSubmission(tx, {
      report_id: row.id,
      number,
      submitted_at: now,
      submitted_by: actor.userId,
      late: late ? 1 : 0,
      on_behalf: row.on_behalf,
      snapshot: JSON.stringify(snapshotOf(view, head.letter, head.onBehalf, entries, attachments)),
    });
    await recordEvent(tx, clock, actor, { action: 'report.submitted', targetType: 'report', targetId: String(row.id), details: { plan: view.plan.id, period: view.period.key, organisation: view.organisation.id, number, late, onBehalf: head.onBehalf } });
    // The coordinating department hears of a report an executor submitted (not of one it entered from a letter itself).
    if (!head.onBehalf) {
      const p = { planId: view.plan.id, plan: view.plan.title, periodKey: view.period.key, periodLabel: view.period.label, periodYear: view.period.year, organisationId: view.organisation.id, organisation: view.organisation.name, late };
      // Two-level cycle: the district hears first; the coordinator when the district passes it on.
      if (view.district) await notifyOrganisation(tx, clock, 'report.submitted', p, view.district.organisation.id, `submitted:${row.id}:${number}`, ['executor']);
      else await notifyOrganisation(tx, clock, 'report.submitted', p, view.plan.coordinatorOrganisationId, `submitted:${row.id}:${number}`, ['coordinator']);
    }
    return { kind: 'submitted', number, late } as const;
  });
}

/** Takes back a submission the coordinator has not reviewed: the report is a draft again; the snapshot stays. */
export async function withdrawReport(db: Db, clock: Clock, actor: AuditActor, view: ReportView, options: { onBehalf: boolean }): Promise<boolean> {
  if (!view.report || view.report.onBehalf !== options.onBehalf) return false;
  const reportId = view.report.id;
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    if (!(await repo.moveReport(tx, reportId, ['submitted'], { state: 'draft', updated_at: now }, { unreviewed: true }))) return false;
    await repo.markLatestSubmissionWithdrawn(tx, reportId, now);
    await recordEvent(tx, clock, actor, { action: 'report.withdrawn', targetType: 'report', targetId: String(reportId), details: { plan: view.plan.id, period: view.period.key, organisation: view.organisation.id } });
    return true;
  });
}

export * from './letters-and-files.ts';
