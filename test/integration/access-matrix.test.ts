import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../support/app.ts';
import { makeUser, signIn, type Session, type TestUser } from '../support/auth.ts';
import { DIALECT } from '../support/database.ts';

/**
 * Every route × every role × its method, against the expected outcome. The route table is
 * walked: a route with no row here fails the test, so a new route cannot ship unexamined.
 */

const WHO = ['anonymous', 'executorA', 'executorB', 'coordinator', 'supervisor', 'admin'] as const;
type Who = (typeof WHO)[number];
/** ok: 2xx/3xx; invalid: 400 (the form's own validation); login: sign-in required; 403/404: refused with no data. */
type Outcome = 'ok' | 'invalid' | 'login' | 403 | 404 | 409;

interface Case {
  url: () => string;
  body?: Record<string, unknown>;
  expect: Record<Who, Outcome>;
}

const everyone = (o: Outcome): Record<Who, Outcome> => ({ anonymous: o, executorA: o, executorB: o, coordinator: o, supervisor: o, admin: o });
const signedIn = (o: Outcome): Record<Who, Outcome> => ({ ...everyone(o), anonymous: 'login' });
const only = (roles: Who[], o: Outcome = 'ok', otherwise: Outcome = 403): Record<Who, Outcome> => ({
  ...everyone(otherwise),
  anonymous: 'login',
  ...Object.fromEntries(roles.map((r) => [r, o])),
});

let t: TestApp;
let target: TestUser;
let outsider: TestUser;
let policeAdmin: TestUser;
let measureId: number;
const sessions = new Map<Who, Session>();

const CASES: Record<string, Case> = {
  'GET /healthz': { url: () => '/healthz', expect: everyone('ok') },
  'GET /readyz': { url: () => '/readyz', expect: everyone('ok') },
  'GET /assets/:name': { url: () => '/assets/styles.css', expect: everyone('ok') },
  'GET /favicon.ico': { url: () => '/favicon.ico', expect: everyone('ok') },
  'POST /locale': { url: () => '/locale', body: { locale: 'uk', returnTo: '/' }, expect: everyone('ok') },
  'GET /login': { url: () => '/login', expect: everyone('ok') },
  'POST /login': { url: () => '/login', body: {}, expect: everyone('invalid') },
  'GET /login/second-factor': { url: () => '/login/second-factor', expect: everyone('ok') },
  'POST /login/second-factor': { url: () => '/login/second-factor', body: { code: '000000' }, expect: everyone('ok') },
  'POST /login/cancel': { url: () => '/login/cancel', body: {}, expect: everyone('ok') },
  'POST /logout': { url: () => '/logout', body: {}, expect: everyone('ok') },
  'GET /account': { url: () => '/account', expect: signedIn('ok') },
  'POST /account/sessions/:handle/end': { url: () => '/account/sessions/0123456789abcdef/end', body: {}, expect: signedIn(404) },
  'POST /account/sessions/end-others': { url: () => '/account/sessions/end-others', body: {}, expect: signedIn('ok') },
  'GET /account/two-step': { url: () => '/account/two-step', expect: signedIn('ok') },
  'POST /account/two-step': { url: () => '/account/two-step', body: { code: '12' }, expect: { ...signedIn('ok'), executorA: 'invalid', executorB: 'invalid' } },
  'POST /account/recovery-codes': { url: () => '/account/recovery-codes', body: {}, expect: signedIn('ok') },
  'GET /invitation/:token': { url: () => `/invitation/${'a'.repeat(43)}`, expect: everyone(404) },
  'POST /invitation/:token': { url: () => `/invitation/${'a'.repeat(43)}`, body: { password: 'x', repeat: 'x' }, expect: everyone(404) },
  'GET /password-reset/:token': { url: () => `/password-reset/${'a'.repeat(43)}`, expect: everyone(404) },
  'POST /password-reset/:token': { url: () => `/password-reset/${'a'.repeat(43)}`, body: { password: 'x', repeat: 'x' }, expect: everyone(404) },
  'GET /': { url: () => '/', expect: signedIn('ok') },
  'GET /plans': { url: () => '/plans', expect: signedIn('ok') },
  'GET /plans/:planId': { url: () => `/plans/${PLAN_609}`, expect: signedIn('ok') },
  'GET /plans/:planId/measures/:measureId': { url: () => `/plans/${PLAN_609}/measures/${measureId}`, expect: signedIn('ok') },
  'GET /plans/import': { url: () => '/plans/import', expect: only(['coordinator']) },
  'POST /plans/import': { url: () => '/plans/import', body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /plans/:planId/review': { url: () => `/plans/${PLAN_609}/review`, expect: only(['coordinator']) },
  'POST /plans/:planId/discard': { url: () => `/plans/${PLAN_609}/discard`, body: { confirm: 'yes' }, expect: only(['coordinator'], 409) },
  'POST /plans/:planId/activate': { url: () => `/plans/${PLAN_609}/activate`, body: {}, expect: only(['coordinator'], 409) },
  'GET /plans/:planId/measures/:measureId/edit': { url: () => `/plans/${PLAN_609}/measures/${measureId}/edit`, expect: only(['coordinator']) },
  'POST /plans/:planId/measures/:measureId/edit': { url: () => `/plans/${PLAN_609}/measures/${measureId}/edit`, body: { title: 'x', executors: 'group:ngos' }, expect: only(['coordinator'], 409) },
  'GET /plans/:planId/calendar': { url: () => `/plans/${PLAN_609}/calendar`, expect: signedIn('ok') },
  'GET /organisations': { url: () => '/organisations', expect: signedIn('ok') },
  'GET /organisations/groups/:groupId': { url: () => '/organisations/groups/ngos', expect: signedIn('ok') },
  'GET /organisations/:organisationId': { url: () => '/organisations/poltava-police', expect: signedIn('ok') },
  'GET /users': { url: () => '/users', expect: only(['coordinator', 'admin']) },
  'GET /users/new': { url: () => '/users/new', expect: only(['coordinator', 'admin']) },
  'POST /users': { url: () => '/users', body: {}, expect: only(['coordinator', 'admin'], 'invalid') },
  'GET /users/:id': { url: () => `/users/${target.id}`, expect: only(['coordinator', 'admin']) },
  'POST /users/:id/link': { url: () => `/users/${target.id}/link`, body: {}, expect: only(['coordinator', 'admin']) },
  'POST /users/:id/disable': { url: () => `/users/${target.id}/disable`, body: {}, expect: only(['coordinator', 'admin']) },
  'POST /users/:id/enable': { url: () => `/users/${target.id}/enable`, body: {}, expect: only(['coordinator', 'admin']) },
  'POST /users/:id/roles': { url: () => `/users/${target.id}/roles`, body: { roles: 'executor' }, expect: only(['coordinator', 'admin']) },
  'GET /audit': { url: () => '/audit', expect: only(['coordinator', 'admin']) },
  'GET /api/v1/plans': { url: () => '/api/v1/plans', expect: signedIn('ok') },
  'GET /api/v1/plans/:planId': { url: () => `/api/v1/plans/${PLAN_609}`, expect: signedIn('ok') },
  'GET /api/v1/organisations': { url: () => '/api/v1/organisations', expect: signedIn('ok') },
  'GET /api/v1/openapi.json': { url: () => '/api/v1/openapi.json', expect: everyone('ok') },
};

/** Cases beyond the route table: resources of another organisation or outside the user's reach. */
const ID_SWAP: Record<string, Case> = {
  'a user outside the coordinator\u2019s organisations': { url: () => `/users/${outsider.id}`, expect: { ...only(['admin']), coordinator: 404 } },
  'disabling a user outside the coordinator\u2019s organisations': { url: () => `/users/${outsider.id}/disable`, body: {}, expect: { ...only(['admin']), coordinator: 404 } },
  'an admin at an organisation the coordinator manages': { url: () => `/users/${policeAdmin.id}`, expect: { ...only(['admin']), coordinator: 404 } },
  'a password link for that admin': { url: () => `/users/${policeAdmin.id}/link`, body: {}, expect: { ...only(['admin']), coordinator: 404 } },
  'a user id that does not exist': { url: () => '/users/00000000-0000-4000-8000-000000000000', expect: only(['coordinator', 'admin'], 404) },
  'a malformed user id': { url: () => `/users/${encodeURIComponent("1' or '1'='1")}`, expect: only(['coordinator', 'admin'], 404) },
};

beforeAll(async () => {
  t = await buildTestApp();
  target = await makeUser(t.database.db, t.clock, 'executor', 'poltava-police', { email: 'target@test.example', displayName: 'Ціль Тестова' });
  // The regional administration executes no measure of plan 609: outside the coordinator's reach.
  outsider = await makeUser(t.database.db, t.clock, 'executor', 'poltava-ova', { email: 'outsider@test.example', displayName: 'Сторонній Користувач' });
  // An admin whose organisation the coordinator manages: still not the coordinator's to manage.
  policeAdmin = await makeUser(t.database.db, t.clock, 'admin', 'poltava-police', { email: 'police-admin@test.example', displayName: 'Адмін Поліції' });
  const api = await t.get(`/api/v1/plans/${PLAN_609}`);
  measureId = api.json().goals[0].tasks[0].measures[0].id;
});
afterAll(async () => {
  await t.close();
});

async function sessionOf(who: Who, fresh: boolean): Promise<Session | null> {
  if (who === 'anonymous') {
    const page = await t.app.inject({ method: 'GET', url: '/login' });
    const cookies = Object.fromEntries((page.cookies as { name: string; value: string }[]).map((c) => [c.name, c.value]));
    return { cookies, csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
  }
  if (fresh) return signIn(t.app, t.clock, t.users[who]!);
  let s = sessions.get(who);
  if (!s) {
    s = await signIn(t.app, t.clock, t.users[who]!);
    sessions.set(who, s);
  }
  return s;
}

async function run(method: string, c: Case, who: Who): Promise<LightMyRequestResponse> {
  // Signing out or ending sessions would spend the shared session: those run on a fresh one.
  const fresh = /logout|end-others|cancel/.test(c.url());
  const s = await sessionOf(who, fresh);
  // Ending "all other sessions" ends the shared one too: sign in afresh afterwards.
  if (fresh) sessions.delete(who);
  return t.app.inject({
    method: method as 'GET' | 'POST',
    url: c.url(),
    cookies: s?.cookies ?? {},
    ...(method === 'POST' ? { payload: { _csrf: s?.csrf, ...c.body } } : {}),
  });
}

function check(res: LightMyRequestResponse, expected: Outcome, label: string, method: string) {
  const s = res.statusCode;
  expect(s, `${label}: ${s} ${res.body.slice(0, 200)}`).toBeLessThan(500);
  switch (expected) {
    case 'ok':
      expect(s, label).toBeLessThan(400);
      break;
    case 'invalid':
      expect(s, label).toBe(400);
      break;
    case 'login':
      if (label.includes('/api/') || method === 'POST') expect(s, label).toBe(401);
      else {
        expect(s, label).toBe(303);
        expect(String(res.headers.location), label).toMatch(/^\/login\?returnTo=/);
      }
      break;
    default:
      expect(s, label).toBe(expected);
  }
  if (expected !== 'ok' && expected !== 'invalid' && expected !== 409) {
    // Refused: no data of the resource in the body.
    for (const secret of ['@test.example', 'Оперативна ціль', 'Ціль Тестова', 'Сторонній Користувач', 'Адмін Поліції', 'poltava-ctb']) {
      expect(res.body.includes(secret), `${label} leaks "${secret}"`).toBe(false);
    }
  }
}

describe(`route × role matrix on ${DIALECT}`, () => {
  it('has an expected outcome for every route the app serves', () => {
    const served = t.app.routeTable.map((r) => `${r.method} ${r.url}`).sort();
    const missing = served.filter((r) => !CASES[r]);
    expect(missing, 'routes without a row in the matrix').toEqual([]);
    expect(Object.keys(CASES).filter((k) => !served.includes(k)), 'rows for routes that do not exist').toEqual([]);
  });

  for (const [route, c] of Object.entries(CASES)) {
    it(`${route}`, async () => {
      const method = route.split(' ')[0]!;
      for (const who of WHO) check(await run(method, c, who), c.expect[who], `${route} as ${who}`, method);
    });
  }

  for (const [name, c] of Object.entries(ID_SWAP)) {
    it(`refuses ${name}`, async () => {
      const method = c.body ? 'POST' : 'GET';
      for (const who of WHO) check(await run(method, c, who), c.expect[who], `${name} (${method} ${c.url()}) as ${who}`, method);
    });
  }

  it('records refused id swaps in the audit log', async () => {
    const coordinator = await sessionOf('coordinator', false);
    const res = await t.app.inject({ method: 'GET', url: `/users/${outsider.id}`, cookies: coordinator!.cookies });
    expect(res.statusCode).toBe(404);
    const audit = await t.app.inject({ method: 'GET', url: '/audit?action=access.refused', cookies: coordinator!.cookies });
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain(outsider.id);
    expect(audit.body).toContain(t.users.coordinator!.email);
  });
});
