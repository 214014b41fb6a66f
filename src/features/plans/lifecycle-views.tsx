import type { Translator } from '../../i18n/index.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { addDays, formatLocalDate, isLocalDate } from '../../domain/dates.ts';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { Checkbox, CsrfField, describeIds as describe, errorList, FieldError, PostButton, TextInput } from '../../ui/form.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { TextDiff } from '../../ui/text-diff.tsx';
import { formatInstant } from '../../ui/time.ts';
import { groupDisplayName, type Directory } from '../organisations/service.ts';
import type { AmendmentView, ApplyProblem, BasisField, ChangeView, MeasureText } from './amendments.ts';
import type { DetailsField, PlanDetailsInput } from './lifecycle.ts';
import type { PlanOutline, PlanView } from './service.ts';
import { deadlineLabel, legalKind } from './views.tsx';

/** Pages of a plan's life: its details, its amendments and their history. */

function planHref(planId: string): string {
  return `/plans/${encodeURIComponent(planId)}`;
}

export function amendmentHref(planId: string, amendmentId: number): string {
  return `${planHref(planId)}/amendments/${amendmentId}`;
}

/** An ISO date shown as people type it in these forms; anything else as it was typed. */
export function asTyped(value: string): string {
  return isLocalDate(value) ? formatLocalDate(value) : value;
}

const DETAILS_ORDER: DetailsField[] = ['title', 'shortTitle', 'legalKind', 'legalIssuer', 'legalNumber', 'legalDate', 'start', 'end', 'periodKind', 'executorDueDay', 'consolidationDueDay', 'reportsTo', 'controlledBy'];

export function PlanDetailsPage(props: { ctx: PageContext; csrf: string; mode: 'copy' | 'edit'; plan: PlanView; values: PlanDetailsInput; errors: Partial<Record<DetailsField, string>> }) {
  const { ctx, plan, values, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = errorList(errors, DETAILS_ORDER);
  const title = props.mode === 'copy' ? t('copy.title') : t('details.title');
  return (
    <Layout ctx={ctx} title={title} hasError={list.length > 0}>
      <p class="back-link">
        <a href={props.mode === 'copy' ? planHref(plan.id) : `${planHref(plan.id)}/review`}>← {props.mode === 'copy' ? (plan.shortTitle ?? plan.title) : t('review.title')}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      <p class="caption">{plan.title}</p>
      <h1>{title}</h1>
      <p>{props.mode === 'copy' ? t('copy.intro') : t('details.intro')}</p>
      <form method="post" action={`${planHref(plan.id)}/${props.mode === 'copy' ? 'copy' : 'details'}`} novalidate class="form">
        <CsrfField token={props.csrf} />
        <div class={`field${errors.title ? ' field--error' : ''}`}>
          <label for="title">{t('details.planTitle')}</label>
          <FieldError tr={tr} id="title" error={errors.title} />
          <textarea id="title" name="title" rows={3} maxLength={1000} aria-invalid={errors.title ? 'true' : undefined} aria-describedby={describe(errors.title && 'title-error')}>
            {values.title}
          </textarea>
        </div>
        <TextInput tr={tr} id="shortTitle" label={t('details.shortTitle')} hint={t('details.shortTitleHint')} value={values.shortTitle} error={errors.shortTitle} max={400} class="input--wide" />
        <fieldset class="field field--nested">
          <legend>{t('details.legal')}</legend>
          <TextInput tr={tr} id="legalKind" label={t('details.legalKind')} hint={t('details.legalKindHint')} value={values.legalKind} error={errors.legalKind} max={200} class="input--medium" />
          <TextInput tr={tr} id="legalIssuer" label={t('details.legalIssuer')} value={values.legalIssuer} error={errors.legalIssuer} max={600} class="input--wide" />
          <TextInput tr={tr} id="legalNumber" label={t('details.legalNumber')} value={values.legalNumber} error={errors.legalNumber} max={100} class="input--short" />
          <TextInput tr={tr} id="legalDate" label={t('details.legalDate')} hint={t('form.dateHint')} value={asTyped(values.legalDate)} error={errors.legalDate} max={20} class="input--medium" inputMode="numeric" />
        </fieldset>
        <fieldset class="field field--nested">
          <legend>{t('details.dates')}</legend>
          <TextInput tr={tr} id="start" label={t('details.start')} hint={t('form.dateHint')} value={asTyped(values.start)} error={errors.start} max={20} class="input--medium" inputMode="numeric" />
          <TextInput tr={tr} id="end" label={t('details.end')} hint={t('form.dateHint')} value={asTyped(values.end)} error={errors.end} max={20} class="input--medium" inputMode="numeric" />
        </fieldset>
        <fieldset class="field field--nested">
          <legend>{t('details.schedule')}</legend>
          <div class={`field${errors.periodKind ? ' field--error' : ''}`}>
            <label for="periodKind">{t('details.periodKind')}</label>
            <FieldError tr={tr} id="periodKind" error={errors.periodKind} />
            <select id="periodKind" name="periodKind">
              <option value="half_year" selected={values.periodKind === 'half_year'}>
                {t('details.periodKind.half_year')}
              </option>
              <option value="quarter" selected={values.periodKind === 'quarter'}>
                {t('details.periodKind.quarter')}
              </option>
            </select>
          </div>
          <TextInput tr={tr} id="executorDueDay" label={t('details.executorDueDay')} hint={t('details.executorDueDayHint')} value={values.executorDueDay} error={errors.executorDueDay} max={4} class="input--short" inputMode="numeric" />
          <TextInput tr={tr} id="consolidationDueDay" label={t('details.consolidationDueDay')} hint={t('details.consolidationDueDayHint')} value={values.consolidationDueDay} error={errors.consolidationDueDay} max={4} class="input--short" inputMode="numeric" />
          <div class="field">
            <label class="choice">
              <input type="checkbox" id="moveWeekendDeadlines" name="moveWeekendDeadlines" value="yes" checked={values.moveWeekendDeadlines} /> {t('details.moveWeekendDeadlines')}
            </label>
          </div>
        </fieldset>
        <TextInput tr={tr} id="reportsTo" label={t('details.reportsTo')} value={values.reportsTo} error={errors.reportsTo} max={1000} class="input--wide" />
        <TextInput tr={tr} id="controlledBy" label={t('details.controlledBy')} value={values.controlledBy} error={errors.controlledBy} max={1000} class="input--wide" />
        <button type="submit" class="button">
          {props.mode === 'copy' ? t('copy.submit') : t('edit.save')}
        </button>
      </form>
    </Layout>
  );
}

// ---- what an amendment changes ----------------------------------------------------------------------

function executorName(tr: Translator, directory: Directory, e: MeasureText['executors'][number]): string {
  if (e.type === 'group') {
    const g = directory.group(e.id);
    return g ? groupDisplayName(g, tr.t('measure.byConsent')) : e.id;
  }
  return directory.organisation(e.id)?.name ?? e.id;
}

function MeasureSummary(props: { tr: Translator; directory: Directory; m: MeasureText }) {
  const { tr, m } = props;
  return (
    <>
      <Paragraphs text={m.title} />
      <p>
        <strong>{tr.t('measure.deadline')}:</strong> {deadlineLabel(tr, m)}
      </p>
      <p>
        <strong>{tr.t('measure.executors')}:</strong> {m.executors.map((e) => executorName(tr, props.directory, e)).join('; ')}
      </p>
    </>
  );
}

/** One change of an amendment: what the measure said and what it says now, the words marked. */
export function ChangeDetail(props: { tr: Translator; directory: Directory; change: ChangeView }) {
  const { tr, directory, change: c } = props;
  const { t } = tr;
  if (c.kind === 'add' && c.after) {
    return (
      <div class="change change--add">
        <MeasureSummary tr={tr} directory={directory} m={c.after} />
      </div>
    );
  }
  if (c.kind === 'remove' && c.before) {
    return (
      <div class="change change--remove">
        <del class="diff-block">
          <Paragraphs text={c.before.title} />
        </del>
      </div>
    );
  }
  if (!c.before || !c.after) return null;
  const b = c.before;
  const a = c.after;
  const key = (e: MeasureText['executors'][number]) => `${e.type}:${e.id}`;
  const added = a.executors.filter((e) => !b.executors.some((x) => key(x) === key(e)));
  const removed = b.executors.filter((e) => !a.executors.some((x) => key(x) === key(e)));
  const leadBefore = b.executors.find((e) => e.isLead);
  const leadAfter = a.executors.find((e) => e.isLead);
  const leadChanged = (leadBefore ? key(leadBefore) : '') !== (leadAfter ? key(leadAfter) : '');
  const deadlineBefore = deadlineLabel(tr, b);
  const deadlineAfter = deadlineLabel(tr, a);
  return (
    <dl class="change change--edit summary-list">
      <div>
        <dt>{t('amendment.diff.text')}</dt>
        <dd>{b.title === a.title ? <span class="muted">{t('amendment.diff.unchanged')}</span> : <TextDiff tr={tr} before={b.title} after={a.title} />}</dd>
      </div>
      <div>
        <dt>{t('measure.deadline')}</dt>
        <dd>
          {deadlineBefore === deadlineAfter ? (
            <span class="muted">{t('amendment.diff.unchanged')}</span>
          ) : (
            <>
              <del>{deadlineBefore}</del> → <ins>{deadlineAfter}</ins>
            </>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('measure.executors')}</dt>
        <dd>
          {added.length === 0 && removed.length === 0 && !leadChanged ? (
            <span class="muted">{t('amendment.diff.unchanged')}</span>
          ) : (
            <ul class="plain-list">
              {added.map((e) => (
                <li>
                  <ins>+ {executorName(tr, directory, e)}</ins>
                </li>
              ))}
              {removed.map((e) => (
                <li>
                  <del>− {executorName(tr, directory, e)}</del>
                </li>
              ))}
              {leadChanged && <li>{t('amendment.diff.lead', { name: leadAfter ? executorName(tr, directory, leadAfter) : t('measureForm.leadNone') })}</li>}
            </ul>
          )}
        </dd>
      </div>
    </dl>
  );
}

function changeHeading(tr: Translator, c: ChangeView): string {
  return tr.t(`amendment.change.${c.kind}` as MessageKey, { code: c.code });
}

function AmendmentBasis(props: { tr: Translator; a: AmendmentView }) {
  const { tr, a } = props;
  return tr.t('amendment.basis', { kind: legalKind(tr, a.legal.kind), number: a.legal.number, date: tr.date(a.legal.date) });
}

/** A plan's amendments, each with what it changed; links to the plan as it stood before and after. */
export function HistoryPage(props: { ctx: PageContext; plan: PlanView; directory: Directory; amendments: AmendmentView[]; mayManage: boolean; today: string }) {
  const { ctx, plan, directory } = props;
  const { tr } = ctx;
  const { t } = tr;
  const applied = props.amendments.filter((a) => a.state === 'applied');
  const draft = props.amendments.find((a) => a.state === 'draft');
  return (
    <Layout ctx={ctx} title={`${t('history.title')} — ${plan.shortTitle ?? plan.title}`}>
      <p class="back-link">
        <a href={planHref(plan.id)}>← {plan.shortTitle ?? plan.title}</a>
      </p>
      <p class="caption">{plan.title}</p>
      <h1>{t('history.title')}</h1>
      <p>{t('plan.legalBasis', { kind: legalKind(tr, plan.legal.kind), date: tr.date(plan.legal.date), number: plan.legal.number })}</p>
      {draft && props.mayManage && (
        <p class="notice">
          {t('history.draft', { number: draft.legal.number })} <a href={amendmentHref(plan.id, draft.id)}>{t('history.draftOpen')}</a>
        </p>
      )}
      {applied.length === 0 ? (
        <p class="empty">{t('history.none')}</p>
      ) : (
        <ol class="history">
          {applied.map((a) => (
            <li class="history__item">
              <h2 class="history__title">
                <a href={amendmentHref(plan.id, a.id)}>
                  <AmendmentBasis tr={tr} a={a} />
                </a>
              </h2>
              <p class="hint">
                {t(a.effectiveFrom > props.today ? 'history.effectiveFuture' : 'history.effective', { date: tr.date(a.effectiveFrom) })} · {t('history.changes', { count: a.changes.length })} · <a href={`${planHref(plan.id)}?on=${addDays(a.effectiveFrom, -1)}`}>{t('history.before')}</a> ·{' '}
                <a href={`${planHref(plan.id)}?on=${a.effectiveFrom}`}>{t('history.after')}</a>
              </p>
              {a.note && <p>{a.note}</p>}
              <ul class="plain-list">
                {a.changes.map((c) => (
                  <li>
                    {c.measureId !== null ? <a href={`${planHref(plan.id)}/measures/${c.measureId}?on=${c.kind === 'remove' ? addDays(a.effectiveFrom, -1) : a.effectiveFrom}`}>{changeHeading(tr, c)}</a> : changeHeading(tr, c)}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}

function problemText(tr: Translator, p: ApplyProblem): string {
  switch (p.kind) {
    case 'noChanges':
      return tr.t('amendment.problem.noChanges');
    case 'effectiveDate':
      return tr.t(`amendment.error.effectiveFrom.${p.problem}` as MessageKey);
    case 'measureGone':
      return tr.t('amendment.problem.measureGone');
    case 'versionAfterEffective':
      return tr.t('amendment.problem.versionAfterEffective', { code: p.code, date: tr.date(p.validFrom) });
    case 'codeTaken':
      return tr.t('amendment.problem.codeTaken', { code: p.code });
    case 'executorUnknown':
      return tr.t('amendment.problem.executorUnknown', { code: p.code });
  }
}

/**
 * An amendment. Being prepared (for its coordinators): the order it comes from, the changes so
 * far, every measure with "change" and "remove", and "apply". Applied: what it changed.
 */
export function AmendmentPage(props: {
  ctx: PageContext;
  csrf: string;
  plan: PlanView;
  directory: Directory;
  amendment: AmendmentView;
  outline: PlanOutline | null;
  problems?: ApplyProblem[];
  confirmErrors?: Partial<Record<'applyConfirm' | 'discardConfirm', string>>;
  notice?: string | undefined;
}) {
  const { ctx, plan, directory, amendment: a } = props;
  const { tr } = ctx;
  const { t } = tr;
  const draft = a.state === 'draft';
  const href = amendmentHref(plan.id, a.id);
  const errors = [
    ...(props.problems ?? []).map((p) => ({ field: 'applyConfirm', message: problemText(tr, p) })),
    ...Object.entries(props.confirmErrors ?? {}).map(([field, message]) => ({ field, message: message! })),
  ];
  const changed = new Map(a.changes.filter((c) => c.measureId !== null).map((c) => [c.measureId!, c]));
  return (
    <Layout ctx={ctx} title={`${tr.t('amendment.basis', { kind: legalKind(tr, a.legal.kind), number: a.legal.number, date: tr.date(a.legal.date) })}${draft ? ` (${t('amendment.state.draft')})` : ''} — ${plan.shortTitle ?? plan.title}`} hasError={errors.length > 0}>
      <p class="back-link">
        <a href={`${planHref(plan.id)}/history`}>← {t('history.title')}</a>
      </p>
      <ErrorSummary tr={tr} errors={errors} />
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <p class="caption">
        <span class={`tag tag--${draft ? 'draft' : 'active'}`}>{draft ? t('amendment.state.draft') : t('amendment.state.applied')}</span> {plan.title}
      </p>
      <h1>
        <AmendmentBasis tr={tr} a={a} />
      </h1>
      <dl class="summary-list">
        <div>
          <dt>{t('amendment.effectiveFrom')}</dt>
          <dd>{tr.date(a.effectiveFrom)}</dd>
        </div>
        {a.note && (
          <div>
            <dt>{t('amendment.note')}</dt>
            <dd>{a.note}</dd>
          </div>
        )}
        {a.appliedAt && (
          <div>
            <dt>{t('amendment.appliedAt')}</dt>
            <dd>{formatInstant(a.appliedAt)}</dd>
          </div>
        )}
      </dl>
      {draft && (
        <p class="actions">
          <a class="button button--secondary" href={`${href}/basis`}>
            {t('amendment.editBasis')}
          </a>{' '}
          <a class="button button--secondary" href={`${href}/measures/new`}>
            {t('amendment.addMeasure')}
          </a>
        </p>
      )}
      {!draft && (
        <p class="hint">
          <a href={`${planHref(plan.id)}?on=${addDays(a.effectiveFrom, -1)}`}>{t('history.before')}</a> · <a href={`${planHref(plan.id)}?on=${a.effectiveFrom}`}>{t('history.after')}</a>
        </p>
      )}
      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">{t('amendment.changes', { count: a.changes.length })}</h2>
        {a.changes.length === 0 && <p class="empty">{t('amendment.noChanges')}</p>}
        {a.changes.map((c) => (
          <article class="review-measure" aria-labelledby={`change-${c.id}`}>
            <h3 id={`change-${c.id}`} class="review-measure__code">
              {changeHeading(tr, c)}
            </h3>
            <ChangeDetail tr={tr} directory={directory} change={c} />
            {draft && (
              <div class="actions">
                {c.kind === 'edit' && (
                  <a href={`${href}/measures/${c.measureId}`} class="button button--secondary">
                    {t('amendment.changeAgain')}
                    <span class="visually-hidden">: {changeHeading(tr, c)}</span>
                  </a>
                )}
                {c.kind === 'add' && (
                  <a href={`${href}/additions/${c.id}`} class="button button--secondary">
                    {t('amendment.changeAgain')}
                    <span class="visually-hidden">: {changeHeading(tr, c)}</span>
                  </a>
                )}{' '}
                <form method="post" action={`${href}/changes/${c.id}/undo`} class="inline-form">
                  <CsrfField token={props.csrf} />
                  <button type="submit" class="button button--secondary">
                    {t('amendment.undo')}
                    <span class="visually-hidden">: {changeHeading(tr, c)}</span>
                  </button>
                </form>
              </div>
            )}
          </article>
        ))}
      </section>
      {draft && props.outline && (
        <>
          <section aria-labelledby="apply-heading" class="form--block">
            <h2 id="apply-heading">{t('amendment.applyHeading')}</h2>
            {a.changes.length === 0 ? (
              <p class="hint">{t('amendment.applyNothing')}</p>
            ) : (
              <>
                <p>{t('amendment.applyIntro', { date: tr.date(a.effectiveFrom) })}</p>
                <form method="post" action={`${href}/apply`} novalidate class="form">
                  <CsrfField token={props.csrf} />
                  <Checkbox tr={tr} id="applyConfirm" name="confirm" label={t('amendment.applyConfirm')} checked={false} error={props.confirmErrors?.applyConfirm} />
                  <button type="submit" class="button">
                    {t('amendment.apply')}
                  </button>
                </form>
              </>
            )}
            <form method="post" action={`${href}/discard`} novalidate class="form form--discard">
              <CsrfField token={props.csrf} />
              <Checkbox tr={tr} id="discardConfirm" name="confirm" label={t('amendment.discardConfirm')} checked={false} error={props.confirmErrors?.discardConfirm} />
              <button type="submit" class="button button--warning">
                {t('amendment.discard')}
              </button>
            </form>
          </section>
          <section aria-labelledby="measures-heading">
            <h2 id="measures-heading">{t('amendment.measures')}</h2>
            <p class="hint">{t('amendment.measuresHint')}</p>
            <table class="measures-table measures-table--compact">
              <thead>
                <tr>
                  <th scope="col">№</th>
                  <th scope="col">{t('amendment.measureColumn')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('amendment.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.outline.goals.flatMap((g) =>
                  g.tasks.flatMap((task) =>
                    task.measures.map((m) => {
                      const c = changed.get(m.id);
                      return (
                        <tr>
                          <th scope="row" class="measures-table__code">
                            {m.code}
                          </th>
                          <td data-label={t('amendment.measureColumn')}>
                            {m.title.length > 220 ? `${m.title.slice(0, 220).replace(/\s+\S*$/, '')}…` : m.title}
                            {c && <span class="tag tag--warning">{t(`amendment.marked.${c.kind}` as MessageKey)}</span>}
                          </td>
                          <td class="measures-table__actions">
                            <a href={`${href}/measures/${m.id}`}>
                              {t('amendment.edit')}
                              <span class="visually-hidden"> {t('measure.code', { code: m.code })}</span>
                            </a>
                            {c?.kind !== 'remove' && (
                              <PostButton csrf={props.csrf} action={`${href}/measures/${m.id}/remove`} label={t('amendment.remove')} subject={t('measure.code', { code: m.code })} />
                            )}
                          </td>
                        </tr>
                      );
                    }),
                  ),
                )}
              </tbody>
            </table>
          </section>
        </>
      )}
    </Layout>
  );
}

export interface BasisValues {
  legalKind: string;
  legalNumber: string;
  legalDate: string;
  effectiveFrom: string;
  note: string;
}

export function AmendmentBasisPage(props: { ctx: PageContext; csrf: string; plan: PlanView; values: BasisValues; errors: Partial<Record<BasisField, string>>; amendmentId?: number; lastApplied: string | null }) {
  const { ctx, plan, values, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = errorList(errors, ['legalKind', 'legalNumber', 'legalDate', 'effectiveFrom', 'note']);
  const title = props.amendmentId ? t('amendment.basisTitle') : t('amendment.newTitle');
  const action = props.amendmentId ? `${amendmentHref(plan.id, props.amendmentId)}/basis` : `${planHref(plan.id)}/amendments`;
  return (
    <Layout ctx={ctx} title={title} hasError={list.length > 0}>
      <p class="back-link">
        <a href={props.amendmentId ? amendmentHref(plan.id, props.amendmentId) : planHref(plan.id)}>← {props.amendmentId ? t('amendment.draftTitle') : (plan.shortTitle ?? plan.title)}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      <p class="caption">{plan.title}</p>
      <h1>{title}</h1>
      <p>{t('amendment.newIntro')}</p>
      <form method="post" action={action} novalidate class="form">
        <CsrfField token={props.csrf} />
        <TextInput tr={tr} id="legalKind" label={t('details.legalKind')} hint={t('details.legalKindHint')} value={values.legalKind} error={errors.legalKind} max={200} class="input--medium" />
        <TextInput tr={tr} id="legalNumber" label={t('amendment.legalNumber')} value={values.legalNumber} error={errors.legalNumber} max={100} class="input--short" />
        <TextInput tr={tr} id="legalDate" label={t('amendment.legalDate')} hint={t('form.dateHint')} value={asTyped(values.legalDate)} error={errors.legalDate} max={20} class="input--medium" inputMode="numeric" />
        <TextInput
          tr={tr}
          id="effectiveFrom"
          label={t('amendment.effectiveFrom')}
          hint={props.lastApplied ? t('amendment.effectiveFromHintAfter', { date: tr.date(props.lastApplied) }) : t('amendment.effectiveFromHint', { from: tr.date(addDays(plan.start, 1)), to: tr.date(plan.end) })}
          value={asTyped(values.effectiveFrom)}
          error={errors.effectiveFrom}
          max={20}
          class="input--medium"
          inputMode="numeric"
        />
        <div class={`field${errors.note ? ' field--error' : ''}`}>
          <label for="note">{t('amendment.note')}</label>
          <p class="hint" id="note-hint">
            {t('amendment.noteHint')}
          </p>
          <FieldError tr={tr} id="note" error={errors.note} />
          <textarea id="note" name="note" rows={3} maxLength={2000} aria-invalid={errors.note ? 'true' : undefined} aria-describedby={describe('note-hint', errors.note && 'note-error')}>
            {values.note}
          </textarea>
        </div>
        <button type="submit" class="button">
          {props.amendmentId ? t('edit.save') : t('amendment.start')}
        </button>
      </form>
    </Layout>
  );
}

/** Closing a plan in force, or archiving a closed one: what it means, and a confirmation. */
export function StateChangePage(props: { ctx: PageContext; csrf: string; plan: PlanView; to: 'closed' | 'archived'; error?: string | undefined; pendingAmendment?: number | undefined }) {
  const { ctx, plan, to } = props;
  const { tr } = ctx;
  const { t } = tr;
  const key = to === 'closed' ? 'close' : 'archive';
  return (
    <Layout ctx={ctx} title={t(`state.${key}.title` as MessageKey)} hasError={Boolean(props.error)}>
      <p class="back-link">
        <a href={planHref(plan.id)}>← {plan.shortTitle ?? plan.title}</a>
      </p>
      <ErrorSummary tr={tr} errors={props.error ? [{ field: 'confirm', message: props.error }] : []} />
      <p class="caption">{plan.title}</p>
      <h1>{t(`state.${key}.title` as MessageKey)}</h1>
      <p>{t(`state.${key}.intro` as MessageKey, { end: tr.date(plan.end) })}</p>
      {to === 'closed' && props.pendingAmendment !== undefined && (
        <p class="notice">
          {t('state.close.pending')} <a href={amendmentHref(plan.id, props.pendingAmendment)}>{t('history.draftOpen')}</a>
        </p>
      )}
      <form method="post" action={`${planHref(plan.id)}/${key}`} novalidate class="form">
        <CsrfField token={props.csrf} />
        <div class={`field${props.error ? ' field--error' : ''}`}>
          <FieldError tr={tr} id="confirm" error={props.error} />
          <label class="choice">
            <input type="checkbox" id="confirm" name="confirm" value="yes" aria-invalid={props.error ? 'true' : undefined} aria-describedby={describe(props.error && 'confirm-error')} /> {t(`state.${key}.confirm` as MessageKey)}
          </label>
        </div>
        <button type="submit" class="button">
          {t(`state.${key}.submit` as MessageKey)}
        </button>
      </form>
    </Layout>
  );
}
