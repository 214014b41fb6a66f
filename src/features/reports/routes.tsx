import { accountStates } from '../invitations/service.ts';
import { lastReminders } from '../mail/service.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { MessageKey, Translator } from '../../i18n/index.ts';
import { attachmentDisposition } from '../../domain/file-types.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { databaseStorage } from '../files/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import { NUMERIC_ID, PERIOD_KEY, reachPlanPeriod, reachReport, TEXT_ID } from './access.ts';
import { actsOnBehalf, reportMode, reportPermissions, reportStanding, reportsTo, seesDraft, type ReportStanding } from './policy.ts';
import * as reports from './service.ts';
import * as review from './review.ts';
import * as periodReports from './period.ts';
import { ownReportDocx, ownReportPdf, type OwnReport } from '../consolidation/exports/report.ts';
import { uk } from '../consolidation/text.ts';
import { ownLetterOf } from '../consolidation/letters.ts';
import { formatInstant } from '../../ui/time.ts';
import { ComparePage, PeriodMeasurePage, PeriodReportsPage } from './period-views.tsx';
import { MyReportsPage, periodName, ReportPage, reportUrl, type ReportPageProps } from './views.tsx';
import { Attachments, EntrySaved, KeepMineForm, ConflictBlock, measureListEntry, typedFromEntry, type EntryFeedback, type TypedEntry } from './entry-form.tsx';

const KEY = PERIOD_KEY;
const ID = TEXT_ID;
const NUMERIC = NUMERIC_ID;

/** A 10 MB narrative must reach the form's own check (and its message beside the field). */
export const ENTRY_BODY_LIMIT = 48 * 1024 * 1024;

export function entryMessages(tr: Translator, errors: reports.EntryErrors, measure: reports.OwedMeasure): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [field, problem] of Object.entries(errors)) {
    if (!problem) continue;
    if (field.startsWith('value-')) {
      const indicator = measure.indicators.find((i) => `value-${i.id}` === field);
      out[field] = tr.t(`report.error.value.${problem}` as MessageKey, { name: indicator?.name ?? '' });
    } else out[field] = tr.t(`report.error.${field}.${problem}` as MessageKey, { max: field === 'narrative' ? 20000 : 2000 });
  }
  return out;
}

/** The form's fields as an entry input: `v123` is indicator 123. */
export function entryInputOf(body: Record<string, unknown>): reports.EntryInput {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = /^v(\d{1,10})$/.exec(k);
    if (m) values[m[1]!] = v;
  }
  return { version: body.version, state: body.state, reason: body.reason, narrative: body.narrative, links: body.links, values };
}

function typedOf(body: Record<string, unknown>, measure: reports.OwedMeasure, saved: TypedEntry): TypedEntry {
  const s = (v: unknown, fallback: string) => (typeof v === 'string' ? v.slice(0, 25_000) : fallback);
  return {
    state: s(body.state, saved.state),
    reason: s(body.reason, saved.reason),
    narrative: s(body.narrative, saved.narrative),
    links: s(body.links, saved.links),
    values: Object.fromEntries(measure.indicators.map((i) => [i.id, s(body[`v${i.id}`], saved.values[i.id] ?? '')])),
  };
}

/** The list of measures after one entry was saved: that measure's line and the count of those filled in. */
function progressAfterSave(view: reports.ReportView, measure: reports.OwedMeasure, saved: reports.EntryView | undefined) {
  const returned = review.openReturn(view, view.reviews);
  const items = view.measures.map((m) => measureListEntry(m, m.id === measure.id ? saved : view.entries.get(m.id), Boolean(returned?.measureComments[m.id])));
  return { item: items.find((i) => i.id === measure.id)!, filled: items.filter((i) => i.completeness === 'filled').length, total: items.length };
}

/** The report's district in a two-level cycle, while the report waits for it. */
function mayDistrictReview(request: FastifyRequest, standing: ReportStanding, view: reports.ReportView): boolean {
  return standing === 'district' && view.district !== null && view.district.organisation.id === request.principal!.organisationId && reports.awaitingDistrict(view);
}

export default async function reportRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const storage = databaseStorage(clock);
  const signedIn = { permission: 'signed-in' as const };

  const reach = (request: FastifyRequest) => reachReport(app, request);

  function page(request: FastifyRequest, reply: FastifyReply, view: reports.ReportView, standing: ReportStanding, extra: Partial<ReportPageProps> = {}) {
    const props: ReportPageProps = { ctx: pageContext(request, 'reports'), view, standing, mode: reportMode(standing, view), csrf: request.csrfToken(), mayReview: standing === 'coordinator' && request.principal!.permissions.has(reportPermissions.review), mayDistrictReview: mayDistrictReview(request, standing, view), viewerId: request.principal!.userId, ...extra };
    return reply.html(ReportPage(props), { status: extra.status ?? 200 });
  }

  async function reload(view: reports.ReportView) {
    return (await reports.loadReport(db, await loadDirectory(db), clock, view.plan.id, view.period.key, view.organisation.id))!;
  }

  function mayEdit(standing: ReportStanding, view: reports.ReportView): boolean {
    return reportMode(standing, view) === 'edit';
  }

  /** Not editable: the report's own people are told why (409); anyone else may not (403). */
  function refuseEdit(standing: ReportStanding, view: reports.ReportView): never {
    if (reports.seesDraftOf(standing, view.report?.onBehalf ?? false)) throw new HttpError(409, 'report.error.notEditable');
    throw new HttpError(403, 'auth.forbidden');
  }

  app.get('/reports', { config: { permission: reportPermissions.edit } }, async (request, reply) => {
    const p = request.principal!;
    const directory = await loadDirectory(db);
    const list = await reports.reportsOwedBy(db, directory, clock, p.organisationId);
    return reply.html(MyReportsPage({ ctx: pageContext(request, 'reports'), organisationName: directory.organisation(p.organisationId)?.name ?? '', organisationId: p.organisationId, reports: list }));
  });

  app.get('/reports/:planId/:periodKey/:organisationId', { config: signedIn }, async (request, reply) => {
    const { view, standing } = await reach(request);
    const q = request.query as Record<string, unknown>;
    // A return of the coordinator's own entry from a letter comes back to them, not to an executor.
    const own = view.report?.onBehalf && standing === 'coordinator' && q.reviewed !== 'accepted' ? 'own.' : '';
    const reviewed = typeof q.reviewed === 'string' && ['accepted', 'returned', 'reopened', 'forwarded'].includes(q.reviewed) ? request.tr.t(`reportReview.${own}notice.${q.reviewed}` as MessageKey) : undefined;
    // After a fill-in form was entered (features/fill-in): how many measures it filled.
    const filled = typeof q.filled === 'string' && /^\d{1,4}$/.test(q.filled) ? request.tr.t('fillIn.notice.filled', { count: Number(q.filled) }) : undefined;
    const notice = q.submitted === '1' ? request.tr.t('report.notice.submitted') : q.withdrawn === '1' ? request.tr.t('report.notice.withdrawn') : (reviewed ?? filled);
    return page(request, reply, view, standing, { notice });
  });

  app.post('/reports/:planId/:periodKey/:organisationId/entries/:measureId', { config: signedIn, bodyLimit: ENTRY_BODY_LIMIT }, async (request, reply) => {
    const { view, standing } = await reach(request);
    const measureId = (request.params as { measureId: string }).measureId;
    const measure = NUMERIC.test(measureId) ? view.measures.find((m) => m.id === Number(measureId)) : undefined;
    if (!measure) throw notFound();
    if (!mayEdit(standing, view)) refuseEdit(standing, view);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const tr = request.tr;
    const result = await reports.saveEntry(db, clock, principalActor(request.principal!, request.meta()), view, measure.id, entryInputOf(body), { onBehalf: actsOnBehalf(standing) });
    if (result.kind === 'not-editable') throw new HttpError(409, 'report.error.notEditable');
    const errors = entryMessages(tr, result.errors, measure);
    const typed = typedOf(body, measure, typedFromEntry(measure, view.entries.get(measure.id)));
    if (result.kind === 'invalid') {
      if (request.wantsFragment) return reply.html(<p class="field__error">{errors.version ?? tr.t('error.badRequest.body')}</p>, { status: 400, fragment: true });
      return page(request, reply, view, standing, { status: 400, feedback: new Map([[measure.id, { typed, errors }]]), summary: [{ field: `e${measure.id}-state`, message: errors.version ?? '' }] });
    }
    const base = reportUrl(view.plan.id, view.period.key, view.organisation.id);
    const action = `${base}/entries/${measure.id}`;
    if (result.kind === 'conflict') {
      if (request.wantsFragment) {
        return reply.html(
          <>
            <ConflictBlock tr={tr} action={action} csrf={request.csrfToken()} measure={measure} current={result.current} mine={typed} />
            <div id={`e${measure.id}-keep`} hx-swap-oob="true">
              <KeepMineForm action={action} csrf={request.csrfToken()} measure={measure} version={result.current.version} mine={typed} />
            </div>
          </>,
          { status: 409, fragment: true },
        );
      }
      const fresh = await reload(view);
      return page(request, reply, fresh, standing, { status: 409, feedback: new Map<number, EntryFeedback>([[measure.id, { typed, errors, conflict: { current: result.current, mine: typed } }]]) });
    }
    const hasErrors = Object.values(errors).some(Boolean);
    if (request.wantsFragment) {
      return reply.html(
        <>
          <EntrySaved tr={tr} measure={measure} entry={result.entry} errors={errors} reportUpdatedAt={result.reportUpdatedAt} typed={typed} progress={progressAfterSave(view, measure, result.entry)} />
          <div id={`e${measure.id}-keep`} hx-swap-oob="true"></div>
        </>,
        { status: hasErrors ? 400 : 200, fragment: true },
      );
    }
    if (hasErrors) {
      const fresh = await reload(view);
      const summary = Object.entries(errors).map(([field, message]) => ({ field: `e${measure.id}-${field.startsWith('value-') ? `v${field.slice(6)}` : field}`, message: message! }));
      return page(request, reply, fresh, standing, { status: 400, feedback: new Map([[measure.id, { typed, errors }]]), summary });
    }
    return reply.redirect(`${base}#m${measure.id}`, 303);
  });

  app.post('/reports/:planId/:periodKey/:organisationId/submit', { config: signedIn }, async (request, reply) => {
    const { view, standing } = await reach(request);
    const base = reportUrl(view.plan.id, view.period.key, view.organisation.id);
    // Already submitted (a double click, a retried request): the same answer, no second submission.
    if (view.report && (view.report.state === 'submitted' || view.report.state === 'accepted') && seesDraft(standing, view)) return reply.redirect(`${base}?submitted=1`, 303);
    if (!mayEdit(standing, view)) refuseEdit(standing, view);
    if (standing === 'executor' && !request.principal!.permissions.has(reportPermissions.submit)) throw new HttpError(403, 'auth.forbidden');
    const result = await reports.submitReport(db, clock, principalActor(request.principal!, request.meta()), view, { onBehalf: actsOnBehalf(standing) });
    if (result.kind === 'submitted' || result.kind === 'already') return reply.redirect(`${base}?submitted=1`, 303);
    if (result.kind === 'not-editable') throw new HttpError(409, 'report.error.notEditable');
    const tr = request.tr;
    const feedback = new Map<number, EntryFeedback>();
    const summary = result.problems.map((p) => {
      const message = tr.t(p.field === 'state' ? 'report.error.submit.state' : 'report.error.submit.reason', { code: p.code });
      const f = feedback.get(p.measureId) ?? { errors: {} };
      f.errors![p.field] = message;
      feedback.set(p.measureId, f);
      return { field: `e${p.measureId}-${p.field}`, message };
    });
    return page(request, reply, view, standing, { status: 400, summary, feedback });
  });

  app.post('/reports/:planId/:periodKey/:organisationId/withdraw', { config: signedIn }, async (request, reply) => {
    const { view, standing } = await reach(request);
    const base = reportUrl(view.plan.id, view.period.key, view.organisation.id);
    if (view.report?.state === 'draft' && seesDraft(standing, view)) return reply.redirect(`${base}?withdrawn=1`, 303);
    if (!seesDraft(standing, view)) throw new HttpError(403, 'auth.forbidden');
    if (!reports.isWithdrawable(view)) throw new HttpError(409, 'report.error.notWithdrawable');
    const ok = await reports.withdrawReport(db, clock, principalActor(request.principal!, request.meta()), view, { onBehalf: actsOnBehalf(standing) });
    if (!ok) throw new HttpError(409, 'report.error.notWithdrawable');
    return reply.redirect(`${base}?withdrawn=1`, 303);
  });

  app.post('/reports/:planId/:periodKey/:organisationId/on-behalf', { config: { permission: reportPermissions.onBehalf } }, async (request, reply) => {
    const { view, standing } = await reach(request);
    if (standing !== 'coordinator') throw new HttpError(403, 'auth.forbidden');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const typed = { letterNumber: typeof body.letterNumber === 'string' ? body.letterNumber : '', letterDate: typeof body.letterDate === 'string' ? body.letterDate : '' };
    const result = await reports.startOnBehalf(db, clock, principalActor(request.principal!, request.meta()), view, typed);
    const base = reportUrl(view.plan.id, view.period.key, view.organisation.id);
    if (result.kind === 'started' || result.kind === 'exists') return reply.redirect(base, 303);
    if (result.kind === 'executor-started') throw new HttpError(409, 'report.error.executorStarted');
    const tr = request.tr;
    const formErrors = Object.fromEntries(Object.entries(result.errors).map(([f, p]) => [f, tr.t(`report.error.${f}.${p}` as MessageKey, { max: reports.MAX_LETTER_NUMBER })]));
    return page(request, reply, view, standing, { status: 400, formErrors, letterTyped: typed, summary: Object.entries(formErrors).map(([field, message]) => ({ field, message: message! })) });
  });

  app.post('/reports/:planId/:periodKey/:organisationId/attachments', { config: signedIn }, async (request, reply) => {
    const { view, standing } = await reach(request);
    if (!mayEdit(standing, view)) refuseEdit(standing, view);
    const tr = request.tr;
    const body = request.body as Record<string, MultipartFile | MultipartValue | undefined> | undefined;
    const rawTarget = body?.measureId && body.measureId.type === 'field' ? String(body.measureId.value) : '';
    const target = rawTarget === 'letter' ? ({ letter: true } as const) : NUMERIC.test(rawTarget) ? { measureId: Number(rawTarget) } : null;
    if (!request.isMultipart() || !body || !target || Object.keys(body).some((k) => !['_csrf', 'measureId', 'file'].includes(k))) throw new HttpError(400, 'report.error.file.form');
    const measure = 'measureId' in target ? view.measures.find((m) => m.id === target.measureId) : undefined;
    if ('measureId' in target && !measure) throw notFound();
    const file = body.file;
    const base = reportUrl(view.plan.id, view.period.key, view.organisation.id);
    const errorKey = 'measureId' in target ? `file-${target.measureId}` : 'letter';
    const answer = async (status: number, error?: string) => {
      const fresh = await reload(view);
      if (request.wantsFragment && measure) {
        return reply.html(<Attachments tr={tr} base={base} csrf={request.csrfToken()} measureId={measure.id} code={measure.code} attachments={fresh.attachments.filter((a) => a.measureId === measure.id)} error={error} editable />, { status, fragment: true });
      }
      if (!error) return reply.redirect(`${base}#${measure ? `m${measure.id}` : 'files-letter'}`, 303);
      return page(request, reply, fresh, standing, { status, formErrors: { [errorKey]: error }, summary: [{ field: measure ? `file-${measure.id}` : 'file-letter', message: error }] });
    };
    if (!file || file.type !== 'file' || (!file.filename && (await file.toBuffer()).length === 0)) return answer(400, tr.t('report.error.file.empty'));
    const bytes = await file.toBuffer();
    const result = await reports.attachFile(db, clock, storage, principalActor(request.principal!, request.meta()), view, target, { name: file.filename || 'file', bytes, truncated: file.file.truncated }, { onBehalf: actsOnBehalf(standing) });
    if (result.kind === 'not-editable') throw new HttpError(409, 'report.error.notEditable');
    if (result.kind === 'problem') return answer(result.problem === 'tooLarge' ? 413 : 400, tr.t(`report.error.file.${result.problem}` as MessageKey, { mb: reports.MAX_ATTACHMENT_BYTES / 1024 / 1024, total: reports.MAX_REPORT_ATTACHMENT_BYTES / 1024 / 1024, max: reports.MAX_ATTACHMENTS_PER_MEASURE }));
    return answer(200);
  });

  app.post('/reports/:planId/:periodKey/:organisationId/attachments/:attachmentId/remove', { config: signedIn }, async (request, reply) => {
    const { view, standing } = await reach(request);
    const raw = (request.params as { attachmentId: string }).attachmentId;
    const attachment = NUMERIC.test(raw) ? view.attachments.find((a) => a.id === Number(raw)) : undefined;
    if (!attachment || !seesDraft(standing, view)) throw notFound();
    if (!mayEdit(standing, view)) refuseEdit(standing, view);
    await reports.removeAttachment(db, clock, principalActor(request.principal!, request.meta()), view, attachment.id);
    const base = reportUrl(view.plan.id, view.period.key, view.organisation.id);
    if (request.wantsFragment && attachment.measureId !== null) {
      const fresh = await reload(view);
      const measure = view.measures.find((m) => m.id === attachment.measureId)!;
      return reply.html(<Attachments tr={request.tr} base={base} csrf={request.csrfToken()} measureId={measure.id} code={measure.code} attachments={fresh.attachments.filter((a) => a.measureId === measure.id)} editable />, { fragment: true });
    }
    return reply.redirect(`${base}#${attachment.measureId ? `m${attachment.measureId}` : 'files-letter'}`, 303);
  });

  app.get('/reports/:planId/:periodKey/:organisationId/attachments/:attachmentId', { config: signedIn }, async (request, reply) => {
    const { view, standing } = await reach(request);
    const raw = (request.params as { attachmentId: string }).attachmentId;
    if (!NUMERIC.test(raw)) throw notFound();
    const file = await reports.attachmentFile(db, storage, view, Number(raw), seesDraft(standing, view));
    if (!file) throw notFound();
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', attachmentDisposition(file.name))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(file.bytes);
  });

  // ---- one organisation's report as a document ------------------------------------------------------

  app.get('/reports/:planId/:periodKey/:organisationId/export/:format', { config: signedIn }, async (request, reply) => {
    const { view, standing } = await reach(request);
    const format = (request.params as { format: string }).format;
    if (format !== 'docx' && format !== 'pdf') throw notFound();
    const standingSubs = view.submissions.filter((s) => !s.withdrawnAt);
    const latest = standingSubs.at(-1);
    let own: OwnReport;
    // Its own people file what they wrote (a draft is marked as such); others, the latest submission.
    if (seesDraft(standing, view) && view.report && (view.report.state === 'draft' || view.report.state === 'returned')) {
      own = { snapshot: reports.snapshotOf(view, view.report.letter, view.report.onBehalf, view.entries, view.attachments), periodTitle: periodName(uk, view.period), status: uk.t('ownReport.draft', { at: formatInstant(view.report.updatedAt) }), draft: true };
    } else if (latest) {
      own = { snapshot: latest.snapshot, periodTitle: periodName(uk, view.period), status: uk.t('ownReport.submission', { number: latest.number, at: formatInstant(latest.submittedAt) }) };
    } else throw notFound();
    // A letter with the organisation's requisites, ready to sign and send (issue 15).
    own = { ...own, letter: await ownLetterOf(db, view, request.principal!) };
    const bytes = format === 'docx' ? await ownReportDocx(own) : await ownReportPdf(own);
    const name = `zvit-${view.organisation.id}-${view.period.key}.${format}`;
    return reply
      .header('content-type', format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf')
      .header('content-disposition', attachmentDisposition(name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });

  // ---- the coordinator's review -------------------------------------------------------------------

  const mayReview = (request: FastifyRequest, standing: ReportStanding) => standing === 'coordinator' && request.principal!.permissions.has(reportPermissions.review);

  /** Reads a review form: the decision, the general comment, a comment per measure ("c<id>"). */
  function reviewInput(request: FastifyRequest) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 50_000) : '');
    const measureComments: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) {
      const m = /^c(\d{1,10})$/.exec(k);
      if (m) measureComments[m[1]!] = str(v);
    }
    return { decision: str(body.decision), comment: str(body.comment), measureComments };
  }

  function reviewErrors(request: FastifyRequest, reply: FastifyReply, view: reports.ReportView, standing: ReportStanding, input: ReturnType<typeof reviewInput>, errors: Partial<Record<review.ReviewField, string>>) {
    const tr = request.tr;
    const formErrors: Record<string, string> = {};
    for (const [field, problem] of Object.entries(errors)) {
      formErrors[field] = tr.t(field.startsWith('measure-') ? (`reportReview.error.measure.${problem}` as MessageKey) : (`reportReview.error.${field}.${problem}` as MessageKey));
    }
    const summary = Object.entries(formErrors).map(([field, message]) => ({ field: field.startsWith('measure-') ? `c${field.slice(8)}` : field === 'decision' ? 'comment' : field, message }));
    return page(request, reply, view, standing, { status: 400, formErrors, summary, reviewTyped: { comment: input.comment, measureComments: input.measureComments }, mayReview: standing === 'coordinator' });
  }

  // ---- the district's review (two-level cycle) ------------------------------------------------------

  app.post('/reports/:planId/:periodKey/:organisationId/district-review', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const { view, standing } = await reach(request);
    if (!mayDistrictReview(request, standing, view)) {
      if (standing === 'district' && view.district) throw new HttpError(409, 'district.review.notWaiting');
      throw new HttpError(403, 'auth.forbidden');
    }
    const input = reviewInput(request);
    const actor = principalActor(request.principal!, request.meta());
    const base = reportUrl(view.plan.id, view.period.key, view.organisation.id);
    if (input.decision === 'accept') {
      if ((await review.forwardReport(db, clock, actor, view)) === 'stale') throw new HttpError(409, 'reportReview.stale');
      return reply.redirect(`${base}?reviewed=forwarded`, 303);
    }
    const result = await review.reviewReport(db, clock, actor, view, input, { asDistrict: true });
    if (result.kind === 'errors') return reviewErrors(request, reply, view, standing, input, result.errors);
    if (result.kind !== 'returned') throw new HttpError(409, 'reportReview.stale');
    return reply.redirect(`${base}?reviewed=returned`, 303);
  });

  app.post('/reports/:planId/:periodKey/:organisationId/review', { config: { permission: reportPermissions.review } }, async (request, reply) => {
    const { view, standing } = await reach(request);
    if (!mayReview(request, standing)) throw new HttpError(403, 'auth.forbidden');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 50_000) : '');
    const measureComments: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) {
      const m = /^c(\d{1,10})$/.exec(k);
      if (m) measureComments[m[1]!] = str(v);
    }
    const input = { decision: str(body.decision), comment: str(body.comment), measureComments };
    const result = await review.reviewReport(db, clock, principalActor(request.principal!, request.meta()), view, input);
    const base = reportUrl(view.plan.id, view.period.key, view.organisation.id);
    if (result.kind === 'stale') throw new HttpError(409, 'reportReview.stale');
    if (result.kind === 'awaiting-district') throw new HttpError(409, 'district.review.awaiting');
    if (result.kind === 'errors') {
      const tr = request.tr;
      const formErrors: Record<string, string> = {};
      for (const [field, problem] of Object.entries(result.errors)) {
        formErrors[field] = tr.t(field.startsWith('measure-') ? (`reportReview.error.measure.${problem}` as MessageKey) : (`reportReview.error.${field}.${problem}` as MessageKey));
      }
      const summary = Object.entries(formErrors).map(([field, message]) => ({ field: field.startsWith('measure-') ? `c${field.slice(8)}` : field === 'decision' ? 'comment' : field, message }));
      return page(request, reply, view, standing, { status: 400, formErrors, summary, reviewTyped: { comment: input.comment, measureComments }, mayReview: true });
    }
    return reply.redirect(`${base}?reviewed=${result.kind}`, 303);
  });

  app.post('/reports/:planId/:periodKey/:organisationId/reopen', { config: { permission: reportPermissions.review } }, async (request, reply) => {
    const { view, standing } = await reach(request);
    if (!mayReview(request, standing)) throw new HttpError(403, 'auth.forbidden');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const reason = typeof body.reason === 'string' ? body.reason.slice(0, 50_000) : '';
    const result = await review.reopenReport(db, clock, principalActor(request.principal!, request.meta()), view, reason);
    if (result.kind === 'stale') throw new HttpError(409, 'reportReview.stale');
    if (result.kind === 'errors') {
      const message = request.tr.t(`reportReview.error.reason.${result.errors.reason}` as MessageKey);
      return page(request, reply, view, standing, { status: 400, formErrors: { reason: message }, summary: [{ field: 'reason', message }], reviewTyped: { comment: reason, measureComments: {} }, mayReview: true });
    }
    return reply.redirect(`${reportUrl(view.plan.id, view.period.key, view.organisation.id)}?reviewed=reopened`, 303);
  });

  app.get('/reports/:planId/:periodKey/:organisationId/compare', { config: signedIn }, async (request, reply) => {
    const { view, standing } = await reach(request);
    const q = request.query as Record<string, unknown>;
    const pick = (v: unknown) => (typeof v === 'string' && /^\d{1,4}$/.test(v) ? view.submissions.find((s) => s.number === Number(v)) : undefined);
    // Who sees the report's submissions sees them all: withdrawn ones only its own people.
    const visible = (s: reports.SubmissionView | undefined) => s && (!s.withdrawnAt || seesDraft(standing, view));
    const from = pick(q.from);
    const to = pick(q.to);
    if (!visible(from) || !visible(to) || from!.number === to!.number) throw new HttpError(400, 'compare.error.pick');
    const [a, b] = from!.number < to!.number ? [from!, to!] : [to!, from!];
    return reply.html(ComparePage({ ctx: pageContext(request, standing === 'executor' ? 'reports' : 'plans'), view, from: a, to: b, rows: review.compareSnapshots(a.snapshot, b.snapshot) }));
  });

  // ---- a period at a glance ------------------------------------------------------------------------

  /**
   * The period of a plan the principal coordinates or supervises (its owner) — or, for a district
   * administration, of a plan its communities report in, the grid limited to it and them — or a 404.
   */
  async function reachPeriod(request: FastifyRequest) {
    const reached = await reachPlanPeriod(app, request, { district: true });
    const grid = await periodReports.periodGrid(db, reached.directory, reached.plan, reached.period);
    const district = reached.district;
    if (!district) return { ...reached, grid };
    const rows = grid.rows.filter((r) => r.organisation.id === district || reportsTo(reached.directory, r.organisation.id, district));
    if (rows.length === 0) throw notFound();
    return { ...reached, grid: { ...grid, rows } };
  }

  function readFilter(request: FastifyRequest, grid: periodReports.PeriodGrid, directory: Awaited<ReturnType<typeof loadDirectory>>): periodReports.GridFilter {
    const q = request.query as Record<string, unknown>;
    const one = (v: unknown, allowed: readonly string[]) => (typeof v === 'string' && allowed.includes(v) ? v : '');
    const districts = [...new Set(grid.rows.map((r) => r.districtId).filter((d): d is string => d !== null))].filter((d) => directory.organisation(d));
    return {
      district: one(q.district, districts),
      kind: one(q.kind, [...new Set(grid.rows.map((r) => r.organisation.kind))]),
      state: one(q.state, periodReports.GRID_STATES),
      list: one(q.list, periodReports.GRID_LISTS) as periodReports.GridFilter['list'],
      consent: one(q.consent, ['subordinate', 'by-consent']) as periodReports.GridFilter['consent'],
    };
  }

  async function periodPage(
    request: FastifyRequest,
    reply: FastifyReply,
    reached: Awaited<ReturnType<typeof reachPeriod>>,
    extra: { consentErrors?: Record<string, Record<string, string>>; consentTyped?: Record<string, { answer: string; note: string }>; summary?: { field: string; message: string }[]; status?: number; notice?: string } = {},
  ) {
    const { plan, period, directory, grid } = reached;
    const filter = readFilter(request, grid, directory);
    const periods = reports.periodsOf(plan).filter((x) => reports.periodOpen(plan, x, clock));
    return reply.html(
      PeriodReportsPage({
        ctx: pageContext(request, 'plans'),
        csrf: request.csrfToken(),
        plan,
        period,
        periods,
        grid,
        rows: periodReports.filterGrid(grid.rows, filter),
        rates: periodReports.ratesOf(grid.rows),
        filter,
        directory,
        coordinates: reached.coordinates,
        district: reached.district ? (directory.organisation(reached.district) ?? null) : null,
        consentErrors: extra.consentErrors ?? {},
        consentTyped: extra.consentTyped,
        summary: extra.summary,
        notice: extra.notice,
        now: clock.now().toISOString(),
        measures: await reports.periodMeasures(db, plan, period),
        // The coordinator sees who can report in Zvit at all: no user, invited, active.
        accounts: reached.coordinates ? await accountStates(db, clock, grid.rows.map((r) => r.organisation.id)) : null,
        reminded: reached.coordinates ? await lastReminders(db, plan.id, period.key) : null,
        mayInvite: reached.coordinates && request.principal!.permissions.has('users.manage'),
      }),
      { status: extra.status ?? 200 },
    );
  }

  app.get('/plans/:planId/periods/:periodKey/reports', { config: signedIn }, async (request, reply) => {
    const reached = await reachPeriod(request);
    const consent = (request.query as Record<string, unknown>).consent_saved;
    return periodPage(request, reply, reached, { notice: consent === '1' ? request.tr.t('grid.consent.saved') : undefined });
  });

  // A period's own address leads to its page.
  app.get('/plans/:planId/periods/:periodKey', { config: { permission: reportPermissions.readSubmitted } }, async (request, reply) => {
    const reached = await reachPlanPeriod(app, request);
    return reply.redirect(`/plans/${encodeURIComponent(reached.plan.id)}/periods/${reached.period.key}/reports`, 302);
  });

  app.get('/plans/:planId/periods/:periodKey/measures/:measureId', { config: signedIn }, async (request, reply) => {
    const reached = await reachPeriod(request);
    const raw = (request.params as { measureId: string }).measureId;
    const measure = NUMERIC.test(raw) ? (await reports.periodMeasures(db, reached.plan, reached.period)).find((m) => m.id === Number(raw)) : undefined;
    if (!measure) throw notFound();
    const rows = await periodReports.measureAcrossExecutors(db, reached.directory, reached.grid, measure);
    return reply.html(PeriodMeasurePage({ ctx: pageContext(request, 'plans'), plan: reached.plan, period: reached.period, measure, rows }));
  });

  app.post('/plans/:planId/periods/:periodKey/consent/:organisationId', { config: { permission: reportPermissions.review } }, async (request, reply) => {
    const reached = await reachPeriod(request);
    if (!reached.coordinates) throw new HttpError(403, 'auth.forbidden');
    const organisationId = (request.params as { organisationId: string }).organisationId;
    if (!ID.test(organisationId)) throw notFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input = { answer: typeof body.answer === 'string' ? body.answer : '', note: typeof body.note === 'string' ? body.note.slice(0, 20_000) : '' };
    const result = await periodReports.recordConsent(db, clock, principalActor(request.principal!, request.meta()), reached.grid, organisationId, input);
    if (result === 'not-by-consent') throw notFound();
    const href = `/plans/${encodeURIComponent(reached.plan.id)}/periods/${reached.period.key}/reports`;
    if (result) {
      const tr = request.tr;
      const errors = Object.fromEntries(Object.entries(result.errors).map(([f, p]) => [f, tr.t(`grid.consent.error.${f}.${p}` as MessageKey, { max: periodReports.MAX_CONSENT_NOTE })]));
      const summary = Object.entries(errors).map(([f, message]) => ({ field: `consent-${organisationId}-${f}`, message: `${reached.directory.organisation(organisationId)?.name ?? ''}: ${message}` }));
      return periodPage(request, reply, reached, { status: 400, consentErrors: { [organisationId]: errors }, consentTyped: { [organisationId]: input }, summary });
    }
    return reply.redirect(`${href}?consent_saved=1#org-${organisationId}`, 303);
  });

}
