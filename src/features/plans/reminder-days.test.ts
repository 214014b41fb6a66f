import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { getPlan } from './service.ts';

const CALENDAR = `/plans/${PLAN_609}/calendar`;
const ACTION = `${CALENDAR}/reminders`;
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

async function post(value: unknown, who = 'coordinator', csrf = true) {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url: ACTION, cookies: s.cookies, payload: { ...(csrf ? { _csrf: s.csrf } : {}), ...(value === undefined ? {} : { reminderDays: value }) } });
}

describe(`a plan's reminder days, on ${DIALECT}`, () => {
  it('are shown on the plan’s calendar, set by its coordinator, and refused beside the field when not a short list of days', async () => {
    const page = await t.get(CALENDAR, 'coordinator');
    expect(page.body).toContain('отримують нагадування за 7 і 1 день до строку подання');
    expect(page.body).toContain('value="7, 1"');
    // Others read when reminders go, without the form.
    const executor = await t.get(CALENDAR, 'executorA');
    expect(executor.body).toContain('Нагадування виконавцям');
    expect(executor.body).not.toContain(`action="${ACTION}"`);

    // The day itself reads as such.
    expect((await post('7, 0')).statusCode).toBe(303);
    expect((await t.get(CALENDAR, 'coordinator')).body).toContain('нагадування за 7 днів до строку подання і в день строку');
    expect((await post('0')).statusCode).toBe(303);
    expect((await t.get(CALENDAR, 'coordinator')).body).toContain('нагадування у день строку подання');
    const saved = await post('14, 3 0');
    expect(saved.statusCode).toBe(303);
    expect((await getPlan(t.database.db, PLAN_609))!.reminderDays).toEqual([14, 3, 0]);
    expect((await t.app.inject({ method: 'GET', url: saved.headers.location!, cookies: (await t.as('coordinator')).cookies })).body).toContain('Дні нагадувань збережено.');

    for (const [value, message] of [
      ['сім', 'Вкажіть цілі числа днів через кому'],
      ['90', 'Не раніше ніж за 60 днів до строку'],
      ['1 2 3 4 5 6', 'Не більше п’яти нагадувань до строку'],
      ['<script>alert(1)</script>', 'Вкажіть цілі числа днів через кому'],
      ['1'.repeat(500), 'Вкажіть цілі числа днів через кому'],
      [['1', '2'], 'Вкажіть цілі числа днів через кому'],
    ] as const) {
      const refused = await post(value);
      expect(refused.statusCode, String(value)).toBe(400);
      expect(refused.body).toContain(message);
      expect(refused.body).toContain('id="reminderDays-error"');
      // Named at the top of the page too, and in its title; the period links stay.
      expect(refused.body).toContain('<title>Помилка:');
      expect(refused.body).toContain('href="#reminderDays"');
      expect(refused.body).toContain(`href="/plans/${PLAN_609}/periods/`);
      expect(refused.body).not.toContain('<script>alert(1)</script>');
    }
    // Nothing saved is lost.
    expect((await getPlan(t.database.db, PLAN_609))!.reminderDays).toEqual([14, 3, 0]);
    // Empty: only the overdue notice.
    expect((await post('')).statusCode).toBe(303);
    expect((await getPlan(t.database.db, PLAN_609))!.reminderDays).toEqual([]);
    expect((await t.get(CALENDAR, 'coordinator')).body).toContain('До строку нагадування не надсилаються');

    // Only the coordinating department, and only with its token.
    expect((await post('7, 1', 'executorA')).statusCode).toBe(403);
    expect((await post('7, 1', 'supervisor')).statusCode).toBe(403);
    expect((await post('7, 1', 'coordinator', false)).statusCode).toBe(403);
    expect((await getPlan(t.database.db, PLAN_609))!.reminderDays).toEqual([]);
    expect((await post('7, 1')).statusCode).toBe(303);
  });
});
