import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSubmission, cellId, definitionProblems, formCells, formSums, identifierProblems, jumps, pairRows, parseCount, reconcile, type StatFormDefinition, type Values } from './statistics.ts';

const districts = { key: 'district', label: 'Район', values: [{ key: 'poltavskyi', label: 'Полтавський' }, { key: 'kremenchutskyi', label: 'Кременчуцький' }, { key: 'lubenskyi', label: 'Лубенський' }, { key: 'myrhorodskyi', label: 'Миргородський' }] };
const exploitation = { key: 'exploitation', label: 'Форма експлуатації', values: [{ key: 'sexual', label: 'сексуальна' }, { key: 'labour', label: 'трудова' }, { key: 'begging', label: 'жебракування' }, { key: 'other', label: 'інша' }] };
const age = { key: 'age', label: 'Вік', values: [{ key: 'adults', label: 'дорослі' }, { key: 'children', label: 'діти' }] };

const police: StatFormDefinition = {
  key: 'victims-identified',
  title: 'Встановлені особи, які постраждали від торгівлі людьми',
  quantities: [{ key: 'identified', label: 'Встановлено осіб', unit: 'persons', sensitive: true }],
  dimensions: [age, districts, exploitation],
  breakdowns: [
    { quantity: 'identified', dimensions: ['age'] },
    { quantity: 'identified', dimensions: ['age', 'district'] },
    { quantity: 'identified', dimensions: ['age', 'exploitation'] },
  ],
};
const children: StatFormDefinition = {
  key: 'children-identified',
  title: 'Діти, які постраждали від торгівлі людьми',
  quantities: [{ key: 'identified', label: 'Встановлено дітей', unit: 'persons', sensitive: true }],
  dimensions: [districts, exploitation],
  breakdowns: [
    { quantity: 'identified', dimensions: ['district'] },
    { quantity: 'identified', dimensions: ['exploitation'] },
  ],
};

/** Values that add up, built from the finest cells of each breakdown. */
function consistentPolice(children: number[], adults: number[], childrenByForm: number[], adultsByForm: number[]): Record<string, number> {
  const v: Record<string, number> = {};
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  districts.values.forEach((d, i) => {
    v[cellId('identified', [['age', 'children'], ['district', d.key]])] = children[i]!;
    v[cellId('identified', [['age', 'adults'], ['district', d.key]])] = adults[i]!;
  });
  // The forms of exploitation split the same totals: the last one takes the remainder.
  const split = (total: number, parts: number[]) => {
    const out = parts.map((p) => Math.min(p, total));
    let left = total;
    for (let i = 0; i < out.length - 1; i++) {
      out[i] = Math.min(out[i]!, left);
      left -= out[i]!;
    }
    out[out.length - 1] = left;
    return out;
  };
  const byFormChildren = split(sum(children), childrenByForm);
  const byFormAdults = split(sum(adults), adultsByForm);
  exploitation.values.forEach((f, i) => {
    v[cellId('identified', [['age', 'children'], ['exploitation', f.key]])] = byFormChildren[i]!;
    v[cellId('identified', [['age', 'adults'], ['exploitation', f.key]])] = byFormAdults[i]!;
  });
  v[cellId('identified', [['age', 'children']])] = sum(children);
  v[cellId('identified', [['age', 'adults']])] = sum(adults);
  v.identified = sum(children) + sum(adults);
  return v;
}

describe('a statistical form’s cells and sums', () => {
  it('has a total and each breakdown’s cross product', () => {
    const cells = formCells(police).map((c) => c.id);
    expect(cells).toHaveLength(1 + 2 + 2 * 4 + 2 * 4);
    expect(cells[0]).toBe('identified');
    expect(cells).toContain('identified|age=children|district=lubenskyi');
    expect(new Set(cells).size).toBe(cells.length);
  });

  it('adds each breakdown up to its coarser breakdown, only where the form has it', () => {
    const sums = formSums(police);
    // age → total; age×district over district → each age; age×exploitation over exploitation → each age.
    // Over age, age×district would give district totals, which the form does not have.
    expect(sums).toHaveLength(1 + 2 + 2);
    expect(sums).toContainEqual({ total: 'identified', members: ['identified|age=adults', 'identified|age=children'] });
    expect(sums).toContainEqual({ total: 'identified|age=children', members: districts.values.map((d) => `identified|age=children|district=${d.key}`) });
    expect(formSums(children)).toHaveLength(2);
  });

  it('finds what is wrong with an edited definition', () => {
    expect(definitionProblems(police)).toEqual([]);
    const broken: StatFormDefinition = { ...police, dimensions: [age, age, { key: 'x', label: 'X', values: [] }], breakdowns: [{ quantity: 'nope', dimensions: ['age', 'age', 'sex'] }] };
    expect(definitionProblems(broken).map((p) => p.problem).sort()).toEqual(['duplicateKey', 'emptyDimension', 'repeatedDimension', 'unknownDimension', 'unknownQuantity']);
    expect(definitionProblems({ ...police, key: 'Bad Key' })).toContainEqual({ problem: 'badKey', key: 'Bad Key' });
  });
});

describe('checking a submission', () => {
  it('reads typed counts: thousands separators, and refuses fractions and negatives by name', () => {
    expect(parseCount(' 1 234 ')).toEqual({ value: 1234 });
    expect(parseCount('1\u00a0000')).toEqual({ value: 1000 });
    expect(parseCount('')).toEqual({ value: null });
    expect(parseCount('-3')).toEqual({ problem: 'negative' });
    expect(parseCount('2,5')).toEqual({ problem: 'notWhole' });
    expect(parseCount('два')).toEqual({ problem: 'notWhole' });
  });

  it('accepts values that add up, whatever they are', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { minLength: 4, maxLength: 4 }), fc.array(fc.nat(40), { minLength: 4, maxLength: 4 }), fc.array(fc.nat(60), { minLength: 4, maxLength: 4 }), fc.array(fc.nat(60), { minLength: 4, maxLength: 4 }), (c, a, cf, af) => {
        const check = checkSubmission(police, consistentPolice(c, a, cf, af));
        expect(check).toEqual({ problems: {}, mismatches: [], empty: [] });
      }),
    );
  });

  it('shows every breakdown a changed cell breaks, with the difference', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { minLength: 4, maxLength: 4 }), fc.array(fc.nat(40), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 9 }), (c, a, district, delta) => {
        const v = consistentPolice(c, a, [1, 1, 1, 1], [1, 1, 1, 1]);
        const cell = cellId('identified', [['age', 'children'], ['district', districts.values[district]!.key]]);
        v[cell] = v[cell]! + delta;
        const { mismatches } = checkSubmission(police, v);
        expect(mismatches).toEqual([{ total: 'identified|age=children', members: expect.arrayContaining([cell]), expected: c.reduce((x, y) => x + y, 0), actual: c.reduce((x, y) => x + y, 0) + delta, difference: delta }]);
      }),
    );
  });

  it('names cells that are not whole, negative or absurdly large, and lists the empty ones; a sum with an empty part is not judged', () => {
    const v: Values = { ...consistentPolice([1, 2, 3, 4], [0, 0, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0]), 'identified|age=adults': 1.5, 'identified|age=children|district=poltavskyi': -1, 'identified|age=children|exploitation=sexual': 5_000_000 };
    delete (v as Record<string, number>)['identified|age=children|district=lubenskyi'];
    const check = checkSubmission(police, v);
    expect(check.problems).toEqual({ 'identified|age=adults': 'notWhole', 'identified|age=children|district=poltavskyi': 'negative', 'identified|age=children|exploitation=sexual': 'tooLarge' });
    expect(check.empty).toEqual(['identified|age=children|district=lubenskyi']);
    // Every sum touches a bad or an empty cell: none is judged.
    expect(check.mismatches).toEqual([]);
  });
});

describe('a quarter against the previous one', () => {
  it('flags a change of half or more, and at least five, either way', () => {
    const flagged = jumps(children, { identified: 4, 'identified|district=poltavskyi': 12, 'identified|district=kremenchutskyi': 5, 'identified|district=lubenskyi': 4 }, { identified: 10, 'identified|district=poltavskyi': 10, 'identified|district=kremenchutskyi': 0, 'identified|district=lubenskyi': 0 });
    expect(flagged).toEqual([
      { cell: 'identified', previous: 10, current: 4 },
      { cell: 'identified|district=kremenchutskyi', previous: 0, current: 5 },
    ]);
    expect(jumps(children, { identified: 4 }, {})).toEqual([]);
  });
});

describe('reconciling the police with the children’s service', () => {
  const rows = pairRows(police, children, { leftQuantity: 'identified', rightQuantity: 'identified', leftAt: [['age', 'children']], align: ['district', 'exploitation'], totalLabel: 'Усього дітей' });

  it('pairs the children’s total, each district and each form of exploitation', () => {
    expect(rows).toHaveLength(1 + 4 + 4);
    expect(rows[0]).toEqual({ label: 'Усього дітей', left: 'identified|age=children', right: 'identified' });
    expect(rows[1]).toEqual({ label: 'Район: Полтавський', left: 'identified|age=children|district=poltavskyi', right: 'identified|district=poltavskyi' });
    expect(rows.at(-1)!.right).toBe('identified|exploitation=other');
  });

  it('shows every difference side by side, for the quarter and the year so far', () => {
    const q1p = consistentPolice([2, 1, 0, 0], [3, 3, 3, 3], [2, 1, 0, 0], [6, 6, 0, 0]);
    const q2p = consistentPolice([1, 0, 1, 0], [1, 1, 1, 1], [1, 1, 0, 0], [4, 0, 0, 0]);
    const css = (byDistrict: number[], byForm: number[]): Values => ({
      identified: byDistrict.reduce((a, b) => a + b, 0),
      ...Object.fromEntries(districts.values.map((d, i) => [`identified|district=${d.key}`, byDistrict[i]])),
      ...Object.fromEntries(exploitation.values.map((f, i) => [`identified|exploitation=${f.key}`, byForm[i]])),
    });
    const q1c = css([2, 1, 0, 0], [2, 1, 0, 0]);
    // The children's service knows one child in Kremenchuk the police have in Poltava, as labour not sexual.
    const q2c = css([0, 1, 1, 0], [0, 2, 0, 0]);
    const result = reconcile(rows, { current: q2p, year: [q1p, q2p] }, { current: q2c, year: [q1c, q2c] });
    const byLabel = new Map(result.map((r) => [r.label, r]));
    expect(byLabel.get('Усього дітей')).toMatchObject({ leftValue: 2, rightValue: 2, difference: 0, leftYearToDate: 5, rightYearToDate: 5, yearToDateDifference: 0 });
    expect(byLabel.get('Район: Полтавський')).toMatchObject({ leftValue: 1, rightValue: 0, difference: 1, yearToDateDifference: 1 });
    expect(byLabel.get('Район: Кременчуцький')).toMatchObject({ leftValue: 0, rightValue: 1, difference: -1 });
    expect(byLabel.get('Форма експлуатації: сексуальна')).toMatchObject({ difference: 1 });
    expect(byLabel.get('Форма експлуатації: трудова')).toMatchObject({ difference: -1 });
    expect(result.filter((r) => r.difference !== 0).map((r) => r.label)).toEqual(['Район: Полтавський', 'Район: Кременчуцький', 'Форма експлуатації: сексуальна', 'Форма експлуатації: трудова']);
    // A side that has not submitted: no difference yet, not a zero.
    const pending = reconcile(rows, { current: q2p, year: [q1p, q2p] }, { current: {}, year: [q1c, {}] });
    expect(pending.every((r) => r.difference === null && r.yearToDateDifference === null)).toBe(true);
  });
});

describe('comments on a difference are about counts, never about a person', () => {
  it('refuses what looks like a name, a birth, a case number or an address', () => {
    const kinds = (s: string) => [...new Set(identifierProblems(s).map((h) => h.kind))].sort();
    expect(kinds('Дитина Іваненко Марія Петрівна, 2011 р.н., облікована двічі')).toEqual(['birthDate', 'fullName']);
    expect(kinds('Провадження ЄРДР № 12023170000000123 закрито')).toEqual(['caseNumber']);
    expect(kinds('кримінальне провадження № 120231/70')).toEqual(['caseNumber']);
    expect(kinds('Мешкає: вул. Соборна, 12, кв. 3')).toEqual(['address']);
    expect(kinds('Телефон матері 050 123 45 67')).toEqual(['phone']);
  });

  it('lets through the words a difference is explained with', () => {
    for (const s of [
      'У поліції дитину обліковано у II кварталі, у службі — у III: розбіжність зникне за рік.',
      'Одна дитина врахована в Кременчуцькому районі замість Полтавського; виправимо у звіті за квартал.',
      'Форму експлуатації уточнено після рішення суду; 2 випадки перекваліфіковано з трудової на жебракування.',
      'Розбіжність 3 особи: різні дати встановлення статусу (наказ від 12.03.2024 № 45).',
    ]) expect(identifierProblems(s), s).toEqual([]);
  });
});
