import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { createDemoCycle } from '../demo/cycle.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { periodByKey } from '../reports/service.ts';
import { buildDocument } from './document.ts';
import { publicationDocument } from './publication.ts';
import { consolidate } from './service.ts';
import { draftSummary } from './summary.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  await createDemoCycle(t.database.db, t.clock);
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe(`consolidating a period, on ${DIALECT}`, () => {
  it('draws every measure from accepted and submitted reports only, rolls up states and totals per kind and district', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const plan = (await getPlan(db, PLAN_609))!;
    const c = await consolidate(db, directory, plan, periodByKey(plan, '2024-H1')!);
    expect(c.goals.map((g) => g.number)).toEqual([1, 2, 3, 4]);
    const all = c.goals.flatMap((g) => g.measures);
    expect(all.length).toBeGreaterThan(25);
    for (const m of all) {
      // Everyone owing the measure is a source, missing, or a by-consent body that sent nothing.
      expect(m.sources.length + m.missing.length + m.notProvided.length, m.measure.code).toBe(m.expected);
      // In a finished period of the demo every subordinate executor was accepted.
      expect(m.missing, m.measure.code).toEqual([]);
      expect(m.sources.every((s) => s.reportState === 'accepted')).toBe(true);
      expect(Object.values(m.rollup).reduce((a, b) => a + b, 0)).toBe(m.sources.filter((s) => s.state).length);
      for (const total of m.totals) {
        const byHand = m.sources.reduce((n, s) => n + (s.values.get(total.indicatorId) ?? 0), 0);
        expect(total.byKind.reduce((n, k) => n + k.total, 0), `${m.measure.code} ${total.name}`).toBe(byHand);
        // A grand total only where the indicator adds up across kinds of executors.
        expect(total.grand).toBe(total.additive ? byHand : null);
        const inDistricts = m.sources.filter((s) => s.districtId).reduce((n, s) => n + (s.values.get(total.indicatorId) ?? 0), 0);
        expect(total.byDistrict.reduce((n, d) => n + d.total, 0)).toBe(inDistricts);
      }
    }
    // Measure 1.1 reaches the communities: some did not report, and the declined are named as such.
    const m11 = all.find((m) => m.measure.code === '1.1')!;
    expect(m11.rollupByKind.find((k) => k.kind === 'community')!.expected).toBe(60);
    expect(m11.notProvided.length).toBeGreaterThan(0);
    const declined = c.grid.rows.filter((r) => r.consent?.answer === 'declined').map((r) => r.organisation.id);
    expect(m11.notProvided.filter((n) => n.declined).map((n) => n.organisation.id).sort()).toEqual(declined.filter((id) => m11.notProvided.some((n) => n.organisation.id === id)).sort());
    // The draft is one paragraph written from the figures: no sentence prefixed with its source, none said twice.
    const summary = draftSummary(m11);
    expect(summary.text).not.toContain('\n');
    expect(summary.text).not.toMatch(/(?:^|[.!?] )[^.!?]{2,80}: [А-ЯІЇЄҐ]/u);
    expect(summary.totals.length).toBe(m11.totals.filter((x) => x.byKind.length > 0).length);
    expect(summary.specifics.length).toBeGreaterThan(0);
    expect(summary.specifics.length).toBeLessThanOrEqual(3);
    const texts = summary.specifics.map((s) => s.text.replace(/ \([^()]*\)\.$/, ''));
    expect(new Set(texts).size).toBe(texts.length);
    // Every sentence's writers are sources of the measure.
    expect(summary.specifics.every((s) => s.organisationIds.every((id) => m11.sources.some((x) => x.organisation.id === id)))).toBe(true);
  });

  it('never takes a draft: the running period holds only submitted reports, marked as not yet accepted', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const plan = (await getPlan(db, PLAN_609))!;
    const c = await consolidate(db, directory, plan, periodByKey(plan, '2024-H2')!);
    const sources = c.goals.flatMap((g) => g.measures.flatMap((m) => m.sources));
    const drafts = c.grid.rows.filter((r) => r.state === 'draft').map((r) => r.organisation.id);
    expect(drafts.length).toBeGreaterThan(0);
    expect(sources.some((s) => drafts.includes(s.organisation.id))).toBe(false);
    expect(sources.every((s) => s.reportState === 'submitted' || s.reportState === 'accepted')).toBe(true);
    expect(c.counts.submitted).toBeGreaterThan(0);
  });

  it('publishes numbers only: no narrative, no draft summary, no single executor\u2019s value; sensitive totals suppressed, exact for the coordinator', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const plan = (await getPlan(db, PLAN_609))!;
    const exact = buildDocument(await consolidate(db, directory, plan, periodByKey(plan, '2024-H1')!), {}, directory);
    const pub = publicationDocument(exact);
    const measures = exact.goals.flatMap((g) => g.measures);
    const published = pub.goals.flatMap((g) => g.measures);
    expect(measures.some((m) => m.summary.length > 0 && m.sources.some((s) => s.narrative))).toBe(true);
    expect(published.every((m) => m.summary === '' && m.draft.length === 0 && m.sources.every((s) => s.narrative === '' && s.reason === null && s.values.length === 0))).toBe(true);
    // No raw figure survives beside the published ones; a small sensitive total is hidden.
    expect(published.every((m) => m.totals.every((x) => x.byKind.length === 0 && x.byDistrict.length === 0 && x.grand === null && x.published))).toBe(true);
    const sensitive = measures.flatMap((m, i) => m.totals.map((x, j) => ({ x, p: published[i]!.totals[j]! }))).filter(({ x }) => x.sensitive);
    expect(sensitive.length).toBeGreaterThan(0);
    for (const { x, p } of sensitive) {
      const small = p.published!.groups.filter((g) => g.small);
      for (const g of small) expect(g.value).toBeNull();
      // A group hidden as small never stands alone beside a printed grand total.
      if (p.published!.grand !== undefined && p.published!.grand !== null) expect(p.published!.groups.filter((g) => g.value === null).length).not.toBe(1);
      expect(x.byKind.length).toBeGreaterThan(0);
    }
  });
});
