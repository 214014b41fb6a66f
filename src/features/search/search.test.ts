import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { loadReport, saveEntry, submitReport } from '../reports/service.ts';

/**
 * Searching submitted reports over HTTP: the police submit, the children's service keeps a draft;
 * the coordinator and the supervisor find the submitted words (every term, any case, apostrophes
 * alike), never the draft's; an executor and another plan's coordinator cannot search them.
 */

const H1 = '2024-H1';
let t: TestApp;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

async function write(organisationId: string, narrative: string, submit: boolean) {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  let view = (await loadReport(db, directory, t.clock, PLAN_609, H1, organisationId))!;
  for (const m of view.measures) {
    await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state: 'done', reason: '', narrative: m === view.measures[0] ? narrative : 'Інше.', links: '', values: {} }, { onBehalf: false });
    view = (await loadReport(db, directory, t.clock, PLAN_609, H1, organisationId))!;
  }
  if (submit) expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
}

beforeAll(async () => {
  t = await buildTestApp();
  await write('poltava-police', 'Проведено ЗУСТРІЧІ з учнями щодо гарячої лінії 1547 у Кобеляцькій об’єднаній громаді; 100%_охоплення.', true);
  await write('poltava-ova-children', 'Чернетка: зустрічі з учнями ще тривають (гаряча лінія 1547).', false);
  t.users.otherCoordinator = await makeUser(t.database.db, t.clock, 'coordinator', 'poltava-police', { email: 'oc@test.example' });
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe(`searching submitted reports, on ${DIALECT}`, () => {
  it('finds the submitted words by every term, in any case and with any apostrophe, marked in a snippet; never a draft', async () => {
    for (const who of ['coordinator', 'supervisor']) {
      const page = await t.get(`/search?q=${encodeURIComponent('зустрічі 1547 об\'єднаній')}`, who);
      expect(page.statusCode, who).toBe(200);
      const body = text(page.body);
      expect(body, who).toContain('Знайдено 1 звіт');
      expect(body).toContain('Головне управління Національної поліції');
      expect(page.body).toContain('<mark>ЗУСТРІЧІ</mark>');
      expect(page.body).toContain(`href="/reports/${PLAN_609}/${H1}/poltava-police#s`);
      expect(body).not.toContain('Чернетка');
    }
    expect(text((await t.get(`/search?q=${encodeURIComponent('тривають')}`, 'coordinator')).body)).toContain('Нічого не знайдено');
    // Every term is needed.
    expect(text((await t.get(`/search?q=${encodeURIComponent('зустрічі марс')}`, 'coordinator')).body)).toContain('Нічого не знайдено');
  });

  it('takes "%" and "_" as themselves, and markup as text', async () => {
    expect(text((await t.get(`/search?q=${encodeURIComponent('100%_о')}`, 'coordinator')).body)).toContain('Знайдено 1 звіт');
    expect(text((await t.get(`/search?q=${encodeURIComponent('1%4')}`, 'coordinator')).body)).toContain('Нічого не знайдено');
    const page = await t.get(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`, 'coordinator');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)');
  });

  it('asks for a word of two letters or more beside the field, with a 400', async () => {
    const page = await t.get(`/search?q=${encodeURIComponent(' а ')}`, 'coordinator');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('id="q-error"');
    expect(text(page.body)).toContain('Уведіть хоча б одне слово з двох або більше літер');
    expect(page.body).toMatch(/<title>Помилка: /);
  });

  it('searches only the plans the reader oversees; an executor cannot search', async () => {
    const other = text((await t.get(`/search?q=${encodeURIComponent('зустрічі')}`, 'otherCoordinator')).body);
    expect(other).not.toContain('Знайдено 1 звіт');
    expect((await t.get(`/search?q=x`, 'executorA')).statusCode).toBe(403);
  });
});
