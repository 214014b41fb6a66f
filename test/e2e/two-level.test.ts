import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { adjustableClock } from '../../src/clock.ts';
import { SYSTEM_ACTOR } from '../../src/features/audit/service.ts';
import { loadDirectory } from '../../src/features/organisations/service.ts';
import { loadReport, saveEntry, submitReport } from '../../src/features/reports/service.ts';
import { PLAN_609, TEST_NOW } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';

/**
 * The two-level cycle in Chromium (issue 17): the coordinator turns it on from the plan's calendar;
 * a community's report (submitted through the services) waits for its district; the district, on a
 * phone, finds it on its home, returns it with a comment on one measure; once it is resubmitted,
 * passes it on; the coordinator then sees it passed on. Every page checked with axe.
 */

let e2e: E2e;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  e2e = await startE2e();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await e2e?.close();
});

async function as(who: string, viewport = { width: 1280, height: 900 }) {
  const context = await e2e.browser.newContext({ viewport, bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  await e2e.signIn(page, who);
  return page;
}

const PERIOD = '2024-H2';

async function submitAs(organisationId: string, narrative: string) {
  const db = e2e.database.db;
  const clock = adjustableClock(TEST_NOW);
  const directory = await loadDirectory(db);
  let view = (await loadReport(db, directory, clock, PLAN_609, PERIOD, organisationId))!;
  for (const m of view.measures) {
    await saveEntry(db, clock, SYSTEM_ACTOR, view, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state: 'in_progress', reason: '', narrative, links: '', values: {} }, { onBehalf: false });
    view = (await loadReport(db, directory, clock, PLAN_609, PERIOD, organisationId))!;
  }
  const r = await submitReport(db, clock, SYSTEM_ACTOR, view, { onBehalf: false });
  expect(r.kind).toBe('submitted');
}

describe(`the two-level cycle in Chromium on ${DIALECT}`, () => {
  it('turned on by the coordinator; the district returns a community’s report on a phone, then passes it on', async () => {
    const coordinator = await as('coordinator');
    await coordinator.goto(`${e2e.server.url}/plans/${PLAN_609}/calendar`);
    await coordinator.getByLabel('Громади звітують спершу до свого району, а район передає звіти координатору').check();
    await coordinator.fill('#districtDueDay', '20');
    await coordinator.getByRole('button', { name: 'Зберегти' }).last().click();
    expect(await coordinator.locator('#districtDueDay-error').innerText()).toContain('раніше за 15 число');
    await expectAccessible(coordinator, 'the cycle refused');
    await coordinator.fill('#districtDueDay', '10');
    await coordinator.getByRole('button', { name: 'Зберегти' }).last().click();
    await coordinator.waitForURL(/done=cycle/);
    expect(await coordinator.locator('main').innerText()).toContain('подають звіт їй до 10 числа');

    const district = (await e2e.database.db.selectFrom('users').select('organisation_id').where('email', '=', e2e.accounts.district!.login).executeTakeFirstOrThrow()).organisation_id;
    const community = (await e2e.database.db.selectFrom('organisations').select('id').where('parent_id', '=', district).where('kind', '=', 'community').orderBy('id').executeTakeFirstOrThrow()).id;
    await submitAs(community, 'Проведено інформаційні зустрічі в старостинських округах.');

    const phone = await as('district', { width: 390, height: 844 });
    expect(await phone.locator('main').innerText()).toMatch(/чека(є|ють) вашого розгляду/);
    await phone.getByRole('link', { name: /вашого розгляду/ }).click();
    await phone.locator(`a[href$="/${PERIOD}/${community}"]`).first().click();
    await phone.waitForURL(new RegExp(`/reports/${PLAN_609}/${PERIOD}/${community}`));
    expect(await phone.locator('main').innerText()).toContain('Чекає розгляду району');
    await expectAccessible(phone, 'the district reviews (phone)');
    await phone.locator('textarea[name^="c"]').first().fill('Зазначте кількість учасників зустрічей.');
    await phone.getByRole('button', { name: 'Повернути на доопрацювання' }).click();
    await phone.waitForURL(/reviewed=returned/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(SHOTS, 'two-level-returned-phone.png'), fullPage: true });

    await submitAs(community, 'Проведено 6 зустрічей, 140 учасників.');
    await phone.reload();
    await phone.getByRole('button', { name: 'Прийняти і передати координатору' }).click();
    await phone.waitForURL(/reviewed=forwarded/);
    expect(await phone.locator('main').innerText()).toContain('Звіт прийнято і передано координатору.');

    await coordinator.goto(`${e2e.server.url}/reports/${PLAN_609}/${PERIOD}/${community}`);
    expect(await coordinator.locator('main').innerText()).toContain('Район передав його координатору');
    await expect(coordinator.getByRole('button', { name: 'Прийняти' }).first().isVisible()).resolves.toBe(true);
    await expectAccessible(coordinator, 'the coordinator after the district');
  }, 240_000);
});
