import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
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

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let signedIn: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

/**
 * A signed-in coordinator's page; script errors fail the journey. The coordinator signs in once
 * (a second-factor code is accepted once, and the demo's clock stands still); later pages share
 * the session.
 */
async function coordinatorPage(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await e2e.browser.newContext({ bypassCSP: true, viewport, ...(signedIn ? { storageState: signedIn } : {}) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  if (!signedIn) {
    await e2e.signIn(page, 'coordinator');
    signedIn = await context.storageState();
  }
  return { context, page, errors };
}

async function look(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  await expectAccessible(page, name);
}

describe(`the plan's life in Chromium on ${DIALECT}`, () => {
  it('amends plan 609: changes a measure, removes one, adds one, applies — and shows the plan before and after', async () => {
    const { context, page, errors } = await coordinatorPage();
    const url = e2e.server.url;
    await page.goto(`${url}/plans/${PLAN_609}`);
    await page.getByRole('link', { name: 'Внести зміни' }).click();
    await page.waitForURL(/\/amendments\/new$/);
    await page.click('form.form button[type="submit"]');
    await expect.poll(() => page.title()).toMatch(/^Помилка: /);
    await look(page, 'amendment-new-errors');
    await page.fill('#legalNumber', '145');
    await page.fill('#legalDate', '10.07.2024');
    await page.fill('#effectiveFrom', '01.01.2025');
    await page.fill('#note', 'Уточнено виконавців збору статистики');
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/\/amendments\/\d+$/);
    expect(await page.locator('h1').textContent()).toBe('Зміни: розпорядження від 10.07.2024 № 145');
    await look(page, 'amendment-draft-empty', false);

    await page.getByRole('link', { name: 'Змінити Захід 2.5' }).click();
    await page.waitForURL(/\/measures\/\d+$/);
    const title = await page.inputValue('#title');
    await page.fill('#title', `${title} Щокварталу — звірка з поліцією.`);
    await page.check('input[value="organisation:poltava-ova-children"]');
    await page.selectOption('#lead', 'organisation:poltava-police');
    await look(page, 'amendment-change-form');
    await page.getByRole('button', { name: 'Зберегти зміну' }).click();
    await page.waitForURL(/\/amendments\/\d+\?saved=1$/);
    await expect.poll(() => page.locator('.change ins').first().textContent()).toContain('Щокварталу');

    await page.getByRole('button', { name: 'Виключити Захід 1.8' }).click();
    await page.waitForURL(/saved=1$/);
    await page.getByRole('link', { name: 'Додати захід' }).click();
    await page.waitForURL(/\/measures\/new$/);
    expect(await page.locator('#code-hint').textContent()).toContain('4.8');
    await page.selectOption('#taskId', { label: (await page.locator('#taskId option', { hasText: 'Оперативна ціль 4' }).first().textContent())! });
    await page.fill('#code', '4.8');
    await page.fill('#title', 'Супровід дітей, які повернулися з-за кордону, та їхніх родин');
    await page.fill('#deadline', '2025');
    await page.check('input[value="group:district-military-administrations"]');
    await page.getByRole('button', { name: 'Зберегти зміну' }).click();
    await page.waitForURL(/saved=1$/);
    expect(await page.locator('.review-measure__code').allTextContents()).toEqual(['Змінено захід 2.5', 'Виключено захід 1.8', 'Додано захід 4.8']);
    await look(page, 'amendment-draft');

    // Applying without the confirmation is refused with the reason at the top.
    await page.getByRole('button', { name: 'Внести зміни' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Позначте, що зміни перевірено');
    await page.check('#applyConfirm');
    await page.getByRole('button', { name: 'Внести зміни' }).click();
    await page.waitForURL(/done=applied&on=2025-01-01$/);
    expect(await page.locator('.notice--ok').textContent()).toBe('Зміни внесено до плану.');
    expect(await page.locator('#measures tbody th[scope="row"] a').allTextContents()).toContain('4.8');
    expect(await page.locator('#measures tbody th[scope="row"] a').allTextContents()).not.toContain('1.8');
    await look(page, 'plan-after-amendment', false);

    // Today (16.07.2024) the plan still reads as approved, with the coming change announced.
    await page.goto(`${url}/plans/${PLAN_609}`);
    expect(await page.locator('.notice').allTextContents()).toContain('Зміни за розпорядженням від 10.07.2024 № 145 набирають чинності 01.01.2025. Показати план з цієї дати');
    expect(await page.locator('#measures tbody th[scope="row"] a').allTextContents()).toContain('1.8');
    // The date field shows the plan as of any day, with JavaScript (htmx) and the same without.
    await page.fill('#on', '02.01.2025');
    await page.locator('#on').dispatchEvent('change');
    await expect.poll(() => page.locator('.notice--as-of').textContent()).toContain('02.01.2025');
    expect(await page.locator('#measures tbody th[scope="row"] a').allTextContents()).not.toContain('1.8');

    await page.getByRole('link', { name: 'Зміни', exact: true }).click();
    await page.waitForURL(/\/history$/);
    expect(await page.locator('.history__item').count()).toBe(1);
    await look(page, 'history');
    await page.getByRole('link', { name: 'Зміни: розпорядження від 10.07.2024 № 145' }).click();
    await look(page, 'amendment-applied');

    await page.goto(`${url}/plans/${PLAN_609}/measures/2.5`);
    expect(await page.locator('.versions__item').count()).toBe(2);
    await look(page, 'measure-versions');
    expect(errors).toEqual([]);
    await context.close();

    const phone = await coordinatorPage(PHONE);
    await phone.page.goto(`${url}/plans/${PLAN_609}/history`);
    await look(phone.page, 'history-phone');
    await phone.page.goto(`${url}/plans/${PLAN_609}?on=2025-01-01`);
    await look(phone.page, 'plan-as-of-phone', false);
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });

  it('copies the plan as the programme to 2030, reviews the draft with its checks, corrects its details and brings it into force', async () => {
    const { context, page, errors } = await coordinatorPage();
    const url = e2e.server.url;
    await page.goto(`${url}/plans/${PLAN_609}`);
    await page.getByRole('link', { name: 'Копіювати як новий план' }).click();
    await page.waitForURL(/\/copy$/);
    await look(page, 'copy-form');
    await page.fill('#title', 'Обласна програма протидії торгівлі людьми на період до 2030 року');
    await page.fill('#legalNumber', '12');
    await page.fill('#legalDate', '10.01.2026');
    await page.fill('#end', '31.12.2030');
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/\/plans\/poltava-ctb-2026-2030\/review$/);
    expect(await page.locator('.review-measure__warnings li').first().textContent()).toBe('Строк закінчується до початку плану: виправте строк');
    await look(page, 'copy-review', false);

    await page.getByRole('link', { name: 'Змінити дані плану' }).click();
    await page.fill('#end', '31.12.2029');
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/review\?details=1$/);
    expect(await page.locator('.summary-list').first().textContent()).toContain('01.01.2026 – 31.12.2029');

    await page.getByRole('link', { name: 'Виправити Захід 1.1' }).click();
    await page.fill('#deadline', '2026-2029');
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/review\?saved=1\.1/);
    expect(await page.locator('#measure-1\\.1 .review-measure__warnings').count()).toBe(0);
    await page.getByRole('button', { name: 'План перевірено — ввести в дію' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Позначте, що чернетку перевірено');
    await page.check('#activateConfirm');
    await page.getByRole('button', { name: 'План перевірено — ввести в дію' }).click();
    await page.waitForURL(/\/plans\/poltava-ctb-2026-2030\?done=activated$/);
    expect(await page.locator('.notice--ok').textContent()).toBe('План набрав чинності.');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('maintains the directory: adds an organisation, renames it, edits a group and merges two organisations', async () => {
    const { context, page, errors } = await coordinatorPage();
    const url = e2e.server.url;
    await page.goto(`${url}/organisations`);
    await page.getByRole('link', { name: 'Додати організацію' }).click();
    await page.fill('#email', 'не адреса');
    await page.click('form.form button[type="submit"]');
    await expect.poll(() => page.title()).toMatch(/^Помилка: /);
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Введіть повну назву організації', 'Введіть адресу електронної пошти, наприклад sobes@example.gov.ua']);
    await look(page, 'organisation-new-errors');
    await page.fill('#name', 'Громадська організація «Полтавська асоціація жінок-юристів»');
    await page.selectOption('#kind', 'ngo');
    await page.fill('#email', 'office@pawl.org.ua');
    await page.check('#byConsent');
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/\?saved=1$/);
    expect(await page.locator('h1').textContent()).toBe('Громадська організація «Полтавська асоціація жінок-юристів»');
    await page.getByRole('link', { name: 'Змінити дані' }).click();
    await page.fill('#name', 'Громадська організація «Асоціація правниць Полтавщини»');
    await page.fill('#renamedOn', '01.06.2024');
    await look(page, 'organisation-edit');
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/\?saved=1$/);
    expect(await page.locator('.summary-list').textContent()).toContain('Громадська організація «Полтавська асоціація жінок-юристів» (до 31.05.2024)');
    await look(page, 'organisation-renamed');

    await page.goto(`${url}/organisations/groups/ngos`);
    await page.getByRole('link', { name: 'Змінити групу' }).click();
    await page.locator('summary', { hasText: 'громадська організація' }).click();
    await page.getByLabel('Громадська організація «Асоціація правниць Полтавщини»').check();
    await look(page, 'group-edit');
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/\/organisations\/groups\/ngos\?saved=1$/);
    expect(await page.locator('main').textContent()).toContain('Асоціація правниць Полтавщини');

    await page.goto(`${url}/organisations/poltava-employment-centre`);
    await page.getByRole('link', { name: 'Об’єднати з іншою організацією' }).click();
    await page.selectOption('#into', 'poltava-social-services-centre');
    await look(page, 'merge');
    await page.click('form.form button[type="submit"]');
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Позначте, що ви справді об’єднуєте організації');
    await page.check('#confirm');
    await page.click('form.form button[type="submit"]');
    await page.waitForURL(/\/organisations\/poltava-social-services-centre\?merged=1$/);
    expect(await page.locator('.notice--ok').textContent()).toBe('Організації об’єднано.');
    expect(errors).toEqual([]);
    await context.close();

    const phone = await coordinatorPage(PHONE);
    await phone.page.goto(`${url}/organisations/new`);
    await look(phone.page, 'organisation-new-phone');
    await phone.page.goto(`${url}/organisations/poltava-employment-centre`);
    await look(phone.page, 'organisation-merged-phone');
    await phone.context.close();
  });
  it('defines an indicator of measure 4.6 from its page, with its errors beside the fields, and on a phone', async () => {
    const { context, page, errors } = await coordinatorPage();
    const url = e2e.server.url;
    await page.goto(`${url}/plans/${PLAN_609}/measures/4.6`);
    await page.getByRole('link', { name: 'Змінити показники' }).click();
    await page.waitForURL(/\/indicators$/);
    await look(page, 'indicators-list');
    await page.fill('#name', 'Надано консультацій щодо статусу');
    await page.fill('#unit', '');
    await page.fill('#target', '-5');
    await page.getByRole('button', { name: 'Додати показник' }).click();
    await expect.poll(() => page.title()).toMatch(/^Помилка: /);
    expect(await page.locator('.error-summary').textContent()).toContain('Введіть одиницю виміру');
    expect(await page.inputValue('#name')).toBe('Надано консультацій щодо статусу');
    await look(page, 'indicators-errors');
    await page.fill('#unit', 'консультацій');
    await page.fill('#target', '');
    await page.check('#sensitive');
    await page.getByRole('button', { name: 'Додати показник' }).click();
    await page.waitForURL(/done=added$/);
    expect(await page.locator('.indicator-list').textContent()).toContain('Надано консультацій щодо статусу');
    await page.getByRole('link', { name: 'Змінити Надано консультацій щодо статусу' }).click();
    await page.waitForURL(/\/indicators\/\d+$/);
    await look(page, 'indicator-edit', false);
    await page.fill('#target', '25');
    await page.getByRole('button', { name: 'Зберегти показник' }).click();
    await page.waitForURL(/done=saved$/);
    expect(await page.locator('.indicator-list').textContent()).toContain('ціль 25');
    await page.setViewportSize(PHONE);
    await look(page, 'indicators-phone', false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
