import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { DbOrTx } from '../../db/database.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { notFound } from '../../plugins/errors.ts';
import { ErrorPage } from '../../ui/error-page.tsx';
import { PLAN_ID } from './forms.ts';
import { mayManagePlan } from './policy.ts';
import { getPlan, type PlanView } from './service.ts';

/** What the plan feature's routes share: reaching a plan one manages, and refusing a stale step. */

/** A plan the principal manages, or a 404 (another organisation's plan is never revealed). */
export async function managedPlanOr404(db: DbOrTx, request: FastifyRequest, planId: string): Promise<PlanView> {
  if (!PLAN_ID.test(planId)) throw notFound();
  const plan = await getPlan(db, planId);
  if (!plan || !mayManagePlan(request.principal, plan)) throw notFound();
  return plan;
}

/** A step the plan is no longer in a state for (someone was first, or a page was stale): 409. */
export function conflictPage(request: FastifyRequest, reply: FastifyReply, key: MessageKey) {
  return reply.html(ErrorPage({ tr: request.tr, kind: 'badRequest', title: request.tr.t(key), message: '' }), { status: 409 });
}

/** The body of a form that only confirms ("Так, …"). */
export const confirmBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 100 })), confirm: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: false });
