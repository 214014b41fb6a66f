import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adjustableClock } from '../../clock.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan, getPlanOutline } from '../plans/service.ts';
import { seed } from '../seed/service.ts';
import { ImportError, importDraftPlan } from './service.ts';
import { multipart } from '../../../test/support/multipart.ts';

const ORDER = fs.readFileSync(path.resolve('fixtures/order-609-poltava-2023.txt'));
const clock = adjustableClock('2026-12-01T09:00:00Z');
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seed(t.db, clock);
});
afterAll(async () => {
  await t.cleanup();
});

const count = async (table: 'organisations' | 'plans' | 'plan_imports') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const input = (bytes: Uint8Array, fileName = 'order.txt') => ({ bytes, fileName, coordinatorOrganisationId: 'poltava-ova-social-protection', ownerOrganisationId: 'poltava-ova' });

describe(`importing an order as a draft plan on ${DIALECT}`, () => {
  it('creates a draft with every measure, keeps the warnings and sources, and audits it', async () => {
    const orgs = await count('organisations');
    const result = await importDraftPlan(t.db, clock, SYSTEM_ACTOR, input(ORDER, 'order-609.txt'));
    expect(result).toMatchObject({ measures: 30, warnings: 15, proposedOrganisations: [] });
    const plan = (await getPlan(t.db, result.planId))!;
    expect(plan).toMatchObject({ state: 'draft', start: '2023-09-04', end: '2025-12-31', legal: { number: '609', date: '2023-09-04' }, coordinatorOrganisationId: 'poltava-ova-social-protection' });
    const outline = (await getPlanOutline(t.db, await loadDirectory(t.db), result.planId))!;
    expect(outline.total).toBe(30);
    const m33 = outline.goals[2]!.tasks[0]!.measures.find((m) => m.code === '3.3')!;
    expect(m33).toMatchObject({ deadlineText: null, deadlineNote: 'not_stated', deadlineFrom: '2023-09-04', deadlineTo: '2025-12-31' });
    const row = await t.db.selectFrom('plan_imports').selectAll().where('plan_id', '=', result.planId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.warnings)).toHaveLength(15);
    expect(JSON.parse(row.sources)['2.5']).toContain('Здійснення збору статистичних даних');
    expect(row.file_kind).toBe('text');
    expect(await count('organisations')).toBe(orgs);
    const audit = await t.db.selectFrom('audit_events').select(['action', 'target_id']).where('action', '=', 'plan.imported').execute();
    expect(audit.map((a) => a.target_id)).toContain(result.planId);
  });

  it('proposes an unknown executor as a new organisation once, however often the file is imported', async () => {
    const text = ORDER.toString('utf8').replace('Полтавський обласний центр зайнятості', 'Обласний центр екстреної медичної допомоги (за згодою)');
    const orgs = await count('organisations');
    const first = await importDraftPlan(t.db, clock, SYSTEM_ACTOR, input(Buffer.from(text)));
    if (first.kind !== 'plan') throw new Error('read as an amendment');
    expect(first.proposedOrganisations).toHaveLength(1);
    expect(await count('organisations')).toBe(orgs + 1);
    const second = await importDraftPlan(t.db, clock, SYSTEM_ACTOR, input(Buffer.from(text)));
    expect(second.planId).not.toBe(first.planId);
    expect(await count('organisations')).toBe(orgs + 1);
    const directory = await loadDirectory(t.db);
    const proposed = directory.organisation(first.proposedOrganisations[0]!)!;
    expect(proposed).toMatchObject({ name: 'Обласний центр екстреної медичної допомоги', sourceConfidence: 'probable', byConsent: true, parentId: 'poltava-ova' });
    const outline = (await getPlanOutline(t.db, directory, second.planId))!;
    const m14 = outline.goals[0]!.tasks[0]!.measures.find((m) => m.code === '1.4')!;
    expect(m14.executors.map((e) => e.id)).toContain(proposed.id);
  });

  it('writes nothing for a file that is not a plan', async () => {
    const [plans, orgs, imports] = [await count('plans'), await count('organisations'), await count('plan_imports')];
    for (const bytes of [Buffer.alloc(0), Buffer.from('Шановні колеги!'), Buffer.from([0xff, 0x00, 0xfe])]) {
      await expect(importDraftPlan(t.db, clock, SYSTEM_ACTOR, input(bytes))).rejects.toBeInstanceOf(ImportError);
    }
    expect([await count('plans'), await count('organisations'), await count('plan_imports')]).toEqual([plans, orgs, imports]);
  });
});

describe(`who sees a draft plan on ${DIALECT}`, () => {
  it('shows an imported draft to the coordinators of its coordinating organisation only; to others it does not exist', async () => {
    const { buildTestApp } = await import('../../../test/support/app.ts');
    const app = await buildTestApp();
    try {
      const { planId } = await importDraftPlan(app.database.db, app.clock, SYSTEM_ACTOR, input(ORDER));
      const coordinator = await app.get(`/plans/${planId}`, 'coordinator');
      expect(coordinator.statusCode).toBe(200);
      expect(coordinator.body).toContain('чернетка');
      for (const who of ['executorA', 'supervisor', 'admin']) {
        for (const url of [`/plans/${planId}`, `/plans/${planId}/calendar`, `/api/v1/plans/${planId}`]) {
          const res = await app.get(url, who);
          expect(res.statusCode, `${who} ${url}`).toBe(404);
        }
        const list = await app.get('/plans', who);
        expect(list.body, who).not.toContain(planId);
        const api = await app.get('/api/v1/plans', who);
        expect(api.json().plans.map((p: { id: string }) => p.id), who).not.toContain(planId);
      }
      expect((await app.get('/plans', 'coordinator')).body).toContain(planId);
    } finally {
      await app.close();
    }
  });
});

describe(`uploading an order on ${DIALECT}`, () => {
  it('lets a coordinator upload an order, review the draft beside its source, and bring it into force', async () => {
    const { buildTestApp } = await import('../../../test/support/app.ts');
    const app = await buildTestApp();
    try {
      const s = await app.as('coordinator');
      const form = await app.app.inject({ method: 'GET', url: '/plans/import', cookies: s.cookies });
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('enctype="multipart/form-data"');
      // Without the CSRF token: refused.
      const forged = await app.app.inject({ method: 'POST', url: '/plans/import', cookies: s.cookies, ...multipart({}, { name: 'order', filename: 'order.txt', data: ORDER }) });
      expect(forged.statusCode).toBe(403);
      // No file, an extra field, a zip bomb: a Ukrainian message beside the field.
      const none = await app.app.inject({ method: 'POST', url: '/plans/import', cookies: s.cookies, ...multipart({ _csrf: s.csrf }) });
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('Оберіть файл розпорядження');
      expect(none.body).toContain('id="order-error"');
      const extra = await app.app.inject({ method: 'POST', url: '/plans/import', cookies: s.cookies, ...multipart({ _csrf: s.csrf, coordinatorOrganisationId: 'poltava-police' }, { name: 'order', filename: 'o.txt', data: ORDER }) });
      expect(extra.statusCode).toBe(400);
      const letter = await app.app.inject({ method: 'POST', url: '/plans/import', cookies: s.cookies, ...multipart({ _csrf: s.csrf }, { name: 'order', filename: 'letter.docx', data: Buffer.from('Шановні колеги!') }) });
      expect(letter.statusCode).toBe(400);
      expect(letter.body).toContain('не знайдено таблиці плану');
      const countPlans = async () => Number((await app.database.db.selectFrom('plans').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const plansBefore = await countPlans();
      // The real thing.
      const ok = await app.app.inject({ method: 'POST', url: '/plans/import', cookies: s.cookies, ...multipart({ _csrf: s.csrf }, { name: 'order', filename: 'Розпорядження 609.txt', data: ORDER }) });
      expect(ok.statusCode, ok.body.slice(0, 300)).toBe(303);
      const review = String(ok.headers.location);
      expect(review).toMatch(/^\/plans\/draft-609-[0-9a-f]{8}(-\d+)?\/review$/);
      const page = await app.app.inject({ method: 'GET', url: review, cookies: s.cookies });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('15 місць для перевірки');
      expect(page.body).toContain('строк виконання в розпорядженні не зазначено');
      expect(page.body).toContain('Здійснення збору статистичних даних');
      // An executor does not see the draft at all.
      const planId = review.split('/')[2]!;
      expect((await app.get(`/plans/${planId}/review`, 'executorA')).statusCode).toBe(403);
      expect((await app.get(`/plans/${planId}`, 'executorA')).statusCode).toBe(404);
      // Correct measure 3.3: its deadline, its text, its executors.
      const editLink = /href="(\/plans\/[^"]+\/measures\/\d+\/edit)"[^>]*>[^<]*<span class="visually-hidden"> Захід 3\.3/.exec(page.body)![1]!;
      const editForm = await app.app.inject({ method: 'GET', url: editLink, cookies: s.cookies });
      expect(editForm.statusCode).toBe(200);
      expect(editForm.body).toContain('value="organisation:poltava-police" checked');
      const post = (payload: Record<string, unknown>) => app.app.inject({ method: 'POST', url: editLink, cookies: s.cookies, payload: { _csrf: s.csrf, ...payload } });
      for (const [payload, field, message] of [
        [{ title: '', deadline: '2023-2025', executors: 'organisation:poltava-police' }, 'title', 'Введіть текст заходу'],
        [{ title: 'Навчання', deadline: 'коли буде змога', executors: 'organisation:poltava-police' }, 'deadline', 'Строк не розпізнано'],
        [{ title: 'Навчання', deadline: '2023-2025' }, 'executors', 'Оберіть хоча б одного виконавця'],
        [{ title: 'Навчання', deadline: '2023-2025', executors: 'organisation:nobody' }, 'executors', 'Оберіть виконавців зі списку'],
      ] as const) {
        const res = await post(payload);
        expect(res.statusCode, field).toBe(400);
        expect(res.body, field).toContain(message);
        expect(res.body, field).toContain(`id="${field}-error"`);
      }
      expect((await post({ title: 'x', executors: 'group:ngos', reviewer: 'me' })).statusCode).toBe(400);
      const saved = await post({ title: 'Проведення навчань поліцейських з питань протидії торгівлі людьми', deadline: '2024-2025', executors: ['organisation:poltava-police', 'organisation:poltava-training-centre'] });
      expect(saved.statusCode).toBe(303);
      const detail = await app.get(`/api/v1/plans/${planId}`, 'coordinator');
      const m33 = detail.json().goals[2].tasks[0].measures.find((m: { code: string }) => m.code === '3.3');
      expect(m33.deadline).toMatchObject({ asWritten: '2024-2025', from: '2024-01-01', to: '2025-12-31', note: null });
      expect(m33.executors.map((e: { id: string }) => e.id)).toEqual(['poltava-police', 'poltava-training-centre']);
      const unconfirmedActivation = await app.app.inject({ method: 'POST', url: `/plans/${planId}/activate`, cookies: s.cookies, payload: { _csrf: s.csrf } });
      expect(unconfirmedActivation.statusCode).toBe(400);
      expect(unconfirmedActivation.body).toContain('Позначте, що чернетку перевірено');
      const activate = await app.app.inject({ method: 'POST', url: `/plans/${planId}/activate`, cookies: s.cookies, payload: { _csrf: s.csrf, confirm: 'yes' } });
      expect(activate.statusCode).toBe(303);
      expect((await app.get(`/plans/${planId}`, 'executorA')).statusCode).toBe(200);
      const again = await app.app.inject({ method: 'POST', url: `/plans/${planId}/activate`, cookies: s.cookies, payload: { _csrf: s.csrf, confirm: 'yes' } });
      expect(again.statusCode).toBe(409);
      // A second draft from the same file, discarded: gone from every page, kept in the database.
      const second = await app.app.inject({ method: 'POST', url: '/plans/import', cookies: s.cookies, ...multipart({ _csrf: s.csrf }, { name: 'order', filename: 'again.txt', data: ORDER }) });
      const secondId = String(second.headers.location).split('/')[2]!;
      expect(secondId).not.toBe(planId);
      const unconfirmed = await app.app.inject({ method: 'POST', url: `/plans/${secondId}/discard`, cookies: s.cookies, payload: { _csrf: s.csrf } });
      expect(unconfirmed.statusCode).toBe(400);
      expect(unconfirmed.body).toContain('справді відхиляєте');
      const discarded = await app.app.inject({ method: 'POST', url: `/plans/${secondId}/discard`, cookies: s.cookies, payload: { _csrf: s.csrf, confirm: 'yes' } });
      expect(discarded.statusCode).toBe(303);
      expect((await app.get(`/plans/${secondId}`, 'coordinator')).statusCode).toBe(404);
      expect((await app.get('/plans', 'coordinator')).body).not.toContain(secondId);
      const kept = await app.database.db.selectFrom('plans').select(['id', 'discarded_at']).where('id', '=', secondId).executeTakeFirstOrThrow();
      expect(kept.discarded_at).not.toBeNull();
      // Once in force, the draft editor is closed: changes go through an amendment.
      expect((await post({ title: 'x', deadline: '', executors: 'group:ngos' })).statusCode).toBe(409);
      expect(await countPlans()).toBe(plansBefore + 2);
    } finally {
      await app.close();
    }
  });
});
