import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { cellId, formCells, type StatFormDefinition } from '../../domain/statistics.ts';
import { getForm } from './service.ts';

/**
 * A statistical form through HTTP, as the police and the coordinator use it: typed counts refused
 * beside their cells, saved under a revision (a stale save is a conflict, never lost), submitted
 * only complete and adding up, seen exactly by the coordinator (audited) and the supervisor and by
 * no other executor, accepted or returned.
 */

const URL = `/plans/${PLAN_609}/statistics/victims-identified/2024-Q2/poltava-police`;
let t: TestApp;
let form: StatFormDefinition;

/** Counts of people described by their traits, as the form's cells: consistent by construction. */
function figuresOf(people: { age: string; sex: string; exploitation: string; scope: string; district: string }[]): Record<string, string> {
  const out: Record<string, number> = Object.fromEntries(formCells(form).map((c) => [c.id, 0]));
  for (const person of people) {
    for (const c of formCells(form)) if (c.at.every(([d, v]) => person[d as keyof typeof person] === v)) out[c.id]! += 1;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [`cell.${k}`, String(v)]));
}

async function post(who: string, url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}
const row = () => t.database.db.selectFrom('stat_submissions').selectAll().executeTakeFirst();
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

const PEOPLE = [
  { age: 'children', sex: 'female', exploitation: 'sexual', scope: 'internal', district: 'poltava-district-ma' },
  { age: 'children', sex: 'male', exploitation: 'begging', scope: 'internal', district: 'kremenchuk-district-ma' },
  { age: 'adults', sex: 'female', exploitation: 'labour', scope: 'cross-border', district: 'poltava-district-ma' },
  { age: 'adults', sex: 'male', exploitation: 'labour', scope: 'cross-border', district: 'lubny-district-ma' },
];

beforeAll(async () => {
  t = await buildTestApp();
  form = (await getForm(t.database.db, PLAN_609, 'victims-identified'))!.definition;
});
afterAll(async () => {
  await t.close();
});

describe(`a statistical form through HTTP, on ${DIALECT}`, () => {
  it('shows the police their form: a cell per count, breakdowns as tables, no field for a person', async () => {
    const page = await t.get(URL, 'executorA');
    expect(page.statusCode).toBe(200);
    const inputs = [...page.body.matchAll(/<input id="cell-\d+" name="cell\.([^"]+)"/g)].map((m) => m[1]);
    expect(inputs.sort()).toEqual(formCells(form).map((c) => c.id).sort());
    expect(page.body).toContain('Район × вік');
    // Nothing but numbers, the revision and the token is posted.
    const statForm = /<form[^>]*class="stat-form"[\s\S]*?<\/form>/.exec(page.body)![0];
    expect([...statForm.matchAll(/<(?:input|textarea|select)[^>]*name="([^"]+)"/g)].map((m) => m[1]).filter((n) => !n!.startsWith('cell.'))).toEqual(['_csrf', 'version']);
  });

  it('refuses what is not a whole number beside its cell, keeps what was typed, saves nothing', async () => {
    const bad = await post('executorA', URL, { revision: '0', 'cell.identified': '2,5', 'cell.identified|age=children': '-1', 'cell.identified|age=adults': '<script>alert(1)</script>' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<title>Помилка: ');
    expect(bad.body).toMatch(/id="cell-0-error"[^>]*>[\s\S]*?Уведіть ціле число/);
    expect(bad.body).toContain('Кількість не може бути від’ємною');
    expect(bad.body).toContain('value="2,5"');
    expect(bad.body).not.toContain('<script>alert(1)');
    expect(await row()).toBeUndefined();
  });

  it('saves part of the form, refuses to submit it incomplete, then shows the breakdown that does not add up', async () => {
    expect((await post('executorA', URL, { revision: '0', 'cell.identified': '4', 'cell.identified|age=children': '2' })).statusCode).toBe(303);
    const saved = await t.get(URL, 'executorA');
    expect(saved.body).toContain('value="4"');
    expect(saved.body).toMatch(/name="version" value="1"/);
    const incomplete = await post('executorA', `${URL}/submit`, { revision: '1', 'cell.identified': '4', 'cell.identified|age=children': '2' });
    expect(incomplete.statusCode).toBe(422);
    expect(text(incomplete.body)).toMatch(/Подати можна лише повністю заповнену форму.*\d+ клітин(ок|ки) не заповнен/);
    expect((await row())!.state).toBe('draft');

    // Complete, but the ages add up to 3 and the total says 4.
    const fields = { ...figuresOf(PEOPLE), 'cell.identified|age=adults': '1', 'cell.identified|age=children|district=poltava-district-ma': '2' };
    const mismatch = await post('executorA', `${URL}/submit`, { revision: '2', ...fields });
    expect(mismatch.statusCode).toBe(422);
    expect(text(mismatch.body)).toContain('Встановлено осіб за ознакою «Вік»: у сумі 3, а загальна кількість — 4 (різниця −1)');
    // Inside a breakdown: the children by district against the children.
    expect(text(mismatch.body)).toContain('Встановлено осіб (діти) за ознакою «Район»: у сумі 3, а всього (діти) — 2 (різниця +1)');
    expect((await row())!.state).toBe('draft');
  });

  it('keeps the other writer’s save: a save from an older page is a conflict', async () => {
    const current = (await row())!.revision;
    const stale = await post('executorA', URL, { revision: String(Number(current) - 1), 'cell.identified': '99' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Поки ви редагували, форму зберіг хтось інший');
    expect(JSON.parse((await row())!.figures).identified).toBe(4);
  });

  it('submits the complete form that adds up, as a frozen version, audited', async () => {
    const revision = String((await row())!.revision);
    const ok = await post('executorA', `${URL}/submit`, { revision, ...figuresOf(PEOPLE) });
    expect(ok.statusCode).toBe(303);
    const r = (await row())!;
    expect(r.state).toBe('submitted');
    const version = await t.database.db.selectFrom('stat_submission_versions').selectAll().where('submission_id', '=', r.id).executeTakeFirstOrThrow();
    expect(JSON.parse(version.figures)[cellId('identified', [['age', 'children'], ['district', 'poltava-district-ma']])]).toBe(1);
    expect(await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'stats.submitted').execute()).toHaveLength(1);
    // Submitted: no longer editable by the police.
    const after = await post('executorA', URL, { revision: String(r.revision), 'cell.identified': '5' });
    expect(after.statusCode).toBe(409);
    expect(after.body).toContain('Форму вже подано');
  });

  it('shows exact figures to the coordinator (audited) and the supervisor, never to another executor', async () => {
    expect((await t.get(URL, 'executorB')).statusCode).toBe(404);
    const overview = await t.get(`/plans/${PLAN_609}/statistics`, 'executorB');
    expect(overview.body).toContain('Діти, які постраждали від торгівлі людьми');
    expect(overview.body).not.toContain('poltava-police');
    const before = (await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'stats.viewed').execute()).length;
    const coordinator = await t.get(URL, 'coordinator');
    expect(coordinator.statusCode).toBe(200);
    expect(coordinator.body).toContain('перегляд записано в журнал подій');
    expect(coordinator.body).not.toContain('name="cell.');
    expect(coordinator.body).toContain('Прийняти');
    expect((await t.database.db.selectFrom('audit_events').select('id').where('action', '=', 'stats.viewed').execute()).length).toBe(before + 1);
    const supervisor = await t.get(URL, 'supervisor');
    expect(supervisor.statusCode).toBe(200);
    expect(supervisor.body).not.toContain('Прийняти');
    const all = await t.get(`/plans/${PLAN_609}/statistics`, 'coordinator');
    // The newest quarter first: the third not begun, the second submitted.
    expect(text(all.body)).toMatch(/ГУНП в Полтавській області не розпочато подано /);
  });

  it('is returned only with a comment, and accepted by the coordinator', async () => {
    const revision = String((await row())!.revision);
    const noComment = await post('coordinator', `${URL}/review`, { revision, decision: 'return', comment: ' ' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.body).toMatch(/id="review-comment-error"[^>]*>[\s\S]*?Напишіть, що виправити/);
    expect((await post('coordinator', `${URL}/review`, { revision, decision: 'accept', comment: '' })).statusCode).toBe(303);
    expect((await row())!.state).toBe('accepted');
    // A second decision from the same page is stale.
    expect((await post('coordinator', `${URL}/review`, { revision, decision: 'return', comment: 'Ще раз' })).statusCode).toBe(409);
  });

  it('lets the coordinator set a form’s title, due day and submitters, refused beside the field; no one else', async () => {
    const url = `/plans/${PLAN_609}/statistics/legal-aid/settings`;
    expect((await t.get(url, 'executorA')).statusCode).toBe(404);
    expect((await t.get(url, 'supervisor')).statusCode).toBe(404);
    const page = await t.get(url, 'coordinator');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="10"');
    const bad = await post('coordinator', url, { title: ' ', dueDay: '29', submitters: 'no-such-organisation' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="title-error"[^>]*>[\s\S]*?Уведіть назву форми/);
    expect(bad.body).toMatch(/id="dueDay-error"[^>]*>[\s\S]*?від 1 до 28/);
    expect(bad.body).toMatch(/id="submitters-error"[^>]*>[\s\S]*?немає в довіднику/);
    expect((await getForm(t.database.db, PLAN_609, 'legal-aid'))!.dueDay).toBe(10);
    const s = await t.as('coordinator');
    const ok = await t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: `_csrf=${encodeURIComponent(s.csrf)}&title=${encodeURIComponent('Правова допомога')}&dueDay=5&submitters=poltava-legal-aid-centre&submitters=poltava-ova-children`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(ok.statusCode).toBe(303);
    const form = (await getForm(t.database.db, PLAN_609, 'legal-aid'))!;
    expect({ title: form.title, dueDay: form.dueDay, submitters: form.submitters }).toEqual({ title: 'Правова допомога', dueDay: 5, submitters: ['poltava-legal-aid-centre', 'poltava-ova-children'] });
    // The quarter's deadline follows: the 5th of the month after.
    expect(text((await t.get(`/plans/${PLAN_609}/statistics`, 'coordinator')).body)).toMatch(/Правова допомога .*?до 05\.07\.2024/);
    // The children's service now submits it too, and sees it.
    expect((await t.get(`/plans/${PLAN_609}/statistics/legal-aid/2024-Q2/poltava-ova-children`, 'executorB')).statusCode).toBe(200);
  });

  it('saves as the clerk types (autosave): a status line and the next revision, errors named, a stale save refused', async () => {
    const url = `/plans/${PLAN_609}/statistics/victims-identified/2024-Q1/poltava-police`;
    const s = await t.as('executorA');
    const hx = (fields: Record<string, string>) => t.app.inject({ method: 'POST', url, cookies: s.cookies, headers: { 'hx-request': 'true' }, payload: { _csrf: s.csrf, ...fields } });
    const first = await hx({ version: '0', 'cell.identified': '2' });
    expect(first.statusCode).toBe(200);
    expect(first.body).toMatch(/^Збережено о \d{2}:\d{2}\. Не заповнено 38 клітинок\./);
    expect(first.body).toContain('<input type="hidden" id="stat-version" name="version" value="1" hx-swap-oob="true"/>');
    const bad = await hx({ version: '1', 'cell.identified': 'два' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toBe('Не збережено: Встановлено осіб — усього — Уведіть ціле число, наприклад 3');
    const second = await hx({ version: '1', 'cell.identified': '2', 'cell.identified|age=children': '1', 'cell.identified|age=adults': '2' });
    expect(second.body).toContain('1 розподіл не дає в сумі загальної кількості.');
    expect(second.body).toContain('value="2" hx-swap-oob="true"');
    const stale = await hx({ version: '1', 'cell.identified': '9' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('форму зберіг хтось інший');
    // The page's own figures, already saved by its autosave, sent again with the older revision: not a conflict.
    const again = await hx({ version: '1', 'cell.identified': '2', 'cell.identified|age=children': '1', 'cell.identified|age=adults': '2' });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('value="2" hx-swap-oob="true"');
  });
});
