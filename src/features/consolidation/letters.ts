import type { DbOrTx } from '../../db/database.ts';
import type { PlanView } from '../plans/service.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { organisationDative } from '../../domain/dative.ts';
import type { Letterhead, LetterRequisites } from './exports/letter.ts';
import type { OwnLetter } from './exports/report.ts';
import type { ReportView } from '../reports/service.ts';

/**
 * What the letters read from the directory and the plan (issue 15): an organisation's letterhead
 * (its parent body, name, address, phone, e-mail, ЄДРПОУ code), the plan's addressee of the
 * cover letter, the request the latest draft answers.
 */

/**
 * The letterhead of an organisation as the directory keeps it; null: no such organisation. A
 * department (a structural unit of an administration) carries its administration's name above
 * its own; a territorial body of a central authority, a community, does not.
 */
export async function letterheadOf(db: DbOrTx, organisationId: string): Promise<Letterhead | null> {
  const row = await db.selectFrom('organisations').select(['name', 'short_name', 'kind', 'parent_id', 'address', 'phone', 'email', 'edrpou']).where('id', '=', organisationId).executeTakeFirst();
  if (!row) return null;
  const parent = row.kind === 'department' && row.parent_id ? ((await db.selectFrom('organisations').select('name').where('id', '=', row.parent_id).executeTakeFirst())?.name ?? null) : null;
  // Under its administration's name a department is named without it ("Департамент соціального захисту населення").
  const name = parent && row.short_name && row.name.startsWith(row.short_name) && row.short_name.split(/\s+/).length > 1 ? row.short_name : row.name;
  return { parent, name, address: row.address, phone: row.phone, email: row.email, edrpou: row.edrpou };
}

/** The first active official of an organisation (the directory's order): the signatory of its own letters; null: none kept. */
export async function firstOfficial(db: DbOrTx, organisationId: string): Promise<{ position: string; name: string } | null> {
  const row = await db
    .selectFrom('organisation_officials')
    .select(['position', 'given_name', 'surname'])
    .where('organisation_id', '=', organisationId)
    .where('archived_at', 'is', null)
    .orderBy('sort')
    .orderBy('id')
    .executeTakeFirst();
  return row ? { position: row.position, name: `${row.given_name} ${row.surname.toLocaleUpperCase('uk')}` } : null;
}

/** The executor line: a user's name and phone from their account. */
export async function executorOf(db: DbOrTx, userId: string): Promise<{ name: string; phone: string | null } | null> {
  const row = await db.selectFrom('users').select(['display_name', 'phone']).where('id', '=', userId).executeTakeFirst();
  return row ? { name: nameAsSigned(row.display_name), phone: row.phone?.trim() || null } : null;
}

/** "Оксана Мельник" → "Оксана МЕЛЬНИК" (DSTU 4163: Власне ім’я ПРІЗВИЩЕ); a name of another shape stays as written. */
export function nameAsSigned(name: string): string {
  const words = name.trim().split(/\s+/);
  if (words.length !== 2 || !words.every((w) => /^\p{Lu}[\p{Ll}’'-]+$/u.test(w))) return name.trim();
  return `${words[0]} ${words[1]!.toLocaleUpperCase('uk')}`;
}

/** The coordinating organisation in the dative, as an executor's own letter is addressed ("Департаменту …"). */
export function coordinatorAddressee(name: string): string {
  return organisationDative(name) ?? name;
}

/** The plan's cover-letter addressee in the dative, as typed; null: not given. */
export async function letterAddressee(db: DbOrTx, planId: string): Promise<string | null> {
  const row = await db.selectFrom('plans').select('letter_addressee').where('id', '=', planId).executeTakeFirst();
  return row?.letter_addressee?.trim() || null;
}

/** The cover letter's requisites as they stand: frozen with the document when it is approved. */
export async function letterRequisites(db: DbOrTx, plan: PlanView, period: ReportingPeriod): Promise<LetterRequisites> {
  const letterhead = (await letterheadOf(db, plan.coordinatorOrganisationId)) ?? { parent: null, name: plan.coordinatorOrganisationId, address: null, phone: null, email: null, edrpou: null };
  const draft = await db
    .selectFrom('consolidation_versions')
    .select(['request_number', 'request_date', 'state'])
    .where('plan_id', '=', plan.id)
    .where('period_key', '=', period.key)
    .orderBy('number', 'desc')
    .executeTakeFirst();
  const request = draft && draft.state === 'draft' && draft.request_number && draft.request_date ? { number: draft.request_number, date: draft.request_date } : null;
  return { letterhead, addressee: await letterAddressee(db, plan.id), request };
}

/**
 * An executor's own report as a letter: its letterhead, the coordinating department in the
 * dative, the plan's title in the genitive where confirmed, its head as signatory (or a blank
 * line) and, when the one who downloads it belongs to it, their name and phone as the executor.
 */
export async function ownLetterOf(db: DbOrTx, view: ReportView, principal: { userId: string; organisationId: string }): Promise<OwnLetter> {
  const letterhead = (await letterheadOf(db, view.organisation.id)) ?? { parent: null, name: view.organisation.name, address: null, phone: null, email: null, edrpou: null };
  const coordinator = await db.selectFrom('organisations').select('name').where('id', '=', view.plan.coordinatorOrganisationId).executeTakeFirst();
  return {
    letterhead,
    addressee: coordinatorAddressee(coordinator?.name ?? view.plan.coordinatorOrganisationId),
    planGenitive: view.plan.requisites.titleGenitive,
    signatory: await firstOfficial(db, view.organisation.id),
    executor: principal.organisationId === view.organisation.id ? await executorOf(db, principal.userId) : null,
  };
}
