import type { FastifyInstance } from 'fastify';
import { HttpError } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { reachReport } from '../reports/access.ts';
import { reportPermissions } from '../reports/policy.ts';
import * as reports from '../reports/service.ts';
import { homeOf } from './service.ts';
import { HomePage } from './views.tsx';

/** Everyone's first page after sign-in: what needs them now (see service.ts for what each role sees). */
export default async function homeRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;

  app.get('/', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const home = await homeOf(db, clock, request.principal!);
    const q = request.query as Record<string, unknown>;
    let notice: string | undefined;
    // After an acceptance from the list: "Звіт «…» за … прийнято."
    if (typeof q.accepted === 'string' && typeof q.period === 'string') {
      const organisation = home.directory.organisation(q.accepted);
      const period = /^(\d{4})-(H[12]|Q[1-4])$/.exec(q.period);
      if (organisation && period) notice = request.tr.t('home.review.accepted', { organisation: organisation.name, period: reports.periodName(request.tr, { label: period[2] as 'H1' | 'H2' | 'Q1' | 'Q2' | 'Q3' | 'Q4', year: Number(period[1]) }) });
    }
    return reply.html(HomePage({ ctx: pageContext(request, 'home'), home, csrf: request.csrfToken(), notice }));
  });

  /**
   * "Прийняти" from the list: the same review as the report's page (audit, the executors' notice
   * and the conditional state change all happen in `reviewReport`), only for the submission the
   * list showed and only when the review page would show no warning.
   */
  app.post('/home/reports/:planId/:periodKey/:organisationId/accept', { config: { permission: reportPermissions.review } }, async (request, reply) => {
    const { view, standing } = await reachReport(app, request);
    if (standing !== 'coordinator') throw new HttpError(403, 'auth.forbidden');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const submission = reports.reviewedSubmission(view);
    if (view.report?.state !== 'submitted' || !submission || String(submission.number) !== body.submission) throw new HttpError(409, 'home.review.changed');
    if (reports.submissionWarnings(submission.snapshot).length > 0) throw new HttpError(409, 'home.review.refusedWarnings');
    const result = await reports.reviewReport(db, clock, principalActor(request.principal!, request.meta()), view, { decision: 'accept', comment: '', measureComments: {} });
    if (result.kind === 'awaiting-district') throw new HttpError(409, 'district.review.awaiting');
    if (result.kind !== 'accepted') throw new HttpError(409, 'reportReview.stale');
    return reply.redirect(`/?accepted=${encodeURIComponent(view.organisation.id)}&period=${encodeURIComponent(view.period.key)}`, 303);
  });
}
