import type { DbOrTx } from '../../db/database.ts';
import type { ExecutorGroup, NewOrganisation, Organisation } from '../../db/schema.ts';

/** The only Kysely code of the organisations feature. */

export async function insertOrganisation(db: DbOrTx, row: NewOrganisation): Promise<void> {
  await db.insertInto('organisations').values(row).execute();
}

export async function insertName(
  db: DbOrTx,
  row: { organisation_id: string; name: string; name_key: string; kind: 'former' | 'alias'; valid_to: string | null },
): Promise<void> {
  await db
    .insertInto('organisation_names')
    .values(row)
    .onConflict((oc) => oc.columns(['organisation_id', 'name_key']).doNothing())
    .execute();
}

export async function countOrganisations(db: DbOrTx): Promise<number> {
  const row = await db.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findAllOrganisations(db: DbOrTx): Promise<Organisation[]> {
  return db.selectFrom('organisations').selectAll().execute();
}

export async function findOrganisation(db: DbOrTx, id: string): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOrganisationsByIds(db: DbOrTx, ids: readonly string[]): Promise<Organisation[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('organisations').selectAll().where('id', 'in', ids).execute();
}

export async function findChildren(db: DbOrTx, parentId: string): Promise<Organisation[]> {
  return db.selectFrom('organisations').selectAll().where('parent_id', '=', parentId).execute();
}

export async function findNames(db: DbOrTx, organisationId?: string) {
  let q = db.selectFrom('organisation_names').select(['organisation_id', 'name', 'kind', 'valid_to']);
  if (organisationId) q = q.where('organisation_id', '=', organisationId);
  return q.orderBy('id').execute();
}

export async function insertGroup(db: DbOrTx, row: ExecutorGroup): Promise<void> {
  await db.insertInto('executor_groups').values(row).execute();
}

export async function insertGroupMembers(db: DbOrTx, groupId: string, organisationIds: readonly string[]): Promise<void> {
  if (organisationIds.length === 0) return;
  await db
    .insertInto('executor_group_members')
    .values(organisationIds.map((organisation_id) => ({ group_id: groupId, organisation_id })))
    .execute();
}

export async function findAllGroups(db: DbOrTx): Promise<ExecutorGroup[]> {
  return db.selectFrom('executor_groups').selectAll().execute();
}

export async function findGroup(db: DbOrTx, id: string): Promise<ExecutorGroup | undefined> {
  return db.selectFrom('executor_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findGroupMemberships(db: DbOrTx): Promise<{ group_id: string; organisation_id: string }[]> {
  return db.selectFrom('executor_group_members').select(['group_id', 'organisation_id']).execute();
}

export async function findGroupsOf(db: DbOrTx, organisationId: string): Promise<ExecutorGroup[]> {
  return db
    .selectFrom('executor_groups')
    .innerJoin('executor_group_members', 'executor_group_members.group_id', 'executor_groups.id')
    .selectAll('executor_groups')
    .where('executor_group_members.organisation_id', '=', organisationId)
    .execute();
}

export async function insertGroupNames(db: DbOrTx, groupId: string, names: { name: string; name_key: string }[]): Promise<void> {
  if (names.length === 0) return;
  await db
    .insertInto('executor_group_names')
    .values(names.map((n) => ({ group_id: groupId, ...n })))
    .onConflict((oc) => oc.columns(['group_id', 'name_key']).doNothing())
    .execute();
}

export async function findGroupNames(db: DbOrTx) {
  return db.selectFrom('executor_group_names').select(['group_id', 'name']).orderBy('id').execute();
}
