import type { Principal } from '../auth/service.ts';

/** Who may do what with plans (checked on the server for every route). */
export const planPermissions = {
  read: 'plan.read',
  manage: 'plan.manage',
} as const;

/**
 * A draft plan (an imported order under review) is seen only by the coordinators of the
 * organisation that coordinates it; to everyone else it does not exist (404). Other plans are
 * read by every signed-in role.
 */
export function mayReadPlan(principal: Principal | null, plan: { state: string; coordinatorOrganisationId: string }): boolean {
  if (!principal) return false;
  if (plan.state !== 'draft') return true;
  return principal.permissions.has(planPermissions.manage) && principal.organisationId === plan.coordinatorOrganisationId;
}

/**
 * Whether the principal prepares and changes a plan: a coordinator of the organisation that
 * coordinates it. Everyone else reading it gets 404 for the pages that change it.
 */
export function mayManagePlan(principal: Principal | null, plan: { state: string; coordinatorOrganisationId: string }): boolean {
  return Boolean(principal && mayReadPlan(principal, plan) && principal.permissions.has(planPermissions.manage) && principal.organisationId === plan.coordinatorOrganisationId);
}
