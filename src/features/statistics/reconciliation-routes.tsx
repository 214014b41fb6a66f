import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { attachmentDisposition } from '../../domain/file-types.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor, type Principal } from '../auth/service.ts';
import { databaseStorage } from '../files/service.ts';
import { loadDirectory, type Directory } from '../organisations/service.ts';
import { PLAN_ID } from '../plans/forms.ts';
import { mayReadPlan } from '../plans/policy.ts';
import * as plans from '../plans/service.ts';
import { addComment, confirmSide, ensureProtocol, listReconciliations, loadReconciliationPeriod, MAX_COMMENT, protocolFile, reopen, type ReconciliationPeriodView } from './reconciliation.ts';
import { recordExactView } from './service.ts';
import { ReconciliationPage, reconciliationUrl, type ReconciliationStanding } from './reconciliation-views.tsx';

/**
 * Who stands where in a reconciliation: staff of a side's organisation ('left'/'right': see both
 * sides' rows, comment, confirm), the plan's coordinator (see, reopen), the owner's supervisors
 * (see); anyone else: 404.
 */
export function reconciliationStanding(principal: Principal | null, plan: plans.PlanView, view: ReconciliationPeriodView): ReconciliationStanding | null {
  if (!principal) return null;
  const p = principal.permissions;
  if (p.has('report.edit') && view.parties.left.organisations.some((o) => o.id === principal.organisationId)) return 'left';
  if (p.has('report.edit') && view.parties.right.organisations.some((o) => o.id === principal.organisationId)) return 'right';
  if (principal.organisationId === plan.coordinatorOrganisationId && p.has('report.review') && p.has('stats.view-exact')) return 'coordinator';
  if (principal.organisationId === plan.ownerOrganisationId && p.has('stats.view-exact')) return 'reader';
  return null;
}

const KEY = /^[a-z][a-z0-9_-]{0,39}$/;
const PERIOD = /^\d{4}-(?:Q[1-4]|H[12])$/;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export default async function reconciliationRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const storage = databaseStorage(clock);
  const read = { config: { permission: 'plan.read' as const } };
  const BASE = '/plans/:planId/statistics/reconciliations/:key/:period';

  async function reach(request: FastifyRequest): Promise<{ plan: plans.PlanView; view: ReconciliationPeriodView; standing: ReconciliationStanding; directory: Directory }> {
    const { planId, key, period } = request.params as { planId: string; key: string; period: string };
    if (!PLAN_ID.test(planId) || !KEY.test(key) || !PERIOD.test(period)) throw notFound();
    const plan = await plans.getPlan(db, planId);
    if (!plan || !mayReadPlan(request.principal, plan)) throw notFound();
    const rec = (await listReconciliations(db, plan.id)).find((r) => r.key === key);
    if (!rec) throw notFound();
    const directory = await loadDirectory(db);
    const view = await loadReconciliationPeriod(db, plan, rec, period, directory);
    if (!view) throw notFound();
    const standing = reconciliationStanding(request.principal, plan, view);
    if (!standing) throw notFound();
    return { plan, view, standing, directory };
  }

  function page(request: FastifyRequest, reply: FastifyReply, r: Awaited<ReturnType<typeof reach>>, extra: { errors?: { row?: string; text?: string }; typed?: { row: string; text: string }; notice?: string; alert?: string } = {}, status = 200) {
    return reply.html(
      ReconciliationPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan: r.plan, view: r.view, directory: r.directory, standing: r.standing, errors: extra.errors ?? {}, typed: extra.typed ?? { row: '', text: '' }, notice: extra.notice, alert: extra.alert }),
      { status },
    );
  }
  const url = (r: Awaited<ReturnType<typeof reach>>) => reconciliationUrl(r.plan.id, r.view.rec.key, r.view.period.key);

  app.get(BASE, read, async (request, reply) => {
    let r = await reach(request);
    // A closing whose protocol was not made (the process stopped in between) gets it now.
    if (await ensureProtocol(db, clock, storage, r.view, r.directory)) r = await reach(request);
    // Exact figures seen from outside the two organisations: audited, as a submission's are.
    if ((r.standing === 'coordinator' || r.standing === 'reader') && (r.view.versions.left !== null || r.view.versions.right !== null)) {
      await recordExactView(db, clock, principalActor(request.principal!, request.meta()), r.view.parties.left.form, r.view.period.key, r.view.parties.left.organisations[0]?.id ?? r.plan.coordinatorOrganisationId);
    }
    const done = (request.query as Record<string, unknown>).done;
    const notices: Record<string, MessageKey> = { comment: 'recon.commentAdded', confirmed: 'recon.confirmed', closed: 'recon.closed', reopened: 'recon.reopened' };
    return page(request, reply, r, { ...(typeof done === 'string' && notices[done] ? { notice: request.tr.t(notices[done]!) } : {}) });
  });

  app.post(`${BASE}/comment`, read, async (request, reply) => {
    const r = await reach(request);
    if (r.standing !== 'left' && r.standing !== 'right') throw new HttpError(403, 'auth.forbidden');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const typed = { row: typeof body.row === 'string' ? body.row.slice(0, 300) : '', text: typeof body.text === 'string' ? body.text.slice(0, MAX_COMMENT * 2) : '' };
    const result = await addComment(db, clock, principalActor(request.principal!, request.meta()), r.view, request.principal!.organisationId, typed.row, typed.text);
    const tr = request.tr;
    switch (result.kind) {
      case 'added':
        return reply.redirect(`${url(r)}?done=comment`, 303);
      case 'unknownRow':
        return page(request, reply, r, { errors: { row: tr.t('recon.error.unknownRow') }, typed }, 400);
      case 'closed':
        return page(request, reply, r, { alert: tr.t('recon.error.closed'), typed }, 409);
      case 'identifies':
        return page(request, reply, r, { errors: { text: tr.t('recon.error.identifies', { kinds: result.kinds.map((k) => tr.t(`recon.kind.${k}` as MessageKey)).join(', ') }) }, typed }, 422);
      default:
        return page(request, reply, r, { errors: { text: tr.t(`recon.error.${result.kind}`, { max: MAX_COMMENT }) }, typed }, 400);
    }
  });

  app.post(`${BASE}/confirm`, read, async (request, reply) => {
    const r = await reach(request);
    if (r.standing !== 'left' && r.standing !== 'right') throw new HttpError(403, 'auth.forbidden');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const version = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null);
    const result = await confirmSide(db, clock, principalActor(request.principal!, request.meta()), r.view, r.standing, { left: version(body.leftVersion), right: version(body.rightVersion) });
    if (result === 'confirmed' || result === 'closed') {
      if (result === 'closed') {
        const fresh = await reach(request);
        await ensureProtocol(db, clock, storage, fresh.view, fresh.directory);
      }
      return reply.redirect(`${url(r)}?done=${result}`, 303);
    }
    return page(request, reply, await reach(request), { alert: request.tr.t(`recon.error.${result}`) }, 409);
  });

  app.post(`${BASE}/reopen`, read, async (request, reply) => {
    const r = await reach(request);
    if (r.standing !== 'coordinator') throw new HttpError(403, 'auth.forbidden');
    const v = ((request.body ?? {}) as Record<string, unknown>).revision;
    const result = await reopen(db, clock, principalActor(request.principal!, request.meta()), r.view, typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : -1);
    if (result === 'conflict') return page(request, reply, r, { alert: request.tr.t('recon.error.conflict') }, 409);
    return reply.redirect(`${url(r)}?done=reopened`, 303);
  });

  app.get(`${BASE}/protocols/:number`, read, async (request, reply) => {
    const r = await reach(request);
    const { number } = request.params as { number: string };
    if (!/^\d{1,6}$/.test(number)) throw notFound();
    const bytes = await protocolFile(db, storage, r.view, Number(number));
    if (!bytes) throw notFound();
    const name = `Акт звірки — ${r.view.rec.key} — ${r.view.period.key} — ${number}.docx`;
    return reply.header('content-type', DOCX).header('content-disposition', attachmentDisposition(name)).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(bytes);
  });
}
