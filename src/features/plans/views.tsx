import type { ComponentChildren } from 'preact';
import type { Translator } from '../../i18n/index.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { groupDisplayName, type Directory } from '../organisations/service.ts';
import type { CalendarEntry, ExecutorRef, MeasureDetail, MeasureView, PlanOutline, PlanView } from './service.ts';
import type { ReportingPeriod, Deadline } from '../../domain/periods.ts';
import { CsrfField } from '../../ui/form.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { ImportRecord } from '../imports/service.ts';

export interface FilterState {
  executor: string;
  q: string;
  errors: { field: 'executor' | 'q'; message: string }[];
}

function planHref(planId: string): string {
  return `/plans/${encodeURIComponent(planId)}`;
}

export function measureHref(planId: string, measureId: number): string {
  return `${planHref(planId)}/measures/${measureId}`;
}

/** The kind of legal act, in the reader's language where it is a known Ukrainian kind. */
export function legalKind(tr: Translator, kind: string): string {
  const known: Record<string, MessageKey> = { розпорядження: 'legal.order', наказ: 'legal.order', постанова: 'legal.resolution', рішення: 'legal.decision' };
  return known[kind.toLocaleLowerCase('uk')] ? tr.t(known[kind.toLocaleLowerCase('uk')]!) : kind;
}

function stateLabel(tr: Translator, state: PlanView['state']): string {
  return tr.t(`plan.state.${state}` as MessageKey);
}

export function deadlineLabel(tr: Translator, m: Pick<MeasureView, 'permanent' | 'deadlineFrom' | 'deadlineTo' | 'deadlineText' | 'deadlineNote'>): string {
  if (m.permanent) return tr.t('measure.permanent');
  if (m.deadlineNote === 'not_stated') {
    return tr.t('measure.deadlineNotStated', { from: tr.date(m.deadlineFrom!), to: tr.date(m.deadlineTo!) });
  }
  return m.deadlineText ?? tr.t('measure.deadlineRange', { from: tr.date(m.deadlineFrom!), to: tr.date(m.deadlineTo!) });
}

function PlansNav(props: { tr: Translator; plan: PlanView; current: 'measures' | 'calendar' }) {
  const { t } = props.tr;
  return (
    <nav class="tabs" aria-label={t('plan.tabs.label')}>
      <a href={planHref(props.plan.id)} aria-current={props.current === 'measures' ? 'page' : undefined}>
        {t('plan.tabs.measures')}
      </a>
      <a href={`${planHref(props.plan.id)}/calendar`} aria-current={props.current === 'calendar' ? 'page' : undefined}>
        {t('plan.tabs.calendar')}
      </a>
    </nav>
  );
}

function PlanHeader(props: { tr: Translator; plan: PlanView; directory: Directory }) {
  const { tr, plan, directory } = props;
  const { t } = tr;
  const coordinator = directory.organisation(plan.coordinatorOrganisationId);
  return (
    <div class="plan-header">
      <p class="caption">
        <span class={`tag tag--${plan.state}`}>{stateLabel(tr, plan.state)}</span>{' '}
        {t('plan.legalBasis', { kind: legalKind(tr, plan.legal.kind), date: tr.date(plan.legal.date), number: plan.legal.number })}
      </p>
      <h1>{plan.title}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('plan.periodLabel')}</dt>
          <dd>
            {tr.date(plan.start)} – {tr.date(plan.end)}
          </dd>
        </div>
        <div>
          <dt>{t('plan.coordinator')}</dt>
          <dd>{coordinator ? <a href={`/organisations/${encodeURIComponent(coordinator.id)}`}>{coordinator.name}</a> : plan.coordinatorOrganisationId}</dd>
        </div>
        {plan.controlledBy && (
          <div>
            <dt>{t('plan.controlledBy')}</dt>
            <dd>{plan.controlledBy}</dd>
          </div>
        )}
      </dl>
      <p class="hint">
        {t('plan.schedule', {
          kind: plan.schedule.periodKind,
          executorDay: plan.schedule.executorDueDay,
          consolidationDay: plan.schedule.consolidationDueDay,
        })}
      </p>
    </div>
  );
}

export function PlansPage(props: { ctx: PageContext; plans: (PlanView & { measureCount: number })[]; directory: Directory }) {
  const { tr } = props.ctx;
  const { t } = tr;
  return (
    <Layout ctx={props.ctx} title={t('plans.title')}>
      <h1>{t('plans.title')}</h1>
      {props.ctx.user?.permissions.has('plan.manage') && (
        <p>
          <a class="button button--secondary" href="/plans/import">
            {t('import.action')}
          </a>
        </p>
      )}
      {props.plans.length === 0 ? (
        <p class="empty">{t('plans.empty')}</p>
      ) : (
        <>
          <p class="hint">{t('plans.count', { count: props.plans.length })}</p>
          <ul class="card-list">
            {props.plans.map((p) => (
              <li class="card">
                <p class="caption">
                  <span class={`tag tag--${p.state}`}>{stateLabel(tr, p.state)}</span>{' '}
                  {t('plan.legalBasis', { kind: legalKind(tr, p.legal.kind), date: tr.date(p.legal.date), number: p.legal.number })}
                </p>
                <h2 class="card__title">
                  <a href={planHref(p.id)}>{p.title}</a>
                </h2>
                <p class="card__meta">
                  {t('plan.period', { from: tr.date(p.start), to: tr.date(p.end) })} · {t('plan.measuresCount', { count: p.measureCount })} ·{' '}
                  {t('plan.coordinator')}: {props.directory.organisation(p.coordinatorOrganisationId)?.shortName ?? p.coordinatorOrganisationId}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

export function ExecutorLabel(props: { tr: Translator; executor: ExecutorRef; directory: Directory }) {
  const { tr, executor, directory } = props;
  const { t } = tr;
  if (executor.type === 'group') {
    const group = directory.group(executor.id);
    if (!group) return <span>{executor.asWritten ?? executor.id}</span>;
    return (
      <span>
        <a href={`/organisations/groups/${encodeURIComponent(group.id)}`}>{groupDisplayName(group, t('measure.byConsent'))}</a>{' '}
        <span class="muted">
          ({t('measure.group')}, {t('measure.groupMembers', { count: group.memberIds.length })})
        </span>
        {executor.isLead && <span class="tag tag--lead">{t('measure.lead')}</span>}
      </span>
    );
  }
  const org = directory.organisation(executor.id);
  return (
    <span>
      <a href={`/organisations/${encodeURIComponent(executor.id)}`}>{org?.name ?? executor.id}</a>
      {executor.byConsent && <span class="muted"> ({t('measure.byConsent')})</span>}
      {executor.isLead && <span class="tag tag--lead">{t('measure.lead')}</span>}
    </span>
  );
}

function MeasureRow(props: { tr: Translator; planId: string; measure: MeasureView; directory: Directory; q: string }) {
  const { tr, measure, directory } = props;
  return (
    <tr id={`measure-${measure.code}`}>
      <th scope="row" class="measures-table__code">
        <a href={measureHref(props.planId, measure.id)} aria-label={tr.t('measure.code', { code: measure.code })}>
          {measure.code}
        </a>
      </th>
      <td class="measures-table__title" data-label={tr.t('plan.tabs.measures')}>
        <Paragraphs text={measure.title} highlight={props.q} />
      </td>
      <td class="measures-table__deadline" data-label={tr.t('measure.deadline')}>
        {deadlineLabel(tr, measure)}
      </td>
      <td class="measures-table__executors" data-label={tr.t('measure.executors')}>
        <ul class="plain-list">
          {measure.executors.map((e) => (
            <li>
              <ExecutorLabel tr={tr} executor={e} directory={directory} />
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

/** The filtered measures: the part of the plan page that htmx swaps. */
export function MeasuresRegion(props: { tr: Translator; outline: PlanOutline; directory: Directory; filter: FilterState; inlineErrors?: boolean }) {
  const { tr, outline, directory, filter } = props;
  const { t } = tr;
  const filtered = Boolean(filter.executor || filter.q);
  return (
    <div id="measures" class="measures" aria-live="polite">
      {props.inlineErrors && <ErrorSummary tr={tr} errors={filter.errors} />}
      {filtered && (
        <p class="result-count">
          {t('plan.filter.result', { count: outline.shown, total: outline.total })}{' '}
          <a href={planHref(outline.plan.id)}>{t('plan.filter.reset')}</a>
        </p>
      )}
      {outline.shown === 0 && filtered && <p class="empty">{t('plan.filter.none')}</p>}
      {outline.goals.map((goal) => (
        <GoalSection tr={tr} goal={goal}>
          {goal.tasks.map((task) => (
            <TaskBlock tr={tr} task={task}>
              <table class="measures-table">
                <thead>
                  <tr>
                    <th scope="col">№</th>
                    <th scope="col">{t('plan.tabs.measures')}</th>
                    <th scope="col">{t('measure.deadline')}</th>
                    <th scope="col">{t('measure.executors')}</th>
                  </tr>
                </thead>
                <tbody>
                  {task.measures.map((m) => (
                    <MeasureRow tr={tr} planId={outline.plan.id} measure={m} directory={directory} q={filter.q} />
                  ))}
                </tbody>
              </table>
            </TaskBlock>
          ))}
        </GoalSection>
      ))}
    </div>
  );
}

/** An operational goal's section with its heading. */
function GoalSection(props: { tr: Translator; goal: { number: number; title: string }; children: ComponentChildren }) {
  const { goal } = props;
  return (
    <section class="goal" aria-labelledby={`goal-${goal.number}`}>
      <h2 id={`goal-${goal.number}`} class="goal__title">
        <span class="goal__number">{props.tr.t('plan.goal', { number: goal.number })}.</span> {goal.title}
      </h2>
      {props.children}
    </section>
  );
}

/** A task's block with its heading. */
function TaskBlock(props: { tr: Translator; task: { number: number; title: string }; children: ComponentChildren }) {
  return (
    <div class="task">
      <h3 class="task__title">
        <span class="task__number">{props.tr.t('plan.task', { number: props.task.number })}.</span> {props.task.title}
      </h3>
      {props.children}
    </div>
  );
}

function kindGroupKey(kind: string): MessageKey {
  return `organisations.kind.${kind}` as MessageKey;
}

function FilterForm(props: { tr: Translator; plan: PlanView; directory: Directory; executorOptions: string[]; filter: FilterState }) {
  const { tr, plan, directory, executorOptions, filter } = props;
  const { t } = tr;
  const errorOf = (field: 'executor' | 'q') => filter.errors.find((e) => e.field === field)?.message;
  const byKind = new Map<string, string[]>();
  for (const id of executorOptions) {
    const kind = directory.organisation(id)?.kind ?? 'other';
    byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
  }
  const kindOrder = ['regional_administration', 'department', 'territorial_body', 'institution', 'district_administration', 'community', 'ngo', 'other'];
  const executorError = errorOf('executor');
  const qError = errorOf('q');
  return (
    <form
      class="filter"
      method="get"
      action={planHref(plan.id)}
      novalidate
      role="search"
      hx-get={planHref(plan.id)}
      hx-target="#measures"
      hx-select="#measures"
      hx-swap="outerHTML"
      hx-push-url="true"
      hx-trigger="submit, change from:#executor, input changed delay:400ms from:#q"
    >
      <fieldset>
        <legend>{t('plan.filter.legend')}</legend>
        <div class={`field${executorError ? ' field--error' : ''}`}>
          <label for="executor">{t('plan.filter.executor')}</label>
          {executorError && (
            <p class="field__error" id="executor-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {executorError}
            </p>
          )}
          <select id="executor" name="executor" aria-describedby={executorError ? 'executor-error' : undefined}>
            <option value="">{t('plan.filter.executorAll')}</option>
            {kindOrder
              .filter((k) => byKind.has(k))
              .map((k) => (
                <optgroup label={t(kindGroupKey(k))}>
                  {byKind.get(k)!.map((id) => (
                    <option value={id} selected={id === filter.executor}>
                      {directory.organisation(id)?.name ?? id}
                    </option>
                  ))}
                </optgroup>
              ))}
          </select>
        </div>
        <div class={`field${qError ? ' field--error' : ''}`}>
          <label for="q">{t('plan.filter.q')}</label>
          <p class="hint" id="q-hint">
            {t('plan.filter.qHint')}
          </p>
          {qError && (
            <p class="field__error" id="q-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {qError}
            </p>
          )}
          <input
            id="q"
            name="q"
            type="search"
            value={filter.q}
            autocomplete="off"
            spellcheck={false}
            aria-describedby={qError ? 'q-hint q-error' : 'q-hint'}
          />
        </div>
        <div class="filter__actions">
          <button type="submit" class="button">
            {t('plan.filter.submit')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

export function PlanPage(props: {
  ctx: PageContext;
  outline: PlanOutline;
  directory: Directory;
  executorOptions: string[];
  filter: FilterState;
}) {
  const { ctx, outline, directory, filter } = props;
  const { tr } = ctx;
  return (
    <Layout ctx={ctx} title={outline.plan.shortTitle ?? outline.plan.title} hasError={filter.errors.length > 0}>
      <ErrorSummary tr={tr} errors={filter.errors} />
      <PlanHeader tr={tr} plan={outline.plan} directory={directory} />
      {outline.plan.state === 'draft' && (
        <p class="notice">
          <a href={`${planHref(outline.plan.id)}/review`}>{tr.t('review.open')}</a>
        </p>
      )}
      <PlansNav tr={tr} plan={outline.plan} current="measures" />
      <p class="hint">
        {tr.t('plan.goalsCount', { count: outline.totalGoals })} · {tr.t('plan.measuresCount', { count: outline.total })}
      </p>
      <FilterForm tr={tr} plan={outline.plan} directory={directory} executorOptions={props.executorOptions} filter={filter} />
      <MeasuresRegion tr={tr} outline={outline} directory={directory} filter={filter} />
    </Layout>
  );
}

export function MeasurePage(props: { ctx: PageContext; detail: MeasureDetail; directory: Directory; reportingOrganisations: number }) {
  const { ctx, detail, directory } = props;
  const { tr } = ctx;
  const { t } = tr;
  const m = detail.measure;
  return (
    <Layout ctx={ctx} title={`${t('measure.code', { code: m.code })} — ${detail.plan.shortTitle ?? detail.plan.title}`}>
      <p class="back-link">
        <a href={`${planHref(detail.plan.id)}#measure-${m.code}`}>← {t('measure.backToPlan')}</a>
      </p>
      <p class="caption">{detail.plan.title}</p>
      <h1>
        <span class="measure-code">{t('measure.code', { code: m.code })}</span>
      </h1>
      <div class="measure-text">
        <Paragraphs text={m.title} />
      </div>
      <dl class="summary-list">
        <div>
          <dt>{t('measure.goalTask')}</dt>
          <dd>
            <p>
              {t('plan.goal', { number: detail.goal.number })}. {detail.goal.title}
            </p>
            <p>
              {t('plan.task', { number: detail.task.number })}. {detail.task.title}
            </p>
          </dd>
        </div>
        <div>
          <dt>{t('measure.deadline')}</dt>
          <dd>
            <p>{deadlineLabel(tr, m)}</p>
            {!m.permanent && m.deadlineNote !== 'not_stated' && m.deadlineFrom && m.deadlineTo && (
              <p class="muted">{t('measure.deadlineRange', { from: tr.date(m.deadlineFrom), to: tr.date(m.deadlineTo) })}</p>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('measure.executors')}</dt>
          <dd>
            <ul class="plain-list executors">
              {m.executors.map((e) => (
                <li>
                  <ExecutorLabel tr={tr} executor={e} directory={directory} />
                  {e.asWritten && <span class="as-written">{t('measure.asWritten', { text: e.asWritten })}</span>}
                </li>
              ))}
            </ul>
            <p class="muted">{t('measure.reportingOrganisations', { count: props.reportingOrganisations })}</p>
          </dd>
        </div>
        {m.note && (
          <div>
            <dt>{t('measure.note')}</dt>
            <dd>{m.note}</dd>
          </div>
        )}
      </dl>
      <p class="hint">{t('measure.validFrom', { date: tr.date(m.validFrom) })}</p>
    </Layout>
  );
}

function periodLabel(tr: Translator, p: ReportingPeriod): string {
  return tr.t(`calendar.periodLabel.${p.label}` as MessageKey, { year: String(p.year) });
}

function DeadlineCell(props: { tr: Translator; deadline: Deadline; label: string }) {
  const { tr, deadline } = props;
  return (
    <td data-label={props.label}>
      <time dateTime={deadline.date}>{tr.date(deadline.date)}</time>, {tr.weekday(deadline.date)}
      {deadline.moved && <span class="muted"> ({tr.t('calendar.moved', { date: tr.date(deadline.scheduled) })})</span>}
    </td>
  );
}

export function CalendarPage(props: { ctx: PageContext; plan: PlanView; directory: Directory; entries: CalendarEntry[] }) {
  const { ctx, plan, entries } = props;
  const { tr } = ctx;
  const { t } = tr;
  return (
    <Layout ctx={ctx} title={`${t('calendar.title')} — ${plan.shortTitle ?? plan.title}`}>
      <PlanHeader tr={tr} plan={plan} directory={props.directory} />
      <PlansNav tr={tr} plan={plan} current="calendar" />
      <h2>{t('calendar.title')}</h2>
      <p>{t('calendar.intro')}</p>
      <p class="hint">{plan.schedule.moveWeekendDeadlines ? t('calendar.weekendSetting.on') : t('calendar.weekendSetting.off')}</p>
      <div class="table-scroll" role="region" aria-label={t('calendar.title')} tabIndex={0}>
        <table class="calendar-table">
          <thead>
            <tr>
              <th scope="col">{t('calendar.period')}</th>
              <th scope="col">{t('calendar.dates')}</th>
              <th scope="col">{t('calendar.executorDeadline')}</th>
              <th scope="col">{t('calendar.consolidationDeadline')}</th>
              <th scope="col">{t('calendar.status')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(({ period: p, status }) => (
              <tr class={`calendar-row calendar-row--${status}`} aria-current={status === 'current' ? 'date' : undefined}>
                <th scope="row">{periodLabel(tr, p)}</th>
                <td data-label={t('calendar.dates')}>
                  {tr.date(p.start)} – {tr.date(p.end)}
                  {p.planFrom !== p.start && <span class="muted"> ({t('calendar.partial', { date: tr.date(p.planFrom) })})</span>}
                  {p.planTo !== p.end && <span class="muted"> ({t('calendar.partialEnd', { date: tr.date(p.planTo) })})</span>}
                </td>
                <DeadlineCell tr={tr} deadline={p.executorDeadline} label={t('calendar.executorDeadline')} />
                <DeadlineCell tr={tr} deadline={p.consolidationDeadline} label={t('calendar.consolidationDeadline')} />
                <td data-label={t('calendar.status')}>
                  <span class={`tag tag--period-${status}`}>{t(`calendar.status.${status}` as MessageKey)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}


export function ReviewPage(props: { ctx: PageContext; csrf: string; outline: PlanOutline; directory: Directory; record: ImportRecord | null; notice?: string; discardError?: string }) {
  const { ctx, outline, directory, record } = props;
  const { tr } = ctx;
  const { t } = tr;
  const warnings = record?.warnings ?? [];
  const planWide = warnings.filter((w) => !w.measure);
  return (
    <Layout ctx={ctx} title={t('review.title')} hasError={Boolean(props.discardError)}>
      <ErrorSummary tr={tr} errors={props.discardError ? [{ field: 'confirm', message: props.discardError }] : []} />
      {props.notice && <p class="notice notice--ok">{props.notice}</p>}
      <p class="caption">
        <span class="tag tag--draft">{t('plan.state.draft')}</span> {record && t('review.from', { file: record.fileName, at: formatInstant(record.importedAt) })}
      </p>
      <h1>{t('review.title')}</h1>
      <p class="lead">{outline.plan.title}</p>
      <p>{t('review.intro')}</p>
      <p class="notice">{t('review.warnings', { count: warnings.length })}</p>
      {planWide.length > 0 && (
        <ul>
          {planWide.map((w) => (
            <li>{w.message}</li>
          ))}
        </ul>
      )}
      {outline.goals.map((goal) => (
        <GoalSection tr={tr} goal={goal}>
          {goal.tasks.map((task) => (
            <TaskBlock tr={tr} task={task}>
              {task.measures.map((m) => {
                const own = warnings.filter((w) => w.measure === m.code);
                return (
                  <article id={`measure-${m.code}`} class={`review-measure${own.length ? ' review-measure--warned' : ''}`} aria-labelledby={`code-${m.code}`}>
                    <h4 id={`code-${m.code}`} class="review-measure__code">
                      {t('measure.code', { code: m.code })}{' '}
                      <a href={`${planHref(outline.plan.id)}/measures/${m.id}/edit`} class="review-measure__edit">
                        {t('edit.link')}
                        <span class="visually-hidden"> {t('measure.code', { code: m.code })}</span>
                      </a>
                    </h4>
                    {own.length > 0 && (
                      <ul class="review-measure__warnings">
                        {own.map((w) => (
                          <li>{w.message}</li>
                        ))}
                      </ul>
                    )}
                    <div class="review-measure__columns">
                      <div>
                        <p class="caption">{t('review.source')}</p>
                        <pre class="source-text">{record?.sources[m.code] ?? ''}</pre>
                      </div>
                      <div>
                        <p class="caption">{t('review.reading')}</p>
                        <Paragraphs text={m.title} />
                        <p>
                          <strong>{t('measure.deadline')}:</strong> {deadlineLabel(tr, m)}
                        </p>
                        <ul class="plain-list">
                          {m.executors.map((e) => (
                            <li>
                              <ExecutorLabel tr={tr} executor={e} directory={directory} />
                              {e.type === 'organisation' && directory.organisation(e.id)?.sourceConfidence === 'probable' && e.id.startsWith('proposed-') && (
                                <span class="tag tag--warning">{t('review.proposed')}</span>
                              )}
                            </li>
                          ))}
                        </ul>
                      </div>
                    </div>
                  </article>
                );
              })}
            </TaskBlock>
          ))}
        </GoalSection>
      ))}
      <form method="post" action={`/plans/${encodeURIComponent(outline.plan.id)}/activate`} class="form--block">
        <CsrfField token={props.csrf} />
        <button type="submit" class="button">
          {t('review.activate')}
        </button>
      </form>
      <form method="post" action={`/plans/${encodeURIComponent(outline.plan.id)}/discard`} class="form form--discard" novalidate>
        <CsrfField token={props.csrf} />
        <div class={`field${props.discardError ? ' field--error' : ''}`}>
          {props.discardError && (
            <p class="field__error" id="confirm-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {props.discardError}
            </p>
          )}
          <label class="choice">
            <input type="checkbox" id="confirm" name="confirm" value="yes" aria-describedby={props.discardError ? 'confirm-error' : undefined} /> {t('review.discardConfirm')}
          </label>
        </div>
        <button type="submit" class="button button--warning">
          {t('review.discard')}
        </button>
      </form>
    </Layout>
  );
}

export interface EditValues {
  title: string;
  deadline: string;
  executors: string[];
}

export function EditMeasurePage(props: {
  ctx: PageContext;
  csrf: string;
  planId: string;
  measure: MeasureView;
  directory: Directory;
  values: EditValues;
  errors: Partial<Record<'title' | 'deadline' | 'executors', string>>;
}) {
  const { ctx, directory, values, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = (['title', 'deadline', 'executors'] as const).filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
  const checked = new Set(values.executors);
  const kinds = ['department', 'territorial_body', 'institution', 'district_administration', 'community', 'ngo', 'other', 'regional_administration'];
  return (
    <Layout ctx={ctx} title={t('edit.title', { code: props.measure.code })} hasError={list.length > 0}>
      <p class="back-link">
        <a href={`${planHref(props.planId)}/review#measure-${props.measure.code}`}>← {t('review.title')}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      <h1>{t('edit.title', { code: props.measure.code })}</h1>
      <form method="post" action={`${planHref(props.planId)}/measures/${props.measure.id}/edit`} novalidate class="form">
        <CsrfField token={props.csrf} />
        <div class={`field${errors.title ? ' field--error' : ''}`}>
          <label for="title">{t('edit.measureTitle')}</label>
          <p class="hint" id="title-hint">
            {t('edit.measureTitleHint')}
          </p>
          {errors.title && (
            <p class="field__error" id="title-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {errors.title}
            </p>
          )}
          <textarea id="title" name="title" rows={8} aria-describedby={errors.title ? 'title-hint title-error' : 'title-hint'}>
            {values.title}
          </textarea>
        </div>
        <div class={`field${errors.deadline ? ' field--error' : ''}`}>
          <label for="deadline">{t('edit.deadline')}</label>
          <p class="hint" id="deadline-hint">
            {t('edit.deadlineHint')}
          </p>
          {errors.deadline && (
            <p class="field__error" id="deadline-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {errors.deadline}
            </p>
          )}
          <input id="deadline" name="deadline" type="text" value={values.deadline} maxLength={100} class="input--medium" aria-describedby={errors.deadline ? 'deadline-hint deadline-error' : 'deadline-hint'} />
        </div>
        <fieldset class={`field${errors.executors ? ' field--error' : ''}`} aria-describedby={errors.executors ? 'executors-error' : undefined}>
          <legend>{t('edit.executors')}</legend>
          {errors.executors && (
            <p class="field__error" id="executors-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {errors.executors}
            </p>
          )}
          <p class="caption">{t('plan.groupKinds.groups')}</p>
          {directory.groups.map((g, i) => (
            <label class="choice">
              <input type="checkbox" name="executors" value={`group:${g.id}`} id={i === 0 ? 'executors' : undefined} checked={checked.has(`group:${g.id}`)} /> {groupDisplayName(g, t('measure.byConsent'))}
            </label>
          ))}
          {kinds.map((kind) => {
            const orgs = directory.organisations.filter((o) => o.kind === kind);
            if (orgs.length === 0) return null;
            return (
              <details open={orgs.some((o) => checked.has(`organisation:${o.id}`)) || kind !== 'community'}>
                <summary>
                  {t(kindGroupKey(kind))} ({orgs.length})
                </summary>
                {orgs.map((o) => (
                  <label class="choice">
                    <input type="checkbox" name="executors" value={`organisation:${o.id}`} checked={checked.has(`organisation:${o.id}`)} /> {o.name}
                  </label>
                ))}
              </details>
            );
          })}
        </fieldset>
        <button type="submit" class="button">
          {t('edit.save')}
        </button>
      </form>
    </Layout>
  );
}
