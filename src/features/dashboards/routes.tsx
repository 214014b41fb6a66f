import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../db/schema.ts';
import { attachmentDisposition } from '../../domain/file-types.ts';
import { localDateOf } from '../../domain/time.ts';
import type { MessageKey, Translator } from '../../i18n/index.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { issuerOf, listInstructions } from '../instructions/service.ts';
import { loadDirectory, type Directory } from '../organisations/service.ts';
import { PLAN_ID } from '../plans/forms.ts';
import * as plans from '../plans/service.ts';
import { reportPermissions } from '../reports/policy.ts';
import { periodName, periodsOf, plansReportedOn } from '../reports/service.ts';
import { bars, lines, stackedColumns } from './charts.ts';
import { DOWNLOAD_FORMATS, tablesCsv, tablesXlsx, type DashTable, type DownloadFormat } from './downloads.ts';
import { CELL_STATES, endedPeriods, executorsDashboard, indicatorsDashboard, measureDeadlines, measuresDashboard, periodDocuments, reportingHistory, type DashboardFilter } from './service.ts';
import { executorTables, indicatorTables, measureTables } from './tables.ts';
import { ExecutorsDashboardPage, IndicatorsDashboardPage, MeasuresDashboardPage, type DashboardChrome, type Tab } from './views.tsx';

/**
 * The control dashboards (issue 17): a plan's measures, executors and indicators across its
 * periods, for the plan's coordinators and the owner's supervisors — anyone else gets 404, as for
 * a plan that does not exist. Filters live in the URL (a value that is not one of the choices is
 * dropped); `format=csv|xlsx` downloads the page's tables under the same filters.
 */

/** A period as a chart's axis writes it ("II пів. 2024"): the full name does not fit under a column. */
const short = (tr: Translator, p: { label: string; year: number }) => tr.t(`dash.periodShort.${p.label}` as MessageKey, { year: String(p.year) });

const str = (v: unknown, max = 200) => (typeof v === 'string' ? v.slice(0, max) : '');

export default async function dashboardRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const read = { config: { permission: reportPermissions.readSubmitted } };

  async function reach(request: FastifyRequest) {
    const { planId } = request.params as { planId: string };
    if (!PLAN_ID.test(planId)) throw notFound();
    const plan = await plans.getPlan(db, planId);
    const p = request.principal!;
    if (!plan || !plansReportedOn(plan.state)) throw notFound();
    const coordinates = p.organisationId === plan.coordinatorOrganisationId;
    const supervises = p.organisationId === plan.ownerOrganisationId;
    if (!coordinates && !supervises) throw notFound();
    const directory = await loadDirectory(db);
    const today = localDateOf(clock.now(), plan.schedule.timeZone);
    return { plan, directory, today, periods: endedPeriods(plan, today) };
  }
  type Reached = Awaited<ReturnType<typeof reach>>;

  function filterOf(request: FastifyRequest, r: Reached): DashboardFilter {
    const q = request.query as Record<string, unknown>;
    const period = str(q.period, 10);
    const goal = /^[1-9]\d{0,3}$/.test(str(q.goal, 5)) ? Number(q.goal) : null;
    const district = str(q.district, 100);
    const kind = str(q.kind, 40);
    return {
      period: r.periods.some((p) => p.key === period) ? period : '',
      goal,
      district: districtsOf(r.directory).some((d) => d.id === district) ? district : '',
      kind: (ORGANISATION_KINDS as readonly string[]).includes(kind) ? (kind as OrganisationKind) : '',
      indicator: str(q.indicator, 400),
    };
  }

  function formatOf(request: FastifyRequest): DownloadFormat | null {
    const f = (request.query as Record<string, unknown>).format;
    if (f === undefined || f === '') return null;
    const found = DOWNLOAD_FORMATS.find((x) => x === f);
    if (!found) throw new HttpError(400, 'dash.error.format');
    return found;
  }

  async function download(reply: FastifyReply, r: Reached, tab: Tab, format: DownloadFormat, raw: DashTable[], tr: Translator, filter: DashboardFilter) {
    // Each table says under which filters it was made.
    const said = filterWords(tr, r, filter);
    const tables = said ? raw.map((x) => ({ ...x, title: `${x.title}. ${tr.t('dash.download.filters', { filters: said })}` })) : raw;
    const name = `${tr.t('dash.title')} — ${tr.t(`dash.tabs.${tab}` as MessageKey)} — ${r.plan.shortTitle ?? r.plan.id}.${format}`.replace(/[\\/:*?"<>|]/g, ' ');
    const bytes = format === 'csv' ? tablesCsv(tables) : await tablesXlsx(tables);
    return reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachmentDisposition(name))
      .send(bytes);
  }

  function chrome(request: FastifyRequest, r: Reached, tab: Tab, filter: DashboardFilter, goals: { number: number; title: string }[]): DashboardChrome {
    const kinds = ORGANISATION_KINDS.filter((k) => k !== 'regional_administration' && r.directory.organisations.some((o) => o.kind === k));
    const running = periodsOf(r.plan).find((p) => p.start <= r.today && r.today <= p.end) ?? null;
    return { ctx: pageContext(request, 'plans'), plan: r.plan, directory: r.directory, tab, filter, periods: r.periods, goals, districts: districtsOf(r.directory), kinds, running };
  }

  app.get('/plans/:planId/dashboard', read, async (request, reply) => {
    const r = await reach(request);
    const format = formatOf(request);
    const filter = filterOf(request, r);
    const tr = request.tr;
    const docs = await periodDocuments(db, r.directory, r.plan, r.periods);
    const allGoals = goalsOf(docs);
    // A goal the plan does not have is dropped, as any other unknown filter value.
    if (filter.goal !== null && !allGoals.some((g) => g.number === filter.goal)) filter.goal = null;
    const d = measuresDashboard(docs, await measureDeadlines(db, r.plan), filter, r.directory, r.today);
    if (format) return download(reply, r, 'measures', format, measureTables(tr, d), tr, filter);
    const chart = docs.length
      ? await stackedColumns(
          d.counts.flatMap((c, i) => CELL_STATES.map((s) => ({ x: short(tr, docs[i]!.period), series: tr.t(`dash.state.${s}` as MessageKey), value: c.counts[s] }))),
          CELL_STATES.map((s) => tr.t(`dash.state.${s}` as MessageKey)),
          { label: tr.t('dash.m.countsChart'), tableId: 'counts-table', y: tr.t('dash.m.countsY') },
        )
      : null;
    const mayInstruct = issuerOf(request.principal, r.plan) !== null;
    const instructions = await listInstructions(db, r.plan, r.today);
    return reply.html(MeasuresDashboardPage({ ...chrome(request, r, 'measures', filter, allGoals), d, chart, mayInstruct, instructions }));
  });

  app.get('/plans/:planId/dashboard/executors', read, async (request, reply) => {
    const r = await reach(request);
    const format = formatOf(request);
    const filter = filterOf(request, r);
    const tr = request.tr;
    const history = await reportingHistory(db, r.directory, r.plan, r.periods, clock.now());
    const d = executorsDashboard(r.periods, history, filter, r.directory);
    if (format) return download(reply, r, 'executors', format, executorTables(tr, d, r.directory), tr, filter);
    const share = (n: number, of: number) => (of > 0 ? n / of : null);
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    const [completeness, timeliness] = [tr.t('dash.e.completeness'), tr.t('dash.e.timeliness')];
    // Bodies reporting by consent only (a filter to communities, say): their rates, not the subordinate ones' (none).
    const consentOnly = d.rows.length > 0 && d.rows.every((x) => x.byConsent);
    const rateOf = (x: (typeof d.rates)[number]) => (consentOnly ? x.byConsent : x.overall);
    const ratesChart = d.periods.length
      ? await lines(
          d.rates.flatMap((x, i) => [
            { x: short(tr, d.periods[i]!), series: completeness, value: share(rateOf(x).submitted, rateOf(x).expected) },
            { x: short(tr, d.periods[i]!), series: timeliness, value: share(rateOf(x).onTime, rateOf(x).expected) },
          ]),
          [completeness, timeliness],
          { label: tr.t('dash.e.ratesChart'), tableId: 'rates-table', y: tr.t('dash.e.share'), format: pct, percent: true },
        )
      : null;
    const selectedName = d.selected ? periodName(tr, d.selected) : '';
    const withRates = d.districts.filter((x) => x.rate.expected + x.byConsent.expected > 0);
    const districtsChart = withRates.length
      ? await bars(
          withRates.map((x) => ({ label: x.district.shortName ?? x.district.name, value: share(x.rate.submitted + x.byConsent.submitted, x.rate.expected + x.byConsent.expected) ?? 0 })),
          { label: tr.t('dash.e.districtsChart', { period: selectedName }), tableId: 'districts-table', x: tr.t('dash.e.completeness'), format: pct, percent: true },
        )
      : null;
    return reply.html(ExecutorsDashboardPage({ ...chrome(request, r, 'executors', filter, []), d, now: clock.now(), ratesChart, districtsChart }));
  });

  app.get('/plans/:planId/dashboard/indicators', read, async (request, reply) => {
    const r = await reach(request);
    const format = formatOf(request);
    const filter = filterOf(request, r);
    const tr = request.tr;
    const docs = await periodDocuments(db, r.directory, r.plan, r.periods);
    const goals = goalsOf(docs);
    if (filter.goal !== null && !goals.some((g) => g.number === filter.goal)) filter.goal = null;
    const d = indicatorsDashboard(docs, await plans.planIndicators(db, r.plan.id), filter, r.directory);
    if (format) return download(reply, r, 'indicators', format, indicatorTables(tr, d), tr, filter);
    const chosen = d.chosen;
    const c = chosen[0];
    const money = c?.kind === 'money';
    const fmt = (v: number) => new Intl.NumberFormat(tr.locale, { maximumFractionDigits: money ? 2 : 1 }).format(v);
    const scale = (v: number | null) => (v === null ? null : money ? v / 100 : v);
    const label = (s: (typeof chosen)[number]) => (s.group ? tr.t(`consolidation.group.${s.group}` as MessageKey) : s.name);
    const trendChart = c
      ? await lines(
          chosen.flatMap((s) => d.periods.map((p, i) => ({ x: short(tr, p.period), series: label(s), value: scale(s.values[i] ?? null) }))),
          chosen.map(label),
          { label: tr.t('dash.i.trendChart', { name: c.name }), tableId: 'indicators-table', y: c.unit || c.name, format: fmt, target: c.target !== null && c.aggregation === 'cumulative_latest' ? scale(c.target) : null },
        )
      : null;
    const total = chosen.find((s) => !s.group);
    const districtChart = total && total.byDistrict.length ? await bars(total.byDistrict.map((x) => ({ label: x.district, value: scale(x.total) ?? 0 })), { label: tr.t('dash.i.districtChart', { name: total.name, period: d.selected ? periodName(tr, d.selected.period) : '' }), tableId: 'district-table', x: total.unit || total.name, format: fmt }) : null;
    return reply.html(IndicatorsDashboardPage({ ...chrome(request, r, 'indicators', { ...filter, indicator: c?.key ?? '' }, goals), d, trendChart, trendLegend: chosen.map(label), districtChart }));
  });
}

/** The goals of the periods' documents, in order. */
function goalsOf(docs: readonly { doc: { goals: { number: number; title: string }[] } }[]) {
  return [...new Map(docs.flatMap((x) => x.doc.goals.map((g) => [g.number, g.title] as const))).entries()].sort((a, b) => a[0] - b[0]).map(([number, title]) => ({ number, title }));
}

/** The filters in words ("I півріччя 2025 року, ціль 3, Полтавська РВА, територіальна громада"), or '' without any. */
function filterWords(tr: Translator, r: { periods: readonly { key: string; label: string; year: number }[]; directory: Directory }, f: DashboardFilter): string {
  const words: string[] = [];
  const p = r.periods.find((x) => x.key === f.period);
  if (p) words.push(periodName(tr, p as never));
  if (f.goal !== null) words.push(`${tr.t('dash.filter.goal').toLocaleLowerCase('uk')} ${f.goal}`);
  const d = f.district ? r.directory.organisation(f.district) : undefined;
  if (d) words.push(d.shortName ?? d.name);
  if (f.kind) words.push(tr.t(`organisations.kind.${f.kind}` as MessageKey));
  return words.join(', ');
}

/** The district administrations of the directory that have organisations reporting to them, in directory order. */
function districtsOf(directory: Directory) {
  return directory.organisations.filter((o) => o.kind === 'district_administration' && !o.mergedInto && directory.organisations.some((x) => x.parentId === o.id));
}
