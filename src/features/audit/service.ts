import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { canonicalJson, eventHash, GENESIS_HASH, verifyChain, type ChainProblem, type StoredEvent } from '../../domain/audit-chain.ts';
import * as repo from './repository.ts';

/** Every action the audit log knows; the viewer's filter takes only these. */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.second_factor_failed',
  'auth.sign_out',
  'auth.session_ended',
  'auth.password_changed',
  'user.created',
  'user.invited',
  'user.invitation_accepted',
  'user.password_reset_issued',
  'user.password_reset',
  'user.disabled',
  'user.enabled',
  'user.roles_changed',
  'user.totp_enrolled',
  'user.recovery_codes_regenerated',
  'user.calendar_link_created',
  'user.calendar_link_revoked',
  'access.refused',
  'plan.imported',
  'plan.activated',
  'plan.published',
  'plan.unpublished',
  'plan.draft_edited',
  'plan.discarded',
  'plan.details_edited',
  'plan.closed',
  'plan.archived',
  'plan.copied',
  'plan.amendment_created',
  'plan.amendment_edited',
  'plan.amendment_applied',
  'plan.amendment_discarded',
  'plan.indicator_added',
  'plan.indicator_changed',
  'plan.indicator_removed',
  'organisation.created',
  'organisation.edited',
  'organisation.renamed',
  'organisation.merged',
  'organisation.contacts_imported',
  'group.created',
  'group.edited',
  'report.created',
  'report.submitted',
  'report.withdrawn',
  'report.forwarded',
  'report.attachment_added',
  'report.attachment_removed',
  'report.accepted',
  'report.returned',
  'report.reopened',
  'report.consent_recorded',
  'consolidation.drafted',
  'consolidation.approved',
  'consolidation.signed',
  'consolidation.sent',
  'mail.requeued',
  'report.reminded',
  'consolidation.public_text_approved',
  'consolidation.returned',
  'user.invitation_revoked',
  'organisation.declined_zvit',
  'report.filled_from_form',
  'report.form_mailed',
  'consolidation.request_noted',
  'organisation.official_added',
  'organisation.official_edited',
  'organisation.official_archived',
  'organisation.official_restored',
  'organisation.official_moved',
  'user.profile_changed',
  'stats.submitted',
  'stats.accepted',
  'stats.returned',
  'stats.viewed',
  'stats.reconciliation_commented',
  'stats.reconciliation_confirmed',
  'stats.reconciliation_closed',
  'stats.reconciliation_reopened',
  'stats.form_edited',
  'stats.form_structure',
  'instruction.issued',
  'instruction.answered',
  'instruction.closed',
  'stats.form_created',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditActor {
  userId: string | null;
  email: string | null;
  organisationId: string | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, email: null, organisationId: null, ip: null };

export interface AuditEntry {
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends an event to the chain inside the caller's transaction (started with
 * `writeTransaction`), so the event and the change it records commit together.
 */
export async function recordEvent(tx: DbOrTx, clock: Clock, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await repo.lockChain(tx);
  const head = (await repo.findHead(tx)) ?? { hash: GENESIS_HASH, count: 0 };
  const event = {
    at: clock.now().toISOString(),
    actorUserId: actor.userId,
    actorEmail: actor.email,
    actorOrganisationId: actor.organisationId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: canonicalJson(entry.details ?? {}),
    ip: actor.ip,
  };
  const hash = eventHash(head.hash, event);
  await repo.insertEvent(tx, {
    at: event.at,
    actor_user_id: event.actorUserId,
    actor_email: event.actorEmail,
    actor_organisation_id: event.actorOrganisationId,
    action: event.action,
    target_type: event.targetType,
    target_id: event.targetId,
    details: event.details,
    ip: event.ip,
    prev_hash: head.hash,
    hash,
  });
  await repo.saveHead(tx, { hash, count: head.count + 1 });
}

/** Records that a signed-in user asked for something outside their reach (an id swap). */
export async function recordRefusal(db: Db, clock: Clock, actor: AuditActor, targetType: string, targetId: string, route: string): Promise<void> {
  await writeTransaction(db, (tx) => recordEvent(tx, clock, actor, { action: 'access.refused', targetType, targetId, details: { route } }));
}

export interface AuditEventView {
  id: number;
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorOrganisationId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export const AUDIT_PAGE_SIZE = 50;

type EventRow = Awaited<ReturnType<typeof repo.findEvents>>[number];

function toStored(r: EventRow): StoredEvent {
  return {
    id: Number(r.id),
    at: r.at,
    actorUserId: r.actor_user_id,
    actorEmail: r.actor_email,
    actorOrganisationId: r.actor_organisation_id,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    details: r.details,
    ip: r.ip,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export async function listEvents(db: DbOrTx, filter: Omit<repo.EventFilter, 'before'> & { beforeId?: number }): Promise<{ events: AuditEventView[]; nextBeforeId: number | null }> {
  const { beforeId, ...rest } = filter;
  const beforeAt = beforeId ? await repo.findEventTime(db, beforeId) : undefined;
  const rows = await repo.findEvents(db, { ...rest, ...(beforeId && beforeAt ? { before: { at: beforeAt, id: beforeId } } : {}) }, AUDIT_PAGE_SIZE + 1);
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return {
    events: page.map((r) => {
      const { prevHash: _p, hash: _h, details, ...rest } = toStored(r);
      return { ...rest, details: JSON.parse(details) as Record<string, unknown> };
    }),
    nextBeforeId: rows.length > AUDIT_PAGE_SIZE ? Number(page[page.length - 1]!.id) : null,
  };
}

/** The names a page of events refers to by id: people, organisations, plans, reports. */
export interface EventNames {
  user(id: string | null | undefined): { name: string; email: string } | undefined;
  organisation(id: unknown): string | undefined;
  plan(id: unknown): string | undefined;
  report(id: unknown): { plan: string; period: string; organisation: string } | undefined;
}

export async function namesOf(db: DbOrTx, events: readonly AuditEventView[], organisationName: (id: string) => string | undefined): Promise<EventNames> {
  const str = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : null);
  const users = new Set<string>();
  const plans = new Set<string>();
  const reports = new Set<number>();
  for (const e of events) {
    if (e.actorUserId) users.add(e.actorUserId);
    if (e.targetType === 'user' && e.targetId) users.add(e.targetId);
    if (e.targetType === 'plan' && e.targetId) plans.add(e.targetId);
    if (e.targetType === 'report' && e.targetId && /^\d{1,12}$/.test(e.targetId)) reports.add(Number(e.targetId));
    for (const key of ['plan', 'from'] as const) {
      const v = str(e.details[key]);
      if (v && (key === 'plan' || e.action === 'plan.copied')) plans.add(v);
    }
  }
  const found = await repo.findNames(db, { users: [...users], plans: [...plans], reports: [...reports] });
  const userMap = new Map(found.users.map((u) => [u.id, { name: u.display_name, email: u.email }]));
  const planMap = new Map(found.plans.map((p) => [p.id, p.short_title ?? p.title]));
  const reportMap = new Map(found.reports.map((r) => [Number(r.id), { plan: r.plan_id, period: r.period_key, organisation: r.organisation_id }]));
  return {
    user: (id) => (id ? userMap.get(id) : undefined),
    organisation: (id) => (typeof id === 'string' ? organisationName(id) : undefined),
    plan: (id) => (typeof id === 'string' ? planMap.get(id) : undefined),
    report: (id) => (typeof id === 'string' && /^\d{1,12}$/.test(id) ? reportMap.get(Number(id)) : undefined),
  };
}

/** Recomputes the whole chain: null when it is whole, else the first broken event. */
export async function verifyAuditLog(db: DbOrTx): Promise<{ problem: ChainProblem | null; count: number }> {
  const events: StoredEvent[] = [];
  for await (const r of repo.allEvents(db)) events.push(toStored(r));
  const head = await repo.findHead(db);
  return { problem: verifyChain(events, head), count: events.length };
}
