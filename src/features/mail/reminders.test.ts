import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { loadReport, saveEntry, submitReport } from '../reports/service.ts';
import { composeMessage } from './compose.tsx';
import { composeReminders } from './reminders.ts';

const POLICE = 'poltava-police';
const CHILDREN = 'poltava-ova-children';
const COMMUNITY = 'community-reshetylivska';

let t: TestApp;

beforeAll(async () => {
  // 1 January 2024, 09:00 in Kyiv: plan 609 runs; its 2023-H2 reports are due on 15.01.2024.
  t = await buildTestApp({ now: '2024-01-01T07:00:00.000Z' });
});
afterAll(async () => {
  await t.close();
});

async function submit(org: string, period: string) {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  let view = (await loadReport(db, directory, t.clock, PLAN_609, period, org))!;
  for (const m of view.measures) {
    const e = view.entries.get(m.id);
    expect((await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(e?.version ?? 0), state: 'done', reason: '', narrative: 'Виконано.', links: '', values: {} }, { onBehalf: false })).kind).toBe('saved');
    view = (await loadReport(db, directory, t.clock, PLAN_609, period, org))!;
  }
  expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
}

/** Every day from one to another, both included. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d = new Date(d.getTime() + 86_400_000)) out.push(d.toISOString().slice(0, 10));
  return out;
}

describe(`reminders computed from the plan, on ${DIALECT}`, () => {
  it('moves the clock through half a year, twice a day, and writes exactly the expected reminders, once each', async () => {
    const db = t.database.db;
    // A community that reports by consent, with an account.
    const community = await makeUser(db, t.clock, 'executor', COMMUNITY, { email: 'community@test.example' });
    // An executor with no account in Zvit, only its contact in the directory.
    await db.updateTable('organisations').set({ email: 'dms@example.org', contact_person: 'Ольга Мельник' }).where('id', '=', 'poltava-migration-service').execute();
    const day = 24 * 3600_000;
    const log: string[] = [];
    for (let d = 0; d < 213; d++) {
      const date = t.clock.now().toISOString().slice(0, 10);
      // The police submit H1 2024 on 10 July (after the week's reminder); 2023-H2 on 14 January.
      if (date === '2024-07-10') await submit(POLICE, '2024-H1');
      if (date === '2024-01-14') await submit(POLICE, '2023-H2');
      const before = await db.selectFrom('outbox').select('id').execute();
      await composeReminders(db, t.clock);
      // Twice on the same day: nothing new.
      t.clock.advance(6 * 3600_000);
      await composeReminders(db, t.clock);
      t.clock.advance(-6 * 3600_000);
      const rows = await db.selectFrom('outbox').select(['id', 'kind', 'to_address', 'params']).orderBy('id').execute();
      for (const r of rows.slice(before.length)) log.push(`${date} ${r.kind} ${JSON.parse(r.params).periodKey} ${r.to_address}`);
      t.clock.advance(day);
    }
    // Within a day the order does not matter: compare sorted.
    expect([...log].sort()).toEqual([
      // 2023-H2, due 15.01.2024: the week's reminder on the first day the server sees (1 January is
      // more than a week before: the 8th), the eve, and overdue for those still silent.
      '2024-01-08 report.reminder 2023-H2 police@test.example',
      '2024-01-08 report.reminder 2023-H2 children@test.example',
      '2024-01-08 report.reminder 2023-H2 community@test.example',
      '2024-01-14 report.reminder 2023-H2 children@test.example',
      '2024-01-14 report.reminder 2023-H2 community@test.example',
      '2024-01-16 report.overdue 2023-H2 children@test.example',
      '2024-01-16 report.overdueRequest 2023-H2 community@test.example',
      // 2024-H1, due 15.07.2024: the police submitted on the 10th and hear nothing more.
      '2024-07-08 report.reminder 2024-H1 police@test.example',
      '2024-07-08 report.reminder 2024-H1 children@test.example',
      '2024-07-08 report.reminder 2024-H1 community@test.example',
      '2024-07-14 report.reminder 2024-H1 children@test.example',
      '2024-07-14 report.reminder 2024-H1 community@test.example',
      '2024-07-16 report.overdue 2024-H1 children@test.example',
      '2024-07-16 report.overdueRequest 2024-H1 community@test.example',
      // The contact of an organisation without an account: the same stages, with how to report.
      ...['2024-01-08', '2024-01-14', '2024-01-16'].map((d) => `${d} report.reminderContact 2023-H2 dms@example.org`),
      ...['2024-07-08', '2024-07-14', '2024-07-16'].map((d) => `${d} report.reminderContact 2024-H1 dms@example.org`),
      // The coordinator: each morning, the day before, from a week before the deadline to the
      // consolidation deadline (the 20th); nobody reported all, so no "all in".
      ...days('2024-01-09', '2024-01-21').map((d) => `${d} period.digest 2023-H2 coordinator@test.example`),
      ...days('2024-07-09', '2024-07-21').map((d) => `${d} period.digest 2024-H1 coordinator@test.example`),
      // The supervisor: the day after the consolidation deadline.
      '2024-01-21 period.summary 2023-H2 supervisor@test.example',
      '2024-07-21 period.summary 2024-H1 supervisor@test.example',
    ].sort());
    expect(community.email).toBe('community@test.example');
  });

  it('words the reminders for the one who reads them: days left, a request to a by-consent body, the link', async () => {
    const rows = await t.database.db.selectFrom('outbox').selectAll().where('kind', 'in', ['report.reminder', 'report.overdueRequest']).where('to_address', '=', 'community@test.example').orderBy('id').execute();
    const admin = await t.as('admin');
    const week = await t.app.inject({ method: 'GET', url: `/outbox/${rows[0]!.id}`, cookies: admin.cookies });
    expect(week.body).toContain('Нагадування: звіт за II півріччя 2023 року — до 15.01.2024');
    expect(week.body).toContain('Просимо подати від імені');
    expect(week.body).toContain('залишилося 7 днів');
    expect(week.body).toContain('Звіт ще не розпочато.');
    expect(week.body).toContain(`/reports/${PLAN_609}/2023-H2/${COMMUNITY}`);
    const eve = await t.app.inject({ method: 'GET', url: `/outbox/${rows[1]!.id}`, cookies: admin.cookies });
    expect(eve.body).toContain('залишився 1 день');
    // An organisation without an account: how to report, to whom; no link it could not use.
    const contact = await t.database.db.selectFrom('outbox').select('params').where('kind', '=', 'report.reminderContact').where('to_address', '=', 'dms@example.org').orderBy('id').executeTakeFirstOrThrow();
    const composed = composeMessage('report.reminderContact', JSON.parse(contact.params), 'uk', 'http://zvit.test');
    expect(composed.text).toContain('Інформацію можна надіслати листом координатору — Департамент соціального захисту населення');
    expect(composed.text).not.toContain('http://zvit.test');
    expect(composed.html).not.toContain('<a ');
    const request = await t.app.inject({ method: 'GET', url: `/outbox/${rows[2]!.id}`, cookies: admin.cookies });
    expect(request.body).toContain('Інформація за II півріччя 2023 року: строк минув 15.01.2024');
  });
});
