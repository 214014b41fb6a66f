import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { addDays } from '../../domain/dates.ts';
import { localDateOf } from '../../domain/time.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import { reassignOrganisation } from '../plans/service.ts';
import { moveUsersToOrganisation } from '../users/service.ts';
import * as repo from './repository.ts';
import { loadDirectory, nameKey } from './service.ts';

export type MergeProblem = 'same' | 'unknown' | 'merged';

/**
 * Merges one organisation into another (two communities joined, a department absorbed): from now
 * on the successor stands wherever the merged one stood — in measures of every plan, groups,
 * accounts, the reporting hierarchy — and the merged one's names become the successor's former
 * names and aliases, so orders that name it still find it. The merged organisation stays in the
 * database pointing to its successor (its page says so); nothing is deleted.
 */
export async function mergeOrganisations(db: Db, clock: Clock, actor: AuditActor, fromId: string, intoId: string): Promise<MergeProblem | null> {
  if (fromId === intoId) return 'same';
  const directory = await loadDirectory(db);
  const from = directory.organisation(fromId);
  const into = directory.organisation(intoId);
  if (!from || !into) return 'unknown';
  if (from.mergedInto || into.mergedInto) return 'merged';
  const today = localDateOf(clock.now());
  await writeTransaction(db, async (tx) => {
    await repo.moveNames(tx, fromId, intoId);
    await repo.insertFormerName(tx, intoId, from.name, nameKey(from.name), addDays(today, -1));
    await repo.moveGroupMemberships(tx, fromId, intoId);
    await repo.moveChildren(tx, fromId, intoId);
    const executors = await reassignOrganisation(tx, fromId, intoId);
    const users = await moveUsersToOrganisation(tx, fromId, intoId);
    await repo.updateOrganisationRow(tx, fromId, { merged_into: intoId, parent_id: null, updated_at: clock.now().toISOString() });
    await recordEvent(tx, clock, actor, { action: 'organisation.merged', targetType: 'organisation', targetId: fromId, details: { from: from.name, into: intoId, intoName: into.name, executors, users } });
  });
  return null;
}
