import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { listOfficials } from './officials.ts';

/** The officials of an organisation in the directory: kept by whoever maintains it, checked beside each field, audited. */

const OWN = 'poltava-ova-social-protection';
const URL = `/organisations/${OWN}/officials`;
let t: TestApp;

async function post(who: string, url: string, fields: Record<string, string> = {}, csrf = true): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { ...(csrf ? { _csrf: s.csrf } : {}), ...fields } });
}

beforeAll(async () => {
  t = await buildTestApp();
}, 60_000);
afterAll(async () => {
  await t.close();
});

describe(`the officials in the directory, on ${DIALECT}`, () => {
  it('a coordinator adds, edits, reorders and archives their own organisation’s officials; bad input is told beside the field', async () => {
    const empty = await t.get(URL, 'coordinator');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Посадових осіб ще не додано.');
    // The organisation's page links here.
    expect((await t.get(`/organisations/${OWN}`, 'coordinator')).body).toContain(`href="${URL}"`);

    const bad = await post('coordinator', URL, { position: '', givenName: 'Ігор2', surname: '<b>Коваль</b>', phone: 'дзвоніть' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<title>Помилка: ');
    for (const m of ['Уведіть посаду', 'Ім’я може містити лише літери, апостроф і дефіс', 'Прізвище може містити лише літери, апостроф і дефіс', 'Уведіть номер телефону цифрами']) expect(bad.body).toContain(m);
    // What was typed stays, escaped.
    expect(bad.body).toContain('value="&lt;b>Коваль&lt;/b>"');
    const long = await post('coordinator', URL, { position: 'Д'.repeat(301), givenName: 'І'.repeat(101), surname: 'Коваль', phone: '' });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Посада має бути не довшою за 300 символів');
    expect(long.body).toContain('Ім’я має бути не довшим за 100 символів');
    expect(await listOfficials(t.database.db, OWN)).toHaveLength(0);

    const director = await post('coordinator', URL, { position: 'Директор Департаменту соціального захисту населення Полтавської обласної військової адміністрації', givenName: 'Ольга-Марія', surname: "Шевченко-Мар'яненко", phone: '(0532) 56-00-01' });
    expect(director.statusCode).toBe(303);
    expect((await post('coordinator', URL, { position: 'Заступник директора Департаменту', givenName: 'Ігор', surname: 'Коваль', phone: '' })).statusCode).toBe(303);
    const list = await listOfficials(t.database.db, OWN);
    expect(list.map((o) => o.name)).toEqual(['Ольга-Марія ШЕВЧЕНКО-МАР’ЯНЕНКО', 'Ігор КОВАЛЬ']);
    const page = (await t.get(URL, 'coordinator')).body;
    expect(page).toContain('Ольга-Марія ШЕВЧЕНКО-МАР’ЯНЕНКО');
    expect(page).toContain('(0532) 56-00-01');

    // Reorder: the deputy up.
    const [first, second] = list;
    expect((await post('coordinator', `${URL}/${second!.id}/move`, { direction: 'up' })).statusCode).toBe(303);
    expect((await listOfficials(t.database.db, OWN)).map((o) => o.id)).toEqual([second!.id, first!.id]);
    expect((await post('coordinator', `${URL}/${second!.id}/move`, { direction: 'down' })).statusCode).toBe(303);
    expect((await listOfficials(t.database.db, OWN)).map((o) => o.id)).toEqual([first!.id, second!.id]);

    // Edit, with the same checks.
    expect((await post('coordinator', `${URL}/${second!.id}/edit`, { position: 'Заступник директора Департаменту', givenName: 'Ігор', surname: '', phone: '' })).statusCode).toBe(400);
    expect((await post('coordinator', `${URL}/${second!.id}/edit`, { position: 'Перший заступник директора Департаменту', givenName: 'Ігор', surname: 'Коваль', phone: '+380 532 56 00 02' })).statusCode).toBe(303);
    expect((await listOfficials(t.database.db, OWN))[1]).toMatchObject({ position: 'Перший заступник директора Департаменту', phone: '+380 532 56 00 02' });

    // Archive: kept, last, marked; restore.
    expect((await post('coordinator', `${URL}/${first!.id}/archive`, { archived: 'yes' })).statusCode).toBe(303);
    expect((await listOfficials(t.database.db, OWN, { activeOnly: true })).map((o) => o.id)).toEqual([second!.id]);
    expect((await t.get(URL, 'coordinator')).body).toContain('в архіві');
    expect((await post('coordinator', `${URL}/${first!.id}/archive`, { archived: 'no' })).statusCode).toBe(303);
    expect((await listOfficials(t.database.db, OWN, { activeOnly: true })).map((o) => o.id).sort()).toEqual([first!.id, second!.id].sort());

    const actions = (await t.database.db.selectFrom('audit_events').select('action').where('action', 'like', 'organisation.official_%').orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['organisation.official_added', 'organisation.official_added', 'organisation.official_moved', 'organisation.official_moved', 'organisation.official_edited', 'organisation.official_archived', 'organisation.official_restored']);
    // The audit log reads it as a sentence.
    expect((await t.get('/audit?action=organisation.official_added', 'coordinator')).body).toContain('Додано посадову особу');
  });

  it('refuses executors (403), a form without its CSRF token, and an official through another organisation', async () => {
    const [official] = await listOfficials(t.database.db, OWN);
    // Reading is the directory's: anyone signed in; no edit controls for them.
    const read = await t.get(URL, 'executorA');
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain(`${URL}/${official!.id}/edit`);
    expect((await post('executorA', URL, { position: 'Директор', givenName: 'Хтось', surname: 'Інший' })).statusCode).toBe(403);
    expect((await post('executorA', `${URL}/${official!.id}/archive`, { archived: 'yes' })).statusCode).toBe(403);
    expect((await post('executorB', `/organisations/poltava-police/officials`, { position: 'Начальник', givenName: 'Хтось', surname: 'Інший' })).statusCode).toBe(403);
    expect((await post('supervisor', URL, { position: 'Директор', givenName: 'Хтось', surname: 'Інший' })).statusCode).toBe(403);
    // The same official through another organisation's address: not found.
    expect((await t.get(`/organisations/poltava-police/officials/${official!.id}/edit`, 'coordinator')).statusCode).toBe(404);
    // No CSRF token: refused, nothing written.
    const before = (await listOfficials(t.database.db, OWN)).length;
    const forged = await post('coordinator', URL, { position: 'Директор', givenName: 'Підроблений', surname: 'Запит' }, false);
    expect(forged.statusCode).toBe(403);
    expect(await listOfficials(t.database.db, OWN)).toHaveLength(before);
  });
});
