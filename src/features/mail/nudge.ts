import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { daysBetween } from '../../domain/reminders.ts';
import { localDateOf } from '../../domain/time.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Directory } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';
import { expectedReports, periodMeasures, reportsOfPeriod } from '../reports/service.ts';
import { declinedBodies } from '../reports/period.ts';
import { composeMessage, type Composed, type MessageKind, type MessageParams } from './compose.tsx';
import { notifyOrganisation } from './outbox.ts';
import * as repo from './repository.ts';

/**
 * The coordinator's "remind those who have not submitted": who would get what, then the sending.
 * Before the deadline it is the reminder with the days left; after it, the overdue notice (a
 * request to a body reporting by consent). At most one a day per organisation.
 */

export interface NudgeRecipient {
  organisationId: string;
  organisation: string;
  byConsent: boolean;
  state: 'none' | 'draft' | 'returned';
  people: { name: string; email: string }[];
}

export interface NudgePlanned {
  recipients: NudgeRecipient[];
  /** Owing organisations with no active account: to be reached by letter or phone. */
  unreachable: NudgeRecipient[];
  /** Reminded already today (by the scheduler or by hand): not again. */
  remindedToday: NudgeRecipient[];
  messages: number;
  sample: Composed | null;
}

function messageFor(plan: PlanView, period: ReportingPeriod, today: string, r: NudgeRecipient, total: number): { kind: MessageKind; params: MessageParams[MessageKind] } {
  const deadline = period.executorDeadline.date;
  const base = { planId: plan.id, plan: plan.title, periodKey: period.key, periodLabel: period.label, periodYear: period.year, organisationId: r.organisationId, organisation: r.organisation, deadline, byConsent: r.byConsent };
  const left = daysBetween(today, deadline);
  if (left < 0) return { kind: r.byConsent ? 'report.overdueRequest' : 'report.overdue', params: base };
  return { kind: 'report.reminder', params: { ...base, daysLeft: left, started: r.state === 'none' ? 'no' : r.state === 'returned' ? 'returned' : 'yes', total } };
}

export async function planNudge(db: Db, clock: Clock, directory: Directory, plan: PlanView, period: ReportingPeriod, baseUrl: string, only?: (organisationId: string) => boolean): Promise<NudgePlanned & { totals: Map<string, number> }> {
  const owed = [...expectedReports(await periodMeasures(db, plan, period), directory)].filter(([id]) => !only || only(id));
  const heads = await reportsOfPeriod(db, plan.id, period.key);
  const declined = await declinedBodies(db, plan.id, period.key);
  const recipients: NudgeRecipient[] = [];
  const unreachable: NudgeRecipient[] = [];
  const remindedToday: NudgeRecipient[] = [];
  const today = localDateOf(clock.now(), plan.schedule.timeZone);
  const reminded = await repo.lastReminders(db, plan.id, period.key);
  const totals = new Map<string, number>();
  for (const [organisationId, measureIds] of owed) {
    const head = heads.get(organisationId);
    if (head && (head.state === 'submitted' || head.state === 'accepted')) continue;
    if (declined.has(organisationId)) continue;
    const o = directory.organisation(organisationId);
    if (!o) continue;
    totals.set(organisationId, measureIds.length);
    const people = (await repo.usersOf(db, organisationId, ['executor'])).map((u) => ({ name: u.display_name, email: u.email }));
    const r: NudgeRecipient = { organisationId, organisation: o.name, byConsent: o.byConsent, state: head ? (head.state === 'returned' ? 'returned' : 'draft') : 'none', people };
    const last = reminded.get(organisationId);
    if (last && localDateOf(new Date(last), plan.schedule.timeZone) === today) remindedToday.push(r);
    else (people.length ? recipients : unreachable).push(r);
  }
  const first = recipients[0];
  let sample: Composed | null = null;
  if (first) {
    const m = messageFor(plan, period, today, first, totals.get(first.organisationId) ?? 0);
    sample = composeMessage(m.kind, m.params, 'uk', baseUrl);
  }
  return { recipients, unreachable, remindedToday, messages: recipients.reduce((n, r) => n + r.people.length, 0), sample, totals };
}

/** Writes the reminders; answers how many messages were written (0 when all went today already). */
export async function sendNudge(db: Db, clock: Clock, actor: AuditActor, directory: Directory, plan: PlanView, period: ReportingPeriod, baseUrl: string, only?: (organisationId: string) => boolean): Promise<{ organisations: number; messages: number }> {
  const planned = await planNudge(db, clock, directory, plan, period, baseUrl, only);
  const today = localDateOf(clock.now(), plan.schedule.timeZone);
  return writeTransaction(db, async (tx) => {
    let messages = 0;
    let organisations = 0;
    for (const r of planned.recipients) {
      const m = messageFor(plan, period, today, r, planned.totals.get(r.organisationId) ?? 0);
      const n = await notifyOrganisation(tx, clock, m.kind, m.params as never, r.organisationId, `nudge:${plan.id}:${period.key}:${r.organisationId}:${today}`);
      messages += n;
      if (n > 0) organisations++;
    }
    if (messages > 0) {
      await recordEvent(tx, clock, actor, { action: 'report.reminded', targetType: 'plan', targetId: plan.id, details: { plan: plan.id, period: period.key, organisations, messages, organisationIds: planned.recipients.map((r) => r.organisationId).slice(0, 200) } });
    }
    return { organisations, messages };
  });
}
