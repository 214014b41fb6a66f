import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { startTestSmtp, type TestSmtp } from '../../../test/support/smtp.ts';
import { openPostgres } from '../../db/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { loadReport, reviewReport, saveEntry, submitReport } from '../reports/service.ts';
import { enqueue, isEssential } from './outbox.ts';
import { deliverDue, LEASE_MINUTES, MAX_ATTEMPTS, smtpTransport, type MailTransport } from './worker.ts';

const H1 = '2024-H1';
const POLICE = 'poltava-police';
const FROM = 'Звіт <zvit@test.example>';
const BASE = 'http://zvit.test';

let t: TestApp;
let smtp: TestSmtp;
let transport: MailTransport;

async function submitted(org: string) {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  let view = (await loadReport(db, directory, t.clock, PLAN_609, H1, org))!;
  for (const m of view.measures) {
    const e = view.entries.get(m.id);
    expect((await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(e?.version ?? 0), state: 'done', reason: '', narrative: `Захід ${m.code} виконано.`, links: '', values: {} }, { onBehalf: false })).kind).toBe('saved');
    view = (await loadReport(db, directory, t.clock, PLAN_609, H1, org))!;
  }
  expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
  // The coordinator's notice of the submission (tested on its own below) is not what these tests are about.
  expect((await db.deleteFrom('outbox').where('kind', '=', 'report.submitted').where('organisation_id', '=', 'poltava-ova-social-protection').executeTakeFirst()).numDeletedRows).toBe(1n);
  return (await loadReport(db, directory, t.clock, PLAN_609, H1, org))!;
}

const pass = (workerId = 'w1') => deliverDue(t.database.db, t.clock, transport, { from: FROM, baseUrl: BASE, workerId });
const outbox = () => t.database.db.selectFrom('outbox').selectAll().orderBy('id').execute();

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-10T09:00:00.000Z' });
  smtp = await startTestSmtp();
  transport = smtpTransport(smtp.url);
});
afterAll(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});
beforeEach(async () => {
  smtp.received.length = 0;
  smtp.beforeAnswer = null;
  await t.database.db.deleteFrom('outbox').execute();
});

describe(`mail through the outbox, on ${DIALECT}`, () => {
  it('writes the return notice with the decision, to the organisation’s executors only, and delivers it once, in Ukrainian, with the exact link', async () => {
    const second = await makeUser(t.database.db, t.clock, 'executor', POLICE, { email: 'police2@test.example', displayName: 'Олена Кравець' });
    await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', second.id).execute();
    const view = await submitted(POLICE);
    const m = view.measures[0]!;
    expect((await reviewReport(t.database.db, t.clock, SYSTEM_ACTOR, view, { decision: 'return', comment: 'Доповніть «цифри» <b>негайно</b>.', measureComments: { [m.id]: 'Скільки учасників?' } })).kind).toBe('returned');

    const rows = await outbox();
    // One to each active executor of the police, none to anyone else.
    expect(rows.map((r) => r.to_address).sort()).toEqual(['police2@test.example', 'police@test.example']);
    expect(rows.every((r) => r.state === 'pending' && r.kind === 'report.returned')).toBe(true);

    const first = await pass();
    expect(first).toMatchObject({ sent: 2, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(2);
    const uk = smtp.received.find((x) => x.to && JSON.stringify(x.to).includes('police@test.example'))!;
    expect(uk.subject).toBe('Звіт за I півріччя 2024 року повернуто на доопрацювання');
    expect(uk.text).toContain('повернуто на доопрацювання. Зауваження є до 1 заходу.');
    expect(uk.text).toContain('Загальний коментар: «Доповніть «цифри» <b>негайно</b>.»');
    expect(uk.text).toContain(`${BASE}/reports/${PLAN_609}/${H1}/${POLICE}`);
    // The HTML part escapes what a person typed.
    expect(uk.html).toContain('&lt;b>негайно&lt;/b>');
    expect(uk.html).not.toContain('<b>негайно</b>');
    expect(String(uk.from?.text)).toContain('zvit@test.example');
    // The recipient who chose English reads English.
    const en = smtp.received.find((x) => JSON.stringify(x.to).includes('police2@test.example'))!;
    expect(en.subject).toBe('Your report for H1 2024 was returned for rework');
    expect(en.text).toContain('Hello,');
    expect(JSON.stringify(en.to)).toContain('Олена Кравець');

    // Each row records what the server answered, and its Message-ID is the one that arrived.
    const after = await outbox();
    for (const r of after) {
      expect(r.state).toBe('sent');
      expect(r.smtp_response).toMatch(/^250 /);
      expect(r.attempts).toBe(1);
      expect(smtp.received.map((x) => x.messageId)).toContain(`<zvit.${r.message_id}@test.example>`);
    }
    // A second pass sends nothing new.
    expect(await pass()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(2);
  });

  it('tries again after a temporary refusal, with back-off, and delivers exactly once', async () => {
    await enqueue(t.database.db, t.clock, 'report.accepted', { planId: PLAN_609, plan: 'План', periodKey: H1, periodLabel: 'H1', periodYear: 2024, organisationId: POLICE, organisation: 'Поліція' }, { address: 'a@test.example', name: null, userId: null, organisationId: POLICE, locale: 'uk' });
    smtp.refuseNext(1, 451);
    expect(await pass()).toMatchObject({ sent: 0, retrying: 1 });
    let [row] = await outbox();
    expect(row!.state).toBe('pending');
    expect(row!.last_error).toContain('Try again later');
    // Not before the back-off has passed.
    expect(await pass()).toMatchObject({ sent: 0, retrying: 0 });
    t.clock.advance(61_000);
    expect(await pass()).toMatchObject({ sent: 1 });
    [row] = await outbox();
    expect(row!.state).toBe('sent');
    expect(row!.attempts).toBe(2);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.subject).toBe('Звіт за I півріччя 2024 року прийнято');
  });

  it('gives up at once on a permanent refusal, and after too many temporary ones; the administrator can queue it again', async () => {
    const params = { planId: PLAN_609, plan: 'План', periodKey: H1, periodLabel: 'H1', periodYear: 2024, organisationId: POLICE, organisation: 'Поліція' } as const;
    await enqueue(t.database.db, t.clock, 'report.accepted', params, { address: 'nobody@test.example', name: null, userId: null, organisationId: POLICE, locale: 'uk' });
    smtp.refuseNext(1, 550);
    expect(await pass()).toMatchObject({ failed: 1 });
    expect((await outbox())[0]!.state).toBe('failed');
    expect(await pass()).toMatchObject({ sent: 0, failed: 0 });

    await t.database.db.deleteFrom('outbox').execute();
    await enqueue(t.database.db, t.clock, 'report.accepted', params, { address: 'busy@test.example', name: null, userId: null, organisationId: POLICE, locale: 'uk' });
    smtp.refuseNext(MAX_ATTEMPTS, 421);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await pass();
      t.clock.advance(24 * 3600_000);
    }
    const [row] = await outbox();
    expect(row!.state).toBe('failed');
    expect(row!.attempts).toBe(MAX_ATTEMPTS);
    expect(smtp.received).toHaveLength(0);

    // The administrator sends it again from the outbox page (CSRF, audit); it goes out.
    const admin = await t.as('admin');
    const page = await t.app.inject({ method: 'GET', url: `/outbox/${row!.id}`, cookies: admin.cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('не вдалося');
    expect(page.body).toContain('busy@test.example');
    expect((await t.app.inject({ method: 'POST', url: `/outbox/${row!.id}/requeue`, cookies: admin.cookies, payload: {} })).statusCode).toBe(403);
    const requeued = await t.app.inject({ method: 'POST', url: `/outbox/${row!.id}/requeue`, cookies: admin.cookies, payload: { _csrf: admin.csrf } });
    expect(requeued.statusCode).toBe(303);
    // Twice: the message has already moved.
    expect((await t.app.inject({ method: 'POST', url: `/outbox/${row!.id}/requeue`, cookies: admin.cookies, payload: { _csrf: admin.csrf } })).statusCode).toBe(409);
    expect(await pass()).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'mail.requeued').execute();
    expect(audit).toHaveLength(1);
  });

  it('never sends twice when the worker is killed between sending and recording', async () => {
    await enqueue(t.database.db, t.clock, 'report.accepted', { planId: PLAN_609, plan: 'План', periodKey: H1, periodLabel: 'H1', periodYear: 2024, organisationId: POLICE, organisation: 'Поліція' }, { address: 'once@test.example', name: null, userId: null, organisationId: POLICE, locale: 'uk' });
    const target = t.database.url ?? path.join(t.database.dataDir, 'zvit.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/mail-worker.ts', target, smtp.url, t.clock.now().toISOString()], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // The message has arrived whole; the worker dies before it hears the answer.
    smtp.beforeAnswer = () => {
      child.kill('SIGKILL');
    };
    expect(await exited).toBe('SIGKILL');
    expect(smtp.received).toHaveLength(1);
    expect((await outbox())[0]!.state).toBe('sending');

    // Within the lease the claim is respected; after it, the message is 'unknown', never resent.
    expect(await pass()).toMatchObject({ sent: 0, interrupted: 0 });
    t.clock.advance((LEASE_MINUTES + 1) * 60_000);
    expect(await pass()).toMatchObject({ sent: 0, interrupted: 1 });
    expect(await pass()).toMatchObject({ sent: 0, interrupted: 0 });
    const [row] = await outbox();
    expect(row!.state).toBe('unknown');
    expect(smtp.received).toHaveLength(1);
    // The administrator is told what happened, in words.
    const admin = await t.as('admin');
    const page = await t.app.inject({ method: 'GET', url: `/outbox/${row!.id}`, cookies: admin.cookies });
    expect(page.body).toContain('невідомо, чи надіслано');
    expect(page.body).toContain('Надсилання перервано');
  });

  // PostgreSQL: two workers on their own pools (as two processes have). SQLite has one worker per
  // data folder; two passes on its one connection still interleave at every await.
  it('delivers every message exactly once with two workers on one database', async () => {
    const params = { planId: PLAN_609, plan: 'План', periodKey: H1, periodLabel: 'H1', periodYear: 2024, organisationId: POLICE, organisation: 'Поліція' } as const;
    const N = 60;
    for (let i = 0; i < N; i++) await enqueue(t.database.db, t.clock, 'report.accepted', params, { address: `r${i}@test.example`, name: null, userId: null, organisationId: POLICE, locale: 'uk' });
    const other = t.database.url ? openPostgres(t.database.url, 3) : null;
    const transport2 = smtpTransport(smtp.url);
    try {
      const [a, b] = await Promise.all([
        deliverDue(t.database.db, t.clock, transport, { from: FROM, baseUrl: BASE, workerId: 'A', batch: 5 }),
        deliverDue(other?.db ?? t.database.db, t.clock, transport2, { from: FROM, baseUrl: BASE, workerId: 'B', batch: 5 }),
      ]);
      expect(a.sent + b.sent).toBe(N);
      const ids = smtp.received.map((m) => m.messageId);
      expect(ids).toHaveLength(N);
      expect(new Set(ids).size).toBe(N);
      expect((await outbox()).every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);
    } finally {
      transport2.close();
      await other?.destroy();
    }
  });

  it('shows the outbox to administrators only; without a mail server it says so, and the message reads as it would arrive', async () => {
    const view = await submitted('poltava-ova-children');
    expect((await reviewReport(t.database.db, t.clock, SYSTEM_ACTOR, view, { decision: 'accept', comment: '', measureComments: {} })).kind).toBe('accepted');
    const admin = await t.as('admin');
    const list = await t.app.inject({ method: 'GET', url: '/outbox', cookies: admin.cookies });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Поштовий сервер не налаштовано');
    expect(list.body).toContain('Звіт за I півріччя 2024 року прийнято');
    expect(list.body).toContain('children@test.example');
    const id = (await outbox())[0]!.id;
    const one = await t.app.inject({ method: 'GET', url: `/outbox/${id}`, cookies: admin.cookies });
    expect(one.body).toContain(`/reports/${PLAN_609}/${H1}/poltava-ova-children`);
    for (const who of ['executorA', 'coordinator', 'supervisor']) {
      expect((await t.get('/outbox', who)).statusCode, who).toBe(403);
      expect((await t.get(`/outbox/${id}`, who)).statusCode, who).toBe(403);
    }
    // An administrator of one organisation reads only the messages to its own people.
    t.users.policeAdmin = await makeUser(t.database.db, t.clock, 'admin', POLICE, { email: 'police-admin@test.example' });
    expect((await t.get(`/outbox/${id}`, 'policeAdmin')).statusCode).toBe(404);
    expect((await t.get('/outbox', 'policeAdmin')).body).not.toContain('children@test.example');
    expect((await t.get('/outbox?state=nonsense', 'admin')).statusCode).toBe(400);
    expect(one.body).toMatch(/&lt;zvit\.[0-9a-f-]{36}@localhost>/);

    // Newest first by when they were written (not by row number), fifty a page.
    const params = { planId: PLAN_609, plan: 'План', periodKey: H1, periodLabel: 'H1', periodYear: 2024, organisationId: POLICE, organisation: 'Поліція' } as const;
    t.clock.advance(3600_000);
    await enqueue(t.database.db, t.clock, 'report.accepted', params, { address: 'later@test.example', name: null, userId: null, organisationId: POLICE, locale: 'uk' });
    t.clock.advance(-7200_000);
    for (let i = 0; i < 50; i++) await enqueue(t.database.db, t.clock, 'report.accepted', params, { address: `earlier${i}@test.example`, name: null, userId: null, organisationId: POLICE, locale: 'uk' });
    t.clock.advance(3600_000);
    const first = (await t.get('/outbox', 'admin')).body;
    expect(first.indexOf('later@test.example')).toBeGreaterThan(0);
    expect(first.indexOf('later@test.example')).toBeLessThan(first.indexOf('children@test.example'));
    expect(first).toContain('href="/outbox?page=2"');
    const second = (await t.get('/outbox?page=2', 'admin')).body;
    // 52 in all: the acceptance, the later one, fifty earlier.
    expect(second.match(/earlier\d+@test\.example/g)?.length).toBe(2);
    expect(second).not.toContain('page=3');
    expect((await t.get('/outbox/999999999', 'admin')).statusCode).toBe(404);
    expect((await t.get('/outbox/abc', 'admin')).statusCode).toBe(404);
  });

  it('mirrors each person’s messages as notifications in Zvit, unread counted in the header, read once seen', async () => {
    // The invitation this person accepted (its link used by now) is e-mail only: neither listed nor counted.
    const a = t.users.executorA!;
    await enqueue(t.database.db, t.clock, 'invitation', { token: 'used', planId: PLAN_609, plan: 'План', organisationId: POLICE, organisation: 'ГУНП', coordinator: 'Департамент', expires: '2024-07-24', byConsent: false }, { address: 'invited@test.example', name: null, userId: a.id, organisationId: POLICE, locale: 'uk' });
    const view = await submitted(POLICE);
    expect((await reviewReport(t.database.db, t.clock, SYSTEM_ACTOR, view, { decision: 'return', comment: '', measureComments: { [view.measures[0]!.id]: 'Уточніть.' } })).kind).toBe('returned');
    const home = (await t.get('/plans', 'executorA')).body;
    expect(home).toContain('href="/notifications"');
    expect(home).toMatch(/class="count-badge">1 нове</);
    // Another organisation's executor has none.
    expect((await t.get('/plans', 'executorB')).body).not.toContain('count-badge');

    const page = await t.get('/notifications', 'executorA');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Звіт за I півріччя 2024 року повернуто на доопрацювання');
    expect(page.body).toContain(`href="/reports/${PLAN_609}/${H1}/${POLICE}"`);
    expect(page.body).toContain('>нове<');
    expect(page.body).not.toContain('Запрошення до «Звіту»');
    expect(page.body).not.toContain('/invitation/');
    // No mail server in this test: the e-mail is said to be waiting, not sent.
    expect(page.body).toContain('лист ще не надіслано');
    expect(page.body).not.toContain('надіслано поштою');
    // Seen: no longer counted, no longer new.
    expect((await t.get('/plans', 'executorA')).body).not.toContain('count-badge');
    expect((await t.get('/notifications', 'executorA')).body).not.toContain('>нове<');
    expect((await t.get('/notifications')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/notifications' })).statusCode).toBe(303);
  });

  it('lets a person switch off the optional e-mails — kept in Zvit, never sent — but not the essential ones', async () => {
    const s = await t.as('executorA');
    const settings = await t.app.inject({ method: 'GET', url: '/account/mail', cookies: s.cookies });
    expect(settings.statusCode).toBe(200);
    expect(settings.body).toContain('value="report.accepted"');
    expect(settings.body).not.toContain('value="report.returned"');
    expect(settings.body).toContain('Надсилаються завжди');
    // Only what this person can receive: the police are a subordinate executor, not a body
    // reporting by consent, nor a coordinator.
    expect(settings.body).not.toContain('value="report.overdueRequest"');
    expect(settings.body).not.toContain('value="period.digest"');
    expect(settings.body).not.toContain('Запрошення до «Звіту»');
    expect(settings.body).toContain('Звіт не подано вчасно');
    const coordinator = (await t.get('/account/mail', 'coordinator')).body;
    expect(coordinator).toContain('value="period.digest"');
    expect(coordinator).toContain('value="report.submitted"');
    expect(coordinator).not.toContain('value="report.reminder"');
    // A kind the page did not offer is refused, and the coordinator's choices are theirs alone.
    const c = await t.as('coordinator');
    expect((await t.app.inject({ method: 'POST', url: '/account/mail', cookies: s.cookies, payload: { _csrf: s.csrf, kinds: 'period.digest' } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/account/mail', cookies: c.cookies, payload: { _csrf: c.csrf, kinds: ['report.submitted', 'period.allIn', 'consolidation.signed'] } })).statusCode).toBe(303);
    expect((await t.get('/account/mail', 'coordinator')).body).toMatch(/value="period.digest"(?! checked)/);
    // Nothing ticked: every optional kind off. Without the token: refused.
    expect((await t.app.inject({ method: 'POST', url: '/account/mail', cookies: s.cookies, payload: {} })).statusCode).toBe(403);
    const saved = await t.app.inject({ method: 'POST', url: '/account/mail', cookies: s.cookies, payload: { _csrf: s.csrf } });
    expect(saved.statusCode).toBe(303);
    // An essential kind cannot be switched on or off; nonsense is refused beside the field.
    for (const kinds of ['report.returned', '<script>', 'x'.repeat(5000)]) {
      const bad = await t.app.inject({ method: 'POST', url: '/account/mail', cookies: s.cookies, payload: { _csrf: s.csrf, kinds } });
      expect(bad.statusCode, kinds.slice(0, 20)).toBe(400);
      expect(bad.body).toContain('Оберіть повідомлення зі списку');
      expect(bad.body).not.toContain('<script>');
    }
    const view = await submitted(POLICE);
    expect((await reviewReport(t.database.db, t.clock, SYSTEM_ACTOR, view, { decision: 'accept', comment: '', measureComments: {} })).kind).toBe('accepted');
    const rows = await outbox();
    // The colleague who kept them on still gets the e-mail; this person does not.
    expect(rows.find((r) => r.user_id === t.users.executorA!.id)!.state).toBe('skipped');
    expect(rows.find((r) => r.to_address === 'police2@test.example')!.state).toBe('pending');
    expect(await pass()).toMatchObject({ sent: 1 });
    expect(smtp.received.map((m) => JSON.stringify(m.to))).toEqual([expect.stringContaining('police2@test.example')]);
    const list = (await t.get('/notifications', 'executorA')).body;
    expect(list).toContain('Звіт за I півріччя 2024 року прийнято');
    expect(list).toContain('лише тут (лист вимкнено)');
    // Switched on again: ticked and saved.
    expect((await t.app.inject({ method: 'POST', url: '/account/mail', cookies: s.cookies, payload: { _csrf: s.csrf, kinds: 'report.accepted' } })).statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: '/account/mail', cookies: s.cookies })).body).toMatch(/value="report.accepted" checked/);
  });

  it('tells the coordinating department of each report an executor submits', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const org = 'poltava-migration-service';
    let view = (await loadReport(db, directory, t.clock, PLAN_609, H1, org))!;
    for (const m of view.measures) {
      expect((await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state: 'done', reason: '', narrative: 'Виконано.', links: '', values: {} }, { onBehalf: false })).kind).toBe('saved');
      view = (await loadReport(db, directory, t.clock, PLAN_609, H1, org))!;
    }
    expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
    const rows = await outbox();
    expect(rows.map((r) => [r.kind, r.to_address])).toEqual([['report.submitted', 'coordinator@test.example']]);
    await pass();
    const mail = smtp.received.at(-1)!;
    expect(mail.subject).toBe('Надійшов звіт за I півріччя 2024 року: Управління Державної міграційної служби України в Полтавській області');
    expect(mail.text).toContain(`${BASE}/reports/${PLAN_609}/${H1}/${org}`);
    // The coordinator may switch it off: it stays in Zvit's list only.
    expect(isEssential('report.submitted')).toBe(false);
  });
});
