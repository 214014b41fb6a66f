import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../clock.ts';
import { createTestDatabase, DIALECT, type TestDatabase } from '../../../test/support/database.ts';
import { loadDirectory } from '../organisations/service.ts';
import { getPlanOutline, reportingOrganisations } from '../plans/service.ts';
import { readCommunities, readJson, DIRECTORY_FILE, type PlanFile } from './data.ts';
import { seed } from './service.ts';

const clock = fixedClock('2024-07-16T09:00:00Z');
const PLAN = 'poltava-ctb-2023-2025';
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

async function counts() {
  const n = async (table: 'organisations' | 'executor_groups' | 'executor_group_members' | 'plans' | 'measures' | 'measure_versions' | 'measure_executors' | 'organisation_names') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    organisations: await n('organisations'),
    names: await n('organisation_names'),
    groups: await n('executor_groups'),
    members: await n('executor_group_members'),
    plans: await n('plans'),
    measures: await n('measures'),
    versions: await n('measure_versions'),
    executors: await n('measure_executors'),
  };
}

describe('the curated plan file', () => {
  it('takes every title and executor phrase from the order as published', () => {
    const flat = (text: string) => text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    const order = flat(fs.readFileSync(path.resolve('fixtures/order-609-poltava-2023.txt'), 'utf8'));
    const file = readJson<PlanFile>('plan-609-poltava-2023.json');
    const missing: string[] = [];
    for (const goal of file.goals) {
      if (!order.includes(flat(goal.title))) missing.push(`goal ${goal.number}`);
      for (const task of goal.tasks) {
        if (!order.includes(flat(task.title))) missing.push(`task ${task.number}`);
        for (const m of task.measures) {
          for (const paragraph of m.title.split('\n\n')) if (!order.includes(flat(paragraph))) missing.push(`measure ${m.code}`);
          for (const e of m.executors) if (!order.includes(flat(e.asWritten))) missing.push(`${m.code}: ${e.asWritten}`);
          if (m.deadline && !order.includes(m.deadline)) missing.push(`${m.code} deadline ${m.deadline}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe(`seed on ${DIALECT}`, () => {
  it('loads the directory and plan 609 into an empty database, and a second run changes nothing', async () => {
    const first = await seed(t.db, clock);
    expect(first.changed).toBe(true);
    expect(first.plans).toEqual([PLAN]);
    const after = await counts();
    const second = await seed(t.db, clock);
    expect(second.changed).toBe(false);
    expect(await counts()).toEqual(after);
  });

  it('holds the 60 communities (6 marked probable) as members of the local self-government group', async () => {
    const directory = await loadDirectory(t.db);
    const csv = readCommunities(readJson<{ communities: { file: string } }>(DIRECTORY_FILE).communities.file);
    const communities = directory.organisations.filter((o) => o.kind === 'community');
    expect(communities).toHaveLength(csv.length);
    expect(communities).toHaveLength(60);
    expect(communities.filter((c) => c.sourceConfidence === 'probable')).toHaveLength(6);
    expect(communities.every((c) => c.byConsent)).toBe(true);
    const oms = directory.group('local-self-government')!;
    expect(oms.byConsent).toBe(true);
    expect(new Set(oms.memberIds)).toEqual(new Set(communities.map((c) => c.id)));
    // Each community sits under its district's military administration.
    const reshetylivska = directory.organisation('community-reshetylivska')!;
    expect(reshetylivska.parentId).toBe('poltava-district-ma');
    expect(directory.organisation('community-zavodska')!.parentId).toBe('myrhorod-district-ma');
  });

  it('holds the four district military administrations as one group, and an empty NGO group', async () => {
    const directory = await loadDirectory(t.db);
    const dma = directory.group('district-military-administrations')!;
    expect(dma.memberIds.map((id) => directory.organisation(id)!.name)).toEqual([
      'Кременчуцька районна військова адміністрація',
      'Лубенська районна військова адміністрація',
      'Миргородська районна військова адміністрація',
      'Полтавська районна військова адміністрація',
    ]);
    const ngos = directory.group('ngos')!;
    expect(ngos.memberIds).toEqual([]);
    expect(ngos.byConsent).toBe(true);
  });

  it('keeps names apart: a community and a district administration of the same root never read alike', async () => {
    const directory = await loadDirectory(t.db);
    expect(directory.organisation('community-poltavska')!.name).toBe('Полтавська територіальна громада');
    expect(directory.organisation('poltava-district-ma')!.name).toBe('Полтавська районна військова адміністрація');
  });

  it('stores every measure of the curated file with its deadline and executors', async () => {
    const directory = await loadDirectory(t.db);
    const outline = (await getPlanOutline(t.db, directory, PLAN))!;
    const file = readJson<PlanFile>('plan-609-poltava-2023.json');
    expect(outline.goals.map((g) => g.number)).toEqual([1, 2, 3, 4]);
    const stored = outline.goals.flatMap((g) => g.tasks.flatMap((task) => task.measures));
    const curated = file.goals.flatMap((g) => g.tasks.flatMap((task) => task.measures));
    expect(stored).toHaveLength(30);
    expect(stored.map((m) => m.code)).toEqual(curated.map((m) => m.code));
    for (const [i, m] of stored.entries()) {
      const c = curated[i]!;
      expect(m.title, m.code).toBe(c.title);
      expect(m.deadlineText, m.code).toBe(c.deadline);
      expect(
        m.executors.map((e) => `${e.type}:${e.id}`),
        m.code,
      ).toEqual(c.executors.map((e) => ('organisation' in e ? `organisation:${e.organisation}` : `group:${e.group}`)));
    }
  });

  it('parses deadlines: ranges, "До 2025 року" from the plan start, permanent, and 3.3 not stated', async () => {
    const directory = await loadDirectory(t.db);
    const outline = (await getPlanOutline(t.db, directory, PLAN))!;
    const byCode = new Map(outline.goals.flatMap((g) => g.tasks.flatMap((task) => task.measures)).map((m) => [m.code, m]));
    expect(byCode.get('1.1')).toMatchObject({ deadlineFrom: '2023-01-01', deadlineTo: '2025-12-31', permanent: false });
    expect(byCode.get('1.5')).toMatchObject({ deadlineText: 'До 2025 року', deadlineFrom: '2023-09-04', deadlineTo: '2025-12-31' });
    expect(byCode.get('1.7')).toMatchObject({ permanent: true, deadlineFrom: null, deadlineTo: null });
    expect(byCode.get('3.3')).toMatchObject({ deadlineText: null, deadlineNote: 'not_stated', deadlineFrom: '2023-09-04', deadlineTo: '2025-12-31' });
    expect(byCode.get('2.4')!.title).toContain('Підвищення кваліфікації державних службовців');
  });

  it('maps the shifted cells by meaning: 2.1 is reconciled by the children\u2019s service and the police; 3.1 carries the labour inspectorate', async () => {
    const directory = await loadDirectory(t.db);
    const outline = (await getPlanOutline(t.db, directory, PLAN))!;
    const byCode = new Map(outline.goals.flatMap((g) => g.tasks.flatMap((task) => task.measures)).map((m) => [m.code, m]));
    expect(byCode.get('2.1')!.executors.map((e) => e.id)).toEqual(['poltava-ova-children', 'poltava-police', 'district-military-administrations']);
    expect(byCode.get('2.5')!.executors.map((e) => e.id)).toEqual(['poltava-ova-social-protection', 'poltava-police', 'district-military-administrations']);
    expect(byCode.get('3.1')!.executors.map((e) => e.id)).toContain('labour-inspectorate-north-east');
    expect(byCode.get('3.2')!.executors.map((e) => e.id)).toEqual(['poltava-police']);
    // A group is owed by all its members: 1.1 is reported by 6 regional bodies + 4 districts + 60 communities.
    expect(reportingOrganisations(byCode.get('1.1')!, directory)).toHaveLength(70);
    // "(за згодою)" is repeated per executor.
    expect(byCode.get('1.1')!.executors.find((e) => e.id === 'local-self-government')!.byConsent).toBe(true);
    expect(byCode.get('1.1')!.executors.find((e) => e.id === 'poltava-police')!.byConsent).toBe(false);
  });
});
