import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { warmExports } from './exports/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { consolidate } from './service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlan } from '../plans/service.ts';
import { periodByKey } from '../reports/service.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { addOfficial } from '../organisations/officials.ts';

/**
 * Races on the consolidation, as two server processes would run them: two application instances
 * on their own connections to one database, the conflicting requests fired together, many rounds.
 * Counted: lost edits, doubled audit events, 5xx answers, winners.
 */

const H1 = '2024-H1';
const BASE = `/plans/${PLAN_609}/periods/${H1}/consolidation`;
const ROUNDS = 20;
let t: TestApp;
let twin: FastifyInstance;
let measures: number[];
let director: number;
const approveFields = () => ({ signatory: String(director), confirm: 'yes' });

beforeAll(async () => {
  // Races, not layout: the cover letter's pages are not counted through LibreOffice here (letters.test.ts does).
  t = await buildTestApp();
  twin = await t.twin();
  // As a server does shortly after it starts (server.ts): the first approval does not import them.
  await warmExports();
  const db = t.database.db;
  const plan = (await getPlan(db, PLAN_609))!;
  director = ((await addOfficial(db, t.clock, SYSTEM_ACTOR, plan.coordinatorOrganisationId, { position: 'Директор Департаменту', givenName: 'Ірина', surname: 'Директорська', phone: '' })) as { id: number }).id;
  measures = (await consolidate(db, await loadDirectory(db), plan, periodByKey(plan, H1)!)).goals.flatMap((g) => g.measures.map((m) => m.measure.id));
}, 60_000);
afterAll(async () => {
  await t.close();
});

/** The hidden fields of a measure's form on the page as it was loaded (what a browser would send back). */
function formFields(html: string, measureId: number): Record<string, string> {
  const form = new RegExp(`<form[^>]*action="[^"]*/consolidation/measures/${measureId}"[^>]*>([\\s\\S]*?)</form>`).exec(html);
  const out: Record<string, string> = {};
  for (const m of (form?.[1] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) if (m[1] !== '_csrf') out[m[1]!] = m[2]!;
  return out;
}

async function post(app: FastifyInstance, who: string, url: string, fields: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const s = await t.as(who);
  return app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}

async function storedSummary(measureId: number): Promise<string | undefined> {
  const page = await t.get(BASE, 'coordinator');
  const m = new RegExp(`<textarea id="m${measureId}-summary"[^>]*>([\\s\\S]*?)</textarea>`).exec(page.body);
  return m?.[1];
}

async function events(action: string): Promise<number> {
  const rows = await t.database.db.selectFrom('audit_events').select('id').where('action', '=', action).execute();
  return rows.length;
}

const versionRows = () => t.database.db.selectFrom('consolidation_versions').select(['number', 'state']).where('plan_id', '=', PLAN_609).where('period_key', '=', H1).orderBy('number').execute();

const statuses = (list: LightMyRequestResponse[]) => list.map((r) => r.statusCode).sort();

describe(`the consolidation under concurrent requests from two processes, on ${DIALECT}`, () => {
  it('keeps both edits when two coordinators save different measures at once', async () => {
    let lost = 0;
    let errors = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const [a, b] = [measures[(2 * round) % measures.length]!, measures[(2 * round + 1) % measures.length]!];
      const page = (await t.get(BASE, 'coordinator')).body;
      const texts = { [a]: `Раунд ${round}: текст заходу A.`, [b]: `Раунд ${round}: текст заходу B.` };
      const answers = await Promise.all([
        post(t.app, 'coordinator', `${BASE}/measures/${a}`, { ...formFields(page, a), summary: texts[a]!, state: 'done' }),
        post(twin, 'coordinator', `${BASE}/measures/${b}`, { ...formFields(page, b), summary: texts[b]!, state: 'in_progress' }),
      ]);
      errors += answers.filter((r) => r.statusCode !== 303).length;
      for (const id of [a, b]) if ((await storedSummary(id)) !== texts[id]) lost += 1;
    }
    expect({ lost, errors }).toEqual({ lost: 0, errors: 0 });
  }, 300_000);

  it('never loses an edit silently when two coordinators save the same measure from the same page', async () => {
    let silent = 0;
    let winners = 0;
    let errors = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const id = measures[round % measures.length]!;
      const page = (await t.get(BASE, 'coordinator')).body;
      const mine = `Раунд ${round}: мій текст.`;
      const theirs = `Раунд ${round}: текст колеги.`;
      const answers = await Promise.all([
        post(t.app, 'coordinator', `${BASE}/measures/${id}`, { ...formFields(page, id), summary: mine, state: 'done' }),
        post(twin, 'coordinator', `${BASE}/measures/${id}`, { ...formFields(page, id), summary: theirs, state: 'done' }),
      ]);
      errors += answers.filter((r) => r.statusCode >= 500).length;
      const ok = answers.filter((r) => r.statusCode === 303);
      winners += ok.length === 1 ? 1 : 0;
      const stored = await storedSummary(id);
      // Both told "saved" while one text is gone: a silent loss.
      if (ok.length === 2) silent += 1;
      // The loser sees what the other saved beside what it typed, and keeps what it typed.
      const loser = answers.find((r) => r.statusCode === 409);
      if (loser) {
        const typed = loser === answers[0] ? mine : theirs;
        expect(loser.body).toContain(stored!);
        expect(loser.body).toContain(typed);
        expect(stored).not.toBe(typed);
      }
    }
    expect({ silent, errors, winners }).toEqual({ silent: 0, errors: 0, winners: ROUNDS });
  }, 300_000);

  it('lets exactly one of two concurrent approvals, sign-offs, sendings and corrections win, with one audit event each', async () => {
    const tally = { approve: [] as number[], sign: [] as number[], sent: [] as number[], correct: [] as number[] };
    const versionsBefore = await versionRows();
    const before = { approved: await events('consolidation.approved'), signed: await events('consolidation.signed'), sent: await events('consolidation.sent'), drafted: await events('consolidation.drafted') };
    const rounds = Math.ceil(ROUNDS / 2);
    for (let round = 1; round <= rounds; round += 1) {
      const approve = await Promise.all([post(t.app, 'coordinator', `${BASE}/approve`, approveFields()), post(twin, 'coordinator', `${BASE}/approve`, approveFields())]);
      tally.approve.push(...statuses(approve));
      const version = (await versionRows()).at(-1)!.number;
      const sign = await Promise.all([post(t.app, 'supervisor', `${BASE}/versions/${version}/sign`, { comment: 'Погоджено A' }), post(twin, 'supervisor', `${BASE}/versions/${version}/sign`, { comment: 'Погоджено B' })]);
      tally.sign.push(...statuses(sign));
      const sentFields = (n: string) => ({ sentNumber: `01-23/${round}${n}`, sentDate: '16.07.2024', signatory: `Підписант ${n}` });
      const sent = await Promise.all([post(t.app, 'coordinator', `${BASE}/versions/${version}/sent`, sentFields('a')), post(twin, 'coordinator', `${BASE}/versions/${version}/sent`, sentFields('b'))]);
      tally.sent.push(...statuses(sent));
      const correct = await Promise.all([post(t.app, 'coordinator', `${BASE}/correct`), post(twin, 'coordinator', `${BASE}/correct`)]);
      tally.correct.push(...statuses(correct));
    }
    const count = (list: number[], status: number) => list.filter((s) => s === status).length;
    const seen = Object.fromEntries(Object.entries(tally).map(([k, list]) => [k, { won: count(list, 303), refused: count(list, 409), errors: list.filter((s) => s >= 500).length }]));
    const one = { won: rounds, refused: rounds, errors: 0 };
    expect(seen).toEqual({ approve: one, sign: one, sent: one, correct: one });
    const after = { approved: await events('consolidation.approved'), signed: await events('consolidation.signed'), sent: await events('consolidation.sent'), drafted: await events('consolidation.drafted') };
    // One draft per correction (and the first, unless the earlier tests had made it).
    const drafted = rounds + (versionsBefore.at(-1)?.state === 'draft' ? 0 : 1);
    expect((await versionRows()).length - versionsBefore.length).toBe(drafted);
    expect({ approved: after.approved - before.approved, signed: after.signed - before.signed, sent: after.sent - before.sent, drafted: after.drafted - before.drafted }).toEqual({ approved: rounds, signed: rounds, sent: rounds, drafted });
  }, 600_000);
});
