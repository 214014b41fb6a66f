import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { PLAN_ID } from '../plans/forms.ts';
import { mayManagePlan, mayReadPlan } from '../plans/policy.ts';
import * as plans from '../plans/service.ts';
import { districtsOf } from './definitions.ts';
import { createForm, getForm, structureStamp, type NewFormInput } from './service.ts';
import { MAX_BREAKDOWNS, MAX_DIMENSIONS, MAX_QUANTITIES, saveStructure, structureRows, type StructureInput } from './structure.ts';
import { StructurePage, structureUrl } from './structure-views.tsx';
import { NewFormPage, cellLabel } from './views.tsx';
import { formCells } from '../../domain/statistics.ts';
import type { MessageKey } from '../../i18n/index.ts';

/**
 * A plan's coordinator defines its statistical forms (issue 16): a new form (title, periodicity,
 * due day, who submits it, its first quantity), then its quantities, dimensions and breakdowns.
 * Anyone else: 404.
 */

const KEY = /^[a-z][a-z0-9_-]{0,39}$/;
const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

/** The rows of a posted structure form ("q-0-label", "d-1-values", "b-2-first"). */
export function structureInput(body: Record<string, unknown>): StructureInput {
  const rows = <T,>(prefix: string, max: number, read: (at: (f: string, n?: number) => string) => T) =>
    Array.from({ length: max }, (_, i) => i)
      .filter((i) => Object.keys(body).some((k) => k.startsWith(`${prefix}-${i}-`)))
      .map((i) => read((f, n = 300) => str(body[`${prefix}-${i}-${f}`], n)));
  return {
    quantities: rows('q', MAX_QUANTITIES + 5, (at) => ({ key: at('key', 50), label: at('label', 1000), unit: at('unit', 30), sensitive: at('sensitive') === '1', indicator: at('indicator', 100) })),
    dimensions: rows('d', MAX_DIMENSIONS + 5, (at) => ({ key: at('key', 50), label: at('label', 1000), values: at('values', 20_000), districts: false })),
    breakdowns: rows('b', MAX_BREAKDOWNS + 5, (at) => ({ quantity: at('quantity', 50), first: at('first', 50), second: at('second', 50) })),
    addDistricts: str(body.addDistricts, 5) === '1',
  };
}

export default async function structureRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const read = { config: { permission: 'plan.read' as const } };

  async function managed(request: FastifyRequest) {
    const { planId } = request.params as { planId: string };
    if (!PLAN_ID.test(planId)) throw notFound();
    const plan = await plans.getPlan(db, planId);
    if (!plan || !mayReadPlan(request.principal, plan) || !mayManagePlan(request.principal, plan)) throw notFound();
    return plan;
  }
  async function formOf(request: FastifyRequest) {
    const plan = await managed(request);
    const { form: key } = request.params as { form: string };
    if (!KEY.test(key)) throw notFound();
    const form = await getForm(db, plan.id, key);
    if (!form) throw notFound();
    const [directory, indicators, submissions] = await Promise.all([
      loadDirectory(db),
      plans.planIndicators(db, plan.id),
      db.selectFrom('stat_submissions').select((eb) => eb.fn.countAll<number>().as('n')).where('form_id', '=', form.id).where('state', '!=', 'draft').executeTakeFirstOrThrow(),
    ]);
    return { plan, form, directory, indicators, submissions: Number(submissions.n), districts: districtsOf(directory, plan.ownerOrganisationId) };
  }

  const STRUCTURE = '/plans/:planId/statistics/:form/structure';
  app.get(STRUCTURE, read, async (request, reply) => {
    const { plan, form, indicators, submissions, districts } = await formOf(request);
    const saved = (request.query as Record<string, unknown>).done === 'saved';
    return reply.html(
      StructurePage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, form, rows: structureRows(form.definition), stamp: structureStamp(form), indicators, districtCount: districts.length, errors: null, submissions, notice: saved ? request.tr.t('stats.structure.saved') : undefined }),
    );
  });
  app.post(STRUCTURE, read, async (request, reply) => {
    const { plan, form, indicators, submissions, districts } = await formOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input = structureInput(body);
    const result = await saveStructure(db, clock, principalActor(request.principal!, request.meta()), form, input, str(body.stamp, 40), districts, indicators, (definition, cell) => {
      const ref = formCells(definition).find((c) => c.id === cell);
      return ref ? cellLabel(definition, ref, request.tr) : cell;
    });
    if (result.ok) return reply.redirect(`${structureUrl(plan.id, form.key)}?done=saved`, 303);
    const ctx = pageContext(request, 'plans');
    if ('conflict' in result) {
      const fresh = (await getForm(db, plan.id, form.key))!;
      return reply.html(StructurePage({ ctx, csrf: request.csrfToken(), plan, form: fresh, rows: structureRows(fresh.definition), stamp: structureStamp(fresh), indicators, districtCount: districts.length, errors: null, conflict: true, submissions }), { status: 409 });
    }
    // Shown as typed: rows the user added stay, with what is wrong beside them.
    return reply.html(StructurePage({ ctx, csrf: request.csrfToken(), plan, form, rows: { ...input, quantities: input.quantities.filter((q) => q.key || q.label.trim()), dimensions: input.dimensions.filter((d) => d.key || d.label.trim() || d.values.trim()), breakdowns: input.breakdowns.filter((b) => b.quantity) }, stamp: str(body.stamp, 40), indicators, districtCount: districts.length, errors: result.errors, submissions }), { status: 400 });
  });

  const NEW = '/plans/:planId/statistics/new';
  const empty: NewFormInput = { title: '', periodKind: 'quarter', dueDay: '10', submitters: [], quantity: '', unit: 'persons' };
  app.get(NEW, read, async (request, reply) => {
    const plan = await managed(request);
    return reply.html(NewFormPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, directory: await loadDirectory(db), values: empty, errors: {} }));
  });
  app.post(NEW, read, async (request, reply) => {
    const plan = await managed(request);
    const directory = await loadDirectory(db);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const raw = body.submitters;
    const values: NewFormInput = {
      title: str(body.title, 1000),
      periodKind: str(body.periodKind, 20),
      dueDay: str(body.dueDay, 10),
      submitters: (Array.isArray(raw) ? raw : [raw]).filter((x): x is string => typeof x === 'string').slice(0, 200).map((x) => x.slice(0, 100)),
      quantity: str(body.quantity, 1000),
      unit: str(body.unit, 30),
    };
    const result = await createForm(db, clock, principalActor(request.principal!, request.meta()), plan.id, values, directory);
    if ('errors' in result) {
      const errors = Object.fromEntries(Object.entries(result.errors).map(([f, p]) => [f, request.tr.t(`stats.new.error.${f}.${p}` as MessageKey)]));
      return reply.html(NewFormPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, directory, values, errors }), { status: 400 });
    }
    return reply.redirect(`${structureUrl(plan.id, result.key)}?done=saved`, 303);
  });
}
