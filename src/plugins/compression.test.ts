import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../test/support/app.ts';
import { csrfFrom } from '../../test/support/auth.ts';
import { DIALECT } from '../../test/support/database.ts';
import { chooseEncoding } from './assets.ts';
import { maskToken, unmaskToken } from './session.ts';

/** Compressed pages and assets (issue 19), and the CSRF token masked in every page against BREACH. */

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const decode = (encoding: string | undefined, body: Buffer) => (encoding === 'br' ? zlib.brotliDecompressSync(body) : encoding === 'gzip' ? zlib.gunzipSync(body) : body).toString('utf8');

describe(`compression, on ${DIALECT}`, () => {
  it('sends a page in Brotli or gzip as the browser takes it, and plain to one that takes neither', async () => {
    const s = await t.as('executorA');
    const plain = await t.app.inject({ method: 'GET', url: `/plans/${PLAN_609}`, cookies: s.cookies });
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const [accept, expected] of [
      ['br, gzip', 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: `/plans/${PLAN_609}`, cookies: s.cookies, headers: { 'accept-encoding': accept } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(expected);
      expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
      const html = decode(expected, res.rawPayload);
      expect(html).toContain('Оперативна ціль 1');
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    }
  });

  it('never compresses the pages of signing in and of the account', async () => {
    const s = await t.as('executorA');
    for (const url of ['/login', '/account']) {
      const res = await t.app.inject({ method: 'GET', url, cookies: url === '/account' ? s.cookies : {}, headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBeUndefined();
    }
  });

  it('serves assets compressed once, byte for byte the same once decoded, and 304 to a known tag', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/login' });
    const href = /href="(\/assets\/styles\.css\?v=[0-9a-f]+)"/.exec(page.body)![1]!;
    const plain = await t.app.inject({ method: 'GET', url: href });
    const br = await t.app.inject({ method: 'GET', url: href, headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
    const again = await t.app.inject({ method: 'GET', url: href, headers: { 'if-none-match': String(plain.headers.etag), 'accept-encoding': 'br' } });
    expect(again.statusCode).toBe(304);
  });

  it('does not read a request body sent compressed', async () => {
    const s = await t.as('executorA');
    const body = zlib.gzipSync(Buffer.from(new URLSearchParams({ _csrf: s.csrf, q: 'x' }).toString()));
    const res = await t.app.inject({ method: 'POST', url: '/logout', cookies: s.cookies, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' }, payload: body });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    // Still signed in: the compressed form was not taken as a sign-out.
    expect((await t.app.inject({ method: 'GET', url: '/account', cookies: s.cookies })).statusCode).toBe(200);
  });
});

describe('the CSRF token, masked afresh in every page', () => {
  it('masks and unmasks; chooses an encoding by the header', () => {
    const token = 'A'.repeat(43);
    const a = maskToken(token);
    const b = maskToken(token);
    expect(a).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(a).not.toBe(b);
    expect(unmaskToken(a)).toBe(token);
    expect(unmaskToken(b)).toBe(token);
    expect(unmaskToken(`${a.slice(0, 85)}${a[85] === 'A' ? 'B' : 'A'}`)).not.toBe(token);
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding('gzip;q=0.5, br;q=0')).toBe('gzip');
  });

  it('differs between two renders of a form, and each is accepted; a changed one is refused', async () => {
    const s = await t.as('executorA');
    const first = csrfFrom((await t.app.inject({ method: 'GET', url: '/account', cookies: s.cookies })).body);
    const second = csrfFrom((await t.app.inject({ method: 'GET', url: '/account', cookies: s.cookies })).body);
    expect(first).not.toBe(second);
    const tampered = `${second.slice(0, 50)}${second[50] === 'x' ? 'y' : 'x'}${second.slice(51)}`;
    const refused = await t.app.inject({ method: 'POST', url: '/account/sessions/end-others', cookies: s.cookies, payload: { _csrf: tampered } });
    expect(refused.statusCode).toBe(403);
    for (const token of [first, second]) {
      const res = await t.app.inject({ method: 'POST', url: '/account/sessions/end-others', cookies: s.cookies, payload: { _csrf: token } });
      expect(res.statusCode).toBeLessThan(400);
    }
  });
});
