import type { Principal } from '../auth/service.ts';
import type { Directory } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';
import { seesDraftOf, type ReportView } from './service.ts';

/** Who may do what with reports (checked on the server for every route). */
export const reportPermissions = {
  edit: 'report.edit',
  submit: 'report.submit',
  onBehalf: 'report.enter-on-behalf',
  readSubmitted: 'report.read-submitted',
  readSubordinate: 'report.read-subordinate',
  review: 'report.review',
} as const;

/**
 * How the principal stands to an organisation's report:
 * - 'executor': staff of that organisation — fill, submit, withdraw its own report;
 * - 'coordinator': staff of the plan's coordinator — enter the report on the organisation's
 *   behalf (from its letter), and see the state and submitted versions of any report, never a
 *   draft an organisation is writing itself;
 * - 'reader': the plan owner's supervisors — submitted versions only;
 * - 'district': staff of the organisation the report's organisation reports to (its parent in the
 *   directory: a district administration for its communities) — submitted versions only, never a
 *   draft (DESIGN: district reviewer);
 * - null: nothing (the report does not exist for them: 404).
 */
export type ReportStanding = 'executor' | 'coordinator' | 'reader' | 'district';

export function reportStanding(principal: Principal | null, plan: Pick<PlanView, 'coordinatorOrganisationId' | 'ownerOrganisationId'>, organisationId: string, directory?: Pick<Directory, 'organisation'>): ReportStanding | null {
  if (!principal) return null;
  const p = principal.permissions;
  if (principal.organisationId === organisationId && p.has(reportPermissions.edit)) return 'executor';
  if (principal.organisationId === plan.coordinatorOrganisationId && p.has(reportPermissions.onBehalf)) return 'coordinator';
  if (principal.organisationId === plan.ownerOrganisationId && p.has(reportPermissions.readSubmitted)) return 'reader';
  if (directory && p.has(reportPermissions.readSubordinate) && reportsTo(directory, organisationId, principal.organisationId)) return 'district';
  return null;
}

/** Whether an organisation reports to another ("Звітує до" in the directory: its direct parent). */
export function reportsTo(directory: Pick<Directory, 'organisation'>, organisationId: string, parentId: string): boolean {
  const o = directory.organisation(organisationId);
  return o !== undefined && !o.mergedInto && o.parentId === parentId;
}

/**
 * What the page offers: 'edit' the draft (its organisation's own, or the coordinator's on
 * behalf), 'start' entering it on behalf, or 'view' — the organisation sees its own report as
 * submitted (or one the coordinator entered for it); others see its state and submissions.
 */
export type ReportMode = 'edit' | 'start' | 'view';

export function reportMode(standing: ReportStanding, view: ReportView): ReportMode {
  const r = view.report;
  const editable = !r || r.state === 'draft' || r.state === 'returned';
  if (standing === 'executor') return editable && !r?.onBehalf ? 'edit' : 'view';
  if (standing === 'coordinator') {
    if (!r) return 'start';
    return r.onBehalf && editable ? 'edit' : 'view';
  }
  return 'view';
}

/** Whether the principal sees the draft (entries as saved, attachments not yet submitted). */
export function seesDraft(standing: ReportStanding, view: ReportView): boolean {
  return seesDraftOf(standing, view.report?.onBehalf ?? false);
}

/** Whether the principal acts on the report on the organisation's behalf. */
export function actsOnBehalf(standing: ReportStanding): boolean {
  return standing === 'coordinator';
}
