import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { cookiesOf, csrfFrom } from '../support/auth.ts';
import { DIALECT } from '../support/database.ts';
import { createAdmin } from '../../src/features/users/service.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe(`a very long password, on ${DIALECT}`, () => {
  it('is told beside the field on sign-in, not refused with a bare page', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/login' });
    for (const length of [1_100, 15_000]) {
      const res = await t.app.inject({ method: 'POST', url: '/login', cookies: cookiesOf(page), payload: { _csrf: csrfFrom(page.body), email: 'police@test.example', password: 'я'.repeat(length) } });
      expect(res.statusCode, String(length)).toBe(400);
      expect(res.body).toContain('id="password-error"');
      expect(res.body).toContain('Пароль має бути не довшим за 128 символів');
      // What was typed in the e-mail field is kept.
      expect(res.body).toContain('value="police@test.example"');
    }
  });

  it('is told beside the field when setting a password from an invitation', async () => {
    const { token } = await createAdmin(t.database.db, t.clock, { email: 'long@test.example', displayName: 'Довгий Пароль', organisationId: 'poltava-ova' });
    const form = await t.app.inject({ method: 'GET', url: `/invitation/${token}` });
    const res = await t.app.inject({ method: 'POST', url: `/invitation/${token}`, cookies: cookiesOf(form), payload: { _csrf: csrfFrom(form.body), password: 'ї'.repeat(1_100), repeat: 'ї'.repeat(1_100) } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Пароль має бути не довшим за 128 символів');
    // The link still works.
    expect((await t.app.inject({ method: 'GET', url: `/invitation/${token}` })).statusCode).toBe(200);
  });
});
