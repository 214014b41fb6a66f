import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { loadReport, saveEntry, submitReport } from '../reports/service.ts';

/**
 * The control dashboards over HTTP, on the seeded plan 609 at the test's "now" (16.07.2024: the
 * second half of 2023 and the first of 2024 have ended; the first's deadline, 15.07, has passed).
 * The police report every measure of 2024-H1 as done, a day late, with a figure; a community
 * reports in progress; nobody else reports.
 */

const H1 = '2024-H1';
const BASE = `/plans/${PLAN_609}/dashboard`;
let t: TestApp;
let community: string;
let policeMeasure: number;
let othersMeasure: { id: number; code: string };
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

async function submitAll(organisationId: string, state: 'done' | 'in_progress', withValue: boolean) {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  let view = (await loadReport(db, directory, t.clock, PLAN_609, H1, organisationId))!;
  for (const m of view.measures) {
    const ind = withValue ? m.indicators.find((i) => i.kind === 'count' && !m.fromForms?.some((f) => f.indicator.id === i.id)) : undefined;
    const values = ind ? { [String(ind.id)]: '7' } : {};
    expect((await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state, reason: '', narrative: 'Проведено заходи.', links: '', values }, { onBehalf: false })).kind).toBe('saved');
    view = (await loadReport(db, directory, t.clock, PLAN_609, H1, organisationId))!;
  }
  expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
  return view.measures;
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  community = (await db.selectFrom('organisations').select('id').where('parent_id', '=', 'poltava-district-ma').where('kind', '=', 'community').orderBy('id').executeTakeFirstOrThrow()).id;
  const police = await submitAll('poltava-police', 'done', true);
  policeMeasure = police[0]!.id;
  const mine = await submitAll(community, 'in_progress', false);
  const reported = new Set([...police, ...mine].map((m) => m.id));
  const all = await db.selectFrom('measures as m').innerJoin('measure_versions as v', 'v.measure_id', 'm.id').select(['m.id', 'v.code']).where('m.plan_id', '=', PLAN_609).execute();
  const o = all.find((m) => !reported.has(Number(m.id)))!;
  othersMeasure = { id: Number(o.id), code: o.code };
  t.users.otherCoordinator = await makeUser(db, t.clock, 'coordinator', 'poltava-police', { email: 'other-coordinator@test.example' });
}, 180_000);
afterAll(async () => {
  await t.close();
});

describe(`the control dashboards on ${DIALECT}`, () => {
  it('are one click from the home of those who oversee the plan, and from nobody else’s', async () => {
    for (const who of ['coordinator', 'supervisor']) expect((await t.get('/', who)).body, who).toContain(`href="${BASE}"`);
    for (const who of ['executorA', 'admin']) expect((await t.get('/', who)).body, who).not.toContain(`href="${BASE}"`);
  });

  it('show the coordinator and the supervisor each measure’s state by period, the measures at risk first', async () => {
    for (const who of ['coordinator', 'supervisor']) {
      const page = await t.get(BASE, who);
      expect(page.statusCode, who).toBe(200);
      const body = text(page.body);
      expect(body).toContain('Заходи під ризиком');
      expect(body).toContain('I півріччя 2024 року');
      expect(body).toContain('II півріччя 2023 року');
    }
    const page = await t.get(`${BASE}?period=${H1}`, 'coordinator');
    const risk = page.body.slice(page.body.indexOf('id="risk-table"'), page.body.indexOf('</table>', page.body.indexOf('id="risk-table"')));
    // Nobody reported that measure: at risk; the police's own measure is done and is not.
    expect(risk).toContain(`/measures/${othersMeasure.id}"`);
    expect(text(risk)).toContain('ніхто не прозвітував');
    const grid = page.body.slice(page.body.indexOf('id="grid-table"'));
    const row = grid.slice(grid.indexOf(`periods/${H1}/measures/${policeMeasure}"`) - 400, grid.indexOf(`periods/${H1}/measures/${policeMeasure}"`) + 400);
    expect(text(row)).toMatch(/виконано|виконується/);
    // The counts add up to the measures in force in each period.
    const counts = page.body.slice(page.body.indexOf('id="counts-table"'), page.body.indexOf('</table>', page.body.indexOf('id="counts-table"')));
    const h1Row = counts.split('<tr').find((r) => r.includes('I півріччя 2024'))!;
    const numbers = [...h1Row.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    const inForce = (grid.match(new RegExp(`periods/${H1}/measures/\\d+"`, 'g')) ?? []).length;
    expect(numbers.reduce((a, b) => a + b, 0)).toBe(inForce);
    expect(inForce).toBeGreaterThan(20);
  });

  it('list the plan’s control instructions by state, the open ones linked', async () => {
    expect(text((await t.get(BASE, 'supervisor')).body)).toContain('Доручень за цим планом ще не давали.');
    const s = await t.as('supervisor');
    const issued = await t.app.inject({ method: 'POST', url: `/plans/${PLAN_609}/instructions/new`, cookies: s.cookies, payload: { _csrf: s.csrf, organisationId: 'poltava-ova-children', measureId: '', kind: 'explain', text: 'Пояснити, чому ніхто не прозвітував.', dueDate: '01.08.2024', extendTo: '' } });
    expect(issued.statusCode).toBe(303);
    const id = /\/instructions\/(\d+)/.exec(String(issued.headers.location))![1];
    const page = await t.get(BASE, 'coordinator');
    const panel = page.body.slice(page.body.indexOf('id="instructions-title"'), page.body.indexOf('id="risk-title"'));
    expect(text(panel)).toContain('до виконання: 1');
    expect(text(panel)).toContain('прострочено: 0');
    expect(panel).toContain(`href="/plans/${PLAN_609}/instructions/${id}"`);
  });

  it('draw each chart as SVG with no inline style, named and tied to the table of its numbers', async () => {
    for (const path of [BASE, `${BASE}/executors`, `${BASE}/indicators`]) {
      const page = await t.get(path, 'supervisor');
      expect(page.statusCode, path).toBe(200);
      expect(page.body, path).toContain('<svg');
      expect(page.body, path).not.toMatch(/<style|\sstyle="/);
      for (const m of page.body.matchAll(/role="img" aria-label="[^"]+" aria-describedby="([a-z-]+)"/g)) expect(page.body, `${path}: ${m[1]}`).toContain(`id="${m[1]}"`);
      expect(page.body.match(/role="img"/g)?.length ?? 0, path).toBeGreaterThan(0);
      expect(String(page.headers['content-security-policy'])).toContain("style-src 'self'");
    }
  });

  it('keep the filters in the URL: chosen on the form, carried by the tabs and the downloads; an unknown value is dropped', async () => {
    const q = `period=2023-H2&goal=2&district=poltava-district-ma&kind=community`;
    const page = await t.get(`${BASE}?${q}`, 'coordinator');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<option value="2023-H2" selected/);
    expect(page.body).toMatch(/<option value="2" selected/);
    expect(page.body).toMatch(/<option value="poltava-district-ma" selected/);
    expect(page.body).toMatch(/<option value="community" selected/);
    expect(page.body).toContain(`href="${BASE}/executors?${q.replace(/&/g, '&amp;')}"`);
    expect(page.body).toContain(`href="${BASE}?${q.replace(/&/g, '&amp;')}&amp;format=csv"`);
    // Only goal 2's measures.
    expect(text(page.body)).toContain('Ціль 2.');
    expect(text(page.body.slice(page.body.indexOf('id="grid-table"')))).not.toContain('Ціль 1.');
    // A goal the plan does not have is dropped like any unknown value.
    const noGoal = await t.get(`${BASE}?goal=99`, 'coordinator');
    expect(noGoal.statusCode).toBe(200);
    expect(text(noGoal.body)).not.toContain('Ціль 99');
    const bad = await t.get(`${BASE}/executors?period=1999-H1&district=nope&kind=%3Cscript%3E&goal=abc`, 'coordinator');
    expect(bad.statusCode).toBe(200);
    expect(bad.body).not.toMatch(/<option value="[^"]*" selected/);
    expect(bad.body).not.toContain('<script>');
  });

  it('count the executors’ completeness and timeliness, and name who is late now', async () => {
    const page = await t.get(`${BASE}/executors?period=${H1}`, 'supervisor');
    expect(page.statusCode).toBe(200);
    const late = page.body.slice(page.body.indexOf('id="late-title"'), page.body.indexOf('id="districts-title"'));
    // The children's service owes a report and sent none; the police sent theirs (late, but sent).
    expect(late).toContain(`/reports/${PLAN_609}/${H1}/poltava-ova-children`);
    expect(late).not.toContain(`/reports/${PLAN_609}/${H1}/poltava-police"`);
    const history = text(page.body.slice(page.body.indexOf('id="history-table"')));
    expect(history).toMatch(/ГУНП[^✓✗]* ✗ не подано ✓ із запізненням /);
    // A district leads to its executors.
    expect(page.body).toContain(`${BASE}/executors?period=${H1}&amp;district=poltava-district-ma#history-title`);
    const district = await t.get(`${BASE}/executors?period=${H1}&district=poltava-district-ma`, 'supervisor');
    const rows = district.body.slice(district.body.indexOf('id="history-table"'));
    expect(rows).not.toContain('Кременчуцька');
  });

  it('download the tables as CSV and XLSX with the numbers the page shows; another format is refused in Ukrainian', async () => {
    const csv = await t.get(`${BASE}/executors?period=${H1}&format=csv`, 'coordinator');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(String(csv.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    // Each table says the filters it was made under.
    expect(csv.body).toContain('"Історія звітування виконавців. Фільтри: I півріччя 2024 року"');
    expect(csv.body).toMatch(/"Головне управління Національної поліції[^"]*";[^\r\n]*"із запізненням"/);
    const xlsx = await t.app.inject({ method: 'GET', url: `${BASE}?period=${H1}&format=xlsx`, cookies: (await t.as('coordinator')).cookies });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Під ризиком', 'Стан за періодами', 'Заходи за періодами']);
    const counts = book.getWorksheet('Стан за періодами')!;
    expect(counts.getRow(2).getCell(1).value).toBe('Період');
    const pageCounts = await t.get(`${BASE}?period=${H1}`, 'coordinator');
    const h1 = pageCounts.body.slice(pageCounts.body.indexOf('id="counts-table"')).split('<tr').find((r) => r.includes('I півріччя 2024'))!;
    const shown = [...h1.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    const row = [...Array(counts.rowCount).keys()].map((i) => counts.getRow(i + 1)).find((r) => r.getCell(1).value === 'I півріччя 2024 року')!;
    expect([2, 3, 4, 5, 6].map((c) => row.getCell(c).value)).toEqual(shown);
    const bad = await t.get(`${BASE}?format=pdf`, 'coordinator');
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('лише у форматі CSV або XLSX');
  });

  it('show an indicator’s totals by period and its trend', async () => {
    const page = await t.get(`${BASE}/indicators?period=${H1}`, 'coordinator');
    expect(page.statusCode).toBe(200);
    const table = text(page.body.slice(page.body.indexOf('id="indicators-table"'), page.body.indexOf('</table>', page.body.indexOf('id="indicators-table"'))));
    expect(table).toMatch(/ 7 /);
    expect(page.body).toContain('id="trend-title"');
  });

  it('answer 404 to anyone but the plan’s coordinators and the owner’s supervisors', async () => {
    for (const who of ['otherCoordinator']) expect((await t.get(BASE, who)).statusCode, who).toBe(404);
    for (const who of ['executorB', 'admin']) {
      const r = await t.get(`${BASE}/executors`, who);
      expect([403, 404], who).toContain(r.statusCode);
      expect(r.body).not.toContain('Історія звітування');
    }
    expect((await t.get(`/plans/no-such-plan/dashboard`, 'coordinator')).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: BASE })).statusCode).toBe(303);
  });

  it('put each begun period’s state on the plan’s calendar for those who oversee it, not for an executor', async () => {
    const page = await t.get(`/plans/${PLAN_609}/calendar`, 'coordinator');
    expect(page.statusCode).toBe(200);
    const h1 = text(page.body.split('<tr').find((r) => r.includes('I півріччя 2024'))!);
    const m = h1.match(/подано (\d+) з (\d+)/);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(2);
    expect(Number(m![2])).toBeGreaterThan(60);
    expect(text(page.body.split('<tr').find((r) => r.includes('II півріччя 2024'))!)).toMatch(/подано 0 з \d+/);
    expect(text(page.body.split('<tr').find((r) => r.includes('I півріччя 2025'))!)).not.toContain('подано');
    expect(text((await t.get(`/plans/${PLAN_609}/calendar`, 'executorA')).body)).not.toContain('подано 2 з');
  });

  it('show an organisation’s reporting history to who oversees its plans, and to itself', async () => {
    const page = await t.get('/organisations/poltava-police', 'coordinator');
    expect(page.statusCode).toBe(200);
    const history = text(page.body.slice(page.body.indexOf('id="history-title"')));
    expect(history).toMatch(/II півріччя 2023 року не подано I півріччя 2024 року із запізненням II півріччя 2024 року строк не настав/);
    expect(page.body).toContain(`href="/reports/${PLAN_609}/${H1}/poltava-police"`);
    expect(text((await t.get('/organisations/poltava-police', 'executorA')).body)).toContain('Історія звітування');
    // Another executor reads the directory, not the police's reporting.
    expect(text((await t.get('/organisations/poltava-police', 'executorB')).body)).not.toContain('Історія звітування');
  });

  it('escape what the directory holds, in the tables and in the charts', async () => {
    await t.database.db.updateTable('organisations').set({ short_name: '<script>alert(1)</script> РВА' }).where('id', '=', 'poltava-district-ma').execute();
    const page = await t.get(`${BASE}/executors?period=${H1}`, 'coordinator');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; РВА');
  });
});
