import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { adjustableClock } from '../../clock.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { loadReport, saveEntry, submitReport } from '../reports/service.ts';
import { recordEvent } from './service.ts';

/** The audit viewer reads as sentences: people, organisations and plans by name, newest first by time. */

let t: TestApp;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, ' ');

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-10T09:00:00.000Z' });
});
afterAll(async () => {
  await t.close();
});

describe(`the audit viewer, on ${DIALECT}`, () => {
  it('names users, organisations and plans, says what happened in Ukrainian, and lists by time, newest first', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const plan = (await getPlan(db, PLAN_609))!;
    const police = directory.organisation('poltava-police')!;
    const executor = { userId: t.users.executorA!.id, email: t.users.executorA!.email, organisationId: 'poltava-police', ip: '192.0.2.7' };
    let view = (await loadReport(db, directory, t.clock, PLAN_609, '2024-H1', 'poltava-police'))!;
    for (const m of view.measures) {
      expect((await saveEntry(db, t.clock, executor, view, m.id, { version: '0', state: 'done', narrative: 'Так.' }, { onBehalf: false })).kind).toBe('saved');
      view = (await loadReport(db, directory, t.clock, PLAN_609, '2024-H1', 'poltava-police'))!;
    }
    t.clock.set('2024-07-18T10:00:00.000Z');
    expect((await submitReport(db, t.clock, executor, view, { onBehalf: false })).kind).toBe('submitted');
    const reportId = (await db.selectFrom('reports').select('id').where('organisation_id', '=', 'poltava-police').executeTakeFirstOrThrow()).id;
    // An event recorded later but dated earlier (an import of events, a clock set back): listed by its time.
    await writeTransaction(db, (tx) => recordEvent(tx, adjustableClock('2024-07-01T06:00:00.000Z'), executor, { action: 'report.withdrawn', targetType: 'report', targetId: String(reportId), details: { plan: PLAN_609, period: '2024-H1', organisation: 'poltava-police' } }));
    t.clock.set('2024-07-18T11:00:00.000Z');

    const page = await t.get('/audit', 'admin');
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    const executorName = (await db.selectFrom('users').select('display_name').where('id', '=', executor.userId).executeTakeFirstOrThrow()).display_name;
    // Who, by name (and e-mail); what, as a sentence with the organisation, the period and the plan by name.
    expect(body).toContain(executorName);
    expect(body).toContain(`Подано звіт (версія 1, із запізненням): ${police.name}, I півріччя 2024 року, «${plan.shortTitle ?? plan.title}»`);
    // No raw JSON, no bare ids.
    const main = page.body.slice(page.body.indexOf('<main'));
    expect(main).not.toMatch(/\{&quot;|\{"/);
    expect(body).not.toContain(`report: ${reportId}`);
    expect(body).not.toContain('"organisation":');
    // By time, newest first: the submission (18.07) before the withdrawal dated 01.07, though that one was recorded last.
    const submitted = body.indexOf('Подано звіт (версія 1');
    const withdrawn = body.indexOf('Звіт відкликано');
    expect(submitted).toBeGreaterThan(-1);
    expect(withdrawn).toBeGreaterThan(submitted);
    // Paging follows the same order: nothing is skipped or repeated.
    const firstPage = [...page.body.matchAll(/<tr id="ev(\d+)"/g)].map((m) => Number(m[1]));
    const times = await db.selectFrom('audit_events').select(['id', 'at']).where('id', 'in', firstPage).execute();
    const at = new Map(times.map((r) => [Number(r.id), r.at]));
    const sorted = [...firstPage].sort((a, b) => (at.get(b)! < at.get(a)! ? -1 : at.get(b)! > at.get(a)! ? 1 : b - a));
    expect(firstPage).toEqual(sorted);
    t.clock.set('2024-07-10T09:00:00.000Z');
  });
});
