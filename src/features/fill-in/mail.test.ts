import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { startTestSmtp, type TestSmtp } from '../../../test/support/smtp.ts';
import { zipPart } from '../../../test/support/office.ts';
import { loadDirectory } from '../organisations/service.ts';
import { loadReport, type ReportView } from '../reports/service.ts';
import { deliverDue, smtpTransport } from '../mail/worker.ts';
import { fillForm } from './filling.test-support.ts';

/**
 * The form by e-mail (issue 15): the coordinator sends an organisation its form to the address the
 * directory keeps; a real SMTP server receives the message with the DOCX attached; the attachment,
 * filled, is the organisation's own form when it comes back. No address, or a malformed one, is
 * told beside the button and nothing is queued.
 */

const H1 = '2024-H1';
let t: TestApp;
let smtp: TestSmtp;
let view: ReportView;
const base = (org: string) => `/plans/${PLAN_609}/periods/${H1}/organisations/${org}/fill-in`;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function post(url: string, who = 'coordinator') {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf } });
}
const outbox = () => t.database.db.selectFrom('outbox').selectAll().where('kind', '=', 'fillIn.form').execute();
const setEmail = (email: string | null) => t.database.db.updateTable('organisations').set({ email }).where('id', '=', view.organisation.id).execute();

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-08T09:00:00.000Z' });
  smtp = await startTestSmtp();
  const directory = await loadDirectory(t.database.db);
  for (const id of directory.group('local-self-government')!.memberIds) {
    const v = (await loadReport(t.database.db, directory, t.clock, PLAN_609, H1, id))!;
    if (v.measures.length > 0 && v.organisation.byConsent) {
      view = v;
      break;
    }
  }
  expect(view).toBeDefined();
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

describe(`the fill-in form by e-mail, on ${DIALECT}`, () => {
  it('refuses beside the button when the directory has no address, or one no server would take; nothing queued', async () => {
    await setEmail(null);
    const page = await t.get(`${base(view.organisation.id)}/upload`, 'coordinator');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('У довіднику немає електронної адреси організації');
    expect(page.body).toContain(`href="/organisations/${view.organisation.id}/edit"`);
    const none = await post(`${base(view.organisation.id)}/mail`);
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('<title>Помилка: ');
    expect(none.body).toMatch(/id="mail-error"[^>]*>[\s\S]*Немає куди надіслати/);
    await setEmail('rada at example, <script>');
    const bad = await post(`${base(view.organisation.id)}/mail`);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('не схожа на електронну пошту');
    expect(bad.body).not.toContain('<script>');
    expect(await outbox()).toHaveLength(0);
  });

  it('is the coordinator’s: an executor cannot mail another’s form', async () => {
    await setEmail('rada@hromada.example');
    expect((await post(`${base(view.organisation.id)}/mail`, 'executorA')).statusCode).toBeGreaterThanOrEqual(403);
    expect(await outbox()).toHaveLength(0);
  });

  it('queues the message with the form attached, delivers it through SMTP, and the returned form is read as this organisation’s', async () => {
    await setEmail(' Rada@Hromada.example ');
    const sent = await post(`${base(view.organisation.id)}/mail`);
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toContain('/upload?mailed=rada%40hromada.example#mail');
    const page = await t.get(sent.headers.location as string, 'coordinator');
    expect(page.body).toContain('Лист із формою поставлено в чергу на rada@hromada.example');
    expect(page.body).toContain('rada@hromada.example: чекає на надсилання');
    expect(page.body).toContain('Надіслати форму ще раз');
    const [row] = await outbox();
    expect(row!.attachment_file_id).toBeTruthy();
    // The administrator's outbox names the file the message carries.
    const shown = await t.get(`/outbox/${row!.id}`, 'admin');
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toMatch(/<dt>Вкладення<\/dt>\s*<dd>Форма звіту — [^<]+\.docx<\/dd>/);
    expect(row!.to_address).toBe('rada@hromada.example');
    const audit = await t.database.db.selectFrom('audit_events').select(['target_id', 'details']).where('action', '=', 'report.form_mailed').executeTakeFirstOrThrow();
    expect(audit.target_id).toBe(view.organisation.id);
    expect(JSON.parse(audit.details)).toMatchObject({ plan: PLAN_609, period: H1, address: 'rada@hromada.example' });

    const result = await deliverDue(t.database.db, t.clock, smtpTransport(smtp.url), { from: 'Звіт <zvit@test.example>', baseUrl: 'http://zvit.test', workerId: 'test' });
    expect(result.sent).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe('Форма звіту за I півріччя 2024 року (до 15.07.2024)');
    expect(mail.text).toContain(`Просимо (за згодою) надати інформацію організації «${view.organisation.name}»`);
    expect(mail.text).toContain('до 15.07.2024 включно');
    expect(mail.text).toMatch(/Департамент соціального захисту населення/);
    expect(mail.attachments).toHaveLength(1);
    const attachment = mail.attachments[0]!;
    expect(attachment.contentType).toBe(DOCX);
    expect(attachment.filename).toMatch(/\.docx$/);
    expect(zipPart(attachment.content, 'docProps/custom.xml')).toContain(`${PLAN_609}.${H1}.${view.organisation.id}.`);
    expect((await t.get(`${base(view.organisation.id)}/upload`, 'coordinator')).body).toContain('rada@hromada.example: надіслано');

    // Filled by the community and uploaded: read as its own form, the typed text in the preview.
    const m = view.measures[0]!;
    const filled = fillForm(attachment.content, [
      { code: m.code, label: 'Стан виконання', text: 'виконано' },
      { code: m.code, label: 'Що зроблено', text: 'Проведено зустріч зі старостами громади.' },
    ]);
    const s = await t.as('coordinator');
    const read = await t.app.inject({ method: 'POST', url: `${base(view.organisation.id)}/upload`, cookies: s.cookies, ...multipart({ _csrf: s.csrf, letterNumber: '02-11/5', letterDate: '2024-07-08' }, { name: 'file', filename: attachment.filename!, data: filled }) });
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('Проведено зустріч зі старостами громади.');
  });
});
