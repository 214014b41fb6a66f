import type { Translator } from '../../i18n/index.ts';
import { Layout, type PageContext } from '../../ui/layout.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { PlanView } from '../plans/service.ts';
import { periodName } from '../reports/service.ts';
import { MAX_COUNTED, type SearchResult } from './service.ts';

/** The search page: one field (and a plan to keep to), then the reports that hold every word, each with the words shown where they stand. */
export function SearchPage(props: { ctx: PageContext; q: string; planId: string; plans: PlanView[]; result: SearchResult | null; error?: string | undefined }) {
  const { ctx, result } = props;
  const { tr } = ctx;
  const { t } = tr;
  return (
    <Layout ctx={ctx} title={props.q ? `${t('search.title')}: ${props.q}` : t('search.title')} hasError={Boolean(props.error)}>
      <h1>{t('search.title')}</h1>
      <p class="hint">{t('search.intro')}</p>
      <form method="get" action="/search" class="filter filter--compact" role="search">
        <div class={`field${props.error ? ' field--error' : ''}`}>
          <label for="q">{t('search.field')}</label>
          {props.error && (
            <p class="field-error" id="q-error">
              {props.error}
            </p>
          )}
          <input type="search" id="q" name="q" value={props.q} maxLength={200} class="input--wide" aria-describedby={props.error ? 'q-error' : undefined} aria-invalid={props.error ? 'true' : undefined} />
        </div>
        {props.plans.length > 1 && (
          <div class="field">
            <label for="plan">{t('search.plan')}</label>
            <select id="plan" name="plan">
              <option value="">{t('search.allPlans')}</option>
              {props.plans.map((p) => (
                <option value={p.id} selected={props.planId === p.id}>
                  {p.shortTitle ?? p.title}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" class="button">
          {t('search.submit')}
        </button>
      </form>
      {props.plans.length === 0 && <p class="empty">{t('search.noPlans')}</p>}
      {result && <Results tr={tr} result={result} />}
    </Layout>
  );
}

function Results(props: { tr: Translator; result: SearchResult }) {
  const { tr, result } = props;
  const { t } = tr;
  if (result.count === 0) return <p class="empty" role="status">{t('search.none')}</p>;
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">
        {result.count > MAX_COUNTED ? t('search.countMore', { count: MAX_COUNTED }) : t('search.count', { count: result.count })}
        {result.count > result.hits.length && <span class="muted"> {t('search.shown', { shown: result.hits.length })}</span>}
      </h2>
      <ol class="card-list search-results">
        {result.hits.map((h) => (
          <li class="card">
            <p class="card__meta">
              {h.plan.shortTitle ?? h.plan.title} · {h.period ? periodName(tr, h.period) : h.periodKey} · {t('search.submitted', { number: h.number, at: formatInstant(h.submittedAt) })}
            </p>
            <h3 class="card__title">
              <a href={h.url}>{h.organisation}</a>
            </h3>
            {h.entries.map((e) => (
              <div class="search-entry">
                <p class="search-entry__measure">
                  <a href={`${h.url}#s${e.measureId}`}>
                    {t('search.measure', { code: e.code })}
                  </a>{' '}
                  <span class="muted">{e.title.length > 120 ? `${e.title.slice(0, 118)}…` : e.title}</span>
                </p>
                <p class="search-entry__text">{e.pieces.map((x) => (x.match ? <mark>{x.text}</mark> : x.text))}</p>
              </div>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
