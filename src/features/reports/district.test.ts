import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, PLAN_609, type TestApp } from '../../../test/support/app.ts';
import { makeUser } from '../../../test/support/auth.ts';
import { DIALECT } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { loadReport, saveEntry, submitReport } from './service.ts';

/**
 * The district tier (DESIGN: district reviewer): a district administration's staff read the
 * submitted reports of the communities that report to it, see its period grid and rates limited
 * to them, and remind them — never a draft, never another district's community, never the
 * consolidation.
 */

const H1 = '2024-H1';
let t: TestApp;
let own: string;
let ownDraft: string;
let other: string;
async function post(who: string, path: string, fields: Record<string, string> = {}) {
  const s = await t.as(who);
  return t.app.inject({ method: 'POST', url: path, cookies: s.cookies, payload: { _csrf: s.csrf, ...fields } });
}
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

async function submitAll(organisationId: string, narrative: string) {
  const db = t.database.db;
  const directory = await loadDirectory(db);
  let view = (await loadReport(db, directory, t.clock, PLAN_609, H1, organisationId))!;
  for (const m of view.measures) {
    expect((await saveEntry(db, t.clock, SYSTEM_ACTOR, view, m.id, { version: String(view.entries.get(m.id)?.version ?? 0), state: 'done', reason: '', narrative, links: '', values: {} }, { onBehalf: false })).kind).toBe('saved');
    view = (await loadReport(db, directory, t.clock, PLAN_609, H1, organisationId))!;
  }
  expect((await submitReport(db, t.clock, SYSTEM_ACTOR, view, { onBehalf: false })).kind).toBe('submitted');
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  const communities = (parent: string) => db.selectFrom('organisations').select('id').where('parent_id', '=', parent).where('kind', '=', 'community').orderBy('id').execute();
  const poltava = await communities('poltava-district-ma');
  const kremenchuk = await communities('kremenchuk-district-ma');
  own = poltava[0]!.id;
  ownDraft = poltava[1]!.id;
  other = kremenchuk[0]!.id;
  t.users.district = await makeUser(db, t.clock, 'executor', 'poltava-district-ma', { email: 'rva@test.example' });
  t.users.community = await makeUser(db, t.clock, 'executor', own, { email: 'community@test.example' });
  await submitAll(own, 'Проведено зустрічі зі старостами громади.');
  await submitAll(other, 'Кременчуцька громада: проведено лекції.');
  // A draft of another community of the district: never shown to the district.
  const directory = await loadDirectory(db);
  const view = (await loadReport(db, directory, t.clock, PLAN_609, H1, ownDraft))!;
  await saveEntry(db, t.clock, SYSTEM_ACTOR, view, view.measures[0]!.id, { version: '0', state: 'in_progress', reason: '', narrative: 'Чернетка громади, ще не подана.', links: '', values: {} }, { onBehalf: false });
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe(`a district administration and its communities, on ${DIALECT}`, () => {
  it('reads the submitted report of a community reporting to it, not another district’s, not a draft', async () => {
    const page = await t.get(`/reports/${PLAN_609}/${H1}/${own}`, 'district');
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('Проведено зустрічі зі старостами громади.');
    // Nothing to edit, review or enter on behalf.
    expect(page.body).not.toMatch(/name="narrative"|action="[^"]*\/review"|action="[^"]*\/on-behalf"/);
    expect((await t.get(`/reports/${PLAN_609}/${H1}/${other}`, 'district')).statusCode).toBe(404);
    const draft = await t.get(`/reports/${PLAN_609}/${H1}/${ownDraft}`, 'district');
    expect(draft.statusCode).toBe(200);
    expect(draft.body).not.toContain('Чернетка громади, ще не подана.');
    // A community never reads its district's, nor a neighbour's, report.
    expect((await t.get(`/reports/${PLAN_609}/${H1}/poltava-district-ma`, 'community')).statusCode).toBe(404);
    expect((await t.get(`/reports/${PLAN_609}/${H1}/${ownDraft}`, 'community')).statusCode).toBe(404);
    // Nor may the district change a community's report.
    expect((await post('district', `/reports/${PLAN_609}/${H1}/${own}/withdraw`)).statusCode).toBe(403);
  });

  it('sees the period grid and rates of its communities only, and no consolidation', async () => {
    const page = await t.get(`/plans/${PLAN_609}/periods/${H1}/reports`, 'district');
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain('Звіти громад за I півріччя 2024 року');
    const rows = [...page.body.matchAll(/href="\/reports\/[^/]+\/2024-H1\/([a-z0-9-]+)"/g)].map((m) => m[1]!);
    const db = t.database.db;
    const mine = new Set((await db.selectFrom('organisations').select('id').where('parent_id', '=', 'poltava-district-ma').execute()).map((r) => r.id));
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((id) => id === 'poltava-district-ma' || mine.has(id)), rows.join(', ')).toBe(true);
    expect(rows).not.toContain(other);
    expect(page.body).not.toContain(`/periods/${H1}/consolidation`);
    expect(page.body).toContain(`/periods/${H1}/remind`);
    // The consolidation is not the district's to read (its role lacks the permission: 403).
    expect((await t.get(`/plans/${PLAN_609}/periods/${H1}/consolidation`, 'district')).statusCode).toBe(403);
    // A community has no grid.
    expect((await t.get(`/plans/${PLAN_609}/periods/${H1}/reports`, 'community')).statusCode).toBe(404);
    // The coordinator's grid still has every executor.
    const all = await t.get(`/plans/${PLAN_609}/periods/${H1}/reports`, 'coordinator');
    expect(all.body).toContain(`/reports/${PLAN_609}/${H1}/${other}`);
  });

  it('reminds its own communities that have not submitted, and no one else', async () => {
    const preview = await t.get(`/plans/${PLAN_609}/periods/${H1}/remind`, 'district');
    expect(preview.statusCode).toBe(200);
    const body = text(preview.body);
    const db = t.database.db;
    const names = async (parent: string) => (await db.selectFrom('organisations').select('name').where('parent_id', '=', parent).execute()).map((r) => r.name);
    expect((await names('kremenchuk-district-ma')).some((n) => body.includes(n))).toBe(false);
    // A community of the district without an account in Zvit is named among those a letter must reach.
    const draftName = (await db.selectFrom('organisations').select('name').where('id', '=', ownDraft).executeTakeFirstOrThrow()).name;
    expect(body).toContain(draftName);
    const sent = await post('district', `/plans/${PLAN_609}/periods/${H1}/remind`);
    expect(sent.statusCode).toBe(303);
    const events = await db.selectFrom('audit_events').select('details').where('action', '=', 'report.reminded').execute();
    expect(events).toHaveLength(1);
    const ids = JSON.parse(events[0]!.details).organisationIds as string[];
    const mine = new Set((await db.selectFrom('organisations').select('id').where('parent_id', '=', 'poltava-district-ma').execute()).map((r) => r.id));
    // The district's own staff (it owes a report too) are reminded; the community that submitted is not.
    expect(ids).toContain('poltava-district-ma');
    expect(ids).not.toContain(own);
    expect(ids.every((id) => id === 'poltava-district-ma' || mine.has(id))).toBe(true);
    expect((await post('community', `/plans/${PLAN_609}/periods/${H1}/remind`)).statusCode).toBe(404);
  });

  it('shows the district on its home: each plan’s latest period and how many have submitted', async () => {
    const home = text((await t.get('/', 'district')).body);
    expect(home).toContain('Звіти громад району');
    expect(home).toMatch(/подали \d+ з \d+/);
    expect(text((await t.get('/', 'community')).body)).not.toContain('Звіти громад району');
  });
});
