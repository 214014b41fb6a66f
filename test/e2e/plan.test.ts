import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { totpCode } from '../../src/features/auth/service.ts';
import { readJson, type PlanFile } from '../../src/features/seed/data.ts';
import { orderDocx } from '../support/order-docx.ts';
import { PLAN_609, TEST_NOW } from '../support/app.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';
import type { Running } from '../../src/server.ts';
import { DIALECT, type TestDatabase } from '../support/database.ts';

let e2e: E2e;
let server: Running;
let browser: Browser;
let accounts: E2e['accounts'];
let database: TestDatabase;

beforeAll(async () => {
  e2e = await startE2e();
  ({ server, browser, accounts, database } = e2e);
});

afterAll(async () => {
  await e2e?.close();
});

const signIn = (page: Page, who: string) => e2e.signIn(page, who);

const rowCodes = (page: Page) => page.locator('#measures tbody th[scope="row"] a').allTextContents();

describe(`plan journey in Chromium on ${DIALECT}`, () => {
  it('opens the plan, filters by an executor, searches, and opens a measure — accessibly', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    await signIn(page, 'police');
    await page.goto(`${server.url}/plans/${PLAN_609}`);
    expect(await page.locator('h1').textContent()).toContain('Обласний план заходів');
    expect(await rowCodes(page)).toHaveLength(30);
    await page.screenshot({ path: path.join(SHOTS, 'plan.png'), fullPage: false });
    await expectAccessible(page, 'plan page');

    // Filter by an executor: htmx swaps the measures and updates the address.
    await page.selectOption('#executor', 'poltava-police');
    await page.waitForURL(/executor=poltava-police/);
    await page.waitForFunction(() => document.querySelectorAll('#measures tbody tr').length === 13);
    expect(await rowCodes(page)).toEqual(['1.1', '1.2', '2.1', '2.2', '2.5', '2.7', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '4.1']);
    expect(await page.locator('.result-count').textContent()).toContain('Знайдено 13 заходів з 30');

    // Search within the filter, in capitals: the search is case-insensitive in Ukrainian.
    await page.fill('#q', 'ІНФОРМАЦІЙН');
    await page.waitForFunction(() => document.querySelectorAll('#measures tbody tr').length === 2);
    expect(await rowCodes(page)).toEqual(['1.1', '1.2']);
    expect(await page.locator('#measures mark').first().textContent()).toBe('інформаційн');
    await page.screenshot({ path: path.join(SHOTS, 'plan-filtered.png'), fullPage: false });
    await expectAccessible(page, 'filtered plan page');

    // Open a measure.
    await page.click('#measures tbody th[scope="row"] a >> text=1.1');
    await page.waitForURL(/\/measures\/\d+$/);
    expect(await page.locator('h1').textContent()).toContain('Захід 1.1');
    expect(await page.locator('main').textContent()).toContain('Звітують 70 організацій');
    await page.screenshot({ path: path.join(SHOTS, 'measure.png'), fullPage: true });
    await expectAccessible(page, 'measure page');

    // Back to the filtered plan: the address kept the filter.
    await page.goBack();
    await page.waitForURL(/q=/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('filters without JavaScript too', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, 'children');
    await page.goto(`${server.url}/plans/${PLAN_609}`);
    await page.fill('#q', '1547');
    await page.click('.filter button[type="submit"]');
    await page.waitForURL(/q=1547/);
    expect(await rowCodes(page)).toEqual(['1.9']);
    await context.close();
  });

  it('shows the calendar, the directory and an organisation accessibly, on a desktop and a phone', async () => {
    for (const viewport of [
      { name: 'desktop', width: 1280, height: 900 },
      { name: 'phone', width: 390, height: 844 },
    ]) {
      const context = await browser.newContext({ bypassCSP: true, viewport, isMobile: viewport.name === 'phone' });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.screenshot({ path: path.join(SHOTS, `login-${viewport.name}.png`) });
      await expectAccessible(page, `login (${viewport.name})`);
      await signIn(page, viewport.name === 'phone' ? 'community' : 'district');
      for (const [name, url] of [
        ['plans', '/plans'],
        ['plan', `/plans/${PLAN_609}`],
        ['calendar', `/plans/${PLAN_609}/calendar`],
        ['directory', '/organisations'],
        ['organisation', '/organisations/community-zavodska'],
        ['group', '/organisations/groups/ngos'],
        ['not-found', '/plans/nope'],
        ['account', '/account'],
      ] as const) {
        const res = await page.goto(`${server.url}${url}`);
        expect(res?.status(), url).toBe(name === 'not-found' ? 404 : 200);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${viewport.name}.png`), fullPage: name !== 'directory' && name !== 'plan' });
        await expectAccessible(page, `${name} (${viewport.name})`);
        // Nothing overflows the viewport sideways.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${name} (${viewport.name}) overflows by ${overflow}px`).toBeLessThanOrEqual(0);
      }
      await context.close();
    }
  });

  it('switches the language to English and back', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'police');
    await page.goto(`${server.url}/plans/${PLAN_609}/calendar`);
    await page.click('.locale-switch button');
    await page.waitForLoadState();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(page.url()).toContain('/calendar');
    expect(await page.locator('main').textContent()).toContain('H2 2023');
    await page.click('.locale-switch button');
    await page.waitForLoadState();
    expect(await page.locator('html').getAttribute('lang')).toBe('uk');
    await context.close();
  });

  it('signs a coordinator in with the second factor, and out again', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/plans`);
    await page.waitForURL(/\/login\?returnTo=/);
    await page.fill('#email', accounts.coordinator!.login);
    await page.fill('#password', 'wrong password here');
    await page.click('form.form button[type="submit"]');
    expect(await page.locator('.error-summary').textContent()).toContain('Неправильна електронна пошта або пароль');
    expect(await page.title()).toMatch(/^Помилка: /);
    await page.fill('#password', accounts.coordinator!.password);
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/\/login\/second-factor/);
    await page.screenshot({ path: path.join(SHOTS, 'second-factor.png') });
    await expectAccessible(page, 'second factor');
    await page.fill('#code', totpCode(accounts.coordinator!.totp, new Date(TEST_NOW)));
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/\/plans$/);
    expect(await page.locator('.site-header__account').textContent()).toContain('Оксана Демченко (координатор)');

    // Import the order as a Word document, review the draft, bring it into force.
    await page.click('a[href="/plans/import"]');
    await expectAccessible(page, 'import');
    const docx = path.join(database.dataDir, 'Розпорядження 609.docx');
    fs.writeFileSync(docx, await orderDocx(readJson<PlanFile>('plan-609-poltava-2023.json'), { splitAfterGoal: 2 }));
    await page.setInputFiles('#order', docx);
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/\/review$/);
    expect(await page.locator('.notice').first().textContent()).toMatch(/місц/);
    expect(await page.locator('article.review-measure').count()).toBe(30);
    await page.screenshot({ path: path.join(SHOTS, 'review.png'), fullPage: false });
    await expectAccessible(page, 'review');
    // Correct a measure, then come back to the review.
    await page.click('a.review-measure__edit >> nth=0');
    await page.waitForURL(/\/edit$/);
    await expectAccessible(page, 'edit measure');
    await page.fill('#deadline', 'коли-небудь');
    await page.click('form.form button[type="submit"]');
    expect(await page.locator('#deadline-error').textContent()).toContain('Строк не розпізнано');
    await page.screenshot({ path: path.join(SHOTS, 'edit-measure-error.png'), fullPage: false });
    await page.fill('#deadline', '2023-2025');
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/\/review\?saved=1\.1#measure-1\.1$/);
    expect(await page.locator('.notice--ok').textContent()).toBe('Захід 1.1 збережено.');
    await page.check('#activateConfirm');
    await page.click(`form[action$="/activate"] button`);
    await page.waitForURL(/\/plans\/draft-609-[0-9a-f]{8}\?done=activated$/);
    expect(await page.locator('.tag--active').first().textContent()).toBe('діє');

    await page.click('.site-header__tools form[action="/logout"] button');
    await page.waitForURL(/\/login$/);
    await page.goto(`${server.url}/plans`);
    await page.waitForURL(/\/login\?returnTo=/);
    await context.close();
  });

  it('lets an admin invite a user, who sets a password and signs in; the audit log shows it', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, 'admin');
    await page.goto(`${server.url}/users`);
    await page.screenshot({ path: path.join(SHOTS, 'users.png'), fullPage: true });
    await expectAccessible(page, 'users');
    await page.click('a[href="/users/new"]');
    await expectAccessible(page, 'invite');
    // Empty form: errors beside the fields, nothing created.
    await page.click('form.form button[type="submit"]');
    expect(await page.title()).toMatch(/^Помилка: /);
    expect(await page.locator('#email-error').textContent()).toContain('Введіть електронну пошту');
    await page.screenshot({ path: path.join(SHOTS, 'invite-errors.png'), fullPage: true });
    await page.fill('#email', 'olena@zvit.example');
    await page.fill('#displayName', 'Олена Петренко, головний спеціаліст');
    await page.selectOption('#organisationId', 'community-opishnianska');
    await page.check('input[name="role"][value="executor"]');
    await page.click('form.form button[type="submit"]');
    const link = await page.locator('#link').inputValue();
    expect(link).toMatch(/\/invitation\/[A-Za-z0-9_-]{43}$/);
    await page.screenshot({ path: path.join(SHOTS, 'invitation-link.png') });
    await expectAccessible(page, 'invitation link');

    const invitee = await browser.newContext({ bypassCSP: true });
    const p2 = await invitee.newPage();
    await p2.goto(`${server.url}${new URL(link).pathname}`);
    expect(await p2.locator('main').textContent()).toContain('Олена Петренко');
    await expectAccessible(p2, 'set password');
    await p2.fill('#password', 'qwerty123456');
    await p2.fill('#repeat', 'qwerty123456');
    await p2.click('form.form button[type="submit"]');
    expect(await p2.locator('#password-error').textContent()).toContain('занадто поширений');
    await p2.screenshot({ path: path.join(SHOTS, 'set-password-error.png') });
    await p2.fill('#password', 'соняшники цвітуть у липні');
    await p2.fill('#repeat', 'соняшники цвітуть у липні');
    await p2.click('form.form button[type="submit"]');
    await p2.waitForURL(/\/login\?done=1/);
    expect(await p2.locator('.notice').textContent()).toContain('Пароль задано');
    await p2.fill('#email', 'olena@zvit.example');
    await p2.fill('#password', 'соняшники цвітуть у липні');
    await p2.click('form.form button[type="submit"]');
    // An executor lands on its home: what it owes now.
    await p2.waitForURL((u) => u.pathname === '/');
    expect(await p2.locator('h1').textContent()).toBe('Головна');
    await p2.goto(`${server.url}/account`);
    expect(await p2.locator('main').textContent()).toContain('Опішнянська територіальна громада');
    await invitee.close();

    // Her position and phone for the executor line, set by the administrator; a wrong phone is told beside the field.
    await page.goto(`${server.url}/users`);
    await page.getByRole('link', { name: /Олена Петренко/ }).first().click();
    await page.fill('#position', 'Головна спеціалістка');
    await page.fill('#phone', 'дзвоніть');
    await page.getByRole('button', { name: 'Зберегти', exact: true }).click();
    expect(await page.title()).toMatch(/^Помилка: /);
    expect(await page.locator('#phone-error').textContent()).toContain('Уведіть номер телефону цифрами');
    expect(await page.locator('#position').inputValue()).toBe('Головна спеціалістка');
    await page.screenshot({ path: path.join(SHOTS, 'user-profile-error.png'), fullPage: true });
    await expectAccessible(page, 'user profile error');
    await page.fill('#phone', '(05355) 2-11-00');
    await page.getByRole('button', { name: 'Зберегти', exact: true }).click();
    expect(await page.locator('.notice').textContent()).toContain('Посаду й телефон збережено');
    expect(await page.locator('#phone').inputValue()).toBe('(05355) 2-11-00');

    await page.goto(`${server.url}/audit`);
    const log = await page.locator('main').textContent();
    expect(log).toContain('запрошення створено');
    expect(log).toContain('запрошення прийнято');
    await page.screenshot({ path: path.join(SHOTS, 'audit.png'), fullPage: true });
    await expectAccessible(page, 'audit');
    await context.close();
  });
});
