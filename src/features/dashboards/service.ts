import type { DbOrTx } from '../../db/database.ts';
import { ORGANISATION_KINDS, type ConsolidationState, type OrganisationKind } from '../../db/schema.ts';
import { addDays, compareLocalDates, type LocalDate } from '../../domain/dates.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { cameLate, ENTRY_STATES, type EntryState, type IndicatorKind } from '../../domain/reports.ts';
import type { ConsolidationDocument, DocMeasure, DocSource, DocTotal, MeasureText } from '../consolidation/document.ts';
import { frozenDocument, liveFigures } from '../consolidation/versions.ts';
import { EXECUTOR_GROUPS, executorGroup, type ExecutorGroup } from '../consolidation/text.ts';
import { loadTexts } from '../consolidation/texts.ts';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import { consentOnlyOf, districtOf } from '../reports/period.ts';
import { expectedReports, periodsMeasures, periodsOf } from '../reports/service.ts';

/**
 * Dashboards for control (issue 17): a plan across its periods, for the owner's supervisors and the
 * plan's coordinators — who may read every submitted figure exactly, so nothing here is
 * suppressed; nobody else reaches these pages. Three views:
 * - measures: each measure's state per period (the coordinator's mark in the period's consolidation,
 *   or what its executors reported), grouped by goal, and the measures at risk in the chosen period;
 * - executors: completeness and timeliness per kind of organisation across periods, who is late
 *   now, each district with its communities, and each organisation's history;
 * - indicators: each indicator's total per period with its trend and its progress to a target.
 * A period's figures come from its latest approved (frozen) consolidation where there is one —
 * immutable, so its parsed document is kept in memory — and from the live figures otherwise.
 */

export interface DashboardFilter {
  /** The period the "now" parts look at; '' = the latest. */
  period: string;
  goal: number | null;
  /** A district administration's id: only it and those reporting to it. */
  district: string;
  kind: OrganisationKind | '';
  /** An indicator's key (measure code and name): the one whose trend is drawn. */
  indicator: string;
}

export const EMPTY_FILTER: DashboardFilter = { period: '', goal: null, district: '', kind: '', indicator: '' };

export interface PeriodDoc {
  period: ReportingPeriod;
  doc: ConsolidationDocument;
  /** The consolidation version the figures come from (null: the live figures, nothing approved yet). */
  version: { number: number; state: ConsolidationState } | null;
}

// ---- the periods' documents ---------------------------------------------------------------------

const FROZEN_KEPT = 64;
const frozen = new Map<number, ConsolidationDocument>();

/** Forgets the parsed documents (the bench measures a first request). */
export function forgetDocuments(): void {
  frozen.clear();
  live.clear();
}

/** A frozen version's document: it never changes, so it is parsed once per process. */
async function frozenOnce(db: DbOrTx, id: number): Promise<ConsolidationDocument | undefined> {
  const kept = frozen.get(id);
  if (kept) {
    frozen.delete(id);
    frozen.set(id, kept);
    return kept;
  }
  const doc = await frozenDocument(db, id);
  if (doc) {
    frozen.set(id, doc);
    if (frozen.size > FROZEN_KEPT) frozen.delete(frozen.keys().next().value!);
  }
  return doc;
}

/**
 * A period's live figures, kept while nothing they come from has changed: the reports and their
 * submissions (counts, latest change), the consent answers and the draft's texts. What that
 * fingerprint does not see (a directory rename, a statistical form accepted) shows within a minute.
 */
const LIVE_KEPT_MS = 60_000;
const live = new Map<string, { fingerprint: string; at: number; doc: ConsolidationDocument }>();

async function liveOnce(db: DbOrTx, directory: Directory, plan: plans.PlanView, period: ReportingPeriod, draftId: number | null): Promise<ConsolidationDocument> {
  const [reports, submissions, consents, texts] = await Promise.all([
    db.selectFrom('reports').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at')]).where('plan_id', '=', plan.id).where('period_key', '=', period.key).executeTakeFirst(),
    db
      .selectFrom('report_submissions as s')
      .innerJoin('reports as r', 'r.id', 's.report_id')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('s.id').as('last'), eb.fn.max('s.withdrawn_at').as('withdrawn')])
      .where('r.plan_id', '=', plan.id)
      .where('r.period_key', '=', period.key)
      .executeTakeFirst(),
    db.selectFrom('consent_answers').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('recorded_at').as('at')]).where('plan_id', '=', plan.id).where('period_key', '=', period.key).executeTakeFirst(),
    draftId === null ? Promise.resolve({} as Record<number, MeasureText>) : loadTexts(db, [draftId]).then((m) => m.get(draftId) ?? {}),
  ]);
  const fingerprint = JSON.stringify([reports, submissions, consents, draftId, texts]);
  const key = `${plan.id}|${period.key}`;
  const kept = live.get(key);
  if (kept && kept.fingerprint === fingerprint && Date.now() - kept.at < LIVE_KEPT_MS) return kept.doc;
  const doc = await liveFigures(db, directory, plan, period, texts);
  live.set(key, { fingerprint, at: Date.now(), doc });
  if (live.size > FROZEN_KEPT) live.delete(live.keys().next().value!);
  return doc;
}

/** The periods of a plan that have ended by `today`, oldest first. */
export function endedPeriods(plan: plans.PlanView, today: LocalDate): ReportingPeriod[] {
  return periodsOf(plan).filter((p) => compareLocalDates(p.end, today) < 0);
}

/** Each ended period with its figures: the latest approved version's, or the live ones. */
export async function periodDocuments(db: DbOrTx, directory: Directory, plan: plans.PlanView, periods: readonly ReportingPeriod[]): Promise<PeriodDoc[]> {
  if (periods.length === 0) return [];
  const rows = await db.selectFrom('consolidation_versions').select(['id', 'period_key', 'number', 'state']).where('plan_id', '=', plan.id).orderBy('number').execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) latest.set(r.period_key, r);
  const out: PeriodDoc[] = [];
  for (const period of periods) {
    const v = latest.get(period.key);
    if (v && v.state !== 'draft') {
      const doc = await frozenOnce(db, Number(v.id));
      if (doc) {
        out.push({ period, doc, version: { number: v.number, state: v.state } });
        continue;
      }
    }
    out.push({ period, doc: await liveOnce(db, directory, plan, period, v ? Number(v.id) : null), version: null });
  }
  return out;
}

// ---- measures -------------------------------------------------------------------------------------

/** A measure's state in a period: as marked or reported, or nobody reported it. */
export type CellState = EntryState | 'no_reports';
export const CELL_STATES: readonly CellState[] = [...ENTRY_STATES, 'no_reports'];

export interface MeasureCell {
  periodKey: string;
  state: CellState;
  /** The coordinator's mark (false: drawn from what the executors reported). */
  marked: boolean;
  reported: number;
  /** How many owed it (null under a district filter: the documents do not count it per district). */
  expected: number | null;
}

export type RiskReason = 'not_done' | 'no_reports' | 'not_held' | 'deadline_passed' | 'deadline_near';

export interface MeasureRow {
  id: number;
  code: string;
  title: string;
  goal: { number: number; title: string };
  deadline: string | null;
  deadlineTo: LocalDate | null;
  permanent: boolean;
  /** One per period, in the periods' order; null where the measure was not in force. */
  cells: (MeasureCell | null)[];
  risks: RiskReason[];
}

export interface MeasuresDashboard {
  periods: PeriodDoc[];
  selected: PeriodDoc | null;
  goals: { number: number; title: string }[];
  rows: MeasureRow[];
  /** The measures at risk in the selected period, the most pressing first. */
  atRisk: MeasureRow[];
  /** Per period, how many measures are in each state. */
  counts: { periodKey: string; counts: Record<CellState, number> }[];
}

/** The sources a filter keeps: of a district (itself and those reporting to it), of a kind. */
export function sourcesOf(m: DocMeasure, f: Pick<DashboardFilter, 'district' | 'kind'>, directory: Directory): DocSource[] {
  const districtNames = f.district ? namesOf(directory, f.district) : null;
  return m.sources.filter((s) => (!districtNames || (s.district !== null && districtNames.has(s.district))) && (!f.kind || s.kind === f.kind));
}

/** The names a district is written by in documents (short name or name, as it was frozen). */
function namesOf(directory: Directory, id: string): Set<string> {
  const o = directory.organisation(id);
  return new Set([o?.shortName, o?.name, id].filter((x): x is string => Boolean(x)));
}

/** What the executors' states add up to: all done, all not held, some of it done or under way, or not done. */
export function derivedState(states: readonly (EntryState | null)[]): CellState {
  const stated = states.filter((s): s is EntryState => s !== null);
  if (stated.length === 0) return 'no_reports';
  if (stated.every((s) => s === 'done')) return 'done';
  if (stated.every((s) => s === 'not_held')) return 'not_held';
  if (stated.some((s) => s === 'done' || s === 'in_progress')) return 'in_progress';
  return 'not_done';
}

const RISK_ORDER: readonly RiskReason[] = ['deadline_passed', 'not_done', 'no_reports', 'not_held', 'deadline_near'];
/** A deadline this close (days) is "passing". */
export const DEADLINE_NEAR_DAYS = 183;

export function risksOf(cell: MeasureCell | null, m: Pick<MeasureRow, 'deadlineTo' | 'permanent'>, today: LocalDate): RiskReason[] {
  if (!cell) return [];
  const out: RiskReason[] = [];
  if (cell.state === 'not_done') out.push('not_done');
  if (cell.state === 'no_reports' && (cell.expected === null || cell.expected > 0)) out.push('no_reports');
  // Nobody held it in the whole period: a measure standing still.
  if (cell.state === 'not_held') out.push('not_held');
  if (!m.permanent && m.deadlineTo && cell.state !== 'done') {
    if (compareLocalDates(m.deadlineTo, today) < 0) out.push('deadline_passed');
    else if (compareLocalDates(m.deadlineTo, addDays(today, DEADLINE_NEAR_DAYS)) <= 0) out.push('deadline_near');
  }
  return RISK_ORDER.filter((r) => out.includes(r));
}

export function measuresDashboard(docs: readonly PeriodDoc[], deadlines: ReadonlyMap<number, { deadlineTo: LocalDate | null; permanent: boolean }>, f: DashboardFilter, directory: Directory, today: LocalDate): MeasuresDashboard {
  const selected = docs.find((d) => d.period.key === f.period) ?? docs.at(-1) ?? null;
  const byId = new Map<number, MeasureRow>();
  const goals = new Map<number, string>();
  // The latest period's wording stands; a measure removed earlier keeps its last.
  for (const [i, d] of docs.entries()) {
    for (const g of d.doc.goals) {
      goals.set(g.number, g.title);
      for (const m of g.measures) {
        const row = byId.get(m.id) ?? { id: m.id, code: m.code, title: m.title, goal: { number: g.number, title: g.title }, deadline: m.deadline ?? null, deadlineTo: null, permanent: true, cells: docs.map(() => null), risks: [] };
        Object.assign(row, { code: m.code, title: m.title, goal: { number: g.number, title: g.title }, deadline: m.deadline ?? row.deadline });
        const filtered = Boolean(f.district || f.kind);
        const sources = filtered ? sourcesOf(m, f, directory) : m.sources;
        const marked = !filtered && m.state !== null;
        const expected = f.district ? null : f.kind ? (m.rollupByKind.find((k) => k.kind === f.kind)?.expected ?? 0) : m.expected;
        row.cells[i] = { periodKey: d.period.key, state: marked ? m.state! : derivedState(sources.map((s) => s.state)), marked, reported: sources.length, expected };
        byId.set(m.id, row);
      }
    }
  }
  const si = selected ? docs.indexOf(selected) : -1;
  let rows = [...byId.values()];
  for (const r of rows) {
    const d = deadlines.get(r.id);
    if (d) Object.assign(r, d);
    r.risks = si >= 0 ? risksOf(r.cells[si] ?? null, r, today) : [];
  }
  // A district or kind no measure reached in a period leaves its cells empty rather than "nobody reported".
  if (f.kind) for (const r of rows) r.cells = r.cells.map((c) => (c && c.expected === 0 ? null : c));
  if (f.goal !== null) rows = rows.filter((r) => r.goal.number === f.goal);
  rows.sort((a, b) => a.goal.number - b.goal.number || compareCodes(a.code, b.code));
  const atRisk = rows.filter((r) => r.risks.length > 0).sort((a, b) => RISK_ORDER.indexOf(a.risks[0]!) - RISK_ORDER.indexOf(b.risks[0]!) || a.goal.number - b.goal.number || compareCodes(a.code, b.code));
  const counts = docs.map((d, i) => {
    const c = Object.fromEntries(CELL_STATES.map((s) => [s, 0])) as Record<CellState, number>;
    for (const r of rows) if (r.cells[i]) c[r.cells[i]!.state]++;
    return { periodKey: d.period.key, counts: c };
  });
  return { periods: [...docs], selected, goals: [...goals].sort((a, b) => a[0] - b[0]).map(([number, title]) => ({ number, title })), rows, atRisk, counts };
}

/** "1.2" before "1.10"; codes that are not numbers, in Ukrainian order. */
export function compareCodes(a: string, b: string): number {
  const pa = a.split(/[.\s]+/);
  const pb = b.split(/[.\s]+/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = Number(x);
    const ny = Number(y);
    const c = x !== '' && y !== '' && Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y, 'uk');
    if (c !== 0) return c;
  }
  return 0;
}

/** Each measure's parsed deadline (its last version in the plan). */
export async function measureDeadlines(db: DbOrTx, plan: plans.PlanView): Promise<Map<number, { deadlineTo: LocalDate | null; permanent: boolean }>> {
  const all = await plans.measuresInSpan(db, plan.id, plan.start, plan.end);
  return new Map(all.map((m) => [m.id, { deadlineTo: m.deadlineTo ?? null, permanent: m.permanent }]));
}

// ---- executors ------------------------------------------------------------------------------------

/** An organisation's report for a period: on time, late, still missing after the deadline, declined, begun, or not yet due. */
export type HistoryCell = 'on_time' | 'late' | 'missing' | 'declined' | 'draft' | 'not_due';

export interface HistoryRow {
  organisation: OrganisationView;
  districtId: string | null;
  /** Reaches the plan only "за згодою" (in the latest period it owed a report). */
  byConsent: boolean;
  /** One per period; null: it owed no report then. */
  cells: (HistoryCell | null)[];
}

export interface Rate {
  expected: number;
  submitted: number;
  onTime: number;
}

export interface ExecutorsDashboard {
  periods: ReportingPeriod[];
  selected: ReportingPeriod | null;
  /** Every organisation that owed a report in some period, filtered; Ukrainian order as the directory keeps it. */
  rows: HistoryRow[];
  /** Per period: the subordinate executors (overall and per kind) and the by-consent bodies apart. */
  rates: { periodKey: string; overall: Rate; byKind: { kind: OrganisationKind; rate: Rate }[]; byConsent: Rate }[];
  /** The selected period's subordinate executors whose report is missing after the deadline (or begun, not sent). */
  lateNow: HistoryRow[];
  /** The selected period per district administration: itself and those reporting to it. */
  districts: { district: OrganisationView; rate: Rate; byConsent: Rate }[];
}

/**
 * Every organisation's reports across the periods: one query for the reports, one for their
 * standing submissions (times only, never a snapshot), one for by-consent answers, and the
 * measures of each period.
 */
export async function reportingHistory(db: DbOrTx, directory: Directory, plan: plans.PlanView, periods: readonly ReportingPeriod[], now: Date): Promise<HistoryRow[]> {
  if (periods.length === 0) return [];
  const [measures, reports, submissions, declined] = await Promise.all([
    periodsMeasures(db, plan, periods),
    db.selectFrom('reports').select(['id', 'organisation_id', 'period_key', 'state', 'on_behalf', 'letter_date']).where('plan_id', '=', plan.id).execute(),
    db
      .selectFrom('report_submissions as s')
      .innerJoin('reports as r', 'r.id', 's.report_id')
      .select(['s.report_id', 's.submitted_at'])
      .where('r.plan_id', '=', plan.id)
      .where('s.withdrawn_at', 'is', null)
      .orderBy('s.number')
      .execute(),
    db.selectFrom('consent_answers').select(['organisation_id', 'period_key']).where('plan_id', '=', plan.id).where('answer', '=', 'declined').execute(),
  ]);
  const first = new Map<number, string>();
  for (const s of submissions) if (!first.has(Number(s.report_id))) first.set(Number(s.report_id), s.submitted_at);
  const reportOf = new Map(reports.map((r) => [`${r.period_key}|${r.organisation_id}`, r]));
  const declinedSet = new Set(declined.map((d) => `${d.period_key}|${d.organisation_id}`));
  const expected = measures.map((m) => expectedReports(m, directory));
  const consent = measures.map((m) => consentOnlyOf(m, directory));
  const nowIso = now.toISOString();
  const rows: HistoryRow[] = [];
  for (const o of directory.organisations) {
    if (!expected.some((e) => e.has(o.id))) continue;
    let byConsent = o.byConsent;
    const cells = periods.map((p, i): HistoryCell | null => {
      if (!expected[i]!.has(o.id)) return null;
      byConsent = o.byConsent || consent[i]!.get(o.id) === true;
      const key = `${p.key}|${o.id}`;
      const r = reportOf.get(key);
      const at = r ? first.get(Number(r.id)) : undefined;
      if (r && at && r.state !== 'draft') return cameLate(p.executorDeadline, at, r.on_behalf === 1 ? r.letter_date : null) ? 'late' : 'on_time';
      if (declinedSet.has(key)) return 'declined';
      if (nowIso < p.executorDeadline.instant) return 'not_due';
      return r ? 'draft' : 'missing';
    });
    rows.push({ organisation: o, districtId: districtOf(o, directory), byConsent, cells });
  }
  return rows;
}

function rateOf(cells: readonly (HistoryCell | null)[]): Rate {
  const owed = cells.filter((c): c is HistoryCell => c !== null);
  return { expected: owed.length, submitted: owed.filter((c) => c === 'on_time' || c === 'late').length, onTime: owed.filter((c) => c === 'on_time').length };
}

export function executorsDashboard(periods: readonly ReportingPeriod[], history: readonly HistoryRow[], f: DashboardFilter, directory: Directory): ExecutorsDashboard {
  const si = Math.max(0, f.period ? periods.findIndex((p) => p.key === f.period) : periods.length - 1);
  const selected = periods[si] ?? null;
  const rows = history.filter((r) => (!f.district || r.districtId === f.district) && (!f.kind || r.organisation.kind === f.kind));
  const rates = periods.map((p, i) => {
    const sub = rows.filter((r) => !r.byConsent);
    const kinds = ORGANISATION_KINDS.filter((k) => sub.some((r) => r.organisation.kind === k && r.cells[i] !== null));
    return {
      periodKey: p.key,
      overall: rateOf(sub.map((r) => r.cells[i]!)),
      byKind: kinds.map((kind) => ({ kind, rate: rateOf(sub.filter((r) => r.organisation.kind === kind).map((r) => r.cells[i]!)) })),
      byConsent: rateOf(rows.filter((r) => r.byConsent).map((r) => r.cells[i]!)),
    };
  });
  const lateNow = selected ? rows.filter((r) => !r.byConsent && (r.cells[si] === 'missing' || r.cells[si] === 'draft')) : [];
  const districtIds = [...new Set(history.map((r) => r.districtId).filter((d): d is string => d !== null))];
  const districts = directory.organisations
    .filter((o) => districtIds.includes(o.id) && (!f.district || o.id === f.district))
    .map((district) => {
      const mine = history.filter((r) => r.districtId === district.id && (!f.kind || r.organisation.kind === f.kind));
      return { district, rate: rateOf(mine.filter((r) => !r.byConsent).map((r) => r.cells[si] ?? null)), byConsent: rateOf(mine.filter((r) => r.byConsent).map((r) => r.cells[si] ?? null)) };
    });
  return { periods: [...periods], selected, rows, rates, lateNow, districts };
}

// ---- indicators -----------------------------------------------------------------------------------

export interface IndicatorSeries {
  /** The indicator (measure code and name): stable across periods and in the URL. */
  key: string;
  measureCode: string;
  goal: number;
  name: string;
  unit: string;
  kind: IndicatorKind;
  /**
   * An indicator that does not add up across kinds of executors (a district counts what its
   * communities did) is one series per group of executors; null: the total (or the filter's part).
   */
  group: ExecutorGroup | null;
  target: number | null;
  aggregation: 'per_period' | 'cumulative_latest';
  /** One per period (null: not reported). */
  values: (number | null)[];
  /** Sum over the periods (per period) or the latest value (cumulative) against the target, 0…∞; null without a target or for a group's part. */
  progress: number | null;
  /** The selected period's totals per district. */
  byDistrict: { district: string; total: number }[];
}

export interface IndicatorsDashboard {
  periods: PeriodDoc[];
  selected: PeriodDoc | null;
  series: IndicatorSeries[];
  /** The indicator whose trend is drawn: its series (one, or one per group of executors). */
  chosen: IndicatorSeries[];
}

export const indicatorKey = (code: string, name: string) => `${code} ${name}`;

/** An indicator's values in one period under the filter: one (the total, or the filter's part) or one per group of executors. */
function valuesOf(t: DocTotal, f: Pick<DashboardFilter, 'district' | 'kind'>, directory: Directory): { group: ExecutorGroup | null; value: number }[] {
  if (f.district) {
    const names = namesOf(directory, f.district);
    const d = t.byDistrict.filter((x) => names.has(x.district));
    return d.length ? [{ group: null, value: d.reduce((n, x) => n + x.total, 0) }] : [];
  }
  if (f.kind) {
    const k = t.byKind.find((x) => x.kind === f.kind);
    return k ? [{ group: null, value: k.total }] : [];
  }
  if (t.grand !== null) return [{ group: null, value: t.grand }];
  const groups = EXECUTOR_GROUPS.filter((g) => t.byKind.some((k) => executorGroup(k.kind) === g));
  if (groups.length === 1 && t.byKind.length === 1) return [{ group: null, value: t.byKind[0]!.total }];
  return groups.map((g) => ({ group: g, value: t.byKind.filter((k) => executorGroup(k.kind) === g).reduce((n, k) => n + k.total, 0) }));
}

export function indicatorsDashboard(docs: readonly PeriodDoc[], indicators: readonly plans.IndicatorView[], f: DashboardFilter, directory: Directory): IndicatorsDashboard {
  const selected = docs.find((d) => d.period.key === f.period) ?? docs.at(-1) ?? null;
  const si = selected ? docs.indexOf(selected) : -1;
  const series = new Map<string, IndicatorSeries>();
  for (const [i, d] of docs.entries()) {
    for (const g of d.doc.goals) {
      if (f.goal !== null && g.number !== f.goal) continue;
      for (const m of g.measures) {
        for (const t of m.totals) {
          const key = indicatorKey(m.code, t.name);
          const def = indicators.find((x) => x.measureId === m.id && x.name === t.name);
          const values = valuesOf(t, f, directory);
          // A measure's indicator nobody reported still has its row (its target shows what is expected).
          for (const v of values.length ? values : [{ group: null, value: null }]) {
            const id = `${key}\u0000${v.group ?? ''}`;
            const s = series.get(id) ?? { key, measureCode: m.code, goal: g.number, name: t.name, unit: t.unit, kind: t.kind, group: v.group, target: v.group ? null : (def?.target ?? null), aggregation: def?.aggregation ?? 'per_period', values: docs.map(() => null), progress: null, byDistrict: [] };
            if (v.value !== null) s.values[i] = v.value;
            if (i === si && !v.group) s.byDistrict = t.byDistrict.filter((x) => !f.district || namesOf(directory, f.district).has(x.district)).map((x) => ({ ...x }));
            series.set(id, s);
          }
        }
      }
    }
  }
  // A series of a group with no value at all, beside others that have some, is noise.
  const list = [...series.values()]
    .filter((s) => !s.group || s.values.some((v) => v !== null))
    .sort((a, b) => a.goal - b.goal || compareCodes(a.measureCode, b.measureCode) || a.name.localeCompare(b.name, 'uk') || EXECUTOR_GROUPS.indexOf(a.group ?? 'regional') - EXECUTOR_GROUPS.indexOf(b.group ?? 'regional'));
  for (const s of list) {
    if (!s.target || s.group) continue;
    const known = s.values.filter((v): v is number => v !== null);
    if (known.length === 0) continue;
    s.progress = (s.aggregation === 'cumulative_latest' ? known.at(-1)! : known.reduce((a, b) => a + b, 0)) / s.target;
  }
  const wanted = list.find((s) => s.key === f.indicator)?.key ?? list.find((s) => s.values.some((v) => v !== null))?.key;
  return { periods: [...docs], selected, series: list, chosen: wanted ? list.filter((s) => s.key === wanted) : [] };
}

// ---- the calendar's periods -------------------------------------------------------------------------

export interface PeriodState {
  expected: number;
  submitted: number;
  /** The latest consolidation version of the period, if any. */
  version: { number: number; state: ConsolidationState } | null;
}

/** Each begun period's reports submitted of those expected, and where its consolidation stands: for the plan's calendar. */
export async function periodStates(db: DbOrTx, directory: Directory, plan: plans.PlanView, periods: readonly ReportingPeriod[], now: Date): Promise<Map<string, PeriodState>> {
  const [history, versions] = await Promise.all([
    reportingHistory(db, directory, plan, periods, now),
    periods.length ? db.selectFrom('consolidation_versions').select(['period_key', 'number', 'state']).where('plan_id', '=', plan.id).orderBy('number').execute() : Promise.resolve([]),
  ]);
  const latest = new Map(versions.map((v) => [v.period_key, { number: v.number, state: v.state }]));
  return new Map(
    periods.map((p, i) => {
      const cells = history.map((r) => r.cells[i]).filter((c): c is HistoryCell => c !== null && c !== undefined);
      return [p.key, { expected: cells.length, submitted: cells.filter((c) => c === 'on_time' || c === 'late').length, version: latest.get(p.key) ?? null }];
    }),
  );
}

// ---- one organisation across plans and periods -------------------------------------------------------

export interface OrganisationHistory {
  plan: plans.PlanView;
  periods: ReportingPeriod[];
  cells: (HistoryCell | null)[];
}

/**
 * An organisation's reports in each given plan (those the reader oversees, or its own), period by
 * period from the first to the one running now; plans in which it never owed a report are left out.
 */
export async function organisationHistory(db: DbOrTx, directory: Directory, organisationId: string, planList: readonly plans.PlanView[], today: LocalDate, now: Date): Promise<OrganisationHistory[]> {
  const out: OrganisationHistory[] = [];
  for (const plan of planList) {
    const periods = periodsOf(plan).filter((p) => compareLocalDates(p.start, today) <= 0);
    if (periods.length === 0) continue;
    const row = (await reportingHistory(db, directory, plan, periods, now)).find((r) => r.organisation.id === organisationId);
    if (row) out.push({ plan, periods, cells: row.cells });
  }
  return out;
}
