import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import * as organisations from '../organisations/service.ts';
import * as plans from '../plans/service.ts';
import { createPlan, type NewPlanInput } from '../plans/creation.ts';
import { seedStatForms } from '../statistics/definitions.ts';
import { communityId, DIRECTORY_FILE, PLAN_FILES, readCommunities, readJson, type DirectoryFile, type IndicatorFile, type PlanFile } from './data.ts';

export interface SeedResult {
  organisations: number;
  groups: number;
  plans: string[];
  /** False when the database already held a directory and the plans: nothing was changed. */
  changed: boolean;
}

async function loadDirectory(db: DbOrTx, clock: Clock, file: DirectoryFile): Promise<{ organisations: number; groups: number }> {
  for (const o of file.organisations) {
    await organisations.createOrganisation(db, clock, {
      id: o.id,
      name: o.name,
      shortName: o.shortName ?? null,
      kind: o.kind,
      parentId: o.parent,
      note: o.note ?? null,
      aliases: o.aliases,
    });
  }
  const c = file.communities;
  const communityIds: string[] = [];
  for (const community of readCommunities(c.file)) {
    const parentId = c.parentByDistrict[community.district];
    if (!parentId) throw new Error(`No district administration for district ${community.district}`);
    const id = communityId(c.idPrefix, community.transliteration);
    communityIds.push(id);
    await organisations.createOrganisation(db, clock, {
      id,
      name: community.name + c.nameSuffix,
      kind: 'community',
      parentId,
      byConsent: c.byConsent,
      sourceConfidence: community.sourceConfidence,
      aliases: [`${community.name} громада`],
    });
  }
  for (const g of file.groups) {
    await organisations.createGroup(db, clock, {
      id: g.id,
      name: g.name,
      description: g.description ?? null,
      ownerOrganisationId: g.owner,
      byConsent: g.byConsent,
      memberIds: g.members === 'communities' ? communityIds : g.members,
      aliases: g.aliases,
    });
  }
  return { organisations: file.organisations.length + communityIds.length, groups: file.groups.length };
}

function planInput(file: PlanFile, directory: organisations.Directory): NewPlanInput {
  const indicators = file.indicators ? readJson<IndicatorFile>(file.indicators).measures : {};
  return {
    id: file.id,
    title: file.title,
    shortTitle: file.shortTitle ?? null,
    legal: file.legal,
    start: file.start,
    end: file.end,
    ownerOrganisationId: file.owner,
    coordinatorOrganisationId: file.coordinator,
    state: file.state,
    schedule: file.schedule,
    reportsTo: file.reportsTo ?? null,
    controlledBy: file.controlledBy ?? null,
    sourceNote: file.sourceNote ?? null,
    goals: file.goals.map((g) => ({
      number: g.number,
      title: g.title,
      tasks: g.tasks.map((t) => ({
        number: t.number,
        title: t.title,
        measures: t.measures.map((m) => ({
          code: m.code,
          title: m.title,
          deadline: m.deadline,
          deadlineNote: m.deadlineNote ?? null,
          note: m.note ?? null,
          indicators: (indicators[m.code] ?? []).map((i) => ({ ...i, code: `${m.code}.${i.code}` })),
          // "(за згодою)" belongs to the organisation or group; the plan repeats it per executor.
          executors: m.executors.map((e) =>
            'organisation' in e
              ? { organisationId: e.organisation, asWritten: e.asWritten, byConsent: directory.organisation(e.organisation)?.byConsent ?? false }
              : { groupId: e.group, asWritten: e.asWritten, byConsent: directory.group(e.group)?.byConsent ?? false },
          ),
        })),
      })),
    })),
  };
}

/**
 * Loads the organisation directory and the curated plans into an empty database, in one
 * transaction. Idempotent: what is already there is left as it is.
 */
export async function seed(db: Db, clock: Clock, options: { statistics?: boolean } = {}): Promise<SeedResult> {
  return db.transaction().execute(async (tx) => {
    const result: SeedResult = { organisations: 0, groups: 0, plans: [], changed: false };
    if ((await organisations.countOrganisations(tx)) === 0) {
      const counts = await loadDirectory(tx, clock, readJson<DirectoryFile>(DIRECTORY_FILE));
      Object.assign(result, counts, { changed: true });
    }
    const directory = await organisations.loadDirectory(tx);
    for (const name of PLAN_FILES) {
      const file = readJson<PlanFile>(name);
      if (await plans.getPlan(tx, file.id)) continue;
      await createPlan(tx, clock, planInput(file, directory));
      result.plans.push(file.id);
      result.changed = true;
    }
    // The statistical forms shipped for these plans (issue 16), once per plan.
    // (Off only for a test that seeds a schema from before them.)
    if (options.statistics !== false && (await seedStatForms(tx, clock, directory)) > 0) result.changed = true;
    return result;
  });
}

/** The curated directory as the importer reads it, without a database (for `zvit plan parse` on a fresh machine). */
export function curatedImportDirectory(): { organisations: { id: string; name: string; shortName: string | null; aliases: string[]; byConsent: boolean }[]; groups: { id: string; name: string; aliases: string[]; byConsent: boolean }[] } {
  const file = readJson<DirectoryFile>(DIRECTORY_FILE);
  const c = file.communities;
  const communities = readCommunities(c.file).map((community) => ({
    id: communityId(c.idPrefix, community.transliteration),
    name: community.name + c.nameSuffix,
    shortName: null,
    aliases: [`${community.name} громада`],
    byConsent: c.byConsent,
  }));
  return {
    organisations: [...file.organisations.map((o) => ({ id: o.id, name: o.name, shortName: o.shortName ?? null, aliases: o.aliases, byConsent: false })), ...communities],
    groups: file.groups.map((g) => ({ id: g.id, name: g.name, aliases: g.aliases, byConsent: g.byConsent })),
  };
}
