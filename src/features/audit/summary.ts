import type { MessageKey, Translator } from '../../i18n/index.ts';
import { formatLocalDate, isLocalDate } from '../../domain/dates.ts';
import type { PeriodLabel } from '../../domain/periods.ts';
import { periodName } from '../reports/service.ts';
import { AUDIT_ACTIONS, type AuditEventView, type EventNames } from './service.ts';

/**
 * One event as a sentence in the reader's language: what happened, to whom or what, by name —
 * never the stored JSON or bare ids (an id is shown only where the name is unknown or not the
 * reader's to know, as the target of a refused request).
 */

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const date = (v: unknown): string => (isLocalDate(v) ? formatLocalDate(v) : str(v));

function period(tr: Translator, key: unknown): string {
  const m = /^(\d{4})-(H[12]|Q[1-4])$/.exec(str(key));
  return m ? periodName(tr, { label: m[2] as PeriodLabel, year: Number(m[1]) }) : str(key);
}

function roles(tr: Translator, v: unknown): string {
  return (Array.isArray(v) ? v : []).map((r) => ((['executor', 'coordinator', 'supervisor', 'admin'] as unknown[]).includes(r) ? tr.t(`role.${r as string}` as MessageKey) : str(r))).join(', ') || '—';
}

/** "Назва організації, I півріччя 2024 року, план «…»" — the report an event is about. */
function reportSubject(tr: Translator, e: AuditEventView, names: EventNames): string {
  const report = e.targetType === 'report' ? names.report(e.targetId) : undefined;
  const organisationId = str(e.details.organisation) || report?.organisation || (e.targetType === 'organisation' ? str(e.targetId) : '');
  const planId = str(e.details.plan) || report?.plan || '';
  const periodKey = str(e.details.period) || report?.period || '';
  return tr.t('audit.subject.report', {
    organisation: names.organisation(organisationId) ?? (organisationId || '—'),
    period: period(tr, periodKey),
    plan: names.plan(planId) ?? (planId || '—'),
  });
}

function planName(e: AuditEventView, names: EventNames): string {
  const id = e.targetType === 'plan' ? str(e.targetId) : str(e.details.plan);
  return names.plan(id) ?? id;
}

function userName(e: AuditEventView, names: EventNames): string {
  const u = e.targetType === 'user' ? names.user(e.targetId) : undefined;
  return u ? `${u.name} (${u.email})` : str(e.details.email) || str(e.targetId) || '—';
}

export function eventSummary(tr: Translator, e: AuditEventView, names: EventNames): string {
  const { t } = tr;
  const d = e.details;
  const key = `audit.summary.${e.action}` as MessageKey;
  if (!(AUDIT_ACTIONS as readonly string[]).includes(e.action)) return e.action;
  switch (e.action) {
    case 'auth.sign_in':
      return t(key, { method: ['password', 'totp', 'totp_enrolment', 'recovery'].includes(str(d.method)) ? str(d.method) : 'other' });
    case 'auth.sign_in_failed':
      return t(key, { email: str(d.email) || '—' });
    case 'auth.session_ended':
      return t(key, { others: typeof d.others === 'number' ? d.others : 0 });
    case 'user.created':
    case 'user.invited':
      return t(key, { user: userName(e, names), organisation: names.organisation(d.organisationId) ?? (str(d.organisationId) || '—'), role: roles(tr, d.role ? [d.role] : []) });
    case 'user.roles_changed':
      return t(key, { user: userName(e, names), from: roles(tr, d.from), to: roles(tr, d.to) });
    case 'user.invitation_accepted':
    case 'user.invitation_revoked':
    case 'user.password_reset_issued':
    case 'user.password_reset':
    case 'user.disabled':
    case 'user.enabled':
    case 'user.totp_enrolled':
    case 'user.recovery_codes_regenerated':
    case 'user.calendar_link_revoked':
      return t(key, { user: userName(e, names) });
    case 'user.calendar_link_created':
      return t(key, { user: userName(e, names), replaced: d.replaced ? 'yes' : 'no' });
    case 'access.refused':
      return t(key, { kind: t(`audit.kind.${['user', 'report', 'plan', 'organisation', 'measure'].includes(str(e.targetType)) ? str(e.targetType) : 'other'}` as MessageKey), id: str(e.targetId) || '—', route: str(d.route) || '—' });
    case 'plan.imported':
      return t(key, { plan: planName(e, names), file: str(d.file), measures: Number(d.measures) || 0, warnings: Number(d.warnings) || 0 });
    case 'plan.draft_edited':
      return t(key, { plan: planName(e, names), code: str(d.code), change: d.added ? 'added' : d.removed ? 'removed' : 'edited' });
    case 'plan.copied':
      return t(key, { plan: planName(e, names), from: names.plan(d.from) ?? str(d.from) });
    case 'plan.amendment_created':
    case 'plan.amendment_applied':
      return t(key, { plan: planName(e, names), number: str(d.number) || '—', date: date(d.date), effectiveFrom: date(d.effectiveFrom) });
    case 'plan.amendment_edited':
      return t(key, { plan: planName(e, names), code: str(d.code) || '—', change: ['edit', 'remove', 'add', 'undo'].includes(str(d.kind)) ? str(d.kind) : 'other' });
    case 'plan.indicator_added':
    case 'plan.indicator_changed':
    case 'plan.indicator_removed':
      return t(key, { plan: planName(e, names), name: str(d.name) });
    case 'plan.published':
    case 'plan.unpublished':
    case 'plan.activated':
    case 'plan.discarded':
    case 'plan.details_edited':
    case 'plan.closed':
    case 'plan.archived':
    case 'plan.amendment_discarded':
      return t(key, { plan: planName(e, names) });
    case 'organisation.created':
      return t(key, { name: str(d.name) || names.organisation(e.targetId) || '—' });
    case 'organisation.declined_zvit':
      return t(key, { name: names.organisation(e.targetId) ?? str(e.targetId), declined: d.declined ? 'yes' : 'no' });
    case 'organisation.edited':
      return t(key, { name: names.organisation(e.targetId) ?? str(e.targetId) });
    case 'organisation.renamed':
      return t(key, { from: str(d.from), to: str(d.to), on: date(d.on) });
    case 'organisation.merged':
      return t(key, { from: str(d.from), into: str(d.intoName) || (names.organisation(d.into) ?? str(d.into)) });
    case 'organisation.contacts_imported':
      return t(key, { count: Number(d.applied) || 0, file: str(d.file) || '—' });
    case 'group.created':
    case 'group.edited':
      return t(key, { name: str(d.name) });
    case 'report.created':
      return d.letter && typeof d.letter === 'object' ? t('audit.summary.report.createdFromLetter', { report: reportSubject(tr, e, names), number: str((d.letter as Record<string, unknown>).number), date: date((d.letter as Record<string, unknown>).date) }) : t(key, { report: reportSubject(tr, e, names) });
    case 'report.submitted':
      return t(key, { report: reportSubject(tr, e, names), number: Number(d.number) || 1, late: d.late ? 'yes' : 'no', onBehalf: d.onBehalf ? 'yes' : 'no' });
    case 'report.filled_from_form':
      return t(key, { report: reportSubject(tr, e, names), count: Number(d.measures) || 0 });
    case 'stats.submitted':
    case 'stats.accepted':
    case 'stats.returned':
    case 'stats.viewed':
      return t(key, { form: str(d.form) || '—', report: reportSubject(tr, e, names) });
    case 'instruction.issued':
    case 'instruction.answered':
    case 'instruction.closed':
      return t(key, { id: Number(d.instruction) || 0, organisation: names.organisation(e.targetId) ?? (e.targetId || '—'), plan: names.plan(str(d.plan)) ?? (str(d.plan) || '—') });
    case 'stats.form_structure':
    case 'stats.form_created':
    case 'stats.form_edited':
      return t(key, { form: str(d.title) || str(d.form) || '—', plan: names.plan(str(d.plan)) ?? (str(d.plan) || '—') });
    case 'stats.reconciliation_commented':
    case 'stats.reconciliation_confirmed':
    case 'stats.reconciliation_closed':
    case 'stats.reconciliation_reopened':
      return t(key, { period: period(tr, d.period), plan: names.plan(str(d.plan)) ?? (str(d.plan) || '—') });
    case 'report.form_mailed':
      return t(key, { report: reportSubject(tr, e, names), address: str(d.address) || '—' });
    case 'report.attachment_added':
      return t(key, { report: reportSubject(tr, e, names), name: str(d.name) || '—' });
    case 'report.returned':
      return t(key, { report: reportSubject(tr, e, names), count: Array.isArray(d.measures) ? d.measures.length : 0 });
    case 'report.reopened':
      return t(key, { report: reportSubject(tr, e, names), reason: str(d.reason) });
    case 'report.consent_recorded':
      return t(key, { report: reportSubject(tr, e, names), answer: ['asked', 'declined', 'no_answer'].includes(str(d.answer)) ? t(`grid.consent.answer.${str(d.answer)}` as MessageKey) : str(d.answer) });
    case 'report.withdrawn':
    case 'report.forwarded':
    case 'report.attachment_removed':
    case 'report.accepted':
      return t(key, { report: reportSubject(tr, e, names) });
    case 'consolidation.drafted':
    case 'consolidation.approved':
    case 'consolidation.signed':
      return t(key, { number: Number(d.number) || 1, period: period(tr, d.period), plan: planName(e, names) });
    case 'consolidation.sent':
      return t(key, { number: Number(d.number) || 1, period: period(tr, d.period), plan: planName(e, names), sentNumber: str(d.sentNumber) || '—', sentDate: date(d.sentDate) });
    case 'consolidation.request_noted':
      return t(key, { period: period(tr, d.period), plan: planName(e, names), requestNumber: str(d.requestNumber) || '—', requestDate: d.requestDate ? date(d.requestDate) : '—' });
    case 'consolidation.public_text_approved':
      return t(key, { code: str(d.code) || '—', period: period(tr, d.period), plan: planName(e, names) });
    case 'consolidation.returned':
      return t(key, { number: Number(d.number) || 1, period: period(tr, d.period), plan: planName(e, names), remarks: str(d.remarks) || '—' });
    case 'report.reminded':
      return t(key, { period: period(tr, d.period), plan: planName(e, names), messages: Number(d.messages) || 0, organisations: Number(d.organisations) || 0 });
    case 'mail.requeued':
      return t(key, { id: str(e.targetId) || '—' });
    case 'organisation.official_added':
    case 'organisation.official_edited':
    case 'organisation.official_archived':
    case 'organisation.official_restored':
    case 'organisation.official_moved':
      return t(key, { name: str(d.name) || '—', position: str(d.position) || '—', organisation: names.organisation(d.organisation) ?? (str(d.organisation) || '—') });
    case 'user.profile_changed':
      return t(key, { user: userName(e, names) });
    default:
      return t(key);
  }
}
