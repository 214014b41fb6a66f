import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import type { Session } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { translator } from '../../i18n/index.ts';
import { loadDirectory } from '../organisations/service.ts';
import { measureIdByCode } from '../plans/service.ts';
import { loadReport } from './service.ts';

const H1 = '2024-H1';
const POLICE = 'poltava-police';
const url = `/reports/${PLAN_609}/${H1}/${POLICE}`;
const PERSON = 'Надано допомогу: Петренко Ігор Ілліч, 12.03.1998 р.н., тел. 050 123 45 67.';

let t: TestApp;
let m11: number;
let m32: number;

async function save(s: Session, measureId: number, fields: Record<string, string>, htmx = true): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: `${url}/entries/${measureId}`, cookies: s.cookies, headers: htmx ? { 'hx-request': 'true' } : {}, payload: { _csrf: s.csrf, ...fields } });
}

async function versionOf(measureId: number): Promise<string> {
  const view = (await loadReport(t.database.db, await loadDirectory(t.database.db), t.clock, PLAN_609, H1, POLICE))!;
  return String(view.entries.get(measureId)?.version ?? 0);
}

/** The element with this id, as HTML (the first match; enough for the small places checked here). */
function element(html: string, id: string): string {
  const start = html.search(new RegExp(`<[a-z]+ [^>]*id="${id}"`));
  if (start === -1) return '';
  const tag = /^<([a-z]+)/.exec(html.slice(start))![1]!;
  const end = html.indexOf(`</${tag}>`, start);
  return html.slice(start, end + tag.length + 3);
}

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-10T09:00:00.000Z' });
  m11 = (await measureIdByCode(t.database.db, PLAN_609, '1.1'))!;
  m32 = (await measureIdByCode(t.database.db, PLAN_609, '3.2'))!;
});
afterAll(async () => {
  await t.close();
});

describe(`the executor's report form, on ${DIALECT}`, () => {
  it('lists the measures at the top with a count, and an autosave brings that measure’s line and the count up to date', async () => {
    const s = await t.as('executorA');
    const view = (await loadReport(t.database.db, await loadDirectory(t.database.db), t.clock, PLAN_609, H1, POLICE))!;
    const total = view.measures.length;
    expect(total).toBe(13);
    const page = (await t.get(url, 'executorA')).body;
    expect(element(page, 'report-progress')).toContain(`Заповнено 0 з ${total} заходів`);
    expect(element(page, `toc-${m11}`)).toContain(`href="#m${m11}"`);
    expect(element(page, `toc-${m11}`)).toContain('не вказано стан');
    // The reason field is marked, for the stylesheet to show it only for the states that need it.
    expect(page).toMatch(new RegExp(`class="field field--reason"><label for="e${m11}-reason"`));

    const needsReason = await save(s, m11, { version: '0', state: 'not_done', reason: '' });
    expect(needsReason.statusCode).toBe(200);
    expect(element(needsReason.body, `toc-${m11}`)).toContain('hx-swap-oob="true"');
    expect(element(needsReason.body, `toc-${m11}`)).toContain('бракує причини');
    expect(element(needsReason.body, 'report-progress')).toContain(`Заповнено 0 з ${total} заходів`);
    const filled = await save(s, m11, { version: await versionOf(m11), state: 'not_done', reason: 'Не було фінансування' });
    expect(element(filled.body, `toc-${m11}`)).toContain('заповнено');
    expect(element(filled.body, 'report-progress')).toContain(`Заповнено 1 з ${total} заходів`);
    // A reason written stays in sight whatever the state.
    expect((await t.get(url, 'executorA')).body).toMatch(new RegExp(`class="field field--reason field--reason-kept"><label for="e${m11}-reason"`));
    // Without JavaScript files upload by their button: the form says so before submitting.
    expect(page).toContain('class="hint no-js-only"');
    expect(page).toContain('data-files-not-uploaded="Вибраний файл ще не завантажено');
  });

  it('counts in Ukrainian and English', () => {
    const uk = translator('uk').t;
    expect([1, 2, 5, 17, 21, 22].map((total) => uk('report.toc.count', { filled: 1, total }))).toEqual([
      'Заповнено 1 з 1 заходу',
      'Заповнено 1 з 2 заходів',
      'Заповнено 1 з 5 заходів',
      'Заповнено 1 з 17 заходів',
      'Заповнено 1 з 21 заходу',
      'Заповнено 1 з 22 заходів',
    ]);
    expect(translator('en').t('report.toc.count', { filled: 9, total: 17 })).toBe('Filled in: 9 of 17 measures');
  });

  it('warns beside the text of a sensitive measure that seems to name a person, on the form, after an autosave and to the reviewer — and saves it', async () => {
    const s = await t.as('executorA');
    // A measure without sensitive indicators: no warning.
    const plain = await save(s, m11, { version: await versionOf(m11), state: 'not_done', reason: 'Не було фінансування', narrative: PERSON });
    expect(plain.statusCode).toBe(200);
    expect(element(plain.body, `e${m11}-narrative-pd`)).not.toContain('персональні дані');

    const saved = await save(s, m32, { version: '0', state: 'done', narrative: PERSON });
    expect(saved.statusCode).toBe(200);
    const note = element(saved.body, `e${m32}-narrative-pd`);
    expect(note).toContain('hx-swap-oob="true"');
    expect(note).toContain('Схоже, у тексті є персональні дані:');
    expect(note).toContain('ім’я та по батькові («Петренко Ігор Ілліч»)');
    expect(note).toContain('дата народження («12.03.1998 р.н.»)');
    expect(note).toContain('номер телефону («050 123 45 67»)');
    expect(await versionOf(m32)).toBe('1');

    // The form as the server renders it: the same warning, and the field points to it.
    const page = (await t.get(url, 'executorA')).body;
    expect(element(page, `e${m32}-narrative-pd`)).toContain('ім’я та по батькові');
    expect(page).toMatch(new RegExp(`aria-describedby="e${m32}-narrative-hint e${m32}-narrative-msg e${m32}-narrative-pd"`));
    expect(element(page, `e${m11}-narrative-pd`)).not.toContain('персональні дані');

    // Corrected: the warning goes.
    const clean = await save(s, m32, { version: '1', state: 'done', narrative: 'Надано допомогу одній особі.' });
    expect(element(clean.body, `e${m32}-narrative-pd`)).not.toContain('персональні дані');
    await save(s, m32, { version: '2', state: 'done', narrative: PERSON });

    // Submitted: the coordinator reviewing it sees the warning beside that measure.
    const view = (await loadReport(t.database.db, await loadDirectory(t.database.db), t.clock, PLAN_609, H1, POLICE))!;
    for (const m of view.measures) {
      if (m.id === m11 || m.id === m32) continue;
      expect((await save(s, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state: 'in_progress' })).statusCode).toBe(200);
    }
    expect((await t.app.inject({ method: 'POST', url: `${url}/submit`, cookies: s.cookies, payload: { _csrf: s.csrf } })).statusCode).toBe(303);
    const review = (await t.get(url, 'coordinator')).body;
    expect(review).toContain('name="decision" value="accept"');
    const warning = element(review, `s${m32}-pd`);
    expect(warning).toContain('ім’я та по батькові («Петренко Ігор Ілліч»)');
    expect(warning).toContain('поверніть його з коментарем до цього заходу');
    expect(element(review, `s${m11}-pd`)).not.toContain('персональні дані');
  });

  it('keeps single line breaks of "Що зроблено" in the submitted report', async () => {
    const review = (await t.get(url, 'coordinator')).body;
    expect(review).toContain('<p>Надано допомогу: Петренко Ігор Ілліч, 12.03.1998 р.н., тел. 050 123 45 67.</p>');
    const s = await t.as('executorA');
    expect((await t.app.inject({ method: 'POST', url: `${url}/withdraw`, cookies: s.cookies, payload: { _csrf: s.csrf } })).statusCode).toBe(303);
    const typed = 'Проведено 12 лекцій.\nРозповсюджено 400 буклетів.\n\nОкремий абзац <b>без розмітки</b>.';
    expect((await save(s, m11, { version: await versionOf(m11), state: 'done', narrative: typed }, false)).statusCode).toBe(303);
    expect((await t.app.inject({ method: 'POST', url: `${url}/submit`, cookies: s.cookies, payload: { _csrf: s.csrf } })).statusCode).toBe(303);
    const submitted = (await t.get(url, 'executorA')).body;
    expect(submitted).toContain('<p>Проведено 12 лекцій.<br/>Розповсюджено 400 буклетів.</p><p>Окремий абзац &lt;b>без розмітки&lt;/b>.</p>');
    // The comparison of the two submissions shows the new text with its line breaks.
    const compare = await t.get(`${url}/compare?from=1&to=2`, 'executorA');
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('Проведено 12 лекцій.<br/>Розповсюджено 400 буклетів.');
  });
});
