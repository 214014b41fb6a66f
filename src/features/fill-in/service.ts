import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { formatLocalDate } from '../../domain/dates.ts';
import { actInstrumental } from '../../domain/genitive.ts';
import { formatIndicatorValue } from '../../domain/reports.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import { enqueue } from '../mail/outbox.ts';
import { uk } from '../consolidation/text.ts';
import type { FileStorage } from '../files/service.ts';
import type { Directory } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import * as reports from '../reports/service.ts';
import { formDocx, type FormContent, type FormMeasure } from './generate.ts';
import { FormReadError, readFilledForm, readIdentity, type FormReading, type ReadProblem } from './read.ts';
import * as repo from './repository.ts';
import { formToken, type FormIdentity } from './token.ts';

/**
 * The round trip for organisations that report by letter: the coordinator downloads a form
 * pre-filled with what the organisation owes, the organisation fills it in and sends it back,
 * the coordinator uploads it, sees what was read, and confirms — the report is then entered on
 * the organisation's behalf through the reports' own services (startOnBehalf, saveEntry,
 * attachFile), so it follows the same states, audit and review as one typed in by hand.
 */

export { MAX_FORM_BYTES } from './read.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** An address the directory keeps that a mail server would take (one address, no display name). */
const MAILBOX = /^[^\s@<>()"',;:\\[\]]+@[^\s@<>()"',;:\\[\]]+\.[^\s@<>()"',;:\\[\]]{2,}$/;

function measuresOf(view: reports.ReportView): FormMeasure[] {
  return view.measures.map((m) => ({ id: m.id, code: m.code, title: m.title, deadlineText: m.deadlineText, indicators: m.indicators.map((i) => ({ id: i.id, code: i.code, name: i.name, unit: i.unit, kind: i.kind })) }));
}

/** "про стан виконання Обласного плану …, затвердженого розпорядженням … від … № …, за …" once the requisites are confirmed; the title quoted before. */
function aboutLine(plan: plans.PlanView, period: string): string {
  const r = plan.requisites;
  const act = actInstrumental(plan.legal.kind);
  if (r.titleGenitive && r.issuerGenitive && act) {
    return uk.t('fillIn.doc.aboutGenitive', { plan: r.titleGenitive, approvedBy: `${act} ${r.issuerGenitive} від ${formatLocalDate(plan.legal.date)} № ${plan.legal.number}`, period });
  }
  return uk.t('fillIn.doc.about', { plan: plan.title, period });
}

/** The form of an organisation's report for a period, as DOCX, with its file name. */
export async function fillInForm(db: DbOrTx, directory: Directory, view: reports.ReportView): Promise<{ bytes: Buffer; fileName: string }> {
  const key = await repo.formKey(db);
  const period = reports.periodName(uk, view.period);
  // "II півріччя" never split at a line's end.
  const periodInText = period.replace(/^([IV]+) /, '$1\u00a0');
  const coordinator = directory.organisation(view.plan.coordinatorOrganisationId);
  const content: FormContent = {
    token: formToken(key, { planId: view.plan.id, periodKey: view.period.key, organisationId: view.organisation.id }),
    organisationName: view.organisation.name,
    about: aboutLine(view.plan, periodInText),
    returnBy: formatLocalDate(view.period.executorDeadline.date),
    coordinator: { name: coordinator?.name ?? '', email: coordinator?.email ?? null },
    measures: measuresOf(view),
  };
  const name = uk.t('fillIn.doc.fileName', { organisation: view.organisation.shortName ?? view.organisation.name, period });
  return { bytes: await formDocx(content), fileName: `${name.replace(/[\\/:*?"<>|]+/g, ' ').slice(0, 150)}.docx` };
}

export type Refusal =
  | { problem: ReadProblem | 'noMeasures' | 'executorStarted' | 'notEditable' }
  | { problem: 'otherOrganisation'; organisation: string }
  | { problem: 'otherPlan'; plan: string }
  | { problem: 'otherPeriod'; period: string };

export type ReadOutcome = { kind: 'read'; reading: FormReading } | { kind: 'refused'; refusal: Refusal };

/** Whether a report may still take a form: none yet, or one entered on behalf that is a draft or returned. */
function mayTake(view: reports.ReportView): Refusal | null {
  if (view.measures.length === 0) return { problem: 'noMeasures' };
  if (view.report && !view.report.onBehalf) return { problem: 'executorStarted' };
  if (!reports.isEditable(view)) return { problem: 'notEditable' };
  return null;
}

/**
 * Reads an uploaded form for this organisation's report: refused when it is not a form of this
 * installation, is another organisation's, plan's or period's (named), has nothing filled in,
 * or the report can no longer take it.
 */
export async function readUpload(db: DbOrTx, directory: Directory, view: reports.ReportView, bytes: Buffer): Promise<ReadOutcome> {
  const refused = (refusal: Refusal) => ({ kind: 'refused', refusal }) as const;
  const cannot = mayTake(view);
  if (cannot) return refused(cannot);
  const key = await repo.formKey(db);
  const whose = async (identity: FormIdentity): Promise<Refusal | null> => {
    if (identity.organisationId !== view.organisation.id) return { problem: 'otherOrganisation', organisation: directory.organisation(identity.organisationId)?.name ?? identity.organisationId };
    if (identity.planId !== view.plan.id) return { problem: 'otherPlan', plan: (await plans.getPlan(db, identity.planId))?.title ?? identity.planId };
    if (identity.periodKey !== view.period.key) {
      const [year, label] = identity.periodKey.split('-') as [string, string];
      return { problem: 'otherPeriod', period: uk.t(`calendar.periodLabel.${label}` as MessageKey, { year: Number(year) }) };
    }
    return null;
  };
  try {
    // One pass in the usual case; whose form it is is said before anything about its content.
    const reading = readFilledForm(bytes, key, measuresOf(view));
    const other = await whose(reading.identity);
    return other ? refused(other) : { kind: 'read', reading };
  } catch (err) {
    if (!(err instanceof FormReadError)) throw err;
    if (err.problem === 'empty') {
      const other = await whose(readIdentity(bytes, key).identity);
      if (other) return refused(other);
    }
    return refused({ problem: err.problem });
  }
}

export type ConfirmResult =
  | { kind: 'entered'; measures: number; conflicts: string[] }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'letter'; errors: reports.LetterErrors };

/**
 * Enters what a form holds into the report on the organisation's behalf: the report is begun from
 * the letter (its number and date) unless it already was, each field the form holds is saved as a
 * new version of its entry (an empty or missing field keeps what was saved), the filled file is
 * kept as the letter's file, and the audit log says the report was entered from a form.
 */
export async function confirmUpload(
  db: Db,
  clock: Clock,
  storage: FileStorage,
  actor: AuditActor,
  directory: Directory,
  view: reports.ReportView,
  file: { name: string; bytes: Buffer },
  letter: reports.LetterInput,
): Promise<ConfirmResult> {
  const read = await readUpload(db, directory, view, file.bytes);
  if (read.kind === 'refused') return read;
  if (!view.report) {
    const started = await reports.startOnBehalf(db, clock, actor, view, letter);
    if (started.kind === 'errors') return { kind: 'letter', errors: started.errors };
    if (started.kind === 'executor-started') return { kind: 'refused', refusal: { problem: 'executorStarted' } };
  }
  const reload = async () => (await reports.loadReport(db, directory, clock, view.plan.id, view.period.key, view.organisation.id))!;
  let fresh = await reload();
  const conflicts: string[] = [];
  let saved = 0;
  for (const r of read.reading.measures) {
    if (!r.found) continue;
    const measure = fresh.measures.find((m) => m.id === r.measureId);
    if (!measure) continue;
    // Only what the form holds is written: an empty cell (or a row deleted, or a state that could
    // not be read) keeps what was saved, so a corrected form for part of the measures wipes nothing.
    const values: Record<string, unknown> = {};
    for (const i of measure.indicators) if (r.values[i.id] !== undefined) values[String(i.id)] = formatIndicatorValue(i.kind, r.values[i.id]);
    const input: reports.EntryInput = {
      version: String(fresh.entries.get(r.measureId)?.version ?? 0),
      state: r.state ?? undefined,
      narrative: r.narrative !== '' ? r.narrative : undefined,
      reason: r.reason !== '' ? r.reason : undefined,
      values,
    };
    if (input.state === undefined && input.narrative === undefined && input.reason === undefined && Object.keys(values).length === 0) continue;
    const result = await reports.saveEntry(db, clock, actor, fresh, r.measureId, input, { onBehalf: true });
    if (result.kind === 'not-editable') return { kind: 'refused', refusal: { problem: fresh.report && !fresh.report.onBehalf ? 'executorStarted' : 'notEditable' } };
    if (result.kind === 'saved') saved++;
    else conflicts.push(r.code);
    fresh = await reload();
  }
  // The filled form stays with the report as the letter's file (a full report keeps its files; the entries are in).
  await reports.attachFile(db, clock, storage, actor, fresh, { letter: true }, { name: file.name, bytes: file.bytes, truncated: false }, { onBehalf: true });
  const reportId = fresh.report!.id;
  await writeTransaction(db, (tx) =>
    recordEvent(tx, clock, actor, {
      action: 'report.filled_from_form',
      targetType: 'report',
      targetId: String(reportId),
      details: {
        plan: view.plan.id,
        period: view.period.key,
        organisation: view.organisation.id,
        measures: saved,
        warnings: read.reading.warnings.length,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
      },
    }),
  );
  return { kind: 'entered', measures: saved, conflicts };
}

export type MailFormResult = { kind: 'queued'; address: string } | { kind: 'noAddress' } | { kind: 'badAddress'; address: string };

/**
 * Sends an organisation its form by e-mail, to the address the directory keeps for it (an
 * organisation that reports by letter has no account; its official address is where requests
 * go). The form is made now, stored once and attached by the mail worker on every attempt; the
 * message, the file and the audit entry are written in one transaction.
 */
export async function mailForm(db: Db, clock: Clock, storage: FileStorage, actor: AuditActor, directory: Directory, view: reports.ReportView): Promise<MailFormResult> {
  const address = (view.organisation.email ?? '').trim().toLowerCase();
  if (!address) return { kind: 'noAddress' };
  if (!MAILBOX.test(address) || address.length > 254) return { kind: 'badAddress', address };
  const { bytes, fileName } = await fillInForm(db, directory, view);
  const coordinator = directory.organisation(view.plan.coordinatorOrganisationId);
  const params = {
    planId: view.plan.id,
    plan: view.plan.title,
    periodKey: view.period.key,
    periodLabel: view.period.label,
    periodYear: view.period.year,
    organisationId: view.organisation.id,
    organisation: view.organisation.name,
    deadline: view.period.executorDeadline.date,
    byConsent: view.organisation.byConsent,
    coordinator: coordinator?.name ?? '',
    coordinatorEmail: coordinator?.email ?? null,
    measures: view.measures.length,
  };
  return writeTransaction(db, async (tx) => {
    const file = await storage.put(tx, bytes, DOCX);
    await enqueue(tx, clock, 'fillIn.form', params, { address, name: view.organisation.contactPerson, userId: null, organisationId: view.organisation.id, locale: 'uk' }, { attachment: { fileId: file.id, name: fileName } });
    await recordEvent(tx, clock, actor, {
      action: 'report.form_mailed',
      targetType: 'organisation',
      targetId: view.organisation.id,
      details: { plan: view.plan.id, period: view.period.key, organisation: view.organisation.id, address, sha256: file.sha256 },
    });
    return { kind: 'queued' as const, address };
  });
}

/** The forms mailed to an organisation for a period, newest first: when, to whom, and how delivery went. */
export async function mailedForms(db: DbOrTx, view: reports.ReportView): Promise<{ at: string; address: string; state: string }[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['created_at', 'to_address', 'state', 'params'])
    .where('kind', '=', 'fillIn.form')
    .where('organisation_id', '=', view.organisation.id)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return rows
    .filter((r) => {
      const p = JSON.parse(r.params) as { planId?: string; periodKey?: string };
      return p.planId === view.plan.id && p.periodKey === view.period.key;
    })
    .slice(0, 10)
    .map((r) => ({ at: String(r.created_at), address: r.to_address, state: r.state }));
}
