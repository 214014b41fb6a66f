import type { Clock } from '../../clock.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { OrganisationKind } from '../../db/schema.ts';
import { normaliseForSearch, sortUkrainian } from '../../domain/text.ts';
import * as repo from './repository.ts';

export interface OrganisationView {
  id: string;
  name: string;
  shortName: string | null;
  kind: OrganisationKind;
  parentId: string | null;
  byConsent: boolean;
  sourceConfidence: 'listed' | 'probable';
  katottg: string | null;
  edrpou: string | null;
  email: string | null;
  mergedInto: string | null;
  note: string | null;
  aliases: string[];
  formerNames: { name: string; validTo: string | null }[];
}

export interface GroupView {
  id: string;
  name: string;
  description: string | null;
  ownerOrganisationId: string;
  byConsent: boolean;
  memberIds: string[];
  aliases: string[];
}

export interface Directory {
  /** In Ukrainian alphabetical order. */
  organisations: OrganisationView[];
  groups: GroupView[];
  organisation(id: string): OrganisationView | undefined;
  group(id: string): GroupView | undefined;
  /** Groups an organisation belongs to. */
  groupsOf(organisationId: string): GroupView[];
}

export interface TreeNode {
  organisation: OrganisationView;
  children: TreeNode[];
}

export interface NewOrganisationInput {
  id: string;
  name: string;
  shortName?: string | null;
  kind: OrganisationKind;
  parentId?: string | null;
  byConsent?: boolean;
  sourceConfidence?: 'listed' | 'probable';
  katottg?: string | null;
  edrpou?: string | null;
  email?: string | null;
  note?: string | null;
  aliases?: readonly string[];
}

export interface NewGroupInput {
  id: string;
  name: string;
  description?: string | null;
  ownerOrganisationId: string;
  byConsent?: boolean;
  memberIds: readonly string[];
}

/** The key under which a name or alias is matched (case, apostrophes and spaces folded). */
export function nameKey(name: string): string {
  return normaliseForSearch(name);
}

/** Adds an organisation with its aliases. */
export async function createOrganisation(db: DbOrTx, clock: Clock, input: NewOrganisationInput): Promise<void> {
  const now = clock.now().toISOString();
  await repo.insertOrganisation(db, {
    id: input.id,
    name: input.name,
    short_name: input.shortName ?? null,
    kind: input.kind,
    parent_id: input.parentId ?? null,
    katottg: input.katottg ?? null,
    edrpou: input.edrpou ?? null,
    by_consent: input.byConsent ? 1 : 0,
    email: input.email ?? null,
    merged_into: null,
    source_confidence: input.sourceConfidence ?? 'listed',
    note: input.note ?? null,
    search_text: normaliseForSearch([input.name, input.shortName ?? '', ...(input.aliases ?? [])].join(' ')),
    created_at: now,
    updated_at: now,
  });
  for (const alias of input.aliases ?? []) {
    await repo.insertName(db, { organisation_id: input.id, name: alias, name_key: nameKey(alias), kind: 'alias', valid_to: null });
  }
}

/** Adds an executor group (it may have no members yet). */
export async function createGroup(db: DbOrTx, clock: Clock, input: NewGroupInput & { aliases?: readonly string[] }): Promise<void> {
  const now = clock.now().toISOString();
  await repo.insertGroup(db, {
    id: input.id,
    name: input.name,
    description: input.description ?? null,
    owner_organisation_id: input.ownerOrganisationId,
    by_consent: input.byConsent ? 1 : 0,
    search_text: normaliseForSearch([input.name, ...(input.aliases ?? [])].join(' ')),
    created_at: now,
    updated_at: now,
  });
  await repo.insertGroupMembers(db, input.id, input.memberIds);
  const names = [...new Set(input.aliases ?? [])].map((name) => ({ name, name_key: nameKey(name) }));
  await repo.insertGroupNames(db, input.id, names.filter((n, i) => names.findIndex((m) => m.name_key === n.name_key) === i));
}

export async function countOrganisations(db: DbOrTx): Promise<number> {
  return repo.countOrganisations(db);
}

/** The whole directory: organisations in Ukrainian order, groups with their members. */
export async function loadDirectory(db: DbOrTx): Promise<Directory> {
  const [orgRows, nameRows, groupRows, memberships, groupNames] = await Promise.all([
    repo.findAllOrganisations(db),
    repo.findNames(db),
    repo.findAllGroups(db),
    repo.findGroupMemberships(db),
    repo.findGroupNames(db),
  ]);
  const names = new Map<string, typeof nameRows>();
  for (const n of nameRows) {
    const list = names.get(n.organisation_id) ?? [];
    list.push(n);
    names.set(n.organisation_id, list);
  }
  const organisations = sortUkrainian(
    orgRows.map((o): OrganisationView => {
      const own = names.get(o.id) ?? [];
      return {
        id: o.id,
        name: o.name,
        shortName: o.short_name,
        kind: o.kind,
        parentId: o.parent_id,
        byConsent: o.by_consent === 1,
        sourceConfidence: o.source_confidence,
        katottg: o.katottg,
        edrpou: o.edrpou,
        email: o.email,
        mergedInto: o.merged_into,
        note: o.note,
        aliases: own.filter((n) => n.kind === 'alias').map((n) => n.name),
        formerNames: own.filter((n) => n.kind === 'former').map((n) => ({ name: n.name, validTo: n.valid_to })),
      };
    }),
    (o) => o.name,
  );
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const rank = new Map(organisations.map((o, i) => [o.id, i]));
  const members = new Map<string, string[]>();
  for (const m of memberships) {
    const list = members.get(m.group_id) ?? [];
    list.push(m.organisation_id);
    members.set(m.group_id, list);
  }
  const groups = sortUkrainian(
    groupRows.map(
      (g): GroupView => ({
        id: g.id,
        name: g.name,
        description: g.description,
        ownerOrganisationId: g.owner_organisation_id,
        byConsent: g.by_consent === 1,
        memberIds: (members.get(g.id) ?? []).sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0)),
        aliases: groupNames.filter((n) => n.group_id === g.id).map((n) => n.name),
      }),
    ),
    (g) => g.name,
  );
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const groupsOf = new Map<string, GroupView[]>();
  for (const g of groups) {
    for (const id of g.memberIds) {
      const list = groupsOf.get(id) ?? [];
      list.push(g);
      groupsOf.set(id, list);
    }
  }
  return {
    organisations,
    groups,
    organisation: (id) => byId.get(id),
    group: (id) => groupById.get(id),
    groupsOf: (id) => groupsOf.get(id) ?? [],
  };
}

/** The reporting hierarchy as a forest, each level in Ukrainian order. */
export function directoryTree(directory: Directory): TreeNode[] {
  const nodes = new Map<string, TreeNode>(directory.organisations.map((o) => [o.id, { organisation: o, children: [] }]));
  const roots: TreeNode[] = [];
  // organisations are already sorted, so children are appended in order.
  for (const o of directory.organisations) {
    const node = nodes.get(o.id)!;
    const parent = o.parentId ? nodes.get(o.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** How a group is named on pages: "(за згодою)" where its members report by consent. */
export function groupDisplayName(group: Pick<GroupView, 'name' | 'byConsent'>, byConsentLabel: string): string {
  return group.byConsent ? `${group.name} (${byConsentLabel})` : group.name;
}

/** The organisation a name or alias names exactly (after folding case, apostrophes and spaces), if any. */
export async function findOrganisationByName(db: DbOrTx, name: string): Promise<string | undefined> {
  const key = nameKey(name);
  const d = await loadDirectory(db);
  return d.organisations.find((o) => nameKey(o.name) === key || o.aliases.some((a) => nameKey(a) === key))?.id;
}
