import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser, signIn, type Session } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { applyAmendment, createAmendment, stageMeasureEdit } from '../plans/amendments.ts';
import { getPlan, measureIdByCode } from '../plans/service.ts';
import { createPlan } from '../plans/creation.ts';
import { DEFAULT_SCHEDULE } from '../../domain/periods.ts';
import { loadReport } from './service.ts';

const H1 = '2024-H1';
const POLICE = 'poltava-police';
const url = (org = POLICE, period = H1, plan = PLAN_609) => `/reports/${plan}/${period}/${org}`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let t: TestApp;
let m11: number;
let m12: number;
let m32: number;
let publications: number;
let colleague: Session;

async function save(s: Session, measureId: number, fields: Record<string, string>, options: { org?: string; htmx?: boolean } = {}): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `${url(options.org)}/entries/${measureId}`,
    cookies: s.cookies,
    headers: options.htmx === false ? {} : { 'hx-request': 'true' },
    payload: { _csrf: s.csrf, ...fields },
  });
}

const versionIn = (body: string, measureId: number) => Number(new RegExp(`id="e${measureId}-version" name="version" value="(\\d+)"`).exec(body)?.[1]);

beforeAll(async () => {
  t = await buildTestApp({ now: '2024-07-10T09:00:00.000Z' });
  m11 = (await measureIdByCode(t.database.db, PLAN_609, '1.1'))!;
  m12 = (await measureIdByCode(t.database.db, PLAN_609, '1.2'))!;
  m32 = (await measureIdByCode(t.database.db, PLAN_609, '3.2'))!;
  const indicators = await t.database.db.selectFrom('indicators').selectAll().where('plan_id', '=', PLAN_609).execute();
  publications = Number(indicators.find((i) => i.code === '1.2.publications')!.id);
  colleague = await signIn(t.app, t.clock, await makeUser(t.database.db, t.clock, 'executor', POLICE, { email: 'colleague@test.example', displayName: 'Колега Поліції' }));
});
afterAll(async () => {
  await t.close();
});

describe(`what a period owes, on ${DIALECT}`, () => {
  it('owes the police every measure of plan 609 that names it, and a community the measures of its group', async () => {
    const directory = await loadDirectory(t.database.db);
    const plan = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../../seed-data/plan-609-poltava-2023.json'), 'utf8')) as {
      goals: { tasks: { measures: { code: string; executors: { organisation?: string; group?: string }[] }[] }[] }[];
    };
    const measures = plan.goals.flatMap((g) => g.tasks.flatMap((x) => x.measures));
    const police = await loadReport(t.database.db, directory, t.clock, PLAN_609, H1, POLICE);
    expect(police!.measures.map((m) => m.code)).toEqual(measures.filter((m) => m.executors.some((e) => e.organisation === POLICE)).map((m) => m.code));
    const community = directory.group('local-self-government')!.memberIds[0]!;
    const owed = await loadReport(t.database.db, directory, t.clock, PLAN_609, H1, community);
    expect(owed!.measures.map((m) => m.code)).toEqual(measures.filter((m) => m.executors.some((e) => e.group === 'local-self-government')).map((m) => m.code));
    expect(owed!.measures.every((m) => m.viaGroupId === 'local-self-government')).toBe(true);
    // Default indicators come with the measures.
    expect(police!.measures.find((m) => m.code === '1.2')!.indicators.map((i) => i.name)).toEqual(['Розміщено публікацій про результати діяльності поліції']);
    // Nothing owed: an organisation outside the plan, a period not yet begun, a period not in the plan.
    expect(await loadReport(t.database.db, directory, t.clock, PLAN_609, H1, 'poltava-ova')).toBeUndefined();
    expect(await loadReport(t.database.db, directory, t.clock, PLAN_609, '2025-H1', POLICE)).toBeUndefined();
    expect(await loadReport(t.database.db, directory, t.clock, PLAN_609, '2030-H1', POLICE)).toBeUndefined();
  });

  it('leaves out a measure whose deadline ended before the period, keeps a permanent one, and follows amendments', async () => {
    const db = t.database.db;
    await createPlan(db, t.clock, {
      id: 'owed-test',
      title: 'План для перевірки',
      legal: { kind: 'розпорядження', issuer: 'Начальник ОВА', number: '1', date: '2024-01-01' },
      start: '2024-01-01',
      end: '2025-12-31',
      ownerOrganisationId: 'poltava-ova',
      coordinatorOrganisationId: 'poltava-ova-social-protection',
      state: 'active',
      schedule: DEFAULT_SCHEDULE,
      goals: [
        {
          number: 1,
          title: 'Ціль',
          tasks: [
            {
              number: 1,
              title: 'Завдання',
              measures: [
                { code: '1.1', title: 'Лише 2024 рік', deadline: '2024', executors: [{ organisationId: POLICE }] },
                { code: '1.2', title: 'Постійний захід', deadline: 'Постійно', executors: [{ organisationId: POLICE }] },
                { code: '1.3', title: 'Захід районних адміністрацій', deadline: '2024-2025', executors: [{ groupId: 'district-military-administrations' }] },
              ],
            },
          ],
        },
      ],
    });
    t.clock.set('2025-02-01T09:00:00.000Z');
    try {
      let directory = await loadDirectory(db);
      const y2024 = await loadReport(db, directory, t.clock, 'owed-test', '2024-H2', POLICE);
      expect(y2024!.measures.map((m) => m.code)).toEqual(['1.1', '1.2']);
      const y2025 = await loadReport(db, directory, t.clock, 'owed-test', '2025-H1', POLICE);
      expect(y2025!.measures.map((m) => m.code)).toEqual(['1.2']);
      const districts = directory.group('district-military-administrations')!.memberIds;
      expect(districts.length).toBe(4);
      for (const d of districts) expect((await loadReport(db, directory, t.clock, 'owed-test', '2025-H1', d))!.measures.map((m) => m.code)).toEqual(['1.3']);
      // An amendment from 01.04.2025 gives 1.2 to the children's service instead of the police.
      const plan = (await getPlan(db, 'owed-test'))!;
      const a = (await createAmendment(db, t.clock, SYSTEM_ACTOR, 'owed-test', { legalKind: '', legalNumber: '7', legalDate: '2025-01-20', effectiveFrom: '2025-04-01', note: '' })) as { id: number };
      const m = (await measureIdByCode(db, 'owed-test', '1.2'))!;
      await stageMeasureEdit(db, t.clock, SYSTEM_ACTOR, directory, plan, a.id, m, { title: 'Постійний захід', deadline: 'Постійно', executors: [{ type: 'organisation', id: 'poltava-ova-children' }] });
      expect(await applyAmendment(db, t.clock, SYSTEM_ACTOR, directory, 'owed-test', a.id)).toEqual({ ok: true });
      directory = await loadDirectory(db);
      // The period is reported on by the plan as it stood at its end; an earlier period is not touched.
      expect(await loadReport(db, directory, t.clock, 'owed-test', '2025-H1', POLICE)).toBeUndefined();
      expect((await loadReport(db, directory, t.clock, 'owed-test', '2025-H1', 'poltava-ova-children'))!.measures.map((x) => x.code)).toEqual(['1.2']);
      expect((await loadReport(db, directory, t.clock, 'owed-test', '2024-H2', POLICE))!.measures.map((x) => x.code)).toEqual(['1.1', '1.2']);
    } finally {
      t.clock.set('2024-07-10T09:00:00.000Z');
    }
  });
});

describe(`filling the form, on ${DIALECT}`, () => {
  it('autosaves an entry, says when, and a reload shows it', async () => {
    const s = await t.as('executorA');
    const res = await save(s, m11, { version: '0', state: 'done', narrative: 'Проведено 12 лекцій у школах.\n\nРозповсюджено буклети.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Збережено 10.07.2024 12:00');
    expect(versionIn(res.body, m11)).toBe(1);
    const page = await t.get(url());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Розповсюджено буклети.');
    expect(page.body).toMatch(new RegExp(`id="e${m11}-state" checked`));
    expect(versionIn(page.body, m11)).toBe(1);
  });

  it('refuses the second of two saves of one measure from the same version, and shows both', async () => {
    const s = await t.as('executorA');
    const mine = await save(s, m12, { version: '0', state: 'in_progress', narrative: 'Мій варіант: 4 публікації', [`v${publications}`]: '4' });
    expect(mine.statusCode).toBe(200);
    const theirs = await save(colleague, m12, { version: '0', state: 'done', narrative: 'Варіант колеги: 5 публікацій', [`v${publications}`]: '5' });
    expect(theirs.statusCode).toBe(409);
    expect(theirs.body).toContain('Ваші зміни цього заходу не збережено');
    expect(theirs.body).toContain('Мій варіант: 4 публікації');
    expect(theirs.body).toContain('Варіант колеги: 5 публікацій');
    // Nothing was overwritten.
    expect((await t.get(url())).body).toContain('Мій варіант: 4 публікації');
    // The colleague keeps their version deliberately, from the version they were shown.
    const keep = await save(colleague, m12, { version: '1', state: 'done', narrative: 'Варіант колеги: 5 публікацій', [`v${publications}`]: '5' });
    expect(keep.statusCode).toBe(200);
    expect(versionIn(keep.body, m12)).toBe(2);
    // Without JavaScript the conflict is a whole page.
    const stale = await save(s, m12, { version: '1', state: 'in_progress', narrative: 'Застаріле' }, { htmx: false });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Зберегти мій варіант замість збереженого');
  });

  it('lets colleagues fill different measures at once without conflict', async () => {
    const s = await t.as('executorA');
    const [a, b] = await Promise.all([save(s, m32, { version: '0', state: 'done', narrative: 'Розкрито 3 злочини' }), save(colleague, (await measureIdByCode(t.database.db, PLAN_609, '3.3'))!, { version: '0', state: 'done', narrative: 'Навчено 40 поліцейських' })]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const page = (await t.get(url())).body;
    expect(page).toContain('Розкрито 3 злочини');
    expect(page).toContain('Навчено 40 поліцейських');
  });

  it('answers wrong values beside their fields, saves the rest, and keeps what was saved', async () => {
    const s = await t.as('executorA');
    const before = (await t.get(url())).body;
    const v = versionIn(before, m12);
    const res = await save(s, m12, { version: String(v), state: 'done', narrative: 'Оновлений текст', [`v${publications}`]: '-3' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('число не може бути від’ємним');
    expect(res.body).toContain(`id="e${m12}-v${publications}-msg"`);
    const text = await save(s, m12, { version: String(v + 1), [`v${publications}`]: 'п’ять' });
    expect(text.statusCode).toBe(400);
    expect(text.body).toContain('введіть число');
    const page = (await t.get(url())).body;
    expect(page).toContain('Оновлений текст');
    // The stored value is the colleague's 5, not -3 or text.
    expect(page).toMatch(new RegExp(`id="e${m12}-v${publications}"[^>]*value="5"`));
  });

  it('refuses a 10 MB narrative with a message beside the field and keeps the draft', async () => {
    const s = await t.as('executorA');
    const v = versionIn((await t.get(url())).body, m11);
    const huge = await save(s, m11, { version: String(v), narrative: 'а'.repeat(10 * 1024 * 1024) });
    expect(huge.statusCode).toBe(400);
    expect(huge.body).toContain('Текст задовгий');
    expect(huge.body.length).toBeLessThan(100_000);
    const full = await save(s, m11, { version: String(v), narrative: 'б'.repeat(30_000) }, { htmx: false });
    expect(full.statusCode).toBe(400);
    expect(full.body).toContain('<title>Помилка: ');
    expect(full.body).toContain('Текст задовгий');
    expect((await t.get(url())).body).toContain('Розповсюджено буклети.');
  });

  it('shows HTML and scripts in a narrative as text', async () => {
    const s = await t.as('executorA');
    const m = (await measureIdByCode(t.database.db, PLAN_609, '3.5'))!;
    expect((await save(s, m, { version: '0', state: 'done', narrative: '<script>alert(1)</script><b>жирний</b>' })).statusCode).toBe(200);
    const page = (await t.get(url())).body;
    expect(page).toMatch(/&lt;script>?(&gt;)?alert\(1\)&lt;\/script(>|&gt;)&lt;b(>|&gt;)жирний/);
    expect(page).not.toContain('<script>alert(1)');
    const bad = await save(s, m, { version: '1', links: 'javascript:alert(1)' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('https://');
  });
});

describe(`attachments, on ${DIALECT}`, () => {
  async function upload(s: Session, measureId: string, filename: string, data: Buffer, org = POLICE) {
    const body = multipart({ _csrf: s.csrf, measureId }, { name: 'file', filename, data });
    return t.app.inject({ method: 'POST', url: `${url(org)}/attachments`, cookies: s.cookies, payload: body.payload, headers: { ...body.headers, 'hx-request': 'true' } });
  }

  it('takes a PDF, names it by its content, and gives it back as a download to its organisation only', async () => {
    const s = await t.as('executorA');
    const res = await upload(s, String(m11), 'Звіт про лекції.PDF', PDF);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Звіт про лекції.pdf');
    const link = /href="([^"]+\/attachments\/(\d+))"/.exec(res.body)!;
    const file = await t.get(link[1]!);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(String(file.headers['content-disposition'])).toMatch(/^attachment; filename=".*\.pdf"; filename\*=UTF-8''/);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    // Another organisation, the coordinator and the supervisor do not get a draft's file.
    for (const who of ['executorB', 'coordinator', 'supervisor', 'admin']) expect((await t.get(link[1]!, who)).statusCode, who).toBe(404);
    // Nor by guessing the id under their own report.
    expect((await t.get(`${url('poltava-ova-children')}/attachments/${link[2]}`, 'executorB')).statusCode).toBe(404);
  });

  it('refuses a renamed program, an SVG with a script named .png, an empty file and one too large', async () => {
    const s = await t.as('executorA');
    const exe = await upload(s, String(m11), 'report.pdf', Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(2000)]));
    expect(exe.statusCode).toBe(400);
    expect(exe.body).toContain('перевіряється вміст файлу');
    const svg = await upload(s, String(m11), 'photo.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    expect(svg.statusCode).toBe(400);
    expect(svg.body).not.toContain('<script>alert');
    expect((await upload(s, String(m11), 'empty.pdf', Buffer.alloc(0))).statusCode).toBe(400);
    const big = await upload(s, String(m11), 'big.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('Файл завеликий: до 10 МБ');
    expect(big.headers['content-type']).toContain('text/html');
    // Still one attachment, and the draft is as it was.
    expect((await t.get(url())).body.match(/\/attachments\/\d+" download/g)!.length).toBe(1);
  });
});

describe(`submitting, on ${DIALECT}`, () => {
  it('lists what is missing at the top and beside each field', async () => {
    const s = await t.as('executorA');
    const res = await t.app.inject({ method: 'POST', url: `${url()}/submit`, cookies: s.cookies, payload: { _csrf: s.csrf } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<title>Помилка: ');
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toContain('Захід 1.2: зазначте стан виконання'.replace('1.2', '2.1'));
    expect(res.body).toMatch(/href="#e\d+-state"/);
    const m41 = (await measureIdByCode(t.database.db, PLAN_609, '4.1'))!;
    await save(s, m41, { version: '0', state: 'not_done' });
    const again = await t.app.inject({ method: 'POST', url: `${url()}/submit`, cookies: s.cookies, payload: { _csrf: s.csrf } });
    expect(again.body).toContain('Захід 4.1: зазначте причину');
  });

  it('submits once for 20 identical requests at once, keeps the snapshot, withdraws and resubmits', async () => {
    const s = await t.as('executorA');
    const view = (await loadReport(t.database.db, await loadDirectory(t.database.db), t.clock, PLAN_609, H1, POLICE))!;
    for (const m of view.measures) {
      const e = view.entries.get(m.id);
      const r = await save(s, m.id, { version: String(e?.version ?? 0), state: m.code === '4.1' ? 'not_done' : (e?.state ?? 'in_progress'), reason: m.code === '4.1' ? 'Не було звернень' : '' });
      expect(r.statusCode, `${m.code}: ${r.body.slice(0, 300)}`).toBe(200);
    }
    const all = await Promise.all(Array.from({ length: 20 }, () => t.app.inject({ method: 'POST', url: `${url()}/submit`, cookies: s.cookies, payload: { _csrf: s.csrf } })));
    expect(all.map((r) => r.statusCode)).toEqual(Array(20).fill(303));
    const submissions = await t.database.db.selectFrom('report_submissions').selectAll().execute();
    expect(submissions).toHaveLength(1);
    expect(submissions[0]!.late).toBe(0);
    const snapshot = JSON.parse(submissions[0]!.snapshot);
    expect(snapshot.entries.find((e: { code: string }) => e.code === '1.1').narrative).toContain('Розповсюджено буклети.');
    expect(snapshot.attachments).toHaveLength(1);
    // Submitted: the form is gone and a save is refused.
    const page = (await t.get(`${url()}?submitted=1`)).body;
    expect(page).toContain('Звіт подано.');
    expect(page).toContain('Відкликати звіт');
    expect(page).not.toContain('data-autosave');
    expect((await save(s, m11, { version: '9', state: 'done' })).statusCode).toBe(409);
    // Withdrawn: a draft again; the snapshot stays as it was.
    const w = await t.app.inject({ method: 'POST', url: `${url()}/withdraw`, cookies: s.cookies, payload: { _csrf: s.csrf } });
    expect(w.statusCode).toBe(303);
    const v = versionIn((await t.get(url())).body, m11);
    expect((await save(s, m11, { version: String(v), narrative: 'Виправлений текст після відкликання' })).statusCode).toBe(200);
    expect(JSON.parse((await t.database.db.selectFrom('report_submissions').select('snapshot').executeTakeFirstOrThrow()).snapshot).entries[0].narrative).toContain('Розповсюджено буклети.');
    // Resubmitted after the deadline: the second submission, late.
    t.clock.set('2024-07-16T09:00:00.000Z');
    try {
      // Six days on, the old session has timed out: sign in again.
      const later = await signIn(t.app, t.clock, t.users.executorA!);
      expect((await t.app.inject({ method: 'POST', url: `${url()}/submit`, cookies: later.cookies, payload: { _csrf: later.csrf } })).statusCode).toBe(303);
    } finally {
      t.clock.set('2024-07-10T09:00:00.000Z');
    }
    const rows = await t.database.db.selectFrom('report_submissions').selectAll().orderBy('number').execute();
    expect(rows.map((r) => [r.number, r.late, r.withdrawn_at !== null])).toEqual([
      [1, 0, true],
      [2, 1, false],
    ]);
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('action', 'like', 'report.%').execute();
    expect(audit.filter((a) => a.action === 'report.submitted')).toHaveLength(2);
    expect(audit.filter((a) => a.action === 'report.withdrawn')).toHaveLength(1);
  });

  it('shows the coordinator and supervisor a submitted report, never a draft', async () => {
    const children = url('poltava-ova-children');
    const b = await t.as('executorB');
    const m21 = (await measureIdByCode(t.database.db, PLAN_609, '2.1'))!;
    expect((await save(b, m21, { version: '0', state: 'in_progress', narrative: 'Таємна чернетка служби' }, { org: 'poltava-ova-children' })).statusCode).toBe(200);
    for (const who of ['coordinator', 'supervisor']) {
      const page = await t.get(children, who);
      expect(page.statusCode, who).toBe(200);
      expect(page.body).toContain('Організація заповнює звіт');
      expect(page.body).not.toContain('Таємна чернетка служби');
      expect(page.body).not.toContain('data-autosave');
    }
    // The police report, submitted, is read by both.
    expect((await t.get(url(), 'coordinator')).body).toContain('Виправлений текст після відкликання');
    expect((await t.get(url(), 'supervisor')).body).toContain('Виправлений текст після відкликання');
    // The coordinator cannot write into an organisation's own draft.
    const c = await t.as('coordinator');
    expect((await save(c, m21, { version: '1', narrative: 'Чужий текст' }, { org: 'poltava-ova-children' })).statusCode).toBe(403);
  });
});

describe(`who reaches a report, on ${DIALECT}`, () => {
  it('is 404 for another organisation by URL, by API and by guessed ids, and records the attempt', async () => {
    const b = await t.as('executorB');
    expect((await t.get(url(), 'executorB')).statusCode).toBe(404);
    expect((await save(b, m11, { version: '0', state: 'done' })).statusCode).toBe(404);
    expect((await t.get(`/api/v1/reports/${PLAN_609}/${H1}/${POLICE}`, 'executorB')).statusCode).toBe(404);
    const put = await t.app.inject({ method: 'PUT', url: `/api/v1/reports/${PLAN_609}/${H1}/${POLICE}/entries/${m11}`, cookies: b.cookies, headers: { 'x-csrf-token': b.csrf }, payload: { version: 0, state: 'done' } });
    expect(put.statusCode).toBe(404);
    // A measure the children's service does not owe, under its own report.
    expect((await save(b, m32, { version: '0', state: 'done' }, { org: 'poltava-ova-children' })).statusCode).toBe(404);
    expect((await t.get(url(), 'admin')).statusCode).toBe(404);
    const refused = await t.database.db.selectFrom('audit_events').select('target_id').where('action', '=', 'access.refused').execute();
    expect(refused.some((r) => r.target_id === `${PLAN_609}/${H1}/${POLICE}`)).toBe(true);
  });
});

describe(`on behalf of an organisation, on ${DIALECT}`, () => {
  it('leads the coordinator from the calendar to who owes each begun period, with states and never a draft', async () => {
    const calendar = (await t.get(`/plans/${PLAN_609}/calendar`, 'coordinator')).body;
    expect(calendar).toContain(`href="/plans/${PLAN_609}/periods/2024-H1/reports"`);
    expect(calendar).not.toContain('/periods/2025-H1/reports');
    expect((await t.get(`/plans/${PLAN_609}/calendar`, 'executorA')).body).not.toContain('/periods/2024-H1/reports');
    const list = await t.get(`/plans/${PLAN_609}/periods/2024-H1/reports`, 'coordinator');
    expect(list.statusCode).toBe(200);
    // 4 district administrations, 60 communities and 13 regional bodies owe H1 2024.
    expect(list.body).toContain('Звітують 77 виконавців');
    expect(list.body).toContain(`href="${url()}"`);
    expect((await t.get(`/plans/${PLAN_609}/periods/2025-H1/reports`, 'coordinator')).statusCode).toBe(404);
  });

  it('lets the coordinator enter a community’s report from its letter, with the scan, marked as such', async () => {
    const directory = await loadDirectory(t.database.db);
    const community = directory.group('local-self-government')!.memberIds[1]!;
    const c = await t.as('coordinator');
    const start = await t.get(url(community), 'coordinator');
    expect(start.body).toContain('Внести звіт за листом організації');
    const bad = await t.app.inject({ method: 'POST', url: `${url(community)}/on-behalf`, cookies: c.cookies, payload: { _csrf: c.csrf, letterNumber: '', letterDate: '2030-01-01' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Зазначте вихідний номер листа');
    expect(bad.body).toContain('не може бути в майбутньому');
    const ok = await t.app.inject({ method: 'POST', url: `${url(community)}/on-behalf`, cookies: c.cookies, payload: { _csrf: c.csrf, letterNumber: '01-12/345', letterDate: '2024-07-08' } });
    expect(ok.statusCode).toBe(303);
    const scan = await t.app.inject({ method: 'POST', url: `${url(community)}/attachments`, cookies: c.cookies, ...multipart({ _csrf: c.csrf, measureId: 'letter' }, { name: 'file', filename: 'лист.pdf', data: PDF }) });
    expect(scan.statusCode).toBe(303);
    const view = (await loadReport(t.database.db, directory, t.clock, PLAN_609, H1, community))!;
    for (const m of view.measures) expect((await save(c, m.id, { version: '0', state: 'done', narrative: `За листом: ${m.code}` }, { org: community })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `${url(community)}/submit`, cookies: c.cookies, payload: { _csrf: c.csrf } })).statusCode).toBe(303);
    const page = (await t.get(url(community), 'coordinator')).body;
    expect(page).toContain('внесено за листом');
    expect(page).toContain('лист № 01-12/345 від 08.07.2024');
    const sub = await t.database.db.selectFrom('report_submissions').innerJoin('reports', 'reports.id', 'report_submissions.report_id').selectAll('report_submissions').where('reports.organisation_id', '=', community).executeTakeFirstOrThrow();
    expect(sub.on_behalf).toBe(1);
    const snap = JSON.parse(sub.snapshot);
    expect(snap.letter).toEqual({ number: '01-12/345', date: '2024-07-08' });
    expect(snap.attachments.map((a: { fileName: string; purpose: string }) => [a.fileName, a.purpose])).toEqual([['лист.pdf', 'letter']]);
    // An organisation already writing its own report is not taken over.
    const own = await t.app.inject({ method: 'POST', url: `${url('poltava-ova-children')}/on-behalf`, cookies: c.cookies, payload: { _csrf: c.csrf, letterNumber: '5', letterDate: '2024-07-08' } });
    expect(own.statusCode).toBe(409);
  });
});

describe(`the API, on ${DIALECT}`, () => {
  it('lists, reads, saves with versions, refuses a stale version and bad values, submits and withdraws', async () => {
    const b = await t.as('executorB');
    const api = (method: 'GET' | 'PUT' | 'POST', path: string, payload?: object) =>
      t.app.inject({ method, url: `/api/v1/reports${path}`, cookies: b.cookies, headers: { 'x-csrf-token': b.csrf }, ...(payload ? { payload } : {}) });
    const list = await api('GET', '');
    expect(list.statusCode).toBe(200);
    expect(list.json().reports.map((r: { period: { key: string } }) => r.period.key)).toEqual(['2024-H2', '2024-H1', '2023-H2']);
    const path1 = `/${PLAN_609}/${H1}/poltava-ova-children`;
    const report = (await api('GET', path1)).json();
    expect(report.state).toBe('draft');
    const m21 = report.measures.find((m: { code: string }) => m.code === '2.1');
    expect(m21.entry.version).toBe(1);
    const ok = await api('PUT', `${path1}/entries/${m21.id}`, { version: 1, state: 'done', narrative: 'Звірку проведено 4 рази', values: { [m21.indicators[0].id]: '4' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().entry).toMatchObject({ version: 2, state: 'done', values: { [m21.indicators[0].id]: 4 } });
    const stale = await api('PUT', `${path1}/entries/${m21.id}`, { version: 1, narrative: 'Застаріле' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current.narrative).toBe('Звірку проведено 4 рази');
    const negative = await api('PUT', `${path1}/entries/${m21.id}`, { version: 2, values: { [m21.indicators[0].id]: -1 } });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().problems[0].message).toContain('від’ємним');
    const wrongType = await api('PUT', `${path1}/entries/${m21.id}`, { version: 'два' });
    expect(wrongType.statusCode).toBe(400);
    const missing = await api('POST', `${path1}/submit`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().problems.length).toBeGreaterThan(0);
    for (const m of report.measures) {
      if (m.code === '2.1') continue;
      expect((await api('PUT', `${path1}/entries/${m.id}`, { version: m.entry.version, state: 'not_held', reason: 'Не було підстав' })).statusCode).toBe(200);
    }
    const submitted = await api('POST', `${path1}/submit`);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ state: 'submitted', withdrawable: true, editable: false });
    expect((await api('POST', `${path1}/submit`)).json().submissions).toHaveLength(1);
    const withdrawn = await api('POST', `${path1}/withdraw`);
    expect(withdrawn.json()).toMatchObject({ state: 'draft', editable: true });
    const openapi = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(Object.keys(openapi.json().paths)).toEqual(expect.arrayContaining(['/api/v1/reports', '/api/v1/reports/{planId}/{periodKey}/{organisationId}/entries/{measureId}', '/api/v1/reports/{planId}/{periodKey}/{organisationId}/submit']));
  });
});
