import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { checkSubmission, type StatFormDefinition } from '../../domain/statistics.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { listReconciliations, loadReconciliationPeriod } from '../statistics/reconciliation.ts';
import { createDemoStatistics } from './statistics.ts';

/** The demo's statistics: a year of quarters, every form in and adding up, three reconciliations closed, one difference being worked out. */

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: '2026-12-01T09:00:00.000Z' });
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe(`the demo's statistics, on ${DIALECT}`, () => {
  it('holds four quarters: every submission complete and adding up; three reconciliations closed with protocols, the last open with a difference explained', async () => {
    const db = t.database.db;
    expect(await createDemoStatistics(db, t.clock)).toBeGreaterThan(0);
    const rows = await db.selectFrom('stat_submissions as s').innerJoin('stat_forms as f', 'f.id', 's.form_id').select(['s.period_key', 's.state', 's.figures', 'f.definition', 'f.key']).execute();
    expect([...new Set(rows.map((r) => r.period_key))].sort()).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    for (const r of rows) {
      const check = checkSubmission(JSON.parse(r.definition) as StatFormDefinition, JSON.parse(r.figures));
      expect(check, `${r.key} ${r.period_key}`).toEqual({ problems: {}, mismatches: [], empty: [] });
    }
    expect(rows.filter((r) => r.state === 'submitted').map((r) => `${r.key} ${r.period_key}`).sort()).toEqual(['children-identified 2025-Q4', 'victims-identified 2025-Q4']);
    const plan = (await getPlan(db, PLAN_609))!;
    const [rec] = await listReconciliations(db, PLAN_609);
    const directory = await loadDirectory(db);
    for (const q of ['2025-Q1', '2025-Q2', '2025-Q3']) {
      const view = (await loadReconciliationPeriod(db, plan, rec!, q, directory))!;
      expect(view.state.state, q).toBe('closed');
      expect(view.protocols).toHaveLength(1);
      expect(view.rows.every((r) => r.difference === 0)).toBe(true);
    }
    const last = (await loadReconciliationPeriod(db, plan, rec!, '2025-Q4', directory))!;
    expect(last.state.state).toBe('open');
    const differing = last.rows.filter((r) => r.difference !== 0);
    expect(differing.map((r) => r.difference).sort()).toEqual([-1, 1]);
    expect(last.comments).toHaveLength(1);
    // The year so far is known: every quarter of 2025 is in.
    expect(last.rows[0]!.leftYearToDate).not.toBeNull();
    // Once: a second start adds nothing.
    expect(await createDemoStatistics(db, t.clock)).toBe(0);
  }, 120_000);

  it('publishes a quarter only through suppression: small counts hidden, forms not yet accepted left out; for the coordinator and the supervisor only', async () => {
    const url = `/plans/${PLAN_609}/statistics/publication/2025-Q4`;
    const csv = await t.get(url, 'coordinator');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('"Форма";"Показник";"Значення"');
    // The two forms still being reconciled are not accepted: not published.
    expect(lines.filter((l) => l.includes('не оприлюднюється'))).toHaveLength(2);
    // Every count of people published is 0 or at least 5; the small ones read "<5".
    const rows = lines.slice(1).map((l) => l.split(';'));
    for (const [, label, value] of rows) {
      if (/^\d+$/.test(value!) && !/Сума виплат|консультацій/.test(label!)) expect(Number(value) === 0 || Number(value) >= 5, `${label} ${value}`).toBe(true);
    }
    expect(rows.some(([, , v]) => v === '"<5"')).toBe(true);
    expect((await t.get(url, 'executorA')).statusCode).toBe(404);
    expect((await t.get(url, 'supervisor')).statusCode).toBe(200);
  });
});
