import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTestApp, PLAN_609, type TestApp } from '../support/app.ts';
import { cookiesOf, csrfFrom, type Session } from '../support/auth.ts';
import { DIALECT, createTestDatabase } from '../support/database.ts';
import { spawn } from 'node:child_process';
import { verifyAuditLog } from '../../src/features/audit/service.ts';

/** Strings that must come out inert wherever they are shown. */
const XSS = [
  '"><img src=x onerror=alert(1)>',
  "<script>alert('zvit')</script>",
  'javascript:alert(1)',
  '<a hx-get="/logout" hx-trigger="load">x</a>',
  '<div hx-on:click="alert(1)">x</div>',
  '</textarea><svg onload=alert(1)>',
  "' onmouseover='alert(1)",
];

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

function inert(html: string, payload: string) {
  // The payload may appear, but only escaped: never as markup.
  if (payload.includes('<')) expect(html).not.toContain(payload);
  expect(html).not.toMatch(/href="javascript:/i);
  expect(html).not.toMatch(/"\s+onmouseover=/i);
  expect(html).not.toMatch(/<img src=x onerror/i);
  expect(html).not.toMatch(/<script>alert/i);
  expect(html).not.toMatch(/<svg onload/i);
  expect(html).not.toMatch(/<a hx-get="\/logout"/);
  expect(html).not.toMatch(/<div hx-on:click/);
}

describe(`hostile input on ${DIALECT}`, () => {
  it('shows the XSS corpus as inert text in names, organisation names, search fields, the login form and the audit viewer', async () => {
    const admin = await t.as('admin');
    for (const [i, payload] of XSS.entries()) {
      // An organisation name (as an import might bring in).
      await t.database.db.updateTable('organisations').set({ name: `Громада ${payload}` }).where('id', '=', 'community-reshetylivska').execute();
      for (const url of ['/organisations', '/organisations/community-reshetylivska', `/plans/${PLAN_609}?executor=community-reshetylivska`, `/plans/${PLAN_609}?q=${encodeURIComponent(payload)}`]) {
        const res = await t.get(url, 'executorA');
        expect(res.statusCode, url).toBeLessThan(500);
        inert(res.body, payload);
      }
      // The htmx fragment of the plan page, too.
      const fragment = await t.get(`/plans/${PLAN_609}?q=${encodeURIComponent(payload)}`, 'executorA', { 'hx-request': 'true' });
      expect(fragment.body.startsWith('<div id="measures"')).toBe(true);
      inert(fragment.body, payload);
      // A user's name and e-mail given by an admin.
      const invite = await t.app.inject({
        method: 'POST',
        url: '/users',
        cookies: admin.cookies,
        payload: { _csrf: admin.csrf, email: `xss${i}@test.example`, displayName: `Ім'я ${payload}`, organisationId: 'poltava-police', role: 'executor' },
      });
      expect(invite.statusCode).toBe(201);
      inert(invite.body, payload);
      for (const url of ['/users', '/audit']) {
        const res = await t.app.inject({ method: 'GET', url, cookies: admin.cookies });
        inert(res.body, payload);
      }
      // The login form echoes the address typed.
      const page = await t.app.inject({ method: 'GET', url: '/login' });
      const login = await t.app.inject({ method: 'POST', url: '/login', cookies: cookiesOf(page), payload: { _csrf: csrfFrom(page.body), email: payload, password: 'x' } });
      expect(login.statusCode).toBe(400);
      inert(login.body, payload);
    }
  });

  it('keeps raw HTML out of the code: no dangerouslySetInnerHTML outside the one reviewed helper', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (/\.(tsx?|jsx?)$/.test(entry.name) && !/\.test\./.test(entry.name) && p !== path.join('src', 'ui', 'raw-html.tsx')) {
          if (fs.readFileSync(p, 'utf8').includes('dangerouslySetInnerHTML')) offenders.push(p);
        }
      }
    };
    walk('src');
    expect(offenders).toEqual([]);
  });

  it('never answers a fuzzed form or query with a 5xx (arrays for scalars, __proto__ keys, huge Unicode)', async () => {
    const executor = await t.as('executorA');
    const admin = await t.as('admin');
    const value = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
      fc.constantFrom('', '__proto__', 'constructor', '0'.repeat(5000), '😀'.repeat(400), '\u0000', '%', '../../etc/passwd'),
    );
    const body = fc.dictionary(fc.constantFrom('email', 'password', 'code', 'locale', 'returnTo', 'displayName', 'organisationId', 'role', 'roles', 'repeat', '__proto__', 'constructor', 'x'), value, { maxKeys: 6 });
    const routes: [string, Session][] = [
      ['/login', executor],
      ['/login/second-factor', executor],
      ['/locale', executor],
      ['/users', admin],
      [`/users/${t.users.executorB!.id}/roles`, admin],
      ['/account/two-step', executor],
      [`/invitation/${'a'.repeat(43)}`, executor],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, fc.boolean(), async ([url, s], payload, asJson) => {
        const res = await t.app.inject({
          method: 'POST',
          url,
          cookies: s.cookies,
          ...(asJson
            ? { payload: JSON.stringify({ _csrf: s.csrf, ...payload }), headers: { 'content-type': 'application/json' } }
            : { payload: new URLSearchParams(Object.entries({ _csrf: s.csrf, ...payload }).flatMap(([k, v]) => [v].flat().map((x) => [k, String(x)]))).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        });
        expect(res.statusCode, `${url} ${JSON.stringify(payload).slice(0, 200)} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 120 }), async (id) => {
        for (const url of [`/api/v1/plans/${encodeURIComponent(id)}`, `/plans/${encodeURIComponent(id)}/measures/${encodeURIComponent(id)}`, `/organisations/${encodeURIComponent(id)}`, `/users/${encodeURIComponent(id)}`]) {
          const res = await t.app.inject({ method: 'GET', url, cookies: admin.cookies });
          expect(res.statusCode, `${url} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
        }
      }),
      { numRuns: 100 },
    );
    const query = fc.dictionary(fc.constantFrom('executor', 'q', 'action', 'before', 'returnTo', '__proto__'), value, { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(`/plans/${PLAN_609}`, '/audit', '/login', '/api/v1/plans/x'), query, async (url, q) => {
        const qs = new URLSearchParams(Object.entries(q).flatMap(([k, v]) => [v].flat().map((x) => [k, String(x)]))).toString();
        const res = await t.app.inject({ method: 'GET', url: `${url}?${qs}`, cookies: admin.cookies });
        expect(res.statusCode, `${url}?${qs.slice(0, 200)} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('never answers a fuzzed form of the plan\u2019s life or the directory with a 5xx', async () => {
    const coordinator = await t.as('coordinator');
    const api = (await t.get(`/api/v1/plans/${PLAN_609}`)).json();
    const measure = api.goals[1].tasks[0].measures[4].id;
    const started = await t.app.inject({ method: 'POST', url: `/plans/${PLAN_609}/amendments`, cookies: coordinator.cookies, payload: { _csrf: coordinator.csrf, legalNumber: '9', legalDate: '01.07.2024', effectiveFrom: '01.03.2025' } });
    const amendment = String(started.headers.location);
    expect(amendment).toMatch(/amendments\/\d+$/);
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
      fc.constantFrom('', 'yes', 'organisation:poltava-police', 'group:ngos', 'organisation:', '1.1', '99.99.9999', '31.02.2025', '2025-01-01', '0', '-1', '9'.repeat(30), '<script>alert(1)</script>', '\u202eRTL', '😀'.repeat(300), '\u0000'),
    );
    const fields = ['title', 'deadline', 'executors', 'lead', 'code', 'taskId', 'newOrganisationName', 'newOrganisationKind', 'name', 'kind', 'parentId', 'email', 'phone', 'edrpou', 'katottg', 'aliases', 'renamedOn', 'memberIds', 'into', 'confirm', 'legalNumber', 'legalDate', 'effectiveFrom', 'start', 'end', 'executorDueDay', 'consolidationDueDay', 'periodKind', '__proto__'] as const;
    const body = fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 8 });
    const urls = [
      '/organisations',
      '/organisations/poltava-police/edit',
      '/organisations/community-zavodska/merge',
      '/organisations/groups',
      '/organisations/groups/ngos/edit',
      `/plans/${PLAN_609}/copy`,
      `/plans/${PLAN_609}/close`,
      `${amendment}/basis`,
      `${amendment}/measures/${measure}`,
      `${amendment}/measures/new`,
      `${amendment}/apply`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...urls), body, async (url, payload) => {
        // Never merge or close for real: the property is about answers, not about destroying the fixture.
        const { confirm: _confirm, ...rest } = payload as Record<string, unknown>;
        const form = new URLSearchParams(Object.entries({ _csrf: coordinator.csrf, ...rest }).flatMap(([k, v]) => [v].flat().map((x) => [k, String(x)]))).toString();
        const res = await t.app.inject({ method: 'POST', url, cookies: coordinator.cookies, payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        expect(res.statusCode, `${url} ${JSON.stringify(payload).slice(0, 300)} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        expect(res.body).not.toContain('<script>alert(1)</script>');
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(value, async (on) => {
        for (const url of [`/plans/${PLAN_609}?on=${encodeURIComponent(String(on))}`, `/plans/${PLAN_609}/measures/${measure}?on=${encodeURIComponent(String(on))}`, `/api/v1/plans/${PLAN_609}?on=${encodeURIComponent(String(on))}`]) {
          const res = await t.app.inject({ method: 'GET', url, cookies: coordinator.cookies });
          expect(res.statusCode, `${url} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('appends from two processes at once without forking the audit chain', async () => {
    const db = await createTestDatabase();
    try {
      const target = db.url ?? path.join(db.dataDir, 'zvit.sqlite');
      const run = () =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/append-audit.ts', target, '40'], { stdio: ['ignore', 'ignore', 'inherit'] });
          child.on('exit', resolve);
        });
      expect(await Promise.all([run(), run()])).toEqual([0, 0]);
      const result = await verifyAuditLog(db.db);
      expect(result.count).toBe(80);
      expect(result.problem).toBeNull();
    } finally {
      await db.cleanup();
    }
  });
});
