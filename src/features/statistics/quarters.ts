import type { DbOrTx } from '../../db/database.ts';
import { compareLocalDates } from '../../domain/dates.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import type { Directory } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';
import { listReconciliations, parties } from './reconciliation.ts';
import { formPeriods, listForms, submittersOf } from './service.ts';

/**
 * What the quarters already say for a half-year (issue 16): for each plan indicator a statistical
 * form measures, the sum of its submitters' accepted figures over the quarters inside the
 * period, with how many of the submissions owed are accepted (a quarter not yet accepted is said,
 * never filled in). Only where none is accepted do the executors' own half-year values stand (a
 * period before the forms existed). The half-year consolidation uses these instead of asking
 * twice, and the executors who submit the form are not asked the indicator in their report.
 */

export interface QuarterFigures {
  /** Where the figures come from: a statistical form's accepted submissions, or the reconciliations closed. */
  kind: 'form' | 'reconciliation';
  /** The form's (or the reconciliation's) title. */
  form: string;
  quarters: number;
  /** Submissions accepted, of those owed (submitters × quarters). */
  accepted: number;
  expected: number;
  /** Every organisation the source speaks for (a form's submitters, a reconciliation's parties): their report values are not used. */
  covered: Set<string>;
  /** Submitting organisation → its total over the quarters. */
  byOrganisation: Map<string, number>;
}

export async function quarterFigures(db: DbOrTx, plan: PlanView, period: ReportingPeriod, directory: Directory): Promise<Map<string, QuarterFigures>> {
  const out = new Map<string, QuarterFigures>();
  const forms = (await listForms(db, plan.id)).filter((f) => f.definition.indicators?.length);
  for (const form of forms) {
    // The form's periods inside the half-year (quarters in a half-year; a half-year form: itself).
    const inside = formPeriods(form, plan).filter((q) => compareLocalDates(q.start, period.start) >= 0 && compareLocalDates(q.end, period.end) <= 0);
    if (inside.length === 0 || form.periodKind === 'half_year' && plan.schedule.periodKind === 'half_year' && inside.length !== 1) continue;
    const organisations = submittersOf(form, directory);
    if (organisations.length === 0) continue;
    const rows = await db
      .selectFrom('stat_submissions')
      .select(['organisation_id', 'period_key', 'figures'])
      .where('form_id', '=', form.id)
      .where('state', '=', 'accepted')
      .where('period_key', 'in', inside.map((q) => q.key))
      .execute();
    const accepted = new Map(rows.map((r) => [`${r.organisation_id}|${r.period_key}`, JSON.parse(r.figures) as Record<string, number>]));
    const count = organisations.reduce((n, o) => n + inside.filter((q) => accepted.has(`${o.id}|${q.key}`)).length, 0);
    if (count === 0) continue;
    for (const { indicator, cell } of form.definition.indicators ?? []) {
      const byOrganisation = new Map(
        organisations
          .filter((o) => inside.some((q) => accepted.has(`${o.id}|${q.key}`)))
          .map((o) => [o.id, inside.reduce((n, q) => n + (accepted.get(`${o.id}|${q.key}`)?.[cell] ?? 0), 0)]),
      );
      out.set(indicator, { kind: 'form', form: form.title, quarters: inside.length, accepted: count, expected: organisations.length * inside.length, covered: new Set(organisations.map((o) => o.id)), byOrganisation });
    }
  }
  // Reconciliations that count for an indicator ("Проведено звірок"): the quarters inside the
  // period whose reconciliation closed, for each organisation of either side.
  const recs = (await listReconciliations(db, plan.id)).filter((r) => r.indicator);
  if (recs.length) {
    const all = await listForms(db, plan.id);
    for (const rec of recs) {
      const sides = parties(rec, all, directory);
      if (!sides) continue;
      const inside = formPeriods(sides.left.form, plan).filter((q) => compareLocalDates(q.start, period.start) >= 0 && compareLocalDates(q.end, period.end) <= 0);
      if (inside.length === 0) continue;
      const closed = await db.selectFrom('stat_reconciliation_periods').select('period_key').where('reconciliation_id', '=', rec.id).where('state', '=', 'closed').where('period_key', 'in', inside.map((q) => q.key)).execute();
      if (closed.length === 0) continue;
      const organisations = [...new Map([...sides.left.organisations, ...sides.right.organisations].map((o) => [o.id, o])).values()];
      out.set(rec.indicator!, { kind: 'reconciliation', form: rec.title, quarters: inside.length, accepted: closed.length, expected: inside.length, covered: new Set(organisations.map((o) => o.id)), byOrganisation: new Map(organisations.map((o) => [o.id, closed.length])) });
    }
  }
  return out;
}
