import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { definitionProblems, formCells, formSums, type StatFormDefinition } from '../../domain/statistics.ts';
import { seed } from '../seed/service.ts';
import { districtName, shippedForms } from './definitions.ts';

/** The forms shipped for plan 609 become the plan's own, once, with the region's districts from the directory. */

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('district names from their administrations', () => {
  it('turns the adjective masculine, as "район" takes it, and keeps anything else whole', () => {
    expect(districtName('Полтавська районна військова адміністрація')).toBe('Полтавський');
    expect(districtName('Кременчуцька районна військова адміністрація')).toBe('Кременчуцький');
    expect(districtName('Білгород-Дністровська районна державна адміністрація')).toBe('Білгород-Дністровська районна державна адміністрація');
    expect(districtName('Адміністрація району')).toBe('Адміністрація району');
  });
});

describe(`the shipped statistical forms, on ${DIALECT}`, () => {
  it('gives plan 609 its five forms, valid, with the four districts of the region', async () => {
    const rows = await t.database.db.selectFrom('stat_forms').selectAll().where('plan_id', '=', PLAN_609).orderBy('sort').execute();
    expect(rows.map((r) => r.key)).toEqual(shippedForms().find((f) => f.plan === PLAN_609)!.forms.map((f) => f.key));
    for (const r of rows) {
      const d = JSON.parse(r.definition) as StatFormDefinition;
      expect(definitionProblems(d), r.key).toEqual([]);
      expect(r.period_kind).toBe('quarter');
      expect(r.due_day).toBe(10);
      expect(formCells(d).length).toBeGreaterThan(0);
    }
    const police = JSON.parse(rows.find((r) => r.key === 'victims-identified')!.definition) as StatFormDefinition;
    expect(police.dimensions.find((x) => x.key === 'district')!.values).toEqual([
      { key: 'kremenchuk-district-ma', label: 'Кременчуцький' },
      { key: 'lubny-district-ma', label: 'Лубенський' },
      { key: 'myrhorod-district-ma', label: 'Миргородський' },
      { key: 'poltava-district-ma', label: 'Полтавський' },
    ]);
    expect(police.dimensions.find((x) => x.key === 'exploitation')!.values).toHaveLength(8);
    // total + 2 ages + 2 sexes + 8 forms + 2 scopes + 2×4 districts + 2×8 forms.
    expect(formCells(police)).toHaveLength(1 + 2 + 2 + 8 + 2 + 8 + 16);
    // Four one-way breakdowns to the total; age×district to each age; age×exploitation to each age,
    // and to each form of exploitation (the form has that breakdown too).
    expect(formSums(police).length).toBe(4 + 2 + 2 + 8);
    expect(JSON.parse(rows.find((r) => r.key === 'victim-status')!.submitters)).toEqual(['district-military-administrations']);
  });

  it('does it once: a second start, or forms a coordinator removed, add nothing', async () => {
    const db = t.database.db;
    const before = await db.selectFrom('stat_forms').select('id').execute();
    expect((await seed(db, t.clock)).changed).toBe(false);
    await db.deleteFrom('stat_forms').where('key', '=', 'legal-aid').execute();
    expect((await seed(db, t.clock)).changed).toBe(false);
    expect(await db.selectFrom('stat_forms').select('id').execute()).toHaveLength(before.length - 1);
  });
});
