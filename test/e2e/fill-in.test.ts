import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PLAN_609 } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';
import { officeResave } from '../support/office.ts';
import { fillForm, parts } from '../../src/features/fill-in/filling.test-support.ts';

/**
 * The fill-in round trip in Chromium: the coordinator downloads a community's form from the
 * period grid, the community fills it (its XML edited, then saved by LibreOffice), the coordinator
 * uploads it, reads the preview on a desktop and on a 390 px phone, and confirms.
 */

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
    await page.screenshot({ path: path.join(SHOTS, `fill-in-${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectAccessible(page, name);
  // Nothing wider than a phone's screen.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe(`the fill-in round trip in Chromium on ${DIALECT}`, () => {
  it('downloads a community’s form from the grid, uploads it filled, previews it and enters it', async () => {
    const base = e2e.server.url;
    const context = await e2e.browser.newContext({ acceptDownloads: true, bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await e2e.signIn(page, 'coordinator');
    await page.goto(`${base}/plans/${PLAN_609}/periods/2024-H1/reports`);
    const link = page.locator('a[href$="/fill-in"]').first();
    const href = (await link.getAttribute('href'))!;
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^Форма звіту — .+ — I півріччя 2024 року\.docx$/);
    const form = fs.readFileSync((await download.path())!);
    const xml = parts(form).get('word/document.xml')!.toString('utf8');
    const codes = [...xml.matchAll(/Захід ([0-9.]+?)\. /g)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(0);
    const filled = await officeResave(
      fillForm(
        form,
        codes.flatMap((code, k) => [
          { code, label: 'Стан виконання', text: k === 0 ? 'Виконано.' : 'виконується' },
          { code, label: 'Що зроблено', text: `Громада провела ${k + 2} зустрічі з мешканцями.` },
        ]),
      ),
    );

    // Another community's form, uploaded on this one's page: refused beside the field, naming whose it is.
    const otherHref = (await page.locator('a[href$="/fill-in"]').nth(1).getAttribute('href'))!;
    const otherForm = Buffer.from(await (await page.request.get(`${base}${otherHref}`)).body());
    await page.goto(`${base}${href}/upload`);
    await page.fill('#letterNumber', '02-11/77');
    await page.fill('#letterDate', '2024-07-12');
    await page.setInputFiles('#file', { name: 'Чужа форма.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: otherForm });
    await Promise.all([page.waitForLoadState('load'), page.click('form.form button[type="submit"]')]);
    expect(await page.locator('#file-error').textContent()).toMatch(/Це форма іншої організації: .+ територіальна громада\. Завантажте її на сторінці звіту тієї організації\./);
    expect(await page.locator('#letterNumber').inputValue()).toBe('02-11/77');
    await look(page, 'refused');

    // A community the directory has an address for: the form goes by e-mail, and the page says where and how it went.
    await page.goto(`${base}/plans/${PLAN_609}/periods/2024-H1/organisations/community-reshetylivska/fill-in/upload`);
    expect(await page.locator('#mail-hint').textContent()).toContain('rada@reshetylivska.zvit.example');
    await Promise.all([page.waitForURL(/mailed=/), page.click('#mail-send')]);
    expect(await page.locator('#mail .notice').textContent()).toContain('Лист із формою поставлено в чергу на rada@reshetylivska.zvit.example');
    expect(await page.locator('#mail li').first().textContent()).toMatch(/rada@reshetylivska\.zvit\.example: (чекає на надсилання|надіслано|не надсилалося)/);
    await look(page, 'mailed');

    await page.goto(`${base}${href}/upload`);
    await look(page, 'upload');
    await page.fill('#letterNumber', '02-11/77');
    await page.fill('#letterDate', '2024-07-12');
    await page.setInputFiles('#file', { name: 'Форма громади.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: filled });
    await Promise.all([page.waitForLoadState('load'), page.click('form.form button[type="submit"]')]);
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Прочитано з форми: /);
    const warnings = await page.locator('#warnings-title + ul li').allTextContents();
    expect(warnings).toEqual([`Захід ${codes[0]}: стан «Виконано.» прочитано як «виконано».`]);
    await look(page, 'preview');

    await Promise.all([page.waitForURL(/\?filled=\d+$/), page.click('form.actions button[type="submit"]')]);
    expect(await page.locator('.notice').first().textContent()).toMatch(/Звіт внесено з форми: \d+ заход/);
    await page.screenshot({ path: path.join(SHOTS, 'fill-in-report-desktop.png') });
    await context.close();
  });
});
