import type { Principal } from '../auth/service.ts';
import { rootOf, subtreeOf, type Directory, type GroupView } from './service.ts';

/** Who may do what with the directory (checked on the server for every route). */
export const organisationPermissions = {
  read: 'directory.read',
  manage: 'directory.manage',
} as const;

/**
 * The organisations a coordinator maintains: the whole reporting hierarchy their organisation
 * belongs to (the region), and every organisation executing a plan they coordinate (a territorial
 * body of a national service, say). Another region's directory is not theirs: its pages read, its
 * edit pages answer 404.
 */
export function maintainedOrganisations(principal: Principal, directory: Directory, coordinatedExecutors: readonly string[]): Set<string> {
  if (!principal.permissions.has(organisationPermissions.manage)) return new Set();
  const ids = subtreeOf(directory, rootOf(directory, principal.organisationId));
  for (const id of coordinatedExecutors) ids.add(id);
  return ids;
}

/** A group is maintained with the part of the directory that owns it. */
export function maintainsGroup(maintained: ReadonlySet<string>, group: GroupView): boolean {
  return maintained.has(group.ownerOrganisationId);
}
