import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { isPostgresDb, writeTransaction } from '../../db/transaction.ts';
import { nameProblem, officialName, phoneProblem, positionProblem } from '../../domain/official-name.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';

/**
 * An organisation's officials as the directory keeps them (0019): position, given name, surname,
 * phone, in the order the organisation lists them (the head first). The signatory of a document is
 * chosen from them; an official who left is archived, never deleted (an approved version names
 * them). Kept by whoever maintains the organisation in the directory.
 */

export interface OfficialView {
  id: number;
  organisationId: string;
  position: string;
  givenName: string;
  surname: string;
  /** "Власне ім’я ПРІЗВИЩЕ". */
  name: string;
  phone: string | null;
  sort: number;
  archived: boolean;
}

export interface OfficialInput {
  position: string;
  givenName: string;
  surname: string;
  phone: string;
}

export type OfficialField = keyof OfficialInput;
export type OfficialErrors = Partial<Record<OfficialField, 'empty' | 'tooLong' | 'invalid'>>;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const apostrophe = (s: string) => s.replace(/(?<=\p{L})['ʼ`‘](?=\p{L})/gu, '’');

function toView(r: { id: number | string; organisation_id: string; position: string; given_name: string; surname: string; phone: string | null; sort: number | string; archived_at: string | null }): OfficialView {
  return {
    id: Number(r.id),
    organisationId: r.organisation_id,
    position: r.position,
    givenName: r.given_name,
    surname: r.surname,
    name: officialName(r.given_name, r.surname),
    phone: r.phone,
    sort: Number(r.sort),
    archived: r.archived_at !== null,
  };
}

/** The organisation's officials, the active ones first, each group in its order. */
export async function listOfficials(db: DbOrTx, organisationId: string, o: { activeOnly?: boolean } = {}): Promise<OfficialView[]> {
  let q = db
    .selectFrom('organisation_officials')
    .select(['id', 'organisation_id', 'position', 'given_name', 'surname', 'phone', 'sort', 'archived_at'])
    .where('organisation_id', '=', organisationId);
  if (o.activeOnly) q = q.where('archived_at', 'is', null);
  const rows = await q.orderBy('sort').orderBy('id').execute();
  const all = rows.map(toView);
  return [...all.filter((x) => !x.archived), ...all.filter((x) => x.archived)];
}

export async function findOfficial(db: DbOrTx, organisationId: string, id: number): Promise<OfficialView | undefined> {
  const row = await db
    .selectFrom('organisation_officials')
    .select(['id', 'organisation_id', 'position', 'given_name', 'surname', 'phone', 'sort', 'archived_at'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toView(row) : undefined;
}

/** Checks and tidies what was typed: one line each, one apostrophe. */
export function checkOfficial(input: OfficialInput): { values: OfficialInput; errors: OfficialErrors } {
  const values = { position: apostrophe(oneLine(input.position)), givenName: apostrophe(oneLine(input.givenName)), surname: apostrophe(oneLine(input.surname)), phone: oneLine(input.phone) };
  const errors: OfficialErrors = {};
  const position = positionProblem(input.position);
  if (position) errors.position = position;
  const given = nameProblem(values.givenName);
  if (given) errors.givenName = given;
  const surname = nameProblem(values.surname);
  if (surname) errors.surname = surname;
  const phone = phoneProblem(values.phone);
  if (phone) errors.phone = phone;
  return { values, errors };
}

const details = (organisationId: string, v: OfficialInput) => ({ organisation: organisationId, name: officialName(v.givenName, v.surname), position: v.position });

/** Adds an official at the end of the organisation's list. */
export async function addOfficial(db: Db, clock: Clock, actor: AuditActor, organisationId: string, input: OfficialInput): Promise<{ errors: OfficialErrors } | { id: number }> {
  const { values, errors } = checkOfficial(input);
  if (Object.keys(errors).length) return { errors };
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const last = await tx.selectFrom('organisation_officials').select((eb) => eb.fn.max('sort').as('sort')).where('organisation_id', '=', organisationId).executeTakeFirst();
    const row = await tx
      .insertInto('organisation_officials')
      .values({ organisation_id: organisationId, position: values.position, given_name: values.givenName, surname: values.surname, phone: values.phone || null, sort: last?.sort == null ? 0 : Number(last.sort) + 1, archived_at: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(tx, clock, actor, { action: 'organisation.official_added', targetType: 'organisation', targetId: organisationId, details: details(organisationId, values) });
    return { id: Number(row.id) };
  });
}

/** Changes an official's position, name or phone. */
export async function editOfficial(db: Db, clock: Clock, actor: AuditActor, organisationId: string, id: number, input: OfficialInput): Promise<{ errors: OfficialErrors } | 'gone' | null> {
  const { values, errors } = checkOfficial(input);
  if (Object.keys(errors).length) return { errors };
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const moved = await tx
      .updateTable('organisation_officials')
      .set({ position: values.position, given_name: values.givenName, surname: values.surname, phone: values.phone || null, updated_at: now })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return 'gone' as const;
    await recordEvent(tx, clock, actor, { action: 'organisation.official_edited', targetType: 'organisation', targetId: organisationId, details: details(organisationId, values) });
    return null;
  });
}

/** Archives an official who left (or restores one): never chosen as a signatory while archived. */
export async function setOfficialArchived(db: Db, clock: Clock, actor: AuditActor, organisationId: string, id: number, archived: boolean): Promise<'gone' | null> {
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const row = await findOfficial(tx, organisationId, id);
    if (!row) return 'gone' as const;
    // Conditional: of two requests at once, the second changes nothing and records nothing.
    const moved = await tx
      .updateTable('organisation_officials')
      .set({ archived_at: archived ? now : null, updated_at: now })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .where('archived_at', archived ? 'is' : 'is not', null)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return null;
    await recordEvent(tx, clock, actor, { action: archived ? 'organisation.official_archived' : 'organisation.official_restored', targetType: 'organisation', targetId: organisationId, details: { organisation: organisationId, name: row.name, position: row.position } });
    return null;
  });
}

/** Moves an active official one place up or down the list (the order the signatory select shows). */
export async function moveOfficial(db: Db, clock: Clock, actor: AuditActor, organisationId: string, id: number, direction: 'up' | 'down'): Promise<'gone' | null> {
  return writeTransaction(db, async (tx) => {
    // The organisation's rows, locked on PostgreSQL while they are renumbered.
    let q = tx.selectFrom('organisation_officials').select(['id', 'sort']).where('organisation_id', '=', organisationId).where('archived_at', 'is', null).orderBy('sort').orderBy('id');
    if (isPostgresDb(tx)) q = q.forUpdate();
    const rows = await q.execute();
    const at = rows.findIndex((r) => Number(r.id) === id);
    if (at < 0) return 'gone' as const;
    const to = direction === 'up' ? at - 1 : at + 1;
    if (to < 0 || to >= rows.length) return null;
    const order = rows.map((r) => Number(r.id));
    [order[at], order[to]] = [order[to]!, order[at]!];
    const now = clock.now().toISOString();
    for (const [i, officialId] of order.entries()) {
      await tx.updateTable('organisation_officials').set({ sort: i, updated_at: now }).where('id', '=', officialId).where('organisation_id', '=', organisationId).execute();
    }
    const moved = (await findOfficial(tx, organisationId, id))!;
    await recordEvent(tx, clock, actor, { action: 'organisation.official_moved', targetType: 'organisation', targetId: organisationId, details: { organisation: organisationId, name: moved.name, direction } });
    return null;
  });
}
