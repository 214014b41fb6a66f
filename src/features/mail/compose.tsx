import { renderToString } from 'preact-render-to-string';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { translator, type Locale, type Translator } from '../../i18n/index.ts';

/**
 * What each kind of message says. A message is stored as a kind and its parameters and composed
 * in the recipient's language when it is sent (and when it is shown in the outbox): a subject
 * that says what happened, a few paragraphs, the exact link to act on; as plain text and as
 * simple HTML (escaped by Preact).
 */

export interface ReportParams {
  planId: string;
  plan: string;
  periodKey: string;
  periodLabel: string;
  periodYear: number;
  organisationId: string;
  organisation: string;
}

export interface DeadlineParams extends ReportParams {
  /** The executors' deadline (дд.мм.рррр shown). */
  deadline: string;
  byConsent: boolean;
}

export interface VersionParams {
  planId: string;
  plan: string;
  periodKey: string;
  periodLabel: string;
  periodYear: number;
  number: number;
  comment: string;
}

/** A bulk invitation to an executor organisation's contact. `token` is the link's secret. */
export interface InvitationParams {
  token: string;
  planId: string;
  plan: string;
  organisationId: string;
  organisation: string;
  /** The coordinating department, as the directory names it, and its address (when the directory has one). */
  coordinator: string;
  coordinatorEmail?: string | null;
  /** The last day the link works (local date). */
  expires: string;
  byConsent: boolean;
}

/** What happened in a period's collection on one day, for the coordinator. */
export interface DigestParams {
  planId: string;
  plan: string;
  periodKey: string;
  periodLabel: string;
  periodYear: number;
  /** The day the digest is about (local date). */
  day: string;
  deadline: string;
  expected: number;
  submittedThatDay: string[];
  submittedThatDayCount: number;
  submitted: number;
  missing: string[];
  missingCount: number;
  late: number;
}

/** A period whose consolidation deadline has passed, for the supervisor. */
export interface SummaryParams {
  planId: string;
  plan: string;
  periodKey: string;
  periodLabel: string;
  periodYear: number;
  deadline: string;
  expected: number;
  submitted: number;
  accepted: number;
  /** The approved version's number, or 0 when none was approved. */
  approved: number;
  signed: boolean;
}

/** A control instruction (issue 17): to the executor instructed, and its answer to who issued it. */
export interface InstructionParams {
  planId: string;
  plan: string;
  id: number;
  kind: 'explain' | 'act' | 'extend';
  text: string;
  dueDate: string;
  /** The executor instructed (its name; in an answer, its id). */
  organisation: string;
}

export interface MessageParams {
  invitation: InvitationParams;
  'report.reminderContact': DeadlineParams & { daysLeft: number; token: string | null; coordinator: string; coordinatorEmail?: string | null; expires: string | null };
  'report.submitted': ReportParams & { late: boolean };
  'period.digest': DigestParams;
  'period.allIn': DigestParams;
  'period.summary': SummaryParams;
  'consolidation.approved': VersionParams;
  'consolidation.signed': VersionParams;
  'consolidation.returned': VersionParams;
  'report.returned': ReportParams & { measureComments: number; comment: string };
  'report.accepted': ReportParams;
  'report.reminder': DeadlineParams & { daysLeft: number; started: 'yes' | 'returned' | 'no'; total: number };
  'report.overdue': DeadlineParams;
  'report.overdueRequest': DeadlineParams;
  /** The fill-in form, attached, to an organisation's address: how to fill it and where to send it back. */
  'fillIn.form': DeadlineParams & { coordinator: string; coordinatorEmail?: string | null; measures: number };
  'instruction.issued': InstructionParams;
  'instruction.answered': InstructionParams;
}

export type MessageKind = keyof MessageParams;

interface KindDefinition<K extends MessageKind> {
  /** An essential message cannot be switched off by its recipient. */
  essential: boolean;
  /**
   * Who receives it (the account page lists only these); 'consent' is an executor of a body
   * reporting by consent, 'contact' a person reached without an account.
   */
  audience: readonly ('executor' | 'consent' | 'coordinator' | 'supervisor' | 'contact')[];
  subject(tr: Translator, p: MessageParams[K]): string;
  paragraphs(tr: Translator, p: MessageParams[K]): string[];
  /** The link to act on; a path of null: the message has none (its reader cannot sign in). */
  action: { label: MessageKey; path(p: MessageParams[K]): string | null };
}

/** The coordinator as a person writes to them: "Департамент … (adresa@…)". */
const contactOf = (p: { coordinator: string; coordinatorEmail?: string | null }) => (p.coordinatorEmail ? `${p.coordinator} (${p.coordinatorEmail})` : p.coordinator);

const period = (tr: Translator, p: Pick<ReportParams, 'periodLabel' | 'periodYear'>) => tr.t(`calendar.periodLabel.${p.periodLabel}` as MessageKey, { year: String(p.periodYear) });
const reportPath = (p: ReportParams) => `/reports/${encodeURIComponent(p.planId)}/${encodeURIComponent(p.periodKey)}/${encodeURIComponent(p.organisationId)}`;

const gridPath = (p: { planId: string; periodKey: string }) => `/plans/${encodeURIComponent(p.planId)}/periods/${encodeURIComponent(p.periodKey)}/reports`;
const names = (list: string[], count: number) => list.join('; ') + (count > list.length ? ` … (+${count - list.length})` : '');

const instructionPath = (p: InstructionParams) => `/plans/${encodeURIComponent(p.planId)}/instructions/${p.id}`;

const consolidationPath = (p: VersionParams) => `/plans/${encodeURIComponent(p.planId)}/periods/${encodeURIComponent(p.periodKey)}/consolidation#v${p.number}`;

export const MESSAGE_KINDS: { [K in MessageKind]: KindDefinition<K> } = {
  // Without it the person cannot start: not optional.
  invitation: {
    audience: ['contact'],
    essential: true,
    subject: (tr, p) => tr.t('mail.invitation.subject', { plan: p.plan }),
    paragraphs: (tr, p) => [
      tr.t('mail.invitation.body', { coordinator: p.coordinator, organisation: p.organisation, plan: p.plan }),
      tr.t('mail.invitation.link', { expires: tr.date(p.expires) }),
      ...(p.byConsent ? [tr.t('mail.invitation.byConsent', { contact: contactOf(p) })] : []),
    ],
    action: { label: 'mail.invitation.action', path: (p) => `/invitation/${p.token}` },
  },
  // To an organisation with no active account: its directory contact, with a fresh link if invited.
  'report.reminderContact': {
    audience: ['contact'],
    essential: true,
    subject: (tr, p) => (p.daysLeft < 0 ? tr.t('mail.overdueRequest.subject', { period: period(tr, p), deadline: tr.date(p.deadline) }) : tr.t('mail.reminder.subject', { period: period(tr, p), deadline: tr.date(p.deadline) })),
    paragraphs: (tr, p) => [
      p.daysLeft < 0
        ? tr.t('mail.overdueRequest.body', { organisation: p.organisation, period: period(tr, p), plan: p.plan, deadline: tr.date(p.deadline) })
        : tr.t(p.byConsent ? 'mail.reminder.bodyByConsent' : 'mail.reminder.body', { organisation: p.organisation, period: period(tr, p), plan: p.plan, deadline: tr.date(p.deadline), days: p.daysLeft }),
      p.token && p.expires ? tr.t('mail.reminderContact.invited', { expires: tr.date(p.expires) }) : tr.t('mail.reminderContact.noAccount', { organisation: p.organisation, contact: contactOf(p) }),
    ],
    action: { label: 'mail.reminderContact.action', path: (p) => (p.token ? `/invitation/${p.token}` : null) },
  },
  // Sent when the coordinator asks for it, with the form attached: not optional.
  'fillIn.form': {
    audience: ['contact'],
    essential: true,
    subject: (tr, p) => tr.t('mail.fillIn.subject', { period: period(tr, p), deadline: tr.date(p.deadline) }),
    paragraphs: (tr, p) => [
      tr.t(p.byConsent ? 'mail.fillIn.bodyByConsent' : 'mail.fillIn.body', { organisation: p.organisation, period: period(tr, p), plan: p.plan, measures: p.measures }),
      tr.t('mail.fillIn.how'),
      tr.t('mail.fillIn.return', { deadline: tr.date(p.deadline), contact: contactOf(p) }),
    ],
    action: { label: 'mail.reminderContact.action', path: () => null },
  },
  'report.submitted': {
    audience: ['coordinator'],
    essential: false,
    subject: (tr, p) => tr.t('mail.reportSubmitted.subject', { organisation: p.organisation, period: period(tr, p) }),
    paragraphs: (tr, p) => [tr.t('mail.reportSubmitted.body', { organisation: p.organisation, period: period(tr, p), plan: p.plan, late: p.late ? 'yes' : 'no' })],
    action: { label: 'mail.reportSubmitted.action', path: reportPath },
  },
  'period.digest': {
    audience: ['coordinator'],
    essential: false,
    subject: (tr, p) => tr.t('mail.digest.subject', { period: period(tr, p), day: tr.date(p.day), count: p.submittedThatDayCount }),
    paragraphs: (tr, p) => [
      tr.t('mail.digest.body', { plan: p.plan, period: period(tr, p), day: tr.date(p.day), submitted: p.submitted, expected: p.expected, deadline: tr.date(p.deadline) }),
      ...(p.submittedThatDayCount ? [tr.t('mail.digest.submittedThatDay', { count: p.submittedThatDayCount, names: names(p.submittedThatDay, p.submittedThatDayCount) })] : []),
      ...(p.missingCount ? [tr.t('mail.digest.missing', { count: p.missingCount, names: names(p.missing, p.missingCount) })] : []),
      ...(p.late ? [tr.t('mail.digest.late', { count: p.late })] : []),
    ],
    action: { label: 'mail.digest.action', path: gridPath },
  },
  'period.allIn': {
    audience: ['coordinator'],
    essential: false,
    subject: (tr, p) => tr.t('mail.allIn.subject', { period: period(tr, p) }),
    paragraphs: (tr, p) => [tr.t('mail.allIn.body', { plan: p.plan, period: period(tr, p), expected: p.expected, late: p.late })],
    action: { label: 'mail.digest.action', path: gridPath },
  },
  'period.summary': {
    audience: ['supervisor'],
    essential: false,
    subject: (tr, p) => tr.t('mail.summary.subject', { period: period(tr, p) }),
    paragraphs: (tr, p) => [
      tr.t('mail.summary.body', { plan: p.plan, period: period(tr, p), deadline: tr.date(p.deadline), submitted: p.submitted, accepted: p.accepted, expected: p.expected }),
      p.approved ? tr.t(p.signed ? 'mail.summary.signed' : 'mail.summary.approved', { number: p.approved }) : tr.t('mail.summary.noVersion'),
    ],
    action: { label: 'mail.summary.action', path: (p) => `/plans/${encodeURIComponent(p.planId)}/periods/${encodeURIComponent(p.periodKey)}/consolidation` },
  },
  // The supervisor is waiting for this: it cannot be switched off.
  'consolidation.approved': {
    audience: ['supervisor'],
    essential: true,
    subject: (tr, p) => tr.t('mail.versionApproved.subject', { period: period(tr, p), number: p.number }),
    paragraphs: (tr, p) => [tr.t('mail.versionApproved.body', { period: period(tr, p), plan: p.plan, number: p.number })],
    action: { label: 'mail.versionApproved.action', path: consolidationPath },
  },
  // The coordinator must correct it: not optional.
  'consolidation.returned': {
    audience: ['coordinator'],
    essential: true,
    subject: (tr, p) => tr.t('mail.versionReturned.subject', { period: period(tr, p), number: p.number }),
    paragraphs: (tr, p) => [tr.t('mail.versionReturned.body', { period: period(tr, p), plan: p.plan, number: p.number }), tr.t('mail.versionReturned.remarks', { remarks: p.comment })],
    action: { label: 'mail.versionSigned.action', path: consolidationPath },
  },
  'consolidation.signed': {
    audience: ['coordinator'],
    essential: false,
    subject: (tr, p) => tr.t('mail.versionSigned.subject', { period: period(tr, p), number: p.number }),
    paragraphs: (tr, p) => [tr.t('mail.versionSigned.body', { period: period(tr, p), plan: p.plan, number: p.number }), ...(p.comment ? [tr.t('mail.versionSigned.comment', { comment: p.comment })] : [])],
    action: { label: 'mail.versionSigned.action', path: consolidationPath },
  },
  'report.returned': {
    audience: ['executor', 'consent'],
    essential: true,
    subject: (tr, p) => tr.t('mail.reportReturned.subject', { period: period(tr, p) }),
    paragraphs: (tr, p) => [
      tr.t('mail.reportReturned.body', { organisation: p.organisation, period: period(tr, p), plan: p.plan, count: p.measureComments }),
      ...(p.comment ? [tr.t('mail.reportReturned.comment', { comment: p.comment })] : []),
    ],
    action: { label: 'mail.reportReturned.action', path: reportPath },
  },
  'report.reminder': {
    audience: ['executor', 'consent'],
    essential: false,
    subject: (tr, p) => tr.t('mail.reminder.subject', { period: period(tr, p), deadline: tr.date(p.deadline) }),
    paragraphs: (tr, p) => [
      tr.t(p.byConsent ? 'mail.reminder.bodyByConsent' : 'mail.reminder.body', { organisation: p.organisation, period: period(tr, p), plan: p.plan, deadline: tr.date(p.deadline), days: p.daysLeft }),
      tr.t('mail.reminder.progress', { started: p.started, total: p.total }),
    ],
    action: { label: 'mail.reminder.action', path: reportPath },
  },
  // Not optional for an executor the administration directs (DESIGN: reminders of an overdue report).
  'report.overdue': {
    audience: ['executor'],
    essential: true,
    subject: (tr, p) => tr.t('mail.overdue.subject', { period: period(tr, p), deadline: tr.date(p.deadline) }),
    paragraphs: (tr, p) => [tr.t('mail.overdue.body', { organisation: p.organisation, period: period(tr, p), plan: p.plan, deadline: tr.date(p.deadline) })],
    action: { label: 'mail.reminder.action', path: reportPath },
  },
  // A body that reports by consent is asked, not told.
  'report.overdueRequest': {
    audience: ['consent'],
    essential: false,
    subject: (tr, p) => tr.t('mail.overdueRequest.subject', { period: period(tr, p), deadline: tr.date(p.deadline) }),
    paragraphs: (tr, p) => [tr.t('mail.overdueRequest.body', { organisation: p.organisation, period: period(tr, p), plan: p.plan, deadline: tr.date(p.deadline) })],
    action: { label: 'mail.reminder.action', path: reportPath },
  },
  // An instruction of the administration's leadership: not optional for the executor instructed.
  'instruction.issued': {
    audience: ['executor', 'consent'],
    essential: true,
    subject: (tr, p) => tr.t('mail.instructionIssued.subject', { kind: p.kind, due: tr.date(p.dueDate) }),
    paragraphs: (tr, p) => [tr.t('mail.instructionIssued.body', { organisation: p.organisation, plan: p.plan, kind: p.kind, due: tr.date(p.dueDate) }), p.text],
    action: { label: 'mail.instructionIssued.action', path: instructionPath },
  },
  'instruction.answered': {
    audience: ['supervisor', 'coordinator'],
    essential: false,
    subject: (tr) => tr.t('mail.instructionAnswered.subject'),
    paragraphs: (tr, p) => [tr.t('mail.instructionAnswered.body', { plan: p.plan, due: tr.date(p.dueDate) }), p.text],
    action: { label: 'mail.instructionAnswered.action', path: instructionPath },
  },
  'report.accepted': {
    audience: ['executor', 'consent'],
    essential: false,
    subject: (tr, p) => tr.t('mail.reportAccepted.subject', { period: period(tr, p) }),
    paragraphs: (tr, p) => [tr.t('mail.reportAccepted.body', { organisation: p.organisation, period: period(tr, p), plan: p.plan })],
    action: { label: 'mail.reportAccepted.action', path: reportPath },
  },
};

export function isMessageKind(kind: string): kind is MessageKind {
  return Object.hasOwn(MESSAGE_KINDS, kind);
}

export interface Composed {
  subject: string;
  /** The message's own paragraphs (without greeting and footer): for Zvit's list of notifications. */
  paragraphs: string[];
  text: string;
  html: string;
  link: string;
}

/**
 * Composes a stored message for its recipient. The greeting names nobody: a Ukrainian greeting
 * calls a person in the vocative ("Олено"), which a display name does not give; the recipient's
 * name is in the To line.
 */
export function composeMessage(kind: string, params: unknown, locale: Locale, baseUrl: string): Composed {
  if (!isMessageKind(kind)) throw new Error(`unknown message kind ${kind}`);
  const def = MESSAGE_KINDS[kind] as KindDefinition<MessageKind>;
  const p = params as MessageParams[MessageKind];
  const tr = translator(locale);
  const subject = def.subject(tr, p);
  const greeting = tr.t('mail.greeting');
  const paragraphs = def.paragraphs(tr, p);
  const path = def.action.path(p);
  const link = path === null ? '' : `${baseUrl.replace(/\/$/, '')}${path}`;
  const action = tr.t(def.action.label);
  const footer = tr.t('mail.footer');
  const text = [greeting, ...paragraphs, ...(link ? [`${action}: ${link}`] : []), '—', footer].join('\n\n') + '\n';
  const html =
    '<!doctype html>\n' +
    renderToString(
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <title>{subject}</title>
        </head>
        <body style="font-family: Arial, sans-serif; font-size: 15px; line-height: 1.5; color: #0b0c0c">
          <p>{greeting}</p>
          {paragraphs.map((x) => (
            <p>{x}</p>
          ))}
          {link && (
            <p>
              <a href={link} style="color: #1d70b8; font-weight: bold">
                {action}
              </a>
              <br />
              <span style="color: #505a5f; font-size: 13px">{link}</span>
            </p>
          )}
          <hr style="border: 0; border-top: 1px solid #b1b4b6" />
          <p style="color: #505a5f; font-size: 13px">{footer}</p>
        </body>
      </html>,
    );
  return { subject, paragraphs, text, html, link };
}
