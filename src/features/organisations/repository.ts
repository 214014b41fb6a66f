import type { DbOrTx } from '../../db/database.ts';
import type { ExecutorGroup, NewOrganisation, Organisation, OrganisationUpdate } from '../../db/schema.ts';

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

// ---- maintaining the directory ------------------------------------------------------------------

export async function updateOrganisationRow(db: DbOrTx, id: string, set: OrganisationUpdate): Promise<void> {
  await db.updateTable('organisations').set(set).where('id', '=', id).execute();
}

/** Replaces an organisation's aliases (its former names stay). */
export async function replaceAliases(db: DbOrTx, organisationId: string, aliases: { name: string; name_key: string }[]): Promise<void> {
  await db.deleteFrom('organisation_names').where('organisation_id', '=', organisationId).where('kind', '=', 'alias').execute();
  if (aliases.length === 0) return;
  await db
    .insertInto('organisation_names')
    .values(aliases.map((a) => ({ organisation_id: organisationId, ...a, kind: 'alias' as const, valid_to: null })))
    .onConflict((oc) => oc.columns(['organisation_id', 'name_key']).doNothing())
    .execute();
}

/** Keeps a name as a former name until a date, replacing an alias of the same spelling. */
export async function insertFormerName(db: DbOrTx, organisationId: string, name: string, nameKey: string, validTo: string): Promise<void> {
  await db.deleteFrom('organisation_names').where('organisation_id', '=', organisationId).where('name_key', '=', nameKey).execute();
  await db.insertInto('organisation_names').values({ organisation_id: organisationId, name, name_key: nameKey, kind: 'former', valid_to: validTo }).execute();
}

/** Drops a name of the organisation's (when it becomes its name of record again). */
export async function deleteName(db: DbOrTx, organisationId: string, nameKey: string): Promise<void> {
  await db.deleteFrom('organisation_names').where('organisation_id', '=', organisationId).where('name_key', '=', nameKey).execute();
}

/** Moves every name of one organisation to another (a merge), skipping spellings it already has. */
export async function moveNames(db: DbOrTx, fromId: string, intoId: string): Promise<void> {
  const rows = await db.selectFrom('organisation_names').selectAll().where('organisation_id', '=', fromId).execute();
  const existing = new Set((await db.selectFrom('organisation_names').select('name_key').where('organisation_id', '=', intoId).execute()).map((r) => r.name_key));
  for (const r of rows) {
    if (!existing.has(r.name_key)) await db.insertInto('organisation_names').values({ organisation_id: intoId, name: r.name, name_key: r.name_key, kind: r.kind, valid_to: r.valid_to }).execute();
  }
  await db.deleteFrom('organisation_names').where('organisation_id', '=', fromId).execute();
}

/** Moves group memberships and owned groups from one organisation to another. */
export async function moveGroupMemberships(db: DbOrTx, fromId: string, intoId: string): Promise<void> {
  const groups = (await db.selectFrom('executor_group_members').select('group_id').where('organisation_id', '=', fromId).execute()).map((r) => r.group_id);
  const already = new Set((await db.selectFrom('executor_group_members').select('group_id').where('organisation_id', '=', intoId).execute()).map((r) => r.group_id));
  const missing = groups.filter((g) => !already.has(g));
  if (missing.length) await db.insertInto('executor_group_members').values(missing.map((group_id) => ({ group_id, organisation_id: intoId }))).execute();
  await db.deleteFrom('executor_group_members').where('organisation_id', '=', fromId).execute();
  await db.updateTable('executor_groups').set({ owner_organisation_id: intoId }).where('owner_organisation_id', '=', fromId).execute();
}

/** Children of one organisation report to another from now on. */
export async function moveChildren(db: DbOrTx, fromId: string, intoId: string): Promise<void> {
  await db.updateTable('organisations').set({ parent_id: intoId }).where('parent_id', '=', fromId).where('id', '<>', intoId).execute();
}

export async function updateGroupRow(db: DbOrTx, id: string, set: { name: string; description: string | null; by_consent: 0 | 1; search_text: string; updated_at: string }): Promise<void> {
  await db.updateTable('executor_groups').set(set).where('id', '=', id).execute();
}

export async function replaceGroupMembers(db: DbOrTx, groupId: string, organisationIds: readonly string[]): Promise<void> {
  await db.deleteFrom('executor_group_members').where('group_id', '=', groupId).execute();
  await insertGroupMembers(db, groupId, organisationIds);
}

export async function replaceGroupNames(db: DbOrTx, groupId: string, names: { name: string; name_key: string }[]): Promise<void> {
  await db.deleteFrom('executor_group_names').where('group_id', '=', groupId).execute();
  await insertGroupNames(db, groupId, names);
}

export async function organisationIdTaken(db: DbOrTx, id: string): Promise<boolean> {
  const [o, g] = await Promise.all([db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst(), db.selectFrom('executor_groups').select('id').where('id', '=', id).executeTakeFirst()]);
  return Boolean(o || g);
}

// ---- files of contacts waiting for confirmation ----------------------------------------------------

export async function insertContactImport(db: DbOrTx, row: { id: string; user_id: string; file_name: string; rows: string; created_at: string }): Promise<void> {
  await db.insertInto('contact_imports').values(row).execute();
}

/** A waiting file of the user's, uploaded after `since`. */
export async function findContactImport(db: DbOrTx, id: string, userId: string, since: string) {
  return db.selectFrom('contact_imports').selectAll().where('id', '=', id).where('user_id', '=', userId).where('created_at', '>', since).executeTakeFirst();
}

/** Removes a waiting file; the number removed (0 when another request took it first). */
export async function deleteContactImport(db: DbOrTx, id: string, userId: string): Promise<number> {
  const result = await db.deleteFrom('contact_imports').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes the files uploaded before `before` (anybody's) and the user's earlier ones. */
export async function deleteStaleContactImports(db: DbOrTx, userId: string, before: string): Promise<void> {
  await db.deleteFrom('contact_imports').where((eb) => eb.or([eb('created_at', '<=', before), eb('user_id', '=', userId)])).execute();
}
