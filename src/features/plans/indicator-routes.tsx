import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../plugins/errors.ts';
import { problemMessages } from '../../ui/form.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { conflictPage, managedPlanOr404 } from './access.ts';
import { NUMERIC_ID } from './forms.ts';
import { IndicatorEditPage, IndicatorsPage, indicatorsHref } from './indicator-views.tsx';
import * as indicators from './indicators.ts';
import { planPermissions } from './policy.ts';
import * as plans from './service.ts';

/**
 * The coordinator's editor of a measure's indicators: add, change, reorder, remove. Only the
 * plan's own coordinators reach it (others get the 404 of a plan they cannot manage).
 */

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const indicatorBody = Type.Object(
  {
    _csrf: text(100),
    // Generous: a too-long name is answered beside its field, keeping what was typed.
    name: text(20_000),
    unit: text(2_000),
    kind: text(40),
    aggregation: text(40),
    target: text(200),
    sensitive: text(10),
    additiveAcrossKinds: text(10),
    threshold: text(200),
  },
  { additionalProperties: false },
);
type IndicatorBody = { name?: string; unit?: string; kind?: string; aggregation?: string; target?: string; sensitive?: string; additiveAcrossKinds?: string; threshold?: string };
const moveBody = Type.Object({ _csrf: text(100), direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) }, { additionalProperties: false });
const removeBody = Type.Object({ _csrf: text(100) }, { additionalProperties: false });

function readBody(body: IndicatorBody): indicators.IndicatorInput {
  return {
    name: body.name ?? '',
    unit: body.unit ?? '',
    kind: body.kind ?? '',
    aggregation: body.aggregation ?? '',
    target: body.target ?? '',
    sensitive: body.sensitive === 'yes',
    additiveAcrossKinds: body.additiveAcrossKinds === 'yes',
    threshold: body.threshold ?? '',
  };
}

export default async function indicatorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.zvit;
  const manage = { permission: planPermissions.manage };

  /** The plan one manages and the measure in it (its current text), or a 404. */
  const reach = async (request: FastifyRequest, planId: string, measureId: string) => {
    const plan = await managedPlanOr404(db, request, planId);
    if (!NUMERIC_ID.test(measureId)) throw notFound();
    const detail = await plans.getMeasure(db, plan.id, Number(measureId));
    if (!detail) throw notFound();
    return { plan, detail };
  };
  const reachIndicator = async (request: FastifyRequest, planId: string, measureId: string, indicatorId: string) => {
    const reached = await reach(request, planId, measureId);
    if (!NUMERIC_ID.test(indicatorId)) throw notFound();
    const indicator = await indicators.findIndicator(db, reached.plan.id, Number(indicatorId));
    if (!indicator || indicator.measureId !== reached.detail.measure.id) throw notFound();
    return { ...reached, indicator };
  };

  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    reached: { plan: plans.PlanView; detail: plans.MeasureDetail },
    extra: { values?: indicators.IndicatorInput; errors?: indicators.IndicatorErrors; notice?: 'added' | 'saved' | 'removed' | null; refused?: { name: string; use: number } | null },
    status: number,
  ) => {
    const list = await indicators.measureIndicators(db, reached.plan.id, reached.detail.measure.id);
    const use = await indicators.indicatorsUse(db, reached.plan.id, reached.detail.measure.id);
    const withUse = list.map((i) => ({ ...i, use: use.get(i.id) ?? 0 }));
    return reply.html(
      IndicatorsPage({
        ctx: pageContext(request, 'plans'),
        csrf: request.csrfToken(),
        detail: reached.detail,
        indicators: withUse,
        values: extra.values ?? indicators.NEW_INDICATOR,
        errors: extra.errors ?? {},
        notice: extra.notice ?? null,
        refused: extra.refused ?? null,
        editable: indicators.indicatorsEditable(reached.plan),
      }),
      { status },
    );
  };

  const NOTICES = ['added', 'saved', 'removed'] as const;

  app.get<{ Params: { planId: string; measureId: string } }>('/plans/:planId/measures/:measureId/indicators', { config: manage }, async (request, reply) => {
    const reached = await reach(request, request.params.planId, request.params.measureId);
    const asked = (request.query as Record<string, unknown>).done;
    const notice = NOTICES.find((n) => n === asked) ?? null;
    return listPage(request, reply, reached, { notice }, 200);
  });

  app.post<{ Params: { planId: string; measureId: string } }>('/plans/:planId/measures/:measureId/indicators', { config: manage, schema: { body: indicatorBody } }, async (request, reply) => {
    const reached = await reach(request, request.params.planId, request.params.measureId);
    const values = readBody(request.body as IndicatorBody);
    const result = await indicators.addIndicator(db, clock, principalActor(request.principal!, request.meta()), reached.plan, reached.detail.measure.id, values);
    if (result === 'closed') return conflictPage(request, reply, 'indicator.closedPlan');
    if (result === 'no-measure') throw notFound();
    if (result === 'too-many') return listPage(request, reply, reached, { values, errors: { name: request.tr.t('indicator.error.tooMany', { max: indicators.MAX_INDICATORS_PER_MEASURE }) } }, 400);
    if ('errors' in result) return listPage(request, reply, reached, { values, errors: problemMessages(request.tr, 'indicator.error', result.errors) }, 400);
    return reply.redirect(`${indicatorsHref(reached.plan.id, reached.detail.measure.id)}?done=added`, 303);
  });

  app.get<{ Params: { planId: string; measureId: string; indicatorId: string } }>('/plans/:planId/measures/:measureId/indicators/:indicatorId', { config: manage }, async (request, reply) => {
    const { plan, detail, indicator } = await reachIndicator(request, request.params.planId, request.params.measureId, request.params.indicatorId);
    if (!indicators.indicatorsEditable(plan)) return reply.redirect(indicatorsHref(plan.id, detail.measure.id), 303);
    const use = await indicators.indicatorUse(db, plan.id, detail.measure.id, indicator.id);
    return reply.html(IndicatorEditPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), detail, indicator, use, values: indicators.indicatorValues(indicator), errors: {} }));
  });

  app.post<{ Params: { planId: string; measureId: string; indicatorId: string } }>(
    '/plans/:planId/measures/:measureId/indicators/:indicatorId',
    { config: manage, schema: { body: indicatorBody } },
    async (request, reply) => {
      const { plan, detail, indicator } = await reachIndicator(request, request.params.planId, request.params.measureId, request.params.indicatorId);
      const values = readBody(request.body as IndicatorBody);
      const result = await indicators.updateIndicator(db, clock, principalActor(request.principal!, request.meta()), plan, indicator.id, values);
      if (result === 'closed') return conflictPage(request, reply, 'indicator.closedPlan');
      if (result === 'missing') throw notFound();
      if (result) {
        const use = await indicators.indicatorUse(db, plan.id, detail.measure.id, indicator.id);
        const errors = problemMessages(request.tr, 'indicator.error', result.errors);
        return reply.html(IndicatorEditPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), detail, indicator, use, values, errors }), { status: Object.values(result.errors).includes('inUse') ? 409 : 400 });
      }
      return reply.redirect(`${indicatorsHref(plan.id, detail.measure.id)}?done=saved`, 303);
    },
  );

  app.post<{ Params: { planId: string; measureId: string; indicatorId: string } }>(
    '/plans/:planId/measures/:measureId/indicators/:indicatorId/remove',
    { config: manage, schema: { body: removeBody } },
    async (request, reply) => {
      const reached = await reachIndicator(request, request.params.planId, request.params.measureId, request.params.indicatorId);
      const result = await indicators.removeIndicator(db, clock, principalActor(request.principal!, request.meta()), reached.plan, reached.indicator.id);
      if (result === 'closed') return conflictPage(request, reply, 'indicator.closedPlan');
      if (result === 'missing') throw notFound();
      if (result) return listPage(request, reply, reached, { refused: { name: reached.indicator.name, use: result.inUse } }, 409);
      return reply.redirect(`${indicatorsHref(reached.plan.id, reached.detail.measure.id)}?done=removed`, 303);
    },
  );

  app.post<{ Params: { planId: string; measureId: string; indicatorId: string } }>(
    '/plans/:planId/measures/:measureId/indicators/:indicatorId/move',
    { config: manage, schema: { body: moveBody } },
    async (request, reply) => {
      const reached = await reachIndicator(request, request.params.planId, request.params.measureId, request.params.indicatorId);
      const result = await indicators.moveIndicator(db, clock, principalActor(request.principal!, request.meta()), reached.plan, reached.indicator.id, (request.body as { direction: 'up' | 'down' }).direction);
      if (result === 'closed') return conflictPage(request, reply, 'indicator.closedPlan');
      if (result === 'missing') throw notFound();
      return reply.redirect(`${indicatorsHref(reached.plan.id, reached.detail.measure.id)}#indicator-${reached.indicator.id}`, 303);
    },
  );
}
