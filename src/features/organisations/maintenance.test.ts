import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { csrfFrom, makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { importDirectory, planReadingOf, readOrder } from '../imports/service.ts';
import { getMeasure, measureIdByCode } from '../plans/service.ts';
import { getUser } from '../users/service.ts';
import { mergeOrganisations } from './merge.ts';
import { addGroup, addOrganisation, findOrganisationByName, loadDirectory, updateGroup, updateOrganisation, type OrganisationInput } from './service.ts';

const ORDER = fs.readFileSync(path.resolve('fixtures/order-609-poltava-2023.txt'));
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const blank: OrganisationInput = { name: '', renamedOn: '', shortName: '', kind: 'community', parentId: 'poltava-ova', byConsent: true, katottg: '', edrpou: '', email: '', phone: '', contactPerson: '', contactPosition: '', note: '', aliases: '', confirmed: true };

async function post(url: string, payload: Record<string, unknown>, who = 'coordinator') {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...payload } });
}

describe(`maintaining the directory on ${DIALECT}`, () => {
  it('adds an organisation with an id from its name, refusing a second one of the same name however it is spelt', async () => {
    const db = t.database.db;
    const added = await addOrganisation(db, t.clock, SYSTEM_ACTOR, { ...blank, name: 'Громадська організація «Ла Страда-Україна»', kind: 'ngo', email: 'info@la-strada.org.ua', phone: '+380 44 205-36-95', aliases: 'Ла Страда\nЛа Страда' });
    expect(added).toEqual({ id: 'hromadska-orhanizatsiia-la-strada-ukraina' });
    const directory = await loadDirectory(db);
    expect(directory.organisation('hromadska-orhanizatsiia-la-strada-ukraina')).toMatchObject({ kind: 'ngo', byConsent: true, phone: '+380 44 205-36-95', aliases: ['Ла Страда'] });
    const again = await addOrganisation(db, t.clock, SYSTEM_ACTOR, { ...blank, name: '  громадська   організація «ла страда-україна» ', kind: 'ngo' });
    expect(again).toEqual({ errors: { name: 'taken' } });
    const bad = await addOrganisation(db, t.clock, SYSTEM_ACTOR, { ...blank, name: 'Нова громада', kind: 'planet', parentId: 'nowhere', katottg: 'UA123', edrpou: '1234567', email: 'not-an-email', phone: 'дзвоніть' });
    expect(bad).toEqual({ errors: { kind: 'invalid', parentId: 'unknown', katottg: 'invalid', edrpou: 'invalid', email: 'invalid', phone: 'invalid' } });
    const audit = await db.selectFrom('audit_events').select(['action', 'target_id']).where('action', '=', 'organisation.created').execute();
    expect(audit.map((a) => a.target_id)).toEqual(['hromadska-orhanizatsiia-la-strada-ukraina']);
  });

  it('renames an organisation: the old name stays a former name until the day before, and orders naming it still find it', async () => {
    const db = t.database.db;
    const directory = await loadDirectory(db);
    const centre = directory.organisation('poltava-social-services-centre')!;
    const input = { ...blank, ...{ name: 'Полтавський обласний центр соціальних служб і підтримки сімей', kind: centre.kind, parentId: centre.parentId ?? '', byConsent: centre.byConsent, aliases: centre.aliases.join('\n'), renamedOn: '01.03.2024' } };
    expect(await updateOrganisation(db, t.clock, SYSTEM_ACTOR, centre.id, input)).toBeNull();
    const renamed = (await loadDirectory(db)).organisation(centre.id)!;
    expect(renamed.name).toBe('Полтавський обласний центр соціальних служб і підтримки сімей');
    expect(renamed.formerNames).toEqual([{ name: 'Полтавський обласний центр соціальних служб', validTo: '2024-02-29' }]);
    expect(await findOrganisationByName(db, 'ПОЛТАВСЬКИЙ обласний центр соціальних служб')).toBe(centre.id);
    // The order of 2023 names it by the old name: the importer still maps it.
    const reading = planReadingOf(readOrder(ORDER, await importDirectory(db)));
    const m11 = reading.goals[0]!.tasks[0]!.measures[0]!;
    expect(m11.executors.find((e) => e.asWritten.includes('центр соціальних служб'))).toMatchObject({ organisationId: centre.id });
    // A parent below itself is refused.
    expect(await updateOrganisation(db, t.clock, SYSTEM_ACTOR, 'poltava-ova', { ...blank, name: 'Полтавська обласна військова адміністрація', kind: 'regional_administration', parentId: 'poltava-ova-social-protection' })).toEqual({ errors: { parentId: 'cycle' } });
    const events = await db.selectFrom('audit_events').select(['action', 'details']).where('action', '=', 'organisation.renamed').execute();
    expect(JSON.parse(events[0]!.details)).toMatchObject({ from: 'Полтавський обласний центр соціальних служб', on: '2024-03-01' });
    // A rename is recorded once it has happened, and after the one before.
    const again = { ...input, name: 'Полтавський обласний центр соціальних послуг' };
    expect(await updateOrganisation(db, t.clock, SYSTEM_ACTOR, centre.id, { ...again, renamedOn: '01.01.2030' })).toEqual({ errors: { renamedOn: 'future' } });
    expect(await updateOrganisation(db, t.clock, SYSTEM_ACTOR, centre.id, { ...again, aliases: '', renamedOn: '01.02.2024' })).toEqual({ errors: { renamedOn: 'beforePrevious' } });
  });

  it('merges one organisation into another: measures, groups and accounts go to the successor, and its names lead there', async () => {
    const db = t.database.db;
    const employment = 'poltava-employment-centre';
    const successor = 'poltava-social-services-centre';
    const user = await makeUser(db, t.clock, 'executor', employment, { email: 'employment@test.example' });
    const m14 = (await measureIdByCode(db, PLAN_609, '1.4'))!;
    expect((await getMeasure(db, PLAN_609, m14))!.measure.executors.map((e) => e.id)).toContain(employment);
    const bothNamed = (await db.selectFrom('measure_executors').select('measure_version_id').where('organisation_id', '=', employment).execute()).map((r) => r.measure_version_id);
    expect(await mergeOrganisations(db, t.clock, SYSTEM_ACTOR, employment, employment)).toBe('same');
    expect(await mergeOrganisations(db, t.clock, SYSTEM_ACTOR, employment, successor)).toBeNull();
    expect(await mergeOrganisations(db, t.clock, SYSTEM_ACTOR, employment, successor)).toBe('merged');
    const directory = await loadDirectory(db);
    expect(directory.organisation(employment)).toMatchObject({ mergedInto: successor });
    expect(directory.organisation(successor)!.formerNames.map((f) => f.name)).toContain('Полтавський обласний центр зайнятості');
    const executors = (await getMeasure(db, PLAN_609, m14))!.measure.executors;
    expect(executors.map((e) => e.id)).not.toContain(employment);
    expect(executors.filter((e) => e.id === successor)).toHaveLength(1);
    // Where both were named, the successor is named once.
    for (const versionId of bothNamed) {
      const rows = await db.selectFrom('measure_executors').select('organisation_id').where('measure_version_id', '=', versionId).where('organisation_id', '=', successor).execute();
      expect(rows).toHaveLength(1);
    }
    expect((await getUser(db, user.id))!.organisationId).toBe(successor);
    expect(await findOrganisationByName(db, 'Полтавський обласний центр зайнятості')).toBe(successor);
    const reading = planReadingOf(readOrder(ORDER, await importDirectory(db)));
    const m14read = reading.goals[0]!.tasks[0]!.measures.find((m) => m.code === '1.4')!;
    expect(m14read.executors.find((e) => e.asWritten.includes('центр зайнятості'))).toMatchObject({ organisationId: successor });
    // The merged organisation is out of the tree but its page says where it went.
    const page = await t.get(`/organisations/${employment}`);
    expect(page.body).toContain('Організацію об’єднано з іншою: її заходи, групи й облікові записи тепер належать правонаступнику — <a href="/organisations/poltava-social-services-centre">Полтавський обласний центр соціальних служб і підтримки сімей</a>');
    expect((await t.get('/organisations')).body).not.toContain(`href="/organisations/${employment}"`);
    const api = (await t.get('/api/v1/organisations')).json() as { organisations: { id: string; mergedInto: string | null; formerNames: { name: string }[] }[] };
    expect(api.organisations.find((o) => o.id === employment)!.mergedInto).toBe(successor);
    expect(api.organisations.find((o) => o.id === successor)!.formerNames.map((f) => f.name)).toContain('Полтавський обласний центр зайнятості');
  });

  it('maintains executor groups: members, the by-consent flag and the spellings the importer knows', async () => {
    const db = t.database.db;
    const created = await addGroup(db, t.clock, SYSTEM_ACTOR, 'poltava-ova', { name: 'Центри надання соціальних послуг', description: '', byConsent: false, memberIds: ['community-poltavska', 'community-poltavska'], aliases: 'ЦНСП\nцентри соціальних послуг' });
    expect(created).toEqual({ id: 'tsentry-nadannia-sotsialnykh-posluh' });
    const group = (await loadDirectory(db)).group('tsentry-nadannia-sotsialnykh-posluh')!;
    expect(group).toMatchObject({ memberIds: ['community-poltavska'], aliases: ['ЦНСП', 'центри соціальних послуг'], byConsent: false });
    expect(await addGroup(db, t.clock, SYSTEM_ACTOR, 'poltava-ova', { name: 'центри надання соціальних послуг', description: '', byConsent: false, memberIds: [], aliases: '' })).toEqual({ errors: { name: 'taken' } });
    expect(await updateGroup(db, t.clock, SYSTEM_ACTOR, group.id, { name: 'Центри надання соціальних послуг громад', description: 'Комунальні центри', byConsent: true, memberIds: ['community-poltavska', 'community-lubenska'], aliases: 'ЦНСП' })).toBeNull();
    const edited = (await loadDirectory(db)).group(group.id)!;
    expect(edited).toMatchObject({ name: 'Центри надання соціальних послуг громад', byConsent: true });
    expect(edited.memberIds).toHaveLength(2);
    // The old name stays a spelling the importer recognises.
    expect(edited.aliases).toEqual(expect.arrayContaining(['ЦНСП', 'Центри надання соціальних послуг']));
    expect(await updateGroup(db, t.clock, SYSTEM_ACTOR, group.id, { name: 'x', description: '', byConsent: false, memberIds: ['nobody'], aliases: '' })).toEqual({ errors: { memberIds: 'unknown' } });
  });

  it('refuses to empty a group that measures name, and keeps draft plans out of others\u2019 sight', async () => {
    const emptied = await post('/organisations/groups/district-military-administrations/edit', { name: 'Районні військові адміністрації', description: '' });
    expect(emptied.statusCode).toBe(400);
    expect(emptied.body).toContain('залиште в ній хоча б одного учасника');
    expect((await loadDirectory(t.database.db)).group('district-military-administrations')!.memberIds).toHaveLength(4);
    // A draft copy of plan 609 names the police too: only its coordinators see its measures listed.
    const copy = await post(`/plans/${PLAN_609}/copy`, { title: 'Програма до 2030 року', legalKind: 'розпорядження', legalIssuer: 'ОВА', legalNumber: '1', legalDate: '01.07.2024', start: '01.01.2026', end: '31.12.2030', periodKind: 'half_year', executorDueDay: '15', consolidationDueDay: '20' });
    expect(copy.statusCode).toBe(303);
    expect((await t.get('/organisations/poltava-police', 'coordinator')).body).toContain('Програма до 2030 року');
    for (const who of ['executorA', 'supervisor']) {
      const page = await t.get('/organisations/poltava-police', who);
      expect(page.body, who).not.toContain('Програма до 2030 року');
      expect((await t.get('/organisations/groups/district-military-administrations', who)).body, who).not.toContain('Програма до 2030 року');
    }
  });
});

describe(`the directory's forms on ${DIALECT}`, () => {
  it('answers bad input with messages beside the fields, keeping what was typed, and shows markup as text', async () => {
    const res = await post('/organisations', { name: '<script>alert(1)</script>', kind: 'community', parentId: 'poltava-ova', email: 'x@', edrpou: 'abc', byConsent: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Помилка: Нова організація — Звіт</title>');
    expect(res.body).toContain('Введіть адресу електронної пошти');
    expect(res.body).toContain('Код ЄДРПОУ складається з 8 цифр');
    expect(res.body).toContain('value="&lt;script>alert(1)&lt;/script>"');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    const huge = await post('/organisations', { name: 'Н'.repeat(1500), kind: 'community' });
    expect(huge.statusCode).toBe(400);
    expect(huge.body).toContain('Назва має бути не довшою за 500 символів');
  });

  it('adds, edits and merges through the pages, and each step lands where the coordinator expects', async () => {
    const added = await post('/organisations', { name: 'Благодійний фонд «Право на захист»', kind: 'ngo', parentId: 'poltava-ova', byConsent: 'yes', email: 'office@r2p.org.ua' });
    expect(added.statusCode).toBe(303);
    const href = String(added.headers.location);
    expect(href).toBe('/organisations/blahodiinyi-fond-pravo-na-zakhyst?saved=1');
    const page = await t.get(href, 'coordinator');
    expect(page.body).toContain('Зміни збережено.');
    expect(page.body).toContain('office@r2p.org.ua');
    const form = await t.get('/organisations/blahodiinyi-fond-pravo-na-zakhyst/edit', 'coordinator');
    expect(form.statusCode).toBe(200);
    expect(csrfFrom(form.body)).toBeTruthy();
    const edited = await post('/organisations/blahodiinyi-fond-pravo-na-zakhyst/edit', { name: 'Благодійний фонд «Право на захист»', kind: 'ngo', parentId: 'poltava-ova', phone: '+380 50 000 00 00', contactPerson: 'Іваненко Марія' });
    expect(edited.statusCode).toBe(303);
    expect((await t.get('/organisations/blahodiinyi-fond-pravo-na-zakhyst', 'coordinator')).body).toContain('Іваненко Марія');
    // An executor sees the organisation but no way to change it, and the edit page does not exist for them.
    expect((await t.get('/organisations/blahodiinyi-fond-pravo-na-zakhyst', 'executorA')).body).not.toContain('/edit"');
    expect((await post('/organisations/blahodiinyi-fond-pravo-na-zakhyst/edit', { name: 'Захоплено' }, 'executorA')).statusCode).toBe(403);
    const unconfirmed = await post('/organisations/blahodiinyi-fond-pravo-na-zakhyst/merge', { into: 'hromadska-orhanizatsiia-la-strada-ukraina' });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('Позначте, що ви справді об’єднуєте організації');
    const merged = await post('/organisations/blahodiinyi-fond-pravo-na-zakhyst/merge', { into: 'hromadska-orhanizatsiia-la-strada-ukraina', confirm: 'yes' });
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toBe('/organisations/hromadska-orhanizatsiia-la-strada-ukraina?merged=1');
    // Merged: no longer edited or merged again.
    expect((await t.get('/organisations/blahodiinyi-fond-pravo-na-zakhyst/edit', 'coordinator')).statusCode).toBe(404);
  });
});
