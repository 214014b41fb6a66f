import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { formatLocalDate } from '../../domain/dates.ts';
import { localDateOf } from '../../domain/time.ts';
import { notFound } from '../../plugins/errors.ts';
import { problemMessages } from '../../ui/form.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { draftAmendmentOf, listAmendments } from './amendments.ts';
import { detailsBody, measureBody, measureErrors, newMeasureValues, nextCodes, NUMERIC_ID, PLAN_ID, readDetailsBody, readMeasureBody, takeNewOrganisation, taskOptions, type MeasureBody } from './forms.ts';
import { copyPlan, detailsOf, updateDraftDetails, type DetailsField, type PlanDetailsInput } from './lifecycle.ts';
import { HistoryPage, PlanDetailsPage, StateChangePage } from './lifecycle-views.tsx';
import { MeasureFormPage, type MeasureFormErrors, type MeasureFormValues } from './measure-form.tsx';
import { mayManagePlan, mayReadPlan, planPermissions } from './policy.ts';
import { conflictPage, confirmBody, managedPlanOr404 } from './access.ts';
import * as plans from './service.ts';
import { changePlanState } from './activation.ts';

/**
 * A plan's life after import: its details and measures while a draft, closing and archiving,
 * copying it as the next plan, and its history of amendments.
 */
export default async function planLifecycleRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.zvit;
  const manage = { permission: planPermissions.manage };
  const managedPlan = (request: FastifyRequest, planId: string) => managedPlanOr404(db, request, planId);
  const conflict = conflictPage;

  // ---- a draft's details --------------------------------------------------------------------------

  const detailsForm = (request: FastifyRequest, reply: FastifyReply, mode: 'copy' | 'edit', plan: plans.PlanView, values: PlanDetailsInput, errors: Partial<Record<DetailsField, string>>, status: number) =>
    reply.html(PlanDetailsPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), mode, plan, values, errors }), { status });

  app.get<{ Params: { planId: string } }>('/plans/:planId/details', { config: manage }, async (request, reply) => {
    const plan = await managedPlan(request, request.params.planId);
    if (plan.state !== 'draft') return reply.redirect(`/plans/${encodeURIComponent(plan.id)}`, 303);
    return detailsForm(request, reply, 'edit', plan, detailsOf(plan), {}, 200);
  });

  app.post<{ Params: { planId: string } }>('/plans/:planId/details', { config: manage, schema: { body: detailsBody } }, async (request, reply) => {
    const plan = await managedPlan(request, request.params.planId);
    const values = readDetailsBody(request.body as Record<string, string | undefined>);
    const result = await updateDraftDetails(db, clock, principalActor(request.principal!, request.meta()), plan.id, values);
    if (result === 'not-draft') return conflict(request, reply, 'review.notDraft');
    if (result) return detailsForm(request, reply, 'edit', plan, values, problemMessages(request.tr, 'details.error', result.errors), 400);
    return reply.redirect(`/plans/${encodeURIComponent(plan.id)}/review?details=1`, 303);
  });

  // ---- adding and removing a draft's measures --------------------------------------------------------

  const addForm = async (request: FastifyRequest, reply: FastifyReply, plan: plans.PlanView, values: MeasureFormValues, errors: MeasureFormErrors, status: number) => {
    const { t } = request.tr;
    const structure = await plans.planStructure(db, plan.id);
    const href = `/plans/${encodeURIComponent(plan.id)}`;
    return reply.html(
      MeasureFormPage({
        ctx: pageContext(request, 'plans'),
        csrf: request.csrfToken(),
        title: t('amendment.addTitle'),
        caption: plan.title,
        back: { href: `${href}/review`, label: t('review.title') },
        action: `${href}/measures/new`,
        submitLabel: t('review.addMeasure'),
        directory: await loadDirectory(db),
        values,
        errors,
        tasks: taskOptions(request.tr, structure),
        nextCodes: nextCodes(structure),
        mayAddOrganisation: request.principal!.permissions.has('directory.manage'),
      }),
      { status },
    );
  };

  app.get<{ Params: { planId: string } }>('/plans/:planId/measures/new', { config: manage }, async (request, reply) => {
    const plan = await managedPlan(request, request.params.planId);
    if (plan.state !== 'draft') return reply.redirect(`/plans/${encodeURIComponent(plan.id)}`, 303);
    return addForm(request, reply, plan, newMeasureValues(await plans.planStructure(db, plan.id)), {}, 200);
  });

  app.post<{ Params: { planId: string } }>('/plans/:planId/measures/new', { config: manage, schema: { body: measureBody } }, async (request, reply) => {
    const plan = await managedPlan(request, request.params.planId);
    if (plan.state !== 'draft') return conflict(request, reply, 'review.notDraft');
    const actor = principalActor(request.principal!, request.meta());
    const form = readMeasureBody(request.body as MeasureBody);
    const orgErrors = await takeNewOrganisation(db, clock, actor, request, form, plan.ownerOrganisationId);
    if (orgErrors) return addForm(request, reply, plan, form.values, orgErrors, 400);
    const result = await plans.addDraftMeasure(db, clock, actor, await loadDirectory(db), plan.id, form.input);
    if (result === 'not-draft') return conflict(request, reply, 'review.notDraft');
    if ('errors' in result) return addForm(request, reply, plan, form.values, measureErrors(request.tr, result.errors), 400);
    return reply.redirect(`/plans/${encodeURIComponent(plan.id)}/review?saved=${encodeURIComponent(form.values.code)}#measure-${form.values.code}`, 303);
  });

  app.post<{ Params: { planId: string; measureId: string } }>('/plans/:planId/measures/:measureId/remove', { config: manage, schema: { body: confirmBody } }, async (request, reply) => {
    const plan = await managedPlan(request, request.params.planId);
    if (!NUMERIC_ID.test(request.params.measureId)) throw notFound();
    if (plan.state !== 'draft') return conflict(request, reply, 'review.notDraft');
    if (!(await plans.removeDraftMeasure(db, clock, principalActor(request.principal!, request.meta()), plan.id, Number(request.params.measureId)))) throw notFound();
    return reply.redirect(`/plans/${encodeURIComponent(plan.id)}/review?removed=1`, 303);
  });

  // ---- closing and archiving -------------------------------------------------------------------------

  for (const [path, to, from] of [
    ['close', 'closed', 'active'],
    ['archive', 'archived', 'closed'],
  ] as const) {
    app.get<{ Params: { planId: string } }>(`/plans/:planId/${path}`, { config: manage }, async (request, reply) => {
      const plan = await managedPlan(request, request.params.planId);
      if (plan.state !== from) return reply.redirect(`/plans/${encodeURIComponent(plan.id)}`, 303);
      return reply.html(StateChangePage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, to, pendingAmendment: await draftAmendmentOf(db, plan.id) }));
    });
    app.post<{ Params: { planId: string } }>(`/plans/:planId/${path}`, { config: manage, schema: { body: confirmBody } }, async (request, reply) => {
      const plan = await managedPlan(request, request.params.planId);
      if (plan.state !== from) return conflict(request, reply, 'state.error.notNow');
      if ((request.body as { confirm?: string }).confirm !== 'yes') {
        return reply.html(StateChangePage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, to, error: request.tr.t('state.error.confirm'), pendingAmendment: await draftAmendmentOf(db, plan.id) }), { status: 400 });
      }
      if (!(await changePlanState(db, clock, principalActor(request.principal!, request.meta()), plan.id, to))) return conflict(request, reply, 'state.error.notNow');
      return reply.redirect(`/plans/${encodeURIComponent(plan.id)}?done=${to}`, 303);
    });
  }

  // ---- copying as the next plan ----------------------------------------------------------------------

  app.get<{ Params: { planId: string } }>('/plans/:planId/copy', { config: manage }, async (request, reply) => {
    const plan = await managedPlan(request, request.params.planId);
    // The next plan starts the day after this one ends, for as long as this one ran.
    const startYear = Number(plan.end.slice(0, 4)) + 1;
    const years = Number(plan.end.slice(0, 4)) - Number(plan.start.slice(0, 4));
    const endYear = startYear + Math.max(years, 0);
    const values: PlanDetailsInput = {
      ...detailsOf(plan),
      // "… на період до 2025 року" becomes "… до 2030 року"; the coordinator checks it.
      title: plan.title.replaceAll(plan.end.slice(0, 4), String(endYear)),
      shortTitle: (plan.shortTitle ?? '').replaceAll(plan.end.slice(0, 4), String(endYear)),
      legalNumber: '',
      legalDate: '',
      start: formatLocalDate(`${startYear}-01-01`),
      end: formatLocalDate(`${endYear}-12-31`),
    };
    return detailsForm(request, reply, 'copy', plan, values, {}, 200);
  });

  app.post<{ Params: { planId: string } }>('/plans/:planId/copy', { config: manage, schema: { body: detailsBody } }, async (request, reply) => {
    const plan = await managedPlan(request, request.params.planId);
    const values = readDetailsBody(request.body as Record<string, string | undefined>);
    const result = await copyPlan(db, clock, principalActor(request.principal!, request.meta()), await loadDirectory(db), plan.id, values);
    if (result === 'no-plan') throw notFound();
    if ('errors' in result) return detailsForm(request, reply, 'copy', plan, values, problemMessages(request.tr, 'details.error', result.errors), 400);
    return reply.redirect(`/plans/${encodeURIComponent(result.planId)}/review`, 303);
  });

  // ---- addresses a form posts to, opened again (a reload after an error, a bookmark) ---------------

  const back = (target: (planId: string) => string) => async (request: FastifyRequest<{ Params: { planId: string } }>, reply: FastifyReply) => {
    if (!PLAN_ID.test(request.params.planId)) throw notFound();
    return reply.redirect(target(request.params.planId), 303);
  };
  const review = (planId: string) => `/plans/${encodeURIComponent(planId)}/review`;
  app.get<{ Params: { planId: string } }>('/plans/:planId/activate', { config: manage }, back(review));
  app.get<{ Params: { planId: string } }>('/plans/:planId/discard', { config: manage }, back(review));
  app.get<{ Params: { planId: string; measureId: string } }>('/plans/:planId/measures/:measureId/remove', { config: manage }, back(review));
  app.get<{ Params: { planId: string } }>('/plans/:planId/amendments', { config: { permission: planPermissions.read } }, back((planId) => `/plans/${encodeURIComponent(planId)}/history`));

  // ---- history -----------------------------------------------------------------------------------

  app.get<{ Params: { planId: string } }>('/plans/:planId/history', { config: { permission: planPermissions.read } }, async (request, reply) => {
    if (!PLAN_ID.test(request.params.planId)) throw notFound();
    const plan = await plans.getPlan(db, request.params.planId);
    if (!plan || !mayReadPlan(request.principal, plan)) throw notFound();
    const directory = await loadDirectory(db);
    const mayManage = mayManagePlan(request.principal, plan);
    const amendments = await listAmendments(db, directory, plan, { withDrafts: mayManage });
    const today = localDateOf(clock.now(), plan.schedule.timeZone);
    return reply.html(HistoryPage({ ctx: pageContext(request, 'plans'), plan, directory, amendments, mayManage, today }));
  });
}
