import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { ConsolidationDocument } from '../consolidation/document.ts';
import { publicationDocument } from '../consolidation/publication.ts';
import { frozenDocument } from '../consolidation/versions.ts';
import type { Directory } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';

/**
 * A plan's public page (issue 17): what a coordinator published — the plan as approved, each
 * measure's state and the public text they approved from the latest *sent* consolidation, with
 * indicator totals only as the suppression module left them — and nothing else: no unpublished
 * plan, no draft or approved-but-unsent version, no executor's narrative, reason or single value,
 * no review comment. Every document shown is `publicationDocument` of a frozen sent version.
 */

export const MAX_NOTE = 3000;

export interface Publication {
  planId: string;
  note: string;
  publishedAt: string;
  revision: number;
}

export async function publicationOf(db: DbOrTx, planId: string): Promise<Publication | undefined> {
  const r = await db.selectFrom('plan_publications').selectAll().where('plan_id', '=', planId).executeTakeFirst();
  return r ? { planId: r.plan_id, note: r.public_note, publishedAt: r.published_at, revision: Number(r.revision) } : undefined;
}

/** The plan as the public may see it: published, and not a draft. */
export async function publishedPlan(db: DbOrTx, planId: string): Promise<{ plan: plans.PlanView; publication: Publication } | undefined> {
  const [plan, publication] = await Promise.all([plans.getPlan(db, planId), publicationOf(db, planId)]);
  if (!plan || !publication || plan.state === 'draft') return undefined;
  return { plan, publication };
}

export type PublishResult = null | { errors: { note?: 'tooLong' } } | 'draft';

/** Publishes a plan (or changes its public note), audited. A draft plan cannot be published. */
export async function publish(db: Db, clock: Clock, actor: AuditActor, plan: plans.PlanView, rawNote: string): Promise<PublishResult> {
  if (plan.state === 'draft') return 'draft';
  const note = rawNote.replace(/\r\n/g, '\n').trim();
  if (note.length > MAX_NOTE) return { errors: { note: 'tooLong' } };
  await writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    await tx
      .insertInto('plan_publications')
      .values({ plan_id: plan.id, public_note: note, published_by: actor.userId, published_at: now })
      .onConflict((oc) => oc.column('plan_id').doUpdateSet((eb) => ({ public_note: note, revision: eb('plan_publications.revision', '+', 1) })))
      .execute();
    await recordEvent(tx, clock, actor, { action: 'plan.published', targetType: 'plan', targetId: plan.id, details: { plan: plan.id, note: note.length } });
  });
  return null;
}

export async function unpublish(db: Db, clock: Clock, actor: AuditActor, plan: plans.PlanView): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const gone = await tx.deleteFrom('plan_publications').where('plan_id', '=', plan.id).executeTakeFirst();
    if (Number(gone.numDeletedRows) > 0) await recordEvent(tx, clock, actor, { action: 'plan.unpublished', targetType: 'plan', targetId: plan.id, details: { plan: plan.id } });
  });
}

export interface SentPeriod {
  periodKey: string;
  versionId: number;
  number: number;
  sentAt: string;
  sentDate: string;
  sentNumber: string;
}

/** The sent consolidations of a plan, the latest sent version of each period, newest period first. */
export async function sentPeriods(db: DbOrTx, planId: string): Promise<SentPeriod[]> {
  const rows = await db
    .selectFrom('consolidation_versions')
    .select(['id', 'period_key', 'number', 'sent_at', 'sent_date', 'sent_number'])
    .where('plan_id', '=', planId)
    .where('state', '=', 'sent')
    .where('snapshot', 'is not', null)
    .orderBy('period_key', 'desc')
    .orderBy('number', 'desc')
    .execute();
  const seen = new Set<string>();
  const out: SentPeriod[] = [];
  for (const r of rows) {
    if (seen.has(r.period_key) || !r.sent_at) continue;
    seen.add(r.period_key);
    out.push({ periodKey: r.period_key, versionId: Number(r.id), number: Number(r.number), sentAt: r.sent_at, sentDate: r.sent_date ?? '', sentNumber: r.sent_number ?? '' });
  }
  return out;
}

/** A sent version as it may be published: numbers only, texts the coordinator approved, totals suppressed. */
export async function publishedDocument(db: DbOrTx, versionId: number): Promise<ConsolidationDocument | undefined> {
  const doc = await frozenDocument(db, versionId);
  return doc ? publicationDocument(doc) : undefined;
}

export interface PublicMeasure {
  code: string;
  title: string;
  deadline: string | null;
  executors: string[];
  state: ConsolidationDocument['goals'][number]['measures'][number]['state'];
  publicText: string;
  totals: { name: string; unit: string; groups: { group: string; value: number | null; small: boolean }[]; grand: number | null | undefined; grandSmall: boolean }[];
}

export interface PublicGoal {
  number: number;
  title: string;
  measures: PublicMeasure[];
}

/**
 * What the public page shows of a plan: from a published document, each measure's state, public
 * text and published totals; without one (nothing sent yet), the plan in force today with its
 * deadlines and executors only. Built field by field, so nothing else can slip through.
 */
export function publicGoals(doc: ConsolidationDocument | undefined, outline: plans.PlanOutline | undefined, directory: Directory): PublicGoal[] {
  if (doc) {
    if (!doc.publication) throw new Error('publicGoals: not a document for publication');
    return doc.goals.map((g) => ({
      number: g.number,
      title: g.title,
      measures: g.measures.map((m) => ({
        code: m.code,
        title: m.title,
        deadline: m.deadline ?? null,
        executors: m.executorsShort ?? m.executors,
        state: m.state,
        publicText: m.publicText ?? '',
        totals: m.totals
          .filter((t) => t.published)
          .map((t) => ({ name: t.name, unit: t.unit, groups: t.published!.groups, grand: t.published!.grand, grandSmall: Boolean(t.published!.grandSmall) })),
      })),
    }));
  }
  if (!outline) return [];
  return outline.goals.map((g) => ({
    number: g.number,
    title: g.title,
    measures: g.tasks.flatMap((task) =>
      task.measures.map((m) => ({
        code: m.code,
        title: m.title,
        deadline: m.deadlineText,
        executors: m.executors.map((e) => e.asWritten ?? (e.type === 'organisation' ? (directory.organisation(e.id)?.shortName ?? directory.organisation(e.id)?.name ?? e.id) : (directory.group(e.id)?.name ?? e.id))),
        state: null,
        publicText: '',
        totals: [],
      })),
    ),
  }));
}
