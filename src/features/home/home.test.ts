import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { cookiesOf, csrfFrom, makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { totpCode } from '../auth/service.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { approve, signOff, startCorrection } from '../consolidation/versions.ts';
import { databaseStorage } from '../files/service.ts';
import { loadDirectory, type Directory } from '../organisations/service.ts';
import { getPlan, measureIdByCode } from '../plans/service.ts';
import { loadReport, periodByKey, reviewReport, saveEntry, submitReport } from '../reports/service.ts';
import { inviteUser } from '../users/service.ts';
import { renderToString } from 'preact-render-to-string';
import { translator } from '../../i18n/index.ts';
import { permissionsOf } from '../../domain/permissions.ts';
import type { Role } from '../../db/schema.ts';
import { HomePage } from './views.tsx';
import { addOfficial } from '../organisations/officials.ts';

const POLICE = 'poltava-police';
const CHILDREN = 'poltava-ova-children';
const PERSON = 'Надано допомогу: Петренко Ігор Ілліч, 12.03.1998 р.н., тел. 050 123 45 67.';

let t: TestApp;
let directory: Directory;
const nameOf = (id: string) => directory.organisation(id)!.name;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Fills every owed measure and submits, at the clock's time; `narrative` per measure code. */
async function fillAndSubmit(period: string, org: string, narrative: (code: string) => string) {
  const db = t.database.db;
  let view = (await loadReport(db, directory, t.clock, PLAN_609, period, org))!;
  for (const m of view.measures) {
    const saved = await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: '0', state: 'done', reason: '', narrative: narrative(m.code), links: '', values: {} }, { onBehalf: false });
    expect(saved.kind, `${org} ${m.code}`).toBe('saved');
    view = (await loadReport(db, directory, t.clock, PLAN_609, period, org))!;
  }
  expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
}

/** One section of the home page by its id. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section class="home-section" aria-labelledby="${id}-title" id="${id}">`);
  if (start < 0) return '';
  return html.slice(start, html.indexOf('</section>', start));
}

async function post(who: string | null, url: string, fields: Record<string, string>, withCsrf = true): Promise<LightMyRequestResponse> {
  const s = who ? await t.as(who) : null;
  return t.app.inject({ method: 'POST', url, cookies: s?.cookies ?? {}, payload: { ...(withCsrf && s ? { _csrf: s.csrf } : {}), ...fields } });
}

const acceptUrl = (org: string, period = '2024-H1') => `/home/reports/${PLAN_609}/${period}/${org}/accept`;

beforeAll(async () => {
  // 10.07.2024: five days before the executors' deadline of H1 2024 (15.07).
  t = await buildTestApp({ now: '2024-07-10T06:00:00.000Z' });
  const db = t.database.db;
  directory = await loadDirectory(db);
  // H2 2023 of the police: submitted, then returned with a comment on one measure and a general one.
  await fillAndSubmit('2023-H2', POLICE, (code) => `Поліція, 2023: захід ${code} виконано.`);
  const returned = (await loadReport(db, directory, t.clock, PLAN_609, '2023-H2', POLICE))!;
  const m = returned.measures[0]!;
  expect((await reviewReport(db, t.clock, SYSTEM_ACTOR, returned, { decision: 'return', comment: 'Доповніть.', measureComments: { [m.id]: 'Зазначте кількість.' } })).kind).toBe('returned');
  // H1 2024: the children's service first, the police an hour later — with a text that seems to name a person in a sensitive measure.
  await fillAndSubmit('2024-H1', CHILDREN, (code) => `Служба у справах дітей: захід ${code} виконано.`);
  t.clock.advance(3_600_000);
  const m32 = (await measureIdByCode(db, PLAN_609, '3.2'))!;
  await fillAndSubmit('2024-H1', POLICE, (code) => (code === '3.2' ? PERSON : `Поліція: захід ${code} виконано.`));
  expect((await loadReport(db, directory, t.clock, PLAN_609, '2024-H1', POLICE))!.measures.some((x) => x.id === m32)).toBe(true);
});
afterAll(async () => {
  await t.close();
});

describe(`each role's home — on ${DIALECT}`, () => {
  it('lands on / after sign-in (the second factor too), unless a safe return address was given', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/login' });
    const cookies = cookiesOf(page);
    const res = await t.app.inject({ method: 'POST', url: '/login', cookies, payload: { _csrf: csrfFrom(page.body), email: t.users.executorA!.email, password: t.users.executorA!.password } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const signedIn = { ...cookies, ...cookiesOf(res) };
    const home = await t.app.inject({ method: 'GET', url: '/', cookies: signedIn });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<h1>Головна</h1>');
    expect(home.body).toMatch(/<a href="\/" aria-current="page">\s*Головна\s*<\/a>/);

    for (const [returnTo, expected] of [
      [undefined, '/'],
      ['/plans', '/plans'],
      ['https://evil.example/', '/'],
    ] as const) {
      const login = await t.app.inject({ method: 'GET', url: '/login' });
      let c = cookiesOf(login);
      const first = await t.app.inject({ method: 'POST', url: '/login', cookies: c, payload: { _csrf: csrfFrom(login.body), email: t.users.coordinator!.email, password: t.users.coordinator!.password, ...(returnTo ? { returnTo } : {}) } });
      expect(String(first.headers.location)).toMatch(/^\/login\/second-factor/);
      c = { ...c, ...cookiesOf(first) };
      const factor = await t.app.inject({ method: 'GET', url: String(first.headers.location), cookies: c });
      t.clock.advance(30_000);
      const done = await t.app.inject({ method: 'POST', url: String(first.headers.location), cookies: c, payload: { _csrf: csrfFrom(factor.body), code: totpCode(t.users.coordinator!.totpSecret!, t.clock.now()) } });
      expect(done.statusCode, String(returnTo)).toBe(303);
      expect(done.headers.location, String(returnTo)).toBe(expected);
    }
  });

  it('shows an executor its reports due with days left, the returned one with its comments, and what it submitted — only its own', async () => {
    const html = (await t.get('/', 'executorA')).body;
    const due = section(html, 'due');
    // H2 2024 began on 01.07; its deadline is 15.01.2025: 189 days from 10.07.2024.
    expect(due).toContain('II півріччя 2024 року');
    expect(due).toContain('залишилося 189 днів');
    expect(due).toContain('строк — 15.01.2025');
    const returned = section(html, 'returned');
    expect(returned).toContain('II півріччя 2023 року');
    expect(returned).toContain('2 зауваження');
    expect(returned).toContain(`href="/reports/${PLAN_609}/2023-H2/${POLICE}"`);
    const submitted = section(html, 'submitted');
    expect(submitted).toContain('I півріччя 2024 року');
    expect(submitted).toContain('подано');
    // Nothing of another organisation, and no coordinator's sections.
    expect(html).not.toContain(CHILDREN);
    expect(html).not.toContain(esc(nameOf(CHILDREN)));
    expect(section(html, 'review')).toBe('');
    expect(html).not.toContain('/accept');

    // Executor B: its own submission, nothing returned.
    const b = (await t.get('/', 'executorB')).body;
    expect(section(b, 'returned')).toContain('Повернених звітів немає.');
    expect(section(b, 'submitted')).toContain(`/reports/${PLAN_609}/2024-H1/${CHILDREN}`);
    expect(b).not.toContain(POLICE);
  });

  it('does not list for a body reporting by consent a period it declined, nor one long past that it never began', async () => {
    const db = t.database.db;
    const community = 'community-reshetylivska';
    const user = await makeUser(db, t.clock, 'executor', community, { email: 'reshetylivska@test.example' });
    t.users.community = user;
    // It declined H1 2024 by letter; H2 2023 (due 15.01.2024) it never began.
    await db.insertInto('consent_answers').values({ plan_id: PLAN_609, period_key: '2024-H1', organisation_id: community, answer: 'declined', note: 'Лист від 01.07.2024', recorded_by: null, recorded_at: t.clock.now().toISOString() } as never).execute();
    const due = section((await t.get('/', 'community')).body, 'due');
    expect(due).toContain('II півріччя 2024 року');
    expect(due).not.toMatch(/(^|[^I])I півріччя 2024 року/);
    expect(due).not.toContain('II півріччя 2023 року');
  });

  it('lists for the coordinator the reports awaiting review, oldest first, with "accept" only where the report has no warnings; organisations silent near the deadline', async () => {
    const html = (await t.get('/', 'coordinator')).body;
    const review = section(html, 'review');
    const children = review.indexOf(esc(nameOf(CHILDREN)));
    const police = review.indexOf(esc(nameOf(POLICE)));
    expect(children).toBeGreaterThan(0);
    expect(police).toBeGreaterThan(children);
    expect(review).toContain(`action="/home/reports/${PLAN_609}/2024-H1/${CHILDREN}/accept"`);
    expect(review).not.toContain(`action="/home/reports/${PLAN_609}/2024-H1/${POLICE}/accept"`);
    expect(review).toContain('Є попередження (3.2)');
    const silent = section(html, 'silent');
    expect(silent).toContain('I півріччя 2024 року');
    expect(silent).toContain('залишилося 5 днів');
    expect(silent).toContain(`/plans/${PLAN_609}/periods/2024-H1/remind`);
    expect(silent).not.toContain(`/reports/${PLAN_609}/2024-H1/${POLICE}"`);
    expect(section(html, 'approve')).toContain('Чернеток узагальненої інформації, що чекають затвердження, немає.');
    // Executors and the supervisor may not accept.
    for (const who of ['executorA', 'executorB', 'supervisor', 'admin']) expect((await post(who, acceptUrl(CHILDREN), { submission: '1' })).statusCode, who).toBe(403);
  });

  it('accepts from the list through the review (audit, the executors’ notice), and refuses a report with warnings, a stale list or a missing CSRF token', async () => {
    const db = t.database.db;
    const state = async (org: string) => (await db.selectFrom('reports').select('state').where('organisation_id', '=', org).where('period_key', '=', '2024-H1').executeTakeFirstOrThrow()).state;
    expect((await post('coordinator', acceptUrl(CHILDREN), { submission: '1' }, false)).statusCode).toBe(403);
    expect((await post('coordinator', acceptUrl(CHILDREN), { submission: '2' })).statusCode).toBe(409);
    const warned = await post('coordinator', acceptUrl(POLICE), { submission: '1' });
    expect(warned.statusCode).toBe(409);
    expect(warned.body).toContain('не можна прийняти зі списку');
    expect(await state(CHILDREN)).toBe('submitted');
    expect(await state(POLICE)).toBe('submitted');

    const outboxBefore = (await db.selectFrom('outbox').select('id').execute()).length;
    const ok = await post('coordinator', acceptUrl(CHILDREN), { submission: '1' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/?accepted=${CHILDREN}&period=2024-H1`);
    expect(await state(CHILDREN)).toBe('accepted');
    expect(await db.selectFrom('audit_events').select('action').where('action', '=', 'report.accepted').execute()).toHaveLength(1);
    expect((await db.selectFrom('outbox').select('id').execute()).length).toBeGreaterThan(outboxBefore);
    const after = (await t.get(String(ok.headers.location), 'coordinator')).body;
    expect(after).toContain(`Звіт організації «${esc(nameOf(CHILDREN))}» за I півріччя 2024 року прийнято.`);
    expect(section(after, 'review')).not.toContain(esc(nameOf(CHILDREN)));
    // Twice: already reviewed.
    expect((await post('coordinator', acceptUrl(CHILDREN), { submission: '1' })).statusCode).toBe(409);
    // The executor sees it accepted.
    expect(section((await t.get('/', 'executorB')).body, 'submitted')).toContain('прийнято');
  });

  it('shows versions to approve, to sign off with the period’s rates, and to mark sent; invitations not accepted; the outbox’s failures', async () => {
    const db = t.database.db;
    const plan = (await getPlan(db, PLAN_609))!;
    const period = periodByKey(plan, '2023-H2')!;
    expect(section((await t.get('/', 'supervisor')).body, 'sign')).toContain('Немає узагальненої інформації, що чекає вашого погодження.');
    const official = await addOfficial(db, t.clock, SYSTEM_ACTOR, plan.coordinatorOrganisationId, { position: 'Директор Департаменту', givenName: 'Ірина', surname: 'Тестова', phone: '' });
    expect(await approve(db, t.clock, databaseStorage(t.clock), SYSTEM_ACTOR, directory, plan, period, { signatoryId: 'id' in official ? official.id : null, confirmed: true }, async () => [])).toEqual({ number: 1 });

    const supervisor = section((await t.get('/', 'supervisor')).body, 'sign');
    expect(supervisor).toContain('II півріччя 2023 року');
    expect(supervisor).toContain('версія 1, затверджено');
    expect(supervisor).toContain('Повнота');
    expect(supervisor).toMatch(/Своєчасність <strong>\d+%<\/strong>/);

    expect(await signOff(db, t.clock, SYSTEM_ACTOR, plan, period, 1, '')).toBeNull();
    expect(await startCorrection(db, t.clock, SYSTEM_ACTOR, plan, period)).toBe(2);
    const coordinator = (await t.get('/', 'coordinator')).body;
    expect(section(coordinator, 'send')).toContain('версію 1 погоджено');
    expect(section(coordinator, 'approve')).toContain('чернетка версії 2');
    expect(section((await t.get('/', 'supervisor')).body, 'sign')).toContain('Немає узагальненої інформації, що чекає');

    expect(section(coordinator, 'invitations')).toContain('Усі запрошені вже приєдналися.');
    await inviteUser(db, t.clock, SYSTEM_ACTOR, { email: 'new.police@test.example', displayName: 'Олена Новенька', organisationId: POLICE, role: 'executor' });
    const invited = section((await t.get('/', 'coordinator')).body, 'invitations');
    expect(invited).toContain('Олена Новенька');
    expect(invited).toContain(`${esc(nameOf(POLICE))}, запрошено 10.07.2024`);

    const admin = (await t.get('/', 'admin')).body;
    expect(section(admin, 'outbox')).toContain('Збоїв доставки немає.');
    await db.updateTable('outbox').set({ state: 'failed' }).where('id', '=', (await db.selectFrom('outbox').select('id').executeTakeFirstOrThrow()).id).execute();
    const failed = section((await t.get('/', 'admin')).body, 'outbox');
    expect(failed).toContain('1 лист не доставлено');
    expect(failed).toContain('href="/outbox?state=failed"');
    expect(section(admin, 'admin')).toContain('href="/users"');
  });

  it('makes few queries per page, whatever the role', async () => {
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const config = loadConfig({ ZVIT_DATA_DIR: t.database.dataDir, ZVIT_LOG_LEVEL: 'silent' });
    const counting = await buildApp({ config, database: { ...t.database, db: t.database.db.withPlugin(counter) }, clock: t.clock, logger: false });
    await counting.ready();
    const counts: Record<string, number> = {};
    try {
      for (const who of ['executorA', 'coordinator', 'supervisor', 'admin']) {
        const s = await t.as(who);
        // The session's own queries: a page that answers 404 before it reads anything.
        queries = 0;
        expect((await counting.inject({ method: 'GET', url: '/plans/%21', cookies: s.cookies })).statusCode).toBe(404);
        const base = queries;
        queries = 0;
        const res = await counting.inject({ method: 'GET', url: '/', cookies: s.cookies });
        expect(res.statusCode).toBe(200);
        counts[who] = queries - base;
      }
    } finally {
      await counting.close();
    }
    console.log(`home page queries beyond the session's (${DIALECT}):`, counts);
    // As service.ts counts them: plan 609 with three begun periods, one report returned; five days
    // before a deadline. One more each since issue 17: the executor's instructions to carry out, the
    // issuing side's counts of instructions on its plan.
    expect(counts.executorA).toBeLessThanOrEqual(17);
    expect(counts.coordinator).toBeLessThanOrEqual(19);
    expect(counts.supervisor).toBeLessThanOrEqual(8);
    expect(counts.admin).toBeLessThanOrEqual(9);
  });

  it('tells a new installation without plans what to do first, in the words of each role', () => {
    const empty = (role: Role) =>
      renderToString(
        HomePage({
          ctx: { tr: translator('uk'), path: '/', nav: 'home', user: { displayName: 'Тест', permissions: permissionsOf([role]) }, csrf: () => 'x' },
          csrf: 'x',
          home: { directory, noPlans: true, executor: null, district: [], instructions: { toDo: [], issuing: [] }, coordinator: null, supervisor: null, admin: null, invitations: null, overseen: [] },
        }),
      );
    expect(empty('coordinator')).toContain('Почніть із наказу');
    expect(empty('coordinator')).toContain('href="/plans/import"');
    expect(empty('admin')).toContain('запросіть координатора');
    expect(empty('executor')).toContain('Щойно координатор внесе план');
    expect(empty('executor')).not.toContain('/plans/import');
  });
});
