import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { formFields } from '../../../test/support/form-fields.ts';
import { formCells, type StatFormDefinition } from '../../domain/statistics.ts';
import { getForm } from './service.ts';

/**
 * Races on a statistical submission, as two server processes would run them: two application
 * instances on their own connections to one database, the conflicting requests fired together.
 * Counted: winners, lost saves, doubled versions and audit events, 5xx answers.
 */

const ROUNDS = 8;
let t: TestApp;
let twin: FastifyInstance;
let form: StatFormDefinition;
const url = (period: string) => `/plans/${PLAN_609}/statistics/legal-aid/${period}/poltava-legal-aid-centre`;

beforeAll(async () => {
  t = await buildTestApp();
  twin = await t.twin();
  form = (await getForm(t.database.db, PLAN_609, 'legal-aid'))!.definition;
  // The legal-aid centre's executor (the test app has none).
  const { makeUser } = await import('../../../test/support/auth.ts');
  t.users.legalAid = await makeUser(t.database.db, t.clock, 'executor', 'poltava-legal-aid-centre', { email: 'legal-aid@test.example' });
}, 60_000);
afterAll(async () => {
  await t.close();
});

async function post(app: FastifyInstance, who: string, path: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return app.inject({ method: 'POST', url: path, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}

/** A complete form that adds up: `persons` people (children among them), `consultations` consultations. */
function complete(persons: number, consultations: number): Record<string, string> {
  const children = Math.floor(persons / 3);
  const values: Record<string, number> = { persons, consultations, 'persons|age=adults': persons - children, 'persons|age=children': children };
  expect(Object.keys(values).sort()).toEqual(formCells(form).map((c) => c.id).sort());
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`cell.${k}`, String(v)]));
}

const submission = (period: string) => t.database.db.selectFrom('stat_submissions').selectAll().where('period_key', '=', period).executeTakeFirst();

describe(`races on a statistical submission, two instances, on ${DIALECT}`, () => {
  it('two saves from the same page: one wins, the other is told, nothing is mixed', async () => {
    expect((await post(t.app, 'legalAid', url('2024-Q1'), { revision: '0', ...complete(3, 10) })).statusCode).toBe(303);
    for (let round = 0; round < ROUNDS; round++) {
      const before = (await submission('2024-Q1'))!;
      const [a, b] = await Promise.all([
        post(t.app, 'legalAid', url('2024-Q1'), { revision: String(before.revision), ...complete(10 + round, 100) }),
        post(twin, 'legalAid', url('2024-Q1'), { revision: String(before.revision), ...complete(50 + round, 500) }),
      ]);
      expect([a.statusCode, b.statusCode].sort(), `round ${round}`).toEqual([303, 409]);
      const after = (await submission('2024-Q1'))!;
      expect(Number(after.revision)).toBe(Number(before.revision) + 1);
      const stored = JSON.parse(after.figures) as Record<string, number>;
      // All of the winner's figures, none of the loser's.
      expect(stored.persons).toBe(a.statusCode === 303 ? 10 + round : 50 + round);
      expect(stored.consultations).toBe(a.statusCode === 303 ? 100 : 500);
    }
  });

  it('a submit and a save from the same page: one wins; a submitted form has exactly one version', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const period = `202${4 + Math.floor(round / 4)}-Q${(round % 4) + 1}`;
      if (period === '2024-Q1') continue;
      expect((await post(t.app, 'legalAid', url(period), { revision: '0', ...complete(6, 12) })).statusCode).toBe(303);
      const r = String((await submission(period))!.revision);
      const [submit, save] = await Promise.all([post(t.app, 'legalAid', `${url(period)}/submit`, { revision: r, ...complete(6, 12) }), post(twin, 'legalAid', url(period), { revision: r, ...complete(9, 18) })]);
      expect([submit.statusCode, save.statusCode].sort(), `round ${round}`).toEqual([303, 409]);
      const after = (await submission(period))!;
      const versions = await t.database.db.selectFrom('stat_submission_versions').select('id').where('submission_id', '=', after.id).execute();
      if (submit.statusCode === 303) {
        expect(after.state).toBe('submitted');
        expect(versions).toHaveLength(1);
        expect(JSON.parse(after.figures).persons).toBe(6);
      } else {
        expect(after.state).toBe('draft');
        expect(versions).toHaveLength(0);
        expect(JSON.parse(after.figures).persons).toBe(9);
      }
    }
  });

  it('two decisions on one submission: one is taken, audited once', async () => {
    const period = '2024-Q1';
    const r = String((await submission(period))!.revision);
    expect((await post(t.app, 'legalAid', `${url(period)}/submit`, { revision: r, ...complete(4, 8) })).statusCode).toBe(303);
    const revision = String((await submission(period))!.revision);
    const [accept, ret] = await Promise.all([post(t.app, 'coordinator', `${url(period)}/review`, { revision, decision: 'accept', comment: '' }), post(twin, 'coordinator', `${url(period)}/review`, { revision, decision: 'return', comment: 'Уточніть кількість дітей' })]);
    expect([accept.statusCode, ret.statusCode].sort()).toEqual([303, 409]);
    const events = await t.database.db.selectFrom('audit_events').select('action').where('action', 'in', ['stats.accepted', 'stats.returned']).execute();
    expect(events).toHaveLength(1);
    expect((await submission(period))!.state).toBe(accept.statusCode === 303 ? 'accepted' : 'returned');
  });

  const STRUCTURE = `/plans/${PLAN_609}/statistics/legal-aid/structure`;
  const legalAid = async () => (await getForm(t.database.db, PLAN_609, 'legal-aid'))!;

  it('two changes of a form’s structure from the same page: one is made, the other told, audited once', async () => {
    for (let round = 0; round < ROUNDS / 2; round++) {
      const fields = formFields((await t.get(STRUCTURE, 'coordinator')).body);
      const [a, b] = await Promise.all([post(t.app, 'coordinator', STRUCTURE, { ...fields, 'q-0-label': `Осіб (A${round})` }), post(twin, 'coordinator', STRUCTURE, { ...fields, 'q-0-label': `Осіб (B${round})` })]);
      expect([a.statusCode, b.statusCode].sort(), `round ${round}`).toEqual([303, 409]);
      expect((await legalAid()).definition.quantities[0]!.label).toBe(a.statusCode === 303 ? `Осіб (A${round})` : `Осіб (B${round})`);
    }
    const events = await t.database.db.selectFrom('audit_events').select('action').where('action', '=', 'stats.form_structure').execute();
    expect(events).toHaveLength(ROUNDS / 2);
  });

  it('a breakdown taken away while figures are typed into it: never a figure the form no longer has', async () => {
    const original = (await legalAid()).definition;
    const period = '2023-Q4';
    expect((await post(t.app, 'legalAid', url(period), { revision: '0', 'cell.persons': '1' })).statusCode).toBe(303);
    const outcomes = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      // Each round from the same start: the breakdown by age there, no figure in it yet.
      await t.database.db.updateTable('stat_forms').set({ definition: JSON.stringify(original) }).where('key', '=', 'legal-aid').execute();
      await t.database.db.updateTable('stat_submissions').set({ figures: JSON.stringify({ persons: 1 }) }).where('period_key', '=', period).execute();
      const revision = String((await submission(period))!.revision);
      const fields = formFields((await t.get(STRUCTURE, 'coordinator')).body);
      const drop = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, /^b-\d+-quantity$/.test(k) ? '' : v]));
      const [change, save] = await Promise.all([post(t.app, 'coordinator', STRUCTURE, drop), post(twin, 'legalAid', url(period), { revision, ...complete(3, 4) })]);
      const after = await legalAid();
      const cells = new Set(formCells(after.definition).map((c) => c.id));
      const stored = JSON.parse((await submission(period))!.figures) as Record<string, number | null>;
      expect(Object.keys(stored).filter((k) => stored[k] !== null && !cells.has(k)), `round ${round}`).toEqual([]);
      // One of the two: the change made and the save refused, or the save made and the change refused.
      if (change.statusCode === 303) expect(save.statusCode).toBe(409);
      else {
        expect(change.statusCode).toBe(400);
        expect(save.statusCode).toBe(303);
        expect(stored['persons|age=children']).toBe(1);
      }
      outcomes.add(String(change.statusCode));
    }
    expect(outcomes.size).toBeGreaterThan(0);
  });
});
