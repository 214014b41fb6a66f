import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';

/** /metrics (issue 19): Prometheus's format, what it counts, and closed to anyone but a scraper. */

let open: TestApp;
let withToken: TestApp;
const TOKEN = 'scrape-token-0123456789-abcdef';

beforeAll(async () => {
  open = await buildTestApp();
  withToken = await buildTestApp({ env: { ZVIT_METRICS_TOKEN: TOKEN } });
});
afterAll(async () => {
  await open.close();
  await withToken.close();
});

describe(`metrics, on ${DIALECT}`, () => {
  it('counts requests by route pattern, statements, reports and the outbox, in the text format', async () => {
    await open.get(`/plans/${PLAN_609}`, 'executorA');
    await open.get(`/plans/${PLAN_609}`, 'executorA');
    const res = await open.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = res.body;
    // By pattern, never by the address typed (no unbounded labels).
    expect(body).toMatch(/zvit_http_request_duration_seconds_count\{route="\/plans\/:planId",method="GET",status="2xx"\} ([2-9]|\d\d+)/);
    expect(body).not.toContain(PLAN_609);
    expect(body).toMatch(/zvit_db_statement_duration_seconds_count\{kind="select"\} \d+/);
    expect(body).toMatch(/zvit_event_loop_delay_seconds\{quantile="0.99"\} [\d.]+/);
    expect(body).toMatch(/zvit_process_resident_memory_bytes \d+/);
    expect(body).toContain('# TYPE zvit_reports gauge');
    // Every sample line is "name{labels} number" or "name number".
    for (const line of body.trim().split('\n').filter((l) => !l.startsWith('#'))) expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[\d.e+-]+$/);
  });

  it('is closed to a request through a proxy, and with a token set, to anyone without it', async () => {
    expect((await open.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(404);
    expect((await open.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode).toBe(404);
    expect((await withToken.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    expect((await withToken.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } })).statusCode).toBe(404);
    const scraped = await withToken.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' } });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain('zvit_process_uptime_seconds');
  });
});

describe(`readiness, on ${DIALECT}`, () => {
  it('is not ready while a migration this version knows is not applied', async () => {
    expect((await open.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const last = await open.database.db.selectFrom('kysely_migration' as never).select('name' as never).orderBy('name' as never, 'desc').executeTakeFirstOrThrow();
    await open.database.db.deleteFrom('kysely_migration' as never).where('name' as never, '=', (last as { name: string }).name as never).execute();
    const res = await open.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', migrations: 'behind', missing: [(last as { name: string }).name] });
    await open.database.db.insertInto('kysely_migration' as never).values({ name: (last as { name: string }).name, timestamp: new Date().toISOString() } as never).execute();
    expect((await open.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
