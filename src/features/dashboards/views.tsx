import type { ComponentChildren } from 'preact';
import type { OrganisationKind } from '../../db/schema.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { displayIndicatorValue } from '../../domain/reports.ts';
import type { MessageKey, Translator } from '../../i18n/index.ts';
import { Layout, type PageContext } from '../../ui/layout.tsx';
import { RawHtml, type TrustedHtml } from '../../ui/raw-html.tsx';
import { ScrollBox } from '../../ui/table.tsx';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';
import { periodName } from '../reports/service.ts';
import type { DashboardFilter, ExecutorsDashboard, HistoryCell, IndicatorsDashboard, MeasureCell, MeasuresDashboard, PeriodDoc, Rate } from './service.ts';
import { CELL_STATES } from './service.ts';
import { riskText } from './tables.ts';
import type { InstructionView } from '../instructions/service.ts';
import { lineLegend, stackLegend, type LegendItem } from './charts.ts';

/**
 * The dashboards' pages: one layout (tabs, the filter form in the URL, downloads), then each
 * chart with its numbers in a table right after it. States are words with a sign, never colour
 * alone; tables scroll sideways on a phone.
 */

export type Tab = 'measures' | 'executors' | 'indicators';

export const dashboardUrl = (planId: string, tab: Tab = 'measures') => `/plans/${encodeURIComponent(planId)}/dashboard${tab === 'measures' ? '' : `/${tab}`}`;

/** The filter as a query string (empty values left out), with any overrides. */
export function filterQuery(f: DashboardFilter, extra: Record<string, string> = {}): string {
  const params: Record<string, string> = { period: f.period, goal: f.goal === null ? '' : String(f.goal), district: f.district, kind: f.kind, indicator: f.indicator, ...extra };
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();
  return q ? `?${q}` : '';
}

const SIGN: Record<string, string> = { done: '✓', in_progress: '◐', not_done: '✗', not_held: '–', no_reports: '?', on_time: '✓', late: '✓', missing: '✗', declined: '⊘', draft: '✎', not_due: '…', none: '' };

function percent(tr: Translator, v: number | null): string {
  return v === null ? '—' : new Intl.NumberFormat(tr.locale, { style: 'percent', maximumFractionDigits: 0 }).format(v);
}

const shareOf = (n: number, of: number) => (of > 0 ? n / of : null);

export interface DashboardChrome {
  ctx: PageContext;
  plan: PlanView;
  directory: Directory;
  tab: Tab;
  filter: DashboardFilter;
  periods: readonly ReportingPeriod[];
  goals: readonly { number: number; title: string }[];
  districts: readonly OrganisationView[];
  kinds: readonly OrganisationKind[];
  /** The period running now, not yet on the dashboards. */
  running?: ReportingPeriod | null;
}

/** One filter of the form: "Усі" first, then the choices (value, text); the one in the URL selected. */
function FilterSelect(props: { tr: Translator; id: string; label: string; value: string; options: readonly (readonly [string, string])[] }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id}>
        <option value="">{props.tr.t('dash.filter.all')}</option>
        {props.options.map(([value, text]) => (
          <option value={value} selected={props.value === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function DashboardLayout(props: DashboardChrome & { children: ComponentChildren }) {
  const { ctx, plan, filter, tab } = props;
  const { tr } = ctx;
  const { t } = tr;
  const href = dashboardUrl(plan.id, tab);
  const shown: string[] = [];
  const period = props.periods.find((p) => p.key === filter.period);
  if (period) shown.push(periodName(tr, period));
  if (filter.goal !== null && tab !== 'executors') shown.push(t('dash.m.goalHeading', { number: filter.goal, title: props.goals.find((g) => g.number === filter.goal)?.title ?? '' }));
  const district = filter.district ? props.directory.organisation(filter.district) : undefined;
  if (district) shown.push(district.shortName ?? district.name);
  if (filter.kind) shown.push(t(`organisations.kind.${filter.kind}` as MessageKey));
  return (
    <Layout ctx={ctx} title={`${t('dash.title')} — ${plan.shortTitle ?? plan.title}`}>
      <p class="back-link">
        <a href={`/plans/${encodeURIComponent(plan.id)}`}>← {plan.shortTitle ?? plan.title}</a>
      </p>
      <h1>{t('dash.title')}</h1>
      <p class="caption">{plan.title}</p>
      <nav class="tabs" aria-label={t('dash.tabs.label')}>
        {(['measures', 'executors', 'indicators'] as const).map((x) => (
          <a href={`${dashboardUrl(plan.id, x)}${filterQuery({ ...filter, indicator: x === 'indicators' ? filter.indicator : '' })}`} aria-current={x === tab ? 'page' : undefined}>
            {t(`dash.tabs.${x}` as MessageKey)}
          </a>
        ))}
      </nav>
      {props.periods.length > 0 && (
        <form method="get" action={href} class="filter filter--compact" aria-label={t('dash.filter.legend')}>
          <FilterSelect tr={tr} id="period" label={t('dash.filter.period')} value={filter.period} options={[...props.periods].reverse().map((p) => [p.key, periodName(tr, p)])} />
          {tab !== 'executors' && props.goals.length > 1 && (
            <FilterSelect
              tr={tr}
              id="goal"
              label={t('dash.filter.goal')}
              value={filter.goal === null ? '' : String(filter.goal)}
              options={props.goals.map((g) => [String(g.number), t('dash.filter.goalOption', { number: g.number, title: g.title.length > 60 ? `${g.title.slice(0, 58)}…` : g.title })])}
            />
          )}
          {props.districts.length > 0 && <FilterSelect tr={tr} id="district" label={t('dash.filter.district')} value={filter.district} options={props.districts.map((d) => [d.id, d.shortName ?? d.name])} />}
          {props.kinds.length > 1 && <FilterSelect tr={tr} id="kind" label={t('dash.filter.kind')} value={filter.kind} options={props.kinds.map((k) => [k, t(`organisations.kind.${k}` as MessageKey)])} />}
          {filter.indicator && tab === 'indicators' && <input type="hidden" name="indicator" value={filter.indicator} />}
          <button type="submit" class="button button--secondary">
            {t('dash.filter.apply')}
          </button>
        </form>
      )}
      {props.periods.length > 0 && tab !== 'indicators' && <p class="hint">{t('dash.filter.periodHint')}</p>}
      {props.running && (
        <p class="hint">
          {t('dash.running', { period: periodName(tr, props.running) })} <a href={`/plans/${encodeURIComponent(plan.id)}/periods/${props.running.key}/reports`}>{periodName(tr, props.running)}</a>
        </p>
      )}
      {shown.length > 0 && (
        <p class="filter-summary">
          {t('dash.filter.active', { filters: shown.join(', ') })} <a href={href}>{t('dash.filter.reset')}</a>
        </p>
      )}
      {props.periods.length === 0 ? <p class="empty">{t('dash.noPeriods')}</p> : props.children}
      {props.periods.length > 0 && (
        <p class="dash-downloads">
          {t('dash.download')} <a href={`${href}${filterQuery(filter, { format: 'csv' })}`}>{t('dash.download.csv')}</a> · <a href={`${href}${filterQuery(filter, { format: 'xlsx' })}`}>{t('dash.download.xlsx')}</a>
        </p>
      )}
    </Layout>
  );
}

/** A chart made on the server (trusted SVG from Plot, our data escaped by linkedom) and its note. */
function Chart(props: { tr: Translator; svg: TrustedHtml; legend?: LegendItem[] }) {
  return (
    <figure class="chart">
      {/* Scrolls sideways on a phone: reachable by the keyboard. */}
      <div class="chart__body" role="region" tabIndex={0} aria-label={props.tr.t('dash.chartRegion')}>
        <RawHtml html={props.svg} />
      </div>
      <figcaption>
        {props.legend && props.legend.length > 1 && (
          <ul class="chart__legend">
            {props.legend.map((l) => (
              <li>
                {l.fill !== undefined ? (
                  <svg width="14" height="14" aria-hidden="true" focusable="false">
                    <rect x="0.5" y="0.5" width="13" height="13" fill={l.fill} stroke="#000" />
                  </svg>
                ) : (
                  <svg width="28" height="14" aria-hidden="true" focusable="false">
                    <line x1="0" y1="7" x2="28" y2="7" stroke="#000" stroke-width="2" stroke-dasharray={l.dash || undefined} />
                  </svg>
                )}{' '}
                {l.label}
              </li>
            ))}
          </ul>
        )}
        <span class="muted">{props.tr.t('dash.chartTable')}</span>
      </figcaption>
    </figure>
  );
}

function Source(props: { tr: Translator; d: PeriodDoc | null }) {
  const { tr, d } = props;
  if (!d) return null;
  const period = periodName(tr, d.period);
  return <p class="muted">{d.version ? tr.t('dash.source.frozen', { period, number: d.version.number, state: tr.t(`dash.versionState.${d.version.state}` as MessageKey) }) : tr.t('dash.source.live', { period })}</p>;
}

function StateWord(props: { tr: Translator; cell: MeasureCell | null }) {
  const { tr, cell } = props;
  if (!cell) return <span class="muted">{tr.t('dash.m.notInForce')}</span>;
  return (
    <span class={`dash-state dash-state--${cell.state}${cell.marked ? '' : ' dash-state--derived'}`}>
      <span aria-hidden="true">{SIGN[cell.state]} </span>
      {tr.t(`dash.state.${cell.state}` as MessageKey)}
    </span>
  );
}

function measureHref(plan: PlanView, periodKey: string, id: number): string {
  return `/plans/${encodeURIComponent(plan.id)}/periods/${periodKey}/measures/${id}`;
}

// ---- measures ---------------------------------------------------------------------------------------

/** The plan's control instructions at a glance: how many in each state, and the open ones (overdue first). */
function InstructionsPanel(props: { tr: Translator; plan: PlanView; directory: Directory; items: readonly InstructionView[] }) {
  const { tr, plan, items } = props;
  const { t } = tr;
  const base = `/plans/${encodeURIComponent(plan.id)}/instructions`;
  const open = items.filter((i) => i.state === 'issued').sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
  const counts = { open: open.filter((i) => !i.overdue).length, overdue: open.filter((i) => i.overdue).length, answered: items.filter((i) => i.state === 'answered').length, closed: items.filter((i) => i.state === 'closed').length };
  return (
    <section aria-labelledby="instructions-title">
      <h2 id="instructions-title">{t('instr.title')}</h2>
      {items.length === 0 ? (
        <p class="empty">{t('dash.instr.none')}</p>
      ) : (
        <>
          <p>
            {(['overdue', 'open', 'answered', 'closed'] as const).map((k, n) => (
              <>
                {n > 0 && ' · '}
                <a href={`${base}?state=${k}`}>{t(`dash.instr.${k}` as MessageKey, { count: counts[k] })}</a>
              </>
            ))}
          </p>
          {open.length > 0 && (
            <ul class="dash-late">
              {open.slice(0, 10).map((i) => (
                <li>
                  <a href={`${base}/${i.id}`}>
                    № {i.id}: {t(`instr.kind.${i.kind}` as MessageKey)}
                    {i.measureCode && <> ({t('instr.onMeasure', { code: i.measureCode })})</>}
                  </a>{' '}
                  — {props.directory.organisation(i.organisationId)?.shortName ?? props.directory.organisation(i.organisationId)?.name ?? i.organisationId}, {t('instr.home.due', { date: tr.date(i.dueDate) })}
                  {i.overdue && <span class="tag tag--warning">{t('instr.state.overdue')}</span>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

export function MeasuresDashboardPage(props: DashboardChrome & { d: MeasuresDashboard; chart: TrustedHtml | null; mayInstruct: boolean; instructions: readonly InstructionView[] }) {
  const { ctx, plan, d } = props;
  const { tr } = ctx;
  const { t } = tr;
  const si = d.selected ? d.periods.indexOf(d.selected) : -1;
  const selectedName = d.selected ? periodName(tr, d.selected.period) : '';
  const byGoal = d.goals.filter((g) => d.rows.some((r) => r.goal.number === g.number));
  return (
    <DashboardLayout {...props}>
      <Source tr={tr} d={d.selected} />
      <InstructionsPanel tr={tr} plan={plan} directory={props.directory} items={props.instructions} />
      <section aria-labelledby="risk-title">
        <h2 id="risk-title">{t('dash.m.riskTitle', { count: d.atRisk.length })}</h2>
        <p class="hint">{t('dash.m.riskHint', { period: selectedName })}</p>
        {d.atRisk.length === 0 ? (
          <p class="empty">{t('dash.m.riskNone', { period: selectedName })}</p>
        ) : (
          <ScrollBox label={t('dash.m.riskTitle', { count: d.atRisk.length })}>
            <table class="data-table data-table--stack" id="risk-table">
              <thead>
                <tr>
                  <th scope="col">{t('dash.m.col.measure')}</th>
                  <th scope="col">{t('dash.m.col.state')}</th>
                  <th scope="col">{t('dash.m.col.risk')}</th>
                  <th scope="col">{t('dash.m.col.reported')}</th>
                  {props.mayInstruct && <th scope="col"><span class="visually-hidden">{t('instr.new')}</span></th>}
                </tr>
              </thead>
              <tbody>
                {d.atRisk.map((m) => {
                  const cell = m.cells[si] ?? null;
                  return (
                    <tr>
                      <th scope="row">
                        <a href={measureHref(plan, d.selected!.period.key, m.id)}>
                          {m.code} {m.title.length > 140 ? `${m.title.slice(0, 138)}…` : m.title}
                        </a>
                      </th>
                      <td data-label={t('dash.m.col.state')}>
                        <StateWord tr={tr} cell={cell} />
                      </td>
                      <td data-label={t('dash.m.col.risk')}>{m.risks.map((r) => riskText(tr, r, m)).join('; ')}</td>
                      <td class="num" data-label={t('dash.m.col.reported')}>{cell ? (cell.expected === null ? t('dash.m.reportedOnly', { reported: cell.reported }) : t('dash.m.reported', { reported: cell.reported, expected: cell.expected })) : ''}</td>
                      {props.mayInstruct && (
                        <td>
                          <a href={`/plans/${encodeURIComponent(plan.id)}/instructions/new?measure=${m.id}`}>{t('instr.new')}</a>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
      <section aria-labelledby="counts-title">
        <h2 id="counts-title">{t('dash.m.countsTitle')}</h2>
        {props.chart && <Chart tr={tr} svg={props.chart} legend={stackLegend(CELL_STATES.map((s) => t(`dash.state.${s}` as MessageKey)))} />}
        <ScrollBox label={t('dash.m.countsTitle')}>
          <table class="data-table" id="counts-table">
            <thead>
              <tr>
                <th scope="col">{t('dash.m.col.period')}</th>
                {CELL_STATES.map((s) => (
                  <th scope="col" class="num">
                    {t(`dash.state.${s}` as MessageKey)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.counts.map((c, i) => (
                <tr>
                  <th scope="row">{periodName(tr, d.periods[i]!.period)}</th>
                  {CELL_STATES.map((s) => (
                    <td class="num">{c.counts[s]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
      <section aria-labelledby="grid-title">
        <h2 id="grid-title">{t('dash.m.gridTitle')}</h2>
        <p class="hint">{t('dash.m.gridHint')}</p>
        <ScrollBox label={t('dash.m.gridTitle')}>
          <table class="data-table dash-grid" id="grid-table">
            <thead>
              <tr>
                <th scope="col">{t('dash.m.col.measure')}</th>
                {d.periods.map((p) => (
                  <th scope="col">{periodName(tr, p.period)}</th>
                ))}
              </tr>
            </thead>
            {byGoal.map((g) => (
              <tbody>
                <tr class="dash-grid__goal">
                  <th scope="colgroup" colSpan={d.periods.length + 1}>
                    {t('dash.m.goalHeading', { number: g.number, title: g.title })}
                  </th>
                </tr>
                {d.rows
                  .filter((r) => r.goal.number === g.number)
                  .map((m) => (
                    <tr>
                      <th scope="row" class="dash-grid__measure">
                        <span class="dash-grid__code">{m.code}</span> {m.title.length > 110 ? `${m.title.slice(0, 108)}…` : m.title}
                        {m.risks.length > 0 && <span class="tag tag--warning">{riskText(tr, m.risks[0]!, m)}</span>}
                      </th>
                      {d.periods.map((p, i) => (
                        <td>{m.cells[i] ? <a href={measureHref(plan, p.period.key, m.id)}><StateWord tr={tr} cell={m.cells[i]!} /></a> : <StateWord tr={tr} cell={null} />}</td>
                      ))}
                    </tr>
                  ))}
              </tbody>
            ))}
          </table>
        </ScrollBox>
      </section>
    </DashboardLayout>
  );
}

// ---- executors --------------------------------------------------------------------------------------

function RateCells(props: { tr: Translator; r: Rate }) {
  const { tr, r } = props;
  return (
    <>
      <td class="num">{r.expected}</td>
      <td class="num">{r.submitted}</td>
      <td class="num">{r.onTime}</td>
      <td class="num">{percent(tr, shareOf(r.submitted, r.expected))}</td>
      <td class="num">{percent(tr, shareOf(r.onTime, r.expected))}</td>
    </>
  );
}

function RateHead(props: { tr: Translator; first: string }) {
  const { t } = props.tr;
  return (
    <tr>
      <th scope="col">{props.first}</th>
      <th scope="col" class="num">{t('dash.e.col.expected')}</th>
      <th scope="col" class="num">{t('dash.e.col.submitted')}</th>
      <th scope="col" class="num">{t('dash.e.col.onTime')}</th>
      <th scope="col" class="num">{t('dash.e.col.completeness')}</th>
      <th scope="col" class="num">{t('dash.e.col.timeliness')}</th>
    </tr>
  );
}

function HistoryWord(props: { tr: Translator; cell: HistoryCell | null }) {
  const c = props.cell ?? 'none';
  return (
    <span class={`dash-history dash-history--${c}`}>
      {SIGN[c] && <span aria-hidden="true">{SIGN[c]} </span>}
      {props.tr.t(`dash.e.cell.${c}` as MessageKey)}
    </span>
  );
}

export function ExecutorsDashboardPage(props: DashboardChrome & { d: ExecutorsDashboard; now: Date; ratesChart: TrustedHtml | null; districtsChart: TrustedHtml | null }) {
  const { ctx, plan, d, directory, filter } = props;
  const { tr } = ctx;
  const { t } = tr;
  const si = d.selected ? d.periods.indexOf(d.selected) : -1;
  const selectedName = d.selected ? periodName(tr, d.selected) : '';
  const due = d.selected ? props.now.toISOString() >= d.selected.executorDeadline.instant : true;
  const reportHref = (o: OrganisationView, p: ReportingPeriod) => `/reports/${encodeURIComponent(plan.id)}/${p.key}/${encodeURIComponent(o.id)}`;
  const districtName = (id: string | null) => (id ? (directory.organisation(id)?.shortName ?? directory.organisation(id)?.name ?? '') : '');
  return (
    <DashboardLayout {...props}>
      <section aria-labelledby="rates-title">
        <h2 id="rates-title">{t('dash.e.ratesTitle')}</h2>
        <p class="hint">{t('dash.e.ratesHint')}</p>
        {props.ratesChart && <Chart tr={tr} svg={props.ratesChart} legend={lineLegend([t('dash.e.completeness'), t('dash.e.timeliness')])} />}
        <ScrollBox label={t('dash.e.ratesTitle')}>
          <table class="data-table" id="rates-table">
            <thead>
              <RateHead tr={tr} first={t('dash.e.col.group')} />
            </thead>
            {d.rates.map((r, i) => (
              <tbody>
                <tr class="dash-grid__goal">
                  <th scope="colgroup" colSpan={6}>
                    {periodName(tr, d.periods[i]!)}
                  </th>
                </tr>
                <tr>
                  <th scope="row">{t('dash.e.overall')}</th>
                  <RateCells tr={tr} r={r.overall} />
                </tr>
                {r.byKind.map((k) => (
                  <tr>
                    <th scope="row" class="dash-indent">{t(`organisations.kind.${k.kind}` as MessageKey)}</th>
                    <RateCells tr={tr} r={k.rate} />
                  </tr>
                ))}
                {r.byConsent.expected > 0 && (
                  <tr>
                    <th scope="row">{t('dash.e.byConsent')}</th>
                    <RateCells tr={tr} r={r.byConsent} />
                  </tr>
                )}
              </tbody>
            ))}
          </table>
        </ScrollBox>
      </section>
      <section aria-labelledby="late-title">
        <h2 id="late-title">{t('dash.e.lateTitle', { count: d.lateNow.length })}</h2>
        {d.selected && !due ? (
          <p class="empty">{t('dash.e.lateNotDue', { period: selectedName, date: tr.date(d.selected.executorDeadline.date) })}</p>
        ) : d.lateNow.length === 0 ? (
          <p class="empty">{t('dash.e.lateNone', { period: selectedName })}</p>
        ) : (
          <>
            <p class="hint">{t('dash.e.lateHint', { period: selectedName, date: d.selected ? tr.date(d.selected.executorDeadline.date) : '' })}</p>
            <ul class="dash-late">
              {d.lateNow.map((r) => (
                <li>
                  <a href={reportHref(r.organisation, d.selected!)}>{r.organisation.name}</a> — <HistoryWord tr={tr} cell={r.cells[si] ?? null} />
                  {r.districtId && r.districtId !== r.organisation.id && <span class="muted"> ({districtName(r.districtId)})</span>}
                </li>
              ))}
            </ul>
            <p>
              <a href={`/plans/${encodeURIComponent(plan.id)}/periods/${d.selected!.key}/reports?list=missing#grid`}>{t('dash.e.remind')}</a>
            </p>
          </>
        )}
      </section>
      <section aria-labelledby="districts-title">
        <h2 id="districts-title">{t('dash.e.districtsTitle', { period: selectedName })}</h2>
        {d.districts.length === 0 ? (
          <p class="empty">{t('dash.e.districtsNone')}</p>
        ) : (
          <>
            <p class="hint">{t('dash.e.districtsHint')}</p>
            {props.districtsChart && <Chart tr={tr} svg={props.districtsChart} />}
            <ScrollBox label={t('dash.e.districtsTitle', { period: selectedName })}>
              <table class="data-table" id="districts-table">
                <thead>
                  <tr>
                    <th scope="col">{t('dash.e.col.district')}</th>
                    <th scope="col" class="num">{t('dash.e.col.expected')}</th>
                    <th scope="col" class="num">{t('dash.e.col.submitted')}</th>
                    <th scope="col" class="num">{t('dash.e.col.onTime')}</th>
                    <th scope="col" class="num">{t('dash.e.col.completeness')}</th>
                    <th scope="col" class="num">{t('dash.e.col.timeliness')}</th>
                    <th scope="col" class="num">{t('dash.e.col.byConsent')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.districts.map((x) => (
                    <tr>
                      <th scope="row">
                        <a href={`${dashboardUrl(plan.id, 'executors')}${filterQuery({ ...filter, district: x.district.id })}#history-title`}>{x.district.shortName ?? x.district.name}</a>
                      </th>
                      <RateCells tr={tr} r={x.rate} />
                      <td class="num">{x.byConsent.expected ? `${x.byConsent.submitted} / ${x.byConsent.expected}` : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollBox>
          </>
        )}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('dash.e.historyTitle')}</h2>
        {d.rows.length === 0 ? (
          <p class="empty">{t('dash.e.historyNone')}</p>
        ) : (
          <ScrollBox label={t('dash.e.historyTitle')}>
            <table class="data-table dash-grid" id="history-table">
              <thead>
                <tr>
                  <th scope="col">{t('dash.e.col.organisation')}</th>
                  {d.periods.map((p) => (
                    <th scope="col">{periodName(tr, p)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr>
                    <th scope="row">
                      {r.organisation.shortName ?? r.organisation.name}
                      {r.byConsent && <span class="muted"> {t('dash.e.byConsent').toLocaleLowerCase('uk')}</span>}
                    </th>
                    {r.cells.map((c, i) => (
                      <td>{c === 'on_time' || c === 'late' ? <a href={reportHref(r.organisation, d.periods[i]!)}><HistoryWord tr={tr} cell={c} /></a> : <HistoryWord tr={tr} cell={c} />}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
    </DashboardLayout>
  );
}

// ---- indicators -------------------------------------------------------------------------------------

export function IndicatorsDashboardPage(props: DashboardChrome & { d: IndicatorsDashboard; trendChart: TrustedHtml | null; trendLegend: string[]; districtChart: TrustedHtml | null }) {
  const { ctx, plan, d, filter } = props;
  const { tr } = ctx;
  const { t } = tr;
  const chosen = d.chosen[0];
  const total = d.chosen.find((s) => !s.group);
  const selectedName = d.selected ? periodName(tr, d.selected.period) : '';
  const grouped = d.series.some((s) => s.group);
  return (
    <DashboardLayout {...props}>
      <section aria-labelledby="indicators-title">
        <h2 id="indicators-title">{t('dash.i.tableTitle')}</h2>
        <p class="hint">{t('dash.i.hint')}</p>
        {grouped && <p class="hint">{t('dash.i.groupedHint')}</p>}
        {d.series.length === 0 ? (
          <p class="empty">{t('dash.i.none')}</p>
        ) : (
          <ScrollBox label={t('dash.i.tableTitle')}>
            <table class="data-table" id="indicators-table">
              <thead>
                <tr>
                  <th scope="col">{t('dash.i.col.measure')}</th>
                  <th scope="col">{t('dash.i.col.indicator')}</th>
                  {d.periods.map((p) => (
                    <th scope="col" class="num">
                      {periodName(tr, p.period)}
                    </th>
                  ))}
                  <th scope="col" class="num">{t('dash.i.col.target')}</th>
                  <th scope="col" class="num">{t('dash.i.col.progress')}</th>
                </tr>
              </thead>
              <tbody>
                {d.series.map((s, i) => {
                  const first = i === 0 || d.series[i - 1]!.key !== s.key;
                  return (
                    <tr class={first ? undefined : 'dash-subrow'}>
                      <td>{first ? s.measureCode : ''}</td>
                      <th scope="row">
                        {first && (
                          <>
                            {chosen?.key === s.key ? <a href="#trend-title">{s.name}</a> : <a href={`${dashboardUrl(plan.id, 'indicators')}${filterQuery({ ...filter, indicator: s.key })}#trend-title`}>{s.name}</a>}
                            {s.unit && <span class="muted"> ({s.unit})</span>}
                          </>
                        )}
                        {s.group && <span class={first ? 'block muted' : 'muted'}>{first ? '' : <span class="visually-hidden">{s.name}: </span>}{t(`consolidation.group.${s.group}` as MessageKey)}</span>}
                      </th>
                      {s.values.map((v) => (
                        <td class="num">{displayIndicatorValue(s.kind, v)}</td>
                      ))}
                      <td class="num">{s.target === null ? '—' : displayIndicatorValue(s.kind, s.target)}</td>
                      <td class="num">{percent(tr, s.progress)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
      {chosen && (
        <section aria-labelledby="trend-title">
          <h2 id="trend-title">{t('dash.i.trendTitle', { name: `${chosen.measureCode} ${chosen.name}` })}</h2>
          {props.trendChart && <Chart tr={tr} svg={props.trendChart} legend={lineLegend(props.trendLegend)} />}
          {total && total.target !== null &&
            (total.aggregation === 'cumulative_latest' ? (
              <p class="hint">{t('dash.i.targetNote', { target: displayIndicatorValue(total.kind, total.target) })}</p>
            ) : (
              total.progress !== null && <p class="hint">{t('dash.i.progressNote', { progress: percent(tr, total.progress), target: displayIndicatorValue(total.kind, total.target) })}</p>
            ))}
          <h3 id="district-title">{t('dash.i.districtTitle', { period: selectedName })}</h3>
          {!total ? (
            <p class="empty">{t('dash.i.districtGrouped')}</p>
          ) : total.byDistrict.length === 0 ? (
            <p class="empty">{t('dash.i.districtNone', { period: selectedName })}</p>
          ) : (
            <>
              {props.districtChart && <Chart tr={tr} svg={props.districtChart} />}
              <table class="data-table" id="district-table">
                <thead>
                  <tr>
                    <th scope="col">{t('dash.e.col.district')}</th>
                    <th scope="col" class="num">
                      {total.unit || t('dash.i.col.indicator')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {total.byDistrict.map((x) => (
                    <tr>
                      <th scope="row">{x.district}</th>
                      <td class="num">{displayIndicatorValue(total.kind, x.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
    </DashboardLayout>
  );
}
