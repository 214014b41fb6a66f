import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../support/app.ts';
import { DIALECT } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';
import { SYSTEM_ACTOR } from '../../src/features/audit/service.ts';
import { loadDirectory } from '../../src/features/organisations/service.ts';
import { loadReport, saveEntry, submitReport } from '../../src/features/reports/service.ts';

/** Small texts people read wrong: what a date field says, whom a link is for, lists that run together. */

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const NO_SUCH_DATE = 'Такої дати не існує';
const FORMAT = 'у форматі дд.мм.рррр';

let t: TestApp;

async function post(who: string, url: string, payload: Record<string, string>): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...payload } });
}

/** The text as the browser reads it aloud or copies it: tags gone, nothing added between them. */
const readText = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
/** The message beside a field (its error paragraph). */
const errorsOf = (html: string) => [...html.matchAll(/<p class="field__error"[^>]*>([\s\S]*?)<\/p>/g)].map((m) => readText(m[1]!).trim());

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-10T09:00:00.000Z' });
});
afterAll(async () => {
  await t.close();
});

describe(`a date in the right format that does not exist, on ${DIALECT}`, () => {
  it('is called a date that does not exist, in every date field; a date not written as one is told the format', async () => {
    // The plan as of a date.
    const view = await t.get(`/plans/${PLAN_609}?on=32.12.2024`);
    expect(view.statusCode).toBe(400);
    expect(errorsOf(view.body).join(' ')).toContain(NO_SUCH_DATE);
    expect(errorsOf(view.body).join(' ')).not.toContain(FORMAT);
    expect(errorsOf((await t.get(`/plans/${PLAN_609}?on=вчора`)).body).join(' ')).toContain(FORMAT);

    // An amending order.
    const amendment = await post('coordinator', `/plans/${PLAN_609}/amendments`, { legalKind: 'розпорядження', legalNumber: '7', legalDate: '32.12.2023', effectiveFrom: '29.02.2025' });
    expect(amendment.statusCode).toBe(400);
    const amendmentErrors = errorsOf(amendment.body);
    expect(amendmentErrors.filter((e) => e.includes(NO_SUCH_DATE))).toHaveLength(2);
    expect(amendmentErrors.join(' ')).not.toContain(FORMAT);

    // A copy of the plan (its order's date, start and end).
    const copy = await post('coordinator', `/plans/${PLAN_609}/copy`, { title: 'Копія', legalKind: 'розпорядження', legalIssuer: 'ОВА', legalNumber: '1', legalDate: '31.04.2024', start: '2026-02-30', end: '32.12.2030', periodKind: 'half_year', executorDueDay: '15', consolidationDueDay: '20' });
    expect(copy.statusCode).toBe(400);
    expect(errorsOf(copy.body).filter((e) => e.includes(NO_SUCH_DATE))).toHaveLength(3);

    // The date an organisation was renamed on.
    const centre = (await loadDirectory(t.database.db)).organisation('poltava-ova-children')!;
    const renamed = await post('coordinator', `/organisations/${centre.id}/edit`, { name: `${centre.name} (нова назва)`, renamedOn: '32.01.2024', kind: centre.kind, parentId: centre.parentId ?? '' });
    expect(renamed.statusCode).toBe(400);
    expect(errorsOf(renamed.body).join(' ')).toContain(NO_SUCH_DATE);

    // The letter a report came by; typed by hand as дд.мм.рррр it is taken.
    const directory = await loadDirectory(t.database.db);
    const [first, second] = directory.group('local-self-government')!.memberIds as [string, string];
    const letter = await post('coordinator', `/reports/${PLAN_609}/2024-H1/${first}/on-behalf`, { letterNumber: '1', letterDate: '32.06.2024' });
    expect(letter.statusCode).toBe(400);
    expect(errorsOf(letter.body).join(' ')).toContain(NO_SUCH_DATE);
    const typedByHand = await post('coordinator', `/reports/${PLAN_609}/2024-H1/${second}/on-behalf`, { letterNumber: '1', letterDate: '08.07.2024' });
    expect(typedByHand.statusCode).toBe(303);
    expect((await t.database.db.selectFrom('reports').select('letter_date').where('organisation_id', '=', second).executeTakeFirstOrThrow()).letter_date).toBe('2024-07-08');
  });
});

describe(`small texts, on ${DIALECT}`, () => {
  it('says whom an invitation link is for without declining their name', async () => {
    const res = await post('admin', '/users', { email: 'olena@test.example', displayName: 'Олена Кравець', organisationId: 'poltava-police', role: 'executor' });
    expect(res.statusCode).toBe(201);
    const body = readText(res.body);
    expect(body).not.toContain('посилання Олена Кравець');
    expect(body).toContain('Кому: Олена Кравець (olena@test.example).');
  });

  it('keeps a file\u2019s size apart from the button that removes it', async () => {
    const s = await t.as('executorA');
    const url = `/reports/${PLAN_609}/2024-H1/poltava-police`;
    const view = (await loadReport(t.database.db, await loadDirectory(t.database.db), t.clock, PLAN_609, '2024-H1', 'poltava-police'))!;
    const measureId = String(view.measures[0]!.id);
    const up = await t.app.inject({ method: 'POST', url: `${url}/attachments`, cookies: s.cookies, ...multipart({ _csrf: s.csrf, measureId }, { name: 'file', filename: 'звіт.pdf', data: PDF }) });
    expect(up.statusCode).toBe(303);
    const page = readText((await t.get(url, 'executorA')).body);
    expect(page).toContain('(1 КБ)');
    expect(page).not.toMatch(/\(1 КБ\)Вилучити/);
    expect(page).toMatch(/\(1 КБ\) Вилучити/);
  });

  it('names a submitted report\u2019s state once, then when', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    let view = (await loadReport(db, directory, t.clock, PLAN_609, '2024-H1', 'poltava-ova-children'))!;
    for (const m of view.measures) {
      expect((await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state: 'done', narrative: 'Зроблено.' }, { onBehalf: false })).kind).toBe('saved');
      view = (await loadReport(db, directory, t.clock, PLAN_609, '2024-H1', 'poltava-ova-children'))!;
    }
    expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
    for (const who of ['executorB', 'coordinator']) {
      const page = readText((await t.get(`/reports/${PLAN_609}/2024-H1/poltava-ova-children`, who)).body);
      expect(page, who).toContain('подано');
      expect(page, who).not.toMatch(/подано\s*подано/);
    }
    expect(readText((await t.get('/reports', 'executorB')).body)).not.toMatch(/подано\s*подано/);
  });
});
