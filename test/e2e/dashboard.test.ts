import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { PLAN_609 } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';

/**
 * Control in Chromium (issue 17): the supervisor opens the plan's overview, goes to the executors,
 * into one district, downloads its table, comes back to a measure at risk and gives an instruction
 * on it; the executor answers it on a phone. Every page checked with axe; screenshots on desktop
 * and phone to look at.
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
  const context = await e2e.browser.newContext({ viewport, acceptDownloads: true, bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  await e2e.signIn(page, who);
  return page;
}

describe(`the supervisor's control in Chromium on ${DIALECT}`, () => {
  it('overview → a district → its table downloaded → an instruction on a measure at risk, answered by the executor', async () => {
    const supervisor = await as('supervisor');
    await supervisor.goto(`${e2e.server.url}/plans/${PLAN_609}`);
    await supervisor.getByRole('link', { name: 'Огляд виконання' }).click();
    await supervisor.waitForURL(/\/dashboard$/);
    await expectAccessible(supervisor, 'dashboard: measures');
    expect(await supervisor.locator('main svg[role="img"]').count()).toBeGreaterThan(0);
    await supervisor.screenshot({ path: path.join(SHOTS, 'dashboard-measures-desktop.png'), fullPage: true });

    await supervisor.getByRole('navigation', { name: 'Розділи огляду' }).getByRole('link', { name: 'Виконавці' }).click();
    await supervisor.waitForURL(/\/dashboard\/executors/);
    await expectAccessible(supervisor, 'dashboard: executors');
    const district = supervisor.locator('#districts-table tbody th a').first();
    const districtName = await district.innerText();
    await district.click();
    await supervisor.waitForURL(/district=/);
    expect(await supervisor.locator('#district option[selected]').innerText()).toBe(districtName);
    expect(await supervisor.locator('.filter-summary').innerText()).toContain(districtName);
    await expectAccessible(supervisor, 'dashboard: one district');
    await supervisor.screenshot({ path: path.join(SHOTS, 'dashboard-district-desktop.png'), fullPage: true });

    const [download] = await Promise.all([supervisor.waitForEvent('download'), supervisor.getByRole('link', { name: 'CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    expect(csv).toContain('Історія звітування виконавців');
    // The district filter went with it: only its executors are in the history.
    const rows = await supervisor.locator('#history-table tbody tr').count();
    expect(csv).toContain(`"Історія звітування виконавців. Фільтри: ${districtName}"`);
    const history = csv.slice(csv.indexOf('"Історія звітування виконавців')).split('\r\n').filter((l) => l.trim()).length - 2;
    expect(history).toBe(rows);

    await supervisor.getByRole('navigation', { name: 'Розділи огляду' }).getByRole('link', { name: 'Заходи' }).click();
    await supervisor.getByRole('link', { name: 'Скинути фільтри' }).click();
    const give = supervisor.locator('#risk-table a', { hasText: 'Нове доручення' }).first();
    expect(await give.count()).toBe(1);
    await give.click();
    await supervisor.waitForURL(/\/instructions\/new\?measure=\d+/);
    await expectAccessible(supervisor, 'new instruction from the dashboard');
    await supervisor.selectOption('#organisationId', 'poltava-police');
    await supervisor.getByLabel('надати пояснення').check();
    await supervisor.fill('#text', 'Пояснити, чому захід не виконано, і назвати строк.');
    await supervisor.fill('#dueDate', '15.08.2024');
    await supervisor.getByRole('button', { name: 'Дати доручення' }).click();
    await supervisor.waitForURL(/\/instructions\/\d+\?done=issued/);

    const police = await as('police', { width: 390, height: 844 });
    await police.locator('#instructions a').first().click();
    await police.waitForURL(/\/instructions\/\d+$/);
    await police.fill('#answer', 'Захід перенесено через воєнний стан; виконаємо до 30.09.2024.');
    await police.getByRole('button', { name: 'Надіслати відповідь' }).click();
    await police.waitForURL(/done=answered/);
    expect(await police.locator('main').innerText()).toContain('виконаємо до 30.09.2024');

    // The overview on a phone: nothing wider than the screen but the tables' own scroll boxes.
    // The same session on a phone (a second sign-in would reuse the fixed clock's one-time code).
    const phoneContext = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true, storageState: await supervisor.context().storageState() });
    contexts.push(phoneContext);
    const phone = await phoneContext.newPage();
    for (const tab of ['', '/executors', '/indicators']) {
      await phone.goto(`${e2e.server.url}/plans/${PLAN_609}/dashboard${tab}`);
      await expectAccessible(phone, `dashboard${tab} (phone)`);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), tab).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: path.join(SHOTS, `dashboard${tab.replace('/', '-') || '-measures'}-phone.png`), fullPage: true });
    }
  }, 240_000);
});
