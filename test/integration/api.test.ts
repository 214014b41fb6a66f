import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { compareUkrainian } from '../../src/domain/text.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (url: string) => t.get(url);

describe(`JSON API on ${DIALECT}`, () => {
  it('lists plans', async () => {
    const res = await get('/api/v1/plans');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const body = res.json();
    expect(body.plans).toHaveLength(1);
    expect(body.plans[0]).toMatchObject({ id: PLAN_609, state: 'active', measureCount: 30, legal: { number: '609', date: '2023-09-04' }, start: '2023-09-04', end: '2025-12-31' });
    expect(body.plans[0].schedule).toEqual({ periodKind: 'half_year', executorDueDay: 15, consolidationDueDay: 20, timeZone: 'Europe/Kyiv', moveWeekendDeadlines: false });
  });

  it('gives a plan with goals, tasks, measures, executors and periods', async () => {
    const res = await get(`/api/v1/plans/${PLAN_609}`);
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan.goals).toHaveLength(4);
    const measures = plan.goals.flatMap((g: any) => g.tasks.flatMap((t: any) => t.measures));
    expect(measures).toHaveLength(30);
    const m21 = measures.find((m: any) => m.code === '2.1');
    expect(m21.deadline).toEqual({ asWritten: '2023-2025', from: '2023-01-01', to: '2025-12-31', permanent: false, note: null });
    expect(m21.executors.map((e: any) => e.id)).toEqual(['poltava-ova-children', 'poltava-police', 'district-military-administrations']);
    const group = m21.executors[2];
    expect(group).toMatchObject({ type: 'group', name: 'Районні військові адміністрації' });
    expect(group.memberIds).toHaveLength(4);
    expect(measures.find((m: any) => m.code === '3.3').deadline).toMatchObject({ asWritten: null, note: 'not_stated' });
    expect(plan.periods.map((p: any) => [p.key, p.executorDeadline, p.consolidationDeadline])).toEqual([
      ['2023-H2', '2024-01-15', '2024-01-20'],
      ['2024-H1', '2024-07-15', '2024-07-20'],
      ['2024-H2', '2025-01-15', '2025-01-20'],
      ['2025-H1', '2025-07-15', '2025-07-20'],
      ['2025-H2', '2026-01-15', '2026-01-20'],
    ]);
  });

  it('answers an unknown or malformed plan id with a JSON 404 or 400', async () => {
    const missing = await get('/api/v1/plans/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'not_found', message: 'Не знайдено' });
    const bad = await get(`/api/v1/plans/${encodeURIComponent('<script>')}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('bad_request');
    expect(bad.body).not.toContain('at ');
  });

  it('lists organisations in Ukrainian order with groups', async () => {
    const res = await get('/api/v1/organisations');
    const body = res.json();
    expect(body.organisations).toHaveLength(78);
    const names = body.organisations.map((o: any) => o.name);
    expect(names).toEqual([...names].sort(compareUkrainian));
    expect(body.organisations.find((o: any) => o.id === 'community-reshetylivska').groupIds).toEqual(['local-self-government']);
    expect(body.groups.map((g: any) => [g.id, g.memberIds.length])).toEqual(
      expect.arrayContaining([
        ['district-military-administrations', 4],
        ['local-self-government', 60],
        ['ngos', 0],
      ]),
    );
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const res = await get('/api/v1/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/organisations',
      '/api/v1/plans',
      '/api/v1/plans/{planId}',
      '/api/v1/reports',
      '/api/v1/reports/{planId}/{periodKey}/{organisationId}',
      '/api/v1/reports/{planId}/{periodKey}/{organisationId}/entries/{measureId}',
      '/api/v1/reports/{planId}/{periodKey}/{organisationId}/submit',
      '/api/v1/reports/{planId}/{periodKey}/{organisationId}/withdraw',
    ]);
    expect(Object.keys(doc.paths['/api/v1/reports/{planId}/{periodKey}/{organisationId}/entries/{measureId}'])).toEqual(['put']);
    const planSchema = doc.paths['/api/v1/plans/{planId}'].get.responses['200'].content['application/json'].schema;
    expect(planSchema.properties.goals).toBeDefined();
    expect(planSchema.properties.periods).toBeDefined();
  });
});
