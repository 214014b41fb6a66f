import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { ConsolidationState } from '../../db/schema.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { compareLocalDates, isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { dateInputProblem } from '../../domain/plan-lifecycle.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { localDateOf } from '../../domain/time.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import { notifyOrganisation } from '../mail/outbox.ts';
import type { FileStorage } from '../files/service.ts';
import type { Directory } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';
import { buildDocument, type ConsolidationDocument, type MeasureText } from './document.ts';
import { EXPORT_FORMATS, render, renderAll, type ExportFormat, type RenderOptions } from './exports/index.ts';
import { insertDraft, latestVersion, loadTexts } from './texts.ts';
import { periodInstructions } from '../instructions/service.ts';
import { consolidate } from './service.ts';
import { legacySignatory, type Preparer, type Signatory } from './exports/signature.ts';
import { listOfficials, type OfficialView } from '../organisations/officials.ts';
import { documentNameOf } from '../../domain/official-name.ts';
import { letterRequisites } from './letters.ts';

/**
 * The consolidation's versions. The coordinator edits a draft (a summary and an overall state per
 * measure); approving freezes it: the document as it then stood (figures, sources, texts) and its
 * four files, kept byte for byte. The supervisor comments and signs it off; the coordinator marks
 * it sent with the outgoing number, date and signatory. A correction is a new draft, numbered on;
 * earlier versions and their files stay.
 */

export const MAX_COMMENT = 5_000;

export interface VersionView {
  id: number;
  number: number;
  state: ConsolidationState;
  texts: Record<number, MeasureText>;
  revision: number;
  createdAt: string;
  updatedAt: string;
  approvedAt: string | null;
  approvedBy: string | null;
  supervisorComment: string | null;
  signedAt: string | null;
  signedBy: string | null;
  /** Returned by the supervisor with remarks (`supervisorComment`): corrected in a later version. */
  returned: { at: string; by: string | null } | null;
  sent: { number: string; date: LocalDate; signatory: string; at: string } | null;
  /** The official chosen to sign (saved on the draft; frozen with the approval). */
  signatoryOfficialId: number | null;
  /** The signatory and the preparer as frozen at approval; null in a draft (and in versions approved before 0019). */
  signatory: Signatory | null;
  preparer: Preparer | null;
  files: { format: ExportFormat; fileName: string; fileId: string; sha256: string }[];
  /** The request the letter answers, if noted. */
  request: { number: string; date: LocalDate } | null;
  /** The second frozen set, with the outgoing number and date typed in (made when marked sent). */
  registered: { number: string; date: LocalDate; at: string; files: { format: ExportFormat; fileName: string; fileId: string; sha256: string }[] } | null;
}

export async function listVersions(db: DbOrTx, planId: string, periodKey: string): Promise<VersionView[]> {
  const rows = await db
    .selectFrom('consolidation_versions as v')
    .leftJoin('users as a', 'a.id', 'v.approved_by')
    .leftJoin('users as s', 's.id', 'v.signed_by')
    .leftJoin('users as rt', 'rt.id', 'v.returned_by')
    .select(['v.id', 'v.number', 'v.state', 'v.texts', 'v.created_at', 'v.updated_at', 'v.approved_at', 'a.display_name as approver', 'v.supervisor_comment', 'v.signed_at', 's.display_name as signer', 'v.sent_number', 'v.sent_date', 'v.signatory', 'v.sent_at', 'v.revision', 'v.returned_at', 'rt.display_name as returner', 'v.request_number', 'v.request_date', 'v.signatory_official_id', 'v.signatory_position', 'v.signatory_name', 'v.preparer_name', 'v.preparer_phone'])
    .where('v.plan_id', '=', planId)
    .where('v.period_key', '=', periodKey)
    .orderBy('v.number')
    .execute();
  const ids = rows.map((r) => r.id);
  const texts = await loadTexts(db, ids.map(Number));
  const files = ids.length ? await db.selectFrom('consolidation_files as cf').innerJoin('stored_files as sf', 'sf.id', 'cf.file_id').select(['cf.version_id', 'cf.format', 'cf.file_name', 'cf.file_id', 'sf.sha256']).where('cf.version_id', 'in', ids).execute() : [];
  const registered = ids.length ? await db.selectFrom('consolidation_registered_files as rf').innerJoin('stored_files as sf', 'sf.id', 'rf.file_id').select(['rf.version_id', 'rf.format', 'rf.file_name', 'rf.file_id', 'sf.sha256']).where('rf.version_id', 'in', ids).execute() : [];
  const registeredAt = ids.length ? await db.selectFrom('consolidation_versions').select(['id', 'registered_at']).where('id', 'in', ids).where('registered_at', 'is not', null).execute() : [];
  const filesOf = (list: typeof files, id: number) => EXPORT_FORMATS.flatMap((format) => list.filter((f) => Number(f.version_id) === id && f.format === format).map((f) => ({ format, fileName: f.file_name, fileId: f.file_id, sha256: f.sha256 })));
  return rows.map((r) => ({
    id: Number(r.id),
    number: r.number,
    state: r.state,
    texts: texts.get(Number(r.id)) ?? {},
    revision: Number(r.revision),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    approvedAt: r.approved_at,
    approvedBy: r.approver ?? null,
    supervisorComment: r.supervisor_comment,
    signedAt: r.signed_at,
    signedBy: r.signer ?? null,
    returned: r.returned_at ? { at: r.returned_at, by: r.returner ?? null } : null,
    sent: r.sent_number && r.sent_date && r.signatory && r.sent_at ? { number: r.sent_number, date: r.sent_date, signatory: r.signatory, at: r.sent_at } : null,
    signatoryOfficialId: r.signatory_official_id === null ? null : Number(r.signatory_official_id),
    signatory: r.signatory_position && r.signatory_name ? { position: r.signatory_position, name: r.signatory_name } : null,
    preparer: r.preparer_name ? { name: r.preparer_name, phone: r.preparer_phone } : null,
    files: filesOf(files, Number(r.id)),
    request: r.request_number && r.request_date ? { number: r.request_number, date: r.request_date } : null,
    registered: (() => {
      const at = registeredAt.find((x) => Number(x.id) === Number(r.id))?.registered_at;
      return at && r.sent_number && r.sent_date ? { number: r.sent_number, date: r.sent_date, at, files: filesOf(registered, Number(r.id)) } : null;
    })(),
  }));
}

export interface WaitingVersion {
  planId: string;
  periodKey: string;
  number: number;
  state: ConsolidationState;
  updatedAt: string;
  approvedAt: string | null;
  signedAt: string | null;
  /** Returned by the supervisor (an approved version that waits for nobody: its correction is a new draft). */
  returned: boolean;
}

/** The versions of the given plans in the given states, the oldest change first: one query. */
export async function versionsInStates(db: DbOrTx, planIds: readonly string[], states: readonly ConsolidationState[]): Promise<WaitingVersion[]> {
  if (planIds.length === 0 || states.length === 0) return [];
  const rows = await db
    .selectFrom('consolidation_versions')
    .select(['plan_id', 'period_key', 'number', 'state', 'updated_at', 'approved_at', 'signed_at', 'returned_at'])
    .where('plan_id', 'in', planIds)
    .where('state', 'in', states)
    .orderBy('updated_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ planId: r.plan_id, periodKey: r.period_key, number: r.number, state: r.state, updatedAt: r.updated_at, approvedAt: r.approved_at, signedAt: r.signed_at, returned: r.returned_at !== null }));
}

/** The document as it stands now: the latest draft's texts over the live figures. */
export async function liveDocument(db: DbOrTx, directory: Directory, plan: PlanView, period: ReportingPeriod, texts: Record<number, MeasureText>, today: LocalDate | null = null): Promise<ConsolidationDocument> {
  const [consolidation, letter, instructions] = await Promise.all([consolidate(db, directory, plan, period), letterRequisites(db, plan, period), periodInstructions(db, directory, plan, period.key, today)]);
  return { ...buildDocument(consolidation, texts, directory), letter, instructions };
}

/** The live figures only (states, roll-ups, totals, sources; no drafts, letter or instructions): what the dashboards read of a period not yet approved. */
export async function liveFigures(db: DbOrTx, directory: Directory, plan: PlanView, period: ReportingPeriod, texts: Record<number, MeasureText>): Promise<ConsolidationDocument> {
  return buildDocument(await consolidate(db, directory, plan, period), texts, directory, { drafts: false });
}

/** The frozen document of an approved version. */
export async function frozenDocument(db: DbOrTx, versionId: number): Promise<ConsolidationDocument | undefined> {
  const row = await db.selectFrom('consolidation_versions').select('snapshot').where('id', '=', versionId).executeTakeFirst();
  return row?.snapshot ? (JSON.parse(row.snapshot) as ConsolidationDocument) : undefined;
}

/** Starts a correction of an approved, signed or sent version: a new draft with its texts; 'stale' when there is nothing to correct or another request started it first. */
export async function startCorrection(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, period: ReportingPeriod): Promise<number | 'stale'> {
  return writeTransaction(db, async (tx) => {
    const last = await latestVersion(tx, plan.id, period.key);
    if (!last || last.state === 'draft') return 'stale' as const;
    const draft = await insertDraft(tx, clock, actor, plan, period, last.number + 1, last.id);
    return draft ? draft.number : ('stale' as const);
  });
}

export type SignatoryProblem = 'empty' | 'invalid' | 'none';
/** A measure the approval warns about: no overall state, or its summary still the draft drawn from the sources. */
export interface UnfinishedMeasure {
  id: number;
  code: string;
  title: string;
  noState: boolean;
  untouched: boolean;
}
export type ApproveResult = { number: number } | 'nothing-to-approve' | { errors: { signatory: SignatoryProblem } } | { unfinished: UnfinishedMeasure[] };
export type RenderFiles = (doc: ConsolidationDocument, o: RenderOptions) => Promise<{ format: ExportFormat; fileName: string; mediaType: string; bytes: Buffer }[]>;
/** What the approve form sends: the official who signs, and whether the warnings were seen and overridden. */
export interface ApproveChoice {
  signatoryId: number | null;
  confirmed: boolean;
}

/** The measures an approval warns about, in the document's order. */
export function unfinishedMeasures(doc: ConsolidationDocument): UnfinishedMeasure[] {
  return doc.goals.flatMap((g) => g.measures.filter((m) => m.state === null || !m.edited).map((m) => ({ id: m.id, code: m.code, title: m.title, noState: m.state === null, untouched: !m.edited })));
}

/** Checks the chosen signatory against the active officials of the plan's coordinating organisation. */
async function checkSignatory(db: DbOrTx, plan: PlanView, signatoryId: number | null): Promise<OfficialView | SignatoryProblem> {
  const officials = await listOfficials(db, plan.coordinatorOrganisationId, { activeOnly: true });
  if (officials.length === 0) return 'none';
  if (signatoryId === null) return 'empty';
  return officials.find((o) => o.id === signatoryId) ?? 'invalid';
}

/**
 * Keeps the chosen signatory on the draft (made if there is none yet), so the choice survives a
 * reload and a refused approval. Conditional on the draft still being a draft; moves its revision
 * (an approval rendering meanwhile renders again).
 */
export async function chooseSignatory(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, period: ReportingPeriod, officialId: number): Promise<'stale' | null> {
  return writeTransaction(db, async (tx) => {
    let last = await latestVersion(tx, plan.id, period.key);
    if (last && last.state !== 'draft') return 'stale' as const;
    if (!last) {
      await insertDraft(tx, clock, actor, plan, period, 1, null);
      last = await latestVersion(tx, plan.id, period.key);
      if (!last || last.state !== 'draft') return 'stale' as const;
    }
    const now = clock.now().toISOString();
    // Unchanged: nothing written (the revision stays, no edit is signalled to an approval under way).
    await tx
      .updateTable('consolidation_versions')
      .set((eb) => ({ signatory_official_id: officialId, updated_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', last!.id)
      .where('state', '=', 'draft')
      .where((eb) => eb.or([eb('signatory_official_id', 'is', null), eb('signatory_official_id', '!=', officialId)]))
      .execute();
    return null;
  });
}

/** The preparing official as the executor line writes them: the name in document form where it is a person's, and their phone. */
export async function preparerOf(db: DbOrTx, userId: string | null): Promise<Preparer | null> {
  if (userId === null) return null;
  const row = await db.selectFrom('users').select(['display_name', 'phone']).where('id', '=', userId).executeTakeFirst();
  if (!row) return null;
  return { name: documentNameOf(row.display_name) ?? row.display_name, phone: row.phone };
}

/**
 * Approves the draft (or, with none yet, the consolidation as drafted): freezes the document with
 * the signatory chosen and the preparer (the approving coordinator), and keeps its DOCX, XLSX, PDF
 * and cover letter. Refused without a signatory (never a placeholder in an approved file), and,
 * unless confirmed, while measures have no overall state or an untouched draft. The files are
 * rendered outside any transaction (SQLite's write lock is not held for seconds); then one short
 * write transaction stores them and moves the draft to approved only if its revision has not
 * moved meanwhile (an edit: rendered again; another approval: 'nothing-to-approve').
 */
export async function approve(db: Db, clock: Clock, storage: FileStorage, actor: AuditActor, directory: Directory, plan: PlanView, period: ReportingPeriod, choice: ApproveChoice, renderFiles: RenderFiles = renderAll): Promise<ApproveResult> {
  const official = await checkSignatory(db, plan, choice.signatoryId);
  if (typeof official === 'string') return { errors: { signatory: official } };
  if ((await chooseSignatory(db, clock, actor, plan, period, official.id)) === 'stale') return 'nothing-to-approve';
  const signatory: Signatory = { position: official.position, name: official.name };
  const preparer = await preparerOf(db, actor.userId);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const last = await latestVersion(db, plan.id, period.key);
    if (last && last.state !== 'draft') return 'nothing-to-approve';
    const texts = last ? ((await loadTexts(db, [last.id])).get(last.id) ?? {}) : {};
    const now = clock.now();
    const doc = await liveDocument(db, directory, plan, period, texts, localDateOf(clock.now(), plan.schedule.timeZone));
    const unfinished = unfinishedMeasures(doc);
    if (unfinished.length > 0 && !choice.confirmed) return { unfinished };
    const number = last?.number ?? 1;
    const files = await renderFiles(doc, { version: { number, date: localDateOf(now, plan.schedule.timeZone) }, signatory, preparer, forPublication: false, generatedAt: now });
    const result = await writeTransaction(db, async (tx) => {
      const draft = last ?? (await insertDraft(tx, clock, actor, plan, period, 1, null));
      if (!draft) return 'moved' as const;
      // The official archived meanwhile: chosen again.
      const still = await tx.selectFrom('organisation_officials').select('id').where('id', '=', official.id).where('archived_at', 'is', null).executeTakeFirst();
      if (!still) return { errors: { signatory: 'invalid' as const } };
      const moved = await tx
        .updateTable('consolidation_versions')
        .set((eb) => ({
          state: 'approved' as const,
          snapshot: JSON.stringify(doc),
          approved_by: actor.userId,
          approved_at: now.toISOString(),
          updated_at: now.toISOString(),
          revision: eb('revision', '+', 1),
          signatory_official_id: official.id,
          signatory_position: signatory.position,
          signatory_name: signatory.name,
          preparer_name: preparer?.name ?? null,
          preparer_phone: preparer?.phone ?? null,
        }))
        .where('id', '=', draft.id)
        .where('state', '=', 'draft')
        .where('revision', '=', draft.revision)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return 'moved' as const;
      for (const file of files) {
        const stored = await storage.put(tx, file.bytes, file.mediaType);
        await tx.insertInto('consolidation_files').values({ version_id: draft.id, format: file.format, file_id: stored.id, file_name: file.fileName, created_at: now.toISOString() }).execute();
      }
      await recordEvent(tx, clock, actor, { action: 'consolidation.approved', targetType: 'consolidation', targetId: String(draft.id), details: { plan: plan.id, period: period.key, number: draft.number, signatory: signatory.name, unfinished: unfinished.length } });
      // The supervisors of the plan's owner hear that a version waits for them.
      await notifyOrganisation(tx, clock, 'consolidation.approved', versionNotice(plan, period, draft.number, ''), plan.ownerOrganisationId, undefined, ['supervisor']);
      return { number: draft.number };
    });
    if (result !== 'moved') return result;
  }
  return 'nothing-to-approve';
}

export type SignResult = null | { errors: { comment?: 'tooLong' } } | 'stale';

/** The supervisor's sign-off of the approved version, with a comment. */
export async function signOff(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, period: ReportingPeriod, number: number, rawComment: string): Promise<SignResult> {
  const comment = rawComment.replace(/\r\n?/g, '\n').trim();
  if (comment.length > MAX_COMMENT) return { errors: { comment: 'tooLong' } };
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const row = await tx.selectFrom('consolidation_versions').select(['id']).where('plan_id', '=', plan.id).where('period_key', '=', period.key).where('number', '=', number).where('state', '=', 'approved').executeTakeFirst();
    if (!row) return 'stale' as const;
    // Conditional: of two sign-offs at once, the second finds the version signed and changes nothing.
    const moved = await tx
      .updateTable('consolidation_versions')
      .set((eb) => ({ state: 'signed' as const, supervisor_comment: comment || null, signed_by: actor.userId, signed_at: now, updated_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', row.id)
      .where('state', '=', 'approved')
      .where('returned_at', 'is', null)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return 'stale' as const;
    await recordEvent(tx, clock, actor, { action: 'consolidation.signed', targetType: 'consolidation', targetId: String(row.id), details: { plan: plan.id, period: period.key, number } });
    await notifyOrganisation(tx, clock, 'consolidation.signed', versionNotice(plan, period, number, comment.slice(0, 2000)), plan.coordinatorOrganisationId, undefined, ['coordinator']);
    return null;
  });
}

export type SentErrors = Partial<Record<'sentNumber' | 'sentDate' | 'signatory' | 'requestNumber' | 'requestDate', 'empty' | 'tooLong' | 'invalid' | 'nonexistent' | 'future' | 'beforeApproval' | 'afterSent'>>;
export type SentResult = null | { errors: SentErrors } | 'stale';
export type RenderRegistered = (doc: ConsolidationDocument, format: ExportFormat, o: RenderOptions) => Promise<{ format: ExportFormat; fileName: string; mediaType: string; bytes: Buffer }>;

/** The formats of the registered set: the document and its cover letter as sent. */
export const REGISTERED_FORMATS: readonly ExportFormat[] = ['docx', 'pdf', 'letter'];

/**
 * The coordinator records the document as sent: outgoing number, date and who signed it, and
 * the request it answers if any. The DOCX, PDF and cover letter are made again from the frozen
 * document with the number and date typed in (the registered set, kept beside the approved one,
 * which stays byte for byte); rendered outside any transaction, then stored by one short
 * conditional write: if the version moved meanwhile (another marking), nothing is stored.
 */
export async function markSent(
  db: Db,
  clock: Clock,
  storage: FileStorage,
  actor: AuditActor,
  plan: PlanView,
  period: ReportingPeriod,
  number: number,
  input: { sentNumber: string; sentDate: string; signatory: string; requestNumber?: string; requestDate?: string },
  renderFile: RenderRegistered = render,
): Promise<SentResult> {
  const errors: SentErrors = {};
  const sentNumber = input.sentNumber.trim();
  const signatory = input.signatory.replace(/\s+/g, ' ').trim();
  const sentDate = input.sentDate.trim();
  const requestNumber = (input.requestNumber ?? '').replace(/\s+/g, ' ').trim();
  const requestDate = (input.requestDate ?? '').trim();
  if (!sentNumber) errors.sentNumber = 'empty';
  else if (sentNumber.length > 100) errors.sentNumber = 'tooLong';
  if (signatory.length > 300) errors.signatory = 'tooLong';
  const today = localDateOf(clock.now(), plan.schedule.timeZone);
  if (!sentDate) errors.sentDate = 'empty';
  else if (!isLocalDate(sentDate)) errors.sentDate = dateInputProblem(sentDate) ?? 'invalid';
  else if (compareLocalDates(sentDate, today) > 0) errors.sentDate = 'future';
  Object.assign(errors, requestProblems(requestNumber, requestDate, today, isLocalDate(sentDate) ? sentDate : null));

  const row = await db
    .selectFrom('consolidation_versions')
    .select(['id', 'approved_at', 'revision', 'request_number', 'request_date', 'signatory_name', 'signatory_position', 'preparer_name', 'preparer_phone'])
    .where('plan_id', '=', plan.id)
    .where('period_key', '=', period.key)
    .where('number', '=', number)
    .where('state', '=', 'signed')
    .executeTakeFirst();
  if (!row) return 'stale';
  // Who signed is the signatory frozen at approval unless the coordinator names who actually did
  // (the approved files stay as approved).
  const signedBy = signatory || row.signatory_name || '';
  if (!signedBy && !errors.signatory) errors.signatory = 'empty';
  if (!errors.sentDate && isLocalDate(sentDate) && row.approved_at && compareLocalDates(sentDate, localDateOf(new Date(row.approved_at), plan.schedule.timeZone)) < 0) errors.sentDate = 'beforeApproval';
  if (Object.keys(errors).length) return { errors };

  // The registered set, from the frozen document: the letter's requisites as approved, the request as now known.
  const frozen = await frozenDocument(db, Number(row.id));
  if (!frozen || !row.approved_at) return 'stale';
  // As typed on sending (cleared, if cleared); a form without the fields keeps what was noted before approval.
  const typedRequest = input.requestNumber !== undefined || input.requestDate !== undefined;
  const request = typedRequest ? (requestNumber && requestDate ? { number: requestNumber, date: requestDate } : null) : row.request_number && row.request_date ? { number: row.request_number, date: row.request_date } : null;
  const letter = frozen.letter ?? (await letterRequisites(db, plan, period));
  const doc: ConsolidationDocument = { ...frozen, letter: { ...letter, request } };
  const now = clock.now();
  const options: RenderOptions = {
    version: { number, date: localDateOf(new Date(row.approved_at), plan.schedule.timeZone) },
    // The signatory and preparer frozen at approval; a version approved before them: as typed on sending.
    signatory: row.signatory_name && row.signatory_position ? { position: row.signatory_position, name: row.signatory_name } : legacySignatory(frozen, signedBy),
    preparer: row.preparer_name ? { name: row.preparer_name, phone: row.preparer_phone } : null,
    forPublication: false,
    generatedAt: now,
    registration: { number: sentNumber, date: sentDate },
  };
  const files: Awaited<ReturnType<RenderRegistered>>[] = [];
  for (const format of REGISTERED_FORMATS) files.push(await renderFile(doc, format, options));

  return writeTransaction(db, async (tx) => {
    const at = now.toISOString();
    const moved = await tx
      .updateTable('consolidation_versions')
      .set((eb) => ({ state: 'sent' as const, sent_number: sentNumber, sent_date: sentDate, signatory: signedBy, sent_at: at, registered_at: at, request_number: request?.number ?? null, request_date: request?.date ?? null, updated_at: at, revision: eb('revision', '+', 1) }))
      .where('id', '=', row.id)
      .where('state', '=', 'signed')
      .where('revision', '=', row.revision)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return 'stale' as const;
    const hashes: Record<string, string> = {};
    for (const file of files) {
      const stored = await storage.put(tx, file.bytes, file.mediaType);
      hashes[file.format] = stored.sha256;
      await tx.insertInto('consolidation_registered_files').values({ version_id: row.id, format: file.format, file_id: stored.id, file_name: file.fileName.replace(/(\.\w+)$/, '-zareiestrovano$1'), created_at: at }).execute();
    }
    await recordEvent(tx, clock, actor, { action: 'consolidation.sent', targetType: 'consolidation', targetId: String(row.id), details: { plan: plan.id, period: period.key, number, sentNumber, sentDate, registered: hashes } });
    return null;
  });
}

export type RequestErrors = Partial<Record<'requestNumber' | 'requestDate', 'empty' | 'tooLong' | 'invalid' | 'nonexistent' | 'future' | 'afterSent'>>;

/** The request a letter answers ("На № … від …"): optional, both or neither; a date not in the future (nor after the letter's). */
export function requestProblems(requestNumber: string, requestDate: string, today: LocalDate, sentDate: LocalDate | null): RequestErrors {
  const errors: RequestErrors = {};
  if (requestNumber.length > 100) errors.requestNumber = 'tooLong';
  else if (!requestNumber && requestDate) errors.requestNumber = 'empty';
  if (requestDate && !isLocalDate(requestDate)) errors.requestDate = dateInputProblem(requestDate) ?? 'invalid';
  else if (requestDate && compareLocalDates(requestDate, today) > 0) errors.requestDate = 'future';
  else if (requestDate && sentDate && compareLocalDates(requestDate, sentDate) > 0) errors.requestDate = 'afterSent';
  else if (requestNumber && !requestDate) errors.requestDate = 'empty';
  return errors;
}

/**
 * Before approval, the coordinator notes the request the information answers (or clears it): kept
 * on the draft (made if there is none yet), so the approved letter reads "На № … від …". Moves the
 * draft's revision: an approval rendering meanwhile renders again with it.
 */
export async function saveRequest(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, period: ReportingPeriod, input: { requestNumber: string; requestDate: string }): Promise<null | { errors: RequestErrors } | 'stale'> {
  const requestNumber = input.requestNumber.replace(/\s+/g, ' ').trim();
  const requestDate = input.requestDate.trim();
  const errors = requestProblems(requestNumber, requestDate, localDateOf(clock.now(), plan.schedule.timeZone), null);
  if (Object.keys(errors).length) return { errors };
  return writeTransaction(db, async (tx) => {
    const last = await latestVersion(tx, plan.id, period.key);
    if (last && last.state !== 'draft') return 'stale' as const;
    const draft = last ?? (await insertDraft(tx, clock, actor, plan, period, 1, null));
    if (!draft) return 'stale' as const;
    const now = clock.now().toISOString();
    const moved = await tx
      .updateTable('consolidation_versions')
      .set((eb) => ({ request_number: requestNumber || null, request_date: requestDate || null, updated_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', draft.id)
      .where('state', '=', 'draft')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return 'stale' as const;
    await recordEvent(tx, clock, actor, { action: 'consolidation.request_noted', targetType: 'consolidation', targetId: String(draft.id), details: { plan: plan.id, period: period.key, requestNumber: requestNumber || null, requestDate: requestDate || null } });
    return null;
  });
}

function versionNotice(plan: PlanView, period: ReportingPeriod, number: number, comment: string) {
  return { planId: plan.id, plan: plan.title, periodKey: period.key, periodLabel: period.label, periodYear: period.year, number, comment };
}

export type ReturnResult = null | { errors: { remarks: 'empty' | 'tooLong' } } | 'stale';

/**
 * The supervisor returns the approved version with remarks instead of signing it off: it stays as
 * approved (its files kept, as the record of what was returned), marked returned; a new draft with
 * its texts starts at once for the coordinator's correction, who is told.
 */
export async function returnVersion(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, period: ReportingPeriod, number: number, rawRemarks: string): Promise<ReturnResult> {
  const remarks = rawRemarks.replace(/\r\n?/g, '\n').trim();
  if (!remarks) return { errors: { remarks: 'empty' } };
  if (remarks.length > MAX_COMMENT) return { errors: { remarks: 'tooLong' } };
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const row = await tx.selectFrom('consolidation_versions').select(['id']).where('plan_id', '=', plan.id).where('period_key', '=', period.key).where('number', '=', number).where('state', '=', 'approved').where('returned_at', 'is', null).executeTakeFirst();
    if (!row) return 'stale' as const;
    const moved = await tx
      .updateTable('consolidation_versions')
      .set((eb) => ({ returned_at: now, returned_by: actor.userId, supervisor_comment: remarks, updated_at: now, revision: eb('revision', '+', 1) }))
      .where('id', '=', row.id)
      .where('state', '=', 'approved')
      .where('returned_at', 'is', null)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return 'stale' as const;
    const last = await latestVersion(tx, plan.id, period.key);
    if (last && last.state !== 'draft') await insertDraft(tx, clock, actor, plan, period, last.number + 1, last.id);
    await recordEvent(tx, clock, actor, { action: 'consolidation.returned', targetType: 'consolidation', targetId: String(row.id), details: { plan: plan.id, period: period.key, number, remarks: remarks.slice(0, 500) } });
    await notifyOrganisation(tx, clock, 'consolidation.returned', versionNotice(plan, period, number, remarks.slice(0, 2000)), plan.coordinatorOrganisationId, undefined, ['coordinator']);
    return null;
  });
}
