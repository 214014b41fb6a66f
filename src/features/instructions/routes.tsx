import type { FastifyInstance, FastifyRequest } from 'fastify';
import { localDateOf } from '../../domain/time.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { PLAN_ID } from '../plans/forms.ts';
import { mayReadPlan } from '../plans/policy.ts';
import * as plans from '../plans/service.ts';
import { periodByKey, periodName } from '../reports/service.ts';
import { addressees, answerInstruction, closeInstruction, getInstruction, instructionStanding, issueInstruction, issuerOf, listInstructions, type InstructionFilter } from './service.ts';
import { InstructionPage, InstructionsPage, instructionsUrl, NewInstructionPage, type NewInstructionValues } from './views.tsx';

/**
 * Control instructions (issue 17). The issuing side (the owner's supervisors; the coordinator on
 * their behalf) sees, gives and closes a plan's instructions; an executor sees and answers those
 * given to its organisation; anyone else reading the plan sees none of them (an instruction of
 * another organisation answers 404).
 */

const ID = /^[1-9]\d{0,9}$/;
const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');

export default async function instructionRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const signedIn = { config: { permission: 'signed-in' as const } };

  async function planOf(request: FastifyRequest) {
    const { planId } = request.params as { planId: string };
    if (!PLAN_ID.test(planId)) throw notFound();
    const plan = await plans.getPlan(db, planId);
    if (!plan || plan.state === 'draft' || !mayReadPlan(request.principal, plan)) throw notFound();
    return plan;
  }
  const today = (plan: plans.PlanView) => localDateOf(clock.now(), plan.schedule.timeZone);

  app.get('/plans/:planId/instructions', signedIn, async (request, reply) => {
    const plan = await planOf(request);
    const p = request.principal!;
    const issuer = issuerOf(p, plan) !== null;
    const directory = await loadDirectory(db);
    const q = request.query as Record<string, unknown>;
    const state = ['open', 'overdue', 'answered', 'closed'].includes(str(q.state, 20)) ? (str(q.state, 20) as InstructionFilter['state']) : '';
    const organisationIds = issuer ? await addressees(db, directory, plan) : [];
    const wanted = str(q.organisation, 100);
    const filter: InstructionFilter = { state, ...(issuer ? (organisationIds.includes(wanted) ? { organisationId: wanted } : {}) : { organisationId: p.organisationId }) };
    const items = await listInstructions(db, plan, today(plan), filter);
    const organisations = organisationIds.map((id) => directory.organisation(id)!).filter(Boolean);
    return reply.html(InstructionsPage({ ctx: pageContext(request, 'plans'), plan, items, directory, issuer, filter: issuer ? filter : { state }, organisations, notice: q.done === 'issued' ? request.tr.t('instr.issuedNotice') : undefined }));
  });

  const NEW = '/plans/:planId/instructions/new';
  async function newForm(request: FastifyRequest) {
    const plan = await planOf(request);
    const onBehalf = issuerOf(request.principal, plan);
    if (!onBehalf) throw notFound();
    const directory = await loadDirectory(db);
    const organisations = (await addressees(db, directory, plan)).map((id) => directory.organisation(id)!).filter((o) => o && !o.mergedInto);
    const day = today(plan);
    const at = day < plan.start ? plan.start : day > plan.end ? plan.end : day;
    const measures = (await plans.measuresInSpan(db, plan.id, at, at)).map((m) => ({ id: m.id, code: m.code, title: m.title }));
    return { plan, directory, organisations, measures, onBehalf: onBehalf.onBehalf };
  }
  app.get(NEW, signedIn, async (request, reply) => {
    const { plan, organisations, measures } = await newForm(request);
    const q = request.query as Record<string, unknown>;
    const values: NewInstructionValues = { organisationId: str(q.organisation, 100), measureId: ID.test(str(q.measure, 20)) ? str(q.measure, 20) : '', kind: 'explain', text: '', dueDate: '', extendTo: '' };
    return reply.html(NewInstructionPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, organisations, measures, values, errors: {} }));
  });
  app.post(NEW, signedIn, async (request, reply) => {
    const { plan, directory, organisations, measures, onBehalf } = await newForm(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values: NewInstructionValues = { organisationId: str(body.organisationId, 100), measureId: str(body.measureId, 20), kind: str(body.kind, 20), text: str(body.text, 10_000), dueDate: str(body.dueDate, 40), extendTo: str(body.extendTo, 40) };
    const result = await issueInstruction(db, clock, principalActor(request.principal!, request.meta()), directory, plan, onBehalf, values);
    if ('errors' in result) {
      const errors = Object.fromEntries(Object.entries(result.errors).map(([f, p]) => [f, request.tr.t(`instr.error.${f}.${p}` as MessageKey)]));
      return reply.html(NewInstructionPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, organisations, measures, values, errors }), { status: 400 });
    }
    return reply.redirect(`${instructionsUrl(plan.id)}/${result.id}?done=issued`, 303);
  });

  /** One instruction and how the principal stands to it, or 404 (also for another organisation's). */
  async function reach(request: FastifyRequest) {
    const plan = await planOf(request);
    const { id } = request.params as { id: string };
    if (!ID.test(id)) throw notFound();
    const i = await getInstruction(db, plan, today(plan), Number(id));
    if (!i) throw notFound();
    const standing = instructionStanding(request.principal, plan, i.organisationId);
    if (!standing) throw notFound();
    return { plan, i, standing };
  }
  async function show(request: FastifyRequest, r: Awaited<ReturnType<typeof reach>>, extra: { answer?: { text: string; error?: string }; close?: { note: string; error?: string }; notice?: string; alert?: string } = {}) {
    const directory = await loadDirectory(db);
    const period = periodByKey(r.plan, r.i.periodKey);
    return InstructionPage({
      ctx: pageContext(request, 'plans'),
      csrf: request.csrfToken(),
      plan: r.plan,
      i: r.i,
      directory,
      periodName: period ? periodName(request.tr, period) : r.i.periodKey,
      standing: r.standing!,
      answer: extra.answer ?? { text: '' },
      close: extra.close ?? { note: '' },
      notice: extra.notice,
      alert: extra.alert,
    });
  }

  app.get('/plans/:planId/instructions/:id', signedIn, async (request, reply) => {
    const r = await reach(request);
    const done = (request.query as Record<string, unknown>).done;
    const notice = done === 'issued' ? request.tr.t('instr.issuedNotice') : done === 'answered' ? request.tr.t('instr.answered') : done === 'closed' ? request.tr.t('instr.closed') : undefined;
    return reply.html(await show(request, r, { notice }));
  });

  app.post('/plans/:planId/instructions/:id/answer', signedIn, async (request, reply) => {
    const r = await reach(request);
    if (r.standing !== 'addressee') throw new HttpError(403, 'auth.forbidden');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = str(body.answer, 20_000);
    const revision = /^\d{1,9}$/.test(str(body.revision, 10)) ? Number(body.revision) : -1;
    const result = await answerInstruction(db, clock, principalActor(request.principal!, request.meta()), r.plan, r.i, revision, text);
    if (result === 'done') return reply.redirect(`${instructionsUrl(r.plan.id)}/${r.i.id}?done=answered`, 303);
    if (result === 'conflict') {
      const fresh = await reach(request);
      return reply.html(await show(request, fresh, { answer: { text }, alert: request.tr.t('instr.conflict') }), { status: 409 });
    }
    return reply.html(await show(request, r, { answer: { text, error: request.tr.t(`instr.error.answer.${result}` as MessageKey) } }), { status: 400 });
  });

  app.post('/plans/:planId/instructions/:id/close', signedIn, async (request, reply) => {
    const r = await reach(request);
    if (r.standing !== 'issuer') throw new HttpError(403, 'auth.forbidden');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const note = str(body.note, 20_000);
    const revision = /^\d{1,9}$/.test(str(body.revision, 10)) ? Number(body.revision) : -1;
    const result = await closeInstruction(db, clock, principalActor(request.principal!, request.meta()), r.plan, r.i, revision, note);
    if (result === 'done') return reply.redirect(`${instructionsUrl(r.plan.id)}/${r.i.id}?done=closed`, 303);
    if (result === 'conflict') {
      const fresh = await reach(request);
      return reply.html(await show(request, fresh, { close: { note }, alert: request.tr.t('instr.conflict') }), { status: 409 });
    }
    return reply.html(await show(request, r, { close: { note, error: request.tr.t('instr.error.note.tooLong') } }), { status: 400 });
  });
}
