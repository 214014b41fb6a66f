import { adjustableClock, type Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { addDays, compareLocalDates, formatLocalDate, type LocalDate } from '../../domain/dates.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import type { EntryState } from '../../domain/reports.ts';
import { localDateOf } from '../../domain/time.ts';
import { parseDeadline } from '../../domain/deadline.ts';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/service.ts';
import { loadDirectory, type Directory, type OrganisationView } from '../organisations/service.ts';
import { copyPlan } from '../plans/lifecycle.ts';
import { getPlan, type PlanView } from '../plans/service.ts';
import { activatePlan, changePlanState } from '../plans/activation.ts';
import { periodGrid, recordConsent } from '../reports/period.ts';
import { awaitingDistrict, expectedReports, forwardReport, loadReport, periodMeasures, periodsOf, reviewReport, startOnBehalf, submitReport, writeEntries, type OwedMeasure, type ReportView } from '../reports/service.ts';
import { activityOf, narrativeOf, notHeldReason, OPENINGS, RETURN_COMMENTS } from './texts.ts';

/**
 * A living reporting cycle for the demo (`npm start` on a new database): the half-years of plan
 * 609 whose deadline has passed, with reports written from templates — accepted, some late, some
 * returned once, some entered on behalf from a letter, some communities silent or declining — and,
 * once plan 609 has ended, its successor for 2026–2030 (marked as a demo) whose current period is
 * under way. Deterministic: every choice comes from a hash of a fixed seed, the period and the
 * organisation; every date from the clock given.
 */

export const DEMO_SOURCE_PLAN = 'poltava-ctb-2023-2025';
const SEED = 609;

/** A number in [0, 1) from the seed and the parts named (FNV-1a, then a mulberry32 step). */
export function chance(...parts: (string | number)[]): number {
  let h = 2166136261 ^ SEED;
  for (const ch of parts.join('|')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 16777619);
  }
  let t = (h += 0x6d2b79f5);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const pick = <T>(list: readonly T[], ...parts: (string | number)[]): T => list[Math.floor(chance(...parts) * list.length)]!;
const between = (lo: number, hi: number, ...parts: (string | number)[]) => lo + Math.floor(chance(...parts) * (hi - lo + 1));

// ---- what reports say (the texts themselves: ./texts.ts) -------------------------------------------

function entryOf(view: ReportView, m: OwedMeasure, org: OrganisationView, round: number): { state: EntryState; reason: string | null; narrative: string; values: Record<number, number> } {
  const key = [view.plan.id, view.period.key, org.id, m.code, round];
  const roll = chance(...key, 'state');
  const activity = activityOf(m.title);
  const choose = (what: string) => (n: number) => Math.floor(chance(...key, what) * n);
  if (roll < 0.08) return { state: 'not_held', reason: notHeldReason(activity, choose('reason')), narrative: '', values: {} };
  const state = roll < 0.25 ? 'in_progress' : 'done';
  const values: Record<number, number> = {};
  for (const i of m.indicators) {
    const k = [...key, 'v', i.code];
    if (i.kind === 'money') values[i.id] = between(0, 3, ...k) * between(5, 30, ...k, 'amount') * 100_000;
    else if (i.kind === 'boolean') values[i.id] = chance(...k) < 0.7 ? 1 : 0;
    else if (i.sensitive) values[i.id] = between(0, 4, ...k);
    // People and copies come in tens and hundreds; events, publications, meetings in ones.
    else if (i.unit === 'осіб') values[i.id] = state === 'done' ? between(8, 300, ...k) : between(0, 40, ...k);
    else if (i.unit === 'примірників') values[i.id] = state === 'done' ? between(50, 2000, ...k) : between(0, 100, ...k);
    else values[i.id] = state === 'done' ? between(1, 24, ...k) : between(0, 4, ...k);
  }
  // Figures that belong together agree: applications at least those granted and refused; no payment, no amount.
  const byCode = (suffix: string) => m.indicators.find((i) => i.code.endsWith(`.${suffix}`));
  const [applications, granted, refused, payments, amount] = ['applications', 'granted', 'refused', 'payments', 'amount'].map(byCode);
  if (applications && granted && refused) values[applications.id] = Math.max(values[applications.id]!, values[granted.id]! + values[refused.id]!);
  if (payments && amount) values[amount.id] = values[payments.id]! * between(5, 30, ...key, 'per-payment') * 100_000;
  // The text tells the counts of the indicators beside it (never the sensitive ones, never money).
  const figures = m.indicators.filter((i) => i.kind === 'count' && !i.sensitive).map((i) => ({ name: i.name, value: values[i.id]! }));
  return { state, reason: null, narrative: narrativeOf(activity, state, pick(OPENINGS, ...key, 'open'), choose('text'), figures), values };
}

/** Writes an organisation's draft (as its executor, or the coordinator from a letter). */
async function writeDraft(db: Db, clock: Clock, actor: AuditActor, view: ReportView, round: number, options: { onBehalf: boolean; only?: number }) {
  const measures = options.only === undefined ? view.measures : view.measures.slice(0, options.only);
  const entries = measures.map((m) => ({ measureId: m.id, ...entryOf(view, m, view.organisation, round) }));
  expect({ kind: await writeEntries(db, clock, actor, view, entries, { onBehalf: options.onBehalf }) }, 'written', view.organisation.id);
}

// ---- the cycle ------------------------------------------------------------------------------------

interface Actors {
  coordinator: AuditActor;
  byOrganisation: Map<string, AuditActor>;
}

async function actorsOf(db: Db): Promise<Actors> {
  const rows = await db.selectFrom('users').innerJoin('role_grants', 'role_grants.user_id', 'users.id').select(['users.id', 'users.email', 'users.organisation_id', 'role_grants.role']).where('users.is_demo', '=', 1).execute();
  const actor = (r: (typeof rows)[number]): AuditActor => ({ userId: r.id, email: r.email, organisationId: r.organisation_id, ip: null });
  const coordinator = rows.find((r) => r.role === 'coordinator');
  return {
    coordinator: coordinator ? actor(coordinator) : SYSTEM_ACTOR,
    byOrganisation: new Map(rows.filter((r) => r.role === 'executor').map((r) => [r.organisation_id, actor(r)])),
  };
}

/** An instant on a local date in Kyiv, at a working hour picked for the organisation. */
function at(date: LocalDate, ...parts: (string | number)[]): string {
  const hour = between(6, 14, ...parts, 'hour'); // UTC: 09:00–17:00 in Kyiv
  const minute = between(0, 59, ...parts, 'minute');
  return `${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
}

type Fate = 'accepted' | 'late' | 'returned' | 'letter' | 'silent' | 'declined' | 'drafting' | 'submitted' | 'not_started' | 'returned_open';

/** What happens to an organisation's report in a period the deadline of which has passed. */
function pastFate(o: OrganisationView, byConsent: boolean, period: string): Fate {
  const r = chance(period, o.id, 'fate');
  if (byConsent) {
    if (r < 0.08) return 'declined';
    if (r < 0.2) return 'silent';
    if (r < 0.45) return 'letter';
    return r < 0.55 ? 'late' : 'accepted';
  }
  if (r < 0.12) return 'late';
  if (r < 0.22) return 'returned';
  return 'accepted';
}

/** The current period: a mix of every state, with exactly one returned and one community declining. */
function currentFate(o: OrganisationView, byConsent: boolean, period: string, index: { returned: boolean; declined: boolean }): Fate {
  const r = chance(period, o.id, 'now');
  if (byConsent && !index.declined) {
    index.declined = true;
    return 'declined';
  }
  if (!byConsent && !index.returned) {
    index.returned = true;
    return 'returned_open';
  }
  if (r < 0.35) return 'submitted';
  if (r < 0.65) return 'drafting';
  return 'not_started';
}

/** The generator goes through the product's own rules; a step they refuse is a bug in it. */
function expect(result: { kind: string }, kind: string, organisationId: string) {
  if (result.kind !== kind) throw new Error(`demo: ${organisationId} ${kind} → ${JSON.stringify(result)}`);
}

async function runPeriod(db: Db, directory: Directory, actors: Actors, plan: PlanView, period: ReportingPeriod, now: Date, current: boolean) {
  const clock = adjustableClock(now);
  const measures = await periodMeasures(db, plan, period);
  const expected = expectedReports(measures, directory);
  const grid = await periodGrid(db, directory, plan, period);
  const consentOf = new Map(grid.rows.map((r) => [r.organisation.id, r.byConsent]));
  const deadline = period.executorDeadline.date;
  const today = localDateOf(now);
  const index = { returned: false, declined: false };
  // The period's last day, or (a period still running) yesterday: nothing is dated ahead of now.
  const lastDay = current ? addDays(today, -1) : period.end;
  if (compareLocalDates(lastDay, addDays(period.start, 3)) < 0) return;
  // Never after the demo's own "now" (a deadline that has only just passed).
  const latest = now.getTime() - 3_600_000;
  const setAt = (d: LocalDate, ...p: (string | number)[]) => clock.set(new Date(Math.min(new Date(at(d, ...p)).getTime(), latest)));
  const notBefore = (d: LocalDate) => (compareLocalDates(d, period.start) < 0 ? period.start : d);
  for (const o of directory.organisations.filter((x) => expected.has(x.id))) {
    // The demo accounts' own organisations leave the running period to whoever tries the demo.
    if (current && actors.byOrganisation.has(o.id)) continue;
    const byConsent = consentOf.get(o.id) ?? o.byConsent;
    const fate = current ? currentFate(o, byConsent, period.key, index) : pastFate(o, byConsent, period.key);
    const executor = actors.byOrganisation.get(o.id) ?? { ...SYSTEM_ACTOR, organisationId: o.id };
    const parts = [plan.id, period.key, o.id];
    const draftDay = notBefore(addDays(lastDay, -between(4, 14, ...parts, 'draft')));
    // Submitted after the period ends and by the 15th, or (late) up to 12 days after; in a period still running, a few days ago.
    const submitDay = current ? notBefore(addDays(lastDay, -between(1, 3, ...parts, 'early'))) : fate === 'late' ? addDays(deadline, between(1, 12, ...parts, 'late')) : addDays(deadline, -between(0, 9, ...parts, 'ontime'));
    if (fate === 'not_started' || fate === 'silent' || fate === 'declined') {
      if (fate !== 'not_started') {
        setAt(current ? lastDay : addDays(deadline, 2), ...parts, 'consent');
        await recordConsent(db, clock, actors.coordinator, grid, o.id, fate === 'declined' ? { answer: 'declined', note: `Лист від ${formatLocalDate(current ? lastDay : deadline)}` } : { answer: 'no_answer', note: '' });
      }
      continue;
    }
    const load = async () => (await loadReport(db, directory, clock, plan.id, period.key, o.id))!;
    setAt(fate === 'letter' ? submitDay : draftDay, ...parts, 'start');
    if (fate === 'letter') {
      const letterDate = addDays(submitDay, -between(1, 4, ...parts, 'letter'));
      const started = await startOnBehalf(db, clock, actors.coordinator, await load(), { letterNumber: `${between(1, 20, ...parts, 'n1')}-${between(10, 99, ...parts, 'n2')}/${between(100, 999, ...parts, 'n3')}`, letterDate });
      if (started.kind !== 'started') throw new Error(`demo letter of ${o.id}: ${JSON.stringify(started)}`);
    }
    const onBehalf = fate === 'letter';
    const writer = onBehalf ? actors.coordinator : executor;
    // Writing and submitting need only what is owed (the services read the report itself); a review needs it afresh.
    const owed = await load();
    await writeDraft(db, clock, writer, owed, 0, { onBehalf, only: fate === 'drafting' ? Math.max(1, Math.floor(owed.measures.length / 2)) : undefined });
    if (fate === 'drafting') continue;
    setAt(submitDay, ...parts, 'submit');
    expect(await submitReport(db, clock, writer, owed, { onBehalf }), 'submitted', o.id);
    if (fate === 'submitted') continue;
    const review = addDays(submitDay, between(1, 3, ...parts, 'review'));
    const returned = fate === 'returned' || fate === 'returned_open';
    if (current && !returned) continue;
    setAt(current ? lastDay : review, ...parts, 'review');
    // Two-level cycle: the district takes up its communities' reports first and passes them on.
    const passOn = async () => {
      const view = await load();
      if (!awaitingDistrict(view)) return;
      const district = actors.byOrganisation.get(view.district!.organisation.id) ?? { ...SYSTEM_ACTOR, organisationId: view.district!.organisation.id };
      if ((await forwardReport(db, clock, district, view)) !== 'forwarded') throw new Error(`demo forwarding of ${o.id} failed`);
    };
    await passOn();
    if (returned) {
      const view = await load();
      const m = pick(view.measures, ...parts, 'returned-measure');
      expect(await reviewReport(db, clock, actors.coordinator, view, { decision: 'return', comment: '', measureComments: { [m.id]: pick(RETURN_COMMENTS, ...parts, 'comment') } }), 'returned', o.id);
      if (fate === 'returned_open') continue;
      setAt(addDays(review, between(1, 4, ...parts, 'fix')), ...parts, 'fix');
      await writeDraft(db, clock, writer, owed, 1, { onBehalf });
      expect(await submitReport(db, clock, writer, owed, { onBehalf }), 'submitted', o.id);
      setAt(addDays(review, between(5, 8, ...parts, 'accept')), ...parts, 'accept');
      await passOn();
    }
    expect(await reviewReport(db, clock, actors.coordinator, await load(), { decision: 'accept', comment: '', measureComments: {} }), 'accepted', o.id);
  }
}

export interface DemoCycleResult {
  periods: string[];
  successor: string | null;
}

/**
 * Fills a new demo database with its cycle as of the clock's date. Does nothing when plan 609 is
 * missing or already has reports (a demo is generated once).
 */
export async function createDemoCycle(db: Db, clock: Clock): Promise<DemoCycleResult | null> {
  const source = await getPlan(db, DEMO_SOURCE_PLAN);
  if (!source || source.state !== 'active') return null;
  if (await db.selectFrom('reports').select('id').where('plan_id', '=', DEMO_SOURCE_PLAN).executeTakeFirst()) return null;
  const now = clock.now();
  const today = localDateOf(now);
  const directory = await loadDirectory(db);
  const actors = await actorsOf(db);
  const done: string[] = [];
  const run = async (plan: PlanView) => {
    for (const period of periodsOf(plan)) {
      if (compareLocalDates(period.start, today) > 0) break;
      const past = now.toISOString() >= period.executorDeadline.instant;
      // A period whose deadline passed is a finished cycle; the one still running is "now".
      const isCurrent = !past && compareLocalDates(period.start, today) <= 0;
      await runPeriod(db, directory, actors, plan, period, now, isCurrent);
      done.push(`${plan.id}/${period.key}`);
      // One collection runs at a time: a period begun since (a demo started days into January)
      // has nothing reported yet.
      if (isCurrent) break;
    }
  };
  await run(source);
  if (compareLocalDates(source.end, today) >= 0) {
    await forgetOldMail(db, now);
    return { periods: done, successor: null };
  }

  // Plan 609 has ended: it is closed, and its successor runs (a demo, as no such order exists yet).
  const closing = adjustableClock(`${addDays(source.end, 25)}T09:00:00.000Z`);
  await changePlanState(db, closing, actors.coordinator, source.id, 'closed');
  const startYear = Number(source.end.slice(0, 4)) + 1;
  const copied = await copyPlan(db, closing, actors.coordinator, directory, source.id, {
    title: `Обласний план заходів з протидії торгівлі людьми на ${startYear}–${startYear + 4} роки (демонстраційний)`,
    shortTitle: `План протидії торгівлі людьми ${startYear}–${startYear + 4} (демо)`,
    legalKind: source.legal.kind,
    legalIssuer: source.legal.issuer,
    legalNumber: 'ДЕМО-1',
    legalDate: formatLocalDate(addDays(source.end, -10)),
    start: formatLocalDate(`${startYear}-01-01` as LocalDate),
    end: formatLocalDate(`${startYear + 4}-12-31` as LocalDate),
    periodKind: source.schedule.periodKind,
    executorDueDay: String(source.schedule.executorDueDay),
    consolidationDueDay: String(source.schedule.consolidationDueDay),
    moveWeekendDeadlines: source.schedule.moveWeekendDeadlines,
    reportsTo: source.reportsTo ?? '',
    controlledBy: source.controlledBy ?? '',
  });
  if (copied === 'no-plan' || !('planId' in copied)) throw new Error(`demo successor: ${JSON.stringify(copied)}`);
  // The successor runs the two-level cycle: communities report to their district by the 10th, the district passes them on.
  await db.updateTable('plans').set({ is_demo: 1, district_review: 1, district_due_day: 10 }).where('id', '=', copied.planId).execute();
  // The copy keeps plan 609's deadlines as written; the demo's coordinator has moved them to the new years.
  const endYear = startYear + 4;
  for (const v of await db.selectFrom('measure_versions').select(['id', 'deadline_text']).where('plan_id', '=', copied.planId).execute()) {
    if (!v.deadline_text) continue;
    const text = v.deadline_text.replace(/2025/g, String(endYear)).replace(/202[34]/g, String(startYear));
    const parsed = parseDeadline(text, `${startYear}-01-01` as LocalDate);
    if (text === v.deadline_text || !parsed) continue;
    await db.updateTable('measure_versions').set({ deadline_text: text, deadline_from: parsed.from, deadline_to: parsed.to, permanent: parsed.permanent ? 1 : 0 }).where('id', '=', v.id).execute();
  }
  const activated = await activatePlan(db, closing, actors.coordinator, directory, copied.planId);
  if (!activated.ok) throw new Error(`demo successor not activated: ${JSON.stringify(activated)}`);
  if (compareLocalDates(`${startYear}-01-01` as LocalDate, today) <= 0) await run((await getPlan(db, copied.planId))!);
  await forgetOldMail(db, now);
  return { periods: done, successor: copied.planId };
}

/**
 * The made-up past wrote its notices as it went (hundreds of "a report came in"); in a real
 * installation those went out long ago. The demo keeps the last month's, so the outbox and each
 * person's notifications show what they would today, and a demo with a mail server does not send
 * years of history.
 */
async function forgetOldMail(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('outbox').where('created_at', '<', new Date(now.getTime() - 31 * 86_400_000).toISOString()).execute();
}
