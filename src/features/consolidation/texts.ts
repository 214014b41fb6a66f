import { findPersonalData } from '../../domain/personal-data.ts';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { ENTRY_STATES, type EntryState } from '../../domain/reports.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { PlanView } from '../plans/service.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import type { MeasureText } from './document.ts';

/**
 * The coordinator's texts of a draft, one row per version and measure (0010), each with its own
 * revision. A save names the version and the revision its form was loaded with: two coordinators
 * editing different measures never touch each other's rows, and a save over a revision that moved
 * meanwhile is refused with what the other person saved (the conflict view), never lost silently.
 * The public text of a measure goes into publication files only while approved; changing an
 * approved text clears the approval.
 */

export const MAX_SUMMARY = 20_000;
export const MAX_PUBLIC_TEXT = 5_000;

export type TextErrors = { summary?: 'tooLong'; state?: 'invalid'; publicText?: 'tooLong' | 'personalData' };
export interface TextInput {
  summary: string;
  state: string;
  publicText: string;
  publicApproved: boolean;
  /** The version number and the measure's revision the form was loaded with (decimal digits). */
  version: string;
  revision: string;
}
export type SaveTextResult = null | { errors: TextErrors } | 'no-measure' | 'stale' | { conflict: MeasureText };

const cleanText = (s: string) =>
  s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();

/** Every text of a set of versions, by version id and measure id. */
export async function loadTexts(db: DbOrTx, versionIds: number[]): Promise<Map<number, Record<number, MeasureText>>> {
  const out = new Map<number, Record<number, MeasureText>>(versionIds.map((id) => [id, {}]));
  if (versionIds.length === 0) return out;
  const rows = await db
    .selectFrom('consolidation_texts as t')
    .leftJoin('users as u', 'u.id', 't.updated_by')
    .select(['t.version_id', 't.measure_id', 't.summary', 't.state', 't.public_text', 't.public_approved_by', 't.revision', 't.updated_at', 'u.display_name'])
    .where('t.version_id', 'in', versionIds)
    .execute();
  for (const r of rows) {
    out.get(Number(r.version_id))![Number(r.measure_id)] = {
      summary: r.summary,
      state: r.state,
      publicText: r.public_text,
      publicApproved: r.public_approved_by !== null && r.public_text !== '',
      revision: Number(r.revision),
      updatedAt: r.updated_at,
      updatedBy: r.display_name ?? null,
    };
  }
  return out;
}

/** The draft to write into: the latest version if it is a draft, else a new one numbered on (texts copied); null if another request made it first. */
export async function insertDraft(tx: DbOrTx, clock: Clock, actor: AuditActor, plan: PlanView, period: ReportingPeriod, number: number, copyFrom: number | null) {
  const now = clock.now().toISOString();
  const row = await tx
    .insertInto('consolidation_versions')
    .values({ plan_id: plan.id, period_key: period.key, number, state: 'draft', texts: '{}', snapshot: null, created_by: actor.userId, created_at: now, updated_at: now, approved_by: null, approved_at: null, supervisor_comment: null, signed_by: null, signed_at: null, sent_number: null, sent_date: null, signatory: null, sent_at: null })
    // Two requests making the same number: the second waits for the first and inserts nothing.
    .onConflict((oc) => oc.columns(['plan_id', 'period_key', 'number']).doNothing())
    .returning(['id', 'number', 'revision'])
    .executeTakeFirst();
  if (!row) return null;
  if (copyFrom !== null) {
    // A correction starts from the texts of the version it corrects (their approvals with them).
    const texts = await tx.selectFrom('consolidation_texts').selectAll().where('version_id', '=', copyFrom).execute();
    if (texts.length) await tx.insertInto('consolidation_texts').values(texts.map((t) => ({ ...t, version_id: row.id, revision: 1 }))).execute();
  }
  await recordEvent(tx, clock, actor, { action: 'consolidation.drafted', targetType: 'consolidation', targetId: String(row.id), details: { plan: plan.id, period: period.key, number: row.number } });
  return { id: Number(row.id), number: row.number, revision: Number(row.revision) };
}

export async function latestVersion(db: DbOrTx, planId: string, periodKey: string) {
  const row = await db.selectFrom('consolidation_versions').select(['id', 'number', 'state', 'revision', 'approved_at']).where('plan_id', '=', planId).where('period_key', '=', periodKey).orderBy('number', 'desc').executeTakeFirst();
  return row ? { ...row, id: Number(row.id), revision: Number(row.revision) } : undefined;
}

/** Saves a measure's summary, overall state and public text into the draft the form was loaded against. */
export async function saveMeasureText(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, period: ReportingPeriod, measureIds: readonly number[], measureId: number, input: TextInput): Promise<SaveTextResult> {
  if (!measureIds.includes(measureId)) return 'no-measure';
  const errors: TextErrors = {};
  const summary = cleanText(input.summary);
  if (summary.length > MAX_SUMMARY) errors.summary = 'tooLong';
  const publicText = cleanText(input.publicText);
  if (publicText.length > MAX_PUBLIC_TEXT) errors.publicText = 'tooLong';
  // What is published must not name a person: no approval while the text seems to.
  else if (input.publicApproved && findPersonalData(publicText).length > 0) errors.publicText = 'personalData';
  const state = input.state === '' ? null : (ENTRY_STATES as readonly string[]).includes(input.state) ? (input.state as EntryState) : undefined;
  if (state === undefined) errors.state = 'invalid';
  if (Object.keys(errors).length) return { errors };
  // A form without the version and revision it was loaded with cannot be checked against them.
  if (!/^\d{1,9}$/.test(input.version) || !/^\d{1,9}$/.test(input.revision)) return 'stale';
  const version = Number(input.version);
  const revision = Number(input.revision);

  return writeTransaction(db, async (tx): Promise<SaveTextResult> => {
    const now = clock.now().toISOString();
    const last = await latestVersion(tx, plan.id, period.key);
    if (last && last.state !== 'draft') return 'stale';
    if ((last?.number ?? 1) !== version) return 'stale';
    let draftId = last?.id;
    if (!draftId) {
      draftId = (await insertDraft(tx, clock, actor, plan, period, 1, null))?.id;
      // Made by another request meanwhile: that one is the draft now.
      draftId ??= (await latestVersion(tx, plan.id, period.key))?.id;
      if (!draftId) return 'stale';
    }
    // Moves the version's revision (an approval rendering meanwhile sees it) and, on PostgreSQL,
    // holds the version row until commit; refused once the draft was approved.
    const bumped = await tx.updateTable('consolidation_versions').set((eb) => ({ revision: eb('revision', '+', 1), updated_at: now })).where('id', '=', draftId!).where('state', '=', 'draft').executeTakeFirst();
    if (Number(bumped.numUpdatedRows) !== 1) return 'stale';

    const current = await tx.selectFrom('consolidation_texts').selectAll().where('version_id', '=', draftId).where('measure_id', '=', measureId).executeTakeFirst();
    const wasApproved = Boolean(current?.public_approved_by) && current!.public_text !== '';
    // An approved text that changed loses its approval; a new approval is of the text as typed.
    const keepApproval = wasApproved && current!.public_text === publicText && input.publicApproved;
    const approve = publicText !== '' && input.publicApproved && (!wasApproved || current!.public_text === publicText);
    const approval = keepApproval ? { public_approved_by: current!.public_approved_by, public_approved_at: current!.public_approved_at } : approve ? { public_approved_by: actor.userId, public_approved_at: now } : { public_approved_by: null, public_approved_at: null };
    const values = { summary, state, public_text: publicText, ...approval, updated_by: actor.userId, updated_at: now };
    let written = false;
    if (!current && revision === 0) {
      const inserted = await tx
        .insertInto('consolidation_texts')
        .values({ version_id: draftId, measure_id: measureId, revision: 1, ...values })
        .onConflict((oc) => oc.columns(['version_id', 'measure_id']).doNothing())
        .returning('revision')
        .executeTakeFirst();
      written = inserted !== undefined;
    } else if (current && Number(current.revision) === revision) {
      const updated = await tx
        .updateTable('consolidation_texts')
        .set({ ...values, revision: revision + 1 })
        .where('version_id', '=', draftId)
        .where('measure_id', '=', measureId)
        .where('revision', '=', revision)
        .executeTakeFirst();
      written = Number(updated.numUpdatedRows) === 1;
    }
    if (!written) {
      const theirs = (await loadTexts(tx, [draftId])).get(draftId)![measureId];
      return { conflict: theirs ?? { summary: '', state: null, publicText: '', publicApproved: false, revision: 0 } };
    }
    if (approve && !keepApproval) {
      // The measure as the reader of the audit log knows it: by its number in the plan.
      const code = (await tx.selectFrom('measure_versions').select('code').where('measure_id', '=', measureId).orderBy('id', 'desc').executeTakeFirst())?.code ?? null;
      await recordEvent(tx, clock, actor, { action: 'consolidation.public_text_approved', targetType: 'consolidation', targetId: String(draftId), details: { plan: plan.id, period: period.key, measure: measureId, code } });
    }
    return null;
  });
}
