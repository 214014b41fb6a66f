import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';

/** A coordinator imports contacts from a CSV: upload, preview (on a desktop and a 390 px phone), confirm. */

let e2e: E2e;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  e2e = await startE2e();
  // One sign-in: the clock stands still, and a second factor's code is accepted once.
  context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  page = await context.newPage();
  await e2e.signIn(page, 'coordinator');
});
afterAll(async () => {
  await context?.close();
  await e2e?.close();
});

const csv = (organisation: string, person: string) =>
  Buffer.from(
    '\uFEFFОрганізація;Контактна особа;Посада;E-mail;Телефон\r\n' +
      `${organisation};${person};заступник начальника;viddil@example.org;0532560000\r\n` +
      'Неіснуюча установа;Хтось;;not-an-email;\r\n',
    'utf8',
  );

describe(`importing contacts in Chromium on ${DIALECT}`, () => {
  // Each run changes its own organisation: the second would otherwise find nothing to change.
  for (const [name, viewport, organisation, id, person] of [
    ['desktop', { width: 1280, height: 900 }, 'ГУНП в Полтавській області', 'poltava-police', 'Коваленко Ігор Степанович'],
    ['phone', { width: 390, height: 844 }, 'Служба у справах дітей обласної військової адміністрації', 'poltava-ova-children', 'Мельник Оксана Петрівна'],
  ] as const) {
    it(`uploads a file, sees the preview with each row's errors, and confirms (${name})`, async () => {
      await page.setViewportSize(viewport);
      await page.goto(`${e2e.server.url}/organisations`);
      await page.click('a[href="/organisations/contacts/import"]');
      await expectAccessible(page, `contacts upload ${name}`);
      await page.setInputFiles('#file', { name: 'контакти.csv', mimeType: 'text/csv', buffer: csv(organisation, person) });
      await page.click('form.form button[type="submit"]');
      await page.waitForURL(/\/organisations\/contacts\/import\/[0-9a-f]{32}$/);
      expect(await page.locator('h1').innerText()).toBe('Перевірте контакти з файлу «контакти.csv»');
      const text = await page.locator('main').innerText();
      expect(text).toContain('+380 53 256 00 00');
      expect(text).toContain('не знайдено');
      expect(text).toContain('Електронна пошта: значення не розпізнано');
      await page.screenshot({ path: path.join(SHOTS, `contacts-preview-${name}.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await expectAccessible(page, `contacts preview ${name}`);
      await page.click('main form button[type="submit"]');
      await page.waitForURL(/\/organisations\/contacts\/import\?applied=1&skipped=1$/);
      expect(await page.locator('.notice--ok').innerText()).toContain('Контакти записано: 1 організація');
      await page.goto(`${e2e.server.url}/organisations/${id}`);
      expect(await page.locator('main').innerText()).toContain(person);
    });
  }
});
