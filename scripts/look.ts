// Ad-hoc look at a running Zvit: sign in, then screenshot each path on a desktop and a phone.
// Usage: tsx scripts/look.ts BASE_URL LOGIN PASSWORD TOTP_SECRET OUT_DIR path[@scrollY] …
// (NOW=ISO sets the instant the second-factor code is computed for, as the server's ZVIT_NOW.)
import { chromium } from 'playwright-core';
import { totpCode } from '../src/features/auth/service.ts';

const [base, login, password, secret, out, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
await page.goto(`${base}/login`);
await page.fill('#email', login!);
await page.fill('#password', password!);
await page.click('form.form button[type="submit"]');
if (secret) {
  await page.waitForURL(/second-factor/);
  await page.fill('#code', totpCode(secret, new Date(process.env.NOW ?? Date.now())));
  await page.click('form.form button[type="submit"]');
}
await page.waitForURL((u) => !u.pathname.startsWith('/login'));
for (const p of paths) {
  const [pathname, scroll] = p.split('@');
  for (const [name, viewport] of [['desktop', { width: 1280, height: 1000 }], ['phone', { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(viewport);
    await page.goto(`${base}${pathname}`);
    if (scroll) await page.evaluate((y) => window.scrollTo(0, Number(y)), scroll);
    const file = `${out}/${name}-${pathname!.replace(/[^a-z0-9]+/gi, '_')}${scroll ? `-${scroll}` : ''}.png`;
    await page.screenshot({ path: file });
    console.log(file);
  }
}
await browser.close();
