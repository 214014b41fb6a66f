import { adjustableClock, type Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { addDays, compareLocalDates } from '../../domain/dates.ts';
import { formCells, type StatFormDefinition } from '../../domain/statistics.ts';
import { localDateOf } from '../../domain/time.ts';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/service.ts';
import { databaseStorage } from '../files/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { addComment, confirmSide, ensureProtocol, listReconciliations, loadReconciliationPeriod } from '../statistics/reconciliation.ts';
import { formPeriods, listForms, reviewFigures, saveFigures, submitFigures, submittersOf, type StatFormView } from '../statistics/service.ts';
import { chance, DEMO_SOURCE_PLAN } from './cycle.ts';

/**
 * The demo's statistics (issue 16): the last four quarters of plan 609 whose deadline has passed (a
 * year, so the reconciliation's year-to-date columns have their figures),
 * every form submitted and accepted, the police's and the children's service's children reconciled
 * and closed for the first three (with their protocols) and, in the last, one child counted in
 * different districts — a difference being worked out, explained by the police, not yet confirmed.
 * Counts only, made up from a seed: no person behind them. Runs once (nothing is added when the
 * plan already has submissions).
 */

type Person = Record<string, string>;

/** Made-up people, as traits only, for a form's quarter: the form's cells count them. */
function peopleFor(def: StatFormDefinition, n: number, ...seed: (string | number)[]): Person[] {
  const values = (key: string) => def.dimensions.find((d) => d.key === key)?.values.map((v) => v.key) ?? [];
  const pick = (key: string, i: number, weights?: number[]) => {
    const list = values(key);
    if (list.length === 0) return '';
    const r = chance(...seed, i, key);
    if (!weights) return list[Math.floor(r * list.length)]!;
    let acc = 0;
    for (const [k, w] of weights.entries()) if (r < (acc += w)) return list[k] ?? list[0]!;
    return list.at(-1)!;
  };
  return Array.from({ length: n }, (_, i) => ({
    age: pick('age', i, [0.6, 0.4]),
    sex: pick('sex', i, [0.7, 0.3]),
    // Mostly labour and sexual exploitation, as the statistics of the region show.
    exploitation: pick('exploitation', i, [0.35, 0.45, 0.08, 0.04, 0.03, 0, 0, 0.05]),
    scope: pick('scope', i, [0.4, 0.6]),
    district: pick('district', i),
  }));
}

/** A form's cells counting the people given (the victims' forms: every cell counts people by their traits). */
function figuresOf(def: StatFormDefinition, people: Person[]): Record<string, string> {
  return Object.fromEntries(formCells(def).map((c) => [c.id, String(people.filter((p) => c.at.every(([d, v]) => p[d] === v)).length)]));
}

/** The non-trait forms' figures (status, assistance, legal aid), consistent with their breakdowns. */
function plainFigures(form: StatFormView, organisationId: string, periodKey: string): Record<string, string> {
  const def = form.definition;
  const n = (q: string, lo: number, hi: number) => lo + Math.floor(chance(form.key, organisationId, periodKey, q) * (hi - lo + 1));
  const base: Record<string, number> = {};
  for (const q of def.quantities) base[q.key] = q.unit === 'uah' ? 0 : n(q.key, 0, q.unit === 'consultations' ? 40 : 4);
  if (base.payments !== undefined && base.amount !== undefined) base.amount = base.payments * 6_700;
  const out: Record<string, string> = {};
  for (const c of formCells(def)) {
    if (c.at.length === 0) out[c.id] = String(base[c.quantity]);
    else {
      // The one breakdown these forms have is by age: children are the smaller share.
      const total = base[c.quantity]!;
      const children = Math.floor(total / 3);
      out[c.id] = String(c.at[0]![1] === 'children' ? children : total - children);
    }
  }
  return out;
}

export async function createDemoStatistics(db: Db, now: Clock): Promise<number> {
  const plan = await getPlan(db, DEMO_SOURCE_PLAN);
  if (!plan) return 0;
  const forms = await listForms(db, plan.id);
  if (forms.length === 0) return 0;
  const existing = await db.selectFrom('stat_submissions').select('id').where('form_id', 'in', forms.map((f) => f.id)).executeTakeFirst();
  if (existing) return 0;
  const directory = await loadDirectory(db);
  const storage = databaseStorage(now);
  const today = localDateOf(now.now(), plan.schedule.timeZone);
  const actorOf = (organisationId: string): AuditActor => ({ ...SYSTEM_ACTOR, organisationId });
  const coordinator = actorOf(plan.coordinatorOrganisationId);
  let made = 0;

  const police = forms.find((f) => f.key === 'victims-identified');
  const children = forms.find((f) => f.key === 'children-identified');
  const quarters = formPeriods(forms[0]!, plan)
    .filter((p) => compareLocalDates(p.executorDeadline.date, today) < 0)
    .slice(-4);
  for (const [qi, period] of quarters.entries()) {
    const last = qi === quarters.length - 1;
    const clock = adjustableClock(`${addDays(period.executorDeadline.date, -3)}T09:00:00.000Z`);
    // The police's people; the children's service knows the same children — but in the last
    // quarter counts one of them in another district.
    const people = police ? peopleFor(police.definition, 3 + Math.floor(chance(period.key, 'n') * 6), period.key, 'police') : [];
    const kids = people.filter((p) => p.age === 'children');
    if (last && kids.length === 0 && police) people.push({ age: 'children', sex: 'female', exploitation: 'labour', scope: 'internal', district: police.definition.dimensions.find((d) => d.key === 'district')!.values[0]!.key });
    const serviceKids = people.filter((p) => p.age === 'children').map((p, i) => {
      if (!last || i > 0) return p;
      const districts = police!.definition.dimensions.find((d) => d.key === 'district')!.values.map((v) => v.key);
      return { ...p, district: districts[(districts.indexOf(p.district ?? '') + 1) % districts.length]! };
    });
    for (const form of forms) {
      for (const o of submittersOf(form, directory)) {
        const figures = form === police ? figuresOf(form.definition, people) : form === children ? figuresOf(form.definition, serviceKids) : plainFigures(form, o.id, period.key);
        const typed = Object.fromEntries(Object.entries(figures));
        const saved = await saveFigures(db, clock, form, period.key, o.id, typed, 0, null);
        if (saved.kind !== 'saved') throw new Error(`demo statistics ${form.key} ${o.id}: ${saved.kind}`);
        const submitted = await submitFigures(db, clock, actorOf(o.id), form, period.key, o.id, saved.revision);
        if (submitted.kind !== 'submitted') throw new Error(`demo statistics ${form.key} ${o.id}: ${JSON.stringify(submitted)}`);
        made += 1;
        // Accepted, except the two sides of the difference still being worked out.
        if (!(last && (form === police || form === children))) {
          clock.advance(86_400_000);
          const row = await db.selectFrom('stat_submissions').select('revision').where('form_id', '=', form.id).where('period_key', '=', period.key).where('organisation_id', '=', o.id).executeTakeFirstOrThrow();
          await reviewFigures(db, clock, coordinator, form, period.key, o.id, 'accept', '', Number(row.revision));
        }
      }
    }
    for (const rec of await listReconciliations(db, plan.id)) {
      const view = await loadReconciliationPeriod(db, plan, rec, period.key, directory);
      if (!view) continue;
      const leftOrg = view.parties.left.organisations[0]!.id;
      const rightOrg = view.parties.right.organisations[0]!.id;
      clock.advance(86_400_000);
      if (last) {
        const differing = view.rows.find((r) => r.difference !== null && r.difference !== 0 && r.label.includes(':'));
        if (differing) await addComment(db, clock, actorOf(leftOrg), view, leftOrg, differing.key, 'За даними ГУНП дитину виявлено на території цього району; уточнюємо зі службою у справах дітей, де її враховано.');
        continue;
      }
      const versions = { left: view.versions.left, right: view.versions.right };
      await confirmSide(db, clock, actorOf(leftOrg), view, 'left', versions);
      const again = (await loadReconciliationPeriod(db, plan, rec, period.key, directory))!;
      clock.advance(3_600_000);
      await confirmSide(db, clock, actorOf(rightOrg), again, 'right', versions);
      const closed = (await loadReconciliationPeriod(db, plan, rec, period.key, directory))!;
      await ensureProtocol(db, clock, storage, closed, directory);
    }
  }
  return made;
}
