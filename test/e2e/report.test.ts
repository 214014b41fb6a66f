import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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
const REPORT = `/reports/${PLAN_609}/${PERIOD}/poltava-police`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `report-${name}.png`), fullPage: false });
}

interface ApiMeasure {
  id: number;
  code: string;
  indicators: { id: number; name: string }[];
  entry: { version: number; state: string | null; narrative: string };
}

async function apiReport(page: Page): Promise<{ measures: ApiMeasure[]; state: string }> {
  return page.evaluate(async (url) => (await fetch(url)).json(), `/api/v1${REPORT}`);
}

describe(`an executor's half-year report in Chromium on ${DIALECT}`, () => {
  it('fills two measures, reloads with nothing lost, attaches a PDF, submits, withdraws and submits again', async () => {
    const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // A 400 is the form's own answer to a wrong value (shown beside the field), not a fault.
      if (m.type() === 'error' && !/status of 400/.test(m.text())) errors.push(m.text());
    });
    const base = e2e.server.url;
    await e2e.signIn(page, 'police');

    await page.goto(`${base}/reports`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Мої звіти');
    await expectAccessible(page, 'my reports');
    await shoot(page, 'list-desktop');
    await page.click(`a[href="${REPORT}"]`);
    await page.waitForURL(`**${REPORT}`);
    await expectAccessible(page, 'the report form');
    await shoot(page, 'form-desktop');

    const { measures } = await apiReport(page);
    const [m11, m12] = [measures.find((m) => m.code === '1.1')!, measures.find((m) => m.code === '1.2')!];
    // Measure 1.1: a state and a narrative, saved as typed.
    await page.check(`#e${m11.id}-state`);
    await page.fill(`#e${m11.id}-narrative`, 'Проведено 12 лекцій у школах Полтави.\n\nРозповсюджено 400 буклетів про лінію 1547.');
    await expect.poll(() => page.locator(`#e${m11.id}-status`).textContent(), { timeout: 10_000 }).toMatch(/^Збережено \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    // Measure 1.2: another state, an indicator and a narrative.
    await page.check(`#e${m12.id}-state-in_progress`);
    await page.fill(`#e${m12.id}-v${m12.indicators[0]!.id}`, '7');
    await page.fill(`#e${m12.id}-narrative`, 'Опубліковано 7 матеріалів на сайті поліції.');
    await expect.poll(() => page.locator(`#e${m12.id}-status`).textContent(), { timeout: 10_000 }).toMatch(/^Збережено/);
    // A wrong value is answered beside its field.
    await page.fill(`#e${m12.id}-v${m12.indicators[0]!.id}`, '-2');
    await expect.poll(() => page.locator(`#e${m12.id}-v${m12.indicators[0]!.id}-msg`).textContent(), { timeout: 10_000 }).toContain('від’ємним');
    await shoot(page, 'field-error-desktop');
    await page.fill(`#e${m12.id}-v${m12.indicators[0]!.id}`, '7');
    await expect.poll(() => page.locator(`#e${m12.id}-v${m12.indicators[0]!.id}-msg`).textContent(), { timeout: 10_000 }).toBe('');

    // Reload: nothing lost.
    await page.reload();
    expect(await page.locator(`#e${m11.id}-narrative`).inputValue()).toContain('400 буклетів');
    expect(await page.isChecked(`#e${m11.id}-state`)).toBe(true);
    expect(await page.isChecked(`#e${m12.id}-state-in_progress`)).toBe(true);
    expect(await page.locator(`#e${m12.id}-v${m12.indicators[0]!.id}`).inputValue()).toBe('7');

    // A PDF attached to 1.1: uploaded as soon as it is chosen.
    await page.setInputFiles(`#file-${m11.id}`, { name: 'Лекції в школах.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.locator(`#files-${m11.id} a[download]`).textContent(), { timeout: 10_000 }).toBe('Лекції в школах.pdf');

    // Submitting too early lists what is missing, linked to the fields.
    await page.click('form[data-submit-report] button');
    await page.waitForLoadState('load');
    expect(await page.title()).toMatch(/^Помилка: /);
    expect(await page.locator('.error-summary li').count()).toBe(measures.length - 2);
    await expectAccessible(page, 'the report with errors');
    await shoot(page, 'submit-errors-desktop');

    // The other measures are filled through the API (the same session), then the report is submitted.
    await page.evaluate(
      async ({ url, list }) => {
        const csrf = JSON.parse(document.body.getAttribute('hx-headers')!)['X-CSRF-Token'];
        for (const m of list) {
          const r = await fetch(`${url}/entries/${m.id}`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ version: m.entry.version, state: 'not_held', reason: 'Звернень не надходило' }) });
          if (!r.ok) throw new Error(`${m.code}: ${r.status}`);
        }
      },
      { url: `/api/v1${REPORT}`, list: measures.filter((m) => m.code !== '1.1' && m.code !== '1.2') },
    );
    await page.goto(`${base}${REPORT}`);
    await Promise.all([page.waitForURL(/submitted=1/), page.dblclick('form[data-submit-report] button')]);
    await expect.poll(() => page.locator('.notice--ok').textContent()).toContain('Звіт подано');
    expect(await page.locator('.submitted').textContent()).toContain('400 буклетів');
    await expectAccessible(page, 'the submitted report');
    await shoot(page, 'submitted-desktop');

    // Withdrawn: the form is back, as it was.
    await page.click('text=Відкликати звіт');
    await page.waitForURL(/withdrawn=1/);
    expect(await page.locator(`#e${m11.id}-narrative`).inputValue()).toContain('400 буклетів');
    await page.fill(`#e${m11.id}-narrative`, 'Проведено 12 лекцій у школах Полтави.\n\nРозповсюджено 450 буклетів про лінію 1547.');
    await expect.poll(() => page.locator(`#e${m11.id}-status`).textContent(), { timeout: 10_000 }).toMatch(/^Збережено/);
    await page.click('form[data-submit-report] button');
    await page.waitForURL(/submitted=1/);
    expect(await page.locator('.submitted').textContent()).toContain('450 буклетів');
    expect(await page.locator('#submissions-title + ol li').count()).toBe(2);
    expect((await apiReport(page)).state).toBe('submitted');

    // A phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot(page, 'submitted-phone');
    await page.goto(`${base}/reports`);
    await shoot(page, 'list-phone');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows two colleagues saving one measure both versions, and keeps the one chosen', async () => {
    const first = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const second = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const a = await first.newPage();
    const b = await second.newPage();
    await e2e.signIn(a, 'children');
    await e2e.signIn(b, 'children');
    const url = `${e2e.server.url}/reports/${PLAN_609}/${PERIOD}/poltava-ova-children`;
    await a.goto(url);
    await b.goto(url);
    const id = await a.locator('form[data-autosave]').first().getAttribute('action').then((x) => Number(/entries\/(\d+)/.exec(x!)![1]));
    await a.fill(`#e${id}-narrative`, 'Варіант першої колеги');
    await expect.poll(() => a.locator(`#e${id}-status`).textContent(), { timeout: 10_000 }).toMatch(/^Збережено/);
    await b.fill(`#e${id}-narrative`, 'Варіант другої колеги');
    await expect.poll(() => b.locator(`#e${id}-status .conflict`).count(), { timeout: 10_000 }).toBe(1);
    expect(await b.locator(`#e${id}-status`).textContent()).toContain('Варіант першої колеги');
    await expectAccessible(b, 'a conflict');
    await b.locator(`#e${id}-status .conflict`).scrollIntoViewIfNeeded();
    await b.screenshot({ path: path.join(SHOTS, 'report-conflict-phone.png') });
    await b.click(`#e${id}-status button`);
    await expect.poll(() => b.locator(`#e${id}-status`).textContent(), { timeout: 10_000 }).toMatch(/^Збережено/);
    await a.reload();
    expect(await a.locator(`#e${id}-narrative`).inputValue()).toBe('Варіант другої колеги');
    await first.close();
    await second.close();
  });
});
