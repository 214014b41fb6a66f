import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PLAN_609 } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';
import { officeToPdf, pdfPagePng, pdfText } from '../support/office.ts';
import { formCells, type StatFormDefinition } from '../../src/domain/statistics.ts';
import { getForm } from '../../src/features/statistics/service.ts';

/**
 * The quarter's statistics and the reconciliation in Chromium, as the two services do them: the
 * police submit their figures, the children's service theirs, the difference shows, the police
 * explain it, the coordinator returns the service's form, the service corrects it, both confirm,
 * and the protocol is downloaded and printed. Desktop and phone; every page checked with axe.
 */

const Q = '2024-Q3';
const STATS = `/plans/${PLAN_609}/statistics`;
const RECON = `${STATS}/reconciliations/children-police-css/${Q}`;
let e2e: E2e;
const contexts: BrowserContext[] = [];

/** Signed-in sessions, reused: a second sign-in with the same one-time code would be refused as a replay. */
const signedIn = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

async function as(browser: Browser, who: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const state = signedIn.get(who);
  const context = await browser.newContext({ viewport, bypassCSP: true, acceptDownloads: true, ...(state ? { storageState: state } : {}) });
  contexts.push(context);
  const page = await context.newPage();
  if (!state) {
    await e2e.signIn(page, who);
    signedIn.set(who, await context.storageState());
  }
  return page;
}

/** Types a form's figures for the people given (their traits), as a clerk would, cell by cell. */
async function typeFigures(page: Page, form: StatFormDefinition, people: Record<string, string>[]) {
  for (const c of formCells(form)) {
    const value = people.filter((p) => c.at.every(([d, v]) => p[d] === v)).length;
    await page.fill(`input[name="cell.${c.id}"]`, String(value));
  }
}

const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);

beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await e2e?.close();
});

describe(`quarterly statistics and the reconciliation in Chromium on ${DIALECT}`, () => {
  it('police and children’s service submit, the difference is explained and corrected, both confirm, the protocol prints', async () => {
    const db = e2e.database.db;
    const policeForm = (await getForm(db, PLAN_609, 'victims-identified'))!.definition;
    const serviceForm = (await getForm(db, PLAN_609, 'children-identified'))!.definition;
    const girl = { age: 'children', sex: 'female', exploitation: 'sexual', scope: 'internal', district: 'poltava-district-ma' };
    const boy = { age: 'children', sex: 'male', exploitation: 'labour', scope: 'internal', district: 'lubny-district-ma' };
    const man = { age: 'adults', sex: 'male', exploitation: 'labour', scope: 'cross-border', district: 'poltava-district-ma' };

    // The police: from the plan's tabs to their quarter's form.
    const police = await as(e2e.browser, 'police');
    await police.goto(`${e2e.server.url}/plans/${PLAN_609}`);
    await police.getByRole('link', { name: 'Статистичні форми' }).first().click();
    await expectAccessible(police, 'statistics overview (police)');
    await police.getByRole('link', { name: /Головне управління Національної поліції в Полтавській області, III квартал 2024 року/ }).click();
    await typeFigures(police, policeForm, [girl, boy, man]);
    // Saved as typed (autosave), the status says so.
    await police.waitForFunction(() => /Збережено о \d{2}:\d{2}/.test(document.querySelector('#stat-status')?.textContent ?? ''));
    expect(await police.locator('#stat-version').inputValue()).not.toBe('0');
    // One slip: the total typed as 4 where the parts add up to 3.
    await police.fill('input[name="cell.identified"]', '4');
    await police.getByRole('button', { name: 'Подати' }).click();
    expect(await police.title()).toMatch(/^Помилка: /);
    expect(await police.locator('main').innerText()).toContain('Встановлено осіб за ознакою «Вік»: у сумі 3, а загальна кількість — 4 (різниця −1)');
    await police.screenshot({ path: path.join(SHOTS, 'stats-mismatch-desktop.png'), fullPage: true });
    await expectAccessible(police, 'statistics mismatch');
    await police.fill('input[name="cell.identified"]', '3');
    await police.getByRole('button', { name: 'Подати' }).click();
    await police.waitForURL(/done=submitted/);
    expect(await police.locator('main').innerText()).toContain('Форму подано');

    // The children's service: the girl, and the boy — in Myrhorod district, by mistake.
    const service = await as(e2e.browser, 'children', { width: 390, height: 844 });
    await service.goto(`${e2e.server.url}${STATS}/children-identified/${Q}/poltava-ova-children`);
    await typeFigures(service, serviceForm, [girl, { ...boy, district: 'myrhorod-district-ma' }]);
    await fits(service);
    await service.screenshot({ path: path.join(SHOTS, 'stats-form-phone.png'), fullPage: true });
    await expectAccessible(service, 'statistics form (phone)');
    await service.getByRole('button', { name: 'Подати' }).click();
    await service.waitForURL(/done=submitted/);

    // The difference, side by side.
    await police.goto(`${e2e.server.url}${RECON}`);
    const table = await police.locator('.recon-table').innerText();
    expect(table).toMatch(/Район: Лубенський\s+1\s+0\s+\+1/);
    expect(table).toMatch(/Район: Миргородський\s+0\s+1\s+-1/);
    await expectAccessible(police, 'reconciliation with a difference');
    // An explanation that names the child is refused; one about counts is taken.
    await police.selectOption('#comment-row', { label: 'Район: Лубенський (+1)' });
    await police.fill('#comment-text', 'Хлопчик Коваленко О.П., 2011 р.н.');
    await police.getByRole('button', { name: 'Додати пояснення' }).click();
    expect(await police.locator('#comment-text-error').innerText()).toContain('схоже на дані про особу');
    await police.fill('#comment-text', 'За нашими даними дитину виявлено в Лубенському районі; просимо службу перевірити.');
    await police.getByRole('button', { name: 'Додати пояснення' }).click();
    await police.waitForURL(/done=comment/);
    await police.getByRole('button', { name: 'Підтвердити дані' }).click();
    await police.waitForURL(/done=confirmed/);
    await police.screenshot({ path: path.join(SHOTS, 'reconciliation-desktop.png'), fullPage: true });

    // The coordinator returns the service's form; the service corrects the district and resubmits.
    const coordinator = await as(e2e.browser, 'coordinator');
    await coordinator.goto(`${e2e.server.url}${STATS}/children-identified/${Q}/poltava-ova-children`);
    await coordinator.fill('#review-comment', 'Перевірте район за звіркою з поліцією.');
    await coordinator.getByRole('button', { name: 'Повернути на доопрацювання' }).click();
    await coordinator.waitForURL(/done=returned/);
    await service.goto(`${e2e.server.url}${STATS}/children-identified/${Q}/poltava-ova-children`);
    expect(await service.locator('main').innerText()).toContain('Перевірте район за звіркою з поліцією.');
    await service.fill('input[name="cell.identified|district=myrhorod-district-ma"]', '0');
    await service.fill('input[name="cell.identified|district=lubny-district-ma"]', '1');
    await service.getByRole('button', { name: 'Подати' }).click();
    await service.waitForURL(/done=submitted/);

    // The police's confirmation was for the old figures: both confirm the new ones, and it closes.
    await service.goto(`${e2e.server.url}${RECON}`);
    expect(await service.locator('main').innerText()).toContain('ГУНП в Полтавській області: підтверджувала попередні дані');
    expect(await service.locator('main').innerText()).toContain('Розбіжностей немає.');
    await fits(service);
    await expectAccessible(service, 'reconciliation (phone)');
    await service.getByRole('button', { name: 'Підтвердити дані' }).click();
    await service.waitForURL(/done=confirmed/);
    await police.goto(`${e2e.server.url}${RECON}`);
    await police.getByRole('button', { name: 'Підтвердити дані' }).click();
    await police.waitForURL(/done=closed/);
    expect(await police.locator('main').innerText()).toContain('звірку завершено, акт складено');

    // The protocol, downloaded and printed.
    const [download] = await Promise.all([police.waitForEvent('download'), police.getByRole('link', { name: /Акт № 1 від/ }).click()]);
    const bytes = fs.readFileSync((await download.path())!);
    const pdf = await officeToPdf(bytes);
    const printed = pdfText(pdf).replace(/\s+/g, ' ');
    expect(printed).toContain('АКТ звірки кількості дітей, які постраждали від торгівлі людьми, за III квартал 2024 року');
    expect(printed).toContain('Розбіжностей за період не виявлено.');
    expect(printed).toContain('За нашими даними дитину виявлено в Лубенському районі');
    expect(printed).not.toContain('Коваленко');
    pdfPagePng(pdf, 1, path.join(SHOTS, 'reconciliation-protocol.png'));
  }, 240_000);

  it('the coordinator defines a new form on a phone, then its breakdowns; the police see it to fill in', async () => {
    const coordinator = await as(e2e.browser, 'coordinator', { width: 390, height: 844 });
    await coordinator.goto(`${e2e.server.url}${STATS}`);
    await coordinator.getByRole('link', { name: 'Нова статистична форма' }).click();
    await expectAccessible(coordinator, 'new statistical form (phone)');
    // Nothing filled: each refusal beside its field, nothing lost.
    await coordinator.getByRole('button', { name: 'Створити форму' }).click();
    expect(await coordinator.title()).toMatch(/^Помилка: /);
    expect(await coordinator.locator('#submitters-error').innerText()).toContain('Оберіть, хто подає форму');
    await expectAccessible(coordinator, 'new statistical form refused');
    await coordinator.fill('#title', 'Звернення на гарячу лінію щодо торгівлі людьми');
    await coordinator.getByText(/^Територіальні органи|^Обласні органи/).first().click();
    await coordinator.getByLabel('Головне управління Національної поліції в Полтавській області').check();
    await coordinator.fill('#quantity', 'Звернень, переданих поліції');
    await coordinator.selectOption('#unit', 'applications');
    await fits(coordinator);
    await coordinator.screenshot({ path: path.join(SHOTS, 'stats-new-form-phone.png'), fullPage: true });
    await coordinator.getByRole('button', { name: 'Створити форму' }).click();
    await coordinator.waitForURL(/\/structure\?done=saved/);
    expect(await coordinator.locator('main').innerText()).toContain('Структуру форми збережено.');
    // A dimension, saved; then the breakdown by it.
    await coordinator.fill('#d-0-label', 'Канал звернення');
    await coordinator.fill('#d-0-values', 'телефон 1547\nчат\nособисто');
    await Promise.all([coordinator.waitForNavigation(), coordinator.getByRole('button', { name: 'Зберегти структуру форми' }).click()]);
    await coordinator.selectOption('#b-0-quantity', { label: 'Звернень, переданих поліції' });
    await coordinator.selectOption('#b-0-first', { label: 'Канал звернення' });
    await Promise.all([coordinator.waitForNavigation(), coordinator.getByRole('button', { name: 'Зберегти структуру форми' }).click()]);
    expect(await coordinator.locator('main').innerText()).toContain('Структуру форми збережено.');
    await fits(coordinator);
    await expectAccessible(coordinator, 'form structure (phone)');
    await coordinator.screenshot({ path: path.join(SHOTS, 'stats-structure-phone.png'), fullPage: true });

    const police = await as(e2e.browser, 'police');
    await police.goto(`${e2e.server.url}${STATS}`);
    await police.getByRole('link', { name: /Головне управління Національної поліції в Полтавській області, III квартал 2024 року: не розпочато/ }).last().click();
    const cells = await police.locator('input[name^="cell."]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).name));
    expect(cells).toEqual(['cell.q1', 'cell.q1|d1=v1', 'cell.q1|d1=v2', 'cell.q1|d1=v3']);
    expect(await police.locator('main').innerText()).toContain('телефон 1547');
    await expectAccessible(police, 'new form to fill in');
  }, 240_000);
});
