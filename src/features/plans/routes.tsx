import type { MessageKey } from '../../i18n/index.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issuerOf } from '../instructions/service.ts';
import { periodStates } from '../dashboards/service.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { compareLocalDates } from '../../domain/dates.ts';
import { dateInputProblem, defaultViewDate, parseDateInput } from '../../domain/plan-lifecycle.ts';
import { localDateOf } from '../../domain/time.ts';
import { notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { latestImport } from '../imports/service.ts';
import { loadDirectory, type Directory } from '../organisations/service.ts';
import { conflictPage, confirmBody } from './access.ts';
import { listAmendmentHeads } from './amendments.ts';
import { measureIndicators } from './indicators.ts';
import { measureBody, measureErrors, measureValues, NUMERIC_ID, PLAN_ID, readMeasureBody, takeNewOrganisation, type MeasureBody } from './forms.ts';
import { MeasureFormPage, type MeasureFormErrors, type MeasureFormValues } from './measure-form.tsx';
import { mayManagePlan, mayReadPlan, planPermissions } from './policy.ts';
import * as plans from './service.ts';
import { activatePlan, outlineChecks } from './activation.ts';
import { MeasuresRegion, MeasurePage, PlanPage, PlansPage, type FilterState } from './views.tsx';
import { CalendarPage } from './calendar-views.tsx';
import { ReviewPage } from './review-views.tsx';

/** Reads the filter of the plan page; a bad value is reported beside its field and not applied. */
function parseFilter(request: FastifyRequest, executorOptions: readonly string[], directory: Directory, plan: plans.PlanView): FilterState {
  const query = request.query as Record<string, unknown>;
  const { t } = request.tr;
  const filter: FilterState = { executor: '', q: '', on: '', errors: [] };
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
  const on = query.on;
  if (on !== undefined && on !== '') {
    const date = typeof on === 'string' && on.length <= 20 ? parseDateInput(on) : null;
    if (!date) filter.errors.push({ field: 'on', message: t(typeof on === 'string' && dateInputProblem(on) === 'nonexistent' ? 'plan.filter.error.onNonexistent' : 'plan.filter.error.on') });
    else if (compareLocalDates(date, plan.start) < 0 || compareLocalDates(date, plan.end) > 0) {
      filter.errors.push({ field: 'on', message: t('plan.filter.error.onOutside', { from: request.tr.date(plan.start), to: request.tr.date(plan.end) }) });
    } else filter.on = date;
  }
  return filter;
}

/** The plan's coordinators and its owner's supervisors reach each begun period's reports from its calendar. */
function calendarReportsLinks(request: FastifyRequest, plan: plans.PlanView): boolean {
  const p = request.principal;
  const oversees = Boolean(p && p.permissions.has('report.read-submitted') && (p.organisationId === plan.coordinatorOrganisationId || p.organisationId === plan.ownerOrganisationId));
  return oversees && (plan.state === 'active' || plan.state === 'closed');
}

export default async function planRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const read = { config: { permission: planPermissions.read } };
  const manage = { config: { permission: planPermissions.manage } };

  app.get('/plans', read, async (request, reply) => {
    const [list, directory] = await Promise.all([plans.listPlans(db, localDateOf(clock.now())), loadDirectory(db)]);
    const visible = list.filter((p) => mayReadPlan(request.principal, p));
    const discarded = (request.query as Record<string, unknown>).discarded === '1';
    return reply.html(PlansPage({ ctx: pageContext(request, 'plans'), plans: visible, directory, notice: discarded ? request.tr.t('review.discarded') : undefined }));
  });

  app.get<{ Params: { planId: string } }>('/plans/:planId', read, async (request, reply) => {
    const { planId } = request.params;
    if (!PLAN_ID.test(planId)) throw notFound();
    const directory = await loadDirectory(db);
    const plan = await plans.getPlan(db, planId);
    if (!plan || !mayReadPlan(request.principal, plan)) throw notFound();
    const executorOptions = await plans.planExecutorOrganisations(db, directory, planId);
    const filter = parseFilter(request, executorOptions, directory, plan);
    // A plan in force reads as it stands today (kept within its dates); a draft as written.
    const today = localDateOf(clock.now(), plan.schedule.timeZone);
    const on = filter.on || (plan.state === 'draft' ? undefined : defaultViewDate(today, plan.start, plan.end));
    const outline = await plans.getPlanOutline(db, directory, planId, { executorId: filter.executor || undefined, q: filter.q || undefined, on });
    if (!outline) throw notFound();
    const status = filter.errors.length > 0 ? 400 : 200;
    if (request.wantsFragment) {
      return reply.html(MeasuresRegion({ tr: request.tr, outline, directory, filter, inlineErrors: true }), { status, fragment: true });
    }
    const amendments = plan.state === 'draft' ? [] : await listAmendmentHeads(db, plan.id, { withDrafts: mayManagePlan(request.principal, plan) });
    const copiedFrom = plan.copiedFrom ? await plans.getPlan(db, plan.copiedFrom) : undefined;
    const query = request.query as Record<string, unknown>;
    const notice = typeof query.done === 'string' && /^[a-z]{1,20}$/.test(query.done) ? query.done : undefined;
    return reply.html(
      PlanPage({
        ctx: pageContext(request, 'plans'),
        csrf: request.csrfToken(),
        outline,
        directory,
        executorOptions,
        filter,
        today: defaultViewDate(today, plan.start, plan.end),
        amendments,
        mayManage: mayManagePlan(request.principal, plan),
        copiedFrom: copiedFrom ?? null,
        notice,
        dashboard: calendarReportsLinks(request, plan),
      }),
      { status },
    );
  });

  // ---- the review of a draft: only its coordinators (others get 404, as for the draft itself) ----

  async function reviewPage(request: FastifyRequest, reply: FastifyReply, planId: string, extra: { discardError?: string; activateError?: string; blocked?: boolean } = {}, status = 200) {
    const directory = await loadDirectory(db);
    const outline = await plans.getPlanOutline(db, directory, planId);
    if (!outline || !mayManagePlan(request.principal, outline.plan)) throw notFound();
    if (outline.plan.state !== 'draft') return reply.redirect(`/plans/${encodeURIComponent(planId)}`, 303);
    const record = await latestImport(db, planId);
    const checks = outlineChecks(outline, directory);
    const copiedFrom = outline.plan.copiedFrom ? await plans.getPlan(db, outline.plan.copiedFrom) : undefined;
    const query = request.query as Record<string, unknown>;
    const notice = typeof query.saved === 'string' && /^[0-9.]{1,20}$/.test(query.saved) ? request.tr.t('edit.saved', { code: query.saved }) : query.removed === '1' ? request.tr.t('review.removed') : query.details === '1' ? request.tr.t('organisations.saved') : undefined;
    return reply.html(ReviewPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), outline, directory, record, checks, copiedFrom: copiedFrom ?? null, notice, ...extra }), { status });
  }

  app.get<{ Params: { planId: string } }>('/plans/:planId/review', manage, async (request, reply) => {
    if (!PLAN_ID.test(request.params.planId)) throw notFound();
    return reviewPage(request, reply, request.params.planId);
  });

  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/plans/:planId/discard',
    {
      config: { permission: planPermissions.manage },
      schema: { params: Type.Object({ planId: Type.String({ maxLength: 100 }) }), body: confirmBody },
    },
    async (request, reply) => {
      const { planId } = request.params;
      if (!PLAN_ID.test(planId)) throw notFound();
      const plan = await plans.getPlan(db, planId);
      if (!plan || !mayManagePlan(request.principal, plan)) throw notFound();
      if (plan.state !== 'draft') {
        return conflictPage(request, reply, 'review.notDraft');
      }
      if (request.body.confirm !== 'yes') return reviewPage(request, reply, planId, { discardError: request.tr.t('review.discardNeedsConfirm') }, 400);
      await plans.discardDraft(db, clock, principalActor(request.principal!, request.meta()), planId);
      return reply.redirect('/plans?discarded=1', 303);
    },
  );

  app.post<{ Params: { planId: string }; Body: { confirm?: string } }>('/plans/:planId/activate', { ...manage, schema: { body: confirmBody } }, async (request, reply) => {
    const { planId } = request.params;
    if (!PLAN_ID.test(planId)) throw notFound();
    const plan = await plans.getPlan(db, planId);
    if (!plan || !mayManagePlan(request.principal, plan)) throw notFound();
    if (plan.state !== 'draft') return conflictPage(request, reply, 'review.notDraft');
    // Bringing a plan into force starts its reporting: asked once more, like every lasting step.
    if (request.body.confirm !== 'yes') return reviewPage(request, reply, planId, { activateError: request.tr.t('review.activateNeedsConfirm') }, 400);
    const result = await activatePlan(db, clock, principalActor(request.principal!, request.meta()), await loadDirectory(db), planId);
    if (!result.ok && result.reason === 'blocked') return reviewPage(request, reply, planId, { blocked: true }, 409);
    if (!result.ok) return conflictPage(request, reply, 'review.notDraft');
    return reply.redirect(`/plans/${encodeURIComponent(planId)}?done=activated`, 303);
  });

  // ---- correcting a draft's measures --------------------------------------------------------------

  const editParams = Type.Object({ planId: Type.String({ maxLength: 100 }), measureId: Type.String({ maxLength: 12 }) });

  /** The draft measure a coordinator may correct, or a 404. */
  async function draftMeasure(request: FastifyRequest, planId: string, measureId: string) {
    if (!PLAN_ID.test(planId) || !NUMERIC_ID.test(measureId)) throw notFound();
    const detail = await plans.getMeasure(db, planId, Number(measureId));
    if (!detail || !mayManagePlan(request.principal, detail.plan)) throw notFound();
    return detail;
  }

  const editForm = async (request: FastifyRequest, reply: FastifyReply, detail: plans.MeasureDetail, values: MeasureFormValues, errors: MeasureFormErrors, status: number) => {
    const { t } = request.tr;
    const planHref = `/plans/${encodeURIComponent(detail.plan.id)}`;
    return reply.html(
      MeasureFormPage({
        ctx: pageContext(request, 'plans'),
        csrf: request.csrfToken(),
        title: t('edit.title', { code: detail.measure.code }),
        caption: detail.plan.title,
        back: { href: `${planHref}/review#measure-${detail.measure.code}`, label: t('review.title') },
        action: `${planHref}/measures/${detail.measure.id}/edit`,
        submitLabel: t('edit.save'),
        directory: await loadDirectory(db),
        values,
        errors,
        mayAddOrganisation: request.principal!.permissions.has('directory.manage'),
      }),
      { status },
    );
  };

  app.withTypeProvider<TypeBoxTypeProvider>().get('/plans/:planId/measures/:measureId/edit', { config: { permission: planPermissions.manage }, schema: { params: editParams } }, async (request, reply) => {
    const detail = await draftMeasure(request, request.params.planId, request.params.measureId);
    if (detail.plan.state !== 'draft') return reply.redirect(`/plans/${encodeURIComponent(detail.plan.id)}/measures/${detail.measure.id}`, 303);
    return editForm(request, reply, detail, measureValues(detail.measure), {}, 200);
  });

  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/plans/:planId/measures/:measureId/edit',
    { config: { permission: planPermissions.manage }, schema: { params: editParams, body: measureBody } },
    async (request, reply) => {
      const detail = await draftMeasure(request, request.params.planId, request.params.measureId);
      if (detail.plan.state !== 'draft') return conflictPage(request, reply, 'review.notDraft');
      const actor = principalActor(request.principal!, request.meta());
      const form = readMeasureBody(request.body as MeasureBody);
      const orgErrors = await takeNewOrganisation(db, clock, actor, request, form, detail.plan.ownerOrganisationId);
      if (orgErrors) return editForm(request, reply, detail, form.values, orgErrors, 400);
      const result = await plans.editDraftMeasure(db, clock, actor, await loadDirectory(db), detail.plan.id, detail.measure.id, form.input);
      if (result === 'not-draft') return conflictPage(request, reply, 'review.notDraft');
      if (result) return editForm(request, reply, detail, form.values, measureErrors(request.tr, result), 400);
      return reply.redirect(`/plans/${encodeURIComponent(detail.plan.id)}/review?saved=${encodeURIComponent(detail.measure.code)}#measure-${detail.measure.code}`, 303);
    },
  );

  // ---- reading ----------------------------------------------------------------------------------

  app.get<{ Params: { planId: string; measureId: string } }>('/plans/:planId/measures/:measureId', read, async (request, reply) => {
    const { planId, measureId } = request.params;
    if (!PLAN_ID.test(planId)) throw notFound();
    // People type codes ("3.3") and padded numbers: send them to the measure's one address.
    if (/^\d{1,3}\.\d{1,3}$/.test(measureId)) {
      const id = await plans.measureIdByCode(db, planId, measureId);
      if (id === undefined) throw notFound();
      return reply.redirect(`/plans/${encodeURIComponent(planId)}/measures/${id}`, 301);
    }
    if (!NUMERIC_ID.test(measureId)) throw notFound();
    if (String(Number(measureId)) !== measureId) return reply.redirect(`/plans/${encodeURIComponent(planId)}/measures/${Number(measureId)}`, 301);
    const query = request.query as Record<string, unknown>;
    const asked = typeof query.on === 'string' && query.on.length <= 20 ? (parseDateInput(query.on) ?? undefined) : undefined;
    const plan = await plans.getPlan(db, planId);
    if (!plan || !mayReadPlan(request.principal, plan)) throw notFound();
    // As the plan page: the text in force today unless a date is asked; a measure not in force
    // that day (added later, or removed) shows its nearest text with a note.
    const today = defaultViewDate(localDateOf(clock.now(), plan.schedule.timeZone), plan.start, plan.end);
    const on = asked ?? (plan.state === 'draft' ? undefined : today);
    const [found, directory] = await Promise.all([plans.getMeasure(db, planId, Number(measureId), on), loadDirectory(db)]);
    const detail = found ?? (await plans.getMeasure(db, planId, Number(measureId), undefined, on));
    if (!detail) throw notFound();
    const [versions, amendments] = await Promise.all([plans.measureVersions(db, planId, detail.measure.id), detail.plan.state === 'draft' ? Promise.resolve([]) : listAmendmentHeads(db, planId, { withDrafts: false })]);
    const reporting = plans.reportingOrganisations(detail.measure, directory).length;
    const indicators = await measureIndicators(db, planId, detail.measure.id);
    return reply.html(
      MeasurePage({ ctx: pageContext(request, 'plans'), detail, directory, reportingOrganisations: reporting, versions, amendments, on: asked ?? null, today: plan.state === 'draft' ? null : today, indicators, mayManage: mayManagePlan(request.principal, plan), mayInstruct: plan.state !== 'draft' && issuerOf(request.principal, plan) !== null }),
    );
  });

  app.get<{ Params: { planId: string } }>('/plans/:planId/calendar', read, async (request, reply) => {
    const { planId } = request.params;
    if (!PLAN_ID.test(planId)) throw notFound();
    const [plan, directory] = await Promise.all([plans.getPlan(db, planId), loadDirectory(db)]);
    if (!plan || !mayReadPlan(request.principal, plan)) throw notFound();
    const reportsLinks = calendarReportsLinks(request, plan);
    const doneWhat = (request.query as Record<string, unknown>).done;
    const done = doneWhat === 'reminders';
    const reminders = mayManagePlan(request.principal, plan) ? { csrf: request.csrfToken(), value: plan.reminderDays.join(', '), notice: done ? request.tr.t('reminders.saved') : undefined } : null;
    const entries = plans.planCalendar(plan, clock);
    // Those who oversee the plan see where each begun period stands.
    const states = reportsLinks ? await periodStates(db, directory, plan, entries.filter((e) => e.status !== 'future').map((e) => e.period), clock.now()) : undefined;
    const cycle = reminders ? { on: plan.districtReview !== null, dueDay: String(plan.districtReview?.dueDay ?? Math.max(1, plan.schedule.executorDueDay - 5)), notice: doneWhat === 'cycle' ? request.tr.t('cycle.saved') : undefined } : undefined;
    return reply.html(CalendarPage({ ctx: pageContext(request, 'plans'), plan, directory, entries, reportsLinks, reminders, ...(states ? { states } : {}), ...(cycle ? { cycle } : {}) }));
  });

  // The two-level cycle (issue 17): the coordinator turns it on with the district's day, or off.
  app.post<{ Params: { planId: string } }>('/plans/:planId/calendar/cycle', { config: { permission: planPermissions.manage } }, async (request, reply) => {
    const { planId } = request.params;
    if (!PLAN_ID.test(planId)) throw notFound();
    const [plan, directory] = await Promise.all([plans.getPlan(db, planId), loadDirectory(db)]);
    if (!plan || !mayManagePlan(request.principal, plan) || plan.state === 'archived') throw notFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const on = body.districtReview === 'on';
    const dueDay = typeof body.districtDueDay === 'string' ? body.districtDueDay.slice(0, 10) : '';
    const result = await plans.setDistrictReview(db, clock, principalActor(request.principal!, request.meta()), plan, { on, dueDay });
    if (result) {
      const error = request.tr.t(`cycle.error.${result.problem}` as MessageKey, { day: plan.schedule.executorDueDay });
      return reply.html(
        CalendarPage({ ctx: pageContext(request, 'plans'), plan, directory, entries: plans.planCalendar(plan, clock), reportsLinks: calendarReportsLinks(request, plan), reminders: { csrf: request.csrfToken(), value: plan.reminderDays.join(', ') }, cycle: { on, dueDay, error } }),
        { status: 400 },
      );
    }
    return reply.redirect(`/plans/${encodeURIComponent(plan.id)}/calendar?done=cycle#cycle-heading`, 303);
  });

  // The days before the executors' deadline on which reminders go: the coordinator's to set.
  app.post<{ Params: { planId: string } }>('/plans/:planId/calendar/reminders', { config: { permission: planPermissions.manage } }, async (request, reply) => {
    const { planId } = request.params;
    if (!PLAN_ID.test(planId)) throw notFound();
    const [plan, directory] = await Promise.all([plans.getPlan(db, planId), loadDirectory(db)]);
    if (!plan || !mayManagePlan(request.principal, plan) || plan.state === 'archived') throw notFound();
    const raw = (request.body as Record<string, unknown> | undefined)?.reminderDays;
    const value = typeof raw === 'string' ? raw.slice(0, 200) : '';
    const result = typeof raw === 'string' && raw.length <= 200 ? await plans.setReminderDays(db, clock, principalActor(request.principal!, request.meta()), plan, value) : { problem: 'invalid' as const };
    if ('problem' in result) {
      const error = request.tr.t(`reminders.error.${result.problem}`);
      return reply.html(CalendarPage({ ctx: pageContext(request, 'plans'), plan, directory, entries: plans.planCalendar(plan, clock), reportsLinks: calendarReportsLinks(request, plan), reminders: { csrf: request.csrfToken(), value, error } }), { status: 400 });
    }
    return reply.redirect(`/plans/${encodeURIComponent(plan.id)}/calendar?done=reminders#reminders-heading`, 303);
  });
}
