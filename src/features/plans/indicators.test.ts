import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { measureIdByCode } from './service.ts';
import { measureIndicators, validateIndicator, type IndicatorInput } from './indicators.ts';

const base = (plan = PLAN_609) => `/plans/${plan}`;
const VALID = { name: 'Проведено тренінгів', unit: 'од.', kind: 'count', aggregation: 'per_period', target: '', sensitive: '', additiveAcrossKinds: '' };

let t: TestApp;
let m11: number;
let m12: number;

async function post(who: string, url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-10T09:00:00.000Z' });
  m11 = (await measureIdByCode(t.database.db, PLAN_609, '1.1'))!;
  m12 = (await measureIdByCode(t.database.db, PLAN_609, '1.2'))!;
});
afterAll(async () => {
  await t.close();
});

describe('an indicator as typed', () => {
  const input = (over: Partial<IndicatorInput>): IndicatorInput => ({ name: 'Осіб', unit: 'осіб', kind: 'count', aggregation: 'per_period', target: '', sensitive: false, additiveAcrossKinds: false, ...over });
  it('takes a target in the indicator\u2019s own units: kopecks for money, whole numbers for counts', () => {
    expect(validateIndicator(input({ kind: 'money', target: '1 500,50' }))).toMatchObject({ value: { target: 150050 } });
    expect(validateIndicator(input({ target: '12' }))).toMatchObject({ value: { target: 12 } });
    expect(validateIndicator(input({ target: '1,5' }))).toEqual({ errors: { target: 'notWhole' } });
    expect(validateIndicator(input({ target: '-3' }))).toEqual({ errors: { target: 'negative' } });
    expect(validateIndicator(input({ target: 'багато' }))).toEqual({ errors: { target: 'notNumber' } });
    expect(validateIndicator(input({ kind: 'boolean', target: '1' }))).toEqual({ errors: { target: 'boolean' } });
  });
  it('refuses an empty name and unit, an unknown kind or aggregation, and over-long text', () => {
    expect(validateIndicator(input({ name: '  ', unit: '', kind: 'percent', aggregation: 'sometimes' }))).toEqual({ errors: { name: 'empty', unit: 'empty', kind: 'invalid', aggregation: 'invalid' } });
    expect(validateIndicator(input({ name: 'я'.repeat(301), unit: 'x'.repeat(61) }))).toEqual({ errors: { name: 'tooLong', unit: 'tooLong' } });
    // Control characters and runs of spaces become one space.
    expect(validateIndicator(input({ name: ' Осіб\u0000  навчено\n' }))).toMatchObject({ value: { name: 'Осіб навчено' } });
  });
});

describe(`the coordinator\u2019s editor of indicators, on ${DIALECT}`, () => {
  it('adds an indicator that executors then see in their report form, and lists it on the measure page', async () => {
    const res = await post('coordinator', `${base()}/measures/${m11}/indicators`, { ...VALID, name: 'Проведено тренінгів для волонтерів', target: '40', sensitive: 'yes' });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    const added = (await measureIndicators(t.database.db, PLAN_609, m11)).at(-1)!;
    expect(added).toMatchObject({ name: 'Проведено тренінгів для волонтерів', unit: 'од.', kind: 'count', target: 40, sensitive: true, additiveAcrossKinds: false });
    expect(added.code).toMatch(/^1\.1\.i\d+$/);
    const list = await t.get(`${base()}/measures/${m11}/indicators?done=added`, 'coordinator');
    expect(list.body).toContain('Показник додано');
    expect(list.body).toContain('Проведено тренінгів для волонтерів');
    const form = await t.get(`/reports/${PLAN_609}/2024-H1/poltava-police`, 'executorA');
    expect(form.body).toContain('Проведено тренінгів для волонтерів');
    expect(form.body).toContain(`name="v${added.id}"`);
    const page = await t.get(`${base()}/measures/${m11}`, 'executorA');
    expect(page.body).toContain('Проведено тренінгів для волонтерів');
    expect(page.body).toContain('ціль 40');
    // Only the plan's coordinators are offered the editor.
    expect(page.body).not.toContain(`/measures/${m11}/indicators`);
    expect((await t.get(`${base()}/measures/${m11}`, 'coordinator')).body).toContain(`/measures/${m11}/indicators`);
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'target_id']).where('action', '=', 'plan.indicator_added').execute();
    expect(audit.map((a) => a.target_id)).toContain(String(added.id));
  });

  it('answers bad input beside the field, keeps what was typed, and escapes it', async () => {
    const before = (await measureIndicators(t.database.db, PLAN_609, m11)).length;
    const res = await post('coordinator', `${base()}/measures/${m11}/indicators`, { ...VALID, name: '<script>alert(1)</script>', unit: '', kind: 'money', target: '12,345' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Помилка: ');
    expect(res.body).toContain('Введіть одиницю виміру');
    expect(res.body).toContain('не більше двох знаків після коми');
    expect(res.body).toContain('value="&lt;script>alert(1)&lt;/script>"');
    expect(res.body).not.toContain('<script>alert(1)');
    const huge = await post('coordinator', `${base()}/measures/${m11}/indicators`, { ...VALID, name: 'я'.repeat(5000) });
    expect(huge.statusCode).toBe(400);
    expect(huge.body).toContain('не довшою за 300 символів');
    // Beyond what a form can hold: refused by the schema, still a Ukrainian 400, never a 500.
    const beyond = await post('coordinator', `${base()}/measures/${m11}/indicators`, { ...VALID, name: 'я'.repeat(30_000) });
    expect(beyond.statusCode).toBe(400);
    // Two indicators of one name in one measure would be two fields executors cannot tell apart.
    const [existing] = await measureIndicators(t.database.db, PLAN_609, m11);
    const duplicate = await post('coordinator', `${base()}/measures/${m11}/indicators`, { ...VALID, name: `  ${existing!.name.toUpperCase()} ` });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('вже є показник з такою назвою');
    const wrongType = await post('coordinator', `${base()}/measures/${m11}/indicators`, { ...VALID, kind: 'percent' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.body).toContain('Оберіть вид значення');
    expect((await measureIndicators(t.database.db, PLAN_609, m11)).length).toBe(before);
  });

  it('takes a suppression threshold for publication, a whole number from 3 to 100 (5 unless set), refused beside its field otherwise', async () => {
    expect(validateIndicator({ name: 'Осіб', unit: 'осіб', kind: 'count', aggregation: 'per_period', target: '', sensitive: true, additiveAcrossKinds: false })).toMatchObject({ value: { threshold: 5 } });
    for (const [typed, message] of [
      ['2', 'Поріг має бути від 3 до 100'],
      ['101', 'Поріг має бути від 3 до 100'],
      ['п’ять', 'Поріг має бути цілим числом'],
      ['4,5', 'Поріг має бути цілим числом'],
    ] as const) {
      const res = await post('coordinator', `${base()}/measures/${m11}/indicators`, { ...VALID, name: `Постраждалих осіб ${typed}`, sensitive: 'yes', threshold: typed });
      expect(res.statusCode, typed).toBe(400);
      expect(res.body).toContain(message);
      expect(res.body).toContain('id="threshold-error"');
      expect(res.body).toContain(`value="${typed}"`);
    }
    const ok = await post('coordinator', `${base()}/measures/${m11}/indicators`, { ...VALID, name: 'Постраждалих осіб', sensitive: 'yes', threshold: '10' });
    expect(ok.statusCode).toBe(303);
    const added = (await measureIndicators(t.database.db, PLAN_609, m11)).at(-1)!;
    expect(added).toMatchObject({ name: 'Постраждалих осіб', sensitive: true, suppressionThreshold: 10 });
    const edit = await t.get(`${base()}/measures/${m11}/indicators/${added.id}`, 'coordinator');
    expect(edit.body).toContain('name="threshold"');
    expect(edit.body).toContain('value="10"');
    expect((await post('coordinator', `${base()}/measures/${m11}/indicators/${added.id}`, { ...VALID, name: 'Постраждалих осіб', sensitive: 'yes', threshold: '7' })).statusCode).toBe(303);
    expect((await measureIndicators(t.database.db, PLAN_609, m11)).at(-1)!.suppressionThreshold).toBe(7);
  });

  it('changes an indicator\u2019s name and unit, but not the kind of one that holds values, and never removes one in use', async () => {
    const [indicator] = await measureIndicators(t.database.db, PLAN_609, m12);
    const href = `${base()}/measures/${m12}/indicators/${indicator!.id}`;
    // The police enter a value.
    const s = await t.as('executorA');
    const saved = await t.app.inject({ method: 'POST', url: `/reports/${PLAN_609}/2024-H1/poltava-police/entries/${m12}`, cookies: s.cookies, headers: { 'hx-request': 'true' }, payload: { _csrf: s.csrf, version: '0', state: 'done', narrative: 'Опубліковано', [`v${indicator!.id}`]: '7' } });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(200);

    const page = await t.get(href, 'coordinator');
    expect(page.body).toContain('вже внесено у 1 звіт');
    const kind = await post('coordinator', href, { ...VALID, name: indicator!.name, unit: indicator!.unit, kind: 'money' });
    expect(kind.statusCode).toBe(409);
    expect(kind.body).toContain('Вид не можна змінити');
    expect((await measureIndicators(t.database.db, PLAN_609, m12))[0]!.kind).toBe('count');

    // Nor its unit or way of adding up: the values entered are in them.
    const unit = await post('coordinator', href, { ...VALID, name: indicator!.name, unit: 'грн', kind: 'count', aggregation: 'cumulative_latest' });
    expect(unit.statusCode).toBe(409);
    expect(unit.body).toContain('Одиницю не можна змінити');
    expect(unit.body).toContain('Спосіб підсумовування не можна змінити');
    // The form of an indicator in use shows kind, unit and aggregation without offering to change them.
    expect(page.body).not.toContain('name="kind" value="money"');
    const renamed = await post('coordinator', href, { ...VALID, name: 'Публікацій про роботу поліції', unit: indicator!.unit, kind: 'count', target: '20' });
    expect(renamed.statusCode).toBe(303);
    expect((await measureIndicators(t.database.db, PLAN_609, m12))[0]).toMatchObject({ name: 'Публікацій про роботу поліції', unit: indicator!.unit, target: 20 });
    // The executor's value stays, under the new name.
    const form = await t.get(`/reports/${PLAN_609}/2024-H1/poltava-police`, 'executorA');
    expect(form.body).toContain(`Публікацій про роботу поліції, ${indicator!.unit}`);
    expect(form.body).toMatch(new RegExp(`name="v${indicator!.id}"[^>]*value="7"|value="7"[^>]*name="v${indicator!.id}"`));

    const removed = await post('coordinator', `${href}/remove`, {});
    expect(removed.statusCode).toBe(409);
    expect(removed.body).toContain('не видалено');
    expect((await measureIndicators(t.database.db, PLAN_609, m12)).map((i) => i.id)).toContain(indicator!.id);
  });

  it('removes an unused indicator and reorders the others, each in the audit log', async () => {
    const add = await post('coordinator', `${base()}/measures/${m12}/indicators`, { ...VALID, name: 'Тимчасовий показник' });
    expect(add.statusCode).toBe(303);
    const list = await measureIndicators(t.database.db, PLAN_609, m12);
    const added = list.at(-1)!;
    const up = await post('coordinator', `${base()}/measures/${m12}/indicators/${added.id}/move`, { direction: 'up' });
    expect(up.statusCode).toBe(303);
    expect((await measureIndicators(t.database.db, PLAN_609, m12)).map((i) => i.id)).toEqual([added.id, ...list.slice(0, -1).map((i) => i.id)]);
    const badMove = await post('coordinator', `${base()}/measures/${m12}/indicators/${added.id}/move`, { direction: 'sideways' });
    expect(badMove.statusCode).toBe(400);
    const removed = await post('coordinator', `${base()}/measures/${m12}/indicators/${added.id}/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect((await measureIndicators(t.database.db, PLAN_609, m12)).map((i) => i.id)).not.toContain(added.id);
    const actions = (await t.database.db.selectFrom('audit_events').select('action').where('target_id', '=', String(added.id)).where('target_type', '=', 'indicator').execute()).map((a) => a.action);
    expect(actions).toEqual(['plan.indicator_added', 'plan.indicator_changed', 'plan.indicator_removed']);
  });

  it('refuses others: executors and the supervisor cannot change indicators; ids of another measure are 404', async () => {
    const [indicator] = await measureIndicators(t.database.db, PLAN_609, m11);
    for (const who of ['executorA', 'supervisor']) {
      const res = await post(who, `${base()}/measures/${m11}/indicators/${indicator!.id}`, { ...VALID });
      expect(res.statusCode, who).toBe(403);
    }
    expect((await t.get(`${base()}/measures/${m12}/indicators/${indicator!.id}`, 'coordinator')).statusCode).toBe(404);
    expect((await t.get(`${base()}/measures/99999/indicators`, 'coordinator')).statusCode).toBe(404);
    expect((await t.get(`${base()}/measures/abc/indicators`, 'coordinator')).statusCode).toBe(404);
    expect((await measureIndicators(t.database.db, PLAN_609, m11))[0]!.name).toBe(indicator!.name);
  });
});
