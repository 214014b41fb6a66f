import crypto from 'node:crypto';

/**
 * The audit log is a hash chain: each event's hash covers a canonical form of the event and the
 * previous event's hash, so an edited or deleted row breaks every hash after it. The canonical
 * form reads the same on SQLite and PostgreSQL: fixed key order, UTC instants to the
 * millisecond, details as JSON with sorted keys.
 */

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEvent {
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  actorOrganisationId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** Canonical JSON (see canonicalJson). */
  details: string;
  ip: string | null;
}

/** JSON with object keys sorted at every level, no spaces. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function normaliseInstant(at: string): string {
  return new Date(at).toISOString();
}

export function eventHash(prevHash: string, event: ChainedEvent): string {
  const canonical = canonicalJson([
    prevHash,
    normaliseInstant(event.at),
    event.actorUserId,
    event.actorEmail,
    event.actorOrganisationId,
    event.action,
    event.targetType,
    event.targetId,
    event.details,
    event.ip,
  ]);
  return crypto.createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export interface StoredEvent extends ChainedEvent {
  id: number;
  prevHash: string;
  hash: string;
}

export type ChainProblem = { id: number; problem: 'prev_hash' | 'hash' } | { id: null; problem: 'head' };

/** Walks the chain in id order; returns the first problem, or null when it is whole. */
export function verifyChain(events: Iterable<StoredEvent>, head?: { hash: string; count: number } | null): ChainProblem | null {
  let prev = GENESIS_HASH;
  let count = 0;
  for (const e of events) {
    if (e.prevHash !== prev) return { id: e.id, problem: 'prev_hash' };
    if (eventHash(prev, e) !== e.hash) return { id: e.id, problem: 'hash' };
    prev = e.hash;
    count++;
  }
  if (head && (head.hash !== prev || head.count !== count)) return { id: null, problem: 'head' };
  return null;
}
