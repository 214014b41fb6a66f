import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.get(url, 'executorA', headers);

/** The measure codes a plan page lists, in order. */
function codes(html: string): string[] {
  return [...html.matchAll(/<tr id="measure-([\d.]+)"/g)].map((m) => m[1]!);
}

describe(`plan pages on ${DIALECT}`, () => {
  it('answers / with the home page (no longer a redirect) and lists the plans, naming plan 609', async () => {
    for (const who of ['coordinator', 'executorA']) {
      const root = await t.get('/', who);
      expect(root.statusCode, who).toBe(200);
      expect(root.body, who).toContain('<h1>Головна</h1>');
    }
    const list = await get('/plans');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Обласний план заходів щодо реалізації державної політики у сфері протидії торгівлі людьми');
    expect(list.body).toContain('30 заходів');
  });

  it('shows every measure of order 609 grouped by goal and task, with deadlines and executors', async () => {
    const res = await get(`/plans/${PLAN_609}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body.startsWith('<!doctype html>')).toBe(true);
    expect(res.body).toContain('<html lang="uk">');
    const list = codes(res.body);
    expect(list).toHaveLength(30);
    expect(list.slice(0, 3)).toEqual(['1.1', '1.2', '1.3']);
    expect(list.at(-1)).toBe('4.7');
    expect(res.body).toContain('Оперативна ціль 3.');
    expect(res.body).toContain('Головне управління Національної поліції в Полтавській області');
    expect(res.body).toContain('Районні військові адміністрації');
    expect(res.body).toContain('Органи місцевого самоврядування (за згодою)');
    expect(res.body).toContain('постійно');
    expect(res.body).toContain('розпорядження від 04.09.2023 № 609');
  });

  it('filters by an executor organisation, counting the groups it belongs to', async () => {
    const police = codes((await get(`/plans/${PLAN_609}?executor=poltava-police`)).body);
    expect(police).toEqual(['1.1', '1.2', '2.1', '2.2', '2.5', '2.7', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '4.1']);
    // A community reports on every measure naming "органи місцевого самоврядування".
    const community = await get(`/plans/${PLAN_609}?executor=community-reshetylivska`);
    expect(community.statusCode).toBe(200);
    expect(codes(community.body)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.6', '1.7', '1.8', '1.9', '2.3', '2.4', '2.6', '2.7', '3.1', '3.4', '4.2', '4.4', '4.7']);
    expect(community.body).toContain('Знайдено 17 заходів з 30');
    // District administrations: 4.3 (status) and 4.5 (one-time assistance) are theirs alone.
    expect(codes((await get(`/plans/${PLAN_609}?executor=lubny-district-ma`)).body)).toEqual(expect.arrayContaining(['4.3', '4.5']));
  });

  it('searches measure text case-insensitively in Ukrainian (ІНФОРМАЦІЙН finds інформаційно-просвітницької)', async () => {
    const res = await get(`/plans/${PLAN_609}?q=${encodeURIComponent('ІНФОРМАЦІЙН')}`);
    expect(res.statusCode).toBe(200);
    const found = codes(res.body);
    expect(found).toContain('1.1');
    expect(found).toContain('1.6');
    expect(found).not.toContain('3.2');
    expect(res.body).toContain('<mark>інформаційн</mark>');
    // Apostrophes of any kind match.
    expect(codes((await get(`/plans/${PLAN_609}?q=${encodeURIComponent('сім’')}`)).body)).toEqual(['1.7', '2.7']);
    // LIKE wildcards are literal.
    expect(codes((await get(`/plans/${PLAN_609}?q=${encodeURIComponent('%')}`)).body)).toEqual([]);
  });

  it('combines the filters and says when nothing matches', async () => {
    const res = await get(`/plans/${PLAN_609}?executor=poltava-police&q=1547`);
    expect(res.statusCode).toBe(200);
    expect(codes(res.body)).toEqual([]);
    expect(res.body).toContain('Жоден захід не відповідає фільтру');
  });

  it('answers htmx with the measures fragment only', async () => {
    const res = await get(`/plans/${PLAN_609}?q=1547`, { 'hx-request': 'true' });
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('<div id="measures"')).toBe(true);
    expect(res.body).not.toContain('<html');
    expect(codes(res.body)).toEqual(['1.9']);
    // A history restore needs the whole page.
    const restore = await get(`/plans/${PLAN_609}?q=1547`, { 'hx-request': 'true', 'hx-history-restore-request': 'true' });
    expect(restore.body).toContain('<html');
  });

  it.each([
    ['executor=nobody', 'executor', 'Оберіть виконавця зі списку'],
    ['executor=poltava-police&executor=poltava-ova', 'executor', 'Неправильне значення фільтра'],
    [`q=${'а'.repeat(201)}`, 'q', 'не довшим за 200 символів'],
    ['q=a&q=b', 'q', 'Неправильне значення фільтра'],
  ])('refuses a bad filter (%s) with a 400 and a Ukrainian message beside the field', async (query, field, message) => {
    const res = await get(`/plans/${PLAN_609}?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(message);
    expect(res.body).toContain(`href="#${field}"`);
    expect(res.body).toContain(`id="${field}-error"`);
    expect(res.body).toMatch(/<title>Помилка: /);
    // The plan is still shown, unfiltered by the bad value.
    expect(codes(res.body).length).toBeGreaterThan(0);
  });

  it('refuses a NUL character and ignores other control characters in the search', async () => {
    const nul = await get(`/plans/${PLAN_609}?q=%00`);
    expect(nul.statusCode).toBe(400);
    expect(nul.body).toContain('недопустимі символи');
    const control = await get(`/plans/${PLAN_609}?q=%01${encodeURIComponent('1547')}`);
    expect(control.statusCode).toBe(200);
    expect(codes(control.body)).toEqual(['1.9']);
    expect(control.body).not.toContain('\u0001');
  });

  it('shows a measure with its goal, task, deadline and executors as written', async () => {
    const page = await get(`/plans/${PLAN_609}?q=1547`);
    const href = /href="(\/plans\/[^"]+\/measures\/\d+)"/.exec(page.body)![1]!;
    const res = await get(href);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Захід 1.9');
    expect(res.body).toContain('Популяризація гарячої телефонної лінії 1547');
    expect(res.body).toContain('Оперативна ціль 1.');
    expect(res.body).toContain('У розпорядженні: «Райвійськкадміністрації»');
    expect(res.body).toContain('Звітують 64 організації');
  });

  it('marks the missing deadline of 3.3 as not stated in the order', async () => {
    const page = await get(`/plans/${PLAN_609}?q=${encodeURIComponent('навчань поліцейських')}`);
    const href = /href="(\/plans\/[^"]+\/measures\/\d+)"/.exec(page.body)![1]!;
    const res = await get(href);
    expect(res.body).toContain('Строк у розпорядженні не зазначено; прийнято строк дії плану: 04.09.2023 – 31.12.2025');
  });

  it('lists the reporting calendar with weekdays: five half-years, the first being H2 2023', async () => {
    const res = await get(`/plans/${PLAN_609}/calendar`);
    expect(res.statusCode).toBe(200);
    const rows = [...res.body.matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(rows).toEqual(['II півріччя 2023 року', 'I півріччя 2024 року', 'II півріччя 2024 року', 'I півріччя 2025 року', 'II півріччя 2025 року']);
    expect(res.body).toContain('15.01.2024</time>, понеділок');
    expect(res.body).toContain('20.07.2024</time>, субота');
    expect(res.body).toContain('план діє з 04.09.2023');
    // Now is 16.07.2024: H1 2024 is being reported on.
    expect(res.body).toMatch(/I півріччя 2024 року<\/th>[\s\S]*?триває звітування/);
  });

  it('answers unknown plans and measures with the friendly 404 page', async () => {
    for (const url of [`/plans/nope`, `/plans/${PLAN_609}/measures/999999`, `/plans/${PLAN_609}/measures/abc`, `/plans/${'x'.repeat(150)}`, '/no/such/page']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).toContain('Сторінку не знайдено');
    }
  });
});

describe(`malformed addresses on ${DIALECT}`, () => {
  it('answers an over-long id or a broken %-escape with a Ukrainian page, never framework JSON', async () => {
    const s = await t.as('executorA');
    for (const [url, status] of [
      [`/plans/${'x'.repeat(300)}`, 414],
      ['/plans/%ZZ', 400],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url, cookies: s.cookies });
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type'], url).toContain('text/html');
      expect(res.body, url).toContain('Адреса сторінки неправильна або задовга');
      expect(res.body, url).not.toContain('FST_ERR');
    }
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/plans/${'x'.repeat(300)}`, cookies: s.cookies });
    expect(api.statusCode).toBe(414);
    expect(api.json().error).toBe('bad_request');
  });
});
