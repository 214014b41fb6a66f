import { formatLocalDate } from '../../domain/dates.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { formCells, type CellRef, type Jump, type StatFormDefinition, type SubmissionCheck, type Values } from '../../domain/statistics.ts';
import type { MessageKey, Translator } from '../../i18n/index.ts';
import { CsrfField, describedBy, Field, FieldError } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';
import { periodName } from '../reports/service.ts';
import { MAX_REVIEW_COMMENT, type NewFormInput, type StatFormView, type SubmissionView } from './service.ts';
import { UNITS } from './structure.ts';

/** The statistical forms' pages: the plan's forms with each submitter's state per period, and one submission's table. */

export const statsUrl = (planId: string) => `/plans/${encodeURIComponent(planId)}/statistics`;
export const submissionUrl = (planId: string, form: string, period: string, organisationId: string) => `${statsUrl(planId)}/${encodeURIComponent(form)}/${encodeURIComponent(period)}/${encodeURIComponent(organisationId)}`;

export function StatStateTag(props: { tr: Translator; state: SubmissionView['state'] | null }) {
  const s = props.state ?? 'none';
  const cls = s === 'accepted' ? 'tag tag--active' : s === 'returned' ? 'tag tag--warning' : s === 'submitted' ? 'tag tag--consent' : 'tag';
  return <span class={cls}>{props.tr.t(`stats.state.${s}` as MessageKey)}</span>;
}

export interface OverviewForm {
  form: StatFormView;
  periods: ReportingPeriod[];
  rows: { organisation: OrganisationView; states: (SubmissionView['state'] | null)[] }[];
}

export interface OverviewReconciliation {
  key: string;
  title: string;
  periods: ReportingPeriod[];
  states: ('open' | 'closed' | null)[];
}

export function StatsOverviewPage(props: { ctx: PageContext; plan: PlanView; forms: OverviewForm[]; anyForm: boolean; reconciliations: OverviewReconciliation[]; publication: ReportingPeriod[]; mayManage: boolean }) {
  const { ctx, plan } = props;
  const { tr } = ctx;
  const { t } = tr;
  return (
    <Layout ctx={ctx} title={`${t('stats.title')} — ${plan.shortTitle ?? plan.title}`}>
      <p class="back-link">
        <a href={`/plans/${encodeURIComponent(plan.id)}`}>← {plan.shortTitle ?? plan.title}</a>
      </p>
      <h1>{t('stats.title')}</h1>
      <p>{t('stats.intro')}</p>
      {props.mayManage && (
        <p>
          <a class="button button--secondary" href={`${statsUrl(plan.id)}/new`}>
            {t('stats.new.link')}
          </a>
        </p>
      )}
      {props.forms.length === 0 && <p class="muted">{props.anyForm ? t('stats.noneForYou') : t('stats.none')}</p>}
      {props.publication.length > 0 && (
        <section aria-labelledby="publication">
          <h2 id="publication">{t('stats.publication')}</h2>
          <ul class="plain-list">
            {props.publication.map((p) => (
              <li>
                <a href={`${statsUrl(plan.id)}/publication/${encodeURIComponent(p.key)}`}>{periodName(tr, p)} (CSV)</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.reconciliations.length > 0 && (
        <section aria-labelledby="reconciliations">
          <h2 id="reconciliations">{t('recon.title')}</h2>
          {props.reconciliations.map((r) => (
            <>
              <h3>{r.title}</h3>
              <ul class="plain-list">
                {r.periods.map((p, i) => (
                  <li>
                    <a href={`${statsUrl(plan.id)}/reconciliations/${encodeURIComponent(r.key)}/${encodeURIComponent(p.key)}`}>{periodName(tr, p)}</a>{' '}
                    <span class={`tag ${r.states[i] === 'closed' ? 'tag--active' : r.states[i] === 'open' ? 'tag--draft' : ''}`}>{t(r.states[i] === 'closed' ? 'recon.state.closed' : r.states[i] === 'open' ? 'recon.state.open' : 'stats.state.none')}</span>
                  </li>
                ))}
              </ul>
            </>
          ))}
        </section>
      )}
      {props.forms.map(({ form, periods, rows }) => (
        <section aria-labelledby={`form-${form.key}`}>
          <h2 id={`form-${form.key}`}>{form.title}</h2>
          <p class="muted">
            {t('stats.due', { day: form.dueDay, kind: form.periodKind })}
            {form.measures.length > 0 && ` · ${t('stats.measures', { codes: form.measures.join(', ') })}`}
            {props.mayManage && (
              <>
                {' · '}
                <a href={`${statsUrl(plan.id)}/${encodeURIComponent(form.key)}/settings`}>{t('stats.settings.link')}</a>
                {' · '}
                <a href={`${statsUrl(plan.id)}/${encodeURIComponent(form.key)}/structure`}>{t('stats.structure.link')}</a>
              </>
            )}
          </p>
          <div class="table-scroll" role="region" aria-label={form.title} tabIndex={0}>
            <table class="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('stats.submitter')}</th>
                  {periods.map((p) => (
                    <th scope="col">
                      {periodName(tr, p)}
                      <br />
                      <span class="muted">{t('stats.deadline', { date: formatLocalDate(p.executorDeadline.date) })}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <th scope="row">{r.organisation.shortName ?? r.organisation.name}</th>
                    {periods.map((p, i) => (
                      <td>
                        <a href={submissionUrl(plan.id, form.key, p.key, r.organisation.id)} aria-label={`${r.organisation.name}, ${periodName(tr, p)}: ${t(`stats.state.${r.states[i] ?? 'none'}` as MessageKey)}`}>
                          <StatStateTag tr={tr} state={r.states[i] ?? null} />
                        </a>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}

/** A cell's words: "Встановлено осіб — діти, Полтавський". */
export function cellLabel(form: StatFormDefinition, cell: CellRef, tr: Translator): string {
  const q = form.quantities.find((x) => x.key === cell.quantity)!;
  if (cell.at.length === 0) return `${q.label} — ${tr.t('stats.submission.total').toLowerCase()}`;
  const parts = cell.at.map(([d, v]) => form.dimensions.find((x) => x.key === d)!.values.find((x) => x.key === v)?.label ?? v);
  return `${q.label} — ${parts.join(', ')}`;
}

export interface SubmissionPageProps {
  ctx: PageContext;
  csrf: string;
  plan: PlanView;
  form: StatFormView;
  period: ReportingPeriod;
  organisation: OrganisationView;
  submission: SubmissionView | null;
  /** What the inputs show: the typed values after a refused save, else the saved ones. */
  typed: Record<string, string>;
  figures: Values;
  editable: boolean;
  errors: Record<string, string>;
  check: SubmissionCheck | null;
  jumps: Jump[];
  notice?: string | undefined;
  alert?: string | undefined;
  review: { comment: string; error?: string | undefined } | null;
  exactViewNote: boolean;
}

export function SubmissionPage(props: SubmissionPageProps) {
  const { ctx, form, plan, period, organisation } = props;
  const { tr } = ctx;
  const { t } = tr;
  const def = form.definition;
  const cells = formCells(def);
  const index = new Map(cells.map((c, i) => [c.id, i]));
  const domId = (id: string) => `cell-${index.get(id)}`;
  const labelOf = (id: string) => cellLabel(def, cells[index.get(id)!]!, tr);
  const summary = [
    ...Object.entries(props.errors)
      .filter(([id]) => index.has(id))
      .map(([id, message]) => ({ field: domId(id), message: `${labelOf(id)}: ${message}` })),
    ...(props.review?.error ? [{ field: 'review-comment', message: props.review.error }] : []),
  ];
  const base = submissionUrl(plan.id, form.key, period.key, organisation.id);
  const mismatches = props.check?.mismatches ?? [];
  const input = (c: CellRef) => {
    const id = domId(c.id);
    const error = props.errors[c.id];
    return props.editable ? (
      <>
        {error && (
          <p class="field__error" id={`${id}-error`}>
            <span class="visually-hidden">{t('error.prefix')}</span>
            {error}
          </p>
        )}
        <input id={id} name={`cell.${c.id}`} type="text" inputmode="numeric" autocomplete="off" class="input--count" maxLength={13} value={props.typed[c.id] ?? ''} aria-label={labelOf(c.id)} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, false, error)} />
      </>
    ) : (
      <span id={id}>{typeof props.figures[c.id] === 'number' ? new Intl.NumberFormat('uk-UA').format(props.figures[c.id] as number) : '—'}</span>
    );
  };
  const title = t('stats.submission.title', { form: form.title, organisation: organisation.name });
  return (
    <Layout ctx={ctx} title={title} hasError={summary.length > 0 || Boolean(props.alert)}>
      <StatsPageTop tr={tr} planId={plan.id} errors={summary} alert={props.alert} notice={props.notice} />
      <p class="caption">
        {periodName(tr, period)} · {t('stats.deadline', { date: formatLocalDate(period.executorDeadline.date) })}
      </p>
      <h1>{title}</h1>
      <p>
        {t('stats.submission.state', { state: t(`stats.state.${props.submission?.state ?? 'none'}` as MessageKey) })}
        {props.submission && props.submission.versions > 0 && ` · ${t('stats.submission.versions', { count: props.submission.versions })}`}
      </p>
      {props.exactViewNote && <p class="hint">{t('stats.exactViewNote')}</p>}
      {props.submission?.state === 'returned' && props.submission.reviewComment && <p class="notice notice--as-of">{t('stats.submission.returnedComment', { comment: props.submission.reviewComment })}</p>}
      {props.editable ? <p class="hint">{t('stats.submission.hint')}</p> : props.submission?.state === 'submitted' && !props.review && <p class="hint">{t('stats.submission.readOnly')}</p>}
      {mismatches.length > 0 && (
        <div class="notice notice--as-of" role="status">
          <h2 class="h4">{t('stats.submission.mismatches')}</h2>
          <ul>
            {mismatches.map((m) => (
              <li>{mismatchText(def, m, tr)}</li>
            ))}
          </ul>
        </div>
      )}
      {props.jumps.length > 0 && (
        <div class="notice notice--as-of" role="status">
          <h2 class="h4">{t('stats.submission.jumps')}</h2>
          <ul>
            {props.jumps.map((j) => (
              <li>{t('stats.submission.jump', { cell: labelOf(j.cell), previous: j.previous, current: j.current })}</li>
            ))}
          </ul>
        </div>
      )}
      <form
        method="post"
        action={base}
        novalidate
        class="stat-form"
        {...(props.editable ? { 'hx-post': base, 'hx-trigger': 'input delay:1500ms, zvit:save', 'hx-target': '#stat-status', 'hx-swap': 'innerHTML', 'hx-sync': 'this:queue last', 'data-autosave': '', 'data-saving-text': t('report.saving'), 'data-offline-text': t('report.offline') } : {})}
      >
        <CsrfField token={props.csrf} />
        {/* "version": the name the autosave leaves out when it compares what is typed with what is saved. */}
        <input type="hidden" id="stat-version" name="version" value={String(props.submission?.revision ?? 0)} />
        {def.quantities.map((q) => (
          <section aria-labelledby={`q-${q.key}`}>
            <h2 id={`q-${q.key}`}>{q.label}</h2>
            <table class="data-table stat-table">
              <tbody>
                <tr>
                  <th scope="row">{t('stats.submission.total')}</th>
                  <td>{input(cells.find((c) => c.id === q.key)!)}</td>
                </tr>
              </tbody>
            </table>
            {def.breakdowns
              .filter((b) => b.quantity === q.key)
              .map((b) => (
                <BreakdownTable tr={tr} def={def} dims={b.dimensions} quantity={q.key} cells={cells} input={input} />
              ))}
          </section>
        ))}
        {props.editable && <p class="entry__status hint" id="stat-status" role="status" aria-live="polite"></p>}
        {props.editable && (
          <div class="actions">
            <button type="submit" class="button button--secondary">
              {t('stats.submission.save')}
            </button>
            <button type="submit" class="button" formaction={`${base}/submit`}>
              {t('stats.submission.submit')}
            </button>
          </div>
        )}
      </form>
      {props.review && (
        <form method="post" action={`${base}/review`} novalidate class="form">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="revision" value={String(props.submission?.revision ?? 0)} />
          <h2>{t('stats.review.title')}</h2>
          <div class={`field${props.review.error ? ' field--error' : ''}`}>
            <label for="review-comment">{t('stats.review.comment')}</label>
            {props.review.error && (
              <p class="field__error" id="review-comment-error">
                <span class="visually-hidden">{t('error.prefix')}</span>
                {props.review.error}
              </p>
            )}
            <textarea id="review-comment" name="comment" rows={3} maxLength={MAX_REVIEW_COMMENT} aria-invalid={props.review.error ? 'true' : undefined} aria-describedby={describedBy('review-comment', false, props.review.error)}>
              {props.review.comment}
            </textarea>
          </div>
          <div class="actions">
            <button type="submit" class="button" name="decision" value="accept">
              {t('stats.review.accept')}
            </button>
            <button type="submit" class="button button--secondary" name="decision" value="return">
              {t('stats.review.return')}
            </button>
          </div>
        </form>
      )}
    </Layout>
  );
}

/**
 * A sum that does not add up, in words: "Встановлено осіб за ознакою «Вік»: у сумі 3, а загальна
 * кількість — 4 (різниця −1)"; inside a breakdown, "Встановлено осіб (діти) за ознакою «Район»: у
 * сумі 1, а всього (діти) — 2".
 */
function mismatchText(def: StatFormDefinition, m: SubmissionCheck['mismatches'][number], tr: Translator): string {
  const cells = formCells(def);
  const members = m.members.map((id) => cells.find((c) => c.id === id)!);
  const first = members[0]!;
  // The dimension that varies across the members is the one summed over.
  const varying = first.at.findIndex(([, v], i) => members.some((c) => c.at[i]![1] !== v));
  const fixed = first.at.filter((_, i) => i !== varying).map(([d, v]) => def.dimensions.find((x) => x.key === d)!.values.find((x) => x.key === v)?.label ?? v);
  const dim = def.dimensions.find((x) => x.key === first.at[varying]?.[0]);
  const q = def.quantities.find((x) => x.key === first.quantity)!;
  return tr.t('stats.submission.mismatch', {
    quantity: `${q.label}${fixed.length ? ` (${fixed.join(', ')})` : ''}`,
    dimension: dim?.label ?? '',
    actual: m.actual,
    total: fixed.length ? tr.t('stats.submission.totalOf', { of: fixed.join(', ') }) : tr.t('stats.submission.overall'),
    expected: m.expected,
    difference: m.difference > 0 ? `+${m.difference}` : `−${-m.difference}`,
  });
}

function BreakdownTable(props: { tr: Translator; def: StatFormDefinition; dims: string[]; quantity: string; cells: CellRef[]; input: (c: CellRef) => preact.JSX.Element }) {
  const { def, dims, quantity } = props;
  const d = dims.map((k) => def.dimensions.find((x) => x.key === k)!);
  const find = (at: [string, string][]) => props.cells.find((c) => c.quantity === quantity && c.at.length === at.length && c.at.every(([k, v], i) => at[i]![0] === k && at[i]![1] === v))!;
  if (d.length === 1) {
    return (
      <table class="data-table stat-table">
        <caption>{d[0]!.label}</caption>
        <tbody>
          {d[0]!.values.map((v) => (
            <tr>
              <th scope="row">{v.label}</th>
              <td>{props.input(find([[d[0]!.key, v.key]]))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  // Two dimensions: the second down the side (districts, forms of exploitation), the first across (age).
  const [across, down] = [d[0]!, d[1]!];
  return (
    <div class="table-scroll" role="region" aria-label={`${down.label} × ${across.label.toLowerCase()}`} tabIndex={0}>
      <table class="data-table stat-table">
        <caption>
          {down.label} × {across.label.toLowerCase()}
        </caption>
        <thead>
          <tr>
            <th scope="col">{down.label}</th>
            {across.values.map((v) => (
              <th scope="col">{v.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {down.values.map((dv) => (
            <tr>
              <th scope="row">{dv.label}</th>
              {across.values.map((av) => (
                <td>{props.input(find([[across.key, av.key], [down.key, dv.key]]))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}


const GROUPS: { key: 'regional' | 'district' | 'community' | 'ngo'; kinds: string[] }[] = [
  { key: 'regional', kinds: ['regional_administration', 'department', 'territorial_body', 'institution', 'other'] },
  { key: 'district', kinds: ['district_administration'] },
  { key: 'community', kinds: ['community'] },
  { key: 'ngo', kinds: ['ngo'] },
];
const capital = (s: string) => s.charAt(0).toLocaleUpperCase('uk') + s.slice(1);

/**
 * Who submits a form: the directory's groups, then its organisations by kind, as checkboxes (a
 * long multi-select is unusable on a phone); a kind with nothing chosen stays folded.
 */
export function SubmittersField(props: { tr: Translator; directory: Directory; selected: string[]; error?: string | undefined }) {
  const { tr, directory, selected, error } = props;
  const { t } = tr;
  const box = (id: string, name: string) => (
    <label class="choice">
      <input type="checkbox" name="submitters" value={id} checked={selected.includes(id)} /> {name}
    </label>
  );
  const organisations = directory.organisations.filter((o) => !o.mergedInto);
  return (
    <fieldset class={`field submitters${error ? ' field--error' : ''}`} id="submitters" aria-describedby={['submitters-hint', error ? 'submitters-error' : ''].filter(Boolean).join(' ')}>
      <legend>{t('stats.settings.submitters')}</legend>
      <p class="hint" id="submitters-hint">
        {t('stats.settings.submittersHint')}
      </p>
      <FieldError tr={tr} id="submitters" error={error} />
      <details open={directory.groups.some((g) => selected.includes(g.id))}>
        <summary>
          {t('stats.settings.groups')} ({directory.groups.length})
        </summary>
        {directory.groups.map((g) => box(g.id, g.name))}
      </details>
      {GROUPS.map((group) => {
        const of = organisations.filter((o) => group.kinds.includes(o.kind));
        if (of.length === 0) return null;
        const chosen = of.filter((o) => selected.includes(o.id)).length;
        return (
          <details open={chosen > 0}>
            <summary>
              {capital(t(`consolidation.group.${group.key}` as MessageKey))} ({chosen > 0 ? t('stats.settings.chosen', { chosen, count: of.length }) : of.length})
            </summary>
            {of.map((o) => box(o.id, o.name))}
          </details>
        );
      })}
    </fieldset>
  );
}

function PeriodKindField(props: { tr: Translator; value: string; error?: string | undefined; hint?: string | undefined }) {
  const { tr, value, error } = props;
  const { t } = tr;
  return (
    <fieldset class={`field${error ? ' field--error' : ''}`} id="periodKind" aria-describedby={[props.hint ? 'periodKind-hint' : '', error ? 'periodKind-error' : ''].filter(Boolean).join(' ') || undefined}>
      <legend>{t('stats.settings.periodKind')}</legend>
      {props.hint && (
        <p class="hint" id="periodKind-hint">
          {props.hint}
        </p>
      )}
      <FieldError tr={tr} id="periodKind" error={error} />
      {(['quarter', 'half_year'] as const).map((k) => (
        <label class="choice">
          <input type="radio" name="periodKind" value={k} checked={value === k} /> {t(`stats.settings.periodKind.${k}`)}
        </label>
      ))}
    </fieldset>
  );
}

export function FormSettingsPage(props: { ctx: PageContext; csrf: string; plan: PlanView; form: StatFormView; directory: Directory; values: { title: string; dueDay: string; submitters: string[]; periodKind: string }; errors: Record<string, string>; notice?: string | undefined }) {
  const { ctx, plan, form, values, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = (['title', 'periodKind', 'dueDay', 'submitters'] as const).filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
  return (
    <Layout ctx={ctx} title={`${t('stats.settings.title')}: ${form.title}`} hasError={list.length > 0}>
      <StatsPageTop tr={tr} planId={plan.id} errors={list} notice={props.notice} />
      <h1>{t('stats.settings.title')}</h1>
      <p>{t('stats.settings.intro')}</p>
      <p>
        <a href={`${statsUrl(plan.id)}/${encodeURIComponent(form.key)}/structure`}>{t('stats.structure.link')}</a>
      </p>
      <form method="post" action={`${statsUrl(plan.id)}/${encodeURIComponent(form.key)}/settings`} class="form" novalidate>
        <CsrfField token={props.csrf} />
        <Field tr={tr} id="title" label={t('stats.settings.formTitle')} error={errors.title}>
          <input id="title" name="title" type="text" class="input--wide" maxLength={300} value={values.title} aria-invalid={errors.title ? 'true' : undefined} aria-describedby={describedBy('title', false, errors.title)} />
        </Field>
        <PeriodKindField tr={tr} value={values.periodKind} error={errors.periodKind} hint={t('stats.settings.periodKindHint')} />
        <Field tr={tr} id="dueDay" label={t('stats.settings.dueDay')} hint={t('stats.settings.dueDayHint')} error={errors.dueDay}>
          <input id="dueDay" name="dueDay" type="text" inputmode="numeric" class="input--count" maxLength={2} value={values.dueDay} aria-invalid={errors.dueDay ? 'true' : undefined} aria-describedby={describedBy('dueDay', true, errors.dueDay)} />
        </Field>
        <SubmittersField tr={tr} directory={props.directory} selected={values.submitters} error={errors.submitters} />
        <button type="submit" class="button">
          {t('stats.settings.save')}
        </button>
      </form>
    </Layout>
  );
}

/** A new statistical form: what it is called, how often and by when, who submits it, and the first thing it counts. */
export function NewFormPage(props: { ctx: PageContext; csrf: string; plan: PlanView; directory: Directory; values: NewFormInput; errors: Record<string, string> }) {
  const { ctx, plan, values, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = (['title', 'periodKind', 'dueDay', 'submitters', 'quantity', 'unit'] as const).filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
  return (
    <Layout ctx={ctx} title={t('stats.new.title')} hasError={list.length > 0}>
      <StatsPageTop tr={tr} planId={plan.id} errors={list} />
      <h1>{t('stats.new.title')}</h1>
      <p>{t('stats.new.intro')}</p>
      <form method="post" action={`${statsUrl(plan.id)}/new`} class="form" novalidate>
        <CsrfField token={props.csrf} />
        <Field tr={tr} id="title" label={t('stats.settings.formTitle')} error={errors.title}>
          <input id="title" name="title" type="text" class="input--wide" maxLength={300} value={values.title} aria-invalid={errors.title ? 'true' : undefined} aria-describedby={describedBy('title', false, errors.title)} />
        </Field>
        <PeriodKindField tr={tr} value={values.periodKind} error={errors.periodKind} />
        <Field tr={tr} id="dueDay" label={t('stats.settings.dueDay')} hint={t('stats.settings.dueDayHint')} error={errors.dueDay}>
          <input id="dueDay" name="dueDay" type="text" inputmode="numeric" class="input--count" maxLength={2} value={values.dueDay} aria-invalid={errors.dueDay ? 'true' : undefined} aria-describedby={describedBy('dueDay', true, errors.dueDay)} />
        </Field>
        <SubmittersField tr={tr} directory={props.directory} selected={values.submitters} error={errors.submitters} />
        <Field tr={tr} id="quantity" label={t('stats.new.quantity')} hint={t('stats.new.quantityHint')} error={errors.quantity}>
          <input id="quantity" name="quantity" type="text" class="input--wide" maxLength={200} value={values.quantity} aria-invalid={errors.quantity ? 'true' : undefined} aria-describedby={describedBy('quantity', true, errors.quantity)} />
        </Field>
        <Field tr={tr} id="unit" label={t('stats.structure.unit')} error={errors.unit}>
          <select id="unit" name="unit" aria-invalid={errors.unit ? 'true' : undefined} aria-describedby={describedBy('unit', false, errors.unit)}>
            {UNITS.map((u) => (
              <option value={u} selected={values.unit === u}>
                {t(`stats.unit.${u}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" class="button">
          {t('stats.new.create')}
        </button>
      </form>
    </Layout>
  );
}

/** The autosave's answer: a line for the status, and the new revision swapped into the form. */
export function SaveStatus(props: { tr: Translator; message: string; revision?: number | undefined }) {
  return (
    <>
      {props.message}
      {props.revision !== undefined && <input type="hidden" id="stat-version" name="version" value={String(props.revision)} hx-swap-oob="true" />}
    </>
  );
}

/** The top of a statistics page: back to the forms, the errors, what went wrong or what was done. */
export function StatsPageTop(props: { tr: Translator; planId: string; errors: { field: string; message: string }[]; alert?: string | undefined; notice?: string | undefined }) {
  return (
    <>
      <p class="back-link">
        <a href={statsUrl(props.planId)}>{props.tr.t('stats.submission.back')}</a>
      </p>
      <ErrorSummary tr={props.tr} errors={props.errors} />
      {props.alert && (
        <p class="notice" role="alert">
          {props.alert}
        </p>
      )}
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
    </>
  );
}
