import fs from 'node:fs';
import { totpCode } from '../src/features/auth/service.ts';
import { launchBrowser } from '../test/support/browser.ts';
const base = 'http://localhost:3100';
const l = fs.readFileSync('/tmp/demoE/demo-accounts.txt', 'utf8').split('\n').find((x) => x.includes('supervisor@'))!.split('\t');
const browser = await launchBrowser();
const page = await browser.newPage();
await page.goto(`${base}/login`); await page.fill('#email', l[1]!); await page.fill('#password', l[2]!); await page.click('form.form button[type="submit"]');
await page.waitForTimeout(1500);
for (const dt of [0, 30000, -30000, 60000]) { await page.fill('#code', totpCode(l[4]!, new Date(Date.now() + dt))); await page.click('form.form button[type="submit"]'); await page.waitForTimeout(800); if (!page.url().includes('/login')) break; }
for (const [n, u] of [['m', '/plans/poltava-ctb-2023-2025/dashboard'], ['e', '/plans/poltava-ctb-2023-2025/dashboard/executors']]) {
  await page.goto(base + u);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: `/tmp/print-${n}.pdf`, format: 'A4' });
}
await browser.close();
