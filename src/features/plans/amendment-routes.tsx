import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { localDateOf } from '../../domain/time.ts';
import { notFound } from '../../plugins/errors.ts';
import { problemMessages } from '../../ui/form.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import * as amendments from './amendments.ts';
import { currentText, measureBody, measureErrors, measureValues, newMeasureValues, nextCodes, NUMERIC_ID, PLAN_ID, readMeasureBody, takeNewOrganisation, taskOptions, type MeasureBody } from './forms.ts';
import { AmendmentBasisPage, AmendmentPage, amendmentHref, type BasisValues } from './lifecycle-views.tsx';
import { EMPTY_MEASURE_VALUES, MeasureFormPage, type MeasureFormErrors, type MeasureFormValues } from './measure-form.tsx';
import { mayManagePlan, mayReadPlan, planPermissions } from './policy.ts';
import { conflictPage, confirmBody, managedPlanOr404 } from './access.ts';
import * as plans from './service.ts';

const csrf = Type.Optional(Type.String({ maxLength: 100 }));
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const basisBody = Type.Object({ _csrf: csrf, legalKind: text(400), legalNumber: text(200), legalDate: text(100), effectiveFrom: text(100), note: text(20_000) }, { additionalProperties: false });

/**
 * Amendments of a plan in force: start one from its amending order, prepare changes to measures,
 * apply them all at once or discard them. Being prepared, an amendment is seen only by the plan's
 * coordinators; applied, by everyone who reads the plan.
 */
export default async function amendmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.zvit;
  const manage = { permission: planPermissions.manage };

  const managedPlan = (request: FastifyRequest, planId: string) => managedPlanOr404(db, request, planId);

  /** A draft amendment of a plan the principal manages, or 404. */
  async function draftAmendment(request: FastifyRequest, planId: string, amendmentId: string) {
    const plan = await managedPlan(request, planId);
    if (!NUMERIC_ID.test(amendmentId)) throw notFound();
    const directory = await loadDirectory(db);
    const amendment = await amendments.getAmendment(db, directory, plan, Number(amendmentId));
    if (!amendment) throw notFound();
    return { plan, directory, amendment };
  }

  const conflict = conflictPage;

  const readBasis = (body: Record<string, string | undefined>): BasisValues => ({ legalKind: body.legalKind ?? '', legalNumber: body.legalNumber ?? '', legalDate: body.legalDate ?? '', effectiveFrom: body.effectiveFrom ?? '', note: body.note ?? '' });

  // ---- the amending order ---------------------------------------------------------------------

  app.get<{ Params: { planId: string } }>('/plans/:planId/amendments/new', { config: manage }, async (request, reply) => {
    const plan = await managedPlan(request, request.params.planId);
    if (plan.state !== 'active') return conflict(request, reply, 'amendment.onlyActive');
    const existing = await amendments.draftAmendmentOf(db, plan.id);
    if (existing !== undefined) return reply.redirect(amendmentHref(plan.id, existing), 303);
    const applied = (await amendments.listAmendmentHeads(db, plan.id, { withDrafts: false })).at(-1);
    const values: BasisValues = { legalKind: 'розпорядження', legalNumber: '', legalDate: '', effectiveFrom: '', note: '' };
    return reply.html(AmendmentBasisPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, values, errors: {}, lastApplied: applied?.effectiveFrom ?? null }));
  });

  app.post<{ Params: { planId: string } }>('/plans/:planId/amendments', { config: manage, schema: { body: basisBody } }, async (request, reply) => {
    const plan = await managedPlan(request, request.params.planId);
    const values = readBasis(request.body as Record<string, string | undefined>);
    const result = await amendments.createAmendment(db, clock, principalActor(request.principal!, request.meta()), plan.id, values);
    if (result === 'not-active') return conflict(request, reply, 'amendment.onlyActive');
    if ('existing' in result) return reply.redirect(amendmentHref(plan.id, result.existing), 303);
    if ('errors' in result) {
      return reply.html(AmendmentBasisPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, values, errors: problemMessages(request.tr, 'amendment.error', result.errors), lastApplied: result.lastApplied }), { status: 400 });
    }
    return reply.redirect(amendmentHref(plan.id, result.id), 303);
  });

  app.get<{ Params: { planId: string; amendmentId: string } }>('/plans/:planId/amendments/:amendmentId/basis', { config: manage }, async (request, reply) => {
    const { plan, amendment } = await draftAmendment(request, request.params.planId, request.params.amendmentId);
    if (amendment.state !== 'draft') return reply.redirect(amendmentHref(plan.id, amendment.id), 303);
    const values: BasisValues = { legalKind: amendment.legal.kind, legalNumber: amendment.legal.number, legalDate: amendment.legal.date, effectiveFrom: amendment.effectiveFrom, note: amendment.note ?? '' };
    const others = (await amendments.listAmendmentHeads(db, plan.id, { withDrafts: false })).at(-1);
    return reply.html(AmendmentBasisPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, values, errors: {}, amendmentId: amendment.id, lastApplied: others?.effectiveFrom ?? null }));
  });

  app.post<{ Params: { planId: string; amendmentId: string } }>('/plans/:planId/amendments/:amendmentId/basis', { config: manage, schema: { body: basisBody } }, async (request, reply) => {
    const { plan, amendment } = await draftAmendment(request, request.params.planId, request.params.amendmentId);
    const values = readBasis(request.body as Record<string, string | undefined>);
    const result = await amendments.editAmendmentBasis(db, clock, principalActor(request.principal!, request.meta()), plan, amendment.id, values);
    if (result === 'not-draft') return conflict(request, reply, 'amendment.notDraft');
    if (result) {
      return reply.html(AmendmentBasisPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, values, errors: problemMessages(request.tr, 'amendment.error', result.errors), amendmentId: amendment.id, lastApplied: result.lastApplied }), { status: 400 });
    }
    return reply.redirect(amendmentHref(plan.id, amendment.id), 303);
  });

  // ---- the amendment's page --------------------------------------------------------------------------

  async function amendmentPage(request: FastifyRequest, reply: FastifyReply, planId: string, amendmentId: number, extra: Partial<Parameters<typeof AmendmentPage>[0]> = {}, status = 200) {
    const plan = (await plans.getPlan(db, planId))!;
    const directory = await loadDirectory(db);
    const amendment = (await amendments.getAmendment(db, directory, plan, amendmentId))!;
    const outline = amendment.state === 'draft' ? ((await plans.getPlanOutline(db, directory, plan.id)) ?? null) : null;
    return reply.html(AmendmentPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, directory, amendment, outline, ...extra }), { status });
  }

  app.get<{ Params: { planId: string; amendmentId: string } }>('/plans/:planId/amendments/:amendmentId', { config: { permission: planPermissions.read } }, async (request, reply) => {
    const { planId, amendmentId } = request.params;
    if (!PLAN_ID.test(planId) || !NUMERIC_ID.test(amendmentId)) throw notFound();
    const plan = await plans.getPlan(db, planId);
    if (!plan || !mayReadPlan(request.principal, plan)) throw notFound();
    const amendment = await amendments.getAmendment(db, await loadDirectory(db), plan, Number(amendmentId));
    // An amendment being prepared is its coordinators' business only.
    if (!amendment || (amendment.state === 'draft' && !mayManagePlan(request.principal, plan))) throw notFound();
    const saved = (request.query as Record<string, unknown>).saved === '1';
    return amendmentPage(request, reply, plan.id, amendment.id, { notice: saved ? request.tr.t('amendment.prepared') : undefined });
  });

  // ---- preparing changes --------------------------------------------------------------------------

  const changeForm = async (request: FastifyRequest, reply: FastifyReply, ctx: { plan: plans.PlanView; amendment: amendments.AmendmentView }, mode: { kind: 'edit'; measure: plans.MeasureView } | { kind: 'add'; changeId?: number }, values: MeasureFormValues, errors: MeasureFormErrors, status: number) => {
    const { t } = request.tr;
    const { plan, amendment } = ctx;
    const href = amendmentHref(plan.id, amendment.id);
    const directory = await loadDirectory(db);
    const structure = mode.kind === 'add' ? await plans.planStructure(db, plan.id) : null;
    return reply.html(
      MeasureFormPage({
        ctx: pageContext(request, 'plans'),
        csrf: request.csrfToken(),
        title: mode.kind === 'edit' ? t('amendment.editTitle', { code: mode.measure.code }) : t('amendment.addTitle'),
        caption: t('amendment.basis', { kind: amendment.legal.kind, number: amendment.legal.number, date: request.tr.date(amendment.legal.date) }),
        intro: mode.kind === 'edit' ? t('amendment.editIntro', { date: request.tr.date(amendment.effectiveFrom) }) : t('amendment.addIntro', { date: request.tr.date(amendment.effectiveFrom) }),
        back: { href, label: t('amendment.draftTitle') },
        action: mode.kind === 'edit' ? `${href}/measures/${mode.measure.id}` : mode.changeId ? `${href}/additions/${mode.changeId}` : `${href}/measures/new`,
        submitLabel: t('amendment.saveChange'),
        directory,
        values,
        errors,
        tasks: structure ? taskOptions(request.tr, structure) : undefined,
        nextCodes: structure ? nextCodes(structure, amendment.changes.filter((c) => c.kind === 'add').map((c) => c.code)) : undefined,
        current: mode.kind === 'edit' ? currentText(request.tr, directory, t('amendment.current'), mode.measure) : undefined,
        mayAddOrganisation: request.principal!.permissions.has('directory.manage'),
      }),
      { status },
    );
  };

  /** The measure of a draft amendment's plan, as it reads now (its latest version). */
  async function latestMeasure(planId: string, measureId: string) {
    if (!NUMERIC_ID.test(measureId)) throw notFound();
    const detail = await plans.getMeasure(db, planId, Number(measureId));
    if (!detail || detail.measure.validTo) throw notFound();
    return detail.measure;
  }

  app.get<{ Params: { planId: string; amendmentId: string; measureId: string } }>('/plans/:planId/amendments/:amendmentId/measures/:measureId', { config: manage }, async (request, reply) => {
    const ctx = await draftAmendment(request, request.params.planId, request.params.amendmentId);
    if (ctx.amendment.state !== 'draft') return reply.redirect(amendmentHref(ctx.plan.id, ctx.amendment.id), 303);
    const measure = await latestMeasure(ctx.plan.id, request.params.measureId);
    const staged = ctx.amendment.changes.find((c) => c.measureId === measure.id && c.kind === 'edit');
    const values = staged?.after ? { ...measureValues({ ...staged.after }), code: measure.code } : measureValues(measure);
    return changeForm(request, reply, ctx, { kind: 'edit', measure }, values, {}, 200);
  });

  app.post<{ Params: { planId: string; amendmentId: string; measureId: string } }>('/plans/:planId/amendments/:amendmentId/measures/:measureId', { config: manage, schema: { body: measureBody } }, async (request, reply) => {
    const ctx = await draftAmendment(request, request.params.planId, request.params.amendmentId);
    if (ctx.amendment.state !== 'draft') return conflict(request, reply, 'amendment.notDraft');
    const measure = await latestMeasure(ctx.plan.id, request.params.measureId);
    const actor = principalActor(request.principal!, request.meta());
    const form = readMeasureBody(request.body as MeasureBody);
    const orgErrors = await takeNewOrganisation(db, clock, actor, request, form, ctx.plan.ownerOrganisationId);
    if (orgErrors) return changeForm(request, reply, ctx, { kind: 'edit', measure }, form.values, orgErrors, 400);
    const result = await amendments.stageMeasureEdit(db, clock, actor, await loadDirectory(db), ctx.plan, ctx.amendment.id, measure.id, form.input);
    if (result === 'not-draft') return conflict(request, reply, 'amendment.notDraft');
    if (result === 'no-measure') throw notFound();
    if ('errors' in result) return changeForm(request, reply, ctx, { kind: 'edit', measure }, form.values, measureErrors(request.tr, result.errors), 400);
    return reply.redirect(`${amendmentHref(ctx.plan.id, ctx.amendment.id)}?saved=1`, 303);
  });

  app.post<{ Params: { planId: string; amendmentId: string; measureId: string } }>('/plans/:planId/amendments/:amendmentId/measures/:measureId/remove', { config: manage, schema: { body: confirmBody } }, async (request, reply) => {
    const ctx = await draftAmendment(request, request.params.planId, request.params.amendmentId);
    if (!NUMERIC_ID.test(request.params.measureId)) throw notFound();
    const result = await amendments.stageMeasureRemoval(db, clock, principalActor(request.principal!, request.meta()), ctx.plan, ctx.amendment.id, Number(request.params.measureId));
    if (result === 'not-draft') return conflict(request, reply, 'amendment.notDraft');
    if (result === 'no-measure') throw notFound();
    return reply.redirect(`${amendmentHref(ctx.plan.id, ctx.amendment.id)}?saved=1`, 303);
  });

  app.get<{ Params: { planId: string; amendmentId: string } }>('/plans/:planId/amendments/:amendmentId/measures/new', { config: manage }, async (request, reply) => {
    const ctx = await draftAmendment(request, request.params.planId, request.params.amendmentId);
    if (ctx.amendment.state !== 'draft') return reply.redirect(amendmentHref(ctx.plan.id, ctx.amendment.id), 303);
    return changeForm(request, reply, ctx, { kind: 'add' }, newMeasureValues(await plans.planStructure(db, ctx.plan.id)), {}, 200);
  });

  const stageAddition = async (request: FastifyRequest, reply: FastifyReply, planId: string, amendmentId: string, changeId?: number) => {
    const ctx = await draftAmendment(request, planId, amendmentId);
    if (ctx.amendment.state !== 'draft') return conflict(request, reply, 'amendment.notDraft');
    const actor = principalActor(request.principal!, request.meta());
    const form = readMeasureBody(request.body as MeasureBody);
    const orgErrors = await takeNewOrganisation(db, clock, actor, request, form, ctx.plan.ownerOrganisationId);
    if (orgErrors) return changeForm(request, reply, ctx, { kind: 'add', changeId }, form.values, orgErrors, 400);
    const result = await amendments.stageMeasureAddition(db, clock, actor, await loadDirectory(db), ctx.plan, ctx.amendment.id, form.input, changeId);
    if (result === 'not-draft') return conflict(request, reply, 'amendment.notDraft');
    if (result === 'no-measure') throw notFound();
    if ('errors' in result) return changeForm(request, reply, ctx, { kind: 'add', changeId }, form.values, measureErrors(request.tr, result.errors), 400);
    return reply.redirect(`${amendmentHref(ctx.plan.id, ctx.amendment.id)}?saved=1`, 303);
  };

  app.post<{ Params: { planId: string; amendmentId: string } }>('/plans/:planId/amendments/:amendmentId/measures/new', { config: manage, schema: { body: measureBody } }, async (request, reply) =>
    stageAddition(request, reply, request.params.planId, request.params.amendmentId),
  );

  app.get<{ Params: { planId: string; amendmentId: string; changeId: string } }>('/plans/:planId/amendments/:amendmentId/additions/:changeId', { config: manage }, async (request, reply) => {
    const ctx = await draftAmendment(request, request.params.planId, request.params.amendmentId);
    if (!NUMERIC_ID.test(request.params.changeId)) throw notFound();
    const change = await amendments.stagedAddition(db, ctx.plan, ctx.amendment.id, Number(request.params.changeId));
    if (!change) throw notFound();
    const values: MeasureFormValues = { ...EMPTY_MEASURE_VALUES, ...amendments.stagedExecutorValues(change), title: change.title ?? '', deadline: change.deadline_text ?? '', code: change.code ?? '', taskId: String(change.task_id ?? '') };
    return changeForm(request, reply, ctx, { kind: 'add', changeId: change.id }, values, {}, 200);
  });

  app.post<{ Params: { planId: string; amendmentId: string; changeId: string } }>('/plans/:planId/amendments/:amendmentId/additions/:changeId', { config: manage, schema: { body: measureBody } }, async (request, reply) => {
    if (!NUMERIC_ID.test(request.params.changeId)) throw notFound();
    return stageAddition(request, reply, request.params.planId, request.params.amendmentId, Number(request.params.changeId));
  });

  app.post<{ Params: { planId: string; amendmentId: string; changeId: string } }>('/plans/:planId/amendments/:amendmentId/changes/:changeId/undo', { config: manage, schema: { body: confirmBody } }, async (request, reply) => {
    const ctx = await draftAmendment(request, request.params.planId, request.params.amendmentId);
    if (!NUMERIC_ID.test(request.params.changeId)) throw notFound();
    if (ctx.amendment.state !== 'draft') return conflict(request, reply, 'amendment.notDraft');
    if (!(await amendments.unstageChange(db, clock, principalActor(request.principal!, request.meta()), ctx.plan, ctx.amendment.id, Number(request.params.changeId)))) throw notFound();
    return reply.redirect(amendmentHref(ctx.plan.id, ctx.amendment.id), 303);
  });

  // Addresses a form posts to, opened again (a reload after an error): back to the amendment.
  for (const path of ['apply', 'discard', 'measures/:measureId/remove', 'changes/:changeId/undo']) {
    app.get<{ Params: { planId: string; amendmentId: string } }>(`/plans/:planId/amendments/:amendmentId/${path}`, { config: manage }, async (request, reply) => {
      if (!PLAN_ID.test(request.params.planId) || !NUMERIC_ID.test(request.params.amendmentId)) throw notFound();
      return reply.redirect(amendmentHref(request.params.planId, Number(request.params.amendmentId)), 303);
    });
  }

  // ---- applying or discarding -----------------------------------------------------------------------

  app.post<{ Params: { planId: string; amendmentId: string } }>('/plans/:planId/amendments/:amendmentId/apply', { config: manage, schema: { body: confirmBody } }, async (request, reply) => {
    const ctx = await draftAmendment(request, request.params.planId, request.params.amendmentId);
    if (ctx.amendment.state !== 'draft') return conflict(request, reply, 'amendment.notDraft');
    if ((request.body as { confirm?: string }).confirm !== 'yes') return amendmentPage(request, reply, ctx.plan.id, ctx.amendment.id, { confirmErrors: { applyConfirm: request.tr.t('amendment.error.applyConfirm') } }, 400);
    const result = await amendments.applyAmendment(db, clock, principalActor(request.principal!, request.meta()), await loadDirectory(db), ctx.plan.id, ctx.amendment.id);
    if (result === 'not-draft') return conflict(request, reply, 'amendment.notDraft');
    if (!result.ok) return amendmentPage(request, reply, ctx.plan.id, ctx.amendment.id, { problems: result.problems }, 409);
    // Show the plan from the day the changes take effect, when that is not today.
    const today = localDateOf(clock.now(), ctx.plan.schedule.timeZone);
    const on = ctx.amendment.effectiveFrom > today ? `&on=${ctx.amendment.effectiveFrom}` : '';
    return reply.redirect(`/plans/${encodeURIComponent(ctx.plan.id)}?done=applied${on}`, 303);
  });

  app.post<{ Params: { planId: string; amendmentId: string } }>('/plans/:planId/amendments/:amendmentId/discard', { config: manage, schema: { body: confirmBody } }, async (request, reply) => {
    const ctx = await draftAmendment(request, request.params.planId, request.params.amendmentId);
    if (ctx.amendment.state !== 'draft') return conflict(request, reply, 'amendment.notDraft');
    if ((request.body as { confirm?: string }).confirm !== 'yes') return amendmentPage(request, reply, ctx.plan.id, ctx.amendment.id, { confirmErrors: { discardConfirm: request.tr.t('amendment.error.discardConfirm') } }, 400);
    await amendments.discardAmendment(db, clock, principalActor(request.principal!, request.meta()), ctx.plan.id, ctx.amendment.id);
    return reply.redirect(`/plans/${encodeURIComponent(ctx.plan.id)}?done=discarded`, 303);
  });
}
