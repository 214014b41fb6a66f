import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { formatIndicatorValue, parseIndicatorValue, type IndicatorKind } from '../../domain/reports.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { PlanView, IndicatorView } from './service.ts';
import { planIndicators } from './service.ts';

/**
 * The coordinator's indicators of a measure: what executors count each period (DESIGN.md). They
 * are Zvit's own definitions, not the order's text, so they change without an amendment while
 * the plan is a draft or in force. An indicator that already holds values keeps its kind (its
 * values are stored in its units: kopecks for money) and cannot be removed; snapshots of
 * submissions carry their indicators' names and kinds, so renaming never rewrites a submission.
 */

export const INDICATOR_KINDS = ['count', 'sum', 'money', 'boolean'] as const satisfies readonly IndicatorKind[];
export const AGGREGATIONS = ['per_period', 'cumulative_latest'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const MAX_INDICATOR_NAME = 300;
export const MAX_INDICATOR_UNIT = 60;
export const MAX_INDICATORS_PER_MEASURE = 30;

export interface IndicatorInput {
  name: string;
  unit: string;
  kind: string;
  aggregation: string;
  target: string;
  sensitive: boolean;
  additiveAcrossKinds: boolean;
  /** As typed; empty or absent: the default. */
  threshold?: string;
}

export type IndicatorField = 'name' | 'unit' | 'kind' | 'aggregation' | 'target' | 'threshold';
export type IndicatorErrors = Partial<Record<IndicatorField, string>>;

interface ValidIndicator {
  name: string;
  unit: string;
  kind: IndicatorKind;
  aggregation: Aggregation;
  target: number | null;
  sensitive: boolean;
  additiveAcrossKinds: boolean;
  threshold: number;
}

/** Below this a sensitive value is hidden in anything published, unless an indicator says otherwise (DESIGN.md). */
export const DEFAULT_THRESHOLD = 5;
export const MIN_THRESHOLD = 3;
export const MAX_THRESHOLD = 100;

const sameName = (a: string, b: string) => a.toLocaleLowerCase('uk').replace(/\s+/g, ' ').trim() === b.toLocaleLowerCase('uk').replace(/\s+/g, ' ').trim();
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();

/** Checks a typed indicator; problems per field ("empty", "tooLong", …) for the catalogue. */
export function validateIndicator(input: IndicatorInput): { value: ValidIndicator } | { errors: IndicatorErrors } {
  const errors: IndicatorErrors = {};
  const name = clean(input.name);
  const unit = clean(input.unit);
  if (!name) errors.name = 'empty';
  else if (name.length > MAX_INDICATOR_NAME) errors.name = 'tooLong';
  if (!unit) errors.unit = 'empty';
  else if (unit.length > MAX_INDICATOR_UNIT) errors.unit = 'tooLong';
  const kind = (INDICATOR_KINDS as readonly string[]).includes(input.kind) ? (input.kind as IndicatorKind) : null;
  if (!kind) errors.kind = 'invalid';
  const aggregation = (AGGREGATIONS as readonly string[]).includes(input.aggregation) ? (input.aggregation as Aggregation) : null;
  if (!aggregation) errors.aggregation = 'invalid';
  let target: number | null = null;
  const rawTarget = input.target.trim();
  if (rawTarget && kind) {
    if (kind === 'boolean') errors.target = 'boolean';
    else if (rawTarget.length > 30) errors.target = 'notNumber';
    else {
      const parsed = parseIndicatorValue(kind, rawTarget);
      if ('problem' in parsed) errors.target = parsed.problem;
      else target = parsed.value;
    }
  }
  let threshold = DEFAULT_THRESHOLD;
  const rawThreshold = (input.threshold ?? '').trim();
  if (rawThreshold) {
    if (!/^\d{1,6}$/.test(rawThreshold)) errors.threshold = 'notWhole';
    else if (Number(rawThreshold) < MIN_THRESHOLD || Number(rawThreshold) > MAX_THRESHOLD) errors.threshold = 'range';
    else threshold = Number(rawThreshold);
  }
  if (Object.keys(errors).length > 0 || !kind || !aggregation) return { errors };
  return { value: { name, unit, kind, aggregation, target, sensitive: input.sensitive, additiveAcrossKinds: input.additiveAcrossKinds, threshold } };
}

/** The form's values of a stored indicator. */
export function indicatorValues(i: IndicatorView): IndicatorInput {
  return {
    name: i.name,
    unit: i.unit,
    kind: i.kind,
    aggregation: i.aggregation,
    target: i.target === null ? '' : formatIndicatorValue(i.kind, i.target),
    sensitive: i.sensitive,
    additiveAcrossKinds: i.additiveAcrossKinds,
    threshold: String(i.suppressionThreshold),
  };
}

export const NEW_INDICATOR: IndicatorInput = { name: '', unit: 'од.', kind: 'count', aggregation: 'per_period', target: '', sensitive: false, additiveAcrossKinds: false, threshold: String(DEFAULT_THRESHOLD) };

/** A measure's indicators, in order. */
export async function measureIndicators(db: DbOrTx, planId: string, measureId: number): Promise<IndicatorView[]> {
  return (await planIndicators(db, planId)).filter((i) => i.measureId === measureId);
}

export async function findIndicator(db: DbOrTx, planId: string, indicatorId: number): Promise<IndicatorView | undefined> {
  return (await planIndicators(db, planId)).find((i) => i.id === indicatorId);
}

/**
 * How many reports hold a value of each of a measure's indicators: in an entry being written, or
 * in a submission. One pass over the measure's entries and the plan's submissions; reading JSON
 * in the application keeps this the same on both dialects. It runs only on the coordinator's
 * indicator pages and changes.
 */
export async function indicatorsUse(db: DbOrTx, planId: string, measureId: number): Promise<Map<number, number>> {
  const reports = new Map<number, Set<number>>();
  const count = (indicatorId: number, reportId: number) => reports.set(indicatorId, (reports.get(indicatorId) ?? new Set()).add(reportId));
  const entries = await db
    .selectFrom('report_entries')
    .innerJoin('reports', 'reports.id', 'report_entries.report_id')
    .select(['report_entries.report_id as reportId', 'report_entries.indicator_values as values'])
    .where('reports.plan_id', '=', planId)
    .where('report_entries.measure_id', '=', measureId)
    .execute();
  for (const e of entries) {
    for (const [id, v] of Object.entries(JSON.parse(e.values) as Record<string, number | null>)) if (v !== null) count(Number(id), Number(e.reportId));
  }
  const submissions = await db
    .selectFrom('report_submissions')
    .innerJoin('reports', 'reports.id', 'report_submissions.report_id')
    .select(['report_submissions.report_id as reportId', 'report_submissions.snapshot as snapshot'])
    .where('reports.plan_id', '=', planId)
    .execute();
  for (const s of submissions) {
    const snapshot = JSON.parse(s.snapshot) as { entries: { measureId: number; values: { indicatorId: number; value: number | null }[] }[] };
    for (const e of snapshot.entries) if (e.measureId === measureId) for (const v of e.values) if (v.value !== null) count(v.indicatorId, Number(s.reportId));
  }
  return new Map([...reports].map(([id, set]) => [id, set.size]));
}

/** How many reports hold a value of one indicator. */
export async function indicatorUse(db: DbOrTx, planId: string, measureId: number, indicatorId: number): Promise<number> {
  return (await indicatorsUse(db, planId, measureId)).get(indicatorId) ?? 0;
}

/** Whether the plan's indicators may change: while it is a draft or in force. */
export function indicatorsEditable(plan: PlanView): boolean {
  return plan.state === 'draft' || plan.state === 'active';
}

async function measureCode(db: DbOrTx, planId: string, measureId: number): Promise<string | undefined> {
  const row = await db.selectFrom('measure_versions').select('code').where('plan_id', '=', planId).where('measure_id', '=', measureId).orderBy('valid_from', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row?.code;
}

export type AddResult = { id: number } | { errors: IndicatorErrors } | 'closed' | 'no-measure' | 'too-many';

export async function addIndicator(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, measureId: number, input: IndicatorInput): Promise<AddResult> {
  if (!indicatorsEditable(plan)) return 'closed';
  const code = await measureCode(db, plan.id, measureId);
  if (code === undefined) return 'no-measure';
  const checked = validateIndicator(input);
  if ('errors' in checked) return checked;
  const v = checked.value;
  return writeTransaction(db, async (tx) => {
    const existing = await tx.selectFrom('indicators').select(['code', 'position', 'measure_id']).where('plan_id', '=', plan.id).execute();
    const own = existing.filter((e) => Number(e.measure_id) === measureId);
    if (own.length >= MAX_INDICATORS_PER_MEASURE) return 'too-many' as const;
    if ((await measureIndicators(tx, plan.id, measureId)).some((i) => sameName(i.name, v.name))) return { errors: { name: 'duplicate' } };
    const taken = new Set(existing.map((e) => e.code));
    let n = own.length + 1;
    while (taken.has(`${code}.i${n}`)) n += 1;
    const position = own.reduce((max, e) => Math.max(max, Number(e.position)), -1) + 1;
    const row = await tx
      .insertInto('indicators')
      .values({
        plan_id: plan.id,
        measure_id: measureId,
        code: `${code}.i${n}`,
        name: v.name,
        unit: v.unit,
        kind: v.kind,
        aggregation: v.aggregation,
        target: v.target,
        sensitive: v.sensitive ? 1 : 0,
        additive_across_kinds: v.additiveAcrossKinds ? 1 : 0,
        suppression_threshold: v.threshold,
        position,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await recordEvent(tx, clock, actor, { action: 'plan.indicator_added', targetType: 'indicator', targetId: String(id), details: { plan: plan.id, measure: measureId, name: v.name.slice(0, 300), kind: v.kind } });
    return { id };
  });
}

export type UpdateResult = { errors: IndicatorErrors } | 'closed' | 'missing' | null;

export async function updateIndicator(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, indicatorId: number, input: IndicatorInput): Promise<UpdateResult> {
  if (!indicatorsEditable(plan)) return 'closed';
  const checked = validateIndicator(input);
  if ('errors' in checked) return checked;
  const v = checked.value;
  return writeTransaction(db, async (tx) => {
    const current = await findIndicator(tx, plan.id, indicatorId);
    if (!current || current.measureId === null) return 'missing' as const;
    if ((await measureIndicators(tx, plan.id, current.measureId)).some((i) => i.id !== indicatorId && sameName(i.name, v.name))) return { errors: { name: 'duplicate' } };
    // Values already entered are in the indicator's kind, unit and way of adding up: those stay.
    const locked: IndicatorErrors = {};
    if (v.kind !== current.kind) locked.kind = 'inUse';
    if (v.unit !== current.unit) locked.unit = 'inUse';
    if (v.aggregation !== current.aggregation) locked.aggregation = 'inUse';
    if (Object.keys(locked).length > 0 && (await indicatorUse(tx, plan.id, current.measureId, indicatorId)) > 0) return { errors: locked };
    await tx
      .updateTable('indicators')
      .set({ name: v.name, unit: v.unit, kind: v.kind, aggregation: v.aggregation, target: v.target, sensitive: v.sensitive ? 1 : 0, additive_across_kinds: v.additiveAcrossKinds ? 1 : 0, suppression_threshold: v.threshold })
      .where('id', '=', indicatorId)
      .where('plan_id', '=', plan.id)
      .execute();
    const changed = (Object.keys(v) as (keyof ValidIndicator)[]).filter((k) => v[k] !== (k === 'target' ? current.target : k === 'threshold' ? current.suppressionThreshold : current[k]));
    await recordEvent(tx, clock, actor, { action: 'plan.indicator_changed', targetType: 'indicator', targetId: String(indicatorId), details: { plan: plan.id, measure: current.measureId, changed, name: v.name.slice(0, 300) } });
    return null;
  });
}

export type RemoveResult = 'closed' | 'missing' | { inUse: number } | null;

export async function removeIndicator(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, indicatorId: number): Promise<RemoveResult> {
  if (!indicatorsEditable(plan)) return 'closed';
  return writeTransaction(db, async (tx) => {
    const current = await findIndicator(tx, plan.id, indicatorId);
    if (!current || current.measureId === null) return 'missing' as const;
    const use = await indicatorUse(tx, plan.id, current.measureId, indicatorId);
    if (use > 0) return { inUse: use };
    await tx.deleteFrom('indicators').where('id', '=', indicatorId).where('plan_id', '=', plan.id).execute();
    await recordEvent(tx, clock, actor, { action: 'plan.indicator_removed', targetType: 'indicator', targetId: String(indicatorId), details: { plan: plan.id, measure: current.measureId, name: current.name.slice(0, 300) } });
    return null;
  });
}

/** Moves an indicator one place up or down among its measure's. */
export async function moveIndicator(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, indicatorId: number, direction: 'up' | 'down'): Promise<'closed' | 'missing' | null> {
  if (!indicatorsEditable(plan)) return 'closed';
  return writeTransaction(db, async (tx) => {
    const current = await findIndicator(tx, plan.id, indicatorId);
    if (!current || current.measureId === null) return 'missing' as const;
    const list = await measureIndicators(tx, plan.id, current.measureId);
    const i = list.findIndex((x) => x.id === indicatorId);
    const j = direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= list.length) return null;
    [list[i], list[j]] = [list[j]!, list[i]!];
    for (const [position, x] of list.entries()) await tx.updateTable('indicators').set({ position }).where('id', '=', x.id).execute();
    await recordEvent(tx, clock, actor, { action: 'plan.indicator_changed', targetType: 'indicator', targetId: String(indicatorId), details: { plan: plan.id, measure: current.measureId, changed: ['position'], name: current.name.slice(0, 300) } });
    return null;
  });
}
