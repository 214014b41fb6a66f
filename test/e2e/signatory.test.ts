import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { PLAN_609 } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';
import { officeToPdf, pdfPageCount, pdfPagePng, pdfText, zipPart } from '../support/office.ts';

/**
 * A coordinator keeps the department's officials in the directory, sets their own phone for the
 * executor line, and approves a consolidation choosing who signs — warned first of the measures
 * still as drafted. On a desktop and a 390 px phone; every page checked with axe.
 */

let e2e: E2e;
let context: BrowserContext;
let page: Page;
const OFFICIALS = '/organisations/poltava-ova-social-protection/officials';

beforeAll(async () => {
  e2e = await startE2e();
  context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  page = await context.newPage();
  await e2e.signIn(page, 'coordinator');
});
afterAll(async () => {
  await context?.close();
  await e2e?.close();
});

const fits = async (width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

describe(`officials and the signatory in Chromium on ${DIALECT}`, () => {
  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`adds an official, told beside the field what is wrong (${name})`, async () => {
      await page.setViewportSize(viewport);
      await page.goto(`${e2e.server.url}/organisations/poltava-ova-social-protection`);
      await page.click(`a[href="${OFFICIALS}"]`);
      expect(await page.locator('h1').innerText()).toBe('Посадові особи');
      // The demo's director and deputy are there.
      expect(await page.locator('main').innerText()).toContain('Марина ДЕМОНЕНКО');
      await expectAccessible(page, `officials ${name}`);
      await page.fill('#position', 'Начальник відділу з питань протидії торгівлі людьми');
      await page.fill('#givenName', 'Ігор');
      await page.fill('#surname', name === 'desktop' ? 'Коваль1' : 'Мельник1');
      await page.fill('#phone', 'немає');
      await page.click('main form.form button[type="submit"]');
      expect(await page.title()).toMatch(/^Помилка: /);
      expect(await page.locator('#surname-error').innerText()).toContain('Прізвище може містити лише літери');
      expect(await page.locator('#phone-error').innerText()).toContain('Уведіть номер телефону цифрами');
      await page.screenshot({ path: path.join(SHOTS, `officials-error-${name}.png`), fullPage: true });
      await expectAccessible(page, `officials error ${name}`);
      await page.fill('#surname', name === 'desktop' ? 'Коваль' : "Мар'яненко");
      await page.fill('#phone', '(0532) 56-00-07');
      await page.click('main form.form button[type="submit"]');
      await page.waitForURL(/done=added/);
      expect(await page.locator('main').innerText()).toContain(name === 'desktop' ? 'Ігор КОВАЛЬ' : 'Ігор МАР’ЯНЕНКО');
      await fits(viewport.width);
      await page.screenshot({ path: path.join(SHOTS, `officials-${name}.png`), fullPage: true });
    });
  }

  it('sets the coordinator’s own phone for the executor line', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${e2e.server.url}/account/profile`);
    await expectAccessible(page, 'profile');
    await page.fill('#phone', '(0532) 56-00-05');
    await page.click('main form.form button[type="submit"]');
    await page.waitForURL(/done=saved/);
    expect(await page.locator('main').innerText()).toContain('Оксана ДЕМЧЕНКО');
    await page.screenshot({ path: path.join(SHOTS, 'profile-phone.png'), fullPage: true });
  });

  it('approves choosing who signs, after the warning of measures still as drafted', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const url = `${e2e.server.url}/plans/${PLAN_609}/periods/2024-H1/consolidation`;
    await page.goto(url);
    const director = await page.locator('#signatory-id option', { hasText: 'Марина ДЕМОНЕНКО' }).getAttribute('value');
    await page.selectOption('#signatory-id', director!);
    await page.getByRole('button', { name: /Затвердити версію/ }).click();
    // Not approved: the warning, its list, and the choice kept.
    expect(await page.title()).toMatch(/^Помилка: /);
    expect(await page.locator('#approve-warning-title').innerText()).toMatch(/без загального стану або з неопрацьованою чернеткою/);
    expect(await page.locator('#signatory-id option:checked').innerText()).toContain('Марина ДЕМОНЕНКО');
    await page.locator('#approve').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'approve-warned-desktop.png') });
    await expectAccessible(page, 'approve warned');
    await page.setViewportSize({ width: 390, height: 844 });
    await fits(390);
    await page.locator('#approve-confirm').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'approve-warned-phone.png') });
    await page.check('#approve-confirm');
    await page.getByRole('button', { name: /Затвердити версію/ }).click();
    await page.waitForURL(/done=approved/);
    expect(await page.locator('.consolidation-versions').innerText()).toContain('Підписує: Директор Департаменту соціального захисту населення Полтавської обласної військової адміністрації Марина ДЕМОНЕНКО');
    await expectAccessible(page, 'approved');
  });

  it('signed off, then marked sent: the registered files carry the number, the request, the signatory and the executor line', async () => {
    const url = `${e2e.server.url}/plans/${PLAN_609}/periods/2024-H1/consolidation`;
    const supervisorContext = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    try {
      const supervisor = await supervisorContext.newPage();
      await e2e.signIn(supervisor, 'supervisor');
      await supervisor.goto(url);
      await supervisor.getByRole('button', { name: 'Погодити' }).click();
      await supervisor.waitForURL(/done=signed/);
    } finally {
      await supervisorContext.close();
    }

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url);
    // A date after today is refused beside its field; nothing is registered.
    await page.fill('#sentNumber', '01-17/2345');
    await page.fill('#sentDate', '17.07.2024');
    await page.fill('#requestNumber', '12/3-45');
    await page.fill('#requestDate', '01.07.2024');
    await page.getByRole('button', { name: 'Позначити надісланим' }).click();
    expect(await page.title()).toMatch(/^Помилка: /);
    expect(await page.locator('#sentDate-error').innerText()).not.toBe('');
    expect(await page.locator('#sentNumber').inputValue()).toBe('01-17/2345');
    await expectAccessible(page, 'sent error');
    await page.fill('#sentDate', '16.07.2024');
    await page.getByRole('button', { name: 'Позначити надісланим' }).click();
    await page.waitForURL(/done=sent/);
    const versions = await page.locator('.consolidation-versions').innerText();
    expect(versions).toContain('Зареєстровані файли (вих. № 01-17/2345 від 16.07.2024)');
    await fits(390);
    await page.locator('.consolidation-versions').screenshot({ path: path.join(SHOTS, 'registered-phone.png') });
    await expectAccessible(page, 'sent');

    // The registered document, opened and printed as the department will print it.
    const docx = Buffer.from(await (await page.request.get(`${url}/versions/1/registered/docx`)).body());
    const xml = zipPart(docx, 'word/document.xml');
    expect(xml).not.toMatch(/Власне ім[’']я/);
    const pdf = await officeToPdf(docx);
    const pages = pdfPageCount(pdf);
    const first = pdfText(pdf, 1).replace(/\s+/g, ' ');
    expect(first).toContain('Додаток до листа від 16.07.2024 № 01-17/2345');
    expect(first).not.toContain('Версія');
    const last = pdfText(pdf, pages).replace(/\s+/g, ' ');
    expect(last).toContain('Марина ДЕМОНЕНКО');
    expect(last).toMatch(/Оксана ДЕМЧЕНКО,? \(0532\) 56-00-05/);
    pdfPagePng(pdf, pages, path.join(SHOTS, 'registered-last-page.png'));

    const letter = Buffer.from(await (await page.request.get(`${url}/versions/1/registered/letter`)).body());
    const letterText = pdfText(await officeToPdf(letter)).replace(/\s+/g, ' ');
    expect(letterText).toContain('01-17/2345');
    expect(letterText).toContain('На № 12/3-45 від 01.07.2024');
    expect(letterText).toContain('Марина ДЕМОНЕНКО');
    expect(letterText).not.toMatch(/Версія \d/);
    // Another plan's or a made-up version's registered file is not there.
    expect((await page.request.get(`${url}/versions/9/registered/docx`)).status()).toBe(404);
  });
});
