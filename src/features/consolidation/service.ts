import type { DbOrTx } from '../../db/database.ts';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../db/schema.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { ENTRY_STATES, type EntryState, type IndicatorKind } from '../../domain/reports.ts';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import { districtOf, periodGrid, type GridRow, type PeriodGrid } from '../reports/period.ts';
import { periodMeasures, type Snapshot } from '../reports/service.ts';
import { quarterFigures } from '../statistics/quarters.ts';

/**
 * The consolidation of a period: for every measure, what its executors reported — from accepted
 * reports, and (marked as such) submitted ones not yet accepted; never drafts. States are rolled
 * up ("виконано: 52 з 60"), indicator values totalled per kind of executor and per district (a
 * grand total only where the indicator adds up across kinds), and the executors that did not
 * report, or declined, are named.
 */

export interface SourceEntry {
  organisation: OrganisationView;
  kind: OrganisationKind;
  districtId: string | null;
  byConsent: boolean;
  isLead: boolean;
  /** The report's state: accepted, or submitted and not yet accepted. */
  reportState: 'accepted' | 'submitted';
  submission: number;
  state: EntryState | null;
  reason: string | null;
  narrative: string;
  links: string[];
  values: Map<number, number | null>;
}

export interface IndicatorTotal {
  indicatorId: number;
  name: string;
  unit: string;
  kind: IndicatorKind;
  sensitive: boolean;
  /** Below it a sensitive value is hidden in anything published. */
  threshold: number;
  additive: boolean;
  byKind: { kind: OrganisationKind; total: number; reporting: number }[];
  byDistrict: { districtId: string; total: number }[];
  /** Only for an indicator marked as adding up across kinds of executors. */
  grand: number | null;
  /** Taken from the quarters' accepted statistical forms rather than the executors' reports (issue 16). */
  source?: { form: string; quarters: number; accepted?: number; expected?: number; kind?: 'form' | 'reconciliation' };
}

export interface ConsolidatedMeasure {
  measure: plans.PeriodMeasure;
  sources: SourceEntry[];
  expected: number;
  rollup: Record<EntryState, number>;
  rollupByKind: { kind: OrganisationKind; expected: number; reported: number; states: Record<EntryState, number> }[];
  totals: IndicatorTotal[];
  /** Subordinate executors owing the measure with no report standing. */
  missing: OrganisationView[];
  /** By-consent executors that sent nothing (declined or silent). */
  notProvided: { organisation: OrganisationView; declined: boolean }[];
}

export interface Consolidation {
  plan: plans.PlanView;
  period: ReportingPeriod;
  grid: PeriodGrid;
  goals: { number: number; title: string; measures: ConsolidatedMeasure[] }[];
  /** Reports counted, by state of the report. */
  counts: { accepted: number; submitted: number; returned: number; expected: number };
}

const emptyStates = (): Record<EntryState, number> => Object.fromEntries(ENTRY_STATES.map((s) => [s, 0])) as Record<EntryState, number>;

/** Consolidates a period of a plan from the latest standing submission of every accepted or submitted report. */
/** One organisation's value of an indicator, with what the totals are grouped by. */
interface Contribution {
  kind: OrganisationKind;
  districtId: string | null;
  value: number;
}

/** An indicator's totals: per kind of executor, per district, and the grand total where it adds up across kinds. */
function indicatorTotal(i: plans.IndicatorView, values: Contribution[]): IndicatorTotal {
  const sum = (list: Contribution[]) => list.reduce((n, x) => n + x.value, 0);
  const districts = [...new Set(values.map((x) => x.districtId).filter((d): d is string => d !== null))];
  return {
    indicatorId: i.id,
    name: i.name,
    unit: i.unit,
    kind: i.kind,
    sensitive: i.sensitive,
    threshold: i.suppressionThreshold,
    additive: i.additiveAcrossKinds,
    byKind: ORGANISATION_KINDS.map((kind) => ({ kind, total: sum(values.filter((x) => x.kind === kind)), reporting: values.filter((x) => x.kind === kind).length })).filter((k) => k.reporting > 0),
    byDistrict: districts.map((districtId) => ({ districtId, total: sum(values.filter((x) => x.districtId === districtId)) })),
    grand: i.additiveAcrossKinds ? sum(values) : null,
  };
}

export async function consolidate(db: DbOrTx, directory: Directory, plan: plans.PlanView, period: ReportingPeriod): Promise<Consolidation> {
  const [grid, measures, indicators, fromQuarters] = await Promise.all([periodGrid(db, directory, plan, period), periodMeasures(db, plan, period), plans.planIndicators(db, plan.id), quarterFigures(db, plan, period, directory)]);
  const standing = grid.rows.filter((r) => r.state === 'accepted' || r.state === 'submitted');
  const reports = standing.length
    ? await db.selectFrom('reports').select(['id', 'organisation_id']).where('plan_id', '=', plan.id).where('period_key', '=', period.key).where('state', 'in', ['accepted', 'submitted']).execute()
    : [];
  const ids = reports.map((r) => r.id);
  const submissions = ids.length ? await db.selectFrom('report_submissions').select(['report_id', 'number', 'snapshot']).where('report_id', 'in', ids).where('withdrawn_at', 'is', null).orderBy('number').execute() : [];
  const orgOf = new Map(reports.map((r) => [r.id, r.organisation_id]));
  const latest = new Map<string, { number: number; entries: Map<number, Snapshot['entries'][number]> }>();
  for (const s of submissions) {
    const snapshot = JSON.parse(s.snapshot) as Snapshot;
    latest.set(orgOf.get(s.report_id)!, { number: s.number, entries: new Map(snapshot.entries.map((e) => [e.measureId, e])) });
  }
  const order = new Map(directory.organisations.map((o, i) => [o.id, i]));
  const rowOf = new Map(grid.rows.map((r) => [r.organisation.id, r]));

  const consolidated = measures.map((measure): ConsolidatedMeasure => {
    const leads = new Set<string>();
    for (const e of measure.executors.filter((x) => x.isLead)) {
      if (e.type === 'organisation') leads.add(e.id);
      else for (const id of directory.group(e.id)?.memberIds ?? []) leads.add(id);
    }
    const owing = plans.reportingOrganisations(measure, directory).map((id) => rowOf.get(id)).filter((r): r is GridRow => r !== undefined);
    // In the directory's Ukrainian order, the lead first.
    owing.sort((a, b) => Number(leads.has(b.organisation.id)) - Number(leads.has(a.organisation.id)) || order.get(a.organisation.id)! - order.get(b.organisation.id)!);
    const sources: SourceEntry[] = [];
    const missing: OrganisationView[] = [];
    const notProvided: ConsolidatedMeasure['notProvided'] = [];
    for (const row of owing) {
      const sub = (row.state === 'accepted' || row.state === 'submitted') && latest.get(row.organisation.id);
      const entry = sub ? sub.entries.get(measure.id) : undefined;
      if (!sub || !entry) {
        if (row.byConsent) notProvided.push({ organisation: row.organisation, declined: row.consent?.answer === 'declined' });
        else missing.push(row.organisation);
        continue;
      }
      sources.push({
        organisation: row.organisation,
        kind: row.organisation.kind,
        districtId: row.districtId,
        byConsent: row.byConsent,
        isLead: leads.has(row.organisation.id),
        reportState: row.state as 'accepted' | 'submitted',
        submission: sub.number,
        state: entry.state,
        reason: entry.reason,
        narrative: entry.narrative,
        links: entry.links,
        values: new Map(entry.values.map((v) => [v.indicatorId, v.value])),
      });
    }
    const rollup = emptyStates();
    for (const s of sources) if (s.state) rollup[s.state] += 1;
    const kinds = ORGANISATION_KINDS.filter((k) => owing.some((r) => r.organisation.kind === k));
    const rollupByKind = kinds.map((kind) => {
      const states = emptyStates();
      const of = sources.filter((s) => s.kind === kind);
      for (const s of of) if (s.state) states[s.state] += 1;
      return { kind, expected: owing.filter((r) => r.organisation.kind === kind).length, reported: of.length, states };
    });
    const totals = indicators
      .filter((i) => i.measureId === measure.id && i.kind !== 'boolean')
      .map((i): IndicatorTotal => {
        // The quarters' accepted forms measure it: their figures, by the kind and district of who
        // submitted them; else the values the executors reported.
        const q = fromQuarters.get(i.code);
        const scale = i.kind === 'money' ? 100 : 1;
        // Executors the source does not speak for (a district administration's own reconciliations)
        // still count with what they reported.
        const reported = sources
          .filter((s) => !q?.covered.has(s.organisation.id))
          .flatMap((s) => {
            const v = s.values.get(i.id);
            return v === undefined || v === null ? [] : [{ kind: s.kind, districtId: s.districtId, value: v }];
          });
        const values: Contribution[] = q
          ? [
              ...[...q.byOrganisation].flatMap(([id, v]) => {
                const o = directory.organisation(id);
                return o ? [{ kind: o.kind, districtId: districtOf(o, directory), value: v * scale }] : [];
              }),
              ...reported,
            ]
          : reported;
        return { ...indicatorTotal(i, values), ...(q ? { source: { form: q.form, quarters: q.quarters, accepted: q.accepted, expected: q.expected, kind: q.kind } } : {}) };
      });
    return { measure, sources, expected: owing.length, rollup, rollupByKind, totals, missing, notProvided };
  });

  const goals: Consolidation['goals'] = [];
  for (const m of consolidated) {
    const last = goals.at(-1);
    if (last && last.number === m.measure.goal.number) last.measures.push(m);
    else goals.push({ number: m.measure.goal.number, title: m.measure.goal.title, measures: [m] });
  }
  return {
    plan,
    period,
    grid,
    goals,
    counts: { accepted: grid.rows.filter((r) => r.state === 'accepted').length, submitted: grid.rows.filter((r) => r.state === 'submitted').length, returned: grid.rows.filter((r) => r.state === 'returned').length, expected: grid.rows.length },
  };
}
