import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { PLAN_609 } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';

/**
 * A control instruction in Chromium: the supervisor gives one from a measure's page (a refusal
 * first), the police find it on their home on a phone and answer it, the supervisor reads the
 * answer and closes it. Every page checked with axe; screenshots to look at.
 */

let e2e: E2e;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await e2e?.close();
});

async function as(who: string, viewport = { width: 1280, height: 900 }) {
  const context = await e2e.browser.newContext({ viewport, bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  await e2e.signIn(page, who);
  return page;
}

describe(`a control instruction in Chromium on ${DIALECT}`, () => {
  it('the supervisor gives it on a measure, the police answer it on a phone, the supervisor closes it', async () => {
    const supervisor = await as('supervisor');
    await supervisor.goto(`${e2e.server.url}/plans/${PLAN_609}`);
    await supervisor.locator('a[href*="/measures/"]').first().click();
    await supervisor.getByRole('link', { name: 'Дати доручення' }).click();
    await expectAccessible(supervisor, 'new instruction');
    await supervisor.selectOption('#organisationId', 'poltava-police');
    await supervisor.getByLabel('вжити заходів').check();
    await supervisor.fill('#text', 'Забезпечити розміщення матеріалів про гарячу лінію 1547 у всіх громадах.');
    await supervisor.fill('#dueDate', '01.01.2020');
    await supervisor.getByRole('button', { name: 'Дати доручення' }).click();
    expect(await supervisor.title()).toMatch(/^Помилка: /);
    expect(await supervisor.locator('#dueDate-error').innerText()).toContain('Строк не може бути в минулому');
    expect(await supervisor.locator('#text').inputValue()).toContain('гарячу лінію 1547');
    await expectAccessible(supervisor, 'new instruction refused');
    await supervisor.fill('#dueDate', '15.08.2024');
    await supervisor.getByRole('button', { name: 'Дати доручення' }).click();
    await supervisor.waitForURL(/\/instructions\/\d+\?done=issued/);
    const url = supervisor.url().replace(/\?.*$/, '');
    expect(await supervisor.locator('main').innerText()).toContain('Доручення дано; виконавцю надіслано повідомлення.');
    await supervisor.screenshot({ path: path.join(SHOTS, 'instruction-issued-desktop.png'), fullPage: true });

    const police = await as('police', { width: 390, height: 844 });
    expect(await police.locator('#instructions').innerText()).toContain('вжити заходів');
    await police.locator('#instructions a').first().click();
    await police.waitForURL(/\/instructions\/\d+$/);
    await expectAccessible(police, 'instruction to answer (phone)');
    await police.getByRole('button', { name: 'Надіслати відповідь' }).click();
    expect(await police.locator('#answer-error').innerText()).toContain('Уведіть відповідь');
    await police.fill('#answer', 'Матеріали розміщено на сайтах 18 громад; решту — до 10.08.2024.');
    await police.getByRole('button', { name: 'Надіслати відповідь' }).click();
    await police.waitForURL(/done=answered/);
    expect(await police.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await police.screenshot({ path: path.join(SHOTS, 'instruction-answered-phone.png'), fullPage: true });

    await supervisor.goto(`${e2e.server.url}/plans/${PLAN_609}/instructions?state=answered`);
    await expectAccessible(supervisor, 'instructions list');
    await supervisor.goto(url);
    expect(await supervisor.locator('main').innerText()).toContain('Матеріали розміщено на сайтах 18 громад');
    await supervisor.fill('#note', 'Взято до відома.');
    await supervisor.getByRole('button', { name: 'Закрити доручення' }).click();
    await supervisor.waitForURL(/done=closed/);
    expect(await supervisor.locator('main').innerText()).toContain('закрито');
  }, 180_000);
});
