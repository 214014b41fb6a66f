import type { ComponentChildren } from 'preact';
import type { Translator } from '../../i18n/index.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { groupDisplayName, type Directory } from '../organisations/service.ts';
import type { ExecutorRef, IndicatorView, MeasureDetail, MeasureView, PlanOutline, PlanView, VersionView } from './service.ts';
import { indicatorSummary } from './indicator-views.tsx';
import type { AmendmentHead } from './amendments.ts';
import { addDays } from '../../domain/dates.ts';
import { TextInput } from '../../ui/form.tsx';

export interface FilterState {
  executor: string;
  q: string;
  /** The date the plan is shown as of, as asked ("" when not asked). */
  on: string;
  errors: { field: 'executor' | 'q' | 'on'; message: string }[];
}

export function planHref(planId: string): string {
  return `/plans/${encodeURIComponent(planId)}`;
}

export function measureHref(planId: string, measureId: number): string {
  return `${planHref(planId)}/measures/${measureId}`;
}

/** The kind of legal act, in the reader's language where it is a known Ukrainian kind. */
export function legalKind(tr: Translator, kind: string): string {
  const known: Record<string, MessageKey> = { розпорядження: 'legal.order', наказ: 'legal.nakaz', постанова: 'legal.resolution', рішення: 'legal.decision' };
  return known[kind.toLocaleLowerCase('uk')] ? tr.t(known[kind.toLocaleLowerCase('uk')]!) : kind;
}

function stateLabel(tr: Translator, state: PlanView['state']): string {
  return tr.t(`plan.state.${state}` as MessageKey);
}

export function deadlineLabel(tr: Translator, m: Pick<MeasureView, 'permanent' | 'deadlineFrom' | 'deadlineTo' | 'deadlineText' | 'deadlineNote'>): string {
  // "Щороку", "щокварталу" hold for the whole plan, but say more than "постійно": keep the wording.
  if (m.permanent) return m.deadlineText && m.deadlineText.trim().toLocaleLowerCase('uk') !== 'постійно' ? m.deadlineText : tr.t('measure.permanent');
  if (m.deadlineNote === 'not_stated') {
    return tr.t('measure.deadlineNotStated', { from: tr.date(m.deadlineFrom!), to: tr.date(m.deadlineTo!) });
  }
  return m.deadlineText ?? tr.t('measure.deadlineRange', { from: tr.date(m.deadlineFrom!), to: tr.date(m.deadlineTo!) });
}

export function PlansNav(props: { tr: Translator; plan: PlanView; current: 'measures' | 'calendar'; /** The plan's coordinators and the owner's supervisors: the control dashboards. */ dashboard?: boolean }) {
  const { t } = props.tr;
  return (
    <nav class="tabs" aria-label={t('plan.tabs.label')}>
      <a href={planHref(props.plan.id)} aria-current={props.current === 'measures' ? 'page' : undefined}>
        {t('plan.tabs.measures')}
      </a>
      <a href={`${planHref(props.plan.id)}/calendar`} aria-current={props.current === 'calendar' ? 'page' : undefined}>
        {t('plan.tabs.calendar')}
      </a>
      {props.plan.state !== 'draft' && <a href={`${planHref(props.plan.id)}/statistics`}>{t('stats.title')}</a>}
      {props.plan.state !== 'draft' && <a href={`${planHref(props.plan.id)}/instructions`}>{t('instr.title')}</a>}
      {props.plan.state !== 'draft' && <a href={`${planHref(props.plan.id)}/history`}>{t('history.tab')}</a>}
      {props.dashboard && <a href={`${planHref(props.plan.id)}/dashboard`}>{t('dash.link')}</a>}
    </nav>
  );
}

export function PlanHeader(props: { tr: Translator; plan: PlanView; directory: Directory }) {
  const { tr, plan, directory } = props;
  const { t } = tr;
  const coordinator = directory.organisation(plan.coordinatorOrganisationId);
  return (
    <div class="plan-header">
      <p class="caption">
        <span class={`tag tag--${plan.state}`}>{stateLabel(tr, plan.state)}</span>{' '}
        {t(plan.state === 'draft' ? 'plan.legalBasisDraft' : 'plan.legalBasis', { kind: legalKind(tr, plan.legal.kind), date: tr.date(plan.legal.date), number: plan.legal.number })}
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

function PlanCard(props: { tr: Translator; plan: PlanView & { measureCount: number }; directory: Directory }) {
  const { tr, plan: p } = props;
  const { t } = tr;
  return (
    <li class="card">
      <p class="caption">
        <span class={`tag tag--${p.state}`}>{stateLabel(tr, p.state)}</span>{' '}
        {p.isDemo && <span class="tag tag--warning">{t('plan.demo')}</span>}{' '}
        {t(p.state === 'draft' ? 'plan.legalBasisDraft' : 'plan.legalBasis', { kind: legalKind(tr, p.legal.kind), date: tr.date(p.legal.date), number: p.legal.number })}
      </p>
      <h2 class="card__title">
        <a href={planHref(p.id)}>{p.title}</a>
      </h2>
      <p class="card__meta">
        {t('plan.period', { from: tr.date(p.start), to: tr.date(p.end) })} · {t('plan.measuresCount', { count: p.measureCount })} ·{' '}
        {t('plan.coordinator')}: {props.directory.organisation(p.coordinatorOrganisationId)?.shortName ?? p.coordinatorOrganisationId}
      </p>
    </li>
  );
}

export function PlansPage(props: { ctx: PageContext; plans: (PlanView & { measureCount: number })[]; directory: Directory; notice?: string | undefined }) {
  const { tr } = props.ctx;
  const { t } = tr;
  const current = props.plans.filter((p) => p.state !== 'archived');
  const archived = props.plans.filter((p) => p.state === 'archived');
  return (
    <Layout ctx={props.ctx} title={t('plans.title')}>
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
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
          <p class="hint">{t('plans.count', { count: current.length })}</p>
          <ul class="card-list">
            {current.map((p) => (
              <PlanCard tr={tr} plan={p} directory={props.directory} />
            ))}
          </ul>
          {archived.length > 0 && (
            <details class="archive">
              <summary>{t('plans.archive', { count: archived.length })}</summary>
              <ul class="card-list">
                {archived.map((p) => (
                  <PlanCard tr={tr} plan={p} directory={props.directory} />
                ))}
              </ul>
            </details>
          )}
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
      {filter.on && (
        <p class="notice notice--as-of">
          {t('plan.asOf', { date: tr.date(filter.on) })} <a href={planHref(outline.plan.id)}>{t('plan.asOfReset')}</a>
        </p>
      )}
      {filtered && (
        <p class="result-count">
          {t('plan.filter.result', { count: outline.shown, total: outline.total })}{' '}
          <a href={filter.on ? `${planHref(outline.plan.id)}?on=${filter.on}` : planHref(outline.plan.id)}>{t('plan.filter.reset')}</a>
        </p>
      )}
      {outline.total === 0 && !filtered && <p class="empty">{t('plan.noMeasuresOn')}</p>}
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
export function GoalSection(props: { tr: Translator; goal: { number: number; title: string }; children: ComponentChildren }) {
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
export function TaskBlock(props: { tr: Translator; task: { number: number; title: string }; children: ComponentChildren }) {
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
  const errorOf = (field: 'executor' | 'q' | 'on') => filter.errors.find((e) => e.field === field)?.message;
  const byKind = new Map<string, string[]>();
  for (const id of executorOptions) {
    const kind = directory.organisation(id)?.kind ?? 'other';
    byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
  }
  const kindOrder = ['regional_administration', 'department', 'territorial_body', 'institution', 'district_administration', 'community', 'ngo', 'other'];
  const executorError = errorOf('executor');
  const qError = errorOf('q');
  const onError = errorOf('on');
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
      hx-trigger="submit, change from:#executor, change from:#on, input changed delay:400ms from:#q"
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
          <select id="executor" name="executor" aria-invalid={executorError ? 'true' : undefined} aria-describedby={executorError ? 'executor-error' : undefined}>
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
            aria-invalid={qError ? 'true' : undefined}
            aria-describedby={qError ? 'q-hint q-error' : 'q-hint'}
          />
        </div>
        {plan.state !== 'draft' && (
          <TextInput tr={tr} id="on" label={t('plan.filter.on')} hint={t('plan.filter.onHint')} value={filter.on ? tr.date(filter.on) : ''} error={onError} max={20} class="input--medium" inputMode="numeric" />
        )}
        <div class="filter__actions">
          <button type="submit" class="button">
            {t('plan.filter.submit')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}

/** The coordinator's actions on a plan, by its state. */
function PlanActions(props: { tr: Translator; csrf: string; plan: PlanView; draftAmendment: AmendmentHead | undefined }) {
  const { tr, plan } = props;
  const { t } = tr;
  const href = planHref(plan.id);
  return (
    <section class="plan-actions" aria-labelledby="plan-actions-heading">
      <h2 id="plan-actions-heading" class="visually-hidden">
        {t('plan.actions')}
      </h2>
      <div class="actions">
        {plan.state === 'active' &&
          (props.draftAmendment ? (
            <a class="button" href={`${href}/amendments/${props.draftAmendment.id}`}>
              {t('amendment.continue')}
            </a>
          ) : (
            <a class="button" href={`${href}/amendments/new`}>
              {t('amendment.action')}
            </a>
          ))}{' '}
        {plan.state === 'active' && (
          <a class="button button--secondary" href={`${href}/invitations`}>
            {t('invitations.link')}
          </a>
        )}{' '}
        {plan.state !== 'archived' && (
          <a class="button button--secondary" href={`${href}/requisites`}>
            {t('requisites.link')}
          </a>
        )}{' '}
        {plan.state !== 'draft' && (
          <a class="button button--secondary" href={`${href}/publication`}>
            {t('publish.link')}
          </a>
        )}{' '}
        {plan.state !== 'draft' && (
          <a class="button button--secondary" href={`${href}/copy`}>
            {t('copy.action')}
          </a>
        )}{' '}
        {plan.state === 'active' && (
          <a class="button button--secondary" href={`${href}/close`}>
            {t('plan.close')}
          </a>
        )}
        {plan.state === 'closed' && (
          <a class="button button--secondary" href={`${href}/archive`}>
            {t('plan.archive')}
          </a>
        )}
      </div>
    </section>
  );
}

export function PlanPage(props: {
  ctx: PageContext;
  csrf: string;
  outline: PlanOutline;
  directory: Directory;
  executorOptions: string[];
  filter: FilterState;
  /** Today, kept within the plan's dates: the date the plan reads as by default. */
  today: string;
  amendments: AmendmentHead[];
  mayManage: boolean;
  copiedFrom: PlanView | null;
  notice?: string | undefined;
  /** May read the control dashboards (the plan's coordinators and the owner's supervisors). */
  dashboard?: boolean;
}) {
  const { ctx, outline, directory, filter } = props;
  const { tr } = ctx;
  const { t } = tr;
  const plan = outline.plan;
  const applied = props.amendments.filter((a) => a.state === 'applied');
  const last = applied.filter((a) => a.effectiveFrom <= props.today).at(-1);
  const upcoming = applied.filter((a) => a.effectiveFrom > props.today);
  const noticeKey = props.notice && (['activated', 'closed', 'archived', 'applied', 'discarded', 'copied'] as const).find((k) => k === props.notice);
  return (
    <Layout ctx={ctx} title={plan.shortTitle ?? plan.title} hasError={filter.errors.length > 0}>
      <ErrorSummary tr={tr} errors={filter.errors} />
      {noticeKey && (
        <p class="notice notice--ok" role="status">
          {t(`plan.done.${noticeKey}` as MessageKey)}
        </p>
      )}
      <PlanHeader tr={tr} plan={plan} directory={directory} />
      {plan.isDemo && <p class="notice">{t('plan.demoNotice')}</p>}
      {props.copiedFrom && (
        <p class="hint">
          {t('copy.fromLink')} <a href={planHref(props.copiedFrom.id)}>{props.copiedFrom.shortTitle ?? props.copiedFrom.title}</a>
        </p>
      )}
      {plan.state === 'draft' && (
        <p class="notice">
          <a href={`${planHref(plan.id)}/review`}>{t('review.open')}</a>
        </p>
      )}
      {last && (
        <p class="notice">
          {t('plan.amendedBy', { count: applied.length, number: last.legal.number, date: tr.date(last.legal.date), from: tr.date(last.effectiveFrom) })} <a href={`${planHref(plan.id)}/history`}>{t('plan.amendmentsAll')}</a>
        </p>
      )}
      {upcoming.map((a) => (
        <p class="notice">
          {t('plan.upcoming', { number: a.legal.number, date: tr.date(a.legal.date), from: tr.date(a.effectiveFrom) })} <a href={`${planHref(plan.id)}?on=${a.effectiveFrom}`}>{t('plan.upcomingShow')}</a>
        </p>
      ))}
      {props.mayManage && <PlanActions tr={tr} csrf={props.csrf} plan={plan} draftAmendment={props.amendments.find((a) => a.state === 'draft')} />}
      <PlansNav tr={tr} plan={plan} current="measures" dashboard={props.dashboard ?? false} />
      <p class="hint">
        {t('plan.goalsCount', { count: outline.totalGoals })} · {t('plan.measuresCount', { count: outline.total })}
      </p>
      <FilterForm tr={tr} plan={plan} directory={directory} executorOptions={props.executorOptions} filter={filter} />
      <MeasuresRegion tr={tr} outline={outline} directory={directory} filter={filter} />
    </Layout>
  );
}

export function MeasurePage(props: {
  ctx: PageContext;
  detail: MeasureDetail;
  directory: Directory;
  reportingOrganisations: number;
  versions: VersionView[];
  amendments: AmendmentHead[];
  on: string | null;
  today: string | null;
  indicators: IndicatorView[];
  mayManage: boolean;
  /** The supervisor, or the coordinator on their behalf: may give an instruction on the measure. */
  mayInstruct?: boolean;
}) {
  const { ctx, detail, directory } = props;
  const { tr } = ctx;
  const { t } = tr;
  const m = detail.measure;
  const amendment = (id: number | null) => (id === null ? undefined : props.amendments.find((a) => a.id === id));
  const removedOn = m.validTo && !props.versions.some((v) => v.validFrom === m.validTo) ? m.validTo : null;
  return (
    <Layout ctx={ctx} title={`${t('measure.code', { code: m.code })} — ${detail.plan.shortTitle ?? detail.plan.title}`}>
      <p class="back-link">
        <a href={`${planHref(detail.plan.id)}${props.on ? `?on=${props.on}` : ''}#measure-${m.code}`}>← {t('measure.backToPlan')}</a>
      </p>
      <p class="caption">{detail.plan.title}</p>
      <h1>
        <span class="measure-code">{t('measure.code', { code: m.code })}</span>
      </h1>
      {props.on && <p class="notice notice--as-of">{t('measure.asOf', { date: tr.date(props.on) })}</p>}
      {removedOn && <p class="notice">{t(removedOn > (props.on ?? props.today ?? removedOn) ? 'measure.removingOn' : 'measure.removedOn', { date: tr.date(removedOn) })}</p>}
      {props.today && m.validFrom > (props.on ?? props.today) && <p class="notice">{t('measure.notYet', { date: tr.date(m.validFrom) })}</p>}
      <div class="measure-text">
        <Paragraphs text={m.title} />
      </div>
      {props.mayInstruct && (
        <p>
          <a class="button button--secondary" href={`${planHref(detail.plan.id)}/instructions/new?measure=${m.id}`}>
            {t('instr.give')}
          </a>{' '}
          <a href={`${planHref(detail.plan.id)}/instructions?state=`}>{t('instr.title')}</a>
        </p>
      )}
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
            <dd class="note-text">{m.note}</dd>
          </div>
        )}
      </dl>
      <p class="hint">{m.validFrom > (props.on ?? props.today ?? m.validFrom) ? t('measure.validFromFuture', { date: tr.date(m.validFrom) }) : t('measure.validFrom', { date: tr.date(m.validFrom) })}</p>
      <section aria-labelledby="indicators-heading">
        <h2 id="indicators-heading">{t('indicator.measureHeading')}</h2>
        {props.indicators.length === 0 ? (
          <p class="muted">{t('indicator.measureNone')}</p>
        ) : (
          <ul class="plain-list indicator-list">
            {props.indicators.map((i) => (
              <li class="indicator-list__item">
                <span class="indicator-list__name">{i.name}</span>
                {i.sensitive && <span class="tag tag--consent">{t('report.sensitive')}</span>} <span class="muted">({indicatorSummary(tr, i)})</span>
              </li>
            ))}
          </ul>
        )}
        {props.mayManage && (
          <p>
            <a href={`${planHref(detail.plan.id)}/measures/${m.id}/indicators`}>{t('indicator.manage')}</a>
          </p>
        )}
      </section>
      {props.versions.length > 1 && (
        <section aria-labelledby="versions-heading">
          <h2 id="versions-heading">{t('measure.versions')}</h2>
          <ol class="versions">
            {props.versions.map((v) => {
              const a = amendment(v.amendmentId);
              const current = v.versionId === m.versionId;
              return (
                <li class={`versions__item${current ? ' versions__item--shown' : ''}`} aria-current={current ? 'true' : undefined}>
                  <p class="caption">
                    {v.validTo ? t('measure.versionRange', { from: tr.date(v.validFrom), to: tr.date(addDays(v.validTo, -1)) }) : t('measure.versionFrom', { from: tr.date(v.validFrom) })} ·{' '}
                    {a ? (
                      <a href={`${planHref(detail.plan.id)}/amendments/${a.id}`}>{t('measure.versionAmended', { number: a.legal.number, date: tr.date(a.legal.date) })}</a>
                    ) : (
                      t('measure.versionOriginal')
                    )}
                    {!current && (
                      <>
                        {' '}
                        · <a href={`${measureHref(detail.plan.id, m.id)}?on=${v.validFrom}`}>{t('measure.versionShow')}</a>
                      </>
                    )}
                  </p>
                  <p class="versions__title">{v.title.length > 300 ? `${v.title.slice(0, 300).replace(/\s+\S*$/, '')}…` : v.title}</p>
                  <p class="hint">
                    {deadlineLabel(tr, v)} · {t('measure.executorsCount', { count: v.executors.length })}
                  </p>
                </li>
              );
            })}
          </ol>
        </section>
      )}
    </Layout>
  );
}
