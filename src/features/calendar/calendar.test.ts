import path from 'node:path';
import { Writable } from 'node:stream';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { openPostgres, openSqlite } from '../../db/database.ts';

/**
 * The calendar feed read back by a real iCalendar parser (ical.js, as calendar programs parse
 * it): the events of each user's scope on the right dates, stable UIDs, escaping, and the link's
 * life — created, replaced, revoked — with the token as the only credential.
 */

const BASE = 'https://zvit.example.gov.ua';
let t: TestApp;

interface Parsed {
  uid: string;
  summary: string;
  description: string;
  url: string;
  start: string;
  isDate: boolean;
  end: string | null;
  recurring: boolean;
  rrule: string | null;
  occurrences: string[];
}

function parse(body: string): { name: string | null; events: Parsed[] } {
  const calendar = new ICAL.Component(ICAL.parse(body));
  const events = calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    const occurrences: string[] = [];
    if (e.isRecurring()) {
      const it = e.iterator();
      for (let next = it.next(); next && occurrences.length < 10; next = it.next()) occurrences.push(next.toString());
    }
    const rrule = v.getFirstPropertyValue('rrule');
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description,
      url: String(v.getFirstPropertyValue('url') ?? ''),
      start: e.startDate.toString(),
      isDate: e.startDate.isDate,
      end: e.endDate ? e.endDate.toString() : null,
      recurring: e.isRecurring(),
      rrule: rrule ? rrule.toString() : null,
      occurrences,
    };
  });
  return { name: (calendar.getFirstPropertyValue('x-wr-calname') as string | null) ?? null, events };
}

const linkOf = (html: string): string => {
  const m = /id="calendar-link"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*id="calendar-link"/.exec(html);
  if (!m) throw new Error('no calendar link on the page');
  return (m[1] ?? m[2])!.replace(/&amp;/g, '&');
};

async function createLink(who: string): Promise<{ url: string; path: string; res: LightMyRequestResponse }> {
  const s = await t.as(who);
  const res = await t.app.inject({ method: 'POST', url: '/account/calendar', cookies: s.cookies, payload: { _csrf: s.csrf } });
  expect(res.statusCode).toBe(200);
  const url = linkOf(res.body);
  return { url, path: new URL(url).pathname, res };
}

const fetchFeed = (path: string, cookies: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: path, cookies });

beforeAll(async () => {
  t = await buildTestApp({ env: { ZVIT_BASE_URL: BASE } });
});

afterAll(async () => {
  await t?.close();
});

describe(`calendar feed on ${DIALECT}`, () => {
  it('gives an executor the deadlines of its own reports and the days its measures name, as all-day events a parser reads', async () => {
    const { url, path, res } = await createLink('executorA');
    expect(url.startsWith(`${BASE}/calendar/`)).toBe(true);
    expect(path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    // The page says how to add it, in Ukrainian.
    expect(res.body).toContain('Google Календар');
    expect(res.body).toContain('Outlook');
    expect(res.body).toContain('Календар Apple');
    expect(res.body).toContain('лише цього разу');

    // No session cookie: the token is the credential.
    const feed = await fetchFeed(path);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const { name, events } = parse(feed.body);
    expect(name).toContain('Головне управління Національної поліції');

    const reports = events.filter((e) => e.uid.startsWith('zvit-report-'));
    expect(reports.map((e) => e.start)).toEqual(['2024-01-15', '2024-07-15', '2025-01-15', '2025-07-15', '2026-01-15']);
    for (const e of reports) {
      expect(e.isDate).toBe(true);
      expect(e.recurring).toBe(false);
      expect(e.url).toMatch(new RegExp(`^${BASE}/reports/${PLAN_609}/\\d{4}-H[12]/poltava-police$`));
      expect(e.uid).toContain('poltava-police');
    }
    const h1 = reports.find((e) => e.start === '2024-07-15')!;
    expect(h1.summary).toBe('Строк звіту за I півріччя 2024 року — План протидії торгівлі людьми до 2025 року');
    expect(h1.end).toBe('2024-07-16');
    expect(h1.description).toContain('до 15.07.2024 включно');
    // An executor sees no review, consolidation or sign-off deadlines.
    expect(events.filter((e) => /^zvit-(reports-due|consolidation|sign-off)-/.test(e.uid))).toEqual([]);

    // Measure 1.1 names three days: yearly all-day events from the plan's start to its end.
    const days = events.filter((e) => e.uid.startsWith('zvit-day-'));
    expect(days.map((e) => [e.start, e.summary])).toEqual([
      ['2023-10-18', 'Європейський день боротьби з торгівлею людьми (захід 1.1)'],
      ['2023-12-02', 'Міжнародний день боротьби за скасування рабства (захід 1.1)'],
      ['2024-07-30', 'Всесвітній день протидії торгівлі людьми (захід 1.1)'],
    ]);
    const july = days.find((e) => e.start === '2024-07-30')!;
    expect(july.isDate).toBe(true);
    expect(july.rrule).toBe('FREQ=YEARLY;UNTIL=20251231');
    expect(july.occurrences).toEqual(['2024-07-30', '2025-07-30']);
    expect(days.find((e) => e.start === '2023-10-18')!.occurrences).toEqual(['2023-10-18', '2024-10-18', '2025-10-18']);
    expect(july.url).toMatch(new RegExp(`^${BASE}/plans/${PLAN_609}/measures/\\d+$`));
    expect(july.description).toContain('Проведення інформаційно-просвітницької роботи');
  });

  it('keeps an executor to its own organisation: another executor’s feed has its own reports and none of the first one’s', async () => {
    const a = parse((await fetchFeed((await createLink('executorA')).path)).body).events;
    const b = parse((await fetchFeed((await createLink('executorB')).path)).body).events;
    const reportsOf = (events: Parsed[]) => events.filter((e) => e.uid.startsWith('zvit-report-'));
    expect(reportsOf(b).length).toBeGreaterThan(0);
    expect(reportsOf(b).every((e) => e.url.endsWith('/poltava-ova-children') && !e.uid.includes('poltava-police'))).toBe(true);
    expect(reportsOf(a).every((e) => e.url.endsWith('/poltava-police') && !e.uid.includes('poltava-ova-children'))).toBe(true);
    expect(b.some((e) => e.url.includes('poltava-police') || e.description.includes('Національної поліції'))).toBe(false);
    // Measure 1.1 is not the children's service's: none of its days.
    expect(b.filter((e) => e.uid.startsWith('zvit-day-'))).toEqual([]);
  });

  it('gives the coordinator the executors’ deadline and the consolidation deadline (the 20th), and the supervisor the sign-off', async () => {
    const c = parse((await fetchFeed((await createLink('coordinator')).path)).body).events;
    expect(c.filter((e) => e.uid.startsWith('zvit-consolidation-')).map((e) => e.start)).toEqual(['2024-01-20', '2024-07-20', '2025-01-20', '2025-07-20', '2026-01-20']);
    expect(c.filter((e) => e.uid.startsWith('zvit-reports-due-')).map((e) => e.start)).toEqual(['2024-01-15', '2024-07-15', '2025-01-15', '2025-07-15', '2026-01-15']);
    const consolidation = c.find((e) => e.uid.startsWith('zvit-consolidation-') && e.start === '2024-07-20')!;
    expect(consolidation.url).toBe(`${BASE}/plans/${PLAN_609}/periods/2024-H1/consolidation`);
    expect(consolidation.summary).toContain('Узагальнення за I півріччя 2024 року');
    expect(c.filter((e) => e.uid.startsWith('zvit-report-'))).toEqual([]);
    expect(c.filter((e) => e.uid.startsWith('zvit-day-')).length).toBeGreaterThanOrEqual(3);

    const s = parse((await fetchFeed((await createLink('supervisor')).path)).body).events;
    expect(s.filter((e) => e.uid.startsWith('zvit-sign-off-')).map((e) => e.start)).toEqual(['2024-01-20', '2024-07-20', '2025-01-20', '2025-07-20', '2026-01-20']);
    expect(s.filter((e) => /^zvit-(report|reports-due|consolidation)-/.test(e.uid))).toEqual([]);

    // The administrator has no deadlines of their own: a valid, empty calendar.
    expect(parse((await fetchFeed((await createLink('admin')).path)).body).events).toEqual([]);
  });

  it('keeps UIDs and dates stable between fetches, and escapes commas, semicolons and line breaks in a plan’s name', async () => {
    const { path } = await createLink('executorA');
    const first = parse((await fetchFeed(path)).body).events;
    t.clock.set(new Date(Date.parse('2024-07-16T09:00:00.000Z') + 3 * 86_400_000).toISOString());
    const second = parse((await fetchFeed(path)).body).events;
    expect(second.map((e) => [e.uid, e.start])).toEqual(first.map((e) => [e.uid, e.start]));
    expect(new Set(first.map((e) => e.uid)).size).toBe(first.length);

    const title = 'План заходів; протидія торгівлі людьми, 2023–2025\nПолтавська область';
    const db = t.database.db;
    const before = await db.selectFrom('plans').select(['title', 'short_title']).where('id', '=', PLAN_609).executeTakeFirstOrThrow();
    await db.updateTable('plans').set({ title, short_title: null }).where('id', '=', PLAN_609).execute();
    try {
      const res = await fetchFeed(path);
      // Lines are folded at 75 octets (RFC 5545, 3.1): unfold before looking for the escaped text.
      expect(res.body.replace(/\r\n[ \t]/g, '')).toContain('План заходів\\; протидія торгівлі людьми\\, 2023–2025\\nПолтавська область');
      const report = parse(res.body).events.find((e) => e.uid.startsWith('zvit-report-'))!;
      expect(report.summary.endsWith(`— ${title}`)).toBe(true);
      expect(report.description).toContain(`«${title}»`);
    } finally {
      await db.updateTable('plans').set({ title: before.title, short_title: before.short_title }).where('id', '=', PLAN_609).execute();
      t.clock.set('2024-07-16T09:00:00.000Z');
    }
  });

  it('writes the feed in English for a user who chose English', async () => {
    const { path } = await createLink('executorA');
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', t.users.executorA!.id).execute();
    try {
      const events = parse((await fetchFeed(path)).body).events;
      expect(events.find((e) => e.start === '2024-07-15')!.summary).toMatch(/^Report for H1 2024 due — /);
      expect(events.find((e) => e.start === '2024-07-30')!.summary).toBe('Всесвітній день протидії торгівлі людьми (measure 1.1)');
    } finally {
      await t.database.db.updateTable('users').set({ locale: null }).where('id', '=', t.users.executorA!.id).execute();
    }
  });

  it('stops the old link when a new one is made, and answers 404 with no detail for a revoked or unknown link', async () => {
    const old = await createLink('executorA');
    expect((await fetchFeed(old.path)).statusCode).toBe(200);
    const renewed = await createLink('executorA');
    expect(renewed.res.body).toContain('Попереднє посилання більше не працює');
    expect(renewed.path).not.toBe(old.path);
    const gone = await fetchFeed(old.path);
    expect(gone.statusCode).toBe(404);
    expect(gone.body).not.toContain('BEGIN:VCALENDAR');
    expect(gone.body).not.toMatch(/revoked|відкликан/i);
    expect((await fetchFeed(renewed.path)).statusCode).toBe(200);

    // Only one link in force per user, and only hashes kept.
    const rows = await t.database.db.selectFrom('calendar_feeds').selectAll().where('user_id', '=', t.users.executorA!.id).execute();
    expect(rows.filter((r) => r.revoked_at === null)).toHaveLength(1);
    const token = renewed.path.slice('/calendar/'.length, -'.ics'.length);
    expect(rows.some((r) => r.token_hash === token)).toBe(false);

    // The account page says a link is in force, without showing it.
    const s = await t.as('executorA');
    const account = await t.app.inject({ method: 'GET', url: '/account', cookies: s.cookies });
    expect(account.body).toContain('id="calendar"');
    expect(account.body).toContain('Посилання діє з');
    expect(account.body).not.toContain(token);

    // Revoking needs the CSRF token.
    expect((await t.app.inject({ method: 'POST', url: '/account/calendar/revoke', cookies: s.cookies, payload: {} })).statusCode).toBe(403);
    const revoke = await t.app.inject({ method: 'POST', url: '/account/calendar/revoke', cookies: s.cookies, payload: { _csrf: s.csrf } });
    expect(revoke.statusCode).toBe(303);
    expect(revoke.headers.location).toBe('/account?done=calendar-revoked#calendar');
    expect((await fetchFeed(renewed.path)).statusCode).toBe(404);
    const after = await t.app.inject({ method: 'GET', url: '/account?done=calendar-revoked', cookies: s.cookies });
    expect(after.body).toContain('Посилання на календар відкликано');
    expect(after.body).toContain('Посилання на календар ще не створено');

    // A new link works again after a revocation.
    const fresh = await createLink('executorA');
    expect((await fetchFeed(fresh.path)).statusCode).toBe(200);

    for (const path of ['/calendar/nonsense.ics', `/calendar/${'a'.repeat(43)}.ics`, `/calendar/${token}`, `/calendar/${token}.ics.ics`]) {
      expect((await fetchFeed(path)).statusCode, path).toBe(404);
    }

    // Both kinds of event are in the audit log, said as sentences.
    const audit = await t.app.inject({ method: 'GET', url: '/audit', cookies: (await t.as('coordinator')).cookies });
    expect(audit.body).toContain('Створено нове посилання на календар (попереднє відкликано)');
    expect(audit.body).toContain('Посилання на календар відкликано');
  });

  it('needs no session, and a session alone opens no one else’s feed', async () => {
    const a = await createLink('executorA');
    const b = await createLink('executorB');
    const sessionA = await t.as('executorA');
    // A's session with B's link: B's feed (the link decides, not the session).
    const withOtherSession = parse((await fetchFeed(b.path, sessionA.cookies)).body).events;
    expect(withOtherSession.every((e) => !e.url.includes('poltava-police'))).toBe(true);
    // A session without a token opens nothing.
    for (const path of ['/calendar/.ics', '/calendar/me.ics', '/calendar/poltava-police.ics']) {
      expect((await fetchFeed(path, sessionA.cookies)).statusCode, path).toBe(404);
    }
    // Making a link needs a signed-in user and the CSRF token.
    expect((await t.app.inject({ method: 'POST', url: '/account/calendar', payload: {} })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/account/calendar', cookies: sessionA.cookies, payload: {} })).statusCode).toBe(403);
    expect((await fetchFeed(a.path)).statusCode).toBe(200);

    // A disabled user's link stops working.
    await t.database.db.updateTable('users').set({ disabled_at: '2024-07-16T09:00:00.000Z' }).where('id', '=', t.users.executorB!.id).execute();
    try {
      expect((await fetchFeed(b.path)).statusCode).toBe(404);
    } finally {
      await t.database.db.updateTable('users').set({ disabled_at: null }).where('id', '=', t.users.executorB!.id).execute();
    }
  });

  it('keeps the token out of the request log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const handle = t.database.url ? openPostgres(t.database.url, 2) : openSqlite(path.join(t.database.dataDir, 'zvit.sqlite'));
    const config = loadConfig({ ZVIT_DATA_DIR: t.database.dataDir, ZVIT_BASE_URL: BASE, ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1' });
    const logged = await buildApp({ config, database: handle, clock: t.clock, logger: { level: 'info', stream } });
    try {
      await logged.ready();
      const { path: feed } = await createLink('executorA');
      const token = feed.slice('/calendar/'.length, -'.ics'.length);
      expect((await logged.inject({ method: 'GET', url: feed })).statusCode).toBe(200);
      expect((await logged.inject({ method: 'GET', url: `/calendar/${'b'.repeat(43)}.ics` })).statusCode).toBe(404);
      const log = lines.join('');
      expect(log).toContain('/calendar/….ics');
      expect(log).not.toContain(token);
      expect(log).not.toContain('b'.repeat(43));
    } finally {
      await logged.close();
      await handle.destroy();
    }
  });
});
