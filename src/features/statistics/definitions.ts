import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../clock.ts';
import type { DbOrTx } from '../../db/database.ts';
import { definitionProblems, type Dimension, type QuantityUnit, type StatFormDefinition } from '../../domain/statistics.ts';
import type { Directory } from '../organisations/service.ts';
import { SEED_DATA_DIR } from '../seed/data.ts';

/**
 * The statistical forms shipped with a curated plan (seed-data/stat-forms-*.json) and how they
 * become a plan's forms: a dimension whose values are "districtsOf" takes the district
 * administrations under the plan's owner from the directory (another region's plan gets its own
 * districts); submitters are directory ids, organisations or groups. Loaded once per plan: the
 * installation remembers it, so forms a coordinator removed do not come back on the next start.
 */

interface ShippedDimension {
  label: string;
  values: { key: string; label: string }[] | 'districtsOf';
}

export interface ShippedForm {
  key: string;
  title: string;
  measures: string[];
  submitters: string[];
  periodKind?: 'quarter' | 'half_year';
  dueDay?: number;
  quantities: { key: string; label: string; unit: QuantityUnit; sensitive: boolean }[];
  breakdowns: { quantity: string; by: string[] }[];
  indicators?: { indicator: string; cell: string }[];
}

export interface ShippedReconciliation {
  key: string;
  title: string;
  left: { form: string; quantity: string; at: [string, string][] };
  right: { form: string; quantity: string; at: [string, string][] };
  align: string[];
  totalLabel: string;
  indicator?: string;
}

export interface ShippedForms {
  plan: string;
  dimensions: Record<string, ShippedDimension>;
  forms: ShippedForm[];
  reconciliations: ShippedReconciliation[];
}

/** The shipped files, by the plan they are for. */
export function shippedForms(dir = SEED_DATA_DIR): ShippedForms[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^stat-forms-.+\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ShippedForms);
}

/**
 * The district a district administration serves, from its name: "Полтавська районна військова
 * адміністрація" → "Полтавський" (the adjective turned masculine, as "район" takes it). A name that
 * does not start with such an adjective is kept whole.
 */
export function districtName(administrationName: string): string {
  const first = administrationName.trim().split(/\s+/)[0] ?? '';
  return /^[А-ЯІЇЄҐ][а-яіїєґ’']+[сц]ька$/u.test(first) && /\sрайонн/u.test(administrationName) ? `${first.slice(0, -2)}кий` : administrationName;
}

/** The district administrations under an organisation (the plan's owner), in the directory's order. */
export function districtsOf(directory: Directory, ownerId: string): { key: string; label: string }[] {
  return directory.organisations
    .filter((o) => o.kind === 'district_administration' && o.parentId === ownerId && !o.mergedInto)
    .map((o) => ({ key: o.id, label: districtName(o.name) }));
}

/** A shipped form as the plan's own definition: the dimensions it uses, their values resolved. */
export function resolveForm(file: ShippedForms, form: ShippedForm, directory: Directory, ownerId: string): StatFormDefinition {
  const used = [...new Set(form.breakdowns.flatMap((b) => b.by))];
  const dimensions: Dimension[] = used.map((key) => {
    const d = file.dimensions[key];
    if (!d) throw new Error(`stat form ${form.key}: no dimension ${key}`);
    return { key, label: d.label, values: d.values === 'districtsOf' ? districtsOf(directory, ownerId) : d.values };
  });
  const definition: StatFormDefinition = {
    key: form.key,
    title: form.title,
    quantities: form.quantities,
    dimensions,
    breakdowns: form.breakdowns.map((b) => ({ quantity: b.quantity, dimensions: b.by })),
    ...(form.indicators?.length ? { indicators: form.indicators } : {}),
  };
  const problems = definitionProblems(definition);
  if (problems.length) throw new Error(`stat form ${form.key}: ${JSON.stringify(problems)}`);
  return definition;
}

const seededKey = (planId: string) => `stat_forms_seeded:${planId}`;

/**
 * Gives a plan the forms shipped for it, once: an installation that already has the plan gets them
 * on its next start too. Answers how many forms were added.
 */
export async function seedStatForms(db: DbOrTx, clock: Clock, directory: Directory, files = shippedForms()): Promise<number> {
  let added = 0;
  for (const file of files) {
    const plan = await db.selectFrom('plans').select(['id', 'owner_organisation_id']).where('id', '=', file.plan).where('discarded_at', 'is', null).executeTakeFirst();
    if (!plan) continue;
    const marked = await db.insertInto('installation').values({ key: seededKey(plan.id), value: clock.now().toISOString() }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
    // Another start (or server) seeded this plan already.
    if (Number(marked.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
    const now = clock.now().toISOString();
    for (const [sort, form] of file.forms.entries()) {
      const definition = resolveForm(file, form, directory, plan.owner_organisation_id);
      const unknown = form.submitters.filter((id) => !directory.organisation(id) && !directory.group(id));
      if (unknown.length) throw new Error(`stat form ${form.key}: unknown submitters ${unknown.join(', ')}`);
      await db
        .insertInto('stat_forms')
        .values({
          plan_id: plan.id,
          key: form.key,
          title: form.title,
          definition: JSON.stringify(definition),
          submitters: JSON.stringify(form.submitters),
          measures: JSON.stringify(form.measures),
          period_kind: form.periodKind ?? 'quarter',
          due_day: form.dueDay ?? 10,
          sort,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['plan_id', 'key']).doNothing())
        .execute();
      added += 1;
    }
    for (const rec of file.reconciliations ?? []) {
      if (!file.forms.some((f) => f.key === rec.left.form) || !file.forms.some((f) => f.key === rec.right.form)) throw new Error(`reconciliation ${rec.key}: unknown form`);
      await db
        .insertInto('stat_reconciliations')
        .values({ plan_id: plan.id, key: rec.key, title: rec.title, definition: JSON.stringify({ left: rec.left, right: rec.right, align: rec.align, totalLabel: rec.totalLabel, ...(rec.indicator ? { indicator: rec.indicator } : {}) }), created_at: now })
        .onConflict((oc) => oc.columns(['plan_id', 'key']).doNothing())
        .execute();
    }
  }
  return added;
}
