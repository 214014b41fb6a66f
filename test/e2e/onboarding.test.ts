import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import type { Page } from 'playwright-core';
import { PLAN_609 } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { expectAccessible, SHOTS, startE2e, type E2e } from '../support/e2e.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

/**
 * Issue 14's journey: the coordinator invites the plan's executors; one of them (the education
 * department, which has no account in the demo) accepts from the e-mail's link, sets a password,
 * signs in, reports; the coordinator returns the report; the executor gets the e-mail and the
 * notification, corrects and submits again; the coordinator is told. Mail goes through a real
 * SMTP server in the test process; axe on each page.
 */

let smtp: TestSmtp;
let e2e: E2e;

/** A free port, so that the links in the e-mails (ZVIT_BASE_URL) point at this very server. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  const port = await freePort();
  e2e = await startE2e({ env: { PORT: String(port), ZVIT_BASE_URL: `http://127.0.0.1:${port}`, ZVIT_SMTP_URL: smtp.url, ZVIT_MAIL_INTERVAL_SECONDS: '1' } });
});
afterAll(async () => {
  await e2e?.close();
  await smtp?.close();
});

const PERIOD = '2024-H2';
const ORGANISATION = 'poltava-ova-education';
const CONTACT = 'poltava-ova-education@example.org';
const REPORT = `/reports/${PLAN_609}/${PERIOD}/${ORGANISATION}`;
const INVITATIONS = `/plans/${PLAN_609}/invitations`;
const PASSPHRASE = 'зелений трамвай їде повз тиху річку 2024';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const recipients = (m: ParsedMail) => [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address?.toLowerCase()));

/** The first message to `to` whose subject matches, once it has arrived (the worker runs every second). */
async function mailTo(to: string, subject: RegExp, after = 0): Promise<ParsedMail> {
  let found: ParsedMail | undefined;
  await expect
    .poll(
      () => {
        found = smtp.received.slice(after).find((m) => recipients(m).includes(to) && subject.test(m.subject ?? ''));
        return Boolean(found);
      },
      { timeout: 60_000, interval: 500, message: `a message to ${to} with the subject ${subject}` },
    )
    .toBe(true);
  return found!;
}

/** Axe and a screenshot on a desktop; with `phone`, also on a 390 px screen, no wider than it. */
async function look(page: Page, name: string, phone = false) {
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: path.join(SHOTS, `onboarding-${name}-desktop.png`), fullPage: true });
  await expectAccessible(page, `${name} (desktop)`);
  if (!phone) return;
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(SHOTS, `onboarding-${name}-phone.png`), fullPage: true });
  await expectAccessible(page, `${name} (phone)`);
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    wide: Array.from(document.querySelectorAll('main *'))
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
      .slice(0, 5),
  }));
  expect(widths.page, `${name} (phone) is no wider than the screen: ${widths.wide.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
  await page.setViewportSize(DESKTOP);
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

interface ApiMeasure {
  id: number;
  code: string;
  entry: { version: number; state: string | null };
}

describe(`onboarding by e-mail in Chromium on ${DIALECT}`, () => {
  it('the coordinator invites; the executor accepts from the e-mail, reports, is returned, is told, resubmits; the coordinator is told', async () => {
    const base = e2e.server.url;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // 1. The coordinator (password and a code: signed in once, as the clock stands still) invites from the plan page.
    const coordinatorContext = await e2e.browser.newContext({ bypassCSP: true, viewport: DESKTOP });
    const coordinator = await coordinatorContext.newPage();
    const coordinatorErrors = collectErrors(coordinator);
    await e2e.signIn(coordinator, 'coordinator');
    await coordinator.goto(`${base}/plans/${PLAN_609}`);
    await coordinator.getByRole('link', { name: 'Запросити виконавців' }).click();
    await coordinator.waitForURL(`**${INVITATIONS}`);
    expect(await coordinator.locator('h1').textContent()).toBe('Запросити виконавців');
    const row = coordinator.locator(`#org-${ORGANISATION}`);
    expect(await row.textContent()).toContain(CONTACT);
    // The preview: the e-mail as it will be sent.
    await coordinator.locator('.mail-preview summary').click();
    expect(await coordinator.locator('.mail-preview .mail-text').textContent()).toContain('запрошує');
    await look(coordinator, 'invitations', true);
    const send = coordinator.locator('main form button[type="submit"]', { hasText: /^Надіслати \d+ запрошен/ });
    const count = Number(/\d+/.exec((await send.textContent())!)![0]);
    expect(count).toBeGreaterThan(1);
    const before = smtp.received.length;
    await Promise.all([coordinator.waitForURL(/done=invited-\d+/), send.click()]);
    expect(new URL(coordinator.url()).searchParams.get('done')).toBe(`invited-${count}`);
    expect(await coordinator.locator('.notice--ok').textContent()).toContain(`Створено ${count} запрошен`);
    expect(await row.textContent()).toContain('запрошено');
    await look(coordinator, 'invitations-sent', true);

    // 2. The invitation arrives; its link opens in the executor's own browser.
    const invitation = await mailTo(CONTACT, /^Запрошення до «Звіту»: план «/, before);
    expect(invitation.subject).toMatch(/[А-ЯІЇЄҐа-яіїєґ]/);
    const link = /https?:\/\/\S+\/invitation\/[\w-]+/.exec(invitation.text ?? '')?.[0];
    expect(link, invitation.text).toBeTruthy();
    expect(link!.startsWith(`${base}/invitation/`)).toBe(true);
    expect(invitation.html || '').toContain(link!);

    const executorContext = await e2e.browser.newContext({ bypassCSP: true, viewport: DESKTOP });
    const executor = await executorContext.newPage();
    const executorErrors = collectErrors(executor);
    await executor.goto(link!);
    await look(executor, 'set-password', true);
    expect(await executor.locator('main').textContent()).toContain(CONTACT);
    // Too short first: the policy answers beside the field.
    await executor.fill('#password', 'коротко');
    await executor.fill('#repeat', 'коротко');
    await executor.click('main form button[type="submit"]');
    await executor.waitForLoadState('load');
    expect(await executor.locator('#password[aria-invalid="true"]').count()).toBe(1);
    await look(executor, 'set-password-error', true);
    await executor.fill('#password', PASSPHRASE);
    await executor.fill('#repeat', PASSPHRASE);
    await Promise.all([executor.waitForURL(/\/login\?done=1/), executor.click('main form button[type="submit"]')]);
    await executor.fill('#email', CONTACT);
    await executor.fill('#password', PASSPHRASE);
    await Promise.all([executor.waitForURL((url) => !url.pathname.startsWith('/login')), executor.click('form.form button[type="submit"]')]);
    expect(new URL(executor.url()).pathname).toBe('/');
    expect(await executor.locator('h1').textContent()).toBe('Головна');
    // The invitation just accepted is no notification (its link is used): nothing new yet.
    expect(await executor.locator('.site-header__notifications .count-badge').count()).toBe(0);
    const due = executor.locator(`main a[href="${REPORT}"]`).first();
    expect(await due.count()).toBe(1);
    await look(executor, 'home');
    // The coordinator's page now shows the account active.
    await coordinator.goto(`${base}${INVITATIONS}`);
    expect(await row.textContent()).toContain('активний');

    // 3. The executor reports: one measure through the form, the rest through the API of the same session.
    await due.click();
    await executor.waitForURL(`**${REPORT}`);
    await look(executor, 'report');
    const measures = await executor.evaluate(async (url) => ((await (await fetch(url)).json()) as { measures: ApiMeasure[] }).measures, `/api/v1${REPORT}`);
    expect(measures.length).toBeGreaterThan(1);
    const [first, ...rest] = measures;
    await executor.check(`#e${first!.id}-state`);
    await executor.fill(`#e${first!.id}-narrative`, 'Проведено 20 уроків безпеки в закладах освіти області.');
    await expect.poll(() => executor.locator(`#e${first!.id}-status`).textContent(), { timeout: 10_000 }).toMatch(/^Збережено/);
    await executor.evaluate(
      async ({ url, list }) => {
        const csrf = JSON.parse(document.body.getAttribute('hx-headers')!)['X-CSRF-Token'];
        for (const m of list) {
          const r = await fetch(`${url}/entries/${m.id}`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ version: m.entry.version, state: 'done', narrative: `Захід ${m.code}: виконано в закладах освіти.` }) });
          if (!r.ok) throw new Error(`${m.code}: ${r.status}`);
        }
      },
      { url: `/api/v1${REPORT}`, list: rest },
    );
    await executor.goto(`${base}${REPORT}`);
    await Promise.all([executor.waitForURL(/submitted=1/), executor.click('form[data-submit-report] button')]);
    expect(await executor.locator('.notice--ok').textContent()).toContain('Звіт подано');
    const submittedMail = await mailTo('coordinator@zvit.example', /^Надійшов звіт за II півріччя 2024 року: Департамент освіти/);
    expect(submittedMail.text).toContain(`${base}${REPORT}`);

    // 4. The coordinator returns it with a comment on the first measure.
    await coordinator.goto(`${base}${REPORT}`);
    await coordinator.getByLabel(`Зауваження до заходу ${first!.code} (необов’язково)`).fill('Зазначте, у скількох закладах освіти проведено уроки.');
    const returnedBefore = smtp.received.length;
    await coordinator.getByRole('button', { name: 'Повернути на доопрацювання' }).click();
    await coordinator.waitForURL(/reviewed=returned/);
    expect(await coordinator.locator('.notice--ok').textContent()).toContain('повернуто');

    // 5. The executor is told: by e-mail, in Ukrainian, with the report's link, and in Zvit.
    const returned = await mailTo(CONTACT, /повернуто на доопрацювання/, returnedBefore);
    expect(returned.subject).toBe('Звіт за II півріччя 2024 року повернуто на доопрацювання');
    const returnLink = /https?:\/\/\S+/.exec((returned.text ?? '').split('\n').find((l) => l.includes('/reports/')) ?? '')?.[0];
    expect(returnLink).toBe(`${base}${REPORT}`);
    await executor.goto(`${base}/`);
    const bell = executor.locator('.site-header__notifications');
    expect(await bell.locator('.count-badge').textContent()).toBe('1 нове');
    await bell.click();
    await executor.waitForURL('**/notifications');
    const notice = executor.locator('.notification--unread', { hasText: 'повернуто на доопрацювання' });
    expect(await notice.count()).toBe(1);
    expect(await notice.locator('a').getAttribute('href')).toBe(REPORT);
    expect(await notice.textContent()).toContain('надіслано поштою');
    expect(await executor.locator('.notification').count()).toBe(1);
    await look(executor, 'notifications');

    // 6. From the e-mail's link: the comment beside the measure; corrected and submitted again.
    await executor.goto(returnLink!);
    expect(await executor.locator('.review-comment').textContent()).toContain('у скількох закладах');
    await look(executor, 'returned');
    await executor.fill(`#e${first!.id}-narrative`, 'Проведено 20 уроків безпеки у 14 закладах освіти області.');
    await expect.poll(() => executor.locator(`#e${first!.id}-status`).textContent(), { timeout: 10_000 }).toMatch(/Збережено/);
    const resubmittedBefore = smtp.received.length;
    await Promise.all([executor.waitForURL(/submitted=1/), executor.click('form[data-submit-report] button')]);

    // 7. The coordinator gets the second "Надійшов звіт", by e-mail and in Zvit.
    await mailTo('coordinator@zvit.example', /^Надійшов звіт за II півріччя 2024 року: Департамент освіти/, resubmittedBefore);
    await coordinator.goto(`${base}/notifications`);
    expect(await coordinator.locator('.notification', { hasText: 'Надійшов звіт за II півріччя 2024 року: Департамент освіти' }).count()).toBe(2);
    await coordinator.goto(`${base}${REPORT}`);
    expect(await coordinator.locator('.resubmission').textContent()).toMatch(/^Версія 2, після повернення/);

    expect(executorErrors).toEqual([]);
    expect(coordinatorErrors).toEqual([]);
    await executorContext.close();
    await coordinatorContext.close();
  });
});
