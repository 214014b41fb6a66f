import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { DEFAULT_SCHEDULE } from '../../domain/periods.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { checkToken } from '../auth/service.ts';
import { sendInvitations } from '../invitations/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { activatePlan } from '../plans/activation.ts';
import { createPlan } from '../plans/creation.ts';
import { loadReport, saveEntry, submitReport } from '../reports/service.ts';
import { composeMessage } from './compose.tsx';
import { composeReminders } from './reminders.ts';

const SMALL = 'small-plan-2025';
const POLICE = 'poltava-police';
const CHILDREN = 'poltava-ova-children';
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ now: '2025-07-01T07:00:00.000Z' });
  const db = t.database.db;
  await createPlan(db, t.clock, {
    id: SMALL,
    title: 'План заходів; перевірка, нагадувань',
    legal: { kind: 'розпорядження', issuer: 'ОВА', number: '7', date: '2024-12-20' },
    start: '2025-01-01',
    end: '2025-12-31',
    ownerOrganisationId: 'poltava-ova',
    coordinatorOrganisationId: 'poltava-ova-social-protection',
    state: 'draft',
    schedule: DEFAULT_SCHEDULE,
    goals: [{ number: 1, title: 'Ціль', tasks: [{ number: 1, title: 'Завдання', measures: [{ code: '1.1', title: 'Захід', deadline: 'Постійно', executors: [{ organisationId: POLICE }, { organisationId: CHILDREN }] }] }] }],
  });
  expect(await activatePlan(db, t.clock, SYSTEM_ACTOR, await loadDirectory(db), SMALL)).toEqual({ ok: true });
  // This plan reminds three days before the deadline, not a week and a day.
  await db.updateTable('plans').set({ reminder_days: '[3]' }).where('id', '=', SMALL).execute();
});
afterAll(async () => {
  await t.close();
});

async function submit(planId: string, org: string, period: string) {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  let view = (await loadReport(db, directory, t.clock, planId, period, org))!;
  for (const m of view.measures) {
    expect((await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state: 'done', reason: '', narrative: 'Виконано.', links: '', values: {} }, { onBehalf: false })).kind).toBe('saved');
    view = (await loadReport(db, directory, t.clock, planId, period, org))!;
  }
  expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
}

describe(`notices to the coordinator and the supervisor, on ${DIALECT}`, () => {
  it('follows the plan’s reminder days, digests each day of the collection, says when all is in, and sums up after the consolidation deadline', async () => {
    const db = t.database.db;
    expect((await getPlan(db, SMALL))!.reminderDays).toEqual([3]);
    const log: string[] = [];
    const params = new Map<string, Record<string, unknown>>();
    for (let d = 0; d < 25; d++) {
      const date = t.clock.now().toISOString().slice(0, 10);
      if (date === '2025-07-13') await submit(SMALL, POLICE, '2025-H1');
      if (date === '2025-07-16') await submit(SMALL, CHILDREN, '2025-H1');
      const before = (await db.selectFrom('outbox').select('id').execute()).length;
      await composeReminders(db, t.clock);
      await composeReminders(db, t.clock);
      const rows = await db.selectFrom('outbox').select(['kind', 'to_address', 'params']).orderBy('id').execute();
      for (const r of rows.slice(before)) {
        const p = JSON.parse(r.params) as Record<string, unknown>;
        if (p.planId !== SMALL) continue;
        log.push(`${date} ${r.kind} ${r.to_address}`);
        params.set(`${date} ${r.kind}`, p);
      }
      t.clock.advance(24 * 3600_000);
    }
    expect(log).toEqual([
      '2025-07-12 report.reminder police@test.example',
      '2025-07-12 report.reminder children@test.example',
      '2025-07-13 period.digest coordinator@test.example',
      '2025-07-14 period.digest coordinator@test.example',
      '2025-07-15 period.digest coordinator@test.example',
      '2025-07-16 period.allIn coordinator@test.example',
      '2025-07-21 period.summary supervisor@test.example',
    ]);
    // The digest of the 13th: who submitted that day, who is still missing.
    const digest = composeMessage('period.digest', params.get('2025-07-14 period.digest'), 'uk', 'http://zvit.test');
    expect(digest.subject).toBe('Звіти за I півріччя 2025 року: 13.07.2025 надійшов 1 звіт');
    expect(digest.text).toContain('станом на кінець 13.07.2025 подано 1 з 2 очікуваних звітів');
    expect(digest.text).toContain('Подали того дня (1): Головне управління Національної поліції в Полтавській області.');
    expect(digest.text).toContain('Ще не подали (1): Служба у справах дітей Полтавської обласної військової адміністрації.');
    expect(digest.text).toContain(`http://zvit.test/plans/${SMALL}/periods/2025-H1/reports`);
    const allIn = composeMessage('period.allIn', params.get('2025-07-16 period.allIn'), 'uk', '');
    expect(allIn.subject).toBe('Усі звіти за I півріччя 2025 року надійшли');
    expect(allIn.text).toContain('надійшли всі 2 очікуваних звітів (з них після строку — 1)');
    const summary = composeMessage('period.summary', params.get('2025-07-21 period.summary'), 'uk', '');
    expect(summary.text).toContain('Подано 2 з 2 очікуваних звітів, прийнято 0.');
    expect(summary.text).toContain('Узагальнену інформацію ще не затверджено координатором.');
    // And the coordinator heard of each submission as it came.
    const submitted = await db.selectFrom('outbox').select(['to_address', 'params']).where('kind', '=', 'report.submitted').orderBy('id').execute();
    expect(submitted.filter((r) => JSON.parse(r.params).planId === SMALL).map((r) => [r.to_address, JSON.parse(r.params).late])).toEqual([
      ['coordinator@test.example', false],
      ['coordinator@test.example', true],
    ]);
  });

  it('reminds an invited person who has not signed in with a new link, once; the earlier link stops working', async () => {
    const db = t.database.db;
    t.clock.set(new Date('2025-12-20T07:00:00.000Z'));
    await db.updateTable('organisations').set({ email: 'dms@example.org', contact_person: 'Ольга Мельник' }).where('id', '=', 'poltava-migration-service').execute();
    const plan = (await getPlan(db, PLAN_609))!;
    await sendInvitations(db, t.clock, SYSTEM_ACTOR, await loadDirectory(db), plan, { invitationDays: 14, baseUrl: 'http://zvit.test' });
    const invitation = await db.selectFrom('outbox').select('params').where('kind', '=', 'invitation').where('to_address', '=', 'dms@example.org').executeTakeFirstOrThrow();
    const first = JSON.parse(invitation.params).token as string;
    expect((await checkToken(db, t.clock, first, 'invitation')).ok).toBe(true);

    // A week before the 2025-H2 deadline (15.01.2026).
    t.clock.set(new Date('2026-01-08T07:00:00.000Z'));
    await composeReminders(db, t.clock);
    await composeReminders(db, t.clock);
    const reminders = await db.selectFrom('outbox').select(['params', 'user_id']).where('kind', '=', 'report.reminderContact').where('to_address', '=', 'dms@example.org').execute();
    expect(reminders).toHaveLength(1);
    const p = JSON.parse(reminders[0]!.params);
    expect(p.token).not.toBe(first);
    expect((await checkToken(db, t.clock, first, 'invitation')).ok).toBe(false);
    expect((await checkToken(db, t.clock, p.token, 'invitation')).ok).toBe(true);
    const text = composeMessage('report.reminderContact', p, 'uk', 'http://zvit.test').text;
    expect(text).toContain('Ваше запрошення до «Звіту» ще не прийнято');
    expect(text).toContain(`http://zvit.test/invitation/${p.token}`);
    expect(text).toContain('до 22.01.2026 включно');
  });
});
