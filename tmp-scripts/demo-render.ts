import fs from 'node:fs';
import { launchBrowser } from '../test/support/browser.ts';
import { totpCode } from '../src/features/auth/service.ts';
import { officeToPdf, pdfPageCount, pdfPagePng, pdfText } from '../test/support/office.ts';

const base = 'http://localhost:3100';
const acc = Object.fromEntries(fs.readFileSync('/tmp/demo2/demo-accounts.txt', 'utf8').split('\n').filter(Boolean).map((l) => { const [, login, pw, , totp] = l.split('\t'); return [login!.split('@')[0], { login, pw, totp }]; }));
const browser = await launchBrowser();
async function signIn(who: string) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const a = acc[who]!;
  await page.goto(`${base}/login`);
  await page.fill('#email', a.login!); await page.fill('#password', a.pw!);
  await page.click('form.form button[type="submit"]');
  if (a.totp) { await page.waitForURL(/second-factor/); await page.fill('#code', totpCode(a.totp, new Date())); await page.click('form.form button[type="submit"]'); }
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}
const url = `${base}/plans/poltava-ctb-2023-2025/periods/2025-H2/consolidation`;
const c = await signIn('coordinator');
await c.goto(url);
await c.screenshot({ path: '/tmp/shots/cons-top.png' });
const director = await c.locator('#signatory-id option', { hasText: 'Марина ДЕМОНЕНКО' }).getAttribute('value');
await c.selectOption('#signatory-id', director!);
let t0 = Date.now();
await c.getByRole('button', { name: /Затвердити версію/ }).click();
await c.waitForLoadState();
if (await c.locator('#approve-confirm').count()) { await c.check('#approve-confirm'); t0 = Date.now(); await c.getByRole('button', { name: /Затвердити версію/ }).click(); }
await c.waitForURL(/done=approved/, { timeout: 120000 });
console.log('approve ms', Date.now() - t0);
const s = await signIn('supervisor');
await s.goto(url); await s.getByRole('button', { name: 'Погодити' }).click(); await s.waitForURL(/done=signed/);
await c.goto(url);
await c.fill('#sentNumber', '01-17/1234'); await c.fill('#sentDate', new Date().toLocaleDateString('uk-UA', { timeZone: 'Europe/Kyiv' }));
t0 = Date.now();
await c.getByRole('button', { name: 'Позначити надісланим' }).click();
await c.waitForURL(/done=sent/, { timeout: 120000 });
console.log('sent ms', Date.now() - t0);
const vnum = await c.locator('.consolidation-versions h3, .consolidation-versions [id^=v]').first().getAttribute('id');
console.log('first version id', vnum);
for (const [kind, fmt] of [['files', 'docx'], ['registered', 'docx'], ['registered', 'letter']] as const) {
  const r = await c.request.get(`${url}/versions/1/${kind}/${fmt}`);
  const bytes = Buffer.from(await r.body());
  fs.writeFileSync(`/tmp/shots/${kind}-${fmt}.docx`, bytes);
  const pdf = await officeToPdf(bytes);
  const n = pdfPageCount(pdf);
  console.log(kind, fmt, r.status(), 'pages', n);
  pdfPagePng(pdf, 1, `/tmp/shots/${kind}-${fmt}-p1.png`, 90);
  if (n > 1) pdfPagePng(pdf, 2, `/tmp/shots/${kind}-${fmt}-p2.png`, 90);
  pdfPagePng(pdf, n, `/tmp/shots/${kind}-${fmt}-last.png`, 90);
  if (fmt === 'letter') console.log(pdfText(pdf));
}
await browser.close();
