import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AdjustableClock, Clock } from '../../src/clock.ts';
import type { Db } from '../../src/db/database.ts';
import type { Role } from '../../src/db/schema.ts';
import { totpCode } from '../../src/features/auth/service.ts';
import { createUser, generateTotpSecret } from '../../src/features/users/service.ts';

export const TEST_COST = { memoryCost: 1024, timeCost: 1 };

export interface TestUser {
  id: string;
  email: string;
  password: string;
  totpSecret: string | null;
  role: Role;
  organisationId: string;
}

let counter = 0;

/** A user of a role at an organisation; coordinators, supervisors and admins come enrolled in TOTP. */
export async function makeUser(db: Db, clock: Clock, role: Role, organisationId: string, options: { email?: string; totp?: boolean; displayName?: string } = {}): Promise<TestUser> {
  counter++;
  const email = options.email ?? `${role}${counter}@test.example`;
  const password = `correct horse battery ${counter}`;
  const totp = options.totp ?? role !== 'executor';
  const totpSecret = totp ? generateTotpSecret() : null;
  const id = await createUser(db, clock, TEST_COST, { email, displayName: options.displayName ?? `${role} ${counter}`, organisationId, roles: [role], password, totpSecret });
  return { id, email, password, totpSecret, role, organisationId };
}

export function cookiesOf(res: LightMyRequestResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.cookies as { name: string; value: string }[]) out[c.name] = c.value;
  return out;
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in the page');
  return m[1]!;
}

export interface Session {
  cookies: Record<string, string>;
  csrf: string;
}

/** Signs in through the real forms (and the second factor where the user has one). */
export async function signIn(app: FastifyInstance, clock: AdjustableClock, user: TestUser): Promise<Session> {
  const loginPage = await app.inject({ method: 'GET', url: '/login' });
  let cookies = cookiesOf(loginPage);
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    cookies,
    payload: { _csrf: csrfFrom(loginPage.body), email: user.email, password: user.password },
  });
  if (res.statusCode !== 303) throw new Error(`sign-in failed (${res.statusCode}): ${res.body.slice(0, 500)}`);
  cookies = { ...cookies, ...cookiesOf(res) };
  if (String(res.headers.location).startsWith('/login/second-factor')) {
    const page = await app.inject({ method: 'GET', url: '/login/second-factor', cookies });
    clock.advance(30_000); // a fresh TOTP step: each step is accepted once
    const code = totpCode(user.totpSecret!, clock.now());
    const done = await app.inject({ method: 'POST', url: '/login/second-factor', cookies, payload: { _csrf: csrfFrom(page.body), code } });
    if (done.statusCode !== 303) throw new Error(`second factor failed (${done.statusCode}): ${done.body.slice(0, 500)}`);
    cookies = { ...cookies, ...cookiesOf(done) };
  }
  const account = await app.inject({ method: 'GET', url: '/account', cookies });
  if (account.statusCode !== 200) throw new Error(`not signed in after sign-in (${account.statusCode})`);
  return { cookies, csrf: csrfFrom(account.body) };
}
