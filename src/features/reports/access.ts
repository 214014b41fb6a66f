import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../plugins/errors.ts';
import { principalActor } from '../auth/service.ts';
import { recordRefusal } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import { reportStanding, reportsTo, type ReportStanding } from './policy.ts';
import * as reports from './service.ts';
import { openFor } from '../instructions/service.ts';

export const PERIOD_KEY = /^\d{4}-(H[12]|Q[1-4])$/;
export const TEXT_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
export const NUMERIC_ID = /^[1-9]\d{0,9}$/;

export interface ReportParams {
  planId: string;
  periodKey: string;
  organisationId: string;
}

/**
 * The report a request names and how the principal stands to it — or 404, the same for a report
 * that does not exist and one that is not theirs (an attempt on another organisation's report is
 * recorded in the audit log).
 */
export async function reachReport(app: FastifyInstance, request: FastifyRequest): Promise<{ view: reports.ReportView; standing: ReportStanding }> {
  const { db, clock } = app.zvit;
  const p = request.params as ReportParams;
  if (!TEXT_ID.test(p.planId) || !PERIOD_KEY.test(p.periodKey) || !TEXT_ID.test(p.organisationId)) throw notFound();
  const plan = await plans.getPlan(db, p.planId);
  const directory = await loadDirectory(db);
  const standing = plan ? reportStanding(request.principal, plan, p.organisationId, directory) : null;
  if (!plan || !standing) {
    if (plan && request.principal) {
      await recordRefusal(db, clock, principalActor(request.principal, request.meta()), 'report', `${p.planId}/${p.periodKey}/${p.organisationId}`, request.routeOptions.url ?? '');
    }
    throw notFound();
  }
  const view = await reports.loadReport(db, directory, clock, p.planId, p.periodKey, p.organisationId);
  if (!view) throw notFound();
  // The organisation's open instructions in this plan: for it and the issuing side, not a district.
  if (standing !== 'district') view.instructions = (await openFor(db, p.organisationId)).filter((i) => i.planId === p.planId);
  return { view, standing };
}

/**
 * A begun period of a plan the principal's organisation coordinates or owns (supervises), or a
 * 404 — the same for a plan that does not exist and one that is not theirs. With `district`, also
 * a period of a plan in which organisations reporting to the principal's own owe reports: then
 * `district` names that organisation, and what the page shows is limited to it and them.
 */
export async function reachPlanPeriod(app: FastifyInstance, request: FastifyRequest, options: { district?: boolean } = {}) {
  const { db, clock } = app.zvit;
  const p = request.params as { planId: string; periodKey: string };
  if (!TEXT_ID.test(p.planId) || !PERIOD_KEY.test(p.periodKey)) throw notFound();
  const plan = await plans.getPlan(db, p.planId);
  const principal = request.principal!;
  if (!plan || !reports.plansReportedOn(plan.state)) throw notFound();
  const coordinates = principal.organisationId === plan.coordinatorOrganisationId && principal.permissions.has('report.read-submitted');
  const supervises = principal.organisationId === plan.ownerOrganisationId && principal.permissions.has('report.read-submitted');
  const period = reports.periodByKey(plan, p.periodKey);
  if (!period || !reports.periodOpen(plan, period, clock)) throw notFound();
  const directory = await loadDirectory(db);
  const district = !coordinates && !supervises && options.district && principal.permissions.has('report.read-subordinate') && directory.organisations.some((o) => reportsTo(directory, o.id, principal.organisationId)) ? principal.organisationId : null;
  if (!coordinates && !supervises && !district) throw notFound();
  return { plan, period, directory, coordinates, supervises, district };
}
