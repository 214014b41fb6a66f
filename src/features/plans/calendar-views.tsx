import type { Translator } from '../../i18n/index.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { type Directory } from '../organisations/service.ts';
import type { CalendarEntry, PlanView } from './service.ts';
import type { ReportingPeriod, Deadline } from '../../domain/periods.ts';
import { CsrfField, TextInput } from '../../ui/form.tsx';
import { PlanHeader, PlansNav } from './views.tsx';
import type { PeriodState } from '../dashboards/service.ts';

/** The plan's calendar: its reporting periods with their deadlines, and the reminder days. */

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

/** "за 7 і 1 день до строку", "за 7 днів до строку й у день строку", "лише в день строку". */
function reminderSentence(tr: Translator, days: readonly number[]): string {
  const { t } = tr;
  if (days.length === 0) return t('reminders.none');
  const before = days.filter((d) => d > 0);
  const onTheDay = days.includes(0);
  const list = before.length > 1 ? `${before.slice(0, -1).join(', ')} ${t('reminders.and')} ${before.at(-1)}` : String(before[0] ?? '');
  return t('reminders.current', { days: list, count: before.at(-1) ?? 0, before: before.length ? 'yes' : 'no', onTheDay: onTheDay ? 'yes' : 'no' });
}

/** The two-level cycle: whether organisations reporting through a district report to it first, and — for the coordinator — the form. */
function CycleSection(props: { tr: Translator; plan: PlanView; csrf: string; form: { on: boolean; dueDay: string; error?: string | undefined; notice?: string | undefined } | null }) {
  const { tr, plan, form } = props;
  const { t } = tr;
  return (
    <section class="reminder-days" aria-labelledby="cycle-heading">
      <h2 id="cycle-heading">{t('cycle.title')}</h2>
      {form?.notice && (
        <p class="notice notice--ok" role="status">
          {form.notice}
        </p>
      )}
      <p>{plan.districtReview ? t('cycle.on', { day: plan.districtReview.dueDay, executorDay: plan.schedule.executorDueDay }) : t('cycle.off')}</p>
      {form && (
        <form method="post" action={`/plans/${encodeURIComponent(plan.id)}/calendar/cycle`} class="form" novalidate>
          <CsrfField token={props.csrf} />
          <div class="field">
            <label class="choice">
              <input type="checkbox" id="districtReview" name="districtReview" value="on" checked={form.on} /> {t('cycle.field')}
            </label>
          </div>
          <TextInput tr={tr} id="districtDueDay" label={t('cycle.dueDay')} hint={t('cycle.dueDayHint', { day: plan.schedule.executorDueDay })} value={form.dueDay} error={form.error} max={2} inputMode="numeric" class="input--short" />
          <button type="submit" class="button button--secondary">
            {t('cycle.save')}
          </button>
        </form>
      )}
    </section>
  );
}

/** When executors are reminded, and — for the coordinator — the form to change it. */
function RemindersSection(props: { tr: Translator; plan: PlanView; manage: { csrf: string; value: string; error?: string | undefined; notice?: string | undefined } | null }) {
  const { tr, plan, manage } = props;
  const { t } = tr;
  const days = plan.reminderDays;
  return (
    <section class="reminder-days" aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">{t('reminders.title')}</h2>
      {manage?.notice && (
        <p class="notice notice--ok" role="status">
          {manage.notice}
        </p>
      )}
      <p>{reminderSentence(tr, days)}</p>
      {manage && (
        <form method="post" action={`/plans/${encodeURIComponent(plan.id)}/calendar/reminders`} class="form form--inline-field" novalidate>
          <CsrfField token={manage.csrf} />
          <TextInput tr={tr} id="reminderDays" label={t('reminders.field')} hint={t('reminders.hint')} value={manage.value} error={manage.error} max={40} inputMode="numeric" class="input--short" />
          <button type="submit" class="button button--secondary">
            {t('reminders.save')}
          </button>
        </form>
      )}
    </section>
  );
}

export function CalendarPage(props: {
  ctx: PageContext;
  plan: PlanView;
  directory: Directory;
  entries: CalendarEntry[];
  /** The two-level cycle's form, for the coordinator. */
  cycle?: { on: boolean; dueDay: string; error?: string | undefined; notice?: string | undefined };
  /** For the plan's coordinators and the owner's supervisors: each begun period's reports and consolidation. */
  states?: ReadonlyMap<string, PeriodState>;
  reportsLinks?: boolean;
  reminders?: { csrf: string; value: string; error?: string | undefined; notice?: string | undefined } | null;
}) {
  const { ctx, plan, entries } = props;
  const { tr } = ctx;
  const { t } = tr;
  return (
    <Layout ctx={ctx} title={`${t('calendar.title')} — ${plan.shortTitle ?? plan.title}`} hasError={Boolean(props.reminders?.error)}>
      <ErrorSummary tr={tr} errors={props.reminders?.error ? [{ field: 'reminderDays', message: props.reminders.error }] : []} />
      <PlanHeader tr={tr} plan={plan} directory={props.directory} />
      <PlansNav tr={tr} plan={plan} current="calendar" dashboard={Boolean(props.reportsLinks)} />
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
                <th scope="row">{props.reportsLinks && status !== 'future' ? <a href={`/plans/${encodeURIComponent(props.plan.id)}/periods/${p.key}/reports`}>{periodLabel(tr, p)}</a> : periodLabel(tr, p)}</th>
                <td data-label={t('calendar.dates')}>
                  {tr.date(p.start)} – {tr.date(p.end)}
                  {p.planFrom !== p.start && <span class="muted"> ({t('calendar.partial', { date: tr.date(p.planFrom) })})</span>}
                  {p.planTo !== p.end && <span class="muted"> ({t('calendar.partialEnd', { date: tr.date(p.planTo) })})</span>}
                </td>
                <DeadlineCell tr={tr} deadline={p.executorDeadline} label={t('calendar.executorDeadline')} />
                <DeadlineCell tr={tr} deadline={p.consolidationDeadline} label={t('calendar.consolidationDeadline')} />
                <td data-label={t('calendar.status')}>
                  <span class={`tag tag--period-${status}`}>{t(`calendar.status.${status}` as MessageKey)}</span>
                  {(() => {
                    const st = props.states?.get(p.key);
                    if (!st || (st.expected === 0 && !st.version)) return null;
                    return (
                      <span class="block muted">
                        {t('calendar.submitted', { submitted: st.submitted, expected: st.expected })}
                        {st.version && `; ${t('calendar.version', { number: st.version.number, state: t(`dash.versionState.${st.version.state}` as MessageKey) })}`}
                      </span>
                    );
                  })()}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plan.state !== 'archived' && <RemindersSection tr={tr} plan={plan} manage={props.reminders ?? null} />}
      {plan.state !== 'archived' && (props.cycle || plan.districtReview) && <CycleSection tr={tr} plan={plan} csrf={props.reminders?.csrf ?? ''} form={props.cycle ?? null} />}
    </Layout>
  );
}
