import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { addDays } from '../../domain/dates.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { daysBetween, OVERDUE_WINDOW, reminderStage, type ReminderStage } from '../../domain/reminders.ts';
import { DEFAULT_TIME_ZONE, localDateOf } from '../../domain/time.ts';
import { issueToken } from '../auth/service.ts';
import { listVersions } from '../consolidation/versions.ts';
import { accountStates, type AccountState } from '../invitations/service.ts';
import { loadDirectory, type Directory, type OrganisationView } from '../organisations/service.ts';
import { listPlans, type PlanView } from '../plans/service.ts';
import { expectedReports, periodMeasures, periodsOf, plansReportedOn, reportsOfPeriod } from '../reports/service.ts';
import { counted, declinedBodies, periodGrid, type GridRow } from '../reports/period.ts';
import type { DigestParams, MessageParams, SummaryParams } from './compose.tsx';
import { enqueue, notifyOrganisation } from './outbox.ts';
import { hasMessage } from './repository.ts';

/**
 * Reminders are computed from the plans, never kept by hand: for every reported plan and every
 * period whose executors' deadline is near or just past, each organisation that owes a report
 * and has not submitted it hears about it — on the days before the deadline the plan names, and
 * the day after — once per stage (a dedupe key per plan, period, organisation, stage and person),
 * so running this again, or from two processes, writes nothing new. An organisation without an
 * active account is reached through its directory contact (with a fresh invitation link when it
 * was invited). The coordinating department gets a digest of each day of the collection and a
 * notice when every expected report is in; the supervising administration a summary once the
 * consolidation deadline has passed.
 */
export async function composeReminders(db: Db, clock: Clock, options: { invitationDays?: number } = {}): Promise<{ written: number }> {
  const now = clock.now();
  let written = 0;
  const directory = await loadDirectory(db);
  const plans = (await listPlans(db, localDateOf(now, DEFAULT_TIME_ZONE))).filter((p) => plansReportedOn(p.state));
  for (const plan of plans) {
    const today = localDateOf(now, plan.schedule.timeZone);
    for (const period of periodsOf(plan)) {
      const deadline = period.executorDeadline.date;
      const stage = reminderStage(today, deadline, plan.reminderDays);
      if (stage) written += await remindExecutors(db, clock, directory, plan, period, today, stage, options.invitationDays ?? 14);
      written += await tellCoordinators(db, clock, directory, plan, period, today);
    }
  }
  return { written };
}

async function remindExecutors(db: Db, clock: Clock, directory: Directory, plan: PlanView, period: ReportingPeriod, today: string, stage: ReminderStage, invitationDays: number): Promise<number> {
  const deadline = period.executorDeadline.date;
  const measures = await periodMeasures(db, plan, period);
  const owed = expectedReports(measures, directory);
  const heads = await reportsOfPeriod(db, plan.id, period.key);
  const declined = await declinedBodies(db, plan.id, period.key);
  const accounts = await accountStates(db, clock, [...owed.keys()]);
  const coordinator = directory.organisation(plan.coordinatorOrganisationId);
  const invited: (() => Promise<number>)[] = [];
  const written = await writeTransaction(db, async (tx) => {
    let written = 0;
    for (const [organisationId, measureIds] of owed) {
      const head = heads.get(organisationId);
      if (head && (head.state === 'submitted' || head.state === 'accepted')) continue;
      // A body reporting by consent that declined is not asked again.
      if (declined.has(organisationId)) continue;
      const organisation = directory.organisation(organisationId);
      if (!organisation) continue;
      const byConsent = organisation.byConsent;
      const base = { planId: plan.id, plan: plan.title, periodKey: period.key, periodLabel: period.label, periodYear: period.year, organisationId, organisation: organisation.name, deadline, byConsent };
      const key = `reminder:${plan.id}:${period.key}:${organisationId}:${stage}`;
      const daysLeft = daysBetween(today, deadline);
      const account = accounts.get(organisationId) ?? { kind: 'none' as const };
      if (account.kind !== 'active') {
        const p = { ...base, daysLeft, coordinator: coordinator?.name || '—', coordinatorEmail: coordinator?.email ?? null };
        // An invited person's reminder makes a new link: each in a transaction of its own.
        if (account.kind === 'invited') invited.push(() => remindInvited(db, clock, plan, organisation, account, p, key, invitationDays));
        else written += await remindContact(tx, clock, organisation, account, p, key);
        continue;
      }
      if (stage === 'overdue') {
        written += await notifyOrganisation(tx, clock, byConsent ? 'report.overdueRequest' : 'report.overdue', base, organisationId, key);
      } else {
        const started = head ? (head.state === 'returned' ? 'returned' : 'yes') : 'no';
        written += await notifyOrganisation(tx, clock, 'report.reminder', { ...base, daysLeft: Math.max(0, daysLeft), started, total: measureIds.length }, organisationId, key);
      }
    }
    return written;
  });
  let more = 0;
  for (const task of invited) more += await task();
  return written + more;
}

/**
 * An organisation no one signs in for: an invited person gets a new link (the earlier ones stop
 * working), else the directory's contact gets the reminder with how to report without an account.
 * An invitation the coordinator revoked is left alone (a wrong address, a person who left).
 */
async function remindContact(tx: DbOrTx, clock: Clock, o: OrganisationView, account: AccountState, p: Omit<MessageParams['report.reminderContact'], 'token' | 'expires'>, key: string): Promise<number> {
  if (account.kind === 'revoked' || !o.email?.trim()) return 0;
  const ok = await enqueue(tx, clock, 'report.reminderContact', { ...p, token: null, expires: null }, { address: o.email.trim().toLowerCase(), name: o.contactPerson, userId: null, organisationId: o.id, locale: 'uk' }, { dedupeKey: `${key}:contact` });
  return ok ? 1 : 0;
}

async function remindInvited(db: Db, clock: Clock, plan: PlanView, o: OrganisationView, account: Extract<AccountState, { kind: 'invited' }>, p: Omit<MessageParams['report.reminderContact'], 'token' | 'expires'>, key: string, invitationDays: number): Promise<number> {
  const dedupeKey = `${key}:contact`;
  try {
    return await writeTransaction(db, async (tx) => {
      // Already sent (the scheduler runs every few minutes): no new link.
      if (await hasMessage(tx, dedupeKey)) return 0;
      const token = await issueToken(tx, clock, account.userId, 'invitation', null, invitationDays * 24);
      const expires = localDateOf(new Date(clock.now().getTime() + invitationDays * 86_400_000), plan.schedule.timeZone);
      const ok = await enqueue(tx, clock, 'report.reminderContact', { ...p, token, expires }, { address: account.email, name: account.name, userId: account.userId, organisationId: o.id, locale: 'uk' }, { dedupeKey });
      // Another server was first: roll the new link back, the one it mailed stays valid.
      if (!ok) throw new AlreadyReminded();
      return 1;
    });
  } catch (err) {
    if (err instanceof AlreadyReminded) return 0;
    throw err;
  }
}

/** Thrown to roll back a link made for a reminder that had already gone. */
class AlreadyReminded extends Error {}

/** In the collection window, a digest of yesterday; when all is in, one notice; after the consolidation deadline, the summary. */
async function tellCoordinators(db: Db, clock: Clock, directory: Directory, plan: PlanView, period: ReportingPeriod, today: string): Promise<number> {
  const deadline = period.executorDeadline.date;
  const yesterday = addDays(today, -1);
  const first = addDays(deadline, -Math.max(0, ...plan.reminderDays));
  const inWindow = yesterday > period.end && yesterday >= first && yesterday <= period.consolidationDeadline.date;
  const afterConsolidation = daysBetween(period.consolidationDeadline.date, today);
  const summaryDue = afterConsolidation >= 1 && afterConsolidation <= OVERDUE_WINDOW;
  if (!inWindow && !summaryDue && !(today > period.end && today <= period.consolidationDeadline.date)) return 0;
  const grid = await periodGrid(db, directory, plan, period);
  if (grid.rows.length === 0) return 0;
  const isIn = (r: GridRow) => counted(r) || (r.byConsent && r.consent?.answer === 'declined');
  const missing = grid.rows.filter((r) => !isIn(r));
  const submittedRows = grid.rows.filter(counted);
  const dayOf = (instant: string | null) => (instant ? localDateOf(new Date(instant), plan.schedule.timeZone) : null);
  const base = { planId: plan.id, plan: plan.title, periodKey: period.key, periodLabel: period.label, periodYear: period.year, deadline };
  let written = 0;
  await writeTransaction(db, async (tx) => {
    if (missing.length === 0) {
      const thatDay = submittedRows.filter((r) => dayOf(r.lastSubmittedAt) === today);
      const params: DigestParams = { ...base, day: today, expected: grid.rows.length, submittedThatDay: [], submittedThatDayCount: thatDay.length, submitted: submittedRows.length, missing: [], missingCount: 0, late: submittedRows.filter((r) => r.late).length };
      written += await notifyOrganisation(tx, clock, 'period.allIn', params, plan.coordinatorOrganisationId, `allin:${plan.id}:${period.key}`, ['coordinator']);
    } else if (inWindow) {
      const thatDay = submittedRows.filter((r) => dayOf(r.lastSubmittedAt) === yesterday);
      const params: DigestParams = {
        ...base,
        day: yesterday,
        expected: grid.rows.length,
        submittedThatDay: thatDay.slice(0, LIST_CAP).map((r) => r.organisation.name),
        submittedThatDayCount: thatDay.length,
        submitted: submittedRows.length,
        // Subordinate executors first: their silence is a breach, a by-consent body's is not.
        missing: [...missing.filter((r) => !r.byConsent), ...missing.filter((r) => r.byConsent)].slice(0, LIST_CAP).map((r) => r.organisation.name),
        missingCount: missing.length,
        late: submittedRows.filter((r) => r.late).length,
      };
      written += await notifyOrganisation(tx, clock, 'period.digest', params, plan.coordinatorOrganisationId, `digest:${plan.id}:${period.key}:${yesterday}`, ['coordinator']);
    }
    if (summaryDue) {
      const versions = await listVersions(tx, plan.id, period.key);
      const standing = versions.filter((v) => v.state !== 'draft' && !v.returned).sort((a, b) => b.number - a.number)[0];
      const params: SummaryParams = {
        ...base,
        deadline: period.consolidationDeadline.date,
        expected: grid.rows.length,
        submitted: submittedRows.length,
        accepted: grid.rows.filter((r) => r.state === 'accepted').length,
        approved: standing?.number ?? 0,
        signed: standing ? standing.state === 'signed' || standing.state === 'sent' : false,
      };
      written += await notifyOrganisation(tx, clock, 'period.summary', params, plan.ownerOrganisationId, `summary:${plan.id}:${period.key}`, ['supervisor']);
    }
  });
  return written;
}

/** How many names a digest lists before "… (+N)". */
const LIST_CAP = 30;

export interface Scheduler {
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Runs the reminders at start and every few minutes in the server process. */
export function startScheduler(db: Db, clock: Clock, log: Log, everyMs = 5 * 60_000, invitationDays = 14): Scheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        const r = await composeReminders(db, clock, { invitationDays });
        if (r.written > 0) log.info(r, 'reminders written');
      } catch (err) {
        log.error({ err }, 'reminders failed');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void run();
  }, everyMs);
  timer.unref();
  void run();
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
