import type { DbOrTx } from '../../db/database.ts';
import type { Directory } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import type { Letterhead, LetterRequisites } from './exports/letter.ts';

/**
 * What the letters read from the directory and the plan (issue 15): an organisation's letterhead
 * (its parent body, name, address, phone, e-mail, ЄДРПОУ code), the plan's addressee of the
 * cover letter, the request the latest draft answers.
 */

/** The letterhead of an organisation as the directory keeps it; null: no such organisation. */
export async function letterheadOf(db: DbOrTx, directory: Directory, organisationId: string): Promise<Letterhead | null> {
  const row = await db.selectFrom('organisations').select(['name', 'parent_id', 'address', 'phone', 'email', 'edrpou']).where('id', '=', organisationId).executeTakeFirst();
  if (!row) return null;
  const parent = row.parent_id ? (directory.organisation(row.parent_id)?.name ?? null) : null;
  return { parent, name: row.name, address: row.address, phone: row.phone, email: row.email, edrpou: row.edrpou };
}

/** The plan's cover-letter addressee in the dative, as typed; null: not given. */
export async function letterAddressee(db: DbOrTx, planId: string): Promise<string | null> {
  const row = await db.selectFrom('plans').select('letter_addressee').where('id', '=', planId).executeTakeFirst();
  return row?.letter_addressee?.trim() || null;
}

/** The cover letter's requisites as they stand: frozen with the document when it is approved. */
export async function letterRequisites(db: DbOrTx, directory: Directory, plan: PlanView, period: ReportingPeriod): Promise<LetterRequisites> {
  const letterhead = (await letterheadOf(db, directory, plan.coordinatorOrganisationId)) ?? { parent: null, name: plan.coordinatorOrganisationId, address: null, phone: null, email: null, edrpou: null };
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
