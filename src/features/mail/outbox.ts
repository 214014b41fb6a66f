import crypto from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { OutboxState, Role } from '../../db/schema.ts';
import { isLocale } from '../../i18n/index.ts';
import { MESSAGE_KINDS, type MessageKind, type MessageParams } from './compose.tsx';
import * as repo from './repository.ts';

/**
 * The outbox's public face. A feature calls `notifyOrganisation` or `enqueue` inside the
 * transaction of the change that causes the message, so a message exists exactly when its
 * change does; the worker (`worker.ts`) delivers it later.
 */

export interface Recipient {
  address: string;
  name: string | null;
  userId: string | null;
  organisationId: string | null;
  locale: string | null;
}

/**
 * The Message-ID header of a stored message: its token, fixed when the row is written, at the
 * sender's domain. Every attempt to deliver the row carries the same one.
 */
export function messageIdHeader(token: string, from: string): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? 'zvit.invalid';
  return `<zvit.${token}@${domain}>`;
}

export async function enqueue<K extends MessageKind>(
  db: DbOrTx,
  clock: Clock,
  kind: K,
  params: MessageParams[K],
  to: Recipient,
  options: { dedupeKey?: string; muted?: boolean; attachment?: { fileId: string; name: string } } = {},
): Promise<boolean> {
  const now = clock.now().toISOString();
  return repo.insertMessage(db, {
    kind,
    params: JSON.stringify(params),
    dedupe_key: options.dedupeKey ?? null,
    user_id: to.userId,
    organisation_id: to.organisationId,
    to_address: to.address,
    to_name: to.name,
    locale: isLocale(to.locale) ? to.locale : 'uk',
    message_id: crypto.randomUUID(),
    // A kind the recipient switched off: kept for their list in Zvit, never e-mailed.
    state: options.muted && !isEssential(kind) ? 'skipped' : 'pending',
    attempts: 0,
    next_attempt_at: now,
    created_at: now,
    attachment_file_id: options.attachment?.fileId ?? null,
    attachment_name: options.attachment?.name.slice(0, 200) ?? null,
  });
}

/**
 * A message to every active user of an organisation who holds one of the roles (executors by
 * default), each in their own language. Answers how many messages were written.
 */
export async function notifyOrganisation<K extends MessageKind>(db: DbOrTx, clock: Clock, kind: K, params: MessageParams[K], organisationId: string, dedupeKey?: string, roles: readonly Role[] = ['executor']): Promise<number> {
  const users = await repo.usersOf(db, organisationId, roles);
  let written = 0;
  for (const u of users) {
    const muted = parseKinds(u.mail_muted).includes(kind);
    const ok = await enqueue(db, clock, kind, params, { address: u.email, name: u.display_name, userId: u.id, organisationId, locale: u.locale }, { muted, ...(dedupeKey ? { dedupeKey: `${dedupeKey}:${u.id}` } : {}) });
    if (ok) written++;
  }
  return written;
}

export function isEssential(kind: string): boolean {
  return Object.hasOwn(MESSAGE_KINDS, kind) && MESSAGE_KINDS[kind as MessageKind].essential;
}

export const OUTBOX_STATES: readonly OutboxState[] = ['pending', 'sending', 'sent', 'failed', 'unknown', 'skipped'];

/** The kinds a stored list names (anything else dropped). */
export function parseKinds(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string' && Object.hasOwn(MESSAGE_KINDS, k)) : [];
  } catch {
    return [];
  }
}

/** The kinds a user may switch off, in the order the settings page lists them. */
export const OPTIONAL_KINDS = (Object.keys(MESSAGE_KINDS) as MessageKind[]).filter((k) => !MESSAGE_KINDS[k].essential);
export const ESSENTIAL_KINDS = (Object.keys(MESSAGE_KINDS) as MessageKind[]).filter((k) => MESSAGE_KINDS[k].essential);
export { listMessages, countByState, findMessage, type OutboxRow } from './repository.ts';

/**
 * The kinds a person can receive, for their settings page: by their roles, and — for an executor —
 * whether their organisation reports by consent (a request, not an order).
 */
export function kindsFor(roles: readonly Role[], byConsent: boolean): MessageKind[] {
  const audiences = new Set<string>();
  for (const r of roles) {
    if (r === 'executor') audiences.add(byConsent ? 'consent' : 'executor');
    if (r === 'coordinator' || r === 'supervisor') audiences.add(r);
  }
  return (Object.keys(MESSAGE_KINDS) as MessageKind[]).filter((k) => MESSAGE_KINDS[k].audience.some((a) => audiences.has(a)));
}

/** The parameters with a link's secret masked, or undefined when they hold none. */
export function withoutSecret(params: string): string | undefined {
  try {
    const p = JSON.parse(params) as Record<string, unknown>;
    return typeof p.token === 'string' && p.token !== '…' ? JSON.stringify({ ...p, token: '…' }) : undefined;
  } catch {
    return undefined;
  }
}
