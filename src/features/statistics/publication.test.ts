import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formCells, type StatFormDefinition } from '../../domain/statistics.ts';
import { determinedCells } from '../../domain/suppression.ts';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import { resolveForm, shippedForms } from './definitions.ts';
import { publishQuarter } from './publication.ts';
import type { StatFormView } from './service.ts';

/**
 * Published statistics of a quarter, attacked by subtraction: over all of the quarter's tables
 * together, no hidden cell can be worked back from the published totals and breakdowns, and every
 * small count of people is hidden. Random quarters, the forms plan 609 ships.
 */

const districts = ['poltava-district-ma', 'kremenchuk-district-ma', 'lubny-district-ma', 'myrhorod-district-ma'];
const directory = {
  organisations: districts.map((id) => ({ id, name: `${id[0]!.toUpperCase()}ська районна військова адміністрація`, kind: 'district_administration', parentId: 'poltava-ova', mergedInto: null }) as unknown as OrganisationView),
} as unknown as Directory;
const file = shippedForms().find((f) => f.plan === 'poltava-ctb-2023-2025')!;
const forms: StatFormView[] = file.forms.map((f, i) => ({ id: i + 1, planId: file.plan, key: f.key, title: f.title, definition: resolveForm(file, f, directory, 'poltava-ova'), submitters: f.submitters, measures: f.measures, periodKind: 'quarter', dueDay: 10 }));

const trait = (def: StatFormDefinition, key: string) => def.dimensions.find((d) => d.key === key)?.values.map((v) => v.key) ?? [''];
/** A form's totals counting the people given by their traits (indices into each dimension's values). */
function totalsOf(def: StatFormDefinition, people: number[][], other: number[]): Record<string, number> {
  const keys = ['age', 'sex', 'exploitation', 'scope', 'district'];
  const persons = people.map((p) => Object.fromEntries(keys.map((k, i) => [k, trait(def, k)[p[i]! % trait(def, k).length]!])));
  const out: Record<string, number> = {};
  const plain = def.breakdowns.every((b) => b.dimensions.every((d) => d === 'age'));
  for (const c of formCells(def)) {
    if (!plain) out[c.id] = persons.filter((p) => c.at.every(([d, v]) => p[d] === v)).length;
  }
  if (plain) {
    for (const [qi, q] of def.quantities.entries()) {
      const total = other[qi % other.length]!;
      out[q.key] = total;
      const children = Math.floor(total / (2 + (qi % 3)));
      if (`${q.key}|age=children` in Object.fromEntries(formCells(def).map((c) => [c.id, 1]))) {
        out[`${q.key}|age=children`] = children;
        out[`${q.key}|age=adults`] = total - children;
      }
    }
  }
  return out;
}

const person = fc.array(fc.nat(20), { minLength: 5, maxLength: 5 });

describe('a quarter’s statistics, published', () => {
  it('hides every small count of people, and nothing hidden can be subtracted back across all the tables together', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 14 }), fc.array(person, { maxLength: 8 }), fc.array(fc.nat(12), { minLength: 4, maxLength: 4 }), (policePeople, servicePeople, other) => {
        const tables = forms.map((form) => ({ form, totals: totalsOf(form.definition, form.key === 'victims-identified' ? policePeople : form.key === 'children-identified' ? servicePeople.map((p) => [1, ...p.slice(1)]) : [], other) }));
        const { cells, sums } = publishQuarter(tables);
        const hidden = new Set(cells.filter((c) => c.value === null).map((c) => `${c.form}:${c.cell}`));
        for (const { form, totals } of tables) {
          const sensitive = new Map(form.definition.quantities.map((q) => [q.key, q.sensitive]));
          for (const c of formCells(form.definition)) {
            const v = totals[c.id]!;
            const published = cells.find((x) => x.form === form.key && x.cell === c.id)!;
            if (sensitive.get(c.quantity) && v > 0 && v < 5) expect(published, `${form.key} ${c.id} = ${v}`).toMatchObject({ value: null, small: true });
            if (published.value !== null) expect(published.value).toBe(v);
          }
        }
        expect(determinedCells(sums, hidden)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('publishes a quarter with nothing small as it is', () => {
    const tables = forms.map((form) => ({ form, totals: Object.fromEntries(formCells(form.definition).map((c) => [c.id, 0])) }));
    const { cells } = publishQuarter(tables);
    expect(cells.every((c) => c.value === 0)).toBe(true);
  });
});
