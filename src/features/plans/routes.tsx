import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { loadDirectory, type Directory } from '../organisations/service.ts';
import { mayReadPlan, planPermissions } from './policy.ts';
import * as plans from './service.ts';
import { CalendarPage, EditMeasurePage, MeasuresRegion, MeasurePage, PlanPage, PlansPage, ReviewPage, type FilterState } from './views.tsx';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { latestImport } from '../imports/service.ts';
import { principalActor } from '../auth/service.ts';
import { ErrorPage } from '../../ui/error-page.tsx';


const ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Reads the filter of the plan page; a bad value is reported beside its field and not applied. */
function parseFilter(request: FastifyRequest, executorOptions: readonly string[], directory: Directory): FilterState {
  const query = request.query as Record<string, unknown>;
  const { t } = request.tr;
  const filter: FilterState = { executor: '', q: '', errors: [] };
  const executor = query.executor;
  if (executor !== undefined && executor !== '') {
    if (typeof executor !== 'string') filter.errors.push({ field: 'executor', message: t('plan.filter.error.invalid') });
    else if (!executorOptions.includes(executor) || !directory.organisation(executor)) {
      filter.errors.push({ field: 'executor', message: t('plan.filter.error.executor') });
    } else filter.executor = executor;
  }
  const q = query.q;
  if (q !== undefined && q !== '') {
    if (typeof q !== 'string') filter.errors.push({ field: 'q', message: t('plan.filter.error.invalid') });
    else if (q.length > plans.MAX_SEARCH_LENGTH) {
      filter.errors.push({ field: 'q', message: t('plan.filter.error.qTooLong', { max: plans.MAX_SEARCH_LENGTH }) });
      filter.q = '';
    } else filter.q = q.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  }
  return filter;
}

export default async function planRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const read = { config: { permission: planPermissions.read } };

  app.get('/', read, async (_request, reply) => reply.redirect('/plans', 302));

  app.get('/plans', read, async (request, reply) => {
    const [list, directory] = await Promise.all([plans.listPlans(db), loadDirectory(db)]);
    const visible = list.filter((p) => mayReadPlan(request.principal, p));
    return reply.html(PlansPage({ ctx: pageContext(request, 'plans'), plans: visible, directory }));
  });

  app.get<{ Params: { planId: string } }>('/plans/:planId', read, async (request, reply) => {
    const { planId } = request.params;
    if (!ID.test(planId)) throw notFound();
    const directory = await loadDirectory(db);
    const plan = await plans.getPlan(db, planId);
    if (!plan || !mayReadPlan(request.principal, plan)) throw notFound();
    const executorOptions = await plans.planExecutorOrganisations(db, directory, planId);
    const filter = parseFilter(request, executorOptions, directory);
    const outline = await plans.getPlanOutline(db, directory, planId, { executorId: filter.executor || undefined, q: filter.q || undefined });
    if (!outline) throw notFound();
    const status = filter.errors.length > 0 ? 400 : 200;
    if (request.wantsFragment) {
      return reply.html(MeasuresRegion({ tr: request.tr, outline, directory, filter, inlineErrors: true }), { status, fragment: true });
    }
    return reply.html(PlanPage({ ctx: pageContext(request, 'plans'), outline, directory, executorOptions, filter }), { status });
  });

  // The review of a draft: only its coordinators (others get 404, as for the draft itself).
  const mayManage = (request: FastifyRequest, plan: plans.PlanView) => mayReadPlan(request.principal, plan) && request.principal!.permissions.has(planPermissions.manage) && request.principal!.organisationId === plan.coordinatorOrganisationId;

  app.get<{ Params: { planId: string } }>('/plans/:planId/review', { config: { permission: planPermissions.manage } }, async (request, reply) => {
    const { planId } = request.params;
    if (!ID.test(planId)) throw notFound();
    const directory = await loadDirectory(db);
    const outline = await plans.getPlanOutline(db, directory, planId);
    if (!outline || !mayManage(request, outline.plan)) throw notFound();
    if (outline.plan.state !== 'draft') return reply.redirect(`/plans/${encodeURIComponent(planId)}`, 303);
    const record = await latestImport(db, planId);
    return reply.html(ReviewPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), outline, directory, record }));
  });

  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/plans/:planId/discard',
    {
      config: { permission: planPermissions.manage },
      schema: { params: Type.Object({ planId: Type.String({ maxLength: 100 }) }), body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 100 })), confirm: Type.Optional(Type.String({ maxLength: 10 })) }, { additionalProperties: false }) },
    },
    async (request, reply) => {
      const { planId } = request.params;
      if (!ID.test(planId)) throw notFound();
      const directory = await loadDirectory(db);
      const outline = await plans.getPlanOutline(db, directory, planId);
      if (!outline || !mayManage(request, outline.plan)) throw notFound();
      if (outline.plan.state !== 'draft') {
        return reply.html(ErrorPage({ tr: request.tr, kind: 'badRequest', title: request.tr.t('review.notDraft'), message: '' }), { status: 409 });
      }
      if (request.body.confirm !== 'yes') {
        const record = await latestImport(db, planId);
        return reply.html(ReviewPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), outline, directory, record, discardError: request.tr.t('review.discardNeedsConfirm') }), { status: 400 });
      }
      await plans.discardDraft(db, clock, principalActor(request.principal!, request.meta()), planId);
      return reply.redirect('/plans', 303);
    },
  );

  app.post<{ Params: { planId: string } }>('/plans/:planId/activate', { config: { permission: planPermissions.manage } }, async (request, reply) => {
    const { planId } = request.params;
    if (!ID.test(planId)) throw notFound();
    const plan = await plans.getPlan(db, planId);
    if (!plan || !mayManage(request, plan)) throw notFound();
    if (!(await plans.activatePlan(db, clock, principalActor(request.principal!, request.meta()), planId))) {
      return reply.html(ErrorPage({ tr: request.tr, kind: 'badRequest', title: request.tr.t('review.notDraft'), message: '' }), { status: 409 });
    }
    return reply.redirect(`/plans/${encodeURIComponent(planId)}`, 303);
  });

  const editParams = Type.Object({ planId: Type.String({ maxLength: 100 }), measureId: Type.String({ maxLength: 12 }) });
  const editBody = Type.Object(
    {
      _csrf: Type.Optional(Type.String({ maxLength: 100 })),
      title: Type.Optional(Type.String({ maxLength: 20_000 })),
      deadline: Type.Optional(Type.String({ maxLength: 200 })),
      executors: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 300 })])),
    },
    { additionalProperties: false },
  );

  /** The draft measure a coordinator may correct, or a 404 / a redirect once the plan is no draft. */
  async function draftMeasure(request: FastifyRequest, planId: string, measureId: string) {
    if (!ID.test(planId) || !/^\d{1,9}$/.test(measureId)) throw notFound();
    const detail = await plans.getMeasure(db, planId, Number(measureId));
    if (!detail || !mayManage(request, detail.plan)) throw notFound();
    return detail;
  }

  app.withTypeProvider<TypeBoxTypeProvider>().get('/plans/:planId/measures/:measureId/edit', { config: { permission: planPermissions.manage }, schema: { params: editParams } }, async (request, reply) => {
    const detail = await draftMeasure(request, request.params.planId, request.params.measureId);
    if (detail.plan.state !== 'draft') return reply.redirect(`/plans/${encodeURIComponent(detail.plan.id)}/measures/${detail.measure.id}`, 303);
    const m = detail.measure;
    const values = { title: m.title, deadline: m.deadlineText ?? '', executors: m.executors.map((e) => `${e.type}:${e.id}`) };
    return reply.html(EditMeasurePage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), planId: detail.plan.id, measure: m, directory: await loadDirectory(db), values, errors: {} }));
  });

  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/plans/:planId/measures/:measureId/edit',
    { config: { permission: planPermissions.manage }, schema: { params: editParams, body: editBody } },
    async (request, reply) => {
      const detail = await draftMeasure(request, request.params.planId, request.params.measureId);
      const directory = await loadDirectory(db);
      const raw = [request.body.executors ?? []].flat();
      const executors = raw.flatMap((v) => {
        const m = /^(organisation|group):([A-Za-z0-9._-]{1,100})$/.exec(v);
        return m ? [{ type: m[1] as 'organisation' | 'group', id: m[2]! }] : [{ type: 'organisation' as const, id: '\u0000invalid' }];
      });
      const values = { title: request.body.title ?? '', deadline: request.body.deadline ?? '', executors: raw };
      const result = await plans.editDraftMeasure(db, clock, principalActor(request.principal!, request.meta()), directory, detail.plan.id, detail.measure.id, {
        title: values.title,
        deadline: values.deadline,
        executors,
      });
      if (result === 'not-draft') {
        return reply.html(ErrorPage({ tr: request.tr, kind: 'badRequest', title: request.tr.t('review.notDraft'), message: '' }), { status: 409 });
      }
      if (result) {
        const { t } = request.tr;
        const errors = Object.fromEntries(Object.entries(result).map(([field, problem]) => [field, t(`edit.error.${field}.${problem}` as MessageKey)]));
        return reply.html(EditMeasurePage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), planId: detail.plan.id, measure: detail.measure, directory, values, errors }), { status: 400 });
      }
      return reply.redirect(`/plans/${encodeURIComponent(detail.plan.id)}/review#measure-${detail.measure.code}`, 303);
    },
  );

  app.get<{ Params: { planId: string; measureId: string } }>('/plans/:planId/measures/:measureId', read, async (request, reply) => {
    const { planId, measureId } = request.params;
    if (!ID.test(planId)) throw notFound();
    // People type codes ("3.3") and padded numbers: send them to the measure's one address.
    if (/^\d{1,3}\.\d{1,3}$/.test(measureId)) {
      const id = await plans.measureIdByCode(db, planId, measureId);
      if (id === undefined) throw notFound();
      return reply.redirect(`/plans/${encodeURIComponent(planId)}/measures/${id}`, 301);
    }
    if (!/^\d{1,9}$/.test(measureId)) throw notFound();
    if (String(Number(measureId)) !== measureId) return reply.redirect(`/plans/${encodeURIComponent(planId)}/measures/${Number(measureId)}`, 301);
    const [detail, directory] = await Promise.all([plans.getMeasure(db, planId, Number(measureId)), loadDirectory(db)]);
    if (!detail || !mayReadPlan(request.principal, detail.plan)) throw notFound();
    const reporting = plans.reportingOrganisations(detail.measure, directory).length;
    return reply.html(MeasurePage({ ctx: pageContext(request, 'plans'), detail, directory, reportingOrganisations: reporting }));
  });

  app.get<{ Params: { planId: string } }>('/plans/:planId/calendar', read, async (request, reply) => {
    const { planId } = request.params;
    if (!ID.test(planId)) throw notFound();
    const [plan, directory] = await Promise.all([plans.getPlan(db, planId), loadDirectory(db)]);
    if (!plan || !mayReadPlan(request.principal, plan)) throw notFound();
    return reply.html(CalendarPage({ ctx: pageContext(request, 'plans'), plan, directory, entries: plans.planCalendar(plan, clock) }));
  });
}
