import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { formFields } from '../../../test/support/form-fields.ts';
import { formCells, type StatFormDefinition } from '../../domain/statistics.ts';
import type { IndicatorView } from '../plans/service.ts';
import { getForm } from './service.ts';
import { applyStructure, structureRows, valuesFromLines } from './structure.ts';

/**
 * A coordinator defines a plan's statistical forms: a new form, then its quantities, dimensions
 * and breakdowns; figures already given are never orphaned, a reconciliation never loses what it
 * pairs, a stale save is a conflict, and nobody but the plan's coordinator reaches these pages.
 */

const base: StatFormDefinition = {
  key: 'f',
  title: 'F',
  quantities: [{ key: 'persons', label: 'Осіб', unit: 'persons', sensitive: true }],
  dimensions: [{ key: 'age', label: 'Вік', values: [{ key: 'adults', label: 'дорослі' }, { key: 'children', label: 'діти' }] }],
  breakdowns: [{ quantity: 'persons', dimensions: ['age'] }],
};
const indicator = (code: string): IndicatorView => ({ id: 1, measureId: 1, code, name: 'x', unit: 'осіб', kind: 'count', aggregation: 'per_period', target: null, sensitive: true, additiveAcrossKinds: false, suppressionThreshold: 5 });

describe('a form’s structure from its rows', () => {
  it('keeps a value’s key when its words stay or its line is renamed in place, and makes new keys', () => {
    const old = [
      { key: 'adults', label: 'дорослі' },
      { key: 'children', label: 'діти' },
    ];
    expect(valuesFromLines(old, ['Діти ', 'дорослі'])).toEqual([
      { key: 'children', label: 'Діти ' },
      { key: 'adults', label: 'дорослі' },
    ]);
    expect(valuesFromLines(old, ['повнолітні', 'діти', 'невідомо'])).toEqual([
      { key: 'adults', label: 'повнолітні' },
      { key: 'children', label: 'діти' },
      { key: 'v1', label: 'невідомо' },
    ]);
  });

  it('refuses rows that make no sense, each beside its field', () => {
    const rows = structureRows(base);
    const refused = (change: (r: typeof rows) => void) => {
      const r = structuredClone(rows);
      change(r);
      const out = applyStructure(base, r, [], [indicator('4.6.legal-aid')]);
      return 'fields' in out ? out.fields : {};
    };
    expect(refused((r) => (r.quantities[0]!.label = ''))).toEqual({ 'q-0-label': 'none', 'b-0-quantity': 'unknown' });
    expect(refused((r) => r.quantities.push({ key: '', label: ' осіб ', unit: 'persons', sensitive: true, indicator: '' }))).toEqual({ 'q-1-label': 'duplicate' });
    expect(refused((r) => (r.quantities[0]!.unit = 'kg'))).toEqual({ 'q-0-unit': 'invalid' });
    expect(refused((r) => (r.quantities[0]!.indicator = '9.9.nothing'))).toEqual({ 'q-0-indicator': 'unknown' });
    expect(refused((r) => (r.dimensions[0]!.values = 'дорослі'))).toEqual({ 'd-0-values': 'fewValues' });
    expect(refused((r) => (r.dimensions[0]!.values = 'діти\nДіти'))).toEqual({ 'd-0-values': 'duplicateValue' });
    expect(refused((r) => r.dimensions.push({ key: '', label: '', values: 'a\nb', districts: false }))).toEqual({ 'd-1-label': 'empty' });
    expect(refused((r) => r.breakdowns.push({ quantity: 'persons', first: 'age', second: 'age' }))).toEqual({ 'b-1-second': 'same' });
    expect(refused((r) => r.breakdowns.push({ quantity: 'persons', first: 'age', second: '' }))).toEqual({ 'b-1-quantity': 'duplicate' });
    expect(refused((r) => r.breakdowns.push({ quantity: 'persons', first: '', second: '' }))).toEqual({ 'b-1-first': 'empty' });
    expect(refused((r) => (r.addDistricts = true))).toEqual({ addDistricts: 'fewValues' });
  });

  it('adds a quantity with its plan indicator, a dimension and a two-way breakdown', () => {
    const rows = structureRows(base);
    rows.quantities.push({ key: '', label: 'Консультацій', unit: 'consultations', sensitive: false, indicator: '4.6.legal-aid' });
    rows.dimensions.push({ key: '', label: 'Стать', values: 'жінки\nчоловіки', districts: false });
    const first = applyStructure(base, rows, [], [indicator('4.6.legal-aid')]);
    if (!('definition' in first)) throw new Error(JSON.stringify(first));
    const again = structureRows(first.definition);
    again.breakdowns.push({ quantity: 'persons', first: 'age', second: 'd1' });
    const second = applyStructure(first.definition, again, [], [indicator('4.6.legal-aid')]);
    if (!('definition' in second)) throw new Error(JSON.stringify(second));
    expect(second.definition.quantities.map((q) => q.key)).toEqual(['persons', 'q1']);
    expect(second.definition.breakdowns).toEqual([
      { quantity: 'persons', dimensions: ['age'] },
      { quantity: 'persons', dimensions: ['age', 'd1'] },
    ]);
    expect(formCells(second.definition).map((c) => c.id)).toContain('persons|age=children|d1=v2');
  });
});

let t: TestApp;
async function post(who: string, path: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url: path, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}
const STATS = `/plans/${PLAN_609}/statistics`;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const fieldsOf = formFields;

beforeAll(async () => {
  t = await buildTestApp();
  t.users.community = await makeUser(t.database.db, t.clock, 'executor', 'community-reshetylivska', { email: 'rada@test.example' });
  t.users.legalAid = await makeUser(t.database.db, t.clock, 'executor', 'poltava-legal-aid-centre', { email: 'legal-aid@test.example' });
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe(`defining a plan’s statistical forms, on ${DIALECT}`, () => {
  it('lets only the plan’s coordinator reach the pages', async () => {
    for (const who of ['community', 'executorA', 'supervisor']) {
      expect((await t.get(`${STATS}/new`, who)).statusCode, who).toBe(404);
      expect((await t.get(`${STATS}/legal-aid/structure`, who)).statusCode, who).toBe(404);
      expect((await post(who, `${STATS}/legal-aid/structure`, { stamp: 'x' })).statusCode, who).toBe(404);
      expect((await post(who, `${STATS}/new`, { title: 'X' })).statusCode, who).toBe(404);
    }
    expect((await t.get(`${STATS}/new`, 'coordinator')).statusCode).toBe(200);
    expect((await t.get(`${STATS}/no-such-form/structure`, 'coordinator')).statusCode).toBe(404);
  });

  it('creates a form: refusals beside their fields, then a form with one quantity, audited', async () => {
    const refused = await post('coordinator', `${STATS}/new`, { title: ' ', periodKind: 'monthly', dueDay: '31', quantity: '', unit: 'kg' });
    expect(refused.statusCode).toBe(400);
    const body = text(refused.body);
    for (const message of ['Уведіть назву форми', 'Оберіть, як часто подається форма', 'Уведіть ціле число від 1 до 28', 'Оберіть, хто подає форму', 'Уведіть, що рахує форма', 'Оберіть одиницю зі списку']) expect(body).toContain(message);
    const duplicate = await post('coordinator', `${STATS}/new`, { title: 'безоплатна правова допомога особам, які постраждали від торгівлі людьми', periodKind: 'quarter', dueDay: '10', submitters: 'poltava-legal-aid-centre', quantity: 'Осіб', unit: 'persons' });
    expect(text(duplicate.body)).toContain('Форма з такою назвою в плані вже є');
    const created = await post('coordinator', `${STATS}/new`, { title: 'Гаряча лінія <script>alert(1)</script>', periodKind: 'quarter', dueDay: '5', submitters: ['poltava-legal-aid-centre', 'district-military-administrations'], quantity: 'Звернень на лінію 1547', unit: 'applications' });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toMatch(/\/statistics\/form-6\/structure\?done=saved$/);
    const form = (await getForm(t.database.db, PLAN_609, 'form-6'))!;
    expect(form).toMatchObject({ title: 'Гаряча лінія <script>alert(1)</script>', periodKind: 'quarter', dueDay: 5, submitters: ['poltava-legal-aid-centre', 'district-military-administrations'] });
    expect(form.definition.quantities).toEqual([{ key: 'q1', label: 'Звернень на лінію 1547', unit: 'applications', sensitive: false }]);
    const page = await t.get(`${STATS}/form-6/structure?done=saved`, 'coordinator');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('Структуру форми збережено.');
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'stats.form_created').execute();
    expect(audit).toHaveLength(1);
  });

  it('adds what the form asks; the submitter sees the new cells', async () => {
    const page = await t.get(`${STATS}/form-6/structure`, 'coordinator');
    const fields = fieldsOf(page.body);
    fields['q-1-label'] = 'Звернень щодо дітей';
    fields['q-1-unit'] = 'applications';
    fields['d-0-label'] = 'Канал';
    fields['d-0-values'] = 'телефон\nчат\nелектронна пошта';
    expect((await post('coordinator', `${STATS}/form-6/structure`, fields)).statusCode).toBe(303);
    const again = fieldsOf((await t.get(`${STATS}/form-6/structure`, 'coordinator')).body);
    again['b-0-quantity'] = 'q1';
    again['b-0-first'] = 'd1';
    again.addDistricts = '1';
    expect((await post('coordinator', `${STATS}/form-6/structure`, again)).statusCode).toBe(303);
    const third = fieldsOf((await t.get(`${STATS}/form-6/structure`, 'coordinator')).body);
    third['b-1-quantity'] = 'q1';
    third['b-1-first'] = 'district';
    expect((await post('coordinator', `${STATS}/form-6/structure`, third)).statusCode).toBe(303);
    const form = (await getForm(t.database.db, PLAN_609, 'form-6'))!;
    expect(form.definition.breakdowns).toEqual([
      { quantity: 'q1', dimensions: ['d1'] },
      { quantity: 'q1', dimensions: ['district'] },
    ]);
    expect(form.definition.dimensions.find((d) => d.key === 'district')!.values.map((v) => v.key)).toContain('kremenchuk-district-ma');
    const submission = await t.get(`${STATS}/form-6/2024-Q2/poltava-legal-aid-centre`, 'legalAid');
    expect(submission.statusCode).toBe(200);
    expect(submission.body).toContain('name="cell.q1|d1=v2"');
    expect(submission.body).toContain('name="cell.q2"');
  });

  it('refuses to drop what holds figures, keeps them through a rename, and never loses a stale save', async () => {
    const url = `${STATS}/form-6/2024-Q2/poltava-legal-aid-centre`;
    expect((await post('legalAid', url, { version: '0', 'cell.q1': '3', 'cell.q1|d1=v1': '2', 'cell.q1|d1=v2': '1' })).statusCode).toBeLessThan(400);
    const fields = fieldsOf((await t.get(`${STATS}/form-6/structure`, 'coordinator')).body);
    const stale = fields.stamp!;
    const drop = { ...fields, 'd-0-values': 'телефон\nелектронна пошта' };
    const refused = await post('coordinator', `${STATS}/form-6/structure`, drop);
    expect(refused.statusCode).toBe(400);
    expect(text(refused.body)).toContain('Не можна вилучити те, що вже містить подані дані (1 клітинка): Звернень на лінію 1547 — чат');
    // Typed rows come back as typed.
    expect(refused.body).toContain('телефон\nелектронна пошта</textarea>');
    const renamed = await post('coordinator', `${STATS}/form-6/structure`, { ...fields, 'd-0-values': 'телефон\nонлайн-чат\nелектронна пошта' });
    expect(renamed.statusCode).toBe(303);
    const form = (await getForm(t.database.db, PLAN_609, 'form-6'))!;
    expect(form.definition.dimensions[0]!.values[1]).toEqual({ key: 'v2', label: 'онлайн-чат' });
    const row = await t.database.db.selectFrom('stat_submissions').select('figures').where('form_id', '=', form.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.figures)['q1|d1=v2']).toBe(1);
    // The page read before the rename: a conflict, the form as it is now shown.
    const conflict = await post('coordinator', `${STATS}/form-6/structure`, { ...fields, stamp: stale, 'q-0-label': 'Інше' });
    expect(conflict.statusCode).toBe(409);
    expect(text(conflict.body)).toContain('Тим часом структуру форми змінив інший користувач');
    expect((await getForm(t.database.db, PLAN_609, 'form-6'))!.definition.quantities[0]!.label).toBe('Звернень на лінію 1547');
  });

  it('keeps what a reconciliation pairs', async () => {
    const fields = fieldsOf((await t.get(`${STATS}/children-identified/structure`, 'coordinator')).body);
    const district = Object.entries(fields).find(([k, v]) => /^d-\d+-key$/.test(k) && v === 'district')![0].replace('-key', '');
    // The dimension taken away, and the breakdown by it too.
    const breakdown = Object.entries(fields).find(([k, v]) => /^b-\d+-first$/.test(k) && v === 'district')![0].replace('-first', '');
    const refused = await post('coordinator', `${STATS}/children-identified/structure`, { ...fields, [`${district}-label`]: '', [`${district}-values`]: '', [`${breakdown}-quantity`]: '' });
    expect(refused.statusCode).toBe(400);
    expect(text(refused.body)).toContain('Не можна вилучити показник чи ознаку, за якими проводиться звірка: Звірка кількості дітей');
  });

  it('changes a form’s periodicity only while nothing is submitted on it', async () => {
    const settings = (key: string, periodKind: string) => post('coordinator', `${STATS}/${key}/settings`, { title: 'Форма', dueDay: '10', submitters: 'poltava-legal-aid-centre', periodKind });
    expect((await settings('form-6', 'half_year')).statusCode).toBe(400);
    expect(text((await settings('form-6', 'half_year')).body)).toContain('За формою вже є дані — її періодичність змінити не можна');
    expect((await settings('one-time-assistance', 'half_year')).statusCode).toBe(303);
    expect((await getForm(t.database.db, PLAN_609, 'one-time-assistance'))!.periodKind).toBe('half_year');
  });
});
