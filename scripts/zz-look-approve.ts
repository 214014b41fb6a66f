import { chromium } from 'playwright-core';
import { totpCode } from '../src/features/auth/service.ts';
const [base, login, password, secret, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
await page.goto(`${base}/login`);
await page.fill('#email', login!);
await page.fill('#password', password!);
await page.click('form.form button[type="submit"]');
await page.waitForURL(/second-factor/);
await page.fill('#code', totpCode(secret!, new Date()));
await page.click('form.form button[type="submit"]');
await page.waitForURL((u) => !u.pathname.startsWith('/login'));
const url = `${base}/plans/poltava-ctb-2023-2025/periods/2025-H2/consolidation`;
for (const [name, viewport] of [['desktop', { width: 1280, height: 1000 }], ['phone', { width: 390, height: 844 }]] as const) {
  await page.setViewportSize(viewport);
  await page.goto(url);
  await page.locator('#approve').scrollIntoViewIfNeeded();
  await page.locator('#approve').screenshot({ path: `${out}/${name}-approve-form.png` });
  // Choose the director and approve without confirming: the warning comes back (422).
  await page.selectOption('#signatory-id', { index: 1 });
  await page.click('#approve button[type="submit"]');
  await page.locator('#approve').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${out}/${name}-approve-warned.png` });
  await page.locator('#approve').screenshot({ path: `${out}/${name}-approve-warned-form.png` });
  await page.goto(`${base}/organisations/poltava-ova-social-protection/officials`);
  await page.screenshot({ path: `${out}/${name}-officials.png`, fullPage: true });
  await page.goto(`${base}/account/profile`);
  await page.screenshot({ path: `${out}/${name}-profile.png` });
}
await browser.close();
