import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../../test/support/database.ts';
import { adjustableClock } from '../../clock.ts';
import { parseGenerate } from '../../cli/main.ts';
import { generateNational } from './national.ts';

/**
 * The national-scale dataset, small: deterministic for a seed (two databases, the same reports),
 * its regional plans reported on for the periods asked, and a region's dashboards render on it.
 */

const OPTIONS = { regions: 2, communitiesPerRegion: 8, periods: 2, seed: 7 };
let t: TestApp;
let other: TestDatabase;
beforeAll(async () => {
  t = await buildTestApp();
  other = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t.close();
  await other.cleanup();
});

describe(`the national-scale dataset, on ${DIALECT}`, () => {
  it('is the same for the same seed, with reports for each ended period asked, and a region’s dashboards render on it', async () => {
    const clock = adjustableClock('2024-07-16T09:00:00Z');
    const a = await generateNational(t.database.db, clock, OPTIONS);
    const b = await generateNational(other.db, adjustableClock('2024-07-16T09:00:00Z'), OPTIONS);
    expect(a).toEqual(b);
    expect(a.plans).toEqual(['n01-ctb-plan', 'n02-ctb-plan']);
    expect(a.organisations).toBe(2 * (1 + 6 + 1 + 4 + 8 + 2));
    expect(a.reports).toBeGreaterThan(2 * 2 * 10);
    const periods = await t.database.db.selectFrom('reports').select('period_key').distinct().where('plan_id', '=', 'n01-ctb-plan').orderBy('period_key').execute();
    expect(periods.map((p) => p.period_key)).toEqual(['2023-H2', '2024-H1']);
    // The same report, its database ids aside (the test app's database holds plan 609 as well).
    const snap = async (db: TestDatabase['db']) => (await db.selectFrom('report_submissions as s').innerJoin('reports as r', 'r.id', 's.report_id').select(['s.snapshot']).where('r.organisation_id', '=', 'n02-tg-3').where('r.period_key', '=', '2024-H1').executeTakeFirst())?.snapshot.replace(/"(measureId|versionId|indicatorId)":\d+/g, '');
    expect(await snap(t.database.db)).toBe(await snap(other.db));
    t.users.regional = await makeUser(t.database.db, t.clock, 'coordinator', 'n01-dep-1', { email: 'n01@test.example' });
    for (const tab of ['', '/executors', '/indicators']) {
      const page = await t.get(`/plans/n01-ctb-plan/dashboard${tab}`, 'regional');
      expect(page.statusCode, tab).toBe(200);
      expect(page.body, tab).toContain('I півріччя 2024 року');
    }
    // Another region's coordinator does not reach it.
    expect((await t.get('/plans/n02-ctb-plan/dashboard', 'regional')).statusCode).toBe(404);
  });

  it('takes its command-line flags only whole and in range', () => {
    expect(parseGenerate(['generate'])).toEqual({ regions: 25, communitiesPerRegion: 60, periods: 6, seed: 1 });
    expect(parseGenerate(['generate', '--regions', '3', '--seed', '42'])).toEqual({ regions: 3, communitiesPerRegion: 60, periods: 6, seed: 42 });
    for (const bad of [[], ['gen'], ['generate', '--regions'], ['generate', '--regions', '26'], ['generate', '--regions', '0'], ['generate', '--periods', '2.5'], ['generate', '--regions', '2', '--regions', '3'], ['generate', '--colour', '1']]) expect(parseGenerate(bad), bad.join(' ')).toBeNull();
  });
});
