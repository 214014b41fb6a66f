import type { Role } from '../../db/schema.ts';
import { GRANTABLE_ROLES } from '../../domain/permissions.ts';
import type { Principal } from '../auth/service.ts';
import { subtreeOf, type Directory } from '../organisations/service.ts';


/**
 * Whose accounts a user may manage (DESIGN.md, Users): an admin manages the users of their
 * organisation's subtree; a coordinator those of their own organisation and of every
 * organisation that executes a plan their organisation coordinates. Anything outside answers
 * 404 — its existence is not revealed.
 */
export const userPermissions = { manage: 'users.manage' } as const;

export function managedOrganisations(principal: Principal, directory: Directory, coordinatedExecutors: readonly string[]): Set<string> {
  const ids = new Set<string>();
  if (principal.roles.includes('admin')) for (const id of subtreeOf(directory, principal.organisationId)) ids.add(id);
  if (principal.roles.includes('coordinator')) {
    ids.add(principal.organisationId);
    for (const id of coordinatedExecutors) ids.add(id);
  }
  return ids;
}

/** Roles the principal may grant to a user of an organisation. */
export function grantableRoles(principal: Principal, organisationId: string): Role[] {
  const roles = new Set<Role>();
  for (const r of principal.roles) {
    for (const g of GRANTABLE_ROLES[r]) {
      // A coordinator makes coordinators only in their own organisation.
      if (r === 'coordinator' && g === 'coordinator' && organisationId !== principal.organisationId) continue;
      roles.add(g);
    }
  }
  return [...roles];
}

/**
 * Whether the principal may manage a given user: in a managed organisation, and holding no role
 * the principal could not grant there (a coordinator never manages an admin).
 */
export function mayManageUser(principal: Principal, organisations: ReadonlySet<string>, user: { organisationId: string; roles: readonly Role[] }): boolean {
  if (!organisations.has(user.organisationId)) return false;
  const grantable = grantableRoles(principal, user.organisationId);
  return user.roles.every((r) => grantable.includes(r));
}
