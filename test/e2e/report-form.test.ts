import fs from 'node:fs';
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

const PERIOD = '2024-H2';
const POLICE = `/reports/${PLAN_609}/${PERIOD}/poltava-police`;
const CHILDREN = `/reports/${PLAN_609}/${PERIOD}/poltava-ova-children`;
const COMMUNITY = `/reports/${PLAN_609}/${PERIOD}/community-reshetylivska`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** The ids of the measures on the form, in order. */
async function measureIds(page: Page): Promise<number[]> {
  const actions = await page.locator('form[data-autosave]').evaluateAll((forms) => forms.map((f) => f.getAttribute('action')!));
  return actions.map((a) => Number(/entries\/(\d+)$/.exec(a)![1]));
}

/**
 * Every save of an entry the browser sends: the requests Playwright sees, and the beacons sent as
 * the page goes (which it does not see: the page counts them in its storage, then sends them as ever).
 */
async function countEntrySaves(context: BrowserContext, page: Page): Promise<{ count: () => Promise<number>; reset: () => Promise<void> }> {
  let requests = 0;
  context.on('request', (r) => {
    if (r.method() === 'POST' && r.resourceType() !== 'ping' && /\/entries\/\d+$/.test(new URL(r.url()).pathname)) requests++;
  });
  await context.addInitScript(() => {
    const send = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      if (/\/entries\/\d+$/.test(new URL(String(url), location.href).pathname)) localStorage.setItem('entry-beacons', String(Number(localStorage.getItem('entry-beacons') ?? 0) + 1));
      return send(url, data);
    };
  });
  const beacons = async () => Number(await page.evaluate(() => localStorage.getItem('entry-beacons') ?? 0));
  return {
    count: async () => requests + (await beacons()),
    reset: async () => {
      requests = 0;
      await page.evaluate(() => localStorage.removeItem('entry-beacons'));
    },
  };
}

/** The description of a measure as the server has it (through the JSON API, in the page's session). */
async function savedNarrative(page: Page, report: string, measureId: number): Promise<string | undefined> {
  const body = (await page.evaluate(async (url) => (await fetch(url)).json(), `/api/v1${report}`)) as { measures: { id: number; entry: { narrative: string } }[] };
  return body.measures.find((m) => m.id === measureId)?.entry.narrative;
}

const saved = (page: Page, id: number) => expect.poll(() => page.locator(`#e${id}-status`).textContent(), { timeout: 10_000 }).toMatch(/^Збережено/);

describe(`the executor's report form in Chromium on ${DIALECT}`, () => {
  it('asks before leaving only when something is not saved, and saves it once as the page goes', async () => {
    const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.accept();
    });
    const saves = await countEntrySaves(context, page);
    await e2e.signIn(page, 'police');
    await page.goto(`${e2e.server.url}${POLICE}`);
    const [first, second] = await measureIds(page);

    // Typed and autosaved (a state chosen, a description typed), then away through a link: no question, nothing sent again.
    await page.check(`#e${first}-state`);
    await page.fill(`#e${first}-narrative`, 'Проведено 12 лекцій у школах.');
    await expect.poll(() => savedNarrative(page, POLICE, first!), { timeout: 10_000 }).toBe('Проведено 12 лекцій у школах.');
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('form[data-autosave][data-saving="1"]').length)).toBe(0);
    await saved(page, first!);
    await saves.reset();
    await Promise.all([page.waitForURL(/\/plans$/), page.click('.site-nav a[href="/plans"]')]);
    expect(dialogs).toEqual([]);
    expect(await saves.count()).toBe(0);

    // After an upload too.
    await page.goto(`${e2e.server.url}${POLICE}`);
    await page.setInputFiles(`#file-${first}`, { name: 'Лекції.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.locator(`#files-${first} a[download]`).count(), { timeout: 10_000 }).toBe(1);
    await Promise.all([page.waitForURL(/\/plans$/), page.click('.site-nav a[href="/plans"]')]);
    expect(dialogs).toEqual([]);

    // Typed and gone at once: asked, and the text is sent once as the page goes.
    await page.goto(`${e2e.server.url}${POLICE}`);
    await saves.reset();
    await page.fill(`#e${second}-narrative`, 'Опубліковано 7 матеріалів.');
    await Promise.all([page.waitForURL(/\/plans$/), page.click('.site-nav a[href="/plans"]')]);
    expect(dialogs).toEqual(['beforeunload']);
    await expect.poll(() => savedNarrative(page, POLICE, second!), { timeout: 10_000 }).toBe('Опубліковано 7 матеріалів.');
    expect(await saves.count()).toBe(1);

    // A link that is not one: the rest is saved, that field is not — leaving still asks.
    await page.goto(`${e2e.server.url}${POLICE}`);
    dialogs.length = 0;
    await page.fill(`#e${second}-links`, 'https://police.gov.ua/news/1\nwww.police.gov.ua/news/2');
    await expect.poll(() => page.locator(`#e${second}-status`).textContent(), { timeout: 10_000 }).toContain('крім полів із помилками');
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('form[data-autosave][data-saving="1"]').length)).toBe(0);
    await Promise.all([page.waitForURL(/\/plans$/), page.click('.site-nav a[href="/plans"]')]);
    expect(dialogs).toEqual(['beforeunload']);
    await context.close();
  });

  it('autosaves under the real Content-Security-Policy without a single violation', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const messages: string[] = [];
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
    // What the browser refused, with where (the console says less).
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
    });
    await e2e.signIn(page, 'children');
    await page.goto(`${e2e.server.url}${CHILDREN}`);
    const [first] = await measureIds(page);
    await page.check(`#e${first}-state-not_done`);
    await page.fill(`#e${first}-reason`, 'Не було фінансування.');
    await page.fill(`#e${first}-narrative`, 'Рядок перший.\nРядок другий.');
    await saved(page, first!);
    // A wrong value answered beside its field, and corrected: more swaps.
    const value = page.locator(`#m${first} .indicator input`).first();
    if ((await value.count()) > 0) {
      await value.fill('-1');
      await expect.poll(() => page.locator(`#m${first} .indicator .field__error`).count(), { timeout: 10_000 }).toBe(1);
      await value.fill('1');
      await expect.poll(() => page.locator(`#m${first} .indicator .field__error`).count(), { timeout: 10_000 }).toBe(0);
    }
    await page.setInputFiles(`#file-${first}`, { name: 'Акт.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.locator(`#files-${first} a[download]`).count(), { timeout: 10_000 }).toBe(1);
    // A colleague's save of the same measure meanwhile: the conflict is swapped in.
    const other = await e2e.browser.newContext({ bypassCSP: true });
    const colleague = await other.newPage();
    await e2e.signIn(colleague, 'children');
    await colleague.goto(`${e2e.server.url}${CHILDREN}`);
    await page.fill(`#e${first}-narrative`, 'Моя версія.');
    await saved(page, first!);
    await colleague.fill(`#e${first}-narrative`, 'Версія колеги.');
    await expect.poll(() => colleague.locator(`#e${first}-status .conflict`).count(), { timeout: 10_000 }).toBe(1);
    await other.close();
    await page.fill(`#e${first}-narrative`, 'Моя версія, ще раз.');
    await expect.poll(() => savedNarrative(page, CHILDREN, first!), { timeout: 10_000 }).toBe('Моя версія, ще раз.');
    // Submitting too early: the page with the list of what is missing.
    await page.click('form[data-submit-report] button');
    await page.waitForLoadState('load');
    await page.fill(`#e${first}-narrative`, 'Після помилок.');
    await expect.poll(() => savedNarrative(page, CHILDREN, first!), { timeout: 10_000 }).toBe('Після помилок.');
    // Submitted meanwhile (through the API, as a colleague would): the next autosave is answered with a whole page (409), swapped in.
    await page.evaluate(async (report) => {
      const csrf = JSON.parse(document.body.getAttribute('hx-headers')!)['X-CSRF-Token'];
      const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
      const body = (await (await fetch(report)).json()) as { measures: { id: number; entry: { version: number; state: string | null } }[] };
      for (const m of body.measures) {
        if (m.entry.state) continue;
        const r = await fetch(`${report}/entries/${m.id}`, { method: 'PUT', headers, body: JSON.stringify({ version: m.entry.version, state: 'done' }) });
        if (!r.ok) throw new Error(`${m.id}: ${r.status}`);
      }
      const submitted = await fetch(`${report}/submit`, { method: 'POST', headers, body: '{}' });
      if (!submitted.ok) throw new Error(`submit: ${submitted.status}`);
    }, `/api/v1${CHILDREN}`);
    await page.fill(`#e${first}-narrative`, 'Уже після подання.');
    await expect.poll(() => page.locator(`#e${first}-status`).textContent(), { timeout: 10_000 }).toContain('не можна змінити');
    expect(messages.filter((m) => /Content Security Policy|Content-Security-Policy|CSP/i.test(m))).toEqual([]);
    expect(messages.filter((m) => m.startsWith('error') && !/status of (400|409)/.test(m))).toEqual([]);
    await context.close();
  });

  it('lists the measures at the top with their state and a count, kept up to date, and asks for a reason only where one is needed', async () => {
    const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await e2e.signIn(page, 'community');
    await page.goto(`${e2e.server.url}${COMMUNITY}`);
    const ids = await measureIds(page);
    expect(ids).toHaveLength(17);
    // How tall the 17-measure form is, on a desktop and on a phone (looked at, not asserted).
    const heights: Record<string, number> = {};
    heights.desktop = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 390, height: 844 });
    heights.phone = await page.evaluate(() => document.documentElement.scrollHeight);
    fs.writeFileSync(path.join(SHOTS, 'report-form-heights.json'), JSON.stringify(heights));
    console.log(`the 17-measure form: ${heights.desktop} px on a desktop, ${heights.phone} px on a phone`);
    await page.screenshot({ path: path.join(SHOTS, 'report-form-top-phone.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, 'report-form-top-desktop.png') });

    const list = page.locator('nav.measure-list');
    await expect.poll(() => page.locator('#report-progress').textContent()).toBe('Заповнено 0 з 17 заходів');
    expect(await list.locator('li').count()).toBe(17);
    expect(await list.locator(`#toc-${ids[0]}`).textContent()).toContain('не вказано стан');

    // The reason appears for the states that need one.
    const first = ids[0]!;
    expect(await page.isVisible(`#e${first}-reason`)).toBe(false);
    await page.check(`#e${first}-state-not_held`);
    expect(await page.isVisible(`#e${first}-reason`)).toBe(true);
    await saved(page, first);
    await expect.poll(() => list.locator(`#toc-${first}`).textContent(), { timeout: 10_000 }).toContain('бракує причини');
    expect(await page.locator('#report-progress').textContent()).toBe('Заповнено 0 з 17 заходів');
    await page.fill(`#e${first}-reason`, 'Звернень не надходило.');
    await expect.poll(() => list.locator(`#toc-${first}`).textContent(), { timeout: 10_000 }).toContain('заповнено');
    await expect.poll(() => page.locator('#report-progress').textContent()).toBe('Заповнено 1 з 17 заходів');
    await page.check(`#e${ids[1]}-state`);
    expect(await page.isVisible(`#e${ids[1]}-reason`)).toBe(false);
    await expect.poll(() => page.locator('#report-progress').textContent(), { timeout: 10_000 }).toBe('Заповнено 2 з 17 заходів');

    // A text that seems to name a person, in a measure with sensitive indicators: a warning beside it, and it is saved.
    const sensitive = page.locator('article.entry', { has: page.locator('h3 .measure-code', { hasText: /^3\.4$/ }) });
    const sensitiveId = Number((await sensitive.getAttribute('id'))!.slice(1));
    await page.check(`#e${sensitiveId}-state-in_progress`);
    await page.fill(`#e${sensitiveId}-narrative`, 'Виявлено постраждалу: Коваленко Марія Іванівна, 12.03.1998 р.н.\nЇй надано допомогу.');
    await expect.poll(() => page.locator(`#e${sensitiveId}-narrative-pd`).textContent(), { timeout: 10_000 }).toContain('ім’я та по батькові («Коваленко Марія Іванівна»)');
    await saved(page, sensitiveId);
    await sensitive.screenshot({ path: path.join(SHOTS, 'report-personal-data-desktop.png') });
    await page.locator(`#m${first}`).screenshot({ path: path.join(SHOTS, 'report-entry-reason-desktop.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await sensitive.screenshot({ path: path.join(SHOTS, 'report-personal-data-phone.png') });
    await page.locator('nav.measure-list').screenshot({ path: path.join(SHOTS, 'report-measure-list-phone.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('nav.measure-list').screenshot({ path: path.join(SHOTS, 'report-measure-list-desktop.png') });
    await expect.poll(() => page.locator('#report-progress').textContent(), { timeout: 10_000 }).toBe('Заповнено 3 з 17 заходів');

    // A jump link leads to its measure.
    await list.locator(`a[href="#m${ids[16]}"]`).click();
    await page.waitForURL(new RegExp(`#m${ids[16]}$`));
    expect(await page.locator(`#m${ids[16]}`).isVisible()).toBe(true);
    await expectAccessible(page, 'the form with its list of measures');

    // Without JavaScript the reason is still there to fill.
    const plain = await e2e.browser.newContext({ bypassCSP: true, javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const noJs = await plain.newPage();
    await e2e.signIn(noJs, 'community');
    await noJs.goto(`${e2e.server.url}${COMMUNITY}`);
    await noJs.check(`#e${ids[2]}-state-not_done`);
    expect(await noJs.isVisible(`#e${ids[2]}-reason`)).toBe(true);
    await plain.close();

    // Submitted (the rest through the API): the coordinator reviewing it sees the same warning beside that measure.
    await page.evaluate(async (report) => {
      const csrf = JSON.parse(document.body.getAttribute('hx-headers')!)['X-CSRF-Token'];
      const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
      const body = (await (await fetch(report)).json()) as { measures: { id: number; entry: { version: number; state: string | null } }[] };
      for (const m of body.measures.filter((x) => !x.entry.state)) {
        const r = await fetch(`${report}/entries/${m.id}`, { method: 'PUT', headers, body: JSON.stringify({ version: m.entry.version, state: 'in_progress' }) });
        if (!r.ok) throw new Error(`${m.id}: ${r.status}`);
      }
      if (!(await fetch(`${report}/submit`, { method: 'POST', headers, body: '{}' })).ok) throw new Error('submit');
    }, `/api/v1${COMMUNITY}`);
    const reviewer = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const coordinator = await reviewer.newPage();
    await e2e.signIn(coordinator, 'coordinator');
    await coordinator.goto(`${e2e.server.url}${COMMUNITY}`);
    expect(await coordinator.locator(`#s${sensitiveId}-pd`).textContent()).toContain('ім’я та по батькові («Коваленко Марія Іванівна»)');
    expect(await coordinator.locator(`#s${ids[0]}-pd`).textContent()).toBe('');
    await expectAccessible(coordinator, 'the review with a personal-data warning');
    await coordinator.locator(`#s${sensitiveId}`).screenshot({ path: path.join(SHOTS, 'report-personal-data-review-desktop.png') });
    await reviewer.close();
    await context.close();
  });

  it('uploads a file as soon as it is chosen, and asks before submitting when a chosen file could not be uploaded', async () => {
    const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const dialogs: { type: string; message: string }[] = [];
    page.on('dialog', (d) => {
      dialogs.push({ type: d.type(), message: d.message() });
      void d.dismiss();
    });
    await e2e.signIn(page, 'district');
    const district = `/reports/${PLAN_609}/${PERIOD}/poltava-district-ma`;
    await page.goto(`${e2e.server.url}${district}`);
    const [first, second] = await measureIds(page);
    // Chosen: uploaded, no button to press.
    expect(await page.isVisible(`#files-${first} .attachments__upload`)).toBe(false);
    await page.setInputFiles(`#file-${first}`, { name: 'Протокол.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.locator(`#files-${first} a[download]`).textContent(), { timeout: 10_000 }).toBe('Протокол.pdf');

    // Chosen while the connection is down: said beside the field, and the button is back for a retry.
    await context.setOffline(true);
    await page.setInputFiles(`#file-${second}`, { name: 'Фото.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.locator(`#files-${second} .attachments__failed`).textContent(), { timeout: 10_000 }).toContain('Файл не завантажено');
    expect(await page.isVisible(`#files-${second} .attachments__upload`)).toBe(true);
    await context.setOffline(false);
    await page.locator(`#files-${second}`).screenshot({ path: path.join(SHOTS, 'report-upload-failed-desktop.png') });
    // Submitting now asks first; declined, the page stays as it is.
    await page.click('form[data-submit-report] button');
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toEqual({ type: 'confirm', message: 'Вибраний файл ще не завантажено, тож до звіту він не потрапить. Подати звіт без нього?' });
    expect(page.url()).toBe(`${e2e.server.url}${district}`);
    expect(await page.locator('form[data-submit-report] button').isEnabled()).toBe(true);
    // Retried: uploaded, and nothing more to ask.
    await page.click(`#files-${second} .attachments__upload`);
    await expect.poll(() => page.locator(`#files-${second} a[download]`).textContent(), { timeout: 10_000 }).toBe('Фото.pdf');
    await Promise.all([page.waitForLoadState('load'), page.click('form[data-submit-report] button')]);
    await expect.poll(() => page.title()).toMatch(/^Помилка: /);
    expect(dialogs).toHaveLength(1);
    await context.close();
  });
});
