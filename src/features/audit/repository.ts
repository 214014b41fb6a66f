import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../db/database.ts';
import type { AuditEventsTable } from '../../db/schema.ts';
import { isPostgresDb } from '../../db/transaction.ts';

/** The only Kysely code of the audit log. Rows are only ever inserted. */

const AUDIT_LOCK_KEY = 727_100_001;
const HEAD_KEY = 'audit_head';

/** Serialises appends on PostgreSQL (SQLite holds the write lock from BEGIN IMMEDIATE). */
export async function lockChain(db: DbOrTx): Promise<void> {
  if (isPostgresDb(db)) await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(db);
}

export async function findHead(db: DbOrTx): Promise<{ hash: string; count: number } | null> {
  const r = await db.selectFrom('installation').select('value').where('key', '=', HEAD_KEY).executeTakeFirst();
  return r ? (JSON.parse(r.value) as { hash: string; count: number }) : null;
}

export async function saveHead(db: DbOrTx, head: { hash: string; count: number }): Promise<void> {
  const value = JSON.stringify(head);
  await db
    .insertInto('installation')
    .values({ key: HEAD_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function insertEvent(db: DbOrTx, row: Insertable<AuditEventsTable>): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

export interface EventFilter {
  /** Events of these organisations' people, or about these users when nobody was signed in. */
  scope?: { organisationIds: readonly string[]; userIds: readonly string[]; unattributed: boolean };
  action?: string;
  actorUserId?: string;
  /** The page after this event, in time order (newest first). */
  before?: { at: string; id: number };
  fromAt?: string;
  toAt?: string;
}

export async function findEvents(db: DbOrTx, filter: EventFilter, limit: number) {
  let q = db.selectFrom('audit_events').selectAll();
  const scope = filter.scope;
  if (scope) {
    q = q.where((eb) => {
      const anonymous = eb('actor_user_id', 'is', null);
      const alternatives = [];
      if (scope.organisationIds.length) alternatives.push(eb('actor_organisation_id', 'in', scope.organisationIds));
      if (scope.userIds.length) alternatives.push(eb.and([anonymous, eb('target_id', 'in', scope.userIds)]));
      if (scope.unattributed) alternatives.push(eb.and([anonymous, eb('target_id', 'is', null)]));
      return alternatives.length ? eb.or(alternatives) : sql<boolean>`1 = 0`;
    });
  }
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.actorUserId) q = q.where('actor_user_id', '=', filter.actorUserId);
  const before = filter.before;
  if (before) q = q.where((eb) => eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]));
  if (filter.fromAt) q = q.where('at', '>=', filter.fromAt);
  if (filter.toAt) q = q.where('at', '<', filter.toAt);
  // By time, newest first; events of one instant in the order they were recorded.
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function findEventTime(db: DbOrTx, id: number): Promise<string | undefined> {
  return (await db.selectFrom('audit_events').select('at').where('id', '=', id).executeTakeFirst())?.at;
}

/** What events name by id, by name: users, plans, and reports (their plan, period and organisation). */
export async function findNames(db: DbOrTx, ids: { users: string[]; plans: string[]; reports: number[] }) {
  const reports = ids.reports.length ? await db.selectFrom('reports').select(['id', 'plan_id', 'period_key', 'organisation_id']).where('id', 'in', ids.reports).execute() : [];
  const planIds = [...new Set([...ids.plans, ...reports.map((r) => r.plan_id)])];
  const [users, plans] = await Promise.all([
    ids.users.length ? db.selectFrom('users').select(['id', 'display_name', 'email', 'organisation_id']).where('id', 'in', ids.users).execute() : Promise.resolve([]),
    planIds.length ? db.selectFrom('plans').select(['id', 'title', 'short_title']).where('id', 'in', planIds).execute() : Promise.resolve([]),
  ]);
  return { users, plans, reports };
}

/** Every event in chain order, a page at a time. */
export async function* allEvents(db: DbOrTx, pageSize = 1000) {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('id', '>', after).orderBy('id').limit(pageSize).execute();
    if (rows.length === 0) return;
    yield* rows;
    after = Number(rows[rows.length - 1]!.id);
  }
}
