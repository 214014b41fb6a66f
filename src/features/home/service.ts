import type { Clock } from '../../clock.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { OutboxState } from '../../db/schema.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { daysBetween, OVERDUE_WINDOW, reminderStage } from '../../domain/reminders.ts';
import { localDateOf } from '../../domain/time.ts';
import type { Principal } from '../auth/service.ts';
import { versionsInStates, type WaitingVersion } from '../consolidation/versions.ts';
import { outboxCounts } from '../mail/service.ts';
import { loadDirectory, type Directory } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import { counted, declinedPeriodsOf, periodGrid, ratesOf, type GridState, type Rates } from '../reports/period.ts';
import * as reports from '../reports/service.ts';
import { pendingInvitations, type PendingInvitation } from '../users/service.ts';
import { countsFor, issuerOf, openFor } from '../instructions/service.ts';

/**
 * Each role's home: what needs the signed-in person now. Everything is computed by the features
 * that own it (deadlines and periods, report states, reviews, rates, versions, invitations, the
 * outbox); this module only picks, bounds and orders. Each list shows at most `LIMIT` items and
 * says how many there are, with a link to the full page.
 *
 * Queries per request, besides the session's (counted by `home.test.ts`, the same on SQLite and
 * PostgreSQL): everyone — the directory (5) and the plans (1); then
 * - executor: `reportsOwedBy` — the plans with their measure counts (1 + 1 per plan reported on),
 *   the organisation's report rows (1), the measures of each begun period (2 per period) — and the
 *   open returns (1, only when a report is returned). Plan 609 with three begun periods: 16.
 * - coordinator: reports awaiting review (1; 2 when there are more than `LIMIT`), versions (1), the
 *   period grid of each period whose deadline is within a week either side (6 each; none outside
 *   those weeks), invitations (4: coordinated plans, their executors, invited users, their roles).
 *   Plan 609 five days before a deadline: 18.
 * - supervisor: versions (1), and the grid of each version waiting for sign-off (6 each, at most
 *   `MAX_RATED`): 7 with none waiting, 13 with one.
 * - admin: the outbox by state (1) and invitations (2, the roles only when someone is invited): 8–9.
 * The lists are bounded (`LIMIT`), the grids by the weeks around a deadline and `MAX_RATED`.
 */

export const LIMIT = 20;
/** Versions waiting for sign-off shown with their period's rates (each costs a period grid). */
export const MAX_RATED = 5;

export interface PeriodRef {
  plan: plans.PlanView;
  period: ReportingPeriod;
}

export interface Bounded<T> {
  items: T[];
  total: number;
}

function bounded<T>(all: readonly T[]): Bounded<T> {
  return { items: all.slice(0, LIMIT), total: all.length };
}

// ---- executor ----------------------------------------------------------------------------------------

export interface DueReport extends PeriodRef {
  state: GridState;
  /** Days to the executors' deadline in the plan's time zone (0: today is the last day; negative: overdue). */
  daysLeft: number;
  measureCount: number;
}

export interface ReturnedReport extends PeriodRef {
  daysLeft: number;
  comments: number;
  returnedAt: string | null;
}

export interface SubmittedReport extends PeriodRef {
  state: GridState;
  submittedAt: string;
  late: boolean;
  onBehalf: boolean;
}

export interface ExecutorHome {
  organisationId: string;
  due: Bounded<DueReport>;
  returned: Bounded<ReturnedReport>;
  submitted: Bounded<SubmittedReport>;
  /** The organisation owes no report in any begun period. */
  owesNothing: boolean;
}

function daysLeft(clock: Clock, ref: PeriodRef): number {
  return daysBetween(localDateOf(clock.now(), ref.plan.schedule.timeZone), ref.period.executorDeadline.date);
}

/** Only the principal's own organisation: an executor never sees another's reports. */
export async function executorHome(db: DbOrTx, directory: Directory, clock: Clock, organisationId: string): Promise<ExecutorHome> {
  const owed = await reports.reportsOwedBy(db, directory, clock, organisationId);
  // A report the coordinator entered from the organisation's letter is theirs to finish, not the executor's.
  const own = owed.filter((r) => !r.onBehalf);
  const returnedRows = own.filter((r) => r.state === 'returned');
  const returns = returnedRows.length ? await reports.openReturnsOf(db, organisationId) : [];
  const byDeadline = (a: PeriodRef, b: PeriodRef) => a.period.executorDeadline.instant.localeCompare(b.period.executorDeadline.instant) || a.plan.title.localeCompare(b.plan.title, 'uk');
  const organisation = directory.organisation(organisationId);
  const declined = organisation?.byConsent ? await declinedPeriodsOf(db, organisationId) : new Set<string>();
  // What is owed now: not a period the body declined by letter, and not a report never begun long
  // after its deadline where silence is no breach (a body reporting by consent) or the plan is
  // closed — those stay under "Мої звіти".
  const stillOwed = (r: (typeof own)[number]) =>
    !declined.has(`${r.plan.id}:${r.period.key}`) && !(r.state === 'not_started' && daysLeft(clock, r) < -OVERDUE_WINDOW && (organisation?.byConsent || r.plan.state !== 'active'));
  const due = own
    .filter((r) => (r.state === 'not_started' || r.state === 'draft') && stillOwed(r))
    .map((r) => ({ plan: r.plan, period: r.period, state: r.state, daysLeft: daysLeft(clock, r), measureCount: r.measureCount }))
    .sort(byDeadline);
  const returned = returnedRows
    .map((r) => {
      const ret = returns.find((x) => x.planId === r.plan.id && x.periodKey === r.period.key);
      return { plan: r.plan, period: r.period, daysLeft: daysLeft(clock, r), comments: ret?.comments ?? 0, returnedAt: ret?.returnedAt ?? null };
    })
    .sort(byDeadline);
  const submitted = owed
    .filter((r) => r.submittedAt && (r.state === 'submitted' || r.state === 'accepted' || (r.onBehalf && r.state !== 'draft')))
    .map((r) => ({ plan: r.plan, period: r.period, state: r.state, submittedAt: r.submittedAt!, late: r.late, onBehalf: r.onBehalf }))
    .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  return { organisationId, due: bounded(due), returned: bounded(returned), submitted: bounded(submitted), owesNothing: owed.length === 0 };
}

// ---- coordinator ------------------------------------------------------------------------------------

export interface SilentOrganisation extends PeriodRef {
  organisationId: string;
  state: GridState;
  byConsent: boolean;
  daysLeft: number;
}

export interface VersionItem extends PeriodRef {
  version: WaitingVersion;
}

export interface CoordinatorHome {
  /** Plans the organisation coordinates, in any state (none: a new installation or organisation). */
  coordinatedPlans: number;
  /** Of those, plans in force or closed (reports are written on them). */
  reportedPlans: number;
  awaiting: Bounded<reports.AwaitingReview & PeriodRef>;
  /** Periods whose executors' deadline is within a week either side, with who has not reported. */
  nearDeadlines: (PeriodRef & { daysLeft: number; expected: number; missing: number })[];
  silent: Bounded<SilentOrganisation>;
  toApprove: Bounded<VersionItem>;
  toSend: Bounded<VersionItem>;
}

function refOf(all: readonly plans.PlanView[], planId: string, periodKey: string): PeriodRef | undefined {
  const plan = all.find((p) => p.id === planId);
  const period = plan && reports.periodByKey(plan, periodKey);
  return plan && period ? { plan, period } : undefined;
}

export async function coordinatorHome(db: DbOrTx, directory: Directory, clock: Clock, allPlans: readonly plans.PlanView[], organisationId: string): Promise<CoordinatorHome> {
  const coordinated = allPlans.filter((p) => p.coordinatorOrganisationId === organisationId);
  const reported = coordinated.filter((p) => reports.plansReportedOn(p.state));
  const ids = reported.map((p) => p.id);
  const [awaiting, versions] = await Promise.all([reports.awaitingReview(db, reported, LIMIT), versionsInStates(db, ids, ['draft', 'signed'])]);

  // Who has not reported, where the deadline is within the reminders' weeks (the week before, the week after).
  const near: (PeriodRef & { daysLeft: number; expected: number; missing: number })[] = [];
  const silent: SilentOrganisation[] = [];
  for (const plan of reported) {
    const today = localDateOf(clock.now(), plan.schedule.timeZone);
    for (const period of reports.periodsOf(plan)) {
      if (!reports.periodOpen(plan, period, clock) || reminderStage(today, period.executorDeadline.date, plan.reminderDays) === null) continue;
      const grid = await periodGrid(db, directory, plan, period);
      const left = daysBetween(today, period.executorDeadline.date);
      const missing = grid.rows.filter((row) => !counted(row) && row.consent?.answer !== 'declined');
      near.push({ plan, period, daysLeft: left, expected: grid.rows.length, missing: missing.length });
      for (const row of missing) silent.push({ plan, period, organisationId: row.organisation.id, state: row.state, byConsent: row.byConsent, daysLeft: left });
    }
  }
  // Subordinate executors before bodies by consent (whose silence is no breach), then by name.
  silent.sort((a, b) => a.daysLeft - b.daysLeft || Number(a.byConsent) - Number(b.byConsent) || (directory.organisation(a.organisationId)?.name ?? '').localeCompare(directory.organisation(b.organisationId)?.name ?? '', 'uk'));

  const withRef = (v: WaitingVersion) => {
    const ref = refOf(reported, v.planId, v.periodKey);
    return ref ? [{ ...ref, version: v }] : [];
  };
  return {
    coordinatedPlans: coordinated.length,
    reportedPlans: reported.length,
    awaiting: {
      items: awaiting.items.flatMap((a) => {
        const ref = refOf(reported, a.planId, a.periodKey);
        return ref ? [{ ...a, ...ref }] : [];
      }),
      total: awaiting.total,
    },
    nearDeadlines: near,
    silent: bounded(silent),
    toApprove: bounded(versions.filter((v) => v.state === 'draft').flatMap(withRef)),
    toSend: bounded(versions.filter((v) => v.state === 'signed').flatMap(withRef)),
  };
}

// ---- supervisor -------------------------------------------------------------------------------------

export interface SupervisorHome {
  supervisedPlans: number;
  toSign: Bounded<VersionItem & { rates: Rates | null }>;
}

/** The plans the organisation owns (as the report pages decide a supervisor's reach). */
export async function supervisorHome(db: DbOrTx, directory: Directory, allPlans: readonly plans.PlanView[], organisationId: string): Promise<SupervisorHome> {
  const owned = allPlans.filter((p) => p.ownerOrganisationId === organisationId && reports.plansReportedOn(p.state));
  const waiting = (await versionsInStates(db, owned.map((p) => p.id), ['approved'])).filter((v) => !v.returned);
  const items: (VersionItem & { rates: Rates | null })[] = [];
  for (const v of waiting) {
    const ref = refOf(owned, v.planId, v.periodKey);
    if (!ref) continue;
    // The rates as the consolidation and the period grid give them.
    const rates = items.length < MAX_RATED ? ratesOf((await periodGrid(db, directory, ref.plan, ref.period)).rows) : null;
    items.push({ ...ref, version: v, rates });
  }
  return { supervisedPlans: owned.length, toSign: bounded(items) };
}

// ---- administrator ----------------------------------------------------------------------------------

export interface AdminHome {
  outbox: Record<OutboxState, number>;
}

export async function adminHome(db: DbOrTx, directory: Directory, principal: Principal): Promise<AdminHome> {
  return { outbox: await outboxCounts(db, principal, directory) };
}

export async function invitationsHome(db: DbOrTx, directory: Directory, principal: Principal): Promise<Bounded<PendingInvitation>> {
  return pendingInvitations(db, principal, directory, LIMIT);
}

// ---- the page ----------------------------------------------------------------------------------------

/** A district administration's communities in a plan's latest begun period: how many have submitted. */
export interface DistrictPeriod extends PeriodRef {
  expected: number;
  submitted: number;
  accepted: number;
  /** Two-level cycle: submitted reports waiting for the district's review (0 in a plan without it). */
  awaiting: number;
}

/**
 * For an organisation others report to ("Звітує до": a district administration), each plan's
 * * period being reported on (the latest ended, else the running one) in which they owe reports, with how many have submitted (never a draft's
 * content). Empty for an organisation nobody reports to.
 */
export async function districtHome(db: DbOrTx, directory: Directory, clock: Clock, allPlans: readonly plans.PlanView[], organisationId: string): Promise<DistrictPeriod[]> {
  const children = new Set(directory.organisations.filter((o) => !o.mergedInto && o.parentId === organisationId).map((o) => o.id));
  if (children.size === 0) return [];
  const out: DistrictPeriod[] = [];
  for (const plan of allPlans.filter((x) => reports.plansReportedOn(x.state))) {
    // The period being reported on (the latest that has ended), and the running one once something in it is submitted.
    const begun = reports.periodsOf(plan).filter((x) => reports.periodOpen(plan, x, clock));
    const today = localDateOf(clock.now(), plan.schedule.timeZone);
    const ended = begun.filter((x) => x.end < today).at(-1);
    const running = begun.find((x) => x.end >= today);
    for (const period of [running, ended]) {
      if (!period) continue;
      const owing = [...reports.expectedReports(await reports.periodMeasures(db, plan, period), directory).keys()].filter((id) => children.has(id));
      if (owing.length === 0) continue;
      const heads = await reports.reportsOfPeriod(db, plan.id, period.key);
      const states = owing.map((id) => heads.get(id)?.state);
      const submitted = states.filter((x) => x === 'submitted' || x === 'accepted').length;
      if (period === running && ended && submitted === 0) continue;
      // The district's own report never waits for itself; its communities' do, in a plan with the two-level cycle.
      const awaiting = plan.districtReview ? owing.filter((id) => heads.get(id)?.state === 'submitted' && !heads.get(id)?.forwardedAt && directory.organisation(id)?.kind !== 'district_administration').length : 0;
      out.push({ plan, period, expected: owing.length, submitted, accepted: states.filter((x) => x === 'accepted').length, awaiting });
    }
  }
  return out;
}

/** Control instructions on the home: those to carry out (an executor's), and the counts on the plans the principal issues them on. */
export interface InstructionsHome {
  toDo: Awaited<ReturnType<typeof openFor>>;
  issuing: { plan: plans.PlanView; issued: number; overdue: number; answered: number }[];
}

export interface Home {
  directory: Directory;
  /** No plan at all: a new installation. */
  noPlans: boolean;
  executor: ExecutorHome | null;
  /** The communities reporting to the principal's organisation, by plan (a district administration's). */
  district: DistrictPeriod[];
  instructions: InstructionsHome;
  coordinator: CoordinatorHome | null;
  supervisor: SupervisorHome | null;
  admin: AdminHome | null;
  invitations: Bounded<PendingInvitation> | null;
  /** Plans reported on that the principal oversees (coordinates, or supervises as the owner): their dashboards. */
  overseen: plans.PlanView[];
}

/** What the principal's roles ask of them now: each part only for the role that holds its permission. */
export async function homeOf(db: DbOrTx, clock: Clock, principal: Principal): Promise<Home> {
  const p = principal.permissions;
  const [directory, allPlans] = await Promise.all([loadDirectory(db), plans.listPlanViews(db)]);
  const org = principal.organisationId;
  const [executor, district, coordinator, supervisor, admin, invitations] = await Promise.all([
    p.has('report.edit') ? executorHome(db, directory, clock, org) : null,
    p.has('report.read-subordinate') ? districtHome(db, directory, clock, allPlans, org) : [],
    p.has('report.review') ? coordinatorHome(db, directory, clock, allPlans, org) : null,
    p.has('consolidation.sign') ? supervisorHome(db, directory, allPlans, org) : null,
    p.has('mail.outbox') ? adminHome(db, directory, principal) : null,
    p.has('users.manage') ? invitationsHome(db, directory, principal) : null,
  ]);
  const issuing: InstructionsHome['issuing'] = [];
  for (const plan of allPlans.filter((x) => x.state !== 'draft' && issuerOf(principal, x))) {
    const counts = await countsFor(db, [plan.id], localDateOf(clock.now(), plan.schedule.timeZone));
    if (counts.issued + counts.answered > 0) issuing.push({ plan, ...counts });
  }
  const instructions: InstructionsHome = { toDo: p.has('report.edit') ? await openFor(db, org) : [], issuing };
  const overseen = p.has('report.read-submitted') ? allPlans.filter((x) => reports.plansReportedOn(x.state) && (x.coordinatorOrganisationId === org || x.ownerOrganisationId === org)) : [];
  return { directory, noPlans: allPlans.length === 0, executor, district, instructions, coordinator, supervisor, admin, invitations, overseen };
}
