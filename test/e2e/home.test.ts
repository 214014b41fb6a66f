import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';

/** Each role signs in and lands on its home ("Головна"), on a desktop screen and on a 390 px phone. */

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  await e2e?.close();
});

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
/** Screenshots to look at: test-results/screenshots/home-*.png (and /tmp/home-*.png). */
const shot = async (page: Page, name: string) => {
  await page.screenshot({ path: path.join(SHOTS, `home-${name}.png`), fullPage: true });
  await page.screenshot({ path: `/tmp/home-${name}.png`, fullPage: true });
  await page.screenshot({ path: `/tmp/home-${name}-top.png` });
};

/** Signed in once per person (a TOTP code is accepted once, and the clock stands still): later pages reuse the session. */
const sessions = new Map<string, Awaited<ReturnType<Awaited<ReturnType<E2e['browser']['newContext']>>['storageState']>>>();

async function home(who: string, viewport: typeof DESKTOP): Promise<{ page: Page; close: () => Promise<void> }> {
  const known = sessions.get(who);
  const context = await e2e.browser.newContext({ viewport, bypassCSP: true, ...(known ? { storageState: known } : {}) });
  const page = await context.newPage();
  if (known) await page.goto(`${e2e.server.url}/`);
  else {
    await e2e.signIn(page, who);
    sessions.set(who, await context.storageState());
  }
  return { page, close: () => context.close() };
}

describe(`each role's home in Chromium on ${DIALECT}`, () => {
  const sections: Record<string, string[]> = {
    police: ['Звіти до подання', 'Повернуто на доопрацювання', 'Подані звіти'],
    coordinator: ['Звіти на розгляді', 'Ще не звітували — строк близько', 'Узагальнена інформація до затвердження', 'Погоджені — позначте як надіслані', 'Запрошення, ще не прийняті'],
    supervisor: ['Узагальнена інформація на погодження'],
    admin: ['Вихідна пошта', 'Запрошення, ще не прийняті', 'Адміністрування'],
  };

  for (const [who, titles] of Object.entries(sections)) {
    it(`${who}: lands on / after sign-in and sees its sections, on a desktop and on a phone`, async () => {
      for (const [size, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const { page, close } = await home(who, viewport);
        expect(new URL(page.url()).pathname, `${who} ${size}`).toBe('/');
        expect(await page.locator('h1').textContent()).toBe('Головна');
        expect(await page.locator('.site-nav a[aria-current="page"]').textContent()).toBe('Головна');
        const h2 = (await page.locator('main h2').allTextContents()).map((s) => s.replace(/\d+$/, '').trim());
        for (const title of titles) expect(h2, `${who} ${size}`).toContain(title);
        await shot(page, `${who}-${size}`);
        if (size === 'phone') {
          const widths = await page.evaluate(() => ({
            page: document.documentElement.scrollWidth,
            wide: Array.from(document.querySelectorAll('main *')).filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).slice(0, 5),
          }));
          expect(widths.page, `${who}: ${widths.wide.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
        }
        await expectAccessible(page, `home ${who} ${size}`);
        await close();
      }
    });
  }

  it('coordinator: accepts a report from the list and comes back to the home with a notice', async () => {
    const { page, close } = await home('coordinator', DESKTOP);
    const accept = page.locator('#review form[action$="/accept"] button');
    const before = await accept.count();
    if (before > 0) {
      const subject = (await accept.first().locator('.visually-hidden').textContent())!;
      await Promise.all([page.waitForURL(/\?accepted=/), accept.first().click()]);
      expect(await page.locator('main .notice--ok').textContent()).toContain('прийнято');
      expect(await page.locator('#review').textContent()).not.toContain(subject.replace(/^ — /, ''));
      await shot(page, 'coordinator-accepted');
    } else {
      expect(await page.locator('#review').textContent()).toMatch(/Усі звіти розглянуто|Є попередження/);
    }
    await close();
  });
});
