import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { Check } from 'typebox/value';
import { buildTestApp, PLAN_609, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { ApiErrorBody, apiErrorBody, ERROR_HANDLER_STATUSES } from '../../src/plugins/errors.ts';
import type { RouteEntry } from '../../src/plugins/access.ts';
import { measureIdByCode } from '../../src/features/plans/service.ts';

/**
 * Issue 13 §3: the JSON API answered 500 (FST_ERR_FAILED_ERROR_SERIALIZATION) where a route
 * declared a response schema for an error status that the error handler's body did not fit
 * (409 on saving to a report submitted meanwhile). The route table is walked: every status the
 * error handler can answer that a route declares must accept the handler's body; and every API
 * route is sent what the error handler answers (no sign-in, unknown ids, a broken JSON body, a
 * broken multipart body), never a 5xx, always the shared error body.
 */

/** The declared statuses of a route whose schema would refuse the error handler's body. */
export function misfits(route: Pick<RouteEntry, 'response'>): string[] {
  const out: string[] = [];
  for (const status of ERROR_HANDLER_STATUSES) {
    const schema = route.response?.[String(status)] ?? route.response?.[`${String(status)[0]}xx`] ?? route.response?.default;
    if (!schema) continue; // not declared: sent as it is, without a serializer
    const fullest = apiErrorBody(status, 'повідомлення', { details: [{ path: '/version', message: 'must be integer' }], reference: 'ref' });
    const barest = apiErrorBody(status, 'повідомлення');
    if (!Check(schema as never, fullest) || !Check(schema as never, barest)) out.push(String(status));
  }
  return out;
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe(`the API's error answers, on ${DIALECT}`, () => {
  it('finds a route whose declared error schema the error handler cannot fill (the check can fail)', () => {
    const bad = { response: { 200: Type.Object({}), 409: Type.Object({ error: Type.String(), message: Type.String(), current: Type.Object({ version: Type.Integer() }) }) } };
    expect(misfits(bad)).toEqual(['409']);
    expect(misfits({ response: { 400: Type.Object({ error: Type.String(), problems: Type.Array(Type.String()) }) } })).toEqual(['400']);
    expect(misfits({ response: { '4xx': Type.Object({ error: Type.Literal('x') }) } }).length).toBeGreaterThan(5);
    expect(misfits({ response: { 404: ApiErrorBody } })).toEqual([]);
  });

  it('every route that declares an error status accepts the error handler’s body there', () => {
    const api = t.app.routeTable.filter((r) => r.url.startsWith('/api/'));
    expect(api.filter((r) => r.response).length).toBeGreaterThanOrEqual(7);
    const found = api.map((r) => ({ route: `${r.method} ${r.url}`, statuses: misfits(r) })).filter((x) => x.statuses.length);
    expect(found).toEqual([]);
  });

  it('no API route answers a 5xx to a visitor, unknown ids, a broken JSON body or a broken multipart body', async () => {
    const m11 = (await measureIdByCode(t.database.db, PLAN_609, '1.1'))!;
    const s = await t.as('executorA');
    const fill = (url: string, known: boolean) =>
      url
        .replace(':planId', known ? PLAN_609 : 'no-such-plan')
        .replace(':periodKey', known ? '2024-H1' : '1999-H9')
        .replace(':organisationId', known ? 'poltava-police' : 'no-such-org')
        .replace(':measureId', known ? String(m11) : '999999');
    const answers: { request: string; status: number; body: string }[] = [];
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.permission !== 'public');
    expect(routes.length).toBeGreaterThanOrEqual(6);
    for (const r of routes) {
      const method = r.method as 'GET' | 'POST' | 'PUT';
      const writes = method !== 'GET';
      const tries: { name: string; url: string; signedIn: boolean; payload?: string; type?: string }[] = [
        { name: 'visitor', url: fill(r.url, true), signedIn: false },
        { name: 'unknown ids', url: fill(r.url, false), signedIn: true, ...(writes ? { payload: '{"version":0}', type: 'application/json' } : {}) },
      ];
      if (writes) {
        tries.push({ name: 'broken JSON', url: fill(r.url, true), signedIn: true, payload: '{"version": 0,', type: 'application/json' });
        tries.push({ name: 'broken multipart', url: fill(r.url, true), signedIn: true, payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nabc', type: 'multipart/form-data; boundary=x' });
        tries.push({ name: 'wrong type', url: fill(r.url, true), signedIn: true, payload: 'version=0', type: 'text/csv' });
      }
      for (const x of tries) {
        const res = await t.app.inject({
          method,
          url: x.url,
          cookies: x.signedIn ? s.cookies : {},
          headers: { ...(x.signedIn ? { 'x-csrf-token': s.csrf } : {}), ...(x.type ? { 'content-type': x.type } : {}) },
          ...(x.payload !== undefined ? { payload: x.payload } : {}),
        });
        answers.push({ request: `${x.name}: ${method} ${x.url}`, status: res.statusCode, body: res.body.slice(0, 200) });
        if (res.statusCode >= 400) expect(Check(ApiErrorBody, res.json()), `${x.name}: ${method} ${x.url} → ${res.body.slice(0, 200)}`).toBe(true);
      }
    }
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    // The tries did reach the error handler: each kind of refusal was met.
    const statuses = new Set(answers.map((a) => a.status));
    for (const s of [400, 401, 404, 415]) expect(statuses, `status ${s} among ${[...statuses].join(', ')}`).toContain(s);
  });
});
