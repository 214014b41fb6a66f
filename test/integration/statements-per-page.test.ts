import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../support/app.ts';
import { signIn, type Session } from '../support/auth.ts';
import { DIALECT } from '../support/database.ts';

/**
 * Issue 19: the statements a page makes do not grow with the plan's history. Each page is asked
 * for twice, and the second time's statements are counted (what a page costs once the process has
 * what it keeps); then a year and a half later, with two more half-years behind the executor, again.
 */

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

async function statements(url: string, session: Session): Promise<number> {
  const first = await t.app.inject({ method: 'GET', url, cookies: session.cookies });
  expect(first.statusCode, url).toBe(200);
  let count = 0;
  const stop = t.database.observe(() => count++);
  try {
    const again = await t.app.inject({ method: 'GET', url, cookies: session.cookies });
    expect(again.statusCode, url).toBe(200);
  } finally {
    stop();
  }
  return count;
}

const EXECUTOR_PAGES = ['/', '/reports', `/plans/${PLAN_609}`, `/plans/${PLAN_609}?executor=poltava-police`];

describe(`statements per page, on ${DIALECT}`, () => {
  it("count the period grid's missing measures without reading the snapshots", async () => {
    // The police submit their report of the half-year, every measure with a state.
    const police = await t.as('executorA');
    const base = `/reports/${PLAN_609}/2024-H1/poltava-police`;
    const form = await t.app.inject({ method: 'GET', url: base, cookies: police.cookies });
    const ids = [...new Set([...form.body.matchAll(/\/entries\/(\d+)/g)].map((m) => m[1]!))];
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const r = await t.app.inject({ method: 'POST', url: `${base}/entries/${id}`, cookies: police.cookies, headers: { 'hx-request': 'true' }, payload: { _csrf: police.csrf, version: '0', state: 'done' } });
      expect(r.statusCode).toBe(200);
    }
    expect((await t.app.inject({ method: 'POST', url: `${base}/submit`, cookies: police.cookies, payload: { _csrf: police.csrf } })).statusCode).toBe(303);
    const coordinator = await signIn(t.app, t.clock, t.users.coordinator!);
    const seen: string[] = [];
    let policeShown = false;
    await t.app.inject({ method: 'GET', url: `/plans/${PLAN_609}/periods/2024-H1/reports`, cookies: coordinator.cookies });
    const stop = t.database.observe((sql) => seen.push(sql));
    try {
      const res = await t.app.inject({ method: 'GET', url: `/plans/${PLAN_609}/periods/2024-H1/reports`, cookies: coordinator.cookies });
      expect(res.statusCode).toBe(200);
      policeShown = res.body.includes('Головне управління Національної поліції');
    } finally {
      stop();
    }
    expect(policeShown).toBe(true);
    expect(seen.filter((s) => /report_submissions/.test(s))).not.toEqual([]);
    expect(seen.filter((s) => /"snapshot"/.test(s))).toEqual([]);
  });

  it("stay the same for an executor's pages when two more half-years have opened", async () => {
    const before: Record<string, number> = {};
    const executor = await signIn(t.app, t.clock, t.users.executorA!);
    for (const url of EXECUTOR_PAGES) before[url] = await statements(url, executor);
    t.clock.advance(540 * 24 * 3600 * 1000);
    const later = await signIn(t.app, t.clock, t.users.executorA!);
    const after: Record<string, number> = {};
    for (const url of EXECUTOR_PAGES) after[url] = await statements(url, later);
    expect(after).toEqual(before);
    // And few: the session, the epochs, the page's own rows.
    for (const [url, n] of Object.entries(after)) expect(n, url).toBeLessThanOrEqual(10);
  });

});
