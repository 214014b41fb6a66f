import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localDateOf } from '../../domain/time.ts';
import { compareLocalDates } from '../../domain/dates.ts';
import { checkSubmission, formCells, jumps, type Values } from '../../domain/statistics.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor, type Principal } from '../auth/service.ts';
import { loadDirectory, type Directory } from '../organisations/service.ts';
import { PLAN_ID } from '../plans/forms.ts';
import { mayManagePlan, mayReadPlan } from '../plans/policy.ts';
import * as plans from '../plans/service.ts';
import * as stats from './service.ts';
import { FormSettingsPage, SaveStatus, StatsOverviewPage, SubmissionPage, cellLabel, submissionUrl, type OverviewForm, type OverviewReconciliation, type SubmissionPageProps } from './views.tsx';
import { listReconciliations, parties } from './reconciliation.ts';
import { publicationCsv, publishedQuarter } from './publication.ts';
import { attachmentDisposition } from '../../domain/file-types.ts';

/**
 * How the principal stands to an organisation's figures of a form:
 * - 'submitter': staff of that organisation (a form it submits) — type, save, submit;
 * - 'coordinator': the plan's coordinating department — exact figures as submitted, accept or return;
 * - 'reader': the plan owner's supervisors — exact figures as submitted;
 * - null: nothing (404). Another executor never sees them: a community cannot read police figures.
 */
export type StatStanding = 'submitter' | 'coordinator' | 'reader';

export function statStanding(principal: Principal | null, plan: plans.PlanView, form: stats.StatFormView, organisationId: string, directory: Directory): StatStanding | null {
  if (!principal) return null;
  if (!stats.submittersOf(form, directory).some((o) => o.id === organisationId)) return null;
  const p = principal.permissions;
  if (principal.organisationId === organisationId && p.has('report.edit')) return 'submitter';
  if (principal.organisationId === plan.coordinatorOrganisationId && p.has('report.review') && p.has('stats.view-exact')) return 'coordinator';
  if (principal.organisationId === plan.ownerOrganisationId && p.has('stats.view-exact')) return 'reader';
  return null;
}

const KEY = /^[a-z][a-z0-9_-]{0,39}$/;
const PERIOD = /^\d{4}-(?:Q[1-4]|H[12])$/;

export default async function statisticsRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const read = { config: { permission: 'plan.read' as const } };

  async function planOf(request: FastifyRequest) {
    const { planId } = request.params as { planId: string };
    if (!PLAN_ID.test(planId)) throw notFound();
    const plan = await plans.getPlan(db, planId);
    if (!plan || !mayReadPlan(request.principal, plan)) throw notFound();
    return plan;
  }

  /** The form, period and organisation of a submission URL, and how the principal stands to it (404 when not at all). */
  async function reach(request: FastifyRequest) {
    const plan = await planOf(request);
    const { form: formKey, period: periodKey, organisationId } = request.params as { form: string; period: string; organisationId: string };
    if (!KEY.test(formKey) || !PERIOD.test(periodKey) || organisationId.length > 100) throw notFound();
    const [form, directory] = await Promise.all([stats.getForm(db, plan.id, formKey), loadDirectory(db)]);
    if (!form) throw notFound();
    const periods = stats.formPeriods(form, plan);
    const index = periods.findIndex((p) => p.key === periodKey);
    const organisation = directory.organisation(organisationId);
    if (index < 0 || !organisation) throw notFound();
    const standing = statStanding(request.principal, plan, form, organisationId, directory);
    if (!standing) throw notFound();
    return { plan, form, period: periods[index]!, previous: periods[index - 1] ?? null, organisation, standing };
  }

  app.get('/plans/:planId/statistics', read, async (request, reply) => {
    const plan = await planOf(request);
    const [forms, directory] = await Promise.all([stats.listForms(db, plan.id), loadDirectory(db)]);
    const today = localDateOf(clock.now(), plan.schedule.timeZone);
    const shown: { form: stats.StatFormView; organisations: ReturnType<typeof stats.submittersOf>; periods: ReturnType<typeof stats.formPeriods> }[] = [];
    for (const form of forms) {
      const organisations = stats.submittersOf(form, directory).filter((o) => statStanding(request.principal, plan, form, o.id, directory));
      if (organisations.length === 0) continue;
      // The periods begun, newest first; the four latest (a year of quarters).
      const periods = stats
        .formPeriods(form, plan)
        .filter((p) => compareLocalDates(p.start, today) <= 0)
        .reverse()
        .slice(0, 4);
      shown.push({ form, organisations, periods });
    }
    // Every state shown, in one query.
    const states = await stats.submissionStates(
      db,
      shown.map((x) => x.form.id),
      shown.flatMap((x) => x.periods.map((p) => p.key)),
    );
    const out: OverviewForm[] = shown.map(({ form, organisations, periods }) => ({
      form,
      periods,
      rows: organisations.map((o) => ({ organisation: o, states: periods.map((p) => states.get(`${form.id}|${p.key}|${o.id}`) ?? null) })),
    }));
    // The reconciliations the principal takes part in or oversees, with each period's state.
    const recs: OverviewReconciliation[] = [];
    const p = request.principal;
    for (const rec of await listReconciliations(db, plan.id)) {
      const sides = parties(rec, forms, directory);
      if (!sides || !p) continue;
      const party = p.permissions.has('report.edit') && [...sides.left.organisations, ...sides.right.organisations].some((o) => o.id === p.organisationId);
      const oversees = p.permissions.has('stats.view-exact') && (p.organisationId === plan.coordinatorOrganisationId || p.organisationId === plan.ownerOrganisationId);
      if (!party && !oversees) continue;
      const periods = stats
        .formPeriods(sides.left.form, plan)
        .filter((x) => compareLocalDates(x.start, today) <= 0)
        .reverse()
        .slice(0, 4);
      const states = await db.selectFrom('stat_reconciliation_periods').select(['period_key', 'state']).where('reconciliation_id', '=', rec.id).execute();
      recs.push({ key: rec.key, title: rec.title, periods, states: periods.map((x) => states.find((s) => s.period_key === x.key)?.state ?? null) });
    }
    const exact = p && p.permissions.has('stats.view-exact') && (p.organisationId === plan.coordinatorOrganisationId || p.organisationId === plan.ownerOrganisationId);
    const publication = exact && forms[0] ? stats.formPeriods(forms[0], plan).filter((x) => compareLocalDates(x.executorDeadline.date, today) < 0).reverse().slice(0, 4) : [];
    return reply.html(StatsOverviewPage({ ctx: pageContext(request, 'plans'), plan, forms: out, anyForm: forms.length > 0, reconciliations: recs, publication, mayManage: mayManagePlan(request.principal, plan) }));
  });

  // The quarter's figures for publication: every form's region totals, suppressed together.
  app.get('/plans/:planId/statistics/publication/:period', read, async (request, reply) => {
    const plan = await planOf(request);
    const { period } = request.params as { period: string };
    const p = request.principal!;
    if (!p.permissions.has('stats.view-exact') || (p.organisationId !== plan.coordinatorOrganisationId && p.organisationId !== plan.ownerOrganisationId)) throw notFound();
    const [forms, directory] = await Promise.all([stats.listForms(db, plan.id), loadDirectory(db)]);
    const quarterly = forms.filter((f) => stats.formPeriods(f, plan).some((x) => x.key === period));
    if (!PERIOD.test(period) || quarterly.length === 0) throw notFound();
    const published = await publishedQuarter(db, quarterly, period, directory);
    const csv = publicationCsv(request.tr, quarterly, published);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachmentDisposition(`statystyka-${plan.id}-${period}-dlia-opryliudnennia.csv`))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(csv);
  });

  // A form's title, due day and submitters: the plan's coordinator's to set.
  const SETTINGS = '/plans/:planId/statistics/:form/settings';
  async function settingsOf(request: FastifyRequest) {
    const plan = await planOf(request);
    const { form: key } = request.params as { form: string };
    if (!mayManagePlan(request.principal, plan) || !KEY.test(key)) throw notFound();
    const form = await stats.getForm(db, plan.id, key);
    if (!form) throw notFound();
    return { plan, form, directory: await loadDirectory(db) };
  }
  app.get(SETTINGS, read, async (request, reply) => {
    const { plan, form, directory } = await settingsOf(request);
    const saved = (request.query as Record<string, unknown>).done === 'saved';
    return reply.html(FormSettingsPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, form, directory, values: { title: form.title, dueDay: String(form.dueDay), submitters: form.submitters, periodKind: form.periodKind }, errors: {}, notice: saved ? request.tr.t('stats.settings.saved') : undefined }));
  });
  app.post(SETTINGS, read, async (request, reply) => {
    const { plan, form, directory } = await settingsOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 1000) : '');
    const raw = body.submitters;
    const values = { title: str(body.title), dueDay: str(body.dueDay), periodKind: str(body.periodKind), submitters: (Array.isArray(raw) ? raw : [raw]).filter((x): x is string => typeof x === 'string').slice(0, 200).map((x) => x.slice(0, 100)) };
    const result = await stats.saveFormSettings(db, clock, principalActor(request.principal!, request.meta()), form, values, directory);
    if (result) {
      const errors = Object.fromEntries(Object.entries(result.errors).map(([f, p]) => [f, request.tr.t(`stats.settings.error.${f}.${p}` as MessageKey)]));
      return reply.html(FormSettingsPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, form, directory, values, errors }), { status: 400 });
    }
    return reply.redirect(`/plans/${encodeURIComponent(plan.id)}/statistics/${encodeURIComponent(form.key)}/settings?done=saved`, 303);
  });

  const SUBMISSION = '/plans/:planId/statistics/:form/:period/:organisationId';

  async function page(request: FastifyRequest, reply: FastifyReply, r: Awaited<ReturnType<typeof reach>>, extra: Partial<Pick<SubmissionPageProps, 'typed' | 'errors' | 'notice' | 'alert' | 'review'>> = {}, status = 200) {
    const { form, period, organisation, standing, plan } = r;
    const submission = await stats.loadSubmission(db, form.id, period.key, organisation.id);
    const editable = standing === 'submitter' && (!submission || stats.EDITABLE.includes(submission.state));
    // Outside the organisation: the figures as last submitted, never a draft; each view audited.
    let figures: Values = submission?.figures ?? {};
    if (standing !== 'submitter') {
      figures = submission && submission.versions > 0 ? await lastSubmitted(submission.id) : {};
      if (submission && submission.versions > 0) await stats.recordExactView(db, clock, principalActor(request.principal!, request.meta()), form, period.key, organisation.id);
    }
    const previous = r.previous ? await stats.loadSubmission(db, form.id, r.previous.key, organisation.id) : null;
    const typed = extra.typed ?? Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, typeof v === 'number' ? String(v) : '']));
    const check = Object.keys(figures).length ? checkSubmission(form.definition, figures) : null;
    return reply.html(
      SubmissionPage({
        ctx: pageContext(request, 'plans'),
        csrf: request.csrfToken(),
        plan,
        form,
        period,
        organisation,
        submission,
        typed,
        figures,
        editable,
        errors: extra.errors ?? {},
        check,
        jumps: previous && previous.state === 'accepted' ? jumps(form.definition, figures, previous.figures) : [],
        notice: extra.notice,
        alert: extra.alert,
        review: standing === 'coordinator' && submission?.state === 'submitted' ? (extra.review ?? { comment: '' }) : null,
        exactViewNote: standing !== 'submitter' && Boolean(submission && submission.versions > 0),
      }),
      { status },
    );
  }

  async function lastSubmitted(submissionId: number): Promise<Values> {
    const v = await db.selectFrom('stat_submission_versions').select('figures').where('submission_id', '=', submissionId).orderBy('number', 'desc').executeTakeFirst();
    return v ? (JSON.parse(v.figures) as Values) : {};
  }

  app.get(SUBMISSION, read, async (request, reply) => {
    const r = await reach(request);
    const done = (request.query as Record<string, unknown>).done;
    const notice = typeof done === 'string' && ['saved', 'submitted', 'accepted', 'returned'].includes(done) ? request.tr.t((done === 'saved' || done === 'submitted' ? `stats.submission.${done}` : `stats.review.${done}`) as MessageKey) : undefined;
    return page(request, reply, r, { notice });
  });

  /** The typed cells of a posted form: `cell.<id>` fields, strings only, nothing else kept. */
  function typedCells(body: unknown, form: stats.StatFormView): Record<string, string> {
    const b = (body ?? {}) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const c of formCells(form.definition)) {
      const v = b[`cell.${c.id}`];
      if (typeof v === 'string') out[c.id] = v.slice(0, 40);
    }
    return out;
  }
  const revisionOf = (body: unknown) => {
    const b = (body ?? {}) as Record<string, unknown>;
    const v = b.version ?? b.revision;
    return typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : -1;
  };

  app.post(SUBMISSION, read, async (request, reply) => {
    const r = await reach(request);
    if (r.standing !== 'submitter') throw new HttpError(403, 'auth.forbidden');
    const typed = typedCells(request.body, r.form);
    const result = await stats.saveFigures(db, clock, r.form, r.period.key, r.organisation.id, typed, revisionOf(request.body), request.principal!.userId);
    const tr = request.tr;
    // The autosave (htmx): a status line, and the new revision for the next save.
    if (request.wantsFragment) {
      const cells = formCells(r.form.definition);
      const label = (id: string) => cellLabel(r.form.definition, cells.find((c) => c.id === id)!, tr);
      if (result.kind === 'invalid') return reply.html(SaveStatus({ tr, message: tr.t('stats.autosave.invalid', { cells: Object.entries(result.problems).map(([id, p]) => `${label(id)} — ${tr.t(`stats.error.${p}` as MessageKey)}`).join('; ') }) }), { status: 400, fragment: true });
      if (result.kind !== 'saved') return reply.html(SaveStatus({ tr, message: tr.t(result.kind === 'conflict' ? 'stats.autosave.conflict' : 'stats.error.notEditable') }), { status: 409, fragment: true });
      const at = new Intl.DateTimeFormat('uk-UA', { hour: '2-digit', minute: '2-digit', timeZone: r.plan.schedule.timeZone }).format(clock.now());
      return reply.html(SaveStatus({ tr, message: tr.t('stats.autosave.saved', { at, empty: result.check.empty.length, mismatches: result.check.mismatches.length }), revision: result.revision }), { fragment: true });
    }
    if (result.kind === 'invalid') return page(request, reply, r, { typed, errors: Object.fromEntries(Object.entries(result.problems).map(([id, p]) => [id, tr.t(`stats.error.${p}` as MessageKey)])) }, 400);
    if (result.kind === 'conflict') return page(request, reply, r, { alert: tr.t('stats.error.conflict') }, 409);
    if (result.kind === 'notEditable') return page(request, reply, r, { alert: tr.t('stats.error.notEditable') }, 409);
    return reply.redirect(`${submissionUrl(r.plan.id, r.form.key, r.period.key, r.organisation.id)}?done=saved`, 303);
  });

  // Submit saves what is typed first, so nothing typed since the last save is lost.
  app.post(`${SUBMISSION}/submit`, read, async (request, reply) => {
    const r = await reach(request);
    if (r.standing !== 'submitter') throw new HttpError(403, 'auth.forbidden');
    const tr = request.tr;
    const typed = typedCells(request.body, r.form);
    const saved = await stats.saveFigures(db, clock, r.form, r.period.key, r.organisation.id, typed, revisionOf(request.body), request.principal!.userId);
    if (saved.kind === 'invalid') return page(request, reply, r, { typed, errors: Object.fromEntries(Object.entries(saved.problems).map(([id, p]) => [id, tr.t(`stats.error.${p}` as MessageKey)])) }, 400);
    if (saved.kind === 'conflict') return page(request, reply, r, { alert: tr.t('stats.error.conflict') }, 409);
    if (saved.kind === 'notEditable') return page(request, reply, r, { alert: tr.t('stats.error.notEditable') }, 409);
    const result = await stats.submitFigures(db, clock, principalActor(request.principal!, request.meta()), r.form, r.period.key, r.organisation.id, saved.revision);
    if (result.kind === 'incomplete') {
      const empty = result.check.empty.length ? ` ${tr.t('stats.submission.empty', { count: result.check.empty.length })}.` : '';
      return page(request, reply, r, { alert: `${tr.t('stats.error.incomplete')}${empty}`, errors: Object.fromEntries(result.check.empty.map((id) => [id, tr.t('stats.error.notWhole')])) }, 422);
    }
    if (result.kind !== 'submitted') return page(request, reply, r, { alert: tr.t(result.kind === 'conflict' ? 'stats.error.conflict' : 'stats.error.notEditable') }, 409);
    return reply.redirect(`${submissionUrl(r.plan.id, r.form.key, r.period.key, r.organisation.id)}?done=submitted`, 303);
  });

  app.post(`${SUBMISSION}/review`, read, async (request, reply) => {
    const r = await reach(request);
    if (r.standing !== 'coordinator') throw new HttpError(403, 'auth.forbidden');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const decision = body.decision === 'accept' || body.decision === 'return' ? body.decision : null;
    const comment = typeof body.comment === 'string' ? body.comment.slice(0, stats.MAX_REVIEW_COMMENT + 1) : '';
    const tr = request.tr;
    if (!decision) return page(request, reply, r, { review: { comment, error: tr.t('stats.review.error.commentRequired') } }, 400);
    const result = await stats.reviewFigures(db, clock, principalActor(request.principal!, request.meta()), r.form, r.period.key, r.organisation.id, decision, comment, revisionOf(request.body));
    if (result === 'commentRequired' || result === 'commentTooLong') return page(request, reply, r, { review: { comment, error: tr.t(`stats.review.error.${result}`, { max: stats.MAX_REVIEW_COMMENT }) } }, 400);
    if (result === 'conflict') return page(request, reply, r, { alert: tr.t('stats.review.error.conflict') }, 409);
    return reply.redirect(`${submissionUrl(r.plan.id, r.form.key, r.period.key, r.organisation.id)}?done=${decision === 'accept' ? 'accepted' : 'returned'}`, 303);
  });
}
