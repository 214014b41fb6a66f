import type { Role } from '../db/schema.ts';

/**
 * Named permissions and what each role holds (DESIGN.md, Users). This decides *whether* a role
 * may do a kind of thing; *on which* plan, organisation or report is decided by each feature's
 * policy from the user's organisation.
 */
export const PERMISSIONS = [
  'plan.read',
  'plan.manage',
  'directory.read',
  'directory.manage',
  'users.manage',
  'audit.read',
  'mail.outbox',
  'report.edit',
  'report.submit',
  'report.review',
  'report.read-submitted',
  'report.read-subordinate',
  'report.enter-on-behalf',
  'consolidation.sign',
  'stats.view-exact',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Route-level access: a named permission, any signed-in user, or anyone. */
export type RouteAccess = Permission | 'signed-in' | 'public';

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // An executor of an organisation others report to ("Звітує до": a district administration and
  // its communities) also reads their submitted reports and their period grid (DESIGN: district reviewer).
  executor: ['plan.read', 'directory.read', 'report.edit', 'report.submit', 'report.read-subordinate'],
  coordinator: [
    'plan.read',
    'plan.manage',
    'directory.read',
    'directory.manage',
    'users.manage',
    'audit.read',
    'report.review',
    'report.read-submitted',
    'report.enter-on-behalf',
    'stats.view-exact',
  ],
  supervisor: ['plan.read', 'directory.read', 'report.read-submitted', 'consolidation.sign', 'stats.view-exact'],
  admin: ['plan.read', 'directory.read', 'users.manage', 'audit.read', 'mail.outbox'],
};

/** Roles that must sign in with a second factor. */
export const ROLES_REQUIRING_TOTP: readonly Role[] = ['coordinator', 'supervisor', 'admin'];

/** Roles a user of a role may grant when inviting or editing users. */
export const GRANTABLE_ROLES: Record<Role, readonly Role[]> = {
  executor: [],
  coordinator: ['executor', 'coordinator'],
  supervisor: [],
  admin: ['executor', 'coordinator', 'supervisor', 'admin'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r]));
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function requiresTotp(roles: readonly Role[]): boolean {
  return roles.some((r) => ROLES_REQUIRING_TOTP.includes(r));
}
