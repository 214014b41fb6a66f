import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_609 } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';

/**
 * A district administration's day (DESIGN: district reviewer): from its home to the grid of its
 * communities, one community's submitted report, and the reminder to those that have not
 * submitted — on a phone, every page checked with axe.
 */

let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  await e2e?.close();
});

describe(`a district administration in Chromium on ${DIALECT}`, () => {
  it('goes from its home to its communities’ grid, a submitted report and the reminder', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const page = await context.newPage();
    await e2e.signIn(page, 'district');
    expect(await page.locator('#district').innerText()).toContain('Звіти громад району');
    await page.screenshot({ path: path.join(SHOTS, 'district-home-phone.png'), fullPage: true });
    await expectAccessible(page, 'district home');
    await page.locator('#district a').first().click();
    await page.waitForURL(/\/periods\/\d{4}-H[12]\/reports/);
    const main = await page.locator('main').innerText();
    expect(main).toMatch(/Звіти громад за .* півріччя \d{4} року: Полтавська/);
    expect(main).not.toContain('Кременчуцька районна військова адміністрація');
    expect(await page.locator('a[href$="/consolidation"]').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'district-grid-phone.png'), fullPage: true });
    await expectAccessible(page, 'district grid');
    // A community's report, from the grid: the states and submissions, never a draft's text.
    const reportLinks = page.locator(`main a[href^="/reports/${PLAN_609}/"], main a[href*="/reports/"]`);
    expect(await reportLinks.count()).toBeGreaterThan(1);
    await reportLinks.nth(1).click();
    await page.waitForURL(/\/reports\//);
    expect(await page.locator('textarea[name="narrative"]').count()).toBe(0);
    await expectAccessible(page, 'a community report, read by its district');
    await page.goBack();
    await page.getByRole('link', { name: 'Нагадати' }).first().click();
    await page.waitForURL(/\/remind$/);
    await expectAccessible(page, 'district reminder');
    await page.screenshot({ path: path.join(SHOTS, 'district-remind-phone.png'), fullPage: true });
    await context.close();
  }, 180_000);
});
