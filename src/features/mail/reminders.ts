import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { daysBetween, reminderStage } from '../../domain/reminders.ts';
import { DEFAULT_TIME_ZONE, localDateOf } from '../../domain/time.ts';
import { loadDirectory } from '../organisations/service.ts';
import { listPlans } from '../plans/service.ts';
import { expectedReports, periodMeasures, periodsOf, plansReportedOn, reportsOfPeriod } from '../reports/service.ts';
import { declinedBodies } from '../reports/period.ts';
import { notifyOrganisation } from './outbox.ts';

/**
 * Reminders are computed from the plans, never kept by hand: for every reported plan and every
 * period whose executors' deadline is near or just past, each organisation that owes a report
 * and has not submitted it hears about it — a week before, the day before, and the day after —
 * once per stage (a dedupe key per plan, period, organisation, stage and person), so running
 * this again, or from two processes, writes nothing new.
 */
export async function composeReminders(db: Db, clock: Clock): Promise<{ written: number }> {
  const now = clock.now();
  let written = 0;
  const directory = await loadDirectory(db);
  const plans = (await listPlans(db, localDateOf(now, DEFAULT_TIME_ZONE))).filter((p) => plansReportedOn(p.state));
  for (const plan of plans) {
    const today = localDateOf(now, plan.schedule.timeZone);
    for (const period of periodsOf(plan)) {
      const deadline = period.executorDeadline.date;
      const stage = reminderStage(today, deadline);
      if (!stage) continue;
      const measures = await periodMeasures(db, plan, period);
      const owed = expectedReports(measures, directory);
      const heads = await reportsOfPeriod(db, plan.id, period.key);
      const declined = await declinedBodies(db, plan.id, period.key);
      await writeTransaction(db, async (tx) => {
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
          if (stage === 'overdue') {
            written += await notifyOrganisation(tx, clock, byConsent ? 'report.overdueRequest' : 'report.overdue', base, organisationId, key);
          } else {
            const started = head ? (head.state === 'returned' ? 'returned' : 'yes') : 'no';
            written += await notifyOrganisation(tx, clock, 'report.reminder', { ...base, daysLeft: Math.max(0, daysBetween(today, deadline)), started, total: measureIds.length }, organisationId, key);
          }
        }
      });
    }
  }
  return { written };
}

export interface Scheduler {
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Runs the reminders at start and every few minutes in the server process. */
export function startScheduler(db: Db, clock: Clock, log: Log, everyMs = 5 * 60_000): Scheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        const r = await composeReminders(db, clock);
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
