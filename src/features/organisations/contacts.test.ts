import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { createOrganisation, loadDirectory } from './service.ts';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  await db.updateTable('organisations').set({ edrpou: '12345678' }).where('id', '=', 'poltava-ova-children').execute();
  await db.updateTable('organisations').set({ katottg: 'UA53080370000000000' }).where('id', '=', 'community-reshetylivska').execute();
  // Another region's administration: not the coordinator's to maintain.
  await writeTransaction(db, (tx) => createOrganisation(tx, t.clock, { id: 'kyiv-ova', name: 'Київська обласна військова адміністрація', kind: 'regional_administration', edrpou: '87654321' }));
  t.users.coordinator2 = await makeUser(db, t.clock, 'coordinator', 'poltava-ova-social-protection', { email: 'coordinator2@test.example' });
  void SYSTEM_ACTOR;
});
afterAll(async () => {
  await t.close();
});

async function upload(data: Buffer, filename: string, who = 'coordinator', withCsrf = true) {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url: '/organisations/contacts/import', cookies: s.cookies, ...multipart(withCsrf ? { _csrf: s.csrf } : {}, { name: 'file', filename, data }) });
}

async function confirm(location: string, who = 'coordinator') {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url: location, cookies: s.cookies, payload: { _csrf: s.csrf } });
}

async function contactsOf(id: string) {
  return t.database.db.selectFrom('organisations').select(['contact_person', 'contact_position', 'email', 'phone']).where('id', '=', id).executeTakeFirstOrThrow();
}

const importEvents = async () => t.database.db.selectFrom('audit_events').select(['action', 'details']).where('action', '=', 'organisation.contacts_imported').execute();

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Контакти');
  ws.addRow(['Контакти виконавців плану заходів']);
  ws.addRow(['Найменування', 'ЄДРПОУ', 'ПІБ', 'Посада', 'Ел. пошта', 'Телефон']);
  ws.addRow(['ГУНП в Полтавській області', '', 'Коваленко Ігор Степанович', 'заступник начальника', 'gunp@example.org', 532560000]);
  ws.addRow(['', '12345678', 'Мельник Оксана Петрівна', 'начальниця відділу', 'Children@Example.org', '(0532) 56-11-22']);
  ws.addRow(['Департамент освіти і науки', '', 'Бондар Олег', 'головний спеціаліст', 'not-an-email', '']);
  ws.addRow(['Неіснуюча організація', '', 'Хтось', '', 'x@example.org', '']);
  ws.addRow(['Департамент культури і туризму', '', 'Шевчук Анна', { formula: 'CONCATENATE("на","чальник")', result: 'начальник' }, '', '']);
  ws.addRow(['', '87654321', 'Чужа Особа', '', 'kyiv@example.org', '']);
  ws.addRow(["Департамент охорони здоров'я", '', 'Перша Особа', '', '', '']);
  ws.addRow(["департамент  ОХОРОНИ здоров’я", '', 'Друга Особа', '', '', '']);
  ws.addRow(['<script>alert(1)</script>', '', '<b>жирний</b>', '', '', '']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe(`importing contacts on ${DIALECT}`, () => {
  it('reads an XLSX, previews every row without writing, then writes the valid rows in one transaction', async () => {
    const before = await contactsOf('poltava-police');
    const res = await upload(await workbook(), 'контакти.xlsx');
    expect(res.statusCode).toBe(303);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/organisations\/contacts\/import\/[0-9a-f]{32}$/);
    const page = await t.get(location, 'coordinator');
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html).toContain('Перевірте контакти з файлу «контакти.xlsx»');
    expect(html).toContain('зміняться 2 організації');
    // Matched by name (an alias), by ЄДРПОУ; phones as Excel stores them get their leading zero back.
    expect(html).toContain('Головне управління Національної поліції в Полтавській області');
    expect(html).toContain('<ins>+380 53 256 00 00</ins>');
    expect(html).toContain('Служба у справах дітей Полтавської обласної військової адміністрації');
    expect(html).toContain('<ins>Children@example.org</ins>');
    // Errors per row.
    expect(html).toContain('Електронна пошта: значення не розпізнано');
    expect(html).toContain('не знайдено');
    expect(html).toContain('у клітинці формула');
    expect(html).toContain('організація поза частиною довідника, яку ви ведете');
    expect(html).toContain('Київська обласна військова адміністрація</a>');
    expect(html).toContain('для цієї організації у файлі кілька рядків');
    // Markup in cells is text.
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    // The preview wrote nothing.
    expect(await contactsOf('poltava-police')).toEqual(before);
    expect(await importEvents()).toHaveLength(0);

    const done = await confirm(location);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/organisations/contacts/import?applied=2&skipped=7');
    expect(await contactsOf('poltava-police')).toEqual({ contact_person: 'Коваленко Ігор Степанович', contact_position: 'заступник начальника', email: 'gunp@example.org', phone: '+380 53 256 00 00' });
    expect(await contactsOf('poltava-ova-children')).toEqual({ contact_person: 'Мельник Оксана Петрівна', contact_position: 'начальниця відділу', email: 'Children@example.org', phone: '(0532) 56-11-22' });
    expect((await contactsOf('poltava-ova-education')).email).toBeNull();
    expect((await contactsOf('kyiv-ova')).email).toBeNull();
    expect((await contactsOf('poltava-ova-health')).contact_person).toBeNull();
    const events = await importEvents();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ file: 'контакти.xlsx', applied: 2, refused: 7, organisations: { 'poltava-police': ['contactPerson', 'contactPosition', 'email', 'phone'] } });
    const notice = await t.get(done.headers.location as string, 'coordinator');
    expect(notice.body).toContain('Контакти записано: 2 організації');
    // Applied once: a second confirmation finds nothing.
    const again = await confirm(location);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('уже застосовано');
    expect(await importEvents()).toHaveLength(1);
  });

  it('reads a CSV with a BOM and semicolons, and one in Windows-1251, matching by КАТОТТГ and name', async () => {
    const csv = '\uFEFFОрганізація;Код КАТОТТГ;Контактна особа;Посада;E-mail;Телефон\r\n;UA53080370000000000;"Гончар; Марія";секретар ради;rada@example.org;+380 53 632 1234\r\nДепартамент культури і туризму;;"Лисенко ""Тарас""";;;0532 56 33 44\r\n';
    const res = await upload(Buffer.from(csv, 'utf8'), 'contacts.csv');
    expect(res.statusCode).toBe(303);
    expect((await confirm(res.headers.location as string)).statusCode).toBe(303);
    expect(await contactsOf('community-reshetylivska')).toMatchObject({ contact_person: 'Гончар; Марія', contact_position: 'секретар ради', email: 'rada@example.org', phone: '+380 53 632 1234' });
    expect(await contactsOf('poltava-ova-culture')).toMatchObject({ contact_person: 'Лисенко "Тарас"', phone: '0532 56 33 44' });

    const cp1251 = encode1251('Назва,Телефон,Ел. пошта\nДепартамент охорони здоров\'я,0532560101,zdorovia@example.org\n');
    const res1251 = await upload(cp1251, 'export.csv');
    expect(res1251.statusCode).toBe(303);
    const preview = await t.get(res1251.headers.location as string, 'coordinator');
    expect(preview.body).toContain('<ins>+380 53 256 01 01</ins>');
    expect(preview.body).toContain("Департамент охорони здоров’я Полтавської");
  });

  it('refuses files it cannot read with a Ukrainian message beside the field, and never a 500', async () => {
    const cases: [Buffer, number, string][] = [
      [Buffer.alloc(0), 400, 'Файл порожній'],
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 400, 'Це не таблиця'],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 400, 'старого формату Excel'],
      [Buffer.from('Лист без таблиці.\nДругий рядок.\n'), 400, 'потрібні стовпці «Організація», «ЄДРПОУ» або «Код КАТОТТГ»'],
      [Buffer.from('Організація;Телефон\n'), 400, 'Під заголовками немає жодного рядка'],
      [Buffer.from('PK\u0003\u0004 not really a zip'), 400, 'Це не таблиця'],
      [Buffer.alloc(2 * 1024 * 1024 + 1, 0x41), 413, 'Файл завеликий: не більше 2 МБ'],
    ];
    for (const [data, status, message] of cases) {
      const res = await upload(data, 'file.csv');
      expect(res.statusCode, message).toBe(status);
      expect(res.body).toContain(message);
      expect(res.body).toContain('id="file-error"');
    }
    const s = await t.as('coordinator');
    const none = await t.app.inject({ method: 'POST', url: '/organisations/contacts/import', cookies: s.cookies, ...multipart({ _csrf: s.csrf }) });
    expect(none.statusCode).toBe(400);
    const extra = await t.app.inject({ method: 'POST', url: '/organisations/contacts/import', cookies: s.cookies, ...multipart({ _csrf: s.csrf, organisationId: 'kyiv-ova' }, { name: 'file', filename: 'a.csv', data: Buffer.from('Організація;Телефон\nГУНП;0532560000\n') }) });
    expect(extra.statusCode).toBe(400);
  });

  it('is the directory maintainers’ only: executors get 403, a missing CSRF token 403, another user’s file 404', async () => {
    expect((await t.get('/organisations/contacts/import', 'executorA')).statusCode).toBe(403);
    const csv = Buffer.from('Організація;Телефон\nГУНП;0532560000\n');
    expect((await upload(csv, 'a.csv', 'executorA')).statusCode).toBe(403);
    expect((await upload(csv, 'a.csv', 'coordinator', false)).statusCode).toBe(403);
    const res = await upload(csv, 'a.csv');
    expect(res.statusCode).toBe(303);
    const location = res.headers.location as string;
    expect((await t.get(location, 'coordinator2')).statusCode).toBe(404);
    expect((await confirm(location, 'coordinator2')).statusCode).toBe(409);
    const s = await t.as('coordinator');
    expect((await t.app.inject({ method: 'POST', url: location, cookies: s.cookies, payload: {} })).statusCode).toBe(403);
    expect((await confirm(location, 'executorA')).statusCode).toBe(403);
    // The directory page links to the import for a maintainer only.
    expect((await t.get('/organisations', 'coordinator')).body).toContain('href="/organisations/contacts/import"');
    expect((await t.get('/organisations', 'executorA')).body).not.toContain('/organisations/contacts/import');
  });
});

describe(`the organisation form's contacts on ${DIALECT}`, () => {
  it('checks each contact field beside it, keeps what was typed, and stores markup as text', async () => {
    const s = await t.as('coordinator');
    const directory = await loadDirectory(t.database.db);
    const o = directory.organisation('poltava-social-services-centre')!;
    const base = { _csrf: s.csrf, name: o.name, kind: o.kind, parentId: o.parentId ?? '', byConsent: o.byConsent ? 'yes' : '' };
    const bad = await t.app.inject({ method: 'POST', url: `/organisations/${o.id}/edit`, cookies: s.cookies, payload: { ...base, contactPerson: '=cmd|calc', contactPosition: 'П'.repeat(201), email: 'viddil@', phone: '12-34' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Ім’я не може починатися з =, +, - або @');
    expect(bad.body).toContain('Посада має бути не довшою за 200 символів');
    expect(bad.body).toContain('Введіть адресу електронної пошти');
    expect(bad.body).toContain('Введіть український номер телефону');
    expect(bad.body).toContain('value="viddil@"');
    expect(bad.body).toContain('href="#contactPosition"');
    const good = await t.app.inject({ method: 'POST', url: `/organisations/${o.id}/edit`, cookies: s.cookies, payload: { ...base, contactPerson: '<i>Руденко</i> Віра', contactPosition: 'директорка', email: 'centr@example.org', phone: '0532560202' } });
    expect(good.statusCode).toBe(303);
    expect(await contactsOf(o.id)).toEqual({ contact_person: '<i>Руденко</i> Віра', contact_position: 'директорка', email: 'centr@example.org', phone: '+380 53 256 02 02' });
    const page = await t.get(`/organisations/${o.id}`, 'executorA');
    expect(page.body).toContain('&lt;i>Руденко&lt;/i> Віра');
    expect(page.body).toContain('директорка');
    expect(page.body).toContain('href="tel:+380532560202"');
    const event = await t.database.db.selectFrom('audit_events').select('details').where('action', '=', 'organisation.edited').where('target_id', '=', o.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(event.details).contactChanged).toEqual(['contactPerson', 'contactPosition', 'email', 'phone']);
  });
});

/** Windows-1251 for the letters these tests use. */
function encode1251(text: string): Buffer {
  const special: Record<string, number> = { і: 0xb3, І: 0xb2, ї: 0xbf, Ї: 0xaf, є: 0xba, Є: 0xaa, ґ: 0xb4, Ґ: 0xa5 };
  return Buffer.from(
    [...text].map((c) => {
      const code = c.codePointAt(0)!;
      if (code < 0x80) return code;
      if (special[c]) return special[c]!;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      throw new Error(`no cp1251 for ${c}`);
    }),
  );
}
