import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildTestApp, PLAN_609, type TestApp } from '../support/app.ts';
import { cookiesOf, csrfFrom, makeUser, signIn, type Session, type TestUser } from '../support/auth.ts';
import { DIALECT } from '../support/database.ts';
import { totpCode } from '../../src/features/auth/service.ts';
import { verifyAuditLog } from '../../src/features/audit/service.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const SESSION = 'zvit_session';

async function anonymous(): Promise<Session> {
  const page = await t.app.inject({ method: 'GET', url: '/login' });
  return { cookies: cookiesOf(page), csrf: csrfFrom(page.body) };
}

async function post(url: string, s: Session, payload: Record<string, unknown>, extra: { headers?: Record<string, string>; remoteAddress?: string } = {}) {
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...payload }, headers: extra.headers ?? {}, remoteAddress: extra.remoteAddress });
}

async function isSignedIn(cookies: Record<string, string>): Promise<boolean> {
  const res = await t.app.inject({ method: 'GET', url: '/account', cookies });
  return res.statusCode === 200;
}

async function fresh(role: 'executor' | 'coordinator', org = 'poltava-police'): Promise<TestUser> {
  return makeUser(t.database.db, t.clock, role, role === 'coordinator' ? 'poltava-ova-social-protection' : org);
}

describe(`sessions on ${DIALECT}`, () => {
  it('gives a new session id at sign-in: a cookie planted before is dead after', async () => {
    const user = await fresh('executor');
    // The attacker's own pending session cookie, planted in the victim's browser.
    const planted = await anonymous();
    const attackerLogin = await post('/login', planted, { email: t.users.coordinator!.email, password: t.users.coordinator!.password });
    const plantedCookie = cookiesOf(attackerLogin)[SESSION]!;
    expect(plantedCookie).toBeTruthy();
    const victimCookies = { ...planted.cookies, [SESSION]: plantedCookie };
    const form = await t.app.inject({ method: 'GET', url: '/login', cookies: victimCookies });
    const victim = await post('/login', { cookies: victimCookies, csrf: csrfFrom(form.body) }, { email: user.email, password: user.password });
    expect(victim.statusCode).toBe(303);
    const issued = cookiesOf(victim)[SESSION]!;
    expect(issued).not.toBe(plantedCookie);
    expect(await isSignedIn({ [SESSION]: issued })).toBe(true);
    expect(await isSignedIn({ [SESSION]: plantedCookie })).toBe(false);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, without the __Host- prefix over plain HTTP', async () => {
    const user = await fresh('executor');
    const anon = await anonymous();
    const res = await post('/login', anon, { email: user.email, password: user.password });
    const header = String(res.headers['set-cookie']);
    expect(header).toContain(`${SESSION}=`);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Lax');
    expect(header).not.toContain('__Host-');
  });

  it('ends a session at logout, even with a second request in flight', async () => {
    const user = await fresh('executor');
    const s = await signIn(t.app, t.clock, user);
    const [page, out] = await Promise.all([
      t.app.inject({ method: 'GET', url: `/plans/${PLAN_609}`, cookies: s.cookies }),
      post('/logout', s, {}),
    ]);
    expect([200, 303]).toContain(page.statusCode);
    expect(out.statusCode).toBe(303);
    expect(await isSignedIn(s.cookies)).toBe(false);
    const rows = await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(rows).toEqual([]);
  });

  it('ends a live session when the user is disabled, and when their roles change', async () => {
    const admin = await t.as('admin');
    const user = await fresh('executor');
    const s = await signIn(t.app, t.clock, user);
    expect(await isSignedIn(s.cookies)).toBe(true);
    expect((await post(`/users/${user.id}/disable`, admin, {})).statusCode).toBe(200);
    expect(await isSignedIn(s.cookies)).toBe(false);
    // Nor can they sign in again.
    const anon = await anonymous();
    expect((await post('/login', anon, { email: user.email, password: user.password })).statusCode).toBe(400);
    expect((await post(`/users/${user.id}/enable`, admin, {})).statusCode).toBe(200);
    const again = await signIn(t.app, t.clock, user);
    expect((await post(`/users/${user.id}/roles`, admin, { roles: ['executor', 'supervisor'] })).statusCode).toBe(200);
    expect(await isSignedIn(again.cookies)).toBe(false);
  });

  it('times out after 30 idle minutes and after 12 hours in all', async () => {
    const user = await fresh('executor');
    const s = await signIn(t.app, t.clock, user);
    t.clock.advance(29 * 60_000);
    expect(await isSignedIn(s.cookies)).toBe(true);
    t.clock.advance(31 * 60_000);
    expect(await isSignedIn(s.cookies)).toBe(false);
    const busy = await signIn(t.app, t.clock, user);
    for (let h = 0; h < 40; h++) {
      t.clock.advance(25 * 60_000);
      if (!(await isSignedIn(busy.cookies))) break;
    }
    // Active every 25 minutes, still out after 12 hours.
    expect(await isSignedIn(busy.cookies)).toBe(false);
  });

  it('lets a user see and end their own other sessions', async () => {
    const user = await fresh('executor');
    const a = await signIn(t.app, t.clock, user);
    const b = await signIn(t.app, t.clock, user);
    const page = await t.app.inject({ method: 'GET', url: '/account', cookies: a.cookies });
    const handles = [...page.body.matchAll(/\/account\/sessions\/([0-9a-f]{16})\/end/g)].map((m) => m[1]!);
    expect(handles).toHaveLength(1);
    expect((await post(`/account/sessions/${handles[0]}/end`, a, {})).statusCode).toBe(200);
    expect(await isSignedIn(b.cookies)).toBe(false);
    expect(await isSignedIn(a.cookies)).toBe(true);
    // Another user's session handle is not theirs to end.
    const other = await signIn(t.app, t.clock, await fresh('executor'));
    const otherPage = await t.app.inject({ method: 'GET', url: '/account', cookies: other.cookies });
    void otherPage;
    const otherHandle = (await t.database.db.selectFrom('sessions').select('id').where('user_id', '<>', user.id).executeTakeFirstOrThrow()).id.slice(0, 16);
    expect((await post(`/account/sessions/${otherHandle}/end`, a, {})).statusCode).toBe(404);
  });
});

describe(`over HTTPS on ${DIALECT}`, () => {
  it('names the session cookie __Host- and marks it Secure, and honours X-Forwarded-For only from a trusted proxy', async () => {
    const secure = await buildTestApp({ env: { ZVIT_BASE_URL: 'https://zvit.example.gov.ua', ZVIT_TRUST_PROXY: '127.0.0.1' } });
    try {
      const page = await secure.app.inject({ method: 'GET', url: '/login' });
      const csrfCookie = page.cookies.find((c) => c.name === '__Host-zvit_csrf');
      expect(csrfCookie?.secure).toBe(true);
      const user = secure.users.executorA!;
      const res = await secure.app.inject({ method: 'POST', url: '/login', cookies: cookiesOf(page), payload: { _csrf: csrfFrom(page.body), email: user.email, password: user.password } });
      expect(res.statusCode).toBe(303);
      const session = res.cookies.find((c) => c.name === '__Host-zvit_session');
      expect(session).toBeDefined();
      expect(session!.secure).toBe(true);
      expect(session!.httpOnly).toBe(true);
      expect(session!.path).toBe('/');
      expect(String(res.headers['strict-transport-security'] ?? '')).toContain('max-age');
      // Behind the trusted proxy, each client address is throttled on its own.
      const fail = (ip: string) =>
        secure.app.inject({ method: 'POST', url: '/login', cookies: cookiesOf(page), headers: { 'x-forwarded-for': ip }, payload: { _csrf: csrfFrom(page.body), email: user.email, password: 'wrong wrong wrong' } });
      for (let i = 0; i < 5; i++) await fail('203.0.113.1');
      expect((await fail('203.0.113.1')).statusCode).toBe(429);
      expect((await fail('203.0.113.2')).statusCode).toBe(400);
      const events = await secure.database.db.selectFrom('audit_events').select('ip').where('action', '=', 'auth.sign_in_failed').execute();
      expect(events.map((e) => e.ip)).toContain('203.0.113.2');
    } finally {
      await secure.close();
    }
  });
});

describe(`second factor on ${DIALECT}`, () => {
  it('requires a TOTP code for a coordinator, accepts each time step once, and accepts a recovery code once', async () => {
    const user = await fresh('coordinator');
    const anon = await anonymous();
    const res = await post('/login', anon, { email: user.email, password: user.password });
    expect(res.headers.location).toMatch(/^\/login\/second-factor/);
    const cookies = { ...anon.cookies, ...cookiesOf(res) };
    // Half signed in: nothing but the second-factor page.
    expect((await t.app.inject({ method: 'GET', url: '/plans', cookies })).statusCode).toBe(303);
    const page = await t.app.inject({ method: 'GET', url: '/login/second-factor', cookies });
    const csrf = csrfFrom(page.body);
    t.clock.advance(30_000);
    const code = totpCode(user.totpSecret!, t.clock.now());
    const wrong = await t.app.inject({ method: 'POST', url: '/login/second-factor', cookies, payload: { _csrf: csrf, code: code === '000000' ? '111111' : '000000' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Код неправильний');
    const ok = await t.app.inject({ method: 'POST', url: '/login/second-factor', cookies, payload: { _csrf: csrf, code } });
    expect(ok.statusCode).toBe(303);
    // The same code again (another sign-in, same time step): refused.
    const anon2 = await anonymous();
    const res2 = await post('/login', anon2, { email: user.email, password: user.password });
    const cookies2 = { ...anon2.cookies, ...cookiesOf(res2) };
    const page2 = await t.app.inject({ method: 'GET', url: '/login/second-factor', cookies: cookies2 });
    const replay = await t.app.inject({ method: 'POST', url: '/login/second-factor', cookies: cookies2, payload: { _csrf: csrfFrom(page2.body), code } });
    expect(replay.statusCode).toBe(400);
  });

  it('keeps counting wrong codes when the password is entered again and again', async () => {
    const user = await fresh('coordinator');
    let last = 0;
    for (let round = 0; round < 3 && last !== 429; round++) {
      const anon = await anonymous();
      const res = await post('/login', anon, { email: user.email, password: user.password }, { remoteAddress: '198.51.100.77' });
      if (res.statusCode === 429) {
        last = 429;
        break;
      }
      const cookies = { ...anon.cookies, ...cookiesOf(res) };
      const page = await t.app.inject({ method: 'GET', url: '/login/second-factor', cookies });
      for (let i = 0; i < 2; i++) {
        const wrong = await t.app.inject({ method: 'POST', url: '/login/second-factor', cookies, remoteAddress: '198.51.100.77', payload: { _csrf: csrfFrom(page.body), code: 'abcde-fghij' } });
        last = wrong.statusCode;
        if (last === 429) break;
      }
    }
    // Five wrong codes in all, across three password entries: locked.
    expect(last).toBe(429);
  });

  it('enrols a new coordinator during the first sign-in and shows recovery codes once', async () => {
    const user = await makeUser(t.database.db, t.clock, 'coordinator', 'poltava-ova-social-protection', { totp: false });
    const anon = await anonymous();
    const res = await post('/login', anon, { email: user.email, password: user.password });
    const cookies = { ...anon.cookies, ...cookiesOf(res) };
    const page = await t.app.inject({ method: 'GET', url: '/login/second-factor', cookies });
    expect(page.body).toContain('Налаштування двоетапної перевірки');
    expect(page.body).toContain('data:image/png;base64,');
    const secret = /<code>([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!.replace(/ /g, '');
    const done = await t.app.inject({ method: 'POST', url: '/login/second-factor', cookies, payload: { _csrf: csrfFrom(page.body), code: totpCode(secret, t.clock.now()) } });
    expect(done.statusCode).toBe(200);
    const codes = [...done.body.matchAll(/<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    const signed = { ...cookies, ...cookiesOf(done) };
    expect(await isSignedIn(signed)).toBe(true);
    // A recovery code signs in once.
    const anon2 = await anonymous();
    const res2 = await post('/login', anon2, { email: user.email, password: user.password });
    const c2 = { ...anon2.cookies, ...cookiesOf(res2) };
    const p2 = await t.app.inject({ method: 'GET', url: '/login/second-factor', cookies: c2 });
    expect((await t.app.inject({ method: 'POST', url: '/login/second-factor', cookies: c2, payload: { _csrf: csrfFrom(p2.body), code: codes[3]!.toUpperCase() } })).statusCode).toBe(303);
    const anon3 = await anonymous();
    const res3 = await post('/login', anon3, { email: user.email, password: user.password });
    const c3 = { ...anon3.cookies, ...cookiesOf(res3) };
    const p3 = await t.app.inject({ method: 'GET', url: '/login/second-factor', cookies: c3 });
    expect((await t.app.inject({ method: 'POST', url: '/login/second-factor', cookies: c3, payload: { _csrf: csrfFrom(p3.body), code: codes[3]! } })).statusCode).toBe(400);
  });
});

describe(`one-time links on ${DIALECT}`, () => {
  async function invite(email: string): Promise<string> {
    const admin = await t.as('admin');
    const res = await post('/users', admin, { email, displayName: 'Нова Користувачка', organisationId: 'poltava-police', role: 'executor' });
    expect(res.statusCode).toBe(201);
    return /value="http:\/\/localhost:3000(\/invitation\/[A-Za-z0-9_-]{43})"/.exec(res.body)![1]!;
  }

  it('lets an invitee set a password once, refusing weak ones beside the field', async () => {
    const link = await invite('invitee1@test.example');
    const page = await t.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    const anon = { cookies: cookiesOf(page), csrf: csrfFrom(page.body) };
    for (const [password, message] of [
      ['short', 'щонайменше 12 символів'],
      ['password12345', 'занадто поширений'],
      ['x'.repeat(129), 'не довшим за 128'],
    ] as const) {
      const res = await post(link, anon, { password, repeat: password });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(message);
      expect(res.body).toContain('id="password-error"');
    }
    const mismatch = await post(link, anon, { password: 'лелека летить на південь', repeat: 'лелека летить на північ' });
    expect(mismatch.body).toContain('Паролі не збігаються');
    const good = 'лелека летить на південь '.repeat(2).trim() + ' '.repeat(0);
    const ok = await post(link, anon, { password: good, repeat: good });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/login?done=1');
    const reuse = await post(link, anon, { password: good, repeat: good });
    expect(reuse.statusCode).toBe(410);
    expect(reuse.body).toContain('ним уже скористалися');
    // The new password works.
    const login = await anonymous();
    expect((await post('/login', login, { email: 'invitee1@test.example', password: good })).statusCode).toBe(303);
  });

  it('voids a user’s links when they are disabled, so enabling them again does not bring the links back', async () => {
    const admin = await t.as('admin');
    const user = await fresh('executor');
    const res = await post(`/users/${user.id}/link`, admin, {});
    const link = /value="http:\/\/localhost:3000(\/password-reset\/[A-Za-z0-9_-]{43})"/.exec(res.body)![1]!;
    expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(200);
    await post(`/users/${user.id}/disable`, admin, {});
    await post(`/users/${user.id}/enable`, admin, {});
    expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(410);
  });

  it('refuses an expired link and a link of the wrong purpose', async () => {
    const link = await invite('invitee2@test.example');
    const token = link.split('/').pop()!;
    expect((await t.app.inject({ method: 'GET', url: `/password-reset/${token}` })).statusCode).toBe(404);
    t.clock.advance(73 * 3600_000);
    const expired = await t.app.inject({ method: 'GET', url: link });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Строк дії посилання минув');
  });

  it('accepts a 64-character password and a password reset ends the user\u2019s sessions', async () => {
    const user = await fresh('executor');
    const live = await signIn(t.app, t.clock, user);
    const coordinator = await t.as('coordinator');
    const res = await post(`/users/${user.id}/link`, coordinator, {});
    const link = /value="http:\/\/localhost:3000(\/password-reset\/[A-Za-z0-9_-]{43})"/.exec(res.body)![1]!;
    const page = await t.app.inject({ method: 'GET', url: link });
    const anon = { cookies: cookiesOf(page), csrf: csrfFrom(page.body) };
    const long = 'ж'.repeat(30) + 'ї'.repeat(34);
    expect((await post(link, anon, { password: long, repeat: long })).statusCode).toBe(303);
    expect(await isSignedIn(live.cookies)).toBe(false);
  });
});

describe(`throttling on ${DIALECT}`, () => {
  it('locks an account on one address after five failures — even with the right password — and a spoofed X-Forwarded-For changes nothing', async () => {
    const user = await fresh('executor');
    const anon = await anonymous();
    for (let i = 0; i < 5; i++) {
      const res = await post('/login', anon, { email: user.email, password: 'wrong password ' + i }, { headers: { 'x-forwarded-for': `10.0.0.${i}` } });
      expect(res.statusCode).toBe(400);
    }
    const locked = await post('/login', anon, { email: user.email, password: user.password }, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('Забагато невдалих спроб');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The lock ends by itself.
    t.clock.advance(2 * 60_000);
    expect((await post('/login', anon, { email: user.email, password: user.password })).statusCode).toBe(303);
  });

  it('does not let a spray from many addresses lock the owner out of an address they use', async () => {
    const user = await fresh('executor');
    const home = '198.51.100.7';
    const anon = await anonymous();
    expect((await post('/login', anon, { email: user.email, password: user.password }, { remoteAddress: home })).statusCode).toBe(303);
    for (let i = 0; i < 25; i++) {
      await post('/login', anon, { email: user.email, password: 'guess ' + i }, { remoteAddress: `192.0.2.${i + 1}` });
    }
    // A new address is held back by the account-wide lock…
    expect((await post('/login', anon, { email: user.email, password: user.password }, { remoteAddress: '192.0.2.200' })).statusCode).toBe(429);
    // …the owner's usual address is not.
    expect((await post('/login', anon, { email: user.email, password: user.password }, { remoteAddress: home })).statusCode).toBe(303);
  });

  it('answers an unknown address like a wrong password', async () => {
    const anon = await anonymous();
    const unknown = await post('/login', anon, { email: 'nobody@test.example', password: 'whatever whatever' });
    const wrong = await post('/login', anon, { email: t.users.executorB!.email, password: 'whatever whatever' });
    expect(unknown.statusCode).toBe(wrong.statusCode);
    // The CSRF token is masked afresh in every page (against BREACH), so it differs between any two.
    const same = (body: string, email: RegExp) => body.replace(email, 'X').replace(/[A-Za-z0-9_-]{86}/g, 'T');
    expect(same(unknown.body, /nobody@test\.example/g)).toBe(same(wrong.body, /children@test\.example/g));
  });
});

describe(`return addresses on ${DIALECT}`, () => {
  it('sends a user back to a non-ASCII address without breaking the redirect', async () => {
    const user = await fresh('executor');
    const anon = await anonymous();
    const res = await post('/login', anon, { email: user.email, password: user.password, returnTo: '/plans?q=\u0406\u2028x' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/plans?q=%D0%86%E2%80%A8x');
    const signedIn = { ...anon.cookies, ...cookiesOf(res) };
    expect(await isSignedIn(signedIn)).toBe(true);
    const page = await t.app.inject({ method: 'GET', url: `/login?returnTo=${encodeURIComponent('/організації')}`, cookies: signedIn });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/%D0%BE%D1%80%D0%B3%D0%B0%D0%BD%D1%96%D0%B7%D0%B0%D1%86%D1%96%D1%97');
  });
});

describe(`the audit viewer on ${DIALECT}`, () => {
  it('shows a coordinator the events of the people they manage, not the regional admin’s', async () => {
    await t.as('admin');
    const coordinator = await t.as('coordinator');
    const page = await t.app.inject({ method: 'GET', url: '/audit?action=auth.sign_in', cookies: coordinator.cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(t.users.coordinator!.email);
    expect(page.body).not.toContain(t.users.admin!.email);
    expect(page.body).not.toContain(t.users.supervisor!.email);
    const admin = await t.as('admin');
    const all = await t.app.inject({ method: 'GET', url: '/audit?action=auth.sign_in', cookies: admin.cookies });
    expect(all.body).toContain(t.users.admin!.email);
  });
});

describe(`CSRF on ${DIALECT}`, () => {
  it('refuses a state-changing request without a token, with another session\u2019s token, and from another site', async () => {
    const a = await t.as('executorA');
    const b = await t.as('executorB');
    const noToken = await t.app.inject({ method: 'POST', url: '/account/sessions/end-others', cookies: a.cookies, payload: {} });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.body).toContain('Форма застаріла');
    const othersToken = await t.app.inject({ method: 'POST', url: '/account/sessions/end-others', cookies: a.cookies, payload: { _csrf: b.csrf } });
    expect(othersToken.statusCode).toBe(403);
    const crossOrigin = await post('/account/sessions/end-others', a, {}, { headers: { origin: 'https://evil.example' } });
    expect(crossOrigin.statusCode).toBe(403);
    const crossSite = await post('/account/sessions/end-others', a, {}, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    // The header works for htmx requests.
    const header = await t.app.inject({ method: 'POST', url: '/locale', cookies: a.cookies, headers: { 'x-csrf-token': a.csrf }, payload: { locale: 'uk' } });
    expect(header.statusCode).toBe(303);
    // The sign-in form too (login CSRF).
    const login = await t.app.inject({ method: 'POST', url: '/login', payload: { email: t.users.executorA!.email, password: t.users.executorA!.password } });
    expect(login.statusCode).toBe(403);
  });

  it('never changes anything on GET', async () => {
    const a = await t.as('admin');
    const before = await t.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const url of ['/logout', `/users/${t.users.executorB!.id}/disable`, '/account/sessions/end-others']) {
      const res = await t.app.inject({ method: 'GET', url, cookies: a.cookies });
      expect(res.statusCode, url).toBe(404);
    }
    const after = await t.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await isSignedIn(a.cookies)).toBe(true);
  });
});

describe(`queries on ${DIALECT}`, () => {
  it('never builds SQL from request data: no sql.raw or dynamic references outside the migrations', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (p !== path.join('src', 'db', 'migrations')) walk(p);
        } else if (/\.tsx?$/.test(e.name) && !e.name.includes('.test.')) {
          const text = fs.readFileSync(p, 'utf8');
          if (/sql\.raw\(|\.dynamic\.ref\(|sql\.lit\(/.test(text)) offenders.push(p);
        }
      }
    };
    walk('src');
    expect(offenders).toEqual([]);
  });
});

describe(`mass assignment on ${DIALECT}`, () => {
  it('refuses fields a form does not have, and roles the user may not grant', async () => {
    const coordinator = await t.as('coordinator');
    const extra = await post('/users', coordinator, { email: 'mass@test.example', displayName: 'X', organisationId: 'poltava-police', role: 'executor', roles: 'admin' });
    expect(extra.statusCode).toBe(400);
    const organisation = await post('/users', coordinator, { email: 'mass@test.example', displayName: 'X', organisationId: 'poltava-police', role: 'executor', organisation_id: 'poltava-ova' });
    expect(organisation.statusCode).toBe(400);
    expect(await t.database.db.selectFrom('users').select('id').where('email', '=', 'mass@test.example').executeTakeFirst()).toBeUndefined();
    // A coordinator cannot make an admin.
    const asAdmin = await post('/users', coordinator, { email: 'mass@test.example', displayName: 'X', organisationId: 'poltava-police', role: 'admin' });
    expect(asAdmin.statusCode).toBe(400);
    expect(asAdmin.body).toContain('Оберіть роль зі списку');
    const target = await fresh('executor');
    const grant = await post(`/users/${target.id}/roles`, coordinator, { roles: ['executor', 'admin'] });
    expect(grant.statusCode).toBe(400);
    const roles = await t.database.db.selectFrom('role_grants').select('role').where('user_id', '=', target.id).execute();
    expect(roles.map((r) => r.role)).toEqual(['executor']);
    // Nor change their own roles.
    const self = await post(`/users/${t.users.coordinator!.id}/roles`, coordinator, { roles: 'executor' });
    expect(self.statusCode).toBe(400);
  });
});

describe(`the audit log on ${DIALECT}`, () => {
  it('chains sign-ins, failures and role changes; an edited row fails verification', async () => {
    const whole = await verifyAuditLog(t.database.db);
    expect(whole.problem).toBeNull();
    expect(whole.count).toBeGreaterThan(5);
    const actions = await t.database.db.selectFrom('audit_events').select('action').distinct().execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.sign_in', 'auth.sign_in_failed', 'user.roles_changed', 'user.invited', 'user.disabled']));
    const victim = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'user.disabled').executeTakeFirstOrThrow();
    await sql`update audit_events set actor_email = ${'someone-else@test.example'} where id = ${victim.id}`.execute(t.database.db);
    const broken = await verifyAuditLog(t.database.db);
    expect(broken.problem).toEqual({ id: Number(victim.id), problem: 'hash' });
  });
});
