import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { cookiesOf, csrfFrom } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { startTestSmtp, type TestSmtp } from '../../../test/support/smtp.ts';
import { deliverDue, smtpTransport, type MailTransport } from '../mail/worker.ts';

const PAGE = `/plans/${PLAN_609}/invitations`;
const BASE = 'http://zvit.test';
// Executors of plan 609 without accounts in the test app.
const REShETYLIVSKA = 'community-reshetylivska';
let t: TestApp;
let smtp: TestSmtp;
let transport: MailTransport;

async function post(url: string, who = 'coordinator', payload: Record<string, string> = {}) {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...payload } });
}
const follow = async (location: string | undefined, who = 'coordinator') => t.app.inject({ method: 'GET', url: location!, cookies: (await t.as(who)).cookies });
const deliver = () => deliverDue(t.database.db, t.clock, transport, { from: 'Звіт <zvit@test.example>', baseUrl: BASE, workerId: 'w' });
const linkIn = (text: string) => /http:\/\/zvit\.test(\/invitation\/[A-Za-z0-9_-]+)/.exec(text)?.[1];

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-06-20T09:00:00.000Z' });
  smtp = await startTestSmtp();
  transport = smtpTransport(smtp.url);
});
afterAll(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

describe(`inviting a plan's executors, on ${DIALECT}`, () => {
  it('previews who gets what, invites in one action once, and the e-mailed link signs the contact in', async () => {
    const db = t.database.db;
    // Contacts typed into the directory: two organisations; one address that already belongs to a user.
    const [district, other, taken] = (await db.selectFrom('organisations').select('id').where('kind', '=', 'district_administration').orderBy('id').limit(3).execute()).map((r) => r.id);
    await db.updateTable('organisations').set({ email: 'Rda@Example.org', contact_person: 'Олена Петренко' }).where('id', '=', district!).execute();
    await db.updateTable('organisations').set({ email: 'hromada@example.org', contact_person: 'Іван Коваль' }).where('id', '=', REShETYLIVSKA).execute();
    await db.updateTable('organisations').set({ email: 'coordinator@test.example' }).where('id', '=', taken!).execute();

    const preview = await t.get(PAGE, 'coordinator');
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Надіслати 2 запрошення');
    expect(preview.body).toContain('Rda@Example.org');
    expect(preview.body).toContain('ця адреса вже належить користувачеві');
    expect(preview.body).toContain('додайте адресу в довіднику');
    // The police and the children's service already work in Zvit.
    expect(preview.body).toMatch(/Працюють у «Звіті»: 2\b/);
    // The sample shows the text, never a real link.
    expect(preview.body).toContain('Запрошення до «Звіту»: план');
    expect(preview.body).toContain('/invitation/…');
    expect(await db.selectFrom('outbox').select('id').execute()).toHaveLength(0);

    // The community reporting by consent chose letters: left out until asked again.
    const declined = await post(`${PAGE}/${REShETYLIVSKA}/decline`);
    expect(declined.statusCode).toBe(303);
    expect((await follow(declined.headers.location)).body).toContain('Надіслати 1 запрошення');

    const sent = await post(PAGE);
    expect(sent.statusCode).toBe(303);
    expect((await follow(sent.headers.location)).body).toContain('Створено 1 запрошення');
    // Twice: nothing new.
    const again = await post(PAGE);
    expect((await follow(again.headers.location)).body).toContain('Нових запрошень не створено');
    const rows = await db.selectFrom('outbox').select(['kind', 'to_address', 'organisation_id']).execute();
    expect(rows).toEqual([{ kind: 'invitation', to_address: 'rda@example.org', organisation_id: district }]);
    expect(other).toBeDefined();

    // The e-mail: Ukrainian, the plan, the 14 days, the link.
    expect((await deliver()).sent).toBe(1);
    const mail = smtp.received.at(-1)!;
    expect(mail.subject).toContain('Запрошення до «Звіту»');
    expect(mail.text).toContain('04.07.2024');
    const link = linkIn(mail.text ?? '');
    expect(link).toBeDefined();
    // Once sent, the outbox no longer keeps the link's secret.
    const stored = await db.selectFrom('outbox').select('params').where('kind', '=', 'invitation').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.params).token).toBe('…');
    expect(stored.params).not.toContain(link!.split('/').at(-1)!);
    // The administrator's outbox shows the message with its link masked.
    const outbox = await t.get('/outbox', 'admin');
    const id = (await db.selectFrom('outbox').select('id').executeTakeFirstOrThrow()).id;
    const message = await t.get(`/outbox/${id}`, 'admin');
    expect(outbox.statusCode).toBe(200);
    expect(message.body).toContain('/invitation/…');
    expect(message.body).not.toContain(link!);

    // The directory shows it invited, to those who maintain it.
    expect((await t.get(`/organisations/${district}`, 'coordinator')).body).toMatch(/Обліковий запис[\s\S]*?запрошено/);
    expect((await t.get('/organisations', 'coordinator')).body).toContain('запрошено');
    expect((await t.get(`/organisations/${district}`, 'executorA')).body).not.toContain('запрошено');
    // The grid shows the organisation invited.
    const grid = await t.get(`/plans/${PLAN_609}/periods/2024-H1/reports`, 'coordinator');
    expect(grid.body).toContain(`href="${PAGE}"`);
    expect(grid.body).toMatch(new RegExp(`id="org-${district}"[\\s\\S]*?запрошено`));

    // The contact follows the link, sets a password and signs in.
    const form = await t.app.inject({ method: 'GET', url: link! });
    expect(form.statusCode).toBe(200);
    // Whom they will report for is said where they set the password.
    expect(form.body).toMatch(/Вас запрошено як Олена Петренко \(rda@example\.org\) від імені «[^»]+районна військова адміністрація»/);
    const set = await t.app.inject({ method: 'POST', url: link!, cookies: cookiesOf(form), payload: { _csrf: csrfFrom(form.body), password: 'довгий пароль для громади 2024', repeat: 'довгий пароль для громади 2024' } });
    expect(set.statusCode).toBe(303);
    const user = await db.selectFrom('users').select(['id', 'password_hash', 'display_name', 'organisation_id']).where('email', '=', 'rda@example.org').executeTakeFirstOrThrow();
    expect(user.password_hash).not.toBeNull();
    expect(user.display_name).toBe('Олена Петренко');
    expect(user.organisation_id).toBe(district);
    const after = await t.get(PAGE, 'coordinator');
    expect(after.body).toMatch(/Працюють у «Звіті»: 3\b/);
    // Each invitation is in the audit log.
    expect(await db.selectFrom('audit_events').select('action').where('action', 'in', ['user.invited', 'organisation.declined_zvit', 'user.invitation_accepted']).execute()).toHaveLength(3);
  });

  it('sends again with a new link (the old one dies), revokes, and invites again when asked', async () => {
    const db = t.database.db;
    await db.deleteFrom('outbox').execute();
    smtp.received.length = 0;
    // The community that chose letters: the coordinator asks anyway.
    const invited = await post(`${PAGE}/${REShETYLIVSKA}/invite`);
    expect(invited.statusCode).toBe(303);
    expect((await db.selectFrom('organisations').select('declined_zvit_at').where('id', '=', REShETYLIVSKA).executeTakeFirstOrThrow()).declined_zvit_at).toBeNull();
    await deliver();
    const first = linkIn(smtp.received.at(-1)!.text ?? '')!;
    // By consent: the message says they may decline.
    expect(smtp.received.at(-1)!.text).toContain('за згодою');

    // At once again: taken for a double click, nothing sent.
    expect((await post(`${PAGE}/${REShETYLIVSKA}/resend`)).statusCode).toBe(303);
    expect(await db.selectFrom('outbox').select('id').where('kind', '=', 'invitation').execute()).toHaveLength(1);
    t.clock.advance(2 * 60_000);
    const resent = await post(`${PAGE}/${REShETYLIVSKA}/resend`);
    expect(resent.statusCode).toBe(303);
    expect(await db.selectFrom('outbox').select('id').where('kind', '=', 'invitation').execute()).toHaveLength(2);
    expect((await follow(resent.headers.location)).body).toContain('Нове посилання надіслано');
    await deliver();
    const second = linkIn(smtp.received.at(-1)!.text ?? '')!;
    expect(second).not.toBe(first);
    expect((await t.app.inject({ method: 'GET', url: first })).statusCode).toBe(410);
    expect((await t.app.inject({ method: 'GET', url: second })).statusCode).toBe(200);

    // Marking an invited body "by letter" is refused: its invitation is revoked first.
    const declinedWhileInvited = await post(`${PAGE}/${REShETYLIVSKA}/decline`);
    expect(declinedWhileInvited.statusCode).toBe(409);
    expect((await db.selectFrom('organisations').select('declined_zvit_at').where('id', '=', REShETYLIVSKA).executeTakeFirstOrThrow()).declined_zvit_at).toBeNull();
    const revoked = await post(`${PAGE}/${REShETYLIVSKA}/revoke`);
    expect(revoked.statusCode).toBe(303);
    expect((await t.app.inject({ method: 'GET', url: second })).statusCode).toBe(410);
    expect((await t.get(PAGE, 'coordinator')).body).toContain('Запрошення відкликано: 1');
    // Revoking twice: the state has moved on, said beside the list, nothing broken.
    const twice = await post(`${PAGE}/${REShETYLIVSKA}/revoke`);
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Стан організації вже змінився');
    // Bulk leaves a revoked invitation alone; the coordinator can invite the same person again.
    await post(PAGE);
    expect(await db.selectFrom('outbox').select('id').where('organisation_id', '=', REShETYLIVSKA).execute()).toHaveLength(2);
    expect((await post(`${PAGE}/${REShETYLIVSKA}/invite`)).statusCode).toBe(303);
    expect(await db.selectFrom('users').select('id').where('email', '=', 'hromada@example.org').execute()).toHaveLength(1);
    expect((await db.selectFrom('users').select('disabled_at').where('email', '=', 'hromada@example.org').executeTakeFirstOrThrow()).disabled_at).toBeNull();
  });

  it('is the coordinating department’s only, needs its token, and names only the plan’s executors', async () => {
    for (const who of ['executorA', 'supervisor']) expect((await t.get(PAGE, who)).statusCode, who).toBe(403);
    // An administrator elsewhere manages users, but does not coordinate this plan.
    expect((await t.get(PAGE, 'admin')).statusCode).toBe(404);
    expect((await t.get(`/plans/no-such-plan/invitations`, 'coordinator')).statusCode).toBe(404);
    const s = await t.as('coordinator');
    expect((await t.app.inject({ method: 'POST', url: PAGE, cookies: s.cookies, payload: {} })).statusCode).toBe(403);
    // An organisation that does not execute the plan, or a made-up id.
    expect((await post(`${PAGE}/poltava-ova/resend`)).statusCode).toBe(404);
    expect((await post(`${PAGE}/<script>/resend`)).statusCode).toBe(404);
    // Declining is for bodies reporting by consent only.
    expect((await post(`${PAGE}/poltava-police/decline`)).statusCode).toBe(409);
  });

  it('invites once when two servers send at the same moment', async () => {
    const db = t.database.db;
    const ids = (await db.selectFrom('organisations').select('id').where('kind', '=', 'community').where('id', '!=', REShETYLIVSKA).orderBy('id').limit(6).execute()).map((r) => r.id);
    for (const [i, id] of ids.entries()) await db.updateTable('organisations').set({ email: `race${i}@example.org` }).where('id', '=', id).execute();
    const twin = await t.twin();
    const s = await t.as('coordinator');
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'POST', url: PAGE, cookies: s.cookies, payload: { _csrf: s.csrf } }),
      twin.inject({ method: 'POST', url: PAGE, cookies: s.cookies, payload: { _csrf: s.csrf } }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    const users = await db.selectFrom('users').select('email').where('email', 'like', 'race%').execute();
    expect(users).toHaveLength(ids.length);
    expect(await db.selectFrom('outbox').select('id').where('to_address', 'like', 'race%').execute()).toHaveLength(ids.length);
  });
});
