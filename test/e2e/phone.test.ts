import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PLAN_609 } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';

/** A 390 px phone: no page is wider than the screen; a table that scrolls sideways says so. */

let e2e: E2e;

beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  await e2e?.close();
});

const PHONE = { width: 390, height: 844 };

async function fits(page: Page, url: string, name: string) {
  await page.goto(`${e2e.server.url}${url}`);
  await page.screenshot({ path: path.join(SHOTS, `phone-${name}.png`), fullPage: false });
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    // What sticks out, to say which element is too wide when it fails.
    wide: Array.from(document.querySelectorAll('main *')).filter((e) => !e.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 0.5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).slice(0, 5),
  }));
  expect(widths.page, `${name}: ${widths.wide.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
  // A table wider than the screen scrolls in its own box: reachable by keyboard, named, with a visible edge shadow.
  const boxes = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.table-scroll')).map((b) => ({
      scrolls: b.scrollWidth > b.clientWidth,
      role: b.getAttribute('role'),
      label: b.getAttribute('aria-label'),
      tabindex: b.getAttribute('tabindex'),
      shadow: getComputedStyle(b).backgroundImage,
    })),
  );
  for (const b of boxes) {
    expect(b, name).toMatchObject({ role: 'region', tabindex: '0' });
    expect(b.label, name).toBeTruthy();
    if (b.scrolls) expect(b.shadow, name).toContain('gradient');
  }
  await expectAccessible(page, `phone ${name}`);
  return boxes;
}

describe(`pages on a 390 px phone in Chromium on ${DIALECT}`, () => {
  it('fit the screen: the consolidation, my reports (the state column seen), the grid, a review, the audit log', async () => {
    const coordinatorContext = await e2e.browser.newContext({ viewport: PHONE, bypassCSP: true });
    const coordinator = await coordinatorContext.newPage();
    await e2e.signIn(coordinator, 'coordinator');
    await fits(coordinator, `/plans/${PLAN_609}/periods/2023-H2/consolidation`, 'consolidation');
    const grid = await fits(coordinator, `/plans/${PLAN_609}/periods/2023-H2/reports`, 'grid');
    expect(grid.some((b) => b.scrolls)).toBe(true);
    await fits(coordinator, `/reports/${PLAN_609}/2023-H2/poltava-district-ma`, 'report');
    await fits(coordinator, '/audit', 'audit');
    await coordinatorContext.close();

    const executorContext = await e2e.browser.newContext({ viewport: PHONE, bypassCSP: true });
    const executor = await executorContext.newPage();
    await e2e.signIn(executor, 'police');
    await fits(executor, '/reports', 'my-reports');
    // Every report's state is on the screen, not scrolled away to the right.
    const states = await executor.evaluate(() => Array.from(document.querySelectorAll('td.report-state')).map((td) => ({ right: td.getBoundingClientRect().right, text: td.textContent })));
    expect(states.length).toBeGreaterThan(0);
    for (const s of states) expect(s.right, s.text ?? '').toBeLessThanOrEqual(390);
    await executorContext.close();
  });
});
