import type { ComponentChildren } from 'preact';
import { formatLocalDate } from '../../domain/dates.ts';
import type { MessageKey, Translator } from '../../i18n/index.ts';
import { assetUrl } from '../../plugins/assets.ts';
import { Paragraphs } from '../../ui/text.tsx';
import type { PlanView } from '../plans/service.ts';
import { ENTRY_STATE_KEYS } from '../reports/pieces.tsx';
import { actInstrumental } from '../../domain/genitive.ts';
import type { PublicGoal, PublicMeasure } from './service.ts';

/**
 * The public page: no script, no session, no form — a plan, what was published of it, and where
 * its open data and feed are. Small enough for a slow line (the stylesheet is shared and cached).
 */

export const publicUrl = (planId: string) => `/p/${encodeURIComponent(planId)}`;

function PublicLayout(props: { tr: Translator; title: string; planId: string; children: ComponentChildren }) {
  const { t } = props.tr;
  return (
    <html lang={props.tr.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={assetUrl('styles.css')} />
        <link rel="alternate" type="application/atom+xml" href={`${publicUrl(props.planId)}/feed.atom`} title={t('public.feed')} />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="container site-header__inner">
            <span class="site-header__brand">
              <span class="site-header__logo" aria-hidden="true">
                {t('app.name').slice(0, 1)}
              </span>
              <span>
                <span class="site-header__name">{t('app.name')}</span>
                <span class="site-header__tagline">{t('public.tagline')}</span>
              </span>
            </span>
          </div>
        </header>
        <main id="main" class="container" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container">{t('footer.text')}</div>
        </footer>
      </body>
    </html>
  );
}

function Total(props: { tr: Translator; t: PublicMeasure['totals'][number] }) {
  const { t } = props.tr;
  const value = (v: number | null, small: boolean) => (v !== null ? String(v) : small ? t('public.small', { threshold: 5 }) : t('public.hidden'));
  const parts = props.t.groups.map((g) => `${t(`consolidation.group.${g.group}` as MessageKey)} — ${value(g.value, g.small)}`);
  if (props.t.grand !== undefined) parts.unshift(`${t('public.total')} — ${value(props.t.grand, props.t.grandSmall)}`);
  return (
    <li>
      {props.t.name}, {props.t.unit}: {parts.join('; ')}
    </li>
  );
}

function Measures(props: { tr: Translator; goals: PublicGoal[] }) {
  const { tr } = props;
  const { t } = tr;
  return (
    <>
      {props.goals.map((g) => (
        <section aria-labelledby={`goal-${g.number}`} class="public-goal">
          <h2 id={`goal-${g.number}`}>{g.title}</h2>
          {g.measures.map((m) => (
            <article class="public-measure" id={`measure-${m.code}`} aria-labelledby={`m-${m.code}`}>
              <h3 id={`m-${m.code}`}>
                <span class="measure-code">{m.code}</span> {m.title}
              </h3>
              <ul class="plain-list public-measure__facts">
                {m.deadline && <li>{t('public.deadline', { deadline: m.deadline })}</li>}
                {m.executors.length > 0 && <li>{t('public.executors', { names: m.executors.join('; ') })}</li>}
                <li>
                  {t('public.state', { state: m.state ? t(ENTRY_STATE_KEYS[m.state]) : t('public.stateNone') })}
                </li>
              </ul>
              {m.publicText && <Paragraphs text={m.publicText} />}
              {m.totals.length > 0 && (
                <ul class="public-measure__totals">
                  {m.totals.map((x) => (
                    <Total tr={tr} t={x} />
                  ))}
                </ul>
              )}
            </article>
          ))}
        </section>
      ))}
    </>
  );
}

/** "Затверджено розпорядженням начальника … від 04.09.2023 № 609" where the requisites are confirmed; else the order's own words. */
function approvedLine(tr: Translator, plan: PlanView): string {
  const act = actInstrumental(plan.legal.kind);
  const date = formatLocalDate(plan.legal.date);
  if (act && plan.requisites.issuerGenitive) return tr.t('public.approvedByConfirmed', { act, issuer: plan.requisites.issuerGenitive, date, number: plan.legal.number });
  return tr.t('public.approvedBy', { kind: plan.legal.kind, issuer: plan.legal.issuer, date, number: plan.legal.number });
}

export function PublicPlanPage(props: {
  tr: Translator;
  plan: PlanView;
  note: string;
  goals: PublicGoal[];
  shown: { periodName: string; sentDate: string } | null;
  periods: { key: string; name: string }[];
  /** A period's own page (not the plan's latest). */
  periodPage?: boolean;
}) {
  const { tr, plan } = props;
  const { t } = tr;
  const base = publicUrl(plan.id);
  return (
    <PublicLayout tr={tr} title={`${plan.title} — ${t('app.name')}`} planId={plan.id}>
      {props.periodPage && (
        <p class="back-link">
          <a href={base}>{t('public.back')}</a>
        </p>
      )}
      <h1>{plan.title}</h1>
      <p class="caption">
        {approvedLine(tr, plan)}
        <br />
        {t('public.term', { from: formatLocalDate(plan.start), to: formatLocalDate(plan.end) })}
      </p>
      {props.note && !props.periodPage && (
        <div class="public-note">
          <Paragraphs text={props.note} />
        </div>
      )}
      <p class="lead">{props.shown ? t('public.latest', { period: props.shown.periodName, date: props.shown.sentDate }) : t('public.nothingSent')}</p>
      {props.shown && <p class="hint">{t('public.suppressionNote')}</p>}
      <Measures tr={tr} goals={props.goals} />
      {props.periods.length > 0 && (
        <section aria-labelledby="periods">
          <h2 id="periods">{t('public.periods')}</h2>
          <ul class="plain-list">
            {props.periods.map((p) => (
              <li>
                <a href={`${base}/${encodeURIComponent(p.key)}`}>{p.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="open-data">
        <h2 id="open-data">{t('public.data')}</h2>
        <ul class="plain-list">
          <li>
            <a href={`${base}/data.json`}>{t('public.dataJson')}</a> · <a href={`${base}/data.csv`}>{t('public.dataCsv')}</a> · <a href={`${base}/data-schema.json`}>{t('public.schema')}</a>
          </li>
          <li>
            <a href={`${base}/feed.atom`}>{t('public.feed')}</a>
          </li>
        </ul>
      </section>
    </PublicLayout>
  );
}
