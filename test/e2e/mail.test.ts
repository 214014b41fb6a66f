import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PLAN_609 } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  await e2e?.close();
});

async function look(page: Page, name: string) {
  for (const [size, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(SHOTS, `mail-${name}-${size}.png`), fullPage: size === 'desktop' });
    await expectAccessible(page, `${name} (${size})`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} (${size}) is no wider than the screen`).toBeLessThanOrEqual(viewport.width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe(`mail and notifications in Chromium on ${DIALECT}`, () => {
  it('the coordinator reminds those who have not reported; the executor sees it in Zvit and chooses which e-mails to get; the administrator reads the outbox', async () => {
    const base = e2e.server.url;
    const coordinator = await (await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })).newPage();
    await e2e.signIn(coordinator, 'coordinator');
    await coordinator.goto(`${base}/plans/${PLAN_609}/periods/2024-H2/remind`);
    expect(await coordinator.locator('h1').textContent()).toBe('Нагадати тим, хто не подав звіт');
    await look(coordinator, 'remind-preview');
    await Promise.all([coordinator.waitForURL(/sent=/), coordinator.click('main form button[type="submit"]')]);
    expect(await coordinator.locator('.notice--ok').textContent()).toContain('Створено');
    await look(coordinator, 'remind-sent');

    // The police (the demo's executor) — if they owe the period — see the notification in the header.
    const executor = await (await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })).newPage();
    await e2e.signIn(executor, 'police');
    await executor.goto(`${base}/notifications`);
    expect(await executor.locator('h1').textContent()).toBe('Сповіщення');
    await look(executor, 'notifications');
    await executor.goto(`${base}/account/mail`);
    await look(executor, 'settings');
    const reminder = executor.locator('input[value="report.reminder"]');
    expect(await reminder.isChecked()).toBe(true);
    await reminder.uncheck();
    await Promise.all([executor.waitForURL(/done=saved/), executor.click('main form button[type="submit"]')]);
    expect(await executor.locator('input[value="report.reminder"]').isChecked()).toBe(false);

    const admin = await (await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })).newPage();
    await e2e.signIn(admin, 'admin');
    await admin.goto(`${base}/outbox`);
    expect(await admin.locator('main .notice').first().textContent()).toContain('Поштовий сервер не налаштовано');
    await look(admin, 'outbox');
    await admin.locator('main table a').first().click();
    await admin.waitForURL(/\/outbox\/\d+$/);
    expect(await admin.locator('h1').textContent()).toContain('Лист №');
    await look(admin, 'outbox-message');
  });
});
