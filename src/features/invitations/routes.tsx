import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { TEXT_ID } from '../reports/access.ts';
import { inviteOne, planInvitations, resendInvitation, revokeInvitation, sendInvitations, setDeclined, type SingleResult } from './service.ts';
import { InvitationsPage } from './views.tsx';

/**
 * "Запросити виконавців": the coordinating department invites the contacts of a plan's executors.
 * Only the department that coordinates the plan, and only with the right to manage users; any
 * other plan is a 404 (its existence is not revealed).
 */
export default async function invitationRoutes(app: FastifyInstance) {
  const { db, clock, config } = app.zvit;
  const access = { config: { permission: 'users.manage' as const } };

  const reach = async (request: FastifyRequest) => {
    const { planId } = request.params as { planId: string };
    if (!TEXT_ID.test(planId)) throw notFound();
    const plan = await getPlan(db, planId);
    if (!plan || plan.state === 'archived' || plan.coordinatorOrganisationId !== request.principal!.organisationId) throw notFound();
    return { plan, directory: await loadDirectory(db) };
  };

  const page = async (request: FastifyRequest, reply: FastifyReply, messages: { notice?: string; error?: string } = {}, status = 200) => {
    const { plan, directory } = await reach(request);
    const overview = await planInvitations(db, clock, directory, plan, config);
    return reply.html(InvitationsPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), planId: plan.id, planTitle: plan.title, overview, days: config.invitationDays, notice: messages.notice, error: messages.error }), { status });
  };

  const DONE = /^(invited-\d{1,6}|resent|revoked|declined|undeclined)$/;
  app.get('/plans/:planId/invitations', access, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const done = typeof q.done === 'string' && DONE.test(q.done) ? q.done : null;
    if (!done) return page(request, reply);
    const [what, n] = done.split('-');
    return page(request, reply, { notice: request.tr.t(`invitations.done.${what as 'invited'}`, { count: Number(n ?? 0) }) });
  });

  app.post('/plans/:planId/invitations', access, async (request, reply) => {
    const { plan, directory } = await reach(request);
    const r = await sendInvitations(db, clock, principalActor(request.principal!, request.meta()), directory, plan, config);
    return reply.redirect(`/plans/${encodeURIComponent(plan.id)}/invitations?done=invited-${r.invited}`, 303);
  });

  const single = (action: string, work: (ctx: Awaited<ReturnType<typeof reach>>, request: FastifyRequest, organisationId: string) => Promise<SingleResult>) =>
    app.post(`/plans/:planId/invitations/:organisationId/${action}`, access, async (request, reply) => {
      const reached = await reach(request);
      const { organisationId } = request.params as { organisationId: string };
      // Only an organisation that executes this plan: any other id is not found.
      if (!TEXT_ID.test(organisationId)) throw notFound();
      const overview = await planInvitations(db, clock, reached.directory, reached.plan, config);
      if (!overview.rows.some((r) => r.organisation.id === organisationId)) throw notFound();
      const result = await work(reached, request, organisationId);
      if (result === 'stale' || result === 'noEmail') return page(request, reply, { error: request.tr.t(`invitations.error.${result}`) }, 409);
      return reply.redirect(`/plans/${encodeURIComponent(reached.plan.id)}/invitations?done=${result === 'invited' ? 'invited-1' : result}#org-${organisationId}`, 303);
    });

  const actor = (request: FastifyRequest) => principalActor(request.principal!, request.meta());
  single('invite', (r, request, id) => inviteOne(db, clock, actor(request), r.directory, r.plan, id, config.invitationDays));
  single('resend', (r, request, id) => resendInvitation(db, clock, actor(request), r.directory, r.plan, id, config.invitationDays));
  single('revoke', (r, request, id) => revokeInvitation(db, clock, actor(request), r.directory, r.plan, id));
  single('decline', (r, request, id) => setDeclined(db, clock, actor(request), r.directory, r.plan, id, true));
  single('undecline', (r, request, id) => setDeclined(db, clock, actor(request), r.directory, r.plan, id, false));
}
