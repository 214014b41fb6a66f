import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { compareLocalDates, type LocalDate } from '../../domain/dates.ts';
import { ATTACHMENT_TYPES, detectAttachmentType, safeFileName } from '../../domain/file-types.ts';
import { readDateInput } from '../../domain/plan-lifecycle.ts';
import { localDateOf } from '../../domain/time.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { FileStorage } from '../files/service.ts';
import * as repo from './repository.ts';
import { isEditable, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_MEASURE, MAX_LETTER_NUMBER, MAX_REPORT_ATTACHMENT_BYTES, newReportRow, type ReportView } from './service.ts';

/**
 * A report's letters and files: entering a report on an organisation's behalf from its letter,
 * and the files attached to measures (and the letter's scan). Split from service.ts, which
 * re-exports it: callers keep one face.
 */

// ---- on behalf of an organisation --------------------------------------------------------------

export interface LetterInput {
  letterNumber: string;
  letterDate: string;
}
export type LetterField = 'letterNumber' | 'letterDate';
export type LetterErrors = Partial<Record<LetterField, 'empty' | 'tooLong' | 'invalid' | 'nonexistent' | 'future'>>;

export function validateLetter(input: LetterInput, today: LocalDate): { errors: LetterErrors } | { value: { number: string; date: LocalDate } } {
  const errors: LetterErrors = {};
  const number = input.letterNumber.trim();
  if (!number) errors.letterNumber = 'empty';
  else if (number.length > MAX_LETTER_NUMBER) errors.letterNumber = 'tooLong';
  const typed = input.letterDate.trim();
  // A date field sends рррр-мм-дд; typed by hand (no date picker), дд.мм.рррр.
  const read = readDateInput(typed);
  const date = 'date' in read ? read.date : '';
  if (!typed) errors.letterDate = 'empty';
  else if ('problem' in read) errors.letterDate = read.problem;
  else if (compareLocalDates(date, today) > 0) errors.letterDate = 'future';
  return Object.keys(errors).length ? { errors } : { value: { number, date } };
}

export type OnBehalfResult = { kind: 'started' } | { kind: 'errors'; errors: LetterErrors } | { kind: 'executor-started' } | { kind: 'exists' };

/**
 * The coordinator enters a report an organisation sent as a letter: the letter's outgoing number
 * and date are recorded first, and the report is marked as entered on behalf. An organisation
 * that already started its own report keeps it.
 */
export async function startOnBehalf(db: Db, clock: Clock, actor: AuditActor, view: ReportView, input: LetterInput): Promise<OnBehalfResult> {
  if (view.report) return view.report.onBehalf ? { kind: 'exists' } : { kind: 'executor-started' };
  const valid = validateLetter(input, localDateOf(clock.now(), view.plan.schedule.timeZone));
  if ('errors' in valid) return { kind: 'errors', errors: valid.errors };
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const { report, created } = await repo.ensureReport(tx, newReportRow(view, actor, now, true, valid.value));
    if (!created) return report.on_behalf === 1 ? ({ kind: 'exists' } as const) : ({ kind: 'executor-started' } as const);
    await recordEvent(tx, clock, actor, {
      action: 'report.created',
      targetType: 'report',
      targetId: String(report.id),
      details: { plan: view.plan.id, period: view.period.key, organisation: view.organisation.id, onBehalf: true, letter: valid.value },
    });
    return { kind: 'started' } as const;
  });
}

// ---- attachments -------------------------------------------------------------------------------

export type AttachmentProblem = 'empty' | 'type' | 'tooLarge' | 'reportFull' | 'tooMany';
export type AttachResult = { kind: 'attached'; id: number } | { kind: 'problem'; problem: AttachmentProblem } | { kind: 'not-editable' };

/**
 * Attaches a file to a measure's entry (or, for a report entered on behalf, the letter's scan to
 * the report): its type is read from its bytes, its size checked against the limits per file and
 * per report; the bytes go to the storage in the same transaction as the row that names them.
 */
export async function attachFile(
  db: Db,
  clock: Clock,
  storage: FileStorage,
  actor: AuditActor,
  view: ReportView,
  target: { measureId: number } | { letter: true },
  file: { name: string; bytes: Buffer; truncated: boolean },
  options: { onBehalf: boolean },
): Promise<AttachResult> {
  if (!isEditable(view)) return { kind: 'not-editable' };
  const measureId = 'measureId' in target ? target.measureId : null;
  if (measureId !== null && !view.measures.some((m) => m.id === measureId)) return { kind: 'not-editable' };
  if (measureId === null && !options.onBehalf) return { kind: 'not-editable' };
  if (file.truncated || file.bytes.length > MAX_ATTACHMENT_BYTES) return { kind: 'problem', problem: 'tooLarge' };
  if (file.bytes.length === 0) return { kind: 'problem', problem: 'empty' };
  const type = detectAttachmentType(file.bytes);
  if (!type) return { kind: 'problem', problem: 'type' };
  const used = view.attachments.reduce((sum, a) => sum + a.size, 0);
  if (used + file.bytes.length > MAX_REPORT_ATTACHMENT_BYTES) return { kind: 'problem', problem: 'reportFull' };
  if (view.attachments.filter((a) => a.measureId === measureId).length >= MAX_ATTACHMENTS_PER_MEASURE) return { kind: 'problem', problem: 'tooMany' };
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const ensured = await repo.ensureReport(tx, newReportRow(view, actor, now, options.onBehalf));
    const report = (await repo.lockReport(tx, ensured.report.id))!;
    if ((report.state !== 'draft' && report.state !== 'returned') || (report.on_behalf === 1) !== options.onBehalf) return { kind: 'not-editable' } as const;
    const stored = await storage.put(tx, file.bytes, ATTACHMENT_TYPES[type].mediaType);
    const fileName = safeFileName(file.name, type);
    const id = await repo.insertAttachment(tx, {
      report_id: report.id,
      measure_id: measureId,
      purpose: measureId === null ? 'letter' : 'entry',
      file_id: stored.id,
      file_name: fileName,
      media_type: stored.mediaType,
      size: stored.size,
      created_by: actor.userId,
      created_at: now,
    });
    await repo.touchReport(tx, report.id, now);
    await recordEvent(tx, clock, actor, { action: 'report.attachment_added', targetType: 'report', targetId: String(report.id), details: { attachment: id, measure: measureId, name: fileName, size: stored.size, sha256: stored.sha256 } });
    return { kind: 'attached', id } as const;
  });
}

/** Removes an attachment from the draft (kept for the submissions that listed it). */
export async function removeAttachment(db: Db, clock: Clock, actor: AuditActor, view: ReportView, attachmentId: number): Promise<boolean> {
  if (!view.report || !isEditable(view) || !view.attachments.some((a) => a.id === attachmentId)) return false;
  const reportId = view.report.id;
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const report = await repo.lockReport(tx, reportId);
    if (!report || (report.state !== 'draft' && report.state !== 'returned')) return false;
    if (!(await repo.removeAttachment(tx, reportId, attachmentId, now))) return false;
    await repo.touchReport(tx, reportId, now);
    await recordEvent(tx, clock, actor, { action: 'report.attachment_removed', targetType: 'report', targetId: String(reportId), details: { attachment: attachmentId } });
    return true;
  });
}

/**
 * An attachment's bytes, for someone who may read the report: `drafts` when they may see the
 * draft (its organisation, or the coordinator of a report entered on behalf); otherwise only a
 * file that a submission listed.
 */
export async function attachmentFile(db: DbOrTx, storage: FileStorage, view: ReportView, attachmentId: number, drafts: boolean): Promise<{ name: string; mediaType: string; bytes: Buffer } | undefined> {
  if (!view.report) return undefined;
  const row = await repo.findAttachment(db, view.report.id, attachmentId);
  if (!row) return undefined;
  const listed = view.submissions.some((s) => s.snapshot.attachments.some((a) => a.id === attachmentId));
  if (!listed && !(drafts && row.removed_at === null)) return undefined;
  const file = await storage.get(db, row.file_id);
  return file ? { name: row.file_name, mediaType: row.media_type, bytes: file.bytes } : undefined;
}
