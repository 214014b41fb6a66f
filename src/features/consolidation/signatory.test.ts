import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { officeToPdf, pdfPageCount, pdfPagePng, pdfText, zipPart } from '../../../test/support/office.ts';
import { createDemoCycle } from '../demo/cycle.ts';
import { createDemoOfficials } from '../demo/officials.ts';

/**
 * The signatory chosen before approval and the preparer's executor line: never a placeholder in an
 * approved file; approval warns of measures without an overall state or a worked summary.
 */

const H1 = '2024-H1';
const BASE = `/plans/${PLAN_609}/periods/${H1}/consolidation`;
const OWN = 'poltava-ova-social-protection';
const PLACEHOLDER = /Власне ім[’']я ПРІЗВИЩЕ/;
const POSITION = 'Директор Департаменту соціального захисту населення Полтавської обласної військової адміністрації';
const SHOTS = process.env.ZVIT_SHOTS ?? path.join(os.tmpdir(), 'zvit-signatory-shots');
let t: TestApp;

async function post(who: string, url: string, fields: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}

const flat = (s: string) => s.replace(/\s+/g, ' ');

beforeAll(async () => {
  t = await buildTestApp();
  fs.mkdirSync(SHOTS, { recursive: true });
  await createDemoCycle(t.database.db, t.clock);
  // The approving coordinator, as a person: the executor line is theirs.
  await t.database.db.updateTable('users').set({ display_name: 'Демченко Оксана Петрівна' }).where('id', '=', t.users.coordinator!.id).execute();
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe(`choosing the signatory and approving, on ${DIALECT}`, () => {
  it('refuses to approve while the directory has no official to sign, with a link to add one', async () => {
    const page = await t.get(BASE, 'coordinator');
    expect(page.body).toContain('У довіднику немає жодної посадової особи');
    expect(page.body).toContain(`href="/organisations/${OWN}/officials"`);
    const refused = await post('coordinator', `${BASE}/approve`, { confirm: 'yes' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<title>Помилка: ');
    expect(refused.body).toMatch(/id="signatory-id-error"[^>]*>[\s\S]*Додайте в довіднику посадову особу, яка підписує документ/);
    expect(await t.database.db.selectFrom('consolidation_versions').select('id').where('state', '!=', 'draft').execute()).toHaveLength(0);
    // Only a draft's file shows the placeholder, and it is marked a draft.
    const draft = zipPart((await t.get(`${BASE}/export/docx`, 'coordinator')).rawPayload, 'word/document.xml');
    expect(draft).toMatch(PLACEHOLDER);
    expect(draft).toContain('ПРОЄКТ (не затверджено)');
  });

  it('keeps the choice on the draft, warns with the unfinished measures, approves when told to, and freezes signatory and preparer into the files', async () => {
    expect(await createDemoOfficials(t.database.db, t.clock)).toBe(4);
    const profile = await post('coordinator', '/account/profile', { position: 'Головна спеціалістка відділу', phone: 'не скажу' });
    expect(profile.statusCode).toBe(400);
    expect(profile.body).toContain('Уведіть номер телефону цифрами');
    expect((await post('coordinator', '/account/profile', { position: 'Головна спеціалістка відділу', phone: '(0532) 56-00-05' })).statusCode).toBe(303);
    const officials = await t.database.db.selectFrom('organisation_officials').select(['id', 'surname']).where('organisation_id', '=', OWN).orderBy('sort').execute();
    const director = Number(officials[0]!.id);
    // Of another organisation: not a choice.
    const foreign = Number((await t.database.db.selectFrom('organisation_officials').select('id').where('organisation_id', '=', 'poltava-ova').orderBy('sort').executeTakeFirstOrThrow()).id);

    const page = (await t.get(BASE, 'coordinator')).body;
    expect(page).toContain('<select id="signatory-id" name="signatory"');
    expect(page).toContain('Марина ДЕМОНЕНКО — Директор Департаменту');
    expect(page).toContain('Рядок виконавця внизу останньої сторінки: Оксана ДЕМЧЕНКО, (0532) 56-00-05.');

    const empty = await post('coordinator', `${BASE}/approve`, { signatory: '', confirm: 'yes' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Оберіть, хто підписує документ');
    for (const bad of [String(foreign), 'abc', '99999']) {
      const r = await post('coordinator', `${BASE}/approve`, { signatory: bad, confirm: 'yes' });
      expect(r.statusCode, bad).toBe(422);
      expect(r.body).toContain('Цієї посадової особи немає серед чинних');
    }

    // Chosen, but measures have no overall state and untouched drafts: the page with the list, not an approval.
    const warned = await post('coordinator', `${BASE}/approve`, { signatory: String(director) });
    expect(warned.statusCode).toBe(422);
    expect(warned.body).toMatch(/\d+ заход(ів|и|у)? без загального стану або з неопрацьованою чернеткою/);
    const m11 = Number((await t.database.db.selectFrom('measure_versions').select('measure_id').where('code', '=', '1.1').executeTakeFirstOrThrow()).measure_id);
    expect(warned.body).toContain(`href="#m${m11}"`);
    expect(warned.body).toContain('Затвердити попри це');
    expect(warned.body).toContain('Позначте «Затвердити попри це»');
    expect(await t.database.db.selectFrom('consolidation_versions').select('id').where('state', '!=', 'draft').execute()).toHaveLength(0);
    // The choice survived: a reload shows it selected, and the draft's file (marked a draft) names them.
    expect((await t.get(BASE, 'coordinator')).body).toContain(`<option value="${director}" selected>`);
    const draftXml = zipPart((await t.get(`${BASE}/export/docx`, 'coordinator')).rawPayload, 'word/document.xml');
    expect(draftXml).toContain('Марина ДЕМОНЕНКО');
    expect(draftXml).toContain('Оксана ДЕМЧЕНКО');
    expect(draftXml).not.toMatch(PLACEHOLDER);

    const approved = await post('coordinator', `${BASE}/approve`, { signatory: String(director), confirm: 'yes' });
    expect(approved.statusCode).toBe(303);
    const version = await t.database.db.selectFrom('consolidation_versions').select(['signatory_official_id', 'signatory_position', 'signatory_name', 'preparer_name', 'preparer_phone']).where('plan_id', '=', PLAN_609).where('period_key', '=', H1).where('state', '=', 'approved').executeTakeFirstOrThrow();
    expect(version).toMatchObject({ signatory_position: POSITION, signatory_name: 'Марина ДЕМОНЕНКО', preparer_name: 'Оксана ДЕМЧЕНКО', preparer_phone: '(0532) 56-00-05' });
    expect(Number(version.signatory_official_id)).toBe(director);
    expect((await t.get(BASE, 'supervisor')).body).toContain(`Підписує: ${POSITION} Марина ДЕМОНЕНКО`);

    // The approved DOCX: the chosen name and position, the executor line framed at the page's foot, no placeholder.
    const docx = (await t.get(`${BASE}/versions/1/files/docx`, 'coordinator')).rawPayload;
    const xml = zipPart(docx, 'word/document.xml');
    expect(xml).toContain(POSITION);
    expect(xml).toContain('Марина ДЕМОНЕНКО');
    expect(xml).toContain('Оксана ДЕМЧЕНКО');
    expect(xml).toContain('(0532) 56-00-05');
    expect(xml).toMatch(/<w:framePr[^>]*w:yAlign="bottom"/);
    expect(xml).not.toMatch(PLACEHOLDER);
    // The cover letter is signed by the same official.
    const letter = zipPart((await t.get(`${BASE}/versions/1/files/letter`, 'coordinator')).rawPayload, 'word/document.xml');
    expect(letter).toContain('Марина ДЕМОНЕНКО');
    expect(letter).not.toMatch(PLACEHOLDER);

    // As it prints (LibreOffice): the signature and the executor line on the last page, below the signature.
    const printed = await officeToPdf(docx);
    const pages = pdfPageCount(printed);
    const last = flat(pdfText(printed, pages));
    expect(last).toContain('Марина ДЕМОНЕНКО');
    expect(last).toContain('Директор Департаменту');
    expect(last).toContain('Оксана ДЕМЧЕНКО');
    expect(last).toContain('(0532) 56-00-05');
    expect(last.indexOf('Оксана ДЕМЧЕНКО')).toBeGreaterThan(last.indexOf('Марина ДЕМОНЕНКО'));
    // The signature does not stand alone on its page: the last lines of the text are with it.
    expect(last.split('Директор Департаменту')[0]!.replace(/[\d\s]/g, '').length).toBeGreaterThan(20);
    expect(flat(pdfText(printed))).not.toMatch(PLACEHOLDER);
    for (let p = 1; p < pages; p += 1) expect(pdfText(printed, p)).not.toContain('Оксана ДЕМЧЕНКО');
    pdfPagePng(printed, pages, path.join(SHOTS, `docx-last-page-${DIALECT}.png`), 60);

    // The approved PDF (made in the process): the same, on its last page only.
    const pdf = (await t.get(`${BASE}/versions/1/files/pdf`, 'coordinator')).rawPayload;
    const pdfPages = pdfPageCount(pdf);
    const pdfLast = flat(pdfText(pdf, pdfPages));
    for (const s of ['Марина ДЕМОНЕНКО', 'Оксана ДЕМЧЕНКО', '(0532) 56-00-05', 'Директор Департаменту']) expect(pdfLast).toContain(s);
    expect(flat(pdfText(pdf))).not.toMatch(PLACEHOLDER);
    if (pdfPages > 1) expect(pdfText(pdf, 1)).not.toContain('Оксана ДЕМЧЕНКО');
    pdfPagePng(pdf, pdfPages, path.join(SHOTS, `pdf-last-page-${DIALECT}.png`), 60);

    // Published files of the approved version name the frozen signatory too.
    const published = zipPart((await t.get(`${BASE}/export/docx?publication=1`, 'coordinator')).rawPayload, 'word/document.xml');
    expect(published).toContain('Марина ДЕМОНЕНКО');
    expect(published).not.toMatch(PLACEHOLDER);

    // Signed off and sent: who signed defaults to the frozen signatory; the approved file stays as it was.
    expect((await post('supervisor', `${BASE}/versions/1/sign`, { comment: '' })).statusCode).toBe(303);
    expect((await post('coordinator', `${BASE}/versions/1/sent`, { sentNumber: '01-23/7', sentDate: '16.07.2024', signatory: '' })).statusCode).toBe(303);
    const sent = await t.database.db.selectFrom('consolidation_versions').select(['state', 'signatory']).where('plan_id', '=', PLAN_609).where('period_key', '=', H1).where('number', '=', 1).executeTakeFirstOrThrow();
    expect(sent).toEqual({ state: 'sent', signatory: 'Марина ДЕМОНЕНКО' });
    expect(Buffer.compare((await t.get(`${BASE}/versions/1/files/docx`, 'coordinator')).rawPayload, docx)).toBe(0);
  }, 300_000);

  it('lets an administrator set the position and phone of a colleague who has not, told beside the field what is wrong', async () => {
    const db = t.database.db;
    const target = t.users.executorB!;
    const url = `/users/${target.id}/profile`;
    const before = await db.selectFrom('users').select(['position', 'phone']).where('id', '=', target.id).executeTakeFirstOrThrow();
    for (const [fields, field, message] of [
      [{ position: 'Начальник служби', phone: 'дзвоніть' }, 'phone', 'Уведіть номер телефону цифрами'],
      [{ position: '<script>alert(1)</script>', phone: '(0532) 56-00-09' }, 'position', 'не може містити кутових'],
      [{ position: 'П'.repeat(301), phone: '' }, 'position', 'не довшою за 300'],
    ] as const) {
      const r = await post('admin', url, fields);
      expect(r.statusCode, field).toBe(400);
      expect(r.body).toContain('<title>Помилка: ');
      expect(r.body).toMatch(new RegExp(`id="${field}-error"[^>]*>[\\s\\S]*?${message}`));
      expect(r.body).not.toContain('<script>alert(1)');
    }
    // Nothing saved by a refused form.
    expect(await db.selectFrom('users').select(['position', 'phone']).where('id', '=', target.id).executeTakeFirstOrThrow()).toEqual(before);
    const ok = await post('admin', url, { position: '  Начальник   служби у справах дітей ', phone: '(0532) 56-00-09' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Посаду й телефон збережено.');
    expect(ok.body).toContain('value="(0532) 56-00-09"');
    expect(await db.selectFrom('users').select(['position', 'phone']).where('id', '=', target.id).executeTakeFirstOrThrow()).toEqual({ position: 'Начальник служби у справах дітей', phone: '(0532) 56-00-09' });
    const event = await db.selectFrom('audit_events').select(['actor_user_id', 'target_id']).where('action', '=', 'user.profile_changed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event).toEqual({ actor_user_id: t.users.admin!.id, target_id: target.id });
    // An executor cannot set another person's.
    expect((await post('executorA', url, { phone: '(0532) 00-00-00' })).statusCode).toBe(403);
  });
});
