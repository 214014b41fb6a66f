import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { loadReport, saveEntry, submitReport } from '../reports/service.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { composeReminders } from './reminders.ts';

const H1 = '2024-H1';
const REMIND = `/plans/${PLAN_609}/periods/${H1}/remind`;
let t: TestApp;

beforeAll(async () => {
  // 12 July 2024: three days before the H1 deadline.
  t = await buildTestApp({ now: '2024-07-12T07:00:00.000Z' });
});
afterAll(async () => {
  await t.close();
});

describe(`the coordinator reminds those who have not reported, on ${DIALECT}`, () => {
  it('previews who gets what, sends once a day, records it, and leaves out those who submitted', async () => {
    const db = t.database.db;
    // The police have submitted; the children's service has not.
    const directory = await loadDirectory(db);
    let view = (await loadReport(db, directory, t.clock, PLAN_609, H1, 'poltava-police'))!;
    for (const m of view.measures) {
      expect((await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state: 'done', reason: '', narrative: 'Виконано.', links: '', values: {} }, { onBehalf: false })).kind).toBe('saved');
      view = (await loadReport(db, directory, t.clock, PLAN_609, H1, 'poltava-police'))!;
    }
    expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');

    // Reached from the period's page, by the coordinator only.
    expect((await t.get(`/plans/${PLAN_609}/periods/${H1}/reports`, 'coordinator')).body).toContain(`href="${REMIND}"`);
    expect((await t.get(`/plans/${PLAN_609}/periods/${H1}/reports`, 'supervisor')).body).not.toContain(`href="${REMIND}"`);
    // A community reporting by consent, with an account, that declined for this period.
    await makeUser(db, t.clock, 'executor', 'community-reshetylivska', { email: 'community@test.example' });
    const c = await t.as('coordinator');
    const declined = await t.app.inject({ method: 'POST', url: `/plans/${PLAN_609}/periods/${H1}/consent/community-reshetylivska`, cookies: c.cookies, payload: { _csrf: c.csrf, answer: 'declined', note: 'Лист від 01.07.2024' } });
    expect(declined.statusCode).toBe(303);
    const preview = await t.get(REMIND, 'coordinator');
    expect(preview.body).not.toContain('community@test.example');
    expect(preview.body).not.toContain('Решетилівська');
    // Nor does the scheduler remind it.
    await composeReminders(db, t.clock);
    expect((await db.selectFrom('outbox').select('to_address').execute()).map((r) => r.to_address)).not.toContain('community@test.example');
    await db.deleteFrom('outbox').execute();
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Служба у справах дітей');
    expect(preview.body).toContain('children@test.example');
    expect(preview.body).not.toContain('police@test.example');
    expect(preview.body).toContain('Надіслати 1 нагадування');
    expect(preview.body).toContain('залишилося 3 дні');
    // Those with no account are listed for a letter or a call.
    expect(preview.body).toMatch(/\d+ організаці\S* не ма\S* користувач/);

    // Only the coordinating department: the supervisor and executors are refused; a POST needs its token.
    for (const who of ['supervisor', 'executorA', 'admin']) expect((await t.get(REMIND, who)).statusCode, who).toBeGreaterThanOrEqual(403);
    const s = await t.as('coordinator');
    expect((await t.app.inject({ method: 'POST', url: REMIND, cookies: s.cookies, payload: {} })).statusCode).toBe(403);

    const sent = await t.app.inject({ method: 'POST', url: REMIND, cookies: s.cookies, payload: { _csrf: s.csrf } });
    expect(sent.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: sent.headers.location!, cookies: s.cookies })).body).toContain('Створено 1 нагадування для 1 організації');
    const rows = await db.selectFrom('outbox').select(['to_address', 'kind']).execute();
    expect(rows).toEqual([{ to_address: 'children@test.example', kind: 'report.reminder' }]);
    // The preview now says who was reminded today and offers nothing to send.
    const after = (await t.get(REMIND, 'coordinator')).body;
    expect(after).toContain('Сьогодні вже нагадано 1 організації');
    expect(after).toContain('Усім, хто ще не подав звіт, сьогодні вже нагадали');
    expect(after).not.toContain('Надіслати 1 нагадування');
    // Twice the same day: nothing new, and it says so.
    const again = await t.app.inject({ method: 'POST', url: REMIND, cookies: s.cookies, payload: { _csrf: s.csrf } });
    expect((await t.app.inject({ method: 'GET', url: again.headers.location!, cookies: s.cookies })).body).toContain('нагадування вже надсилали');
    expect(await db.selectFrom('outbox').select('id').execute()).toHaveLength(1);
    expect(await db.selectFrom('audit_events').select('action').where('action', '=', 'report.reminded').execute()).toHaveLength(1);
    // The grid says, on the organisation's row, when it was reminded; only there.
    const grid = (await t.get(`/plans/${PLAN_609}/periods/${H1}/reports`, 'coordinator')).body;
    expect(grid).toMatch(/id="org-poltava-ova-children"[\s\S]*?нагадано 12\.07\.2024/);
    expect(grid).not.toMatch(/id="org-poltava-police"(?:(?!<\/tr>)[\s\S])*нагадано/);

    // After the deadline it is the overdue notice.
    t.clock.advance(5 * 24 * 3600_000);
    await t.app.inject({ method: 'POST', url: REMIND, cookies: (await t.as('coordinator')).cookies, payload: { _csrf: (await t.as('coordinator')).csrf } });
    const kinds = (await db.selectFrom('outbox').select('kind').orderBy('id').execute()).map((r) => r.kind);
    expect(kinds).toEqual(['report.reminder', 'report.overdue']);
  });
});
