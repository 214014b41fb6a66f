import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_609 } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';

/**
 * The public page in Chromium: the coordinator publishes the plan with a note to the public; anyone
 * opens it on a phone without signing in — no script is loaded, it fits the screen, axe finds
 * nothing serious — and it is gone when taken down.
 */

let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  await e2e?.close();
});

describe(`the public page in Chromium on ${DIALECT}`, () => {
  it('is published by the coordinator and read by anyone on a phone', async () => {
    const staff = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const coordinator = await staff.newPage();
    await e2e.signIn(coordinator, 'coordinator');
    await coordinator.goto(`${e2e.server.url}/plans/${PLAN_609}`);
    await coordinator.getByRole('link', { name: 'Публічна сторінка' }).click();
    await expectAccessible(coordinator, 'publish page');
    await coordinator.fill('#note', 'Потрібна допомога? Національна гаряча лінія з протидії торгівлі людьми — 1547 (безкоштовно, цілодобово).');
    // The demo publishes its plan: the note is changed, or the plan published if it is not.
    await coordinator.getByRole('button', { name: /^(Опублікувати|Зберегти звернення)$/ }).click();
    await coordinator.waitForURL(/done=published/);

    // bypassCSP only so that axe can be injected; the page itself loads no script.
    const anyone = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const page = await anyone.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    const res = await page.goto(`${e2e.server.url}/p/${PLAN_609}`);
    expect(res!.status()).toBe(200);
    expect(await page.locator('main').innerText()).toContain('гаряча лінія з протидії торгівлі людьми — 1547');
    expect(await page.locator('main h2').count()).toBeGreaterThan(3);
    expect(scripts).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'public page (phone)');
    await page.screenshot({ path: path.join(SHOTS, 'public-phone.png'), fullPage: false });

    await coordinator.goto(`${e2e.server.url}/plans/${PLAN_609}/publication`);
    await coordinator.getByRole('button', { name: 'Зняти з публікації' }).click();
    await coordinator.waitForURL(/done=unpublished/);
    expect((await page.goto(`${e2e.server.url}/p/${PLAN_609}`))!.status()).toBe(404);
    await staff.close();
    await anyone.close();
  }, 180_000);
});
