import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { fixedClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { UndeclaredPermissionError } from '../../src/plugins/access.ts';
import { buildTestApp, PLAN_609, type TestApp } from '../support/app.ts';
import { cookiesOf, csrfFrom } from '../support/auth.ts';
import { createTestDatabase, DIALECT } from '../support/database.ts';

let t: TestApp;

async function anonymousForm() {
  const page = await t.app.inject({ method: 'GET', url: '/login' });
  return { cookies: cookiesOf(page), csrf: csrfFrom(page.body) };
}

beforeAll(async () => {
  t = await buildTestApp({
    beforeReady: (app) => {
      app.get('/test/boom', { config: { permission: 'public' } }, async () => {
        throw new Error('secret detail: password=hunter2');
      });
    },
  });
});
afterAll(async () => {
  await t.close();
});

describe(`the application on ${DIALECT}`, () => {
  it('sends strict security headers on pages', async () => {
    const res = await t.get(`/plans/${PLAN_609}`);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
    // No inline scripts or styles in the page.
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.body).not.toMatch(/\sstyle=/);
    expect(res.body).not.toMatch(/\son[a-z]+=/);
  });

  it('serves assets by content hash with long caching, and nothing else from disk', async () => {
    const page = await t.get('/plans');
    const css = /href="(\/assets\/styles\.css\?v=[0-9a-f]+)"/.exec(page.body)![1]!;
    const res = await t.app.inject({ method: 'GET', url: css });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/css');
    expect(res.headers['cache-control']).toContain('immutable');
    const htmx = await t.app.inject({ method: 'GET', url: /src="(\/assets\/htmx\.min\.js\?v=[0-9a-f]+)"/.exec(page.body)![1]! });
    expect(htmx.statusCode).toBe(200);
    expect(htmx.body).toContain('htmx');
    for (const url of ['/assets/..%2Fpackage.json', '/assets/package.json', '/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd']) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });

  it('answers a server error with a friendly page and a reference, never the details', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/test/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('Вибачте, сталася помилка на сервері');
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('secret detail');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    // The reference in the page is the request id that the log carries.
    expect(res.body).toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  it('switches to English and back with a form, remembering the choice in a cookie', async () => {
    const s = await t.as('executorB');
    const res = await t.app.inject({ method: 'POST', url: '/locale', cookies: s.cookies, payload: { _csrf: s.csrf, locale: 'en', returnTo: `/plans/${PLAN_609}` } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/plans/${PLAN_609}`);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('zvit_locale=en');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const page = await t.app.inject({ method: 'GET', url: `/plans/${PLAN_609}`, cookies: { ...s.cookies, zvit_locale: 'en' } });
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('30 measures');
    expect(page.body).toContain('Operational goal 1.');
  });

  it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)'])('never redirects off the site (%s)', async (returnTo) => {
    const anon = await anonymousForm();
    const res = await t.app.inject({ method: 'POST', url: '/locale', cookies: anon.cookies, payload: { _csrf: anon.csrf, locale: 'en', returnTo } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
  });

  it('ignores an unknown locale', async () => {
    const anon = await anonymousForm();
    const res = await t.app.inject({ method: 'POST', url: '/locale', cookies: anon.cookies, payload: { _csrf: anon.csrf, locale: 'de', returnTo: '/plans' } });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('zvit_locale');
    const s = await t.as('executorA');
    const page = await t.app.inject({ method: 'GET', url: '/plans', cookies: { ...s.cookies, zvit_locale: 'de' } });
    expect(page.body).toContain('<html lang="uk">');
  });

  it('refuses an oversized body with a Ukrainian message, not a stack trace', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/locale', payload: 'locale=' + 'x'.repeat(2 * 1024 * 1024), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('Запит завеликий');
  });

  it('reports health and readiness', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ok', database: 'ok', storage: 'ok' });
  });

  it('refuses to start with a route that declares no permission', async () => {
    const database = await createTestDatabase();
    try {
      const config = loadConfig({ ZVIT_DATA_DIR: database.dataDir, ZVIT_LOG_LEVEL: 'silent' });
      const app = await buildApp({ config, database, clock: fixedClock('2024-01-01T00:00:00Z'), logger: false });
      expect(() => app.get('/undeclared', async () => 'x')).toThrow(UndeclaredPermissionError);
      await app.close();
    } finally {
      await database.cleanup();
    }
  });

});
