import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { OutboxState } from '../../db/schema.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { isLocale } from '../../i18n/index.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import type { Principal } from '../auth/service.ts';
import type { Directory } from '../organisations/service.ts';
import { managedScope } from '../users/service.ts';
import { composeMessage, isMessageKind, type Composed } from './compose.tsx';
import { OPTIONAL_KINDS, parseKinds } from './outbox.ts';
import * as repo from './repository.ts';

/** The outbox as its readers see it: the administrator, within the organisations they manage. */

export interface OutboxEntry {
  id: number;
  kind: string;
  to: string;
  toName: string | null;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
  smtpResponse: string | null;
  lastError: string | null;
  messageId: string;
  /** The name of the file the message carries (the fill-in form), if any. */
  attachment: string | null;
  composed: Composed | null;
}

/** null: every message (an administrator of a top organisation); else these organisations' people. */
export async function outboxScope(db: DbOrTx, principal: Principal, loaded?: Directory): Promise<string[] | null> {
  const { directory, organisations } = await managedScope(db, principal, loaded);
  return directory.organisation(principal.organisationId)?.parentId ? [...organisations] : null;
}

/**
 * A message's parameters as the outbox shows them: an invitation's link is a credential for the
 * person it is addressed to, so the administrator reading the outbox sees it masked (a lost
 * invitation is sent again from the invitations page, which makes a new link).
 */
export function redacted(params: string): unknown {
  const p = JSON.parse(params) as Record<string, unknown>;
  return typeof p.token === 'string' ? { ...p, token: '…' } : p;
}

/** How many messages of the reader's scope are in each state (failed and unknown ones need the administrator). */
export async function outboxCounts(db: DbOrTx, principal: Principal, directory?: Directory): Promise<Record<OutboxState, number>> {
  return repo.countByState(db, await outboxScope(db, principal, directory));
}

function entryOf(r: repo.OutboxRow, baseUrl: string): OutboxEntry {
  let composed: Composed | null = null;
  if (isMessageKind(r.kind)) {
    try {
      composed = composeMessage(r.kind, redacted(r.params), isLocale(r.locale) ? r.locale : 'uk', baseUrl);
    } catch {
      composed = null;
    }
  }
  return {
    id: Number(r.id),
    kind: r.kind,
    to: r.to_address,
    toName: r.to_name,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    smtpResponse: r.smtp_response,
    lastError: r.last_error,
    messageId: r.message_id,
    attachment: r.attachment_name,
    composed,
  };
}

export const PAGE_SIZE = 50;

/** A page of messages, newest first (`page` from 1). */
export async function listOutbox(db: DbOrTx, principal: Principal, baseUrl: string, f: { state?: OutboxState; page: number }) {
  const scope = await outboxScope(db, principal);
  const rows = await repo.listMessages(db, { ...(f.state ? { state: f.state } : {}), organisationIds: scope, offset: (f.page - 1) * PAGE_SIZE, limit: PAGE_SIZE + 1 });
  const counts = await repo.countByState(db, scope);
  return { entries: rows.slice(0, PAGE_SIZE).map((r) => entryOf(r, baseUrl)), nextPage: rows.length > PAGE_SIZE ? f.page + 1 : null, counts };
}

/** One message, when it is within the reader's scope. */
export async function getOutboxEntry(db: DbOrTx, principal: Principal, baseUrl: string, id: number): Promise<OutboxEntry | undefined> {
  const row = await repo.findMessage(db, id);
  if (!row) return undefined;
  const scope = await outboxScope(db, principal);
  if (scope && (!row.organisation_id || !scope.includes(row.organisation_id))) return undefined;
  return entryOf(row, baseUrl);
}

/** Puts a failed or interrupted message back in the queue; 'stale' when it has moved meanwhile. */
export async function requeueMessage(db: Db, clock: Clock, actor: AuditActor, id: number): Promise<'requeued' | 'stale'> {
  return writeTransaction(db, async (tx) => {
    if (!(await repo.requeue(tx, id, clock.now().toISOString()))) return 'stale' as const;
    await recordEvent(tx, clock, actor, { action: 'mail.requeued', targetType: 'outbox', targetId: String(id), details: {} });
    return 'requeued' as const;
  });
}

// ---- a user's own notifications and e-mail settings ---------------------------------------------

export interface NotificationView {
  id: number;
  createdAt: string;
  subject: string;
  summary: string;
  /** Where to act: a path within Zvit. */
  path: string;
  unread: boolean;
  /** How the e-mail went: sent, waiting (or being sent, or retried), failed, or not by e-mail. */
  mail: 'sent' | 'waiting' | 'failed' | 'off';
}

export const NOTIFICATIONS_PAGE = 30;

/**
 * A page of the user's notifications, newest first, in the user's language now; those shown are
 * marked read (they still show as new on this page).
 */
export async function readNotifications(db: DbOrTx, clock: Clock, userId: string, locale: 'uk' | 'en', page: number): Promise<{ items: NotificationView[]; nextPage: number | null }> {
  const rows = await repo.listForUser(db, userId, (page - 1) * NOTIFICATIONS_PAGE, NOTIFICATIONS_PAGE + 1);
  const items: NotificationView[] = [];
  for (const r of rows.slice(0, NOTIFICATIONS_PAGE)) {
    if (!isMessageKind(r.kind)) continue;
    const c = composeMessage(r.kind, redacted(r.params), locale, '');
    items.push({ id: Number(r.id), createdAt: r.created_at, subject: c.subject, summary: c.paragraphs.join(' '), path: c.link, unread: r.read_at === null, mail: r.state === 'skipped' ? 'off' : r.state === 'sent' ? 'sent' : r.state === 'failed' || r.state === 'unknown' ? 'failed' : 'waiting' });
  }
  await repo.markRead(db, userId, items.filter((i) => i.unread).map((i) => i.id), clock.now().toISOString());
  return { items, nextPage: rows.length > NOTIFICATIONS_PAGE ? page + 1 : null };
}

export async function mailSettings(db: DbOrTx, userId: string): Promise<{ muted: string[] }> {
  return { muted: parseKinds(await repo.mutedKinds(db, userId)) };
}

/**
 * Saves which optional kinds the user wants by e-mail, of those the page showed; the choice on a
 * kind not shown (another role's) stays as it was. Anything not optional is refused.
 */
export async function saveMailSettings(db: Db, clock: Clock, userId: string, wanted: readonly string[], shown: readonly string[] = OPTIONAL_KINDS): Promise<'saved' | 'invalid'> {
  if (wanted.some((k) => !(OPTIONAL_KINDS as readonly string[]).includes(k) || !shown.includes(k))) return 'invalid';
  const before = parseKinds(await repo.mutedKinds(db, userId));
  const muted = OPTIONAL_KINDS.filter((k) => (shown.includes(k) ? !wanted.includes(k) : before.includes(k)));
  await repo.setMutedKinds(db, userId, muted, clock.now().toISOString());
  return 'saved';
}

/** When each organisation was last reminded of a period's report (the period grid's column). */
export { lastReminders } from './repository.ts';
