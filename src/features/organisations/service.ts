import type { Clock } from '../../clock.ts';
import { keptWhileUnchanged } from '../../db/epochs.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../db/schema.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { CONTACT_FIELDS, validateContact, type Contact } from '../../domain/contacts.ts';
import { addDays } from '../../domain/dates.ts';
import { dateInputProblem, parseDateInput } from '../../domain/plan-lifecycle.ts';
import { localDateOf } from '../../domain/time.ts';
import { normaliseForSearch, slugify, sortUkrainian } from '../../domain/text.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
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
  phone: string | null;
  contactPerson: string | null;
  /** A body reporting by consent that chose to report by letter (bulk invitations leave it out). */
  declinedZvitAt: string | null;
  contactPosition: string | null;
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
  phone?: string | null;
  contactPerson?: string | null;
  contactPosition?: string | null;
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
    phone: input.phone ?? null,
    contact_person: input.contactPerson ?? null,
    // Only when given: the seed also runs on databases migrated to an older version (migration tests).
    ...(input.contactPosition ? { contact_position: input.contactPosition } : {}),
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

/** Writes contacts as given (already checked), for the demo's directory: no audit event, as seeding has none. */
export async function fillContacts(db: DbOrTx, clock: Clock, entries: readonly { id: string; contact: Contact }[]): Promise<void> {
  const now = clock.now().toISOString();
  for (const { id, contact } of entries) {
    await repo.updateOrganisationRow(db, id, { contact_person: contact.contactPerson, contact_position: contact.contactPosition, email: contact.email, phone: contact.phone, updated_at: now });
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

/**
 * The whole directory: organisations in Ukrainian order, groups with their members. Kept by the
 * process until the directory changes (src/db/epochs.ts): shared and frozen, never to be changed.
 */
export async function loadDirectory(db: DbOrTx): Promise<Directory> {
  return keptWhileUnchanged(db, 'directory', 'directory', () => readDirectory(db));
}

async function readDirectory(db: DbOrTx): Promise<Directory> {
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
        phone: o.phone,
        contactPerson: o.contact_person,
        declinedZvitAt: o.declined_zvit_at ?? null,
        contactPosition: o.contact_position,
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

/** The reporting hierarchy as a forest, each level in Ukrainian order (merged organisations left out). */
export function directoryTree(directory: Directory): TreeNode[] {
  const live = directory.organisations.filter((o) => !o.mergedInto);
  const nodes = new Map<string, TreeNode>(live.map((o) => [o.id, { organisation: o, children: [] }]));
  const roots: TreeNode[] = [];
  // organisations are already sorted, so children are appended in order.
  for (const o of live) {
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
  const found = d.organisations.find((o) => nameKey(o.name) === key || o.aliases.some((a) => nameKey(a) === key) || o.formerNames.some((f) => nameKey(f.name) === key));
  // A merged organisation's names lead to its successor.
  return found ? (found.mergedInto ?? found.id) : undefined;
}

/** The organisation and every organisation below it in the reporting hierarchy. */
export function subtreeOf(directory: Directory, rootId: string): Set<string> {
  const ids = new Set<string>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of directory.organisations) {
      if (o.parentId && ids.has(o.parentId) && !ids.has(o.id)) {
        ids.add(o.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** The top of an organisation's reporting hierarchy (the region's administration, say). */
export function rootOf(directory: Directory, id: string): string {
  const seen = new Set<string>();
  let current = id;
  for (;;) {
    const parent = directory.organisation(current)?.parentId;
    if (!parent || seen.has(parent)) return current;
    seen.add(current);
    current = parent;
  }
}

// ---- maintaining the directory (coordinators) -----------------------------------------------------

export interface OrganisationInput {
  name: string;
  shortName: string;
  kind: string;
  parentId: string;
  byConsent: boolean;
  katottg: string;
  edrpou: string;
  email: string;
  phone: string;
  contactPerson: string;
  contactPosition: string;
  note: string;
  /** Other spellings, one a line. */
  aliases: string;
  /** When the name changes: the first day of the new name (default today). */
  renamedOn: string;
  /** A proposed (probable) organisation confirmed as named. */
  confirmed: boolean;
}

export type OrganisationField = keyof OrganisationInput;
export type OrganisationProblem = 'empty' | 'tooLong' | 'invalid' | 'formula' | 'nonexistent' | 'taken' | 'unknown' | 'cycle' | 'tooMany' | 'future' | 'beforePrevious' | 'inUse';
export type OrganisationErrors = Partial<Record<OrganisationField, OrganisationProblem>>;

export const MAX_ALIASES = 50;

function clean(text: string): string {
  return String(text ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Other spellings typed one a line: cleaned, each once, never the name itself. */
function spellings(text: string, name: string): string[] {
  const lines = String(text ?? '')
    .split(/\r?\n/)
    .map(clean)
    .filter(Boolean);
  return lines.filter((a, i) => lines.findIndex((b) => nameKey(b) === nameKey(a)) === i && nameKey(a) !== nameKey(name));
}

/** The form's values for an organisation as it stands. */
export function organisationInputOf(o: OrganisationView): OrganisationInput {
  return {
    name: o.name,
    shortName: o.shortName ?? '',
    kind: o.kind,
    parentId: o.parentId ?? '',
    byConsent: o.byConsent,
    katottg: o.katottg ?? '',
    edrpou: o.edrpou ?? '',
    email: o.email ?? '',
    phone: o.phone ?? '',
    contactPerson: o.contactPerson ?? '',
    contactPosition: o.contactPosition ?? '',
    note: o.note ?? '',
    aliases: o.aliases.join('\n'),
    renamedOn: '',
    confirmed: o.sourceConfidence === 'listed',
  };
}

interface ValidOrganisation {
  name: string;
  shortName: string | null;
  kind: OrganisationKind;
  parentId: string | null;
  byConsent: boolean;
  katottg: string | null;
  edrpou: string | null;
  email: string | null;
  phone: string | null;
  contactPerson: string | null;
  contactPosition: string | null;
  note: string | null;
  aliases: string[];
  renamedOn: string | null;
  confirmed: boolean;
}

/**
 * Checks an organisation as typed: a name no other organisation has (or had), a kind, a parent
 * that exists and is not the organisation itself or below it, and codes of the right shape
 * (КАТОТТГ: UA and 17 digits; ЄДРПОУ: 8 digits).
 */
export function validateOrganisation(directory: Directory, input: OrganisationInput, editing: OrganisationView | null, today: string): { errors: OrganisationErrors } | { value: ValidOrganisation } {
  const errors: OrganisationErrors = {};
  const name = clean(input.name);
  if (!name) errors.name = 'empty';
  else if (name.length > 500) errors.name = 'tooLong';
  else {
    const key = nameKey(name);
    const clash = directory.organisations.find((o) => o.id !== editing?.id && (nameKey(o.name) === key || o.aliases.some((a) => nameKey(a) === key)));
    if (clash) errors.name = 'taken';
  }
  const shortName = clean(input.shortName);
  if (shortName.length > 200) errors.shortName = 'tooLong';
  const kind = (ORGANISATION_KINDS as readonly string[]).includes(input.kind) ? (input.kind as OrganisationKind) : null;
  if (!kind) errors.kind = 'invalid';
  const parentId = clean(input.parentId) || null;
  if (parentId) {
    const parent = directory.organisation(parentId);
    if (!parent || parent.mergedInto) errors.parentId = 'unknown';
    else if (editing && subtreeOf(directory, editing.id).has(parentId)) errors.parentId = 'cycle';
  }
  const katottg = clean(input.katottg).toUpperCase() || null;
  if (katottg && !/^UA\d{17}$/.test(katottg)) errors.katottg = 'invalid';
  const edrpou = clean(input.edrpou) || null;
  if (edrpou && !/^\d{8}$/.test(edrpou)) errors.edrpou = 'invalid';
  const contact = validateContact({ contactPerson: input.contactPerson, contactPosition: input.contactPosition, email: input.email, phone: input.phone });
  Object.assign(errors, contact.errors);
  const { email, phone, contactPerson, contactPosition } = contact.value;
  const note = String(input.note ?? '').replace(/\r\n?/g, '\n').trim() || null;
  if (note && note.length > 2000) errors.note = 'tooLong';
  const aliases = spellings(input.aliases, name);
  if (aliases.length > MAX_ALIASES) errors.aliases = 'tooMany';
  else if (aliases.some((a) => a.length > 500)) errors.aliases = 'tooLong';
  else if (aliases.some((a) => directory.organisations.some((o) => o.id !== editing?.id && (nameKey(o.name) === nameKey(a) || o.aliases.some((b) => nameKey(b) === nameKey(a)))))) errors.aliases = 'taken';
  let renamedOn: string | null = null;
  if (editing && name && name !== editing.name) {
    const raw = clean(input.renamedOn);
    renamedOn = raw ? parseDateInput(raw) : today;
    const previous = editing.formerNames.map((f) => f.validTo).filter((d): d is string => Boolean(d)).sort().at(-1);
    if (!renamedOn) errors.renamedOn = dateInputProblem(raw) ?? 'invalid';
    // A name changes when it has changed: not in advance, and not before the last change.
    else if (renamedOn > today) errors.renamedOn = 'future';
    else if (previous && renamedOn <= previous) errors.renamedOn = 'beforePrevious';
  }
  if (Object.keys(errors).length) return { errors };
  return { value: { name, shortName: shortName || null, kind: kind!, parentId, byConsent: Boolean(input.byConsent), katottg, edrpou, email, phone, contactPerson, contactPosition, note, aliases, renamedOn, confirmed: Boolean(input.confirmed) } };
}

/** A new organisation's id: its name transliterated, never one in use. */
async function newId(db: DbOrTx, name: string): Promise<string> {
  const base = slugify(name, 60) || 'organisation';
  let id = base;
  for (let n = 2; await repo.organisationIdTaken(db, id); n++) id = `${base}-${n}`;
  return id;
}

/** Adds an organisation to the directory from the form. */
export async function addOrganisation(db: Db, clock: Clock, actor: AuditActor, input: OrganisationInput): Promise<{ errors: OrganisationErrors } | { id: string }> {
  const directory = await loadDirectory(db);
  const result = validateOrganisation(directory, input, null, localDateOf(clock.now()));
  if ('errors' in result) return result;
  const v = result.value;
  return writeTransaction(db, async (tx) => {
    const id = await newId(tx, v.name);
    await createOrganisation(tx, clock, { id, name: v.name, shortName: v.shortName, kind: v.kind, parentId: v.parentId, byConsent: v.byConsent, katottg: v.katottg, edrpou: v.edrpou, email: v.email, phone: v.phone, contactPerson: v.contactPerson, contactPosition: v.contactPosition, note: v.note, aliases: v.aliases });
    await recordEvent(tx, clock, actor, { action: 'organisation.created', targetType: 'organisation', targetId: id, details: { name: v.name, kind: v.kind } });
    return { id };
  });
}

/**
 * The organisation a coordinator names while entering a measure: the one the directory knows by
 * that name (or a former name or alias), or a new one — never a duplicate.
 */
export async function ensureOrganisationNamed(db: Db, clock: Clock, actor: AuditActor, input: { name: string; kind: OrganisationKind; parentId: string | null }): Promise<string> {
  const name = clean(input.name);
  const existing = await findOrganisationByName(db, name);
  if (existing) return existing;
  return writeTransaction(db, async (tx) => {
    const id = await newId(tx, name);
    // Named in passing: marked for checking, as the importer's proposals are.
    await createOrganisation(tx, clock, {
      id,
      name,
      kind: input.kind,
      parentId: input.parentId,
      byConsent: input.kind === 'ngo' || input.kind === 'community',
      sourceConfidence: 'probable',
      note: 'Додано координатором під час введення заходу: перевірте назву, підпорядкування й контакти.',
    });
    await recordEvent(tx, clock, actor, { action: 'organisation.created', targetType: 'organisation', targetId: id, details: { name, kind: input.kind } });
    return id;
  });
}

/**
 * Saves an organisation's details. A new name keeps the old one as a former name until the day
 * before the rename (the name of record for earlier periods, and a spelling the importer knows).
 */
export async function updateOrganisation(db: Db, clock: Clock, actor: AuditActor, id: string, input: OrganisationInput): Promise<{ errors: OrganisationErrors } | null | 'no-organisation'> {
  const directory = await loadDirectory(db);
  const current = directory.organisation(id);
  if (!current || current.mergedInto) return 'no-organisation';
  const result = validateOrganisation(directory, input, current, localDateOf(clock.now()));
  if ('errors' in result) return result;
  const v = result.value;
  await writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const renamed = v.name !== current.name;
    if (renamed) {
      await repo.insertFormerName(tx, id, current.name, nameKey(current.name), addDays(v.renamedOn!, -1));
      // Renamed back to a former name: it is the name of record again.
      if (current.formerNames.some((f) => nameKey(f.name) === nameKey(v.name))) await repo.deleteName(tx, id, nameKey(v.name));
    }
    const formerKeys = new Set([...current.formerNames.map((f) => nameKey(f.name)), ...(renamed ? [nameKey(current.name)] : [])]);
    await repo.replaceAliases(
      tx,
      id,
      v.aliases.filter((a) => !formerKeys.has(nameKey(a))).map((a) => ({ name: a, name_key: nameKey(a) })),
    );
    await repo.updateOrganisationRow(tx, id, {
      name: v.name,
      short_name: v.shortName,
      kind: v.kind,
      parent_id: v.parentId,
      by_consent: v.byConsent ? 1 : 0,
      katottg: v.katottg,
      edrpou: v.edrpou,
      email: v.email,
      phone: v.phone,
      contact_person: v.contactPerson,
      contact_position: v.contactPosition,
      note: v.note,
      source_confidence: current.sourceConfidence === 'probable' && !v.confirmed ? 'probable' : 'listed',
      search_text: normaliseForSearch([v.name, v.shortName ?? '', ...v.aliases, ...current.formerNames.map((f) => f.name), renamed ? current.name : ''].join(' ')),
      updated_at: now,
    });
    if (renamed) await recordEvent(tx, clock, actor, { action: 'organisation.renamed', targetType: 'organisation', targetId: id, details: { from: current.name, to: v.name, on: v.renamedOn } });
    // Which contact fields changed, never their values: the audit log is not a copy of the directory.
    const contactChanged = CONTACT_FIELDS.filter((f) => v[f] !== current[f]);
    await recordEvent(tx, clock, actor, { action: 'organisation.edited', targetType: 'organisation', targetId: id, details: { byConsent: v.byConsent, kind: v.kind, parent: v.parentId, ...(contactChanged.length ? { contactChanged } : {}) } });
  });
  return null;
}

// ---- executor groups ---------------------------------------------------------------------------------

export interface GroupInput {
  name: string;
  description: string;
  byConsent: boolean;
  memberIds: string[];
  /** Other spellings met in orders, one a line. */
  aliases: string;
}

export type GroupField = keyof GroupInput;
export type GroupErrors = Partial<Record<GroupField, OrganisationProblem>>;

export function groupInputOf(g: GroupView): GroupInput {
  return { name: g.name, description: g.description ?? '', byConsent: g.byConsent, memberIds: [...g.memberIds], aliases: g.aliases.join('\n') };
}

function validateGroup(directory: Directory, input: GroupInput, editing: GroupView | null): { errors: GroupErrors } | { value: { name: string; description: string | null; byConsent: boolean; memberIds: string[]; aliases: string[] } } {
  const errors: GroupErrors = {};
  const name = clean(input.name);
  if (!name) errors.name = 'empty';
  else if (name.length > 500) errors.name = 'tooLong';
  else if (directory.groups.some((g) => g.id !== editing?.id && (nameKey(g.name) === nameKey(name) || g.aliases.some((a) => nameKey(a) === nameKey(name))))) errors.name = 'taken';
  const description = String(input.description ?? '').replace(/\r\n?/g, '\n').trim();
  if (description.length > 2000) errors.description = 'tooLong';
  const memberIds = [...new Set(input.memberIds)];
  if (memberIds.some((id) => !directory.organisation(id) || directory.organisation(id)!.mergedInto)) errors.memberIds = 'unknown';
  const aliases = spellings(input.aliases, name);
  if (aliases.length > MAX_ALIASES) errors.aliases = 'tooMany';
  else if (aliases.some((a) => a.length > 500)) errors.aliases = 'tooLong';
  if (Object.keys(errors).length) return { errors };
  return { value: { name, description: description || null, byConsent: Boolean(input.byConsent), memberIds, aliases } };
}

/** Adds an executor group owned by the organisation's part of the directory. */
export async function addGroup(db: Db, clock: Clock, actor: AuditActor, ownerOrganisationId: string, input: GroupInput): Promise<{ errors: GroupErrors } | { id: string }> {
  const directory = await loadDirectory(db);
  const result = validateGroup(directory, input, null);
  if ('errors' in result) return { errors: result.errors };
  const v = result.value;
  return writeTransaction(db, async (tx) => {
    const id = await newId(tx, v.name);
    await createGroup(tx, clock, { id, name: v.name, description: v.description, ownerOrganisationId, byConsent: v.byConsent, memberIds: v.memberIds, aliases: v.aliases });
    await recordEvent(tx, clock, actor, { action: 'group.created', targetType: 'group', targetId: id, details: { name: v.name, members: v.memberIds.length } });
    return { id };
  });
}

/** Saves a group's name, by-consent flag, members and other spellings. */
export async function updateGroup(db: Db, clock: Clock, actor: AuditActor, id: string, input: GroupInput): Promise<{ errors: GroupErrors } | null | 'no-group'> {
  const directory = await loadDirectory(db);
  const current = directory.group(id);
  if (!current) return 'no-group';
  const result = validateGroup(directory, input, current);
  if ('errors' in result) return result;
  const v = result.value;
  await writeTransaction(db, async (tx) => {
    const renamed = v.name !== current.name;
    const aliases = [...v.aliases, ...(renamed ? [current.name] : [])].map((name) => ({ name, name_key: nameKey(name) }));
    await repo.updateGroupRow(tx, id, { name: v.name, description: v.description, by_consent: v.byConsent ? 1 : 0, search_text: normaliseForSearch([v.name, ...aliases.map((a) => a.name)].join(' ')), updated_at: clock.now().toISOString() });
    await repo.replaceGroupMembers(tx, id, v.memberIds);
    await repo.replaceGroupNames(
      tx,
      id,
      aliases.filter((a, i) => aliases.findIndex((b) => b.name_key === a.name_key) === i),
    );
    const added = v.memberIds.filter((m) => !current.memberIds.includes(m));
    const removed = current.memberIds.filter((m) => !v.memberIds.includes(m));
    await recordEvent(tx, clock, actor, { action: 'group.edited', targetType: 'group', targetId: id, details: { name: v.name, byConsent: v.byConsent, added, removed } });
  });
  return null;
}
