import { AccountStateTag } from '../../ui/account-state.tsx';
import type { AccountState } from '../invitations/service.ts';
import type { MessageKey, Translator } from '../../i18n/index.ts';
import { formatLocalDate } from '../../domain/dates.ts';
import { displayIndicatorValue } from '../../domain/reports.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { CsrfField } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { TextDiff } from '../../ui/text-diff.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import { ORGANISATION_KINDS } from '../../db/schema.ts';
import type { PeriodMeasure, PlanView } from '../plans/service.ts';
import { ScrollBox } from '../../ui/table.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { CONSENT_ANSWERS, GRID_STATES, type GridFilter, type GridRow, type MeasureEntryRow, type PeriodGrid, type Rate, type Rates } from './period.ts';
import type { EntryComparison } from './review.ts';
import type { ReportView, SubmissionView } from './service.ts';
import { entryStateLabel, periodName, ReportStateTag, reportUrl } from './views.tsx';

/** The coordinator's period at a glance (grid and rates), and the comparison of two submissions. */

function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

function gridHref(plan: PlanView, period: ReportingPeriod, params: Partial<GridFilter> = {}): string {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v) as [string, string][]).toString();
  return `/plans/${encodeURIComponent(plan.id)}/periods/${period.key}/reports${q ? `?${q}` : ''}#grid`;
}

function RateFigures(props: { tr: Translator; rate: Rate; href: (list: GridFilter['list']) => string }) {
  const { t } = props.tr;
  const r = props.rate;
  return (
    <dl class="rates__figures">
      <div>
        <dt>{t('grid.rates.completeness')}</dt>
        <dd>
          <a href={props.href('submitted')} class="rates__number">
            {percent(r.completeness)}
          </a>
          <span class="muted">{t('grid.rates.ofExpected', { count: r.submitted, expected: r.expected })}</span>
        </dd>
      </div>
      <div>
        <dt>{t('grid.rates.timeliness')}</dt>
        <dd>
          <a href={props.href('on-time')} class="rates__number">
            {percent(r.timeliness)}
          </a>
          <span class="muted">{t('grid.rates.ofExpected', { count: r.onTime, expected: r.expected })}</span>
          {r.submitted > r.onTime && (
            <a href={props.href('late')} class="rates__late">
              {t('grid.rates.late', { count: r.submitted - r.onTime })}
            </a>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('grid.rates.missing')}</dt>
        <dd>
          <a href={props.href('missing')} class="rates__number">
            {r.expected - r.submitted}
          </a>
        </dd>
      </div>
    </dl>
  );
}

function RatesSection(props: { tr: Translator; plan: PlanView; period: ReportingPeriod; rates: Rates }) {
  const { tr, plan, period, rates } = props;
  const { t } = tr;
  return (
    <section class="rates" aria-labelledby="rates-title">
      <h2 id="rates-title">{t('grid.rates.title')}</h2>
      <p class="hint">{t('grid.rates.hint')}</p>
      <div class="rates__groups">
        <div class="rates__group">
          <h3>{t('grid.rates.subordinate')}</h3>
          <RateFigures tr={tr} rate={rates.overall} href={(list) => gridHref(plan, period, { list, consent: 'subordinate' })} />
        </div>
        <div class="rates__group">
          <h3>{t('grid.rates.byConsent')}</h3>
          <RateFigures tr={tr} rate={rates.byConsent} href={(list) => gridHref(plan, period, { list, consent: 'by-consent' })} />
          <p class="muted">
            <a href={gridHref(plan, period, { list: 'declined' })}>{t('grid.rates.declined', { count: rates.byConsent.declined })}</a>
          </p>
        </div>
      </div>
      <ScrollBox label={t('grid.rates.byKind')}>
        <table class="data-table rates__table">
          <caption>{t('grid.rates.byKind')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('grid.col.kind')}</th>
              <th scope="col" class="num">
                {t('grid.col.expected')}
              </th>
              <th scope="col" class="num">
                {t('grid.col.submitted')}
              </th>
              <th scope="col" class="num">
                {t('grid.col.onTime')}
              </th>
              <th scope="col" class="num">
                {t('grid.rates.completeness')}
              </th>
              <th scope="col" class="num">
                {t('grid.rates.timeliness')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rates.byKind.map(({ kind, rate }) => (
              <tr>
                <th scope="row">
                  <a href={gridHref(plan, period, { kind })}>{t(`organisations.kind.${kind}` as MessageKey)}</a>
                </th>
                <td class="num">{rate.expected}</td>
                <td class="num">
                  <a href={gridHref(plan, period, { kind, list: 'submitted' })}>{rate.submitted}</a>
                </td>
                <td class="num">
                  <a href={gridHref(plan, period, { kind, list: 'on-time' })}>{rate.onTime}</a>
                </td>
                <td class="num">{percent(rate.completeness)}</td>
                <td class="num">{percent(rate.timeliness)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </section>
  );
}

function StateCell(props: { tr: Translator; row: GridRow; overdue: boolean }) {
  const { tr, row: r } = props;
  const { t } = tr;
  // A by-consent body's silence is "не надано (за згодою)" once the deadline has passed, never a breach; a refusal says so.
  const declined = r.byConsent && r.state === 'not_started' && r.consent?.answer === 'declined';
  const silent = r.byConsent && r.state === 'not_started' && props.overdue;
  return (
    <>
      {declined ? <span class="tag tag--warning">{t('grid.declinedByConsent')}</span> : silent ? <span class="tag">{t('grid.notProvidedByConsent')}</span> : <ReportStateTag tr={tr} state={r.state} />}
      {r.state === 'draft' && r.updatedAt && <span class="muted nowrap"> {t('report.savedAt', { at: formatInstant(r.updatedAt) })}</span>}
      {r.onBehalf && <span class="tag tag--consent">{t('report.onBehalf.tag')}</span>}
      {r.consent && r.state === 'not_started' && (r.consent.answer !== 'declined' || r.consent.note) && (
        <span class="muted consent-answer">
          {' '}
          {r.consent.answer !== 'declined' && t(`grid.consent.answer.${r.consent.answer}` as MessageKey)}
          {r.consent.note && <>{r.consent.answer !== 'declined' ? ': ' : ''}{r.consent.note}</>}
        </span>
      )}
    </>
  );
}

function ConsentForm(props: { tr: Translator; csrf: string; plan: PlanView; period: ReportingPeriod; row: GridRow; errors: Record<string, string> | undefined; typed: { answer: string; note: string } | undefined }) {
  const { tr, row } = props;
  const { t } = tr;
  const id = `consent-${row.organisation.id}`;
  const errors = props.errors ?? {};
  return (
    <details class="consent-form" open={Object.keys(errors).length > 0}>
      <summary>
        {t('grid.consent.record')}
        <span class="visually-hidden"> {row.organisation.name}</span>
      </summary>
      <form method="post" action={`/plans/${encodeURIComponent(props.plan.id)}/periods/${props.period.key}/consent/${row.organisation.id}`} class="form">
        <CsrfField token={props.csrf} />
        <div class={`field${errors.answer ? ' field--error' : ''}`}>
          <label for={`${id}-answer`}>{t('grid.consent.answerLabel')}</label>
          {errors.answer && <p class="field__error">{errors.answer}</p>}
          <select id={`${id}-answer`} name="answer">
            {CONSENT_ANSWERS.map((a) => (
              <option value={a} selected={(props.typed?.answer ?? row.consent?.answer ?? 'asked') === a}>
                {t(`grid.consent.answer.${a}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div class={`field${errors.note ? ' field--error' : ''}`}>
          <label for={`${id}-note`}>{t('grid.consent.note')}</label>
          {errors.note && (
            <p class="field__error" id={`${id}-note-error`}>
              <span class="visually-hidden">{t('error.prefix')}</span>
              {errors.note}
            </p>
          )}
          <input id={`${id}-note`} name="note" type="text" maxLength={1000} value={props.typed?.note ?? row.consent?.note ?? ''} class="input--medium" aria-invalid={errors.note ? 'true' : undefined} aria-describedby={errors.note ? `${id}-note-error` : undefined} />
        </div>
        <button type="submit" class="button button--secondary button--small">
          {t('grid.consent.save')}
        </button>
      </form>
    </details>
  );
}

export function PeriodReportsPage(props: {
  ctx: PageContext;
  csrf: string;
  plan: PlanView;
  period: ReportingPeriod;
  periods: ReportingPeriod[];
  grid: PeriodGrid;
  rows: GridRow[];
  rates: Rates;
  filter: GridFilter;
  directory: Directory;
  coordinates: boolean;
  /** A district administration's view: only it and the communities that report to it. */
  district: OrganisationView | null;
  consentErrors: Record<string, Record<string, string>>;
  consentTyped?: Record<string, { answer: string; note: string }>;
  summary?: { field: string; message: string }[];
  notice?: string | undefined;
  now: string;
  measures: PeriodMeasure[];
  accounts: Map<string, AccountState> | null;
  /** When each organisation was last reminded of this period's report (the coordinator's view). */
  reminded: Map<string, string> | null;
  mayInvite: boolean;
}) {
  const { plan, period, filter, directory } = props;
  const { tr } = props.ctx;
  const { t } = tr;
  const title = props.district ? t('grid.district.title', { period: periodName(tr, period), district: props.district.shortName ?? props.district.name }) : t('report.period.title', { period: periodName(tr, period) });
  const districts = [...new Set(props.grid.rows.map((r) => r.districtId).filter((d): d is string => d !== null))]
    .map((id) => directory.organisation(id)!)
    .filter(Boolean)
    .sort((a, b) => (a.shortName ?? a.name).localeCompare(b.shortName ?? b.name, 'uk'));
  const kinds = ORGANISATION_KINDS.filter((k) => props.grid.rows.some((r) => r.organisation.kind === k));
  const filtered = Boolean(filter.district || filter.kind || filter.state || filter.list || filter.consent);
  const overdue = props.now >= period.executorDeadline.instant;
  return (
    <Layout ctx={props.ctx} title={title} hasError={(props.summary ?? []).length > 0}>
      <ErrorSummary tr={tr} errors={props.summary ?? []} />
      <p class="caption">
        <a href={`/plans/${encodeURIComponent(plan.id)}`}>{plan.shortTitle ?? plan.title}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t('grid.intro', { deadline: formatLocalDate(period.executorDeadline.date), count: props.grid.rows.length })}</p>
      {props.district && <p>{t('grid.district.intro', { district: props.district.name })}</p>}
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <nav class="tabs" aria-label={t('report.period.others')}>
        {props.periods.map((p) => (
          <a href={`/plans/${encodeURIComponent(plan.id)}/periods/${p.key}/reports`} aria-current={p.key === period.key ? 'page' : undefined}>
            {periodName(tr, p)}
          </a>
        ))}
      </nav>
      <p>
        {!props.district && (
          <a class="button button--secondary" href={`/plans/${encodeURIComponent(plan.id)}/periods/${period.key}/consolidation`}>
            {t('consolidation.nav')}
          </a>
        )}{' '}
        {(props.coordinates || props.district) && (
          <a class="button button--secondary" href={`/plans/${encodeURIComponent(plan.id)}/periods/${period.key}/remind`}>
            {t('nudge.link')}
          </a>
        )}{' '}
        {props.mayInvite && (
          <a class="button button--secondary" href={`/plans/${encodeURIComponent(plan.id)}/invitations`}>
            {t('invitations.link')}
          </a>
        )}
      </p>
      <RatesSection tr={tr} plan={plan} period={period} rates={props.rates} />
      <PeriodMeasureList tr={tr} plan={plan} period={period} measures={props.measures} />
      <section aria-labelledby="grid-title" id="grid">
        <h2 id="grid-title">{t('grid.title')}</h2>
        <form method="get" action={`/plans/${encodeURIComponent(plan.id)}/periods/${period.key}/reports#grid`} class="filter filter--compact">
          {!props.district && (
          <div class="field">
            <label for="district">{t('grid.filter.district')}</label>
            <select id="district" name="district">
              <option value="">{t('grid.filter.all')}</option>
              {districts.map((d) => (
                <option value={d.id} selected={filter.district === d.id}>
                  {d.shortName ?? d.name}
                </option>
              ))}
            </select>
          </div>
          )}
          <div class="field">
            <label for="kind">{t('grid.filter.kind')}</label>
            <select id="kind" name="kind">
              <option value="">{t('grid.filter.all')}</option>
              {kinds.map((k) => (
                <option value={k} selected={filter.kind === k}>
                  {t(`organisations.kind.${k}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="state">{t('grid.filter.state')}</label>
            <select id="state" name="state">
              <option value="">{t('grid.filter.all')}</option>
              {GRID_STATES.map((s) => (
                <option value={s} selected={filter.state === s}>
                  {t(`report.state.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          {filter.list && <input type="hidden" name="list" value={filter.list} />}
          {filter.consent && <input type="hidden" name="consent" value={filter.consent} />}
          <button type="submit" class="button button--secondary">
            {t('grid.filter.apply')}
          </button>
        </form>
        {filtered && (
          <p class="filter-summary">
            {filter.list && <span class="tag">{t(`grid.list.${filter.list}` as MessageKey)}</span>}
            {filter.consent && <span class="tag">{t(filter.consent === 'by-consent' ? 'grid.rates.byConsent' : 'grid.rates.subordinate')}</span>}{' '}
            {t('grid.shown', { count: props.rows.length, total: props.grid.rows.length })} · <a href={gridHref(plan, period)}>{t('grid.filter.reset')}</a>
          </p>
        )}
        {props.rows.length === 0 ? (
          <p class="empty">{t('grid.none')}</p>
        ) : (
          <ScrollBox label={t('grid.title')}>
            <table class="data-table report-grid">
              <caption class="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('report.col.organisation')}</th>
                  <th scope="col">{t('report.col.state')}</th>
                  <th scope="col">{t('grid.col.submittedAt')}</th>
                  <th scope="col">{t('grid.col.measures')}</th>
                  {props.accounts && <th scope="col">{t('invitations.col.account')}</th>}
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r) => (
                  <tr id={`org-${r.organisation.id}`}>
                    <th scope="row">
                      <a href={reportUrl(plan.id, period.key, r.organisation.id)}>{r.organisation.name}</a>
                      {r.byConsent && <span class="tag tag--consent">{t('measure.byConsent')}</span>}
                      {props.coordinates && r.byConsent && r.state === 'not_started' && <ConsentForm tr={tr} csrf={props.csrf} plan={plan} period={period} row={r} errors={props.consentErrors[r.organisation.id]} typed={props.consentTyped?.[r.organisation.id]} />}
                      {props.coordinates && r.owed > 0 && (r.onBehalf || r.organisation.declinedZvitAt !== null || (props.accounts ? props.accounts.get(r.organisation.id)?.kind !== 'active' : r.byConsent)) && (r.state === 'not_started' || (r.onBehalf && (r.state === 'draft' || r.state === 'returned'))) && (
                        <span class="block fill-in-links">
                          <a href={`/plans/${encodeURIComponent(plan.id)}/periods/${period.key}/organisations/${encodeURIComponent(r.organisation.id)}/fill-in`} download>
                            {t('fillIn.link.download')}
                          </a>
                          {' · '}
                          <a href={`/plans/${encodeURIComponent(plan.id)}/periods/${period.key}/organisations/${encodeURIComponent(r.organisation.id)}/fill-in/upload`}>{t('fillIn.link.upload')}</a>
                        </span>
                      )}
                    </th>
                    <td>
                      <StateCell tr={tr} row={r} overdue={overdue} />
                      {r.withDistrict && <span class="tag tag--consent">{t('district.review.withDistrict')}</span>}
                    </td>
                    <td>
                      {r.firstSubmittedAt ? (
                        <>
                          {r.letter ? (
                            <>
                              {t('report.onBehalf.letter', { number: r.letter.number, date: formatLocalDate(r.letter.date) })} <span class="muted nowrap">({t('grid.enteredAt', { at: formatInstant(r.firstSubmittedAt) })})</span>
                            </>
                          ) : (
                            <span class="nowrap">{formatInstant(r.firstSubmittedAt)}</span>
                          )}{' '}
                          {r.late ? <span class="tag tag--warning">{t('report.late')}</span> : <span class="tag tag--active">{t('grid.onTime')}</span>}
                          {r.submissions > 1 && <span class="muted nowrap"> · {t('grid.submissions', { count: r.submissions })}</span>}
                        </>
                      ) : overdue && !r.byConsent ? (
                        <span class="tag tag--warning">{t('grid.overdue')}</span>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                    <td>
                      {r.owed}
                      {r.uncovered > 0 && r.state !== 'not_started' && <span class="muted nowrap"> · {t('grid.uncovered', { count: r.uncovered })}</span>}
                    </td>
                    {props.accounts && (
                      <td>
                        <AccountStateTag tr={tr} state={props.accounts.get(r.organisation.id)} />
                        {props.reminded?.has(r.organisation.id) && <span class="block muted">{t('grid.reminded', { at: formatInstant(props.reminded.get(r.organisation.id)!) })}</span>}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        )}
      </section>
    </Layout>
  );
}

// ---- comparing two submissions -------------------------------------------------------------------

export function ComparePage(props: { ctx: PageContext; view: ReportView; from: SubmissionView; to: SubmissionView; rows: EntryComparison[] }) {
  const { view, from, to, rows } = props;
  const { tr } = props.ctx;
  const { t } = tr;
  const title = t('compare.title', { from: from.number, to: to.number });
  const changed = rows.filter((r) => r.changed);
  const same = rows.filter((r) => !r.changed);
  return (
    <Layout ctx={props.ctx} title={`${title} — ${view.organisation.name}`}>
      <p class="back-link">
        <a href={reportUrl(view.plan.id, view.period.key, view.organisation.id)}>← {t('compare.back')}</a>
      </p>
      <p class="caption">{t('report.title', { period: periodName(tr, view.period), organisation: view.organisation.name })}</p>
      <h1>{title}</h1>
      <p>
        {t('compare.intro', { from: `${from.number} (${formatInstant(from.submittedAt)})`, to: `${to.number} (${formatInstant(to.submittedAt)})` })}
      </p>
      {changed.length === 0 && <p class="notice">{t('compare.noChanges')}</p>}
      {changed.map((r) => (
        <article class="entry entry--read compare" id={`m${r.measureId}`}>
          <h2 class="entry__title">
            <span class="measure-code">{r.code}</span> {r.title}
          </h2>
          {!r.before && <p class="notice">{t('compare.onlyAfter', { number: to.number })}</p>}
          {!r.after && <p class="notice">{t('compare.onlyBefore', { number: from.number })}</p>}
          <dl class="summary-list">
            {(r.before?.state ?? null) !== (r.after?.state ?? null) ? (
              <div>
                <dt>{t('compare.state')}</dt>
                <dd>
                  <del>{entryStateLabel(tr, r.before?.state ?? null)}</del> → <ins>{entryStateLabel(tr, r.after?.state ?? null)}</ins>
                </dd>
              </div>
            ) : (
              <div>
                <dt>{t('compare.state')}</dt>
                <dd>{entryStateLabel(tr, r.after?.state ?? r.before?.state ?? null)}</dd>
              </div>
            )}
            {(r.before?.reason ?? '') !== (r.after?.reason ?? '') && (
              <div>
                <dt>{t('compare.reason')}</dt>
                <dd>
                  <TextDiff tr={tr} before={r.before?.reason ?? ''} after={r.after?.reason ?? ''} />
                </dd>
              </div>
            )}
            <div>
              <dt>{t('compare.narrative')}</dt>
              <dd>{(r.before?.narrative ?? '') === (r.after?.narrative ?? '') ? <span class="muted">{t('compare.unchanged')}</span> : <TextDiff tr={tr} before={r.before?.narrative ?? ''} after={r.after?.narrative ?? ''} />}</dd>
            </div>
            {r.values.map((v) => (
              <div>
                <dt>
                  {v.name}, {v.unit}
                </dt>
                <dd>
                  {v.before === v.after ? (
                    displayIndicatorValue(v.kind, v.after)
                  ) : (
                    <>
                      <del>{displayIndicatorValue(v.kind, v.before)}</del> → <ins>{displayIndicatorValue(v.kind, v.after)}</ins>
                    </>
                  )}
                </dd>
              </div>
            ))}
            {JSON.stringify(r.before?.links ?? []) !== JSON.stringify(r.after?.links ?? []) && (
              <div>
                <dt>{t('compare.links')}</dt>
                <dd>
                  <TextDiff tr={tr} before={(r.before?.links ?? []).join('\n')} after={(r.after?.links ?? []).join('\n')} />
                </dd>
              </div>
            )}
          </dl>
        </article>
      ))}
      {same.length > 0 && (
        <section aria-labelledby="same-title">
          <h2 id="same-title">{t('compare.unchanged')}</h2>
          <p class="muted">{same.map((r) => r.code).join(', ')}</p>
        </section>
      )}
    </Layout>
  );
}


// ---- one measure across its executors -----------------------------------------------------------

export function PeriodMeasurePage(props: { ctx: PageContext; plan: PlanView; period: ReportingPeriod; measure: PeriodMeasure; rows: MeasureEntryRow[] }) {
  const { plan, period, measure, rows } = props;
  const { tr } = props.ctx;
  const { t } = tr;
  const title = t('periodMeasure.title', { code: measure.code, period: periodName(tr, period) });
  const reported = rows.filter((r) => r.entry);
  const done = reported.filter((r) => r.entry!.state === 'done').length;
  return (
    <Layout ctx={props.ctx} title={title}>
      <p class="back-link">
        <a href={gridHref(plan, period).replace('#grid', '')}>← {t('report.period.title', { period: periodName(tr, period) })}</a>
      </p>
      <p class="caption">{plan.shortTitle ?? plan.title}</p>
      <h1>{title}</h1>
      <p class="measure-text">{measure.title}</p>
      <p class="lead">
        {t('periodMeasure.summary', { reported: reported.length, total: rows.length, done })} {rows.some((r) => r.isLead) && t('periodMeasure.leadFirst')}
      </p>
      <ol class="plain-list measure-entries">
        {rows.map((r) => (
          <li class={`entry entry--read${r.isLead ? ' entry--lead' : ''}`} id={`org-${r.organisation.id}`}>
            <h2 class="entry__title">
              <a href={reportUrl(plan.id, period.key, r.organisation.id)}>{r.organisation.name}</a>
              {r.isLead && <span class="tag tag--lead">{t('measure.lead')}</span>}
            </h2>
            {r.entry && r.submission ? (
              <dl class="summary-list">
                <div>
                  <dt>{t('report.field.state')}</dt>
                  <dd>
                    {entryStateLabel(tr, r.entry.state)} <span class="muted">· {t('periodMeasure.submission', { number: r.submission.number, at: formatInstant(r.submission.submittedAt) })}</span>
                    {r.state !== 'accepted' && <span class="tag tag--draft">{t(`report.state.${r.state}` as MessageKey)}</span>}
                  </dd>
                </div>
                {r.entry.reason && (
                  <div>
                    <dt>{t('compare.reason')}</dt>
                    <dd>{r.entry.reason}</dd>
                  </div>
                )}
                <div>
                  <dt>{t('report.field.narrative')}</dt>
                  <dd>{r.entry.narrative ? <Paragraphs text={r.entry.narrative} /> : <span class="muted">—</span>}</dd>
                </div>
                {r.entry.values.map((v) => (
                  <div>
                    <dt>
                      {v.name}, {v.unit}
                    </dt>
                    <dd>{displayIndicatorValue(v.kind, v.value)}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p class="muted">{t('periodMeasure.notSubmitted', { state: t(`report.state.${r.state}` as MessageKey) })}</p>
            )}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

export function PeriodMeasureList(props: { tr: Translator; plan: PlanView; period: ReportingPeriod; measures: PeriodMeasure[] }) {
  const { t } = props.tr;
  return (
    <details class="period-measures">
      <summary>{t('periodMeasure.listTitle', { count: props.measures.length })}</summary>
      <ul class="plain-list">
        {props.measures.map((m) => (
          <li>
            <a href={`/plans/${encodeURIComponent(props.plan.id)}/periods/${props.period.key}/measures/${m.id}`}>
              <span class="measure-code">{m.code}</span> {m.title.length > 140 ? `${m.title.slice(0, 140)}…` : m.title}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
