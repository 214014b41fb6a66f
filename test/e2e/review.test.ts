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
const REPORT = `/reports/${PLAN_609}/${PERIOD}/poltava-district-ma`;
const GRID = `/plans/${PLAN_609}/periods/${PERIOD}/reports`;

async function look(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: path.join(SHOTS, `review-${name}.png`), fullPage });
  await expectAccessible(page, name);
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

describe(`the coordinator's review in Chromium on ${DIALECT}`, () => {
  it('the coordinator opens the grid, returns one measure with a comment, the executor resubmits, the coordinator compares and accepts', async () => {
    const base = e2e.server.url;
    // The district administration fills its report (through the API of its own session) and submits.
    const executorContext = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const executor = await executorContext.newPage();
    const executorErrors = collectErrors(executor);
    await e2e.signIn(executor, 'district');
    await executor.goto(`${base}${REPORT}`);
    const codes = await executor.evaluate(async (url) => {
      const csrf = JSON.parse(document.body.getAttribute('hx-headers')!)['X-CSRF-Token'];
      const report = (await (await fetch(url)).json()) as { measures: { id: number; code: string; entry: { version: number } }[] };
      for (const m of report.measures) {
        const r = await fetch(`${url}/entries/${m.id}`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ version: m.entry.version, state: 'done', narrative: `Захід ${m.code}: проведено зустрічі з громадами району.` }) });
        if (!r.ok) throw new Error(`${m.code}: ${r.status}`);
      }
      return report.measures.map((m) => m.code);
    }, `/api/v1${REPORT}`);
    expect(codes.length).toBeGreaterThan(1);
    await executor.goto(`${base}${REPORT}`);
    await Promise.all([executor.waitForURL(/submitted=1/), executor.click('form[data-submit-report] button')]);

    // The coordinator: the grid shows the report submitted; the demo's cycle fills the rest.
    const coordinatorContext = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const coordinator = await coordinatorContext.newPage();
    const coordinatorErrors = collectErrors(coordinator);
    await e2e.signIn(coordinator, 'coordinator');
    await coordinator.goto(`${base}${GRID}`);
    await expect.poll(() => coordinator.locator('h1').textContent()).toBe('Звіти виконавців за II півріччя 2024 року');
    expect(await coordinator.locator('.rates').textContent()).toContain('Повнота');
    await look(coordinator, 'grid', true);
    await coordinator.selectOption('#kind', 'district_administration');
    await coordinator.click('form.filter button[type="submit"]');
    await coordinator.waitForURL(/kind=district_administration/);
    const row = coordinator.locator('#org-poltava-district-ma');
    expect(await row.textContent()).toContain('подано');
    await row.getByRole('link', { name: /Полтавська районна/ }).click();
    await coordinator.waitForURL(`**${REPORT}`);
    await look(coordinator, 'submitted');

    // Return with a comment on the second measure.
    const second = codes[1]!;
    const field = coordinator.getByLabel(`Зауваження до заходу ${second} (необов’язково)`);
    await field.fill('Зазначте кількість зустрічей і громади, з якими їх проведено.');
    await coordinator.getByRole('button', { name: 'Повернути на доопрацювання' }).click();
    await coordinator.waitForURL(/reviewed=returned/);
    expect(await coordinator.locator('.notice--ok').textContent()).toContain('повернуто');

    // The executor sees the comment beside the measure, corrects it, and submits again.
    await executor.goto(`${base}${REPORT}`);
    expect(await executor.locator('.review-return').textContent()).toContain(second);
    const comment = executor.locator('.review-comment');
    expect(await comment.textContent()).toContain('Зазначте кількість зустрічей');
    await look(executor, 'returned');
    const article = executor.locator('article.entry', { has: comment });
    const narrative = article.locator('textarea[name="narrative"]');
    await narrative.fill(`Захід ${second}: проведено 6 зустрічей з громадами району (Полтавська, Решетилівська).`);
    await expect.poll(() => article.locator('.entry__status').textContent(), { timeout: 10_000 }).toMatch(/Збережено/);
    await Promise.all([executor.waitForURL(/submitted=1/), executor.click('form[data-submit-report] button')]);

    // The coordinator compares the two submissions, then accepts: the version and the return it answers are said at the top.
    await coordinator.goto(`${base}${REPORT}`);
    expect(await coordinator.locator('.resubmission').textContent()).toMatch(/^Версія 2, після повернення \d\d\.\d\d\.\d{4} · що змінилося порівняно з версією 1$/);
    await coordinator.screenshot({ path: path.join(SHOTS, 'review-resubmitted.png') });
    await coordinator.getByRole('link', { name: 'порівняти з поданням 1' }).click();
    await coordinator.waitForURL(/compare\?from=1&to=2/);
    expect(await coordinator.locator('h1').textContent()).toBe('Подання 1 і 2');
    expect(await coordinator.locator('ins').first().textContent()).toBeTruthy();
    await look(coordinator, 'compare', true);
    await coordinator.setViewportSize({ width: 390, height: 844 });
    await look(coordinator, 'compare-phone');
    await coordinator.setViewportSize({ width: 1280, height: 900 });
    await coordinator.goto(`${base}${REPORT}`);
    await coordinator.getByRole('button', { name: 'Прийняти звіт' }).click();
    await coordinator.waitForURL(/reviewed=accepted/);
    expect(await coordinator.locator('.report-summary').textContent()).toContain('прийнято');
    expect(await coordinator.locator('.review-history').textContent()).toContain('Подання 2 прийнято');
    await look(coordinator, 'accepted');
    // One measure across its executors, reached from the grid.
    await coordinator.goto(`${base}${GRID}`);
    await coordinator.click('.period-measures summary');
    await coordinator.locator('.period-measures a').first().click();
    await coordinator.waitForURL(/\/periods\/2024-H2\/measures\/\d+$/);
    expect(await coordinator.locator('.measure-entries').textContent()).toContain('Полтавська районна військова адміністрація');
    await look(coordinator, 'measure-across');
    await coordinator.goto(`${base}${GRID}`);
    await coordinator.setViewportSize({ width: 390, height: 844 });
    await look(coordinator, 'grid-phone');

    // The consolidation of the period: edit one measure, approve, the kept files listed.
    await coordinator.setViewportSize({ width: 1280, height: 900 });
    await coordinator.goto(`${base}${GRID}`);
    await coordinator.getByRole('link', { name: 'Узагальнена інформація' }).click();
    await coordinator.waitForURL(/\/consolidation$/);
    await look(coordinator, 'consolidation');
    const summary = coordinator.locator('textarea[name="summary"]').first();
    await summary.fill('Районні військові адміністрації провели зустрічі з громадами.');
    await coordinator.locator('form:has(textarea[name="summary"]) button[type="submit"]').first().click();
    await coordinator.waitForURL(/done=saved/);
    // Who signs, from the department's officials; the other measures are approved as drafted, knowingly.
    await coordinator.selectOption('#signatory-id', { index: 1 });
    if (await coordinator.locator('#approve-confirm').count()) await coordinator.check('#approve-confirm');
    await coordinator.getByRole('button', { name: /Затвердити версію 1/ }).click();
    await coordinator.waitForURL(/done=approved/);
    expect(await coordinator.locator('.consolidation-versions').textContent()).toContain('затверджено координатором');
    const download = coordinator.waitForEvent('download');
    await coordinator.locator('.version a', { hasText: 'PDF' }).click();
    expect((await download).suggestedFilename()).toMatch(/-v1\.pdf$/);
    await look(coordinator, 'consolidation-approved');

    expect(executorErrors).toEqual([]);
    expect(coordinatorErrors).toEqual([]);
    await executorContext.close();
    await coordinatorContext.close();
  });
});
