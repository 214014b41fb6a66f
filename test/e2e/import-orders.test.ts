import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { PLAN_609 } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';

/**
 * Orders of other layouts in Chromium (issue 18): on a phone, the coordinator uploads another
 * region's plan as a PDF and reviews the draft, the order's schedule and remarks listed first; a
 * scanned PDF is refused beside the field; an amending order of plan 609 becomes a prepared
 * amendment with its changes. Every page checked with axe.
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

const ORDERS = path.resolve('fixtures/orders');

describe(`importing orders of any layout in Chromium on ${DIALECT}`, () => {
  it('reads a PDF plan into a draft, refuses a scan, and prepares an amendment from an amending order', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await e2e.signIn(page, 'coordinator');

    // A scan: refused beside the field, saying why.
    await page.goto(`${e2e.server.url}/plans/import`);
    await page.setInputFiles('#order', path.join(ORDERS, '13-scanned.pdf'));
    await page.click('main form button[type="submit"]');
    await page.waitForSelector('#order-error');
    expect(await page.locator('#order-error').textContent()).toContain('скановані сторінки без тексту');
    await page.screenshot({ path: path.join(SHOTS, 'import-scan-phone.png'), fullPage: true });
    await expectAccessible(page, 'import refused');

    // Another region's plan as a PDF: a draft with its goals, the order's schedule first among the remarks.
    await page.setInputFiles('#order', path.join(ORDERS, '11-sumy-youth.pdf'));
    await page.click('main form button[type="submit"]');
    await page.waitForURL(/\/review$/);
    const expected = JSON.parse(fs.readFileSync(path.join(ORDERS, '11-sumy-youth.json'), 'utf8')) as { measures: unknown[] };
    expect(await page.locator('article.review-measure').count()).toBe(expected.measures.length);
    expect(await page.locator('main ul').first().textContent()).toContain('графік звітування взято з розпорядження (щопівроку до 15 числа)');
    expect(await page.locator('h2, h3').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Формування в молоді української громадянської ідентичності')]));
    await page.screenshot({ path: path.join(SHOTS, 'import-pdf-review-phone.png'), fullPage: false });
    await expectAccessible(page, 'review of a PDF order');

    // An amending order of plan 609: the prepared amendment, its changes listed.
    await page.goto(`${e2e.server.url}/plans/import`);
    await page.setInputFiles('#order', path.join(ORDERS, '14-poltava-609-amendment.txt'));
    await page.click('main form button[type="submit"]');
    await page.waitForURL(new RegExp(`/plans/${PLAN_609}/amendments/\\d+$`));
    const body = (await page.locator('main').textContent()) ?? '';
    for (const code of ['2.3', '2.8', '1.5', '3.2']) expect(body).toContain(code);
    expect(body).toContain('Імпортовано з файлу');
    await page.screenshot({ path: path.join(SHOTS, 'import-amendment-phone.png'), fullPage: false });
    await expectAccessible(page, 'amendment from an order');
  });
});
