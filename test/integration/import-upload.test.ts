import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';
import { deflatedZeros, makeZip } from '../support/zip.ts';

/**
 * Issue 13 §3 through the upload form: a DOCX declaring 4 KB that inflates to 1.2 GB is refused
 * beside the field without the server's memory following it; while a large order is being read,
 * the server answers everyone else.
 */

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

async function upload(data: Buffer, filename: string) {
  const s = await t.as('coordinator');
  const body = multipart({ _csrf: s.csrf }, { name: 'order', filename, data });
  return t.app.inject({ method: 'POST', url: '/plans/import', cookies: s.cookies, headers: body.headers, payload: body.payload });
}

describe(`uploading hostile orders, on ${DIALECT}`, () => {
  it('refuses a DOCX that lies about its size with 413 beside the field, the server’s memory staying put', async () => {
    const docx = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
      { name: 'word/document.xml', data: deflatedZeros(1200), deflated: true, claim: 4096 },
    ]);
    await t.as('coordinator');
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const res = await upload(docx, 'наказ.docx');
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.info(`lying ZIP (${(docx.length / 1024 / 1024).toFixed(1)} MB, 1.2 GB inflated, 4 KB declared): RSS ${(before / 1024 / 1024).toFixed(0)} MB before, peak ${(peak / 1024 / 1024).toFixed(0)} MB during`);
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('id="order-error"');
    expect(res.body).toContain('Документ після розпакування був би надто великим');
    // 1.2 GB were never held: the process grew by far less than the entry's real size.
    expect(peak - before).toBeLessThan(400 * 1024 * 1024);
  }, 120_000);

  it('answers other requests while a large order is being read', async () => {
    const lines = ['ОБЛАСНИЙ ПЛАН', '1\t2\t3\t4', '<p>Оперативна ціль 1. Мета</p><p>1) Завдання</p>\t<p>1) Захід</p>\t<p>2026</p>\t<p>Головне управління Національної поліції в Полтавській області</p>'];
    for (let i = 0; i < 100_000; i++) lines.push(`<p>продовження ${i}</p>\t<p>ненумерований абзац ${i}</p>\t\t`);
    const order = Buffer.from(lines.join('\n'));
    let uploaded = false;
    const reading = upload(order, 'order.txt').then((r) => {
      uploaded = true;
      return r;
    });
    // Meanwhile, another user's requests are answered, before the order is read.
    const answered: number[] = [];
    for (let i = 0; i < 5; i++) answered.push((await t.get('/healthz', null)).statusCode);
    const plans = await t.get('/plans');
    expect(answered).toEqual([200, 200, 200, 200, 200]);
    expect(plans.statusCode).toBe(200);
    expect(uploaded).toBe(false);
    // 100,000 paragraphs of one measure: refused beside the field (the database takes 10,000 characters).
    const res = await reading;
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('довший за 10 000 символів');
  }, 120_000);
});
