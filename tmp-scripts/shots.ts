import fs from 'node:fs';
import { totpCode } from '../src/features/auth/service.ts';
import { describeViolations, launchBrowser, seriousViolations } from '../test/support/browser.ts';
const base = 'http://localhost:3100';
const accounts = Object.fromEntries(fs.readFileSync('/tmp/demoE/demo-accounts.txt', 'utf8').split('\n').filter(Boolean).map((l) => { const [, login, password, , totp] = l.split('\t'); return [login!.split('@')[0], { login, password, totp }]; }));
const who = process.argv[2] ?? 'supervisor';
const urls = process.argv.slice(3);
const browser = await launchBrowser();
for (const vp of [{ width: 1280, height: 900, n: 'desk' }, { width: 390, height: 844, n: 'phone' }]) {
  const ctx = await browser.newContext({ viewport: vp, bypassCSP: true });
  const page = await ctx.newPage();
  const msgs: string[] = [];
  page.on('console', (m) => msgs.push(m.text())); page.on('response', (r) => { if (r.status() >= 400) msgs.push(`${r.status()} ${r.url()}`); });
  const a = accounts[who];
  await page.goto(`${base}/login`); await page.fill('#email', a.login); await page.fill('#password', a.password); await page.click('form.form button[type="submit"]');
  await page.waitForTimeout(1500); console.log(page.url()); if (a.totp) { await page.waitForURL(/second-factor/); for (const dt of [0, 30000, -30000]) { await page.fill('#code', totpCode(a.totp, new Date(Date.now() + dt))); await page.click('form.form button[type="submit"]'); await page.waitForTimeout(800); if (!page.url().includes('/login')) break; } }
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  for (const [i, u] of urls.entries()) {
    const t0 = Date.now();
    const r = await page.goto(base + u);
    console.log(vp.n, u, r?.status(), Date.now() - t0, 'ms', 'scrollW', await page.evaluate(() => document.documentElement.scrollWidth));
    const v = await seriousViolations(page); if (v.length) console.log('AXE', u, describeViolations(v));
    await page.screenshot({ path: `/tmp/shot-${who}-${i}-${vp.n}.png`, fullPage: true });
    await page.screenshot({ path: `/tmp/shot-${who}-${i}-${vp.n}-top.png` });
    if (process.env.SECTIONS) { const n = await page.locator('main section').count(); for (let k = 0; k < n; k++) await page.locator('main section').nth(k).screenshot({ path: `/tmp/shot-${who}-${i}-${vp.n}-s${k}.png` }); }
  }
  if (msgs.length) console.log('console:', msgs.slice(0, 5));
  await ctx.close();
}
await browser.close();
