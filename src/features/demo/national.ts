import { createHash } from 'node:crypto';
import { statedMeasuresOf } from '../../domain/snapshot-summary.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { addDays, compareLocalDates, type LocalDate } from '../../domain/dates.ts';
import { DEFAULT_SCHEDULE, type ReportingPeriod } from '../../domain/periods.ts';
import { searchTextOf } from '../../domain/report-search.ts';
import { localDateOf } from '../../domain/time.ts';
import type { EntryState } from '../../domain/reports.ts';
import { createGroup, createOrganisation, loadDirectory } from '../organisations/service.ts';
import { createPlan, type NewMeasure } from '../plans/creation.ts';
import { getPlan } from '../plans/service.ts';
import { expectedReports, periodMeasures, periodsOf, type Snapshot } from '../reports/service.ts';

/**
 * A national-scale dataset (issues 17 and 19): `regions` regional plans of 30 measures, each
 * region's bodies, district administrations and communities, and `periods` ended half-years of
 * reports with narratives and indicator values — deterministic for a seed, written in bulk (one
 * transaction per region and period). Made for benchmarks and the dashboards' tests at scale;
 * every name says it is generated. Quarterly statistics are not generated yet (issue 19).
 */

export interface NationalOptions {
  regions: number;
  communitiesPerRegion: number;
  periods: number;
  seed: number;
}

export interface NationalResult {
  plans: string[];
  organisations: number;
  reports: number;
  entries: number;
}

const REGIONS = [
  'Вінницька', 'Волинська', 'Дніпропетровська', 'Донецька', 'Житомирська', 'Закарпатська', 'Запорізька', 'Івано-Франківська', 'Київська', 'Кіровоградська', 'Луганська', 'Львівська', 'Миколаївська',
  'Одеська', 'Полтавська', 'Рівненська', 'Сумська', 'Тернопільська', 'Харківська', 'Херсонська', 'Хмельницька', 'Черкаська', 'Чернівецька', 'Чернігівська', 'Київська міська',
];
const DEPARTMENTS = ['соціального захисту населення', 'освіти і науки', 'охорони здоров’я', 'інформаційної діяльності', 'культури', 'молоді та спорту'];
const GOALS = ['Інформування населення', 'Інституційна спроможність і співпраця', 'Протидія кримінальним правопорушенням', 'Захист і допомога постраждалим'];
const STATES: EntryState[] = ['done', 'done', 'in_progress', 'in_progress', 'in_progress', 'not_done', 'not_held'];
const DEEDS = ['проведено інформаційні зустрічі з населенням', 'розміщено матеріали про гарячу лінію 1547', 'проведено навчання для фахівців', 'організовано засідання координаційної ради', 'надано консультації', 'проведено перевірки', 'поширено пам’ятки в громадах'];

/** A deterministic number in [0, n) for the seed and the parts named. */
function pick(n: number, seed: number, ...parts: (string | number)[]): number {
  return createHash('sha256').update(`${seed}:${parts.join(':')}`).digest().readUInt32BE(0) % n;
}

export async function generateNational(db: Db, clock: Clock, o: NationalOptions): Promise<NationalResult> {
  if (!(o.regions >= 1 && o.regions <= REGIONS.length && o.communitiesPerRegion >= 1 && o.communitiesPerRegion <= 200 && o.periods >= 1 && o.periods <= 20)) throw new RangeError('generateNational: out of range');
  const today = localDateOf(clock.now());
  // The plans start so that `periods` half-years have ended by today.
  const year = Number(today.slice(0, 4));
  const half = today.slice(5, 7) <= '06' ? 1 : 2;
  const endedHalves = o.periods;
  const startHalfIndex = year * 2 + (half - 1) - endedHalves;
  const start = `${Math.floor(startHalfIndex / 2)}-${startHalfIndex % 2 === 0 ? '01' : '07'}-01` as LocalDate;
  const end = `${Math.floor(startHalfIndex / 2) + 5}-12-31` as LocalDate;
  const result: NationalResult = { plans: [], organisations: 0, reports: 0, entries: 0 };
  for (let r = 0; r < o.regions; r++) {
    const R = `n${String(r + 1).padStart(2, '0')}`;
    const region = REGIONS[r]!;
    const ova = `${R}-ova`;
    const orgs: { id: string; kind: 'department' | 'territorial_body' | 'district_administration' | 'community' | 'ngo' }[] = [];
    await db.transaction().execute(async (tx) => {
      await createOrganisation(tx, clock, { id: ova, name: `${region} обласна військова адміністрація (згенеровано)`, shortName: `${region} ОВА`, kind: 'regional_administration' });
      for (const [i, d] of DEPARTMENTS.entries()) {
        await createOrganisation(tx, clock, { id: `${R}-dep-${i + 1}`, name: `Департамент ${d} ${region} ОВА (згенеровано)`, kind: 'department', parentId: ova });
        orgs.push({ id: `${R}-dep-${i + 1}`, kind: 'department' });
      }
      await createOrganisation(tx, clock, { id: `${R}-police`, name: `Головне управління Національної поліції, ${region} область (згенеровано)`, shortName: `ГУНП, ${region}`, kind: 'territorial_body' });
      orgs.push({ id: `${R}-police`, kind: 'territorial_body' });
      const districts = 4;
      for (let d = 1; d <= districts; d++) {
        await createOrganisation(tx, clock, { id: `${R}-rva-${d}`, name: `Район ${d}, ${region} обл.: районна військова адміністрація (згенеровано)`, shortName: `РВА ${d} (${region})`, kind: 'district_administration', parentId: ova });
        orgs.push({ id: `${R}-rva-${d}`, kind: 'district_administration' });
      }
      for (let c = 1; c <= o.communitiesPerRegion; c++) {
        await createOrganisation(tx, clock, { id: `${R}-tg-${c}`, name: `Громада ${c}, ${region} обл. (згенеровано) територіальна громада`, kind: 'community', parentId: `${R}-rva-${((c - 1) % districts) + 1}`, byConsent: true });
        orgs.push({ id: `${R}-tg-${c}`, kind: 'community' });
      }
      for (let n = 1; n <= 2; n++) {
        await createOrganisation(tx, clock, { id: `${R}-ngo-${n}`, name: `Громадська організація ${n}, ${region} обл. (згенеровано)`, kind: 'ngo', byConsent: true });
        orgs.push({ id: `${R}-ngo-${n}`, kind: 'ngo' });
      }
      await createGroup(tx, clock, { id: `${R}-districts`, name: `Районні військові адміністрації (${region})`, ownerOrganisationId: ova, memberIds: orgs.filter((x) => x.kind === 'district_administration').map((x) => x.id) });
      await createGroup(tx, clock, { id: `${R}-communities`, name: `Органи місцевого самоврядування (${region})`, ownerOrganisationId: ova, byConsent: true, memberIds: orgs.filter((x) => x.kind === 'community').map((x) => x.id) });
      await createGroup(tx, clock, { id: `${R}-ngos`, name: `Громадські організації (${region})`, ownerOrganisationId: ova, byConsent: true, memberIds: orgs.filter((x) => x.kind === 'ngo').map((x) => x.id) });
    });
    result.organisations += orgs.length + 1;
    const planId = `${R}-ctb-plan`;
    const measure = (g: number, m: number): NewMeasure => {
      const regional = [{ organisationId: `${R}-dep-${pick(DEPARTMENTS.length, o.seed, R, g, m, 'dep') + 1}`, isLead: true }, ...(pick(2, o.seed, R, g, m, 'police') ? [{ organisationId: `${R}-police` }] : [])];
      const wide = pick(3, o.seed, R, g, m, 'wide');
      const executors = [...regional, ...(wide >= 1 ? [{ groupId: `${R}-districts` }] : []), ...(wide === 2 ? [{ groupId: `${R}-communities`, byConsent: true }] : []), ...(pick(5, o.seed, R, g, m, 'ngo') === 0 ? [{ groupId: `${R}-ngos`, byConsent: true }] : [])];
      return {
        code: `${g}.${m}`,
        title: `${DEEDS[pick(DEEDS.length, o.seed, R, g, m, 'title')]!.replace(/^./, (c) => c.toLocaleUpperCase('uk'))} (захід ${g}.${m}, згенеровано)`,
        deadline: pick(4, o.seed, R, g, m, 'deadline') === 0 ? `${end.slice(0, 4)}` : 'Постійно',
        executors,
        indicators: [{ code: `${g}.${m}.n`, name: 'Проведено заходів', unit: 'од.', kind: 'count', additiveAcrossKinds: wide === 0, target: pick(3, o.seed, R, g, m, 'target') === 0 ? 100 : null }],
      };
    };
    await createPlan(db, clock, {
      id: planId,
      title: `Регіональний план заходів з протидії торгівлі людьми: ${region} область (згенеровано)`,
      shortTitle: `План ПТЛ: ${region} (згенеровано)`,
      legal: { kind: 'розпорядження', issuer: `Начальник ${region} ОВА`, number: `${100 + r}`, date: addDays(start, -30) },
      start,
      end,
      ownerOrganisationId: ova,
      coordinatorOrganisationId: `${R}-dep-1`,
      state: 'active',
      schedule: DEFAULT_SCHEDULE,
      goals: GOALS.map((title, gi) => ({ number: gi + 1, title, tasks: [{ number: 1, title: 'Завдання', measures: Array.from({ length: gi < 2 ? 8 : 7 }, (_, mi) => measure(gi + 1, mi + 1)) }] })),
    });
    await db.updateTable('plans').set({ is_demo: 1 }).where('id', '=', planId).execute();
    result.plans.push(planId);
    const plan = (await getPlan(db, planId))!;
    const directory = await loadDirectory(db);
    const indicatorOf = new Map((await db.selectFrom('indicators').select(['id', 'measure_id', 'code']).where('plan_id', '=', planId).execute()).map((i) => [Number(i.measure_id), { id: Number(i.id), code: i.code }]));
    const ended = periodsOf(plan).filter((p) => compareLocalDates(p.end, today) < 0).slice(-o.periods);
    for (const period of ended) {
      const measures = await periodMeasures(db, plan, period);
      const expected = expectedReports(measures, directory);
      const made = await writePeriod(db, plan.id, plan.title, period, measures, expected, indicatorOf, o.seed, R);
      result.reports += made.reports;
      result.entries += made.entries;
    }
  }
  return result;
}

async function writePeriod(
  db: Db,
  planId: string,
  planTitle: string,
  period: ReportingPeriod,
  measures: Awaited<ReturnType<typeof periodMeasures>>,
  expected: Map<string, number[]>,
  indicatorOf: Map<number, { id: number; code: string }>,
  seed: number,
  R: string,
): Promise<{ reports: number; entries: number }> {
  let reports = 0;
  let entries = 0;
  await db.transaction().execute(async (tx) => {
    for (const [org, owed] of expected) {
      const fate = pick(20, seed, R, period.key, org, 'fate');
      // One in ten sends nothing; one in five is late; the rest on time; most accepted.
      if (fate < 2) continue;
      const late = fate < 6;
      const deadline = period.executorDeadline.date;
      const day = late ? addDays(deadline, 1 + pick(12, seed, R, period.key, org, 'late')) : addDays(deadline, -pick(10, seed, R, period.key, org, 'early'));
      const at = `${day}T${String(7 + pick(8, seed, R, period.key, org, 'h')).padStart(2, '0')}:${String(pick(60, seed, R, period.key, org, 'm')).padStart(2, '0')}:00.000Z`;
      const accepted = fate >= 4;
      const report = await tx
        .insertInto('reports')
        .values({ plan_id: planId, organisation_id: org, period_key: period.key, state: accepted ? 'accepted' : 'submitted', on_behalf: 0, letter_number: null, letter_date: null, created_by: null, created_at: at, updated_at: at, submitted_at: at, reviewed_at: accepted ? at : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const own = measures.filter((m) => owed.includes(m.id));
      const snapshot: Snapshot = {
        plan: { id: planId, title: planTitle },
        period: { key: period.key, start: period.start, end: period.end },
        organisation: { id: org, name: org },
        onBehalf: false,
        letter: null,
        entries: own.map((m) => {
          const state = STATES[pick(STATES.length, seed, R, period.key, org, m.code, 's')]!;
          const ind = indicatorOf.get(m.id);
          const value = state === 'not_held' ? 0 : 1 + pick(12, seed, R, period.key, org, m.code, 'v');
          return {
            measureId: m.id,
            versionId: m.versionId,
            code: m.code,
            title: m.title,
            deadlineText: m.deadlineText,
            state,
            reason: state === 'not_done' ? 'Через обмеження воєнного стану захід перенесено.' : null,
            narrative: state === 'not_held' ? '' : `${DEEDS[pick(DEEDS.length, seed, R, period.key, org, m.code, 'd')]!.replace(/^./, (c) => c.toLocaleUpperCase('uk'))}; охоплено ${value * 7} осіб.`,
            links: [],
            values: ind ? [{ indicatorId: ind.id, code: ind.code, name: 'Проведено заходів', unit: 'од.', kind: 'count' as const, sensitive: false, value }] : [],
          };
        }),
        attachments: [],
      };
      const json = JSON.stringify(snapshot);
      await tx.insertInto('report_submissions').values({ report_id: Number(report.id), number: 1, submitted_at: at, submitted_by: null, late: late ? 1 : 0, on_behalf: 0, snapshot: json, search_text: searchTextOf(json), stated_measures: statedMeasuresOf(json) }).execute();
      reports += 1;
      entries += own.length;
    }
  });
  return { reports, entries };
}
