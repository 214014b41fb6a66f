import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import { escapeLike } from '../../domain/text.ts';
import { matchesAll, snippet } from '../../domain/report-search.ts';
import type { Principal } from '../auth/service.ts';
import type { Directory } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import { periodByKey, plansReportedOn, reportUrl, type Snapshot } from '../reports/service.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';

/**
 * Search across submitted reports (issue 17): the words of each report's latest standing
 * submission — never a draft — in the plans the reader oversees (the plans their organisation
 * coordinates or owns), across periods. Matched by LIKE on a column normalised on submission
 * (`search_text`), every term required; snippets cut from the snapshots of the hits shown.
 */

export const MAX_HITS = 50;
/** How many matching reports are counted at most (the page says "more than"). */
export const MAX_COUNTED = 500;

/** The plans a reader oversees: their organisation coordinates or owns them, and reports are written in them. */
export async function searchablePlans(db: DbOrTx, principal: Principal, today: string): Promise<plans.PlanView[]> {
  if (!principal.permissions.has('report.read-submitted')) return [];
  return (await plans.listPlans(db, today)).filter((p) => plansReportedOn(p.state) && (p.coordinatorOrganisationId === principal.organisationId || p.ownerOrganisationId === principal.organisationId));
}

export interface SearchHit {
  plan: plans.PlanView;
  period: ReportingPeriod | undefined;
  periodKey: string;
  organisation: string;
  submittedAt: string;
  number: number;
  url: string;
  entries: { code: string; title: string; measureId: number; pieces: { text: string; match: boolean }[] }[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** Matching reports (capped at MAX_COUNTED + 1: more than that reads "more than 500"). */
  count: number;
}

export async function searchReports(db: DbOrTx, directory: Directory, scope: readonly plans.PlanView[], terms: readonly string[]): Promise<SearchResult> {
  if (terms.length === 0 || scope.length === 0) return { hits: [], count: 0 };
  let q = db
    .selectFrom('report_submissions as s')
    .innerJoin('reports as r', 'r.id', 's.report_id')
    .select(['s.id', 's.number', 's.submitted_at', 'r.plan_id', 'r.period_key', 'r.organisation_id'])
    .where(
      'r.plan_id',
      'in',
      scope.map((p) => p.id),
    )
    .where('s.withdrawn_at', 'is', null)
    // The latest standing submission of each report: what the coordinator reads now.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('report_submissions as later').select('later.id').whereRef('later.report_id', '=', 's.report_id').where('later.withdrawn_at', 'is', null).whereRef('later.number', '>', 's.number'))));
  // A user's "%" or "_" matches itself (ESCAPE is explicit: SQLite has no default escape character).
  for (const t of terms) q = q.where(sql<boolean>`s.search_text like ${`%${escapeLike(t)}%`} escape '\\'`);
  const rows = await q.orderBy('r.period_key', 'desc').orderBy('s.submitted_at', 'desc').limit(MAX_COUNTED + 1).execute();
  const shown = rows.slice(0, MAX_HITS);
  const snapshots = shown.length ? await db.selectFrom('report_submissions').select(['id', 'snapshot']).where('id', 'in', shown.map((r) => r.id)).execute() : [];
  const byId = new Map(snapshots.map((s) => [Number(s.id), s.snapshot]));
  const hits = shown.map((r): SearchHit => {
    const plan = scope.find((p) => p.id === r.plan_id)!;
    const snap = JSON.parse(byId.get(Number(r.id)) ?? '{"entries":[]}') as Snapshot;
    const words = (e: Snapshot['entries'][number]) => [e.narrative, e.reason ?? '', ...e.links].join(' ');
    // The entries holding every term; failing that (the terms spread over several), each holding one.
    let matching = snap.entries.filter((e) => matchesAll(words(e), terms));
    if (matching.length === 0) matching = snap.entries.filter((e) => terms.some((t) => matchesAll(words(e), [t])));
    return {
      plan,
      period: periodByKey(plan, r.period_key),
      periodKey: r.period_key,
      organisation: directory.organisation(r.organisation_id)?.name ?? snap.organisation?.name ?? r.organisation_id,
      submittedAt: r.submitted_at,
      number: r.number,
      url: reportUrl(r.plan_id, r.period_key, r.organisation_id),
      entries: matching.slice(0, 5).map((e) => ({ code: e.code, title: e.title, measureId: e.measureId, pieces: snippet(words(e), terms) })),
    };
  });
  return { hits, count: rows.length };
}
