import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import { checkPlan, type PlanCheck } from '../../domain/plan-checks.ts';
import { mayTransition } from '../../domain/plan-lifecycle.ts';
import type { Directory } from '../organisations/service.ts';
import * as repo from './repository.ts';
import { getPlan, getPlanOutline, type PlanOutline, type PlanView } from './service.ts';

/** A draft becomes the plan in force once nothing blocks it; an active plan is closed, a closed one archived. */

// ---- what a draft still needs ------------------------------------------------------------------

/** The checks of an unfiltered outline (domain/plan-checks.ts). */
export function outlineChecks(outline: PlanOutline, directory: Directory): PlanCheck[] {
  return checkPlan(
    outline.plan,
    outline.goals.flatMap((g) => g.tasks.flatMap((t) => t.measures)),
    directory,
  );
}

/** The checks of a draft as it stands. */
export async function draftChecks(db: DbOrTx, directory: Directory, plan: PlanView): Promise<PlanCheck[]> {
  const outline = await getPlanOutline(db, directory, plan.id);
  return outline ? outlineChecks(outline, directory) : [];
}

export type ActivationResult = { ok: true } | { ok: false; reason: 'not-draft' } | { ok: false; reason: 'blocked'; checks: PlanCheck[] };

/**
 * A reviewed draft becomes the plan in force — unless something blocks it (a measure nobody
 * executes cannot be reported on).
 */
export async function activatePlan(db: Db, clock: Clock, actor: AuditActor, directory: Directory, planId: string): Promise<ActivationResult> {
  const plan = await getPlan(db, planId);
  if (!plan || plan.state !== 'draft') return { ok: false, reason: 'not-draft' };
  const blocking = (await draftChecks(db, directory, plan)).filter((c) => c.blocking);
  if (blocking.length) return { ok: false, reason: 'blocked', checks: blocking };
  return writeTransaction(db, async (tx) => {
    const ok = await repo.updatePlanState(tx, planId, 'draft', 'active', clock.now().toISOString());
    if (!ok) return { ok: false, reason: 'not-draft' } as const;
    await recordEvent(tx, clock, actor, { action: 'plan.activated', targetType: 'plan', targetId: planId });
    return { ok: true } as const;
  });
}

/**
 * Moves an active plan to closed, or a closed one to the archive. False when the plan is not in
 * the state the move starts from (someone else moved it first, or the move is not allowed).
 */
export async function changePlanState(db: Db, clock: Clock, actor: AuditActor, planId: string, to: 'closed' | 'archived'): Promise<boolean> {
  const from = to === 'closed' ? 'active' : 'closed';
  if (!mayTransition(from, to)) return false;
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const ok = await repo.updatePlanState(tx, planId, from, to, now);
    if (!ok) return false;
    // A closed plan is not amended: an amendment still being prepared goes with it (kept, discarded).
    const discarded = to === 'closed' ? await repo.discardDraftAmendments(tx, planId, now) : [];
    for (const id of discarded) await recordEvent(tx, clock, actor, { action: 'plan.amendment_discarded', targetType: 'plan', targetId: planId, details: { amendment: id, reason: 'plan closed' } });
    await recordEvent(tx, clock, actor, { action: to === 'closed' ? 'plan.closed' : 'plan.archived', targetType: 'plan', targetId: planId });
    return true;
  });
}
