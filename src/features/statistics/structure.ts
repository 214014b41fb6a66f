import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { definitionProblems, formCells, type Breakdown, type Dimension, type DimensionValue, type Quantity, type QuantityUnit, type StatFormDefinition } from '../../domain/statistics.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { IndicatorView } from '../plans/service.ts';
import { structureStamp, type StatFormView } from './service.ts';

/**
 * What a statistical form asks (issue 16), as the plan's coordinator edits it: its quantities
 * (with their unit, whether they count people, and the plan indicator each measures), the
 * dimensions they are broken down by (values one per line; "the region's districts" from the
 * directory), and the breakdowns (a quantity by one dimension or two). Figures already given are
 * never orphaned: a change that would drop a cell holding a figure, in a draft or in a frozen
 * version, is refused, and so is one that takes away what a reconciliation pairs. Keys are kept
 * across renames (a line changed in place keeps its value), new ones are made up; a save names the
 * structure it read (`structureStamp`), and another's save in between is a conflict.
 */

export const UNITS: QuantityUnit[] = ['persons', 'applications', 'payments', 'uah', 'consultations'];
export const DISTRICT_KEY = 'district';
/** Rows the page shows, and the most a form takes. */
export const MAX_QUANTITIES = 20;
export const MAX_DIMENSIONS = 10;
export const MAX_VALUES = 100;
export const MAX_BREAKDOWNS = 30;
export const MAX_CELLS = 3000;

export interface QuantityRow {
  key: string;
  label: string;
  unit: string;
  sensitive: boolean;
  indicator: string;
}
export interface DimensionRow {
  key: string;
  label: string;
  /** One value per line (ignored for the districts' dimension, whose values are the directory's). */
  values: string;
  districts: boolean;
}
export interface BreakdownRow {
  quantity: string;
  first: string;
  second: string;
}
export interface StructureInput {
  quantities: QuantityRow[];
  dimensions: DimensionRow[];
  breakdowns: BreakdownRow[];
  addDistricts: boolean;
}

export type StructureProblem =
  | 'empty'
  | 'tooLong'
  | 'duplicate'
  | 'invalid'
  | 'unknown'
  | 'none'
  | 'fewValues'
  | 'tooManyValues'
  | 'duplicateValue'
  | 'same'
  | 'tooManyCells';

export interface StructureErrors {
  /** Field id ("q-0-label", "d-1-values", "b-2-first") → what is wrong. */
  fields: Record<string, StructureProblem>;
  /** Cells holding figures that the change would drop (their words, for the message). */
  inUse: string[];
  /** Quantities or dimensions a reconciliation pairs that the change would take away. */
  reconciled: string[];
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const fold = (s: string) => norm(s).toLocaleLowerCase('uk');

/** The rows the page shows for a form as it stands. */
export function structureRows(form: StatFormDefinition): StructureInput {
  const indicatorOf = new Map((form.indicators ?? []).map((i) => [i.cell, i.indicator]));
  return {
    quantities: form.quantities.map((q) => ({ key: q.key, label: q.label, unit: q.unit, sensitive: q.sensitive, indicator: indicatorOf.get(q.key) ?? '' })),
    dimensions: form.dimensions.map((d) => ({ key: d.key, label: d.label, values: d.values.map((v) => v.label).join('\n'), districts: d.key === DISTRICT_KEY })),
    breakdowns: form.breakdowns.map((b) => ({ quantity: b.quantity, first: b.dimensions[0] ?? '', second: b.dimensions[1] ?? '' })),
    addDistricts: false,
  };
}

function freshKey(prefix: string, taken: Set<string>): string {
  let n = 1;
  while (taken.has(`${prefix}${n}`)) n += 1;
  const key = `${prefix}${n}`;
  taken.add(key);
  return key;
}

/**
 * Values typed one per line as a dimension's values, keeping the keys of those that stayed: the
 * same words (case and spaces aside), else the line in the same place when its old words are gone
 * (a rename); the rest get new keys.
 */
export function valuesFromLines(old: readonly DimensionValue[], lines: readonly string[]): DimensionValue[] {
  const taken = new Set(old.map((v) => v.key));
  const stayed = new Set(lines.map(fold));
  const used = new Set<string>();
  const byWords = new Map(old.map((v) => [fold(v.label), v]));
  return lines.map((label, i) => {
    const same = byWords.get(fold(label));
    if (same && !used.has(same.key)) {
      used.add(same.key);
      return { key: same.key, label };
    }
    const inPlace = old[i];
    if (inPlace && !used.has(inPlace.key) && !stayed.has(fold(inPlace.label))) {
      used.add(inPlace.key);
      return { key: inPlace.key, label };
    }
    return { key: freshKey('v', taken), label };
  });
}

/**
 * The definition the rows describe, or what is wrong with them. `districts`: the values of the
 * region's districts (the plan owner's district administrations), `indicators`: the plan's.
 */
export function applyStructure(current: StatFormDefinition, input: StructureInput, districts: readonly DimensionValue[], indicators: readonly IndicatorView[]): { definition: StatFormDefinition } | { fields: Record<string, StructureProblem> } {
  const fields: Record<string, StructureProblem> = {};
  const quantities: Quantity[] = [];
  const mapped: { indicator: string; cell: string }[] = [];
  const qKeys = new Set(current.quantities.map((q) => q.key));
  const indicatorCodes = new Set(indicators.filter((i) => i.kind === 'count' || i.kind === 'money').map((i) => i.code));
  const labels = new Map<string, string>();
  const usedIndicators = new Map<string, string>();
  for (const [i, row] of input.quantities.entries()) {
    const label = norm(row.label);
    const existing = row.key ? current.quantities.find((q) => q.key === row.key) : undefined;
    if (!label) continue; // a blank new row, or a quantity taken away
    if (row.key && !existing) {
      fields[`q-${i}-label`] = 'unknown';
      continue;
    }
    if (label.length > 200) fields[`q-${i}-label`] = 'tooLong';
    else if (labels.has(fold(label))) fields[`q-${i}-label`] = 'duplicate';
    labels.set(fold(label), String(i));
    if (!UNITS.includes(row.unit as QuantityUnit)) fields[`q-${i}-unit`] = 'invalid';
    const key = existing?.key ?? freshKey('q', qKeys);
    quantities.push({ key, label, unit: (UNITS.includes(row.unit as QuantityUnit) ? row.unit : 'persons') as QuantityUnit, sensitive: row.sensitive });
    if (row.indicator) {
      if (!indicatorCodes.has(row.indicator)) fields[`q-${i}-indicator`] = 'unknown';
      else if (usedIndicators.has(row.indicator)) fields[`q-${i}-indicator`] = 'duplicate';
      else mapped.push({ indicator: row.indicator, cell: key });
      usedIndicators.set(row.indicator, key);
    }
  }
  if (quantities.length === 0 && !Object.keys(fields).some((f) => f.startsWith('q-'))) fields['q-0-label'] = 'none';

  const dimensions: Dimension[] = [];
  const dKeys = new Set(current.dimensions.map((d) => d.key));
  const dLabels = new Set<string>();
  for (const [i, row] of input.dimensions.entries()) {
    const label = norm(row.label);
    const existing = row.key ? current.dimensions.find((d) => d.key === row.key) : undefined;
    const lines = row.values.split(/\r?\n/).map(norm).filter(Boolean);
    if (!label && (row.key || lines.length === 0)) continue; // blank, or taken away
    if (row.key && !existing) {
      fields[`d-${i}-label`] = 'unknown';
      continue;
    }
    if (!label) fields[`d-${i}-label`] = 'empty';
    else if (label.length > 100) fields[`d-${i}-label`] = 'tooLong';
    else if (dLabels.has(fold(label))) fields[`d-${i}-label`] = 'duplicate';
    dLabels.add(fold(label));
    if (existing?.key === DISTRICT_KEY) {
      dimensions.push({ key: DISTRICT_KEY, label: label || existing.label, values: [...districts] });
      continue;
    }
    if (lines.length < 2) fields[`d-${i}-values`] = 'fewValues';
    else if (lines.length > MAX_VALUES) fields[`d-${i}-values`] = 'tooManyValues';
    else if (lines.some((l) => l.length > 100)) fields[`d-${i}-values`] = 'tooLong';
    else if (new Set(lines.map(fold)).size !== lines.length) fields[`d-${i}-values`] = 'duplicateValue';
    const key = existing?.key ?? freshKey('d', dKeys);
    dimensions.push({ key, label, values: valuesFromLines(existing?.values ?? [], lines) });
  }
  if (input.addDistricts && !dimensions.some((d) => d.key === DISTRICT_KEY)) {
    if (districts.length < 2) fields.addDistricts = 'fewValues';
    else dimensions.push({ key: DISTRICT_KEY, label: 'Район', values: [...districts] });
  }

  const breakdowns: Breakdown[] = [];
  const qs = new Set(quantities.map((q) => q.key));
  const ds = new Set(dimensions.map((d) => d.key));
  const seen = new Set<string>();
  for (const [i, row] of input.breakdowns.entries()) {
    if (!row.quantity) continue;
    if (!qs.has(row.quantity)) {
      fields[`b-${i}-quantity`] = 'unknown';
      continue;
    }
    if (!row.first) {
      fields[`b-${i}-first`] = 'empty';
      continue;
    }
    if (!ds.has(row.first)) {
      fields[`b-${i}-first`] = 'unknown';
      continue;
    }
    if (row.second && !ds.has(row.second)) {
      fields[`b-${i}-second`] = 'unknown';
      continue;
    }
    if (row.second === row.first) {
      fields[`b-${i}-second`] = 'same';
      continue;
    }
    const by = row.second ? [row.first, row.second] : [row.first];
    const id = `${row.quantity}|${[...by].sort().join('×')}`;
    if (seen.has(id)) {
      fields[`b-${i}-quantity`] = 'duplicate';
      continue;
    }
    seen.add(id);
    breakdowns.push({ quantity: row.quantity, dimensions: by });
  }
  if (Object.keys(fields).length) return { fields };

  // A dimension no breakdown uses yet asks nothing; it is kept to be chosen in one.
  const definition: StatFormDefinition = {
    key: current.key,
    title: current.title,
    quantities,
    dimensions,
    breakdowns,
    ...(mapped.length ? { indicators: mapped } : {}),
  };
  // Mappings onto cells other than a quantity's total (not edited here) stay while their cell does.
  const cells = new Set(formCells(definition).map((c) => c.id));
  const others = (current.indicators ?? []).filter((x) => !current.quantities.some((q) => q.key === x.cell) && cells.has(x.cell) && !mapped.some((m) => m.indicator === x.indicator));
  if (others.length) definition.indicators = [...mapped, ...others];
  if (cells.size > MAX_CELLS) return { fields: { 'q-0-label': 'tooManyCells' } };
  if (definitionProblems(definition).length) return { fields: { 'q-0-label': 'invalid' } };
  return { definition };
}

/** Cells of the old definition that the new one drops. */
export function droppedCells(before: StatFormDefinition, after: StatFormDefinition): string[] {
  const kept = new Set(formCells(after).map((c) => c.id));
  return formCells(before)
    .map((c) => c.id)
    .filter((id) => !kept.has(id));
}

export type SaveStructureResult = { ok: true; definition: StatFormDefinition } | { ok: false; errors: StructureErrors } | { ok: false; conflict: true };

/**
 * Saves a form's structure: refused where the rows are wrong, where a dropped cell holds a figure
 * (a draft, or any frozen version), where a reconciliation loses what it pairs, or where another
 * coordinator saved since `stamp` (the structure as read). Audited with what changed.
 */
export async function saveStructure(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  form: StatFormView,
  input: StructureInput,
  stamp: string,
  districts: readonly DimensionValue[],
  indicators: readonly IndicatorView[],
  describe: (definition: StatFormDefinition, cell: string) => string,
): Promise<SaveStructureResult> {
  if (stamp !== structureStamp(form)) return { ok: false, conflict: true };
  const applied = applyStructure(form.definition, input, districts, indicators);
  if ('fields' in applied) return { ok: false, errors: { fields: applied.fields, inUse: [], reconciled: [] } };
  const { definition } = applied;
  const dropped = new Set(droppedCells(form.definition, definition));
  try {
    return await writeTransaction(db, async (tx): Promise<SaveStructureResult> => {
      // The change first, conditional on the structure as read: it holds the form's row, so a save
      // of figures on it either committed before (and is seen below) or waits, then finds the
      // structure changed.
      const now = clock.now().toISOString();
      const updated = await tx.updateTable('stat_forms').set({ definition: JSON.stringify(definition), updated_at: now }).where('id', '=', form.id).where('definition', '=', JSON.stringify(form.definition)).executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return { ok: false, conflict: true };
      const errors: StructureErrors = { fields: {}, inUse: [], reconciled: [] };
      if (dropped.size) {
        const held = new Set<string>();
        const drafts = await tx.selectFrom('stat_submissions').select(['id', 'figures']).where('form_id', '=', form.id).execute();
        const versions = drafts.length ? await tx.selectFrom('stat_submission_versions').select('figures').where('submission_id', 'in', drafts.map((d) => d.id)).execute() : [];
        for (const row of [...drafts, ...versions]) {
          for (const [cell, v] of Object.entries(JSON.parse(row.figures) as Record<string, unknown>)) if (dropped.has(cell) && v !== null && v !== undefined) held.add(cell);
        }
        errors.inUse = [...held].map((cell) => describe(form.definition, cell));
      }
      const recs = await tx.selectFrom('stat_reconciliations').select(['title', 'definition']).where('plan_id', '=', form.planId).execute();
      for (const r of recs) {
        const d = JSON.parse(r.definition) as { left: { form: string; quantity: string; at: [string, string][] }; right: { form: string; quantity: string; at: [string, string][] }; align: string[] };
        for (const side of [d.left, d.right]) {
          if (side.form !== form.key) continue;
          const needsDims = [...side.at.map(([k]) => k), ...d.align.filter((k) => form.definition.dimensions.some((x) => x.key === k))];
          const lost = !definition.quantities.some((q) => q.key === side.quantity) || needsDims.some((k) => !definition.dimensions.some((x) => x.key === k));
          if (lost && !errors.reconciled.includes(r.title)) errors.reconciled.push(r.title);
        }
      }
      // Refused: the change is rolled back.
      if (errors.inUse.length || errors.reconciled.length) throw new Refused(errors);
      await recordEvent(tx, clock, actor, {
        action: 'stats.form_structure',
        targetType: 'plan',
        targetId: form.planId,
        details: {
          plan: form.planId,
          form: form.key,
          title: form.title,
          quantities: definition.quantities.map((q) => q.label),
          dimensions: definition.dimensions.map((d) => `${d.label} (${d.values.length})`),
          breakdowns: definition.breakdowns.length,
          cells: formCells(definition).length,
        },
      });
      return { ok: true, definition };
    });
  } catch (e) {
    if (e instanceof Refused) return { ok: false, errors: e.errors };
    throw e;
  }
}

class Refused extends Error {
  constructor(readonly errors: StructureErrors) {
    super('structure refused');
  }
}
