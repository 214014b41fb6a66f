import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { isPostgresDb, writeTransaction } from '../../db/transaction.ts';
import { localDateOf } from '../../domain/time.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import { issueToken, voidLinks } from '../auth/service.ts';
import { composeMessage, type Composed, type InvitationParams } from '../mail/compose.tsx';
import { enqueue } from '../mail/outbox.ts';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import { planExecutorOrganisations, type PlanView } from '../plans/service.ts';
import { createUser } from '../users/service.ts';
import * as repo from './repository.ts';

/**
 * Onboarding a plan's executors: every executor organisation's contact from the directory is
 * invited in one action (an account with the executor role and an e-mail with a link valid for
 * `config.invitationDays`), with a preview of who gets what; then a resend or a revoke per
 * organisation. A body reporting by consent that chose to go on reporting by letter is left out
 * until the coordinator asks again.
 */

export type AccountState =
  | { kind: 'active'; users: number; lastSignInAt: string | null }
  | { kind: 'invited'; userId: string; email: string; name: string; invitedAt: string; expiresAt: string | null; expired: boolean }
  | { kind: 'revoked'; userId: string; email: string; name: string }
  | { kind: 'none' };

/**
 * Each organisation's executor accounts, summed up: active (the latest sign-in), invited and not
 * yet accepted (when, and until when the link works), an invitation revoked, or none. Two queries.
 */
export async function accountStates(db: DbOrTx, clock: Clock, organisationIds: readonly string[]): Promise<Map<string, AccountState>> {
  const states = new Map<string, AccountState>();
  if (organisationIds.length === 0) return states;
  const users = await repo.executorAccounts(db, organisationIds);
  const pendingIds = users.filter((u) => !u.has_password).map((u) => u.id);
  const links = new Map((await repo.latestInvitations(db, pendingIds)).map((l) => [l.user_id, l]));
  const now = clock.now().toISOString();
  const byOrganisation = new Map<string, typeof users>();
  for (const u of users) byOrganisation.set(u.organisation_id, [...(byOrganisation.get(u.organisation_id) ?? []), u]);
  for (const id of organisationIds) {
    const list = byOrganisation.get(id) ?? [];
    const active = list.filter((u) => u.has_password && !u.disabled_at);
    if (active.length) {
      const last = active.map((u) => u.last_sign_in_at).filter((x): x is string => Boolean(x)).sort().at(-1) ?? null;
      states.set(id, { kind: 'active', users: active.length, lastSignInAt: last });
      continue;
    }
    const invited = list.filter((u) => !u.has_password && !u.disabled_at).sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
    if (invited) {
      const link = links.get(invited.id);
      const expiresAt = link?.expires_at ?? null;
      states.set(id, { kind: 'invited', userId: invited.id, email: invited.email, name: invited.display_name, invitedAt: link?.created_at ?? invited.created_at, expiresAt, expired: !expiresAt || expiresAt <= now });
      continue;
    }
    const revoked = list.filter((u) => !u.has_password && u.disabled_at).sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
    states.set(id, revoked ? { kind: 'revoked', userId: revoked.id, email: revoked.email, name: revoked.display_name } : { kind: 'none' });
  }
  return states;
}

/** What the bulk invitation does for an organisation, or why it leaves it out. */
export type InvitationPlan = 'invite' | 'noEmail' | 'emailTaken' | 'declined' | 'active' | 'invited' | 'revoked';

export interface InvitationRow {
  organisation: OrganisationView;
  account: AccountState;
  plan: InvitationPlan;
  /** The user the contact's address already belongs to (at another organisation, or disabled). */
  takenBy: string | null;
}

export interface InvitationOverview {
  rows: InvitationRow[];
  counts: Record<InvitationPlan, number>;
  /** The first invitation as it would be sent (the link not yet made). */
  sample: Composed | null;
  expires: string;
}

function lastDay(clock: Clock, plan: PlanView, days: number): string {
  return localDateOf(new Date(clock.now().getTime() + days * 86_400_000), plan.schedule.timeZone);
}

function paramsFor(plan: PlanView, directory: Directory, o: OrganisationView, token: string, expires: string): InvitationParams {
  const coordinator = directory.organisation(plan.coordinatorOrganisationId);
  return { token, planId: plan.id, plan: plan.title, organisationId: o.id, organisation: o.name, coordinator: coordinator?.name || '—', coordinatorEmail: coordinator?.email ?? null, expires, byConsent: o.byConsent };
}

export async function planInvitations(db: DbOrTx, clock: Clock, directory: Directory, plan: PlanView, config: Pick<Config, 'invitationDays' | 'baseUrl'>): Promise<InvitationOverview> {
  const ids = await planExecutorOrganisations(db, directory, plan.id);
  const states = await accountStates(db, clock, ids);
  const contacts = ids.map((id) => directory.organisation(id)?.email?.trim().toLowerCase()).filter((x): x is string => Boolean(x));
  const owners = await repo.usersByEmail(db, contacts);
  const rows: InvitationRow[] = [];
  const counts: Record<InvitationPlan, number> = { invite: 0, noEmail: 0, emailTaken: 0, declined: 0, active: 0, invited: 0, revoked: 0 };
  for (const id of ids) {
    const o = directory.organisation(id);
    if (!o) continue;
    const account = states.get(id) ?? { kind: 'none' as const };
    const email = o.email?.trim().toLowerCase() ?? '';
    const owner = email ? owners.get(email) : undefined;
    let p: InvitationPlan;
    if (account.kind !== 'none') p = account.kind;
    else if (o.byConsent && o.declinedZvitAt) p = 'declined';
    else if (!email) p = 'noEmail';
    else if (owner) p = 'emailTaken';
    else p = 'invite';
    counts[p]++;
    rows.push({ organisation: o, account, plan: p, takenBy: owner ? `${owner.display_name} (${directory.organisation(owner.organisation_id)?.name ?? owner.organisation_id})` : null });
  }
  const expires = lastDay(clock, plan, config.invitationDays);
  const first = rows.find((r) => r.plan === 'invite');
  const sample = first ? composeMessage('invitation', paramsFor(plan, directory, first.organisation, '…', expires), 'uk', config.baseUrl) : null;
  return { rows, counts, sample, expires };
}

/** Creates the account and writes the e-mail for one organisation, inside the caller's transaction. */
async function inviteOrganisation(tx: DbOrTx, clock: Clock, actor: AuditActor, directory: Directory, plan: PlanView, o: OrganisationView, days: number, via: 'bulk' | 'single'): Promise<boolean> {
  // One invitation at a time per organisation: a second sender (a double click, another server)
  // waits here and then finds the account the first one made.
  await repo.lockOrganisation(tx, o.id, isPostgresDb(tx));
  const email = o.email?.trim().toLowerCase();
  if (!email) return false;
  if ((await repo.openExecutorAccounts(tx, o.id)) > 0) return false;
  if ((await repo.usersByEmail(tx, [email])).size > 0) return false;
  const userId = await createUser(tx, clock, { memoryCost: 0, timeCost: 0 }, { email, displayName: o.contactPerson?.trim() || o.name, organisationId: o.id, roles: ['executor'], password: null, totpSecret: null });
  const token = await issueToken(tx, clock, userId, 'invitation', actor.userId, days * 24);
  const expires = lastDay(clock, plan, days);
  await enqueue(tx, clock, 'invitation', paramsFor(plan, directory, o, token, expires), { address: email, name: o.contactPerson?.trim() || null, userId, organisationId: o.id, locale: 'uk' });
  await recordEvent(tx, clock, actor, { action: 'user.invited', targetType: 'user', targetId: userId, details: { email, organisationId: o.id, role: 'executor', plan: plan.id, via } });
  return true;
}

/** Invites every organisation the preview marks "invite". Answers how many were invited. */
export async function sendInvitations(db: Db, clock: Clock, actor: AuditActor, directory: Directory, plan: PlanView, config: Pick<Config, 'invitationDays' | 'baseUrl'>): Promise<{ invited: number }> {
  const overview = await planInvitations(db, clock, directory, plan, config);
  const targets = overview.rows.filter((r) => r.plan === 'invite').map((r) => r.organisation);
  let invited = 0;
  // In slices: a region's 77 executors, or a ministry's thousands, never hold one long write lock.
  for (let i = 0; i < targets.length; i += 50) {
    invited += await writeTransaction(db, async (tx) => {
      let n = 0;
      for (const o of targets.slice(i, i + 50)) if (await inviteOrganisation(tx, clock, actor, directory, plan, o, config.invitationDays, 'bulk')) n++;
      return n;
    });
  }
  return { invited };
}

export type SingleResult = 'invited' | 'resent' | 'revoked' | 'declined' | 'undeclined' | 'stale' | 'noEmail';

/** Invites one organisation the bulk action leaves out (declined, revoked) because the coordinator asks. */
export async function inviteOne(db: Db, clock: Clock, actor: AuditActor, directory: Directory, plan: PlanView, organisationId: string, days: number): Promise<SingleResult> {
  const o = directory.organisation(organisationId);
  if (!o) return 'stale';
  if (!o.email?.trim()) return 'noEmail';
  return writeTransaction(db, async (tx) => {
    const states = await accountStates(tx, clock, [organisationId]);
    const state = states.get(organisationId)!;
    if (state.kind === 'revoked') {
      // The same person again: their account comes back with a new link.
      await repo.lockOrganisation(tx, o.id, isPostgresDb(tx));
      if (!(await repo.reopenInvitedUser(tx, state.userId, clock.now().toISOString()))) return 'stale';
      await resendTo(tx, clock, actor, directory, plan, o, state.userId, state.email, state.name, days);
      return 'invited';
    }
    if (state.kind !== 'none') return 'stale';
    if (o.declinedZvitAt) await repo.setDeclined(tx, o.id, null, null);
    return (await inviteOrganisation(tx, clock, actor, directory, plan, o, days, 'single')) ? 'invited' : 'stale';
  });
}

async function resendTo(tx: DbOrTx, clock: Clock, actor: AuditActor, directory: Directory, plan: PlanView, o: OrganisationView, userId: string, email: string, name: string, days: number): Promise<void> {
  const token = await issueToken(tx, clock, userId, 'invitation', actor.userId, days * 24);
  await enqueue(tx, clock, 'invitation', paramsFor(plan, directory, o, token, lastDay(clock, plan, days)), { address: email, name, userId, organisationId: o.id, locale: 'uk' });
  await recordEvent(tx, clock, actor, { action: 'user.invited', targetType: 'user', targetId: userId, details: { email, organisationId: o.id, role: 'executor', plan: plan.id, via: 'resend' } });
}

/** How soon after an invitation another one is sent again: sooner is taken for a double click. */
export const RESEND_PAUSE_MS = 60_000;

/** A new link (the earlier ones stop working) and a new e-mail to the person invited. */
export async function resendInvitation(db: Db, clock: Clock, actor: AuditActor, directory: Directory, plan: PlanView, organisationId: string, days: number): Promise<SingleResult> {
  const o = directory.organisation(organisationId);
  if (!o) return 'stale';
  return writeTransaction(db, async (tx) => {
    await repo.lockOrganisation(tx, o.id, isPostgresDb(tx));
    const state = (await accountStates(tx, clock, [organisationId])).get(organisationId)!;
    if (state.kind !== 'invited') return 'stale';
    // A double click (or a second coordinator at the same moment) sends one letter, not two.
    if (clock.now().getTime() - new Date(state.invitedAt).getTime() < RESEND_PAUSE_MS) return 'resent';
    await resendTo(tx, clock, actor, directory, plan, o, state.userId, state.email, state.name, days);
    return 'resent';
  });
}

/** The link stops working and the account is closed (a wrong address, a person who left). */
export async function revokeInvitation(db: Db, clock: Clock, actor: AuditActor, directory: Directory, plan: PlanView, organisationId: string): Promise<SingleResult> {
  if (!directory.organisation(organisationId)) return 'stale';
  return writeTransaction(db, async (tx) => {
    await repo.lockOrganisation(tx, organisationId, isPostgresDb(tx));
    const state = (await accountStates(tx, clock, [organisationId])).get(organisationId)!;
    if (state.kind !== 'invited') return 'stale';
    const now = clock.now().toISOString();
    // Only an account still without a password: one accepted meanwhile is not touched.
    if (!(await repo.closeInvitedUser(tx, state.userId, now))) return 'stale';
    await voidLinks(tx, clock, state.userId);
    await recordEvent(tx, clock, actor, { action: 'user.invitation_revoked', targetType: 'user', targetId: state.userId, details: { email: state.email, organisationId, plan: plan.id } });
    return 'revoked';
  });
}

/** A body reporting by consent chose to go on by letter (or changed its mind). */
export async function setDeclined(db: Db, clock: Clock, actor: AuditActor, directory: Directory, plan: PlanView, organisationId: string, declined: boolean): Promise<SingleResult> {
  const o = directory.organisation(organisationId);
  if (!o || !o.byConsent) return 'stale';
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    // Only a body nobody was invited from (or whose invitation was revoked): one with an open
    // invitation or an account is revoked or left as it is first.
    if (declined) {
      await repo.lockOrganisation(tx, organisationId, isPostgresDb(tx));
      const state = (await accountStates(tx, clock, [organisationId])).get(organisationId)!;
      if (state.kind !== 'none' && state.kind !== 'revoked') return 'stale';
    }
    if (!(await repo.setDeclined(tx, organisationId, declined ? now : null, declined ? actor.userId : null, declined))) return 'stale';
    await recordEvent(tx, clock, actor, { action: 'organisation.declined_zvit', targetType: 'organisation', targetId: organisationId, details: { declined, plan: plan.id } });
    return declined ? 'declined' : 'undeclined';
  });
}
