import type { ComponentChildren } from 'preact';
import type { MessageKey, Translator } from '../../i18n/index.ts';
import { formatLocalDate } from '../../domain/dates.ts';
import { localDateOf } from '../../domain/time.ts';
import { CsrfField } from '../../ui/form.tsx';
import { Layout, type PageContext } from '../../ui/layout.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { Rate } from '../reports/period.ts';
import { periodName, reportUrl } from '../reports/service.ts';
import type { Bounded, Home, PeriodRef } from './service.ts';

/** Each role's home ("Головна"): short lists of what needs the person now, each with a way to the full page. */

const STATE_KEYS: Record<string, MessageKey> = {
  not_started: 'report.state.not_started',
  draft: 'report.state.draft',
  submitted: 'report.state.submitted',
  returned: 'report.state.returned',
  accepted: 'report.state.accepted',
};

function StateTag(props: { tr: Translator; state: string }) {
  const cls = props.state === 'accepted' || props.state === 'submitted' ? 'tag tag--active' : props.state === 'returned' ? 'tag tag--warning' : props.state === 'draft' ? 'tag tag--draft' : 'tag';
  return <span class={cls}>{props.tr.t(STATE_KEYS[props.state]!)}</span>;
}

function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

function periodBase(ref: PeriodRef): string {
  return `/plans/${encodeURIComponent(ref.plan.id)}/periods/${encodeURIComponent(ref.period.key)}`;
}

function planName(ref: Pick<PeriodRef, 'plan'>): string {
  return ref.plan.shortTitle ?? ref.plan.title;
}

/** "залишилося 5 днів" / "сьогодні останній день" / "прострочено на 3 дні". */
function DaysLeft(props: { tr: Translator; days: number }) {
  const { t } = props.tr;
  return props.days < 0 ? <span class="tag tag--warning">{t('home.overdueBy', { days: -props.days })}</span> : <span class={props.days <= 1 ? 'tag tag--draft' : 'tag'}>{t('home.daysLeft', { days: props.days })}</span>;
}

function Section(props: { id: string; title: string; count?: number; hint?: string; children: ComponentChildren }) {
  return (
    <section class="home-section" aria-labelledby={`${props.id}-title`} id={props.id}>
      <h2 id={`${props.id}-title`}>
        {props.title}
        {props.count !== undefined && props.count > 0 && <span class="count-badge home-section__count">{props.count}</span>}
      </h2>
      {props.hint && <p class="hint">{props.hint}</p>}
      {props.children}
    </section>
  );
}

/** A list, its kind empty state, and "показано 20 з 34" with a link to everything when it was cut. */
function List<T>(props: { tr: Translator; list: Bounded<T>; empty: string; render: (item: T) => ComponentChildren; more?: { href: string; label: string } | undefined }) {
  const { t } = props.tr;
  if (props.list.total === 0) return <p class="empty">{props.empty}</p>;
  return (
    <>
      <ul class="card-list card-list--compact home-list">
        {props.list.items.map((item) => (
          <li class="card home-item">{props.render(item)}</li>
        ))}
      </ul>
      {(props.list.total > props.list.items.length || props.more) && (
        <p class="home-more">
          {props.list.total > props.list.items.length && <span class="muted">{t('home.shown', { shown: props.list.items.length, total: props.list.total })} </span>}
          {props.more && <a href={props.more.href}>{props.more.label}</a>}
        </p>
      )}
    </>
  );
}

// ---- instructions ------------------------------------------------------------------------------------

/** Instructions to carry out (soonest due first), and the counts on the plans the principal issues them on. */
/** The plans the principal oversees (coordinates, or supervises as the owner), each with its dashboards. */
function OverviewSection(props: { tr: Translator; plans: Home['overseen'] }) {
  const { tr } = props;
  const { t } = tr;
  return (
    <Section id="overview" title={t('dash.title')} hint={t('dash.home.hint')}>
      <ul class="card-list card-list--compact home-list">
        {props.plans.map((plan) => (
          <li class="card home-item">
            <p class="home-item__title">
              <a href={`/plans/${encodeURIComponent(plan.id)}/dashboard`}>{planName({ plan })}</a>
            </p>
            <p class="card__meta">
              <a href={`/plans/${encodeURIComponent(plan.id)}/dashboard/executors`}>{t('dash.tabs.executors')}</a> · <a href={`/plans/${encodeURIComponent(plan.id)}/dashboard/indicators`}>{t('dash.tabs.indicators')}</a>
            </p>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function InstructionsSection(props: { tr: Translator; home: Home }) {
  const { tr } = props;
  const { t } = tr;
  const { toDo, issuing } = props.home.instructions;
  return (
    <Section id="instructions" title={toDo.length ? t('instr.home.title') : t('instr.home.issuerTitle')} count={toDo.length}>
      {toDo.length > 0 && (
        <ul class="card-list card-list--compact home-list">
          {toDo.map((i) => (
            <li class="card home-item">
              <p class="home-item__title">
                <a href={`/plans/${encodeURIComponent(i.planId)}/instructions/${i.id}`}>
                  № {i.id}: {t(`instr.kind.${i.kind}` as MessageKey)}
                  {i.measureCode && <> ({t('instr.onMeasure', { code: i.measureCode })})</>}
                </a>
              </p>
              <p class="card__meta">
                {t('instr.home.due', { date: formatLocalDate(i.dueDate) })}
                {' · '}
                {i.planTitle}
              </p>
            </li>
          ))}
        </ul>
      )}
      {issuing.length > 0 && (
        <ul class="card-list card-list--compact home-list">
          {issuing.map((x) => (
            <li class="card home-item">
              <p class="home-item__title">
                <a href={`/plans/${encodeURIComponent(x.plan.id)}/instructions?state=${x.overdue ? 'overdue' : x.answered ? 'answered' : 'open'}`}>{planName({ plan: x.plan })}</a>
              </p>
              <p class="card__meta">{t('instr.home.issuerCounts', { issued: x.issued, overdue: x.overdue, answered: x.answered })}</p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

// ---- district ----------------------------------------------------------------------------------------

/** A district administration's communities: each plan's latest period, how many have submitted, the grid one click away. */
function DistrictSection(props: { tr: Translator; periods: Home['district'] }) {
  const { tr } = props;
  const { t } = tr;
  return (
    <Section id="district" title={t('home.district.title')} hint={t('home.district.hint')}>
      <ul class="card-list card-list--compact home-list">
        {props.periods.map((d) => (
          <li class="card home-item">
            <p class="home-item__title">
              <a href={`/plans/${encodeURIComponent(d.plan.id)}/periods/${d.period.key}/reports`}>{periodName(tr, d.period)}</a>
            </p>
            <p class="card__meta">
              {planName(d)} · {t('home.district.counts', { submitted: d.submitted, expected: d.expected, accepted: d.accepted })} · {t('home.deadline', { date: formatLocalDate(d.period.executorDeadline.date) })}
            </p>
            {d.awaiting > 0 && (
              <p>
                <a href={`/plans/${encodeURIComponent(d.plan.id)}/periods/${d.period.key}/reports?list=with-district#grid`}>
                  <strong>{t('home.district.awaiting', { count: d.awaiting })}</strong>
                </a>
              </p>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

// ---- executor ----------------------------------------------------------------------------------------

function ExecutorSections(props: { tr: Translator; home: NonNullable<Home['executor']> }) {
  const { tr } = props;
  const { t } = tr;
  const h = props.home;
  const all = { href: '/reports', label: t('home.allMyReports') };
  return (
    <>
      <Section id="due" title={t('home.due.title')} count={h.due.total}>
        <List
          tr={tr}
          list={h.due}
          empty={t(h.owesNothing ? 'home.due.nothingOwed' : 'home.due.empty')}
          more={all}
          render={(r) => (
            <>
              <p class="home-item__title">
                <a href={reportUrl(r.plan.id, r.period.key, h.organisationId)}>{periodName(tr, r.period)}</a> <DaysLeft tr={tr} days={r.daysLeft} />
              </p>
              <p class="card__meta">
                {planName(r)} · {t('home.deadline', { date: formatLocalDate(r.period.executorDeadline.date) })} · {t('home.measures', { count: r.measureCount })} · <StateTag tr={tr} state={r.state} />
              </p>
            </>
          )}
        />
      </Section>
      <Section id="returned" title={t('home.returned.title')} count={h.returned.total}>
        <List
          tr={tr}
          list={h.returned}
          empty={t('home.returned.empty')}
          render={(r) => (
            <>
              <p class="home-item__title">
                <a href={reportUrl(r.plan.id, r.period.key, h.organisationId)}>{periodName(tr, r.period)}</a> <span class="tag tag--warning">{t('home.returned.comments', { count: r.comments })}</span>
              </p>
              <p class="card__meta">
                {planName(r)}
                {r.returnedAt && <> · {t('home.returned.on', { date: formatLocalDate(localDateOf(new Date(r.returnedAt), r.plan.schedule.timeZone)) })}</>} · {t('home.deadline', { date: formatLocalDate(r.period.executorDeadline.date) })} <DaysLeft tr={tr} days={r.daysLeft} />
              </p>
            </>
          )}
        />
      </Section>
      <Section id="submitted" title={t('home.submitted.title')}>
        <List
          tr={tr}
          list={h.submitted}
          empty={t('home.submitted.empty')}
          more={all}
          render={(r) => (
            <>
              <p class="home-item__title">
                <a href={reportUrl(r.plan.id, r.period.key, h.organisationId)}>{periodName(tr, r.period)}</a> <StateTag tr={tr} state={r.state} />
                {r.late && <span class="tag tag--warning">{t('report.late')}</span>}
                {r.onBehalf && <span class="tag tag--consent">{t('report.onBehalf.tag')}</span>}
              </p>
              <p class="card__meta">
                {planName(r)} · {t('home.submitted.at', { at: formatInstant(r.submittedAt) })}
              </p>
            </>
          )}
        />
      </Section>
    </>
  );
}

// ---- coordinator ------------------------------------------------------------------------------------

function CoordinatorSections(props: { tr: Translator; home: Home; csrf: string }) {
  const { tr } = props;
  const { t } = tr;
  const h = props.home.coordinator!;
  const name = (id: string) => props.home.directory.organisation(id)?.name ?? id;
  const oldest = h.awaiting.items[0];
  return (
    <>
      <Section id="review" title={t('home.review.title')} count={h.awaiting.total} hint={h.awaiting.total > 1 ? t('home.review.hint') : undefined}>
        <List
          tr={tr}
          list={h.awaiting}
          empty={t('home.review.empty')}
          more={oldest && h.awaiting.total > h.awaiting.items.length ? { href: `${periodBase(oldest)}/reports?state=submitted#grid`, label: t('home.review.all', { period: periodName(tr, oldest.period) }) } : undefined}
          render={(r) => {
            const url = reportUrl(r.planId, r.periodKey, r.organisationId);
            const subject = `${name(r.organisationId)}, ${periodName(tr, r.period)}`;
            return (
              <div class="home-item__row">
                <div>
                  <p class="home-item__title">
                    <a href={url}>{name(r.organisationId)}</a>
                  </p>
                  <p class="card__meta">
                    {periodName(tr, r.period)} · {planName(r)} · {t('home.submitted.at', { at: formatInstant(r.submittedAt) })}
                    {r.submission > 1 && <> · {t('home.review.version', { number: r.submission })}</>} {r.late && <span class="tag tag--warning">{t('report.late')}</span>}
                    {r.onBehalf && <span class="tag tag--consent">{t('report.onBehalf.tag')}</span>}
                  </p>
                  {r.warnings.length > 0 && <p class="home-item__warning">{t('home.review.warnings', { codes: r.warnings.map((w) => w.code).join(', ') })}</p>}
                </div>
                <div class="home-item__actions">
                  {r.warnings.length === 0 && (
                    <form method="post" action={`/home${url}/accept`} class="inline-form">
                      <CsrfField token={props.csrf} />
                      <input type="hidden" name="submission" value={String(r.submission)} />
                      <button type="submit" class="button button--small">
                        {t('home.review.accept')}
                        <span class="visually-hidden"> — {subject}</span>
                      </button>
                    </form>
                  )}
                  <a href={url} class="button button--small button--secondary">
                    {t('home.review.open')}
                    <span class="visually-hidden"> — {subject}</span>
                  </a>
                </div>
              </div>
            );
          }}
        />
      </Section>
      <Section id="silent" title={t('home.silent.title')} count={h.silent.total}>
        {h.nearDeadlines.length === 0 ? (
          <p class="empty">{t('home.silent.none')}</p>
        ) : (
          <>
            {h.nearDeadlines.map((p) => {
              return (
                <div class="home-period">
                  <p>
                    {t('home.silent.period', { period: periodName(tr, p.period), plan: planName(p), date: formatLocalDate(p.period.executorDeadline.date), left: p.daysLeft < 0 ? t('home.overdueBy', { days: -p.daysLeft }) : t('home.daysLeft', { days: p.daysLeft }), count: p.missing, expected: p.expected })}
                  </p>
                  {p.missing > 0 && (
                    <p class="actions">
                      <a href={`${periodBase(p)}/remind`}>{t('home.silent.remind')}</a>
                      <a href={`${periodBase(p)}/reports?list=missing#grid`}>{t('home.silent.grid')}</a>
                    </p>
                  )}
                  {p.missing === 0 && <p class="empty">{t('home.silent.empty')}</p>}
                </div>
              );
            })}
            {h.silent.total > 0 && (
              <List
                tr={tr}
                list={h.silent}
                empty=""
                render={(s) => (
                  <p class="home-item__title">
                    <a href={reportUrl(s.plan.id, s.period.key, s.organisationId)}>{name(s.organisationId)}</a> <StateTag tr={tr} state={s.state} />
                    {s.byConsent && <span class="tag tag--consent">{t('home.byConsent')}</span>} <span class="muted">{periodName(tr, s.period)}</span>
                  </p>
                )}
              />
            )}
          </>
        )}
      </Section>
      <Section id="approve" title={t('home.approve.title')} count={h.toApprove.total}>
        <List
          tr={tr}
          list={h.toApprove}
          empty={t('home.approve.empty')}
          render={(v) => (
            <>
              <p class="home-item__title">
                <a href={`${periodBase(v)}/consolidation`}>{periodName(tr, v.period)}</a>
              </p>
              <p class="card__meta">
                {planName(v)} · {t('home.approve.item', { number: v.version.number, at: formatInstant(v.version.updatedAt) })} · {t('home.deadline', { date: formatLocalDate(v.period.consolidationDeadline.date) })}
              </p>
            </>
          )}
        />
      </Section>
      <Section id="send" title={t('home.send.title')} count={h.toSend.total}>
        <List
          tr={tr}
          list={h.toSend}
          empty={t('home.send.empty')}
          render={(v) => (
            <>
              <p class="home-item__title">
                <a href={`${periodBase(v)}/consolidation#versions`}>{periodName(tr, v.period)}</a>
              </p>
              <p class="card__meta">
                {planName(v)} · {t('home.send.item', { number: v.version.number, at: formatInstant(v.version.signedAt ?? v.version.updatedAt) })}
              </p>
            </>
          )}
        />
      </Section>
    </>
  );
}

// ---- supervisor -------------------------------------------------------------------------------------

function RateLine(props: { tr: Translator; label: string; rate: Rate }) {
  const { t } = props.tr;
  const r = props.rate;
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>
        {t('grid.rates.completeness')} <strong>{percent(r.completeness)}</strong> <span class="muted">({t('grid.rates.ofExpected', { count: r.submitted, expected: r.expected })})</span> · {t('grid.rates.timeliness')}{' '}
        <strong>{percent(r.timeliness)}</strong> <span class="muted">({t('grid.rates.ofExpected', { count: r.onTime, expected: r.expected })})</span>
      </dd>
    </div>
  );
}

function SupervisorSections(props: { tr: Translator; home: NonNullable<Home['supervisor']> }) {
  const { tr } = props;
  const { t } = tr;
  const h = props.home;
  return (
    <Section id="sign" title={t('home.sign.title')} count={h.toSign.total}>
      <List
        tr={tr}
        list={h.toSign}
        empty={t(h.supervisedPlans === 0 ? 'home.noSupervised' : 'home.sign.empty')}
        render={(v) => (
          <>
            <p class="home-item__title">
              <a href={`${periodBase(v)}/consolidation#versions`}>{periodName(tr, v.period)}</a>
            </p>
            <p class="card__meta">
              {planName(v)} · {t('home.sign.item', { number: v.version.number, at: formatInstant(v.version.approvedAt ?? v.version.updatedAt) })}
            </p>
            {v.rates && (
              <dl class="summary-list home-rates" aria-label={t('home.sign.rates')}>
                <RateLine tr={tr} label={t('grid.rates.subordinate')} rate={v.rates.overall} />
                {v.rates.byConsent.expected > 0 && <RateLine tr={tr} label={t('grid.rates.byConsent')} rate={v.rates.byConsent} />}
              </dl>
            )}
            <p>
              <a href={`${periodBase(v)}/consolidation#versions`} class="button button--small">
                {t('home.sign.open')}
                <span class="visually-hidden"> — {periodName(tr, v.period)}</span>
              </a>
            </p>
          </>
        )}
      />
    </Section>
  );
}

// ---- invitations and the administrator -----------------------------------------------------------------

function InvitationSection(props: { tr: Translator; home: Home }) {
  const { tr } = props;
  const { t } = tr;
  const list = props.home.invitations!;
  return (
    <Section id="invitations" title={t('home.invites.title')} count={list.total}>
      <List
        tr={tr}
        list={list}
        empty={t('home.invites.empty')}
        more={{ href: '/users', label: t('home.invites.all') }}
        render={(u) => (
          <>
            <p class="home-item__title">
              <a href={`/users/${encodeURIComponent(u.id)}`}>{u.displayName}</a>
            </p>
            <p class="card__meta">{t('home.invites.item', { organisation: props.home.directory.organisation(u.organisationId)?.name ?? u.organisationId, date: formatLocalDate(localDateOf(new Date(u.invitedAt))) })}</p>
          </>
        )}
      />
    </Section>
  );
}

function AdminSections(props: { tr: Translator; home: NonNullable<Home['admin']> }) {
  const { t } = props.tr;
  const o = props.home.outbox;
  return (
    <>
      <Section id="outbox" title={t('home.outbox.title')} count={o.failed + o.unknown}>
        {o.failed + o.unknown === 0 ? (
          <p class="empty">{t('home.outbox.fine')}</p>
        ) : (
          <ul class="plain-list">
            {o.failed > 0 && (
              <li>
                <a href="/outbox?state=failed">{t('home.outbox.failed', { count: o.failed })}</a>
              </li>
            )}
            {o.unknown > 0 && (
              <li>
                <a href="/outbox?state=unknown">{t('home.outbox.unknown', { count: o.unknown })}</a>
              </li>
            )}
          </ul>
        )}
        <p>
          {o.pending > 0 && <span class="muted">{t('home.outbox.pending', { count: o.pending })} </span>}
          <a href="/outbox">{t('home.outbox.open')}</a>
        </p>
      </Section>
      <Section id="admin" title={t('home.admin.title')}>
        <ul class="plain-list">
          <li>
            <a href="/users">{t('nav.users')}</a>
          </li>
          <li>
            <a href="/users/new">{t('home.admin.invite')}</a>
          </li>
          <li>
            <a href="/organisations">{t('nav.organisations')}</a>
          </li>
          <li>
            <a href="/audit">{t('nav.audit')}</a>
          </li>
        </ul>
      </Section>
    </>
  );
}

// ---- the page ----------------------------------------------------------------------------------------

export function HomePage(props: { ctx: PageContext; home: Home; csrf: string; notice?: string | undefined }) {
  const { tr } = props.ctx;
  const { t } = tr;
  const h = props.home;
  const perms = props.ctx.user?.permissions ?? new Set<string>();
  const noPlans = h.noPlans && (
    <section class="home-section home-start" aria-labelledby="start-title">
      <h2 id="start-title">{t('home.noPlans.title')}</h2>
      {perms.has('plan.manage') ? (
        <>
          <p>{t('home.noPlans.coordinator')}</p>
          <p>
            <a href="/plans/import" class="button">
              {t('home.noPlans.import')}
            </a>
          </p>
        </>
      ) : perms.has('users.manage') ? (
        <p>{t('home.noPlans.admin')}</p>
      ) : (
        <p>{t('home.noPlans.other')}</p>
      )}
    </section>
  );
  return (
    <Layout ctx={props.ctx} title={t('home.title')}>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.lead')}</p>
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      {noPlans}
      <div class="home-grid">
        {h.executor && <ExecutorSections tr={tr} home={h.executor} />}
        {h.overseen.length > 0 && <OverviewSection tr={tr} plans={h.overseen} />}
        {(h.instructions.toDo.length > 0 || h.instructions.issuing.length > 0) && <InstructionsSection tr={tr} home={h} />}
        {h.district.length > 0 && <DistrictSection tr={tr} periods={h.district} />}
        {h.coordinator && <CoordinatorSections tr={tr} home={h} csrf={props.csrf} />}
        {h.supervisor && <SupervisorSections tr={tr} home={h.supervisor} />}
        {h.invitations && <InvitationSection tr={tr} home={h} />}
        {h.admin && <AdminSections tr={tr} home={h.admin} />}
      </div>
    </Layout>
  );
}
