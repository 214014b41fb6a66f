import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { awarenessDays } from '../../domain/awareness-days.ts';
import { compareLocalDates, formatLocalDate, localDate, maxDate, minDate, parseLocalDate, type LocalDate } from '../../domain/dates.ts';
import { localDateOf } from '../../domain/time.ts';
import { translator, type Translator } from '../../i18n/index.ts';
import { recordEvent } from '../audit/service.ts';
import { activeUserStanding, hashToken, newToken, principalActor, type Principal, type RequestMeta } from '../auth/service.ts';
import { loadDirectory, type Directory } from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import { owedBy, periodsMeasures, periodName, periodsOf, plansReportedOn, reportUrl } from '../reports/service.ts';
import * as repo from './repository.ts';

/**
 * A user's calendar feed: a secret link (the token is the credential; only its SHA-256 is kept)
 * to an iCalendar file of the deadlines in the user's own scope and the days of the year the
 * measures name. Every event is computed from the plans on each fetch, never stored by hand.
 */

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function feedPath(token: string): string {
  return `/calendar/${token}.ics`;
}

/** When the user's link in force was made, or null when there is none. */
export async function calendarLinkStatus(db: DbOrTx, userId: string): Promise<{ createdAt: string } | null> {
  const row = await repo.findActiveOfUser(db, userId);
  return row ? { createdAt: row.created_at } : null;
}

/** Makes a new link, revoking the one in force (it stops working at once). The token is returned once, never kept. */
export async function createCalendarLink(db: Db, clock: Clock, principal: Principal, meta: RequestMeta): Promise<string> {
  const token = newToken();
  const now = clock.now().toISOString();
  await writeTransaction(db, async (tx) => {
    const replaced = await repo.revokeActive(tx, principal.userId, now);
    await repo.insertFeed(tx, { token_hash: hashToken(token), user_id: principal.userId, created_at: now });
    await recordEvent(tx, clock, principalActor(principal, meta), { action: 'user.calendar_link_created', targetType: 'user', targetId: principal.userId, details: { replaced: replaced > 0 } });
  });
  return token;
}

/** Revokes the user's link in force; false when there was none. */
export async function revokeCalendarLink(db: Db, clock: Clock, principal: Principal, meta: RequestMeta): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const revoked = await repo.revokeActive(tx, principal.userId, clock.now().toISOString());
    if (revoked > 0) await recordEvent(tx, clock, principalActor(principal, meta), { action: 'user.calendar_link_revoked', targetType: 'user', targetId: principal.userId });
    return revoked > 0;
  });
}

export type FeedUser = NonNullable<Awaited<ReturnType<typeof activeUserStanding>>>;

/** The user a link opens: null for a malformed, unknown or revoked token, or a disabled user. */
export async function feedOwner(db: DbOrTx, token: string): Promise<FeedUser | null> {
  if (!TOKEN.test(token)) return null;
  const row = await repo.findActiveByHash(db, hashToken(token));
  return row ? activeUserStanding(db, row.user_id) : null;
}

export interface FeedEvent {
  /** Stable across fetches: calendar programs update the event rather than add another. */
  uid: string;
  /** An all-day event on this local date (the first occurrence of a yearly one). */
  date: LocalDate;
  /** Yearly until this date (inclusive). */
  yearlyUntil?: LocalDate;
  summary: string;
  description: string;
  /** The page in Zvit the event is about (absolute). */
  url: string;
}

export interface Feed {
  name: string;
  events: FeedEvent[];
}

const excerpt = (text: string, max = 70) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
};

/** The first time a day of the year falls on or after a date. */
function firstOnOrAfter(from: LocalDate, month: number, day: number): LocalDate {
  const { year } = parseLocalDate(from);
  // 29 лютого: the first leap year from then on.
  for (let y = year; y < year + 8; y++) {
    if (month === 2 && day === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) continue;
    const d = localDate(y, month, day);
    if (compareLocalDates(d, from) >= 0) return d;
  }
  return localDate(year + 8, month, day);
}

/**
 * The events of a user's feed, in the user's language: the deadlines of the reports their
 * organisation owes (executors), of the executors' reports and the consolidation of the plans
 * their organisation coordinates (coordinators), of the sign-off of the plans their organisation
 * owns (supervisors), and the days of the year named by the measures in that scope.
 */
export async function buildFeed(db: DbOrTx, clock: Clock, user: FeedUser, baseUrl: string): Promise<Feed> {
  const tr: Translator = translator(user.locale ?? 'uk');
  const { t } = tr;
  const directory: Directory = await loadDirectory(db);
  const base = baseUrl.replace(/\/$/, '');
  const host = new URL(base).hostname;
  const uid = (...parts: (string | number)[]) => `zvit-${parts.map((p) => String(p)).join('-')}@${host}`;
  const organisationId = user.organisationId;
  const organisation = directory.organisation(organisationId)?.name ?? organisationId;
  const can = (p: Parameters<typeof user.permissions.has>[0]) => user.permissions.has(p);
  const asExecutor = can('report.edit');
  const asCoordinator = can('report.review');
  const asSupervisor = can('consolidation.sign');

  const events = new Map<string, FeedEvent>();
  const add = (e: FeedEvent) => events.set(e.uid, e);
  const now = clock.now();

  for (const plan of await plans.listPlans(db, localDateOf(now))) {
    if (!plansReportedOn(plan.state)) continue;
    const coordinates = asCoordinator && plan.coordinatorOrganisationId === organisationId;
    const owns = asSupervisor && plan.ownerOrganisationId === organisationId;
    if (!asExecutor && !coordinates && !owns) continue;
    const planTitle = plan.shortTitle ?? plan.title;
    const planHref = `/plans/${encodeURIComponent(plan.id)}`;
    let executesPlan = false;

    const periods = periodsOf(plan);
    const measuresOf = asExecutor ? await periodsMeasures(db, plan, periods) : [];
    for (const [i, period] of periods.entries()) {
      const values = { period: periodName(tr, period), plan: planTitle, organisation };
      const periodHref = `${planHref}/periods/${encodeURIComponent(period.key)}`;
      if (asExecutor) {
        const owed = owedBy(measuresOf[i]!, directory, organisationId);
        if (owed.length > 0) {
          executesPlan = true;
          add({
            uid: uid('report', plan.id, period.key, organisationId),
            date: period.executorDeadline.date,
            summary: t('feed.event.report', values),
            description: t('feed.event.reportDetail', { ...values, deadline: formatLocalDate(period.executorDeadline.date), count: owed.length, planFull: plan.title }),
            url: base + reportUrl(plan.id, period.key, organisationId),
          });
        }
      }
      if (coordinates) {
        add({
          uid: uid('reports-due', plan.id, period.key),
          date: period.executorDeadline.date,
          summary: t('feed.event.reportsDue', values),
          description: t('feed.event.reportsDueDetail', { ...values, deadline: formatLocalDate(period.executorDeadline.date), planFull: plan.title }),
          url: `${base}${periodHref}/reports`,
        });
        add({
          uid: uid('consolidation', plan.id, period.key),
          date: period.consolidationDeadline.date,
          summary: t('feed.event.consolidation', values),
          description: t('feed.event.consolidationDetail', { ...values, deadline: formatLocalDate(period.consolidationDeadline.date), planFull: plan.title }),
          url: `${base}${periodHref}/consolidation`,
        });
      }
      if (owns) {
        add({
          uid: uid('sign-off', plan.id, period.key),
          date: period.consolidationDeadline.date,
          summary: t('feed.event.signOff', values),
          description: t('feed.event.signOffDetail', { ...values, deadline: formatLocalDate(period.consolidationDeadline.date), planFull: plan.title }),
          url: `${base}${periodHref}/consolidation`,
        });
      }
    }

    // Days of the year: the measures of the plan as it reads today (or on its first or last
    // day), those the organisation owes for an executor, all of them for its coordinator or owner.
    if (plan.state !== 'active' || (!executesPlan && !coordinates && !owns)) continue;
    const today = localDateOf(now, plan.schedule.timeZone);
    const on = minDate(maxDate(today, plan.start), plan.end);
    const inForce = await plans.measuresInSpan(db, plan.id, on, on);
    const measures = coordinates || owns ? inForce : owedBy(inForce, directory, organisationId);
    for (const m of measures) {
      for (const day of awarenessDays(m.title)) {
        const first = firstOnOrAfter(plan.start, day.month, day.day);
        if (compareLocalDates(first, plan.end) > 0) continue;
        const values = { code: m.code, name: day.name ?? '', date: day.asWritten, measure: excerpt(m.title), plan: planTitle };
        add({
          uid: uid('day', plan.id, m.id, `${String(day.month).padStart(2, '0')}${String(day.day).padStart(2, '0')}`),
          date: first,
          yearlyUntil: plan.end,
          summary: day.name ? t('feed.event.namedDay', values) : t('feed.event.day', values),
          description: t('feed.event.dayDetail', { ...values, measureFull: m.title, planFull: plan.title }),
          url: `${base}${planHref}/measures/${m.id}`,
        });
      }
    }
  }

  const sorted = [...events.values()].sort((a, b) => compareLocalDates(a.date, b.date) || a.uid.localeCompare(b.uid));
  return { name: t('feed.name', { organisation }), events: sorted };
}

