import type { DbOrTx } from '../../db/database.ts';
import { compareLocalDates } from '../../domain/dates.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import type { Directory } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';
import { listReconciliations, parties } from './reconciliation.ts';
import { formPeriods, listForms, submittersOf } from './service.ts';

/**
 * Where a plan's indicators are already given outside the half-year report (issue 16): the
 * statistical forms that measure them, and the reconciliations that count themselves ("Проведено
 * звірок"). A source counts for a period once it is in use there — something saved on the form,
 * or a reconciliation begun, for a quarter inside the period; before that (a period before it
 * existed, or one nobody has started) the report still asks. The organisations it speaks for (a
 * form's submitters, a reconciliation's parties) are not asked those indicators again.
 */

export interface IndicatorSource {
  kind: 'form' | 'reconciliation';
  key: string;
  title: string;
  /** Where the organisation gives them. */
  href: string;
  /** Plan indicator codes ("4.6.legal-aid"). */
  indicators: string[];
  organisations: string[];
}

const inside = (periods: ReportingPeriod[], period: ReportingPeriod) => periods.filter((q) => compareLocalDates(q.start, period.start) >= 0 && compareLocalDates(q.end, period.end) <= 0).map((q) => q.key);

export async function indicatorSources(db: DbOrTx, plan: PlanView, period: ReportingPeriod, directory: Directory): Promise<IndicatorSource[]> {
  const forms = await listForms(db, plan.id);
  const href = `/plans/${encodeURIComponent(plan.id)}/statistics`;
  const out: IndicatorSource[] = [];
  const measuring = forms.filter((f) => f.definition.indicators?.length).map((f) => ({ form: f, periods: inside(formPeriods(f, plan), period) })).filter((x) => x.periods.length);
  if (measuring.length) {
    const rows = await db
      .selectFrom('stat_submissions')
      .select(['form_id', 'period_key'])
      .distinct()
      .where('form_id', 'in', measuring.map((x) => x.form.id))
      .where('period_key', 'in', [...new Set(measuring.flatMap((x) => x.periods))])
      .execute();
    for (const { form, periods } of measuring) {
      if (!rows.some((r) => Number(r.form_id) === form.id && periods.includes(r.period_key))) continue;
      out.push({ kind: 'form', key: form.key, title: form.title, href, indicators: form.definition.indicators!.map((i) => i.indicator), organisations: submittersOf(form, directory).map((o) => o.id) });
    }
  }
  for (const rec of (await listReconciliations(db, plan.id)).filter((r) => r.indicator)) {
    const sides = parties(rec, forms, directory);
    if (!sides) continue;
    const periods = inside(formPeriods(sides.left.form, plan), period);
    if (periods.length === 0) continue;
    const begun = await db.selectFrom('stat_reconciliation_periods').select('id').where('reconciliation_id', '=', rec.id).where('period_key', 'in', periods).limit(1).executeTakeFirst();
    if (!begun) continue;
    out.push({ kind: 'reconciliation', key: rec.key, title: rec.title, href, indicators: [rec.indicator!], organisations: [...new Set([...sides.left.organisations, ...sides.right.organisations].map((o) => o.id))] });
  }
  return out;
}
