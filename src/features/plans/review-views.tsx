import type { Translator } from '../../i18n/index.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { type Directory } from '../organisations/service.ts';
import type { PlanOutline, PlanView } from './service.ts';
import type { PlanCheck } from '../../domain/plan-checks.ts';
import { Checkbox, CsrfField, PostButton } from '../../ui/form.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { ImportRecord } from '../imports/service.ts';
import { ExecutorLabel, GoalSection, TaskBlock, deadlineLabel, legalKind, planHref } from './views.tsx';

/** A draft plan's review before it comes into force: what blocks it and what to check. */

function checkText(tr: Translator, directory: Directory, c: PlanCheck): string {
  const subject = c.subject ? (directory.organisation(c.subject)?.name ?? directory.group(c.subject)?.name ?? c.subject) : '';
  return tr.t(`check.${c.kind}` as MessageKey, { subject });
}

export function ReviewPage(props: {
  ctx: PageContext;
  csrf: string;
  outline: PlanOutline;
  directory: Directory;
  record: ImportRecord | null;
  checks: PlanCheck[];
  copiedFrom: PlanView | null;
  notice?: string | undefined;
  discardError?: string;
  activateError?: string;
  blocked?: boolean;
}) {
  const { ctx, outline, directory, record, checks } = props;
  const { tr } = ctx;
  const { t } = tr;
  const plan = outline.plan;
  // An executor proposed by the import is said once, by the draft's own check ("ще не
  // підтверджено"), which stays true as the coordinator confirms or replaces it.
  const warnings = (record?.warnings ?? []).filter((w) => w.kind !== 'unknown-executor');
  const planWide = warnings.filter((w) => !w.measure);
  // The import already said where a deadline was not stated: say it once.
  const shownChecks = checks.filter((c) => !(c.kind === 'deadlineNotStated' && warnings.some((w) => w.measure === c.measure && w.kind === 'deadline')));
  const blocking = checks.filter((c) => c.blocking);
  const errors = [
    ...(props.activateError ? [{ field: 'activateConfirm', message: props.activateError }] : []),
    ...(props.discardError ? [{ field: 'confirm', message: props.discardError }] : []),
    ...(props.blocked ? blocking.map((c) => ({ field: c.measure ? `measure-${c.measure}` : 'activate', message: c.measure ? `${t('measure.code', { code: c.measure })}: ${checkText(tr, directory, c)}` : checkText(tr, directory, c) })) : []),
  ];
  const href = planHref(plan.id);
  return (
    <Layout ctx={ctx} title={t('review.title')} hasError={errors.length > 0}>
      <ErrorSummary tr={tr} errors={errors} />
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <p class="caption">
        <span class="tag tag--draft">{t('plan.state.draft')}</span> {record && t('review.from', { file: record.fileName, at: formatInstant(record.importedAt) })}
        {props.copiedFrom && t('copy.from', { title: props.copiedFrom.shortTitle ?? props.copiedFrom.title })}
      </p>
      <h1>{t('review.title')}</h1>
      <p class="lead">{plan.title}</p>
      <dl class="summary-list">
        <div>
          <dt>{t('details.legal')}</dt>
          <dd>
            {plan.legal.number ? t('plan.legalBasisDraft', { kind: legalKind(tr, plan.legal.kind), date: tr.date(plan.legal.date), number: plan.legal.number }) : t('review.noLegal')}
            {plan.legal.issuer ? ` · ${plan.legal.issuer}` : ` · ${t('review.noIssuer')}`}
          </dd>
        </div>
        <div>
          <dt>{t('plan.periodLabel')}</dt>
          <dd>
            {tr.date(plan.start)} – {tr.date(plan.end)}
          </dd>
        </div>
      </dl>
      <p class="actions">
        <a class="button button--secondary" href={`${href}/details`}>
          {t('details.edit')}
        </a>{' '}
        <a class="button button--secondary" href={`${href}/measures/new`}>
          {t('review.addMeasure')}
        </a>
      </p>
      <p>{record ? t('review.intro') : t('review.introCopy')}</p>
      <p class="notice">
        {record && <>{t('review.warnings', { count: warnings.length })}. </>}
        {t('review.checks', { count: shownChecks.length })}
        {blocking.length > 0 && <> {t('review.blocking', { count: blocking.length })}</>}
      </p>
      {(planWide.length > 0 || checks.some((c) => !c.measure)) && (
        <ul>
          {planWide.map((w) => (
            <li>{w.message}</li>
          ))}
          {checks
            .filter((c) => !c.measure)
            .map((c) => (
              <li>{checkText(tr, directory, c)}</li>
            ))}
        </ul>
      )}
      {outline.goals.map((goal) => (
        <GoalSection tr={tr} goal={goal}>
          {goal.tasks.map((task) => (
            <TaskBlock tr={tr} task={task}>
              {task.measures.map((m) => {
                const own = warnings.filter((w) => w.measure === m.code);
                const live = shownChecks.filter((c) => c.measure === m.code);
                const source = record?.sources[m.code];
                return (
                  <article id={`measure-${m.code}`} class={`review-measure${own.length || live.length ? ' review-measure--warned' : ''}`} aria-labelledby={`code-${m.code}`} tabIndex={-1}>
                    <h4 id={`code-${m.code}`} class="review-measure__code">
                      {t('measure.code', { code: m.code })}{' '}
                      <a href={`${href}/measures/${m.id}/edit`} class="review-measure__edit">
                        {t('edit.link')}
                        <span class="visually-hidden"> {t('measure.code', { code: m.code })}</span>
                      </a>
                    </h4>
                    {(own.length > 0 || live.length > 0) && (
                      <ul class="review-measure__warnings">
                        {own.map((w) => (
                          <li>{w.message}</li>
                        ))}
                        {live.map((c) => (
                          <li class={c.blocking ? 'review-measure__blocking' : undefined}>{checkText(tr, directory, c)}</li>
                        ))}
                      </ul>
                    )}
                    <div class={record ? 'review-measure__columns' : undefined}>
                      {record && (
                        <div>
                          <p class="caption">{t('review.source')}</p>
                          <pre class="source-text">{source ?? t('review.noSource')}</pre>
                        </div>
                      )}
                      <div>
                        {record && <p class="caption">{t('review.reading')}</p>}
                        <Paragraphs text={m.title} />
                        <p>
                          <strong>{t('measure.deadline')}:</strong> {deadlineLabel(tr, m)}
                        </p>
                        {m.note && (
                          <p class="note-text">
                            <strong>{t('measure.note')}:</strong> {m.note}
                          </p>
                        )}
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
                    <PostButton csrf={props.csrf} action={`${href}/measures/${m.id}/remove`} label={t('review.removeMeasure')} subject={t('measure.code', { code: m.code })} class="review-measure__remove" />
                  </article>
                );
              })}
            </TaskBlock>
          ))}
        </GoalSection>
      ))}
      <form method="post" action={`${href}/activate`} class="form form--block" novalidate>
        <CsrfField token={props.csrf} />
        {blocking.length > 0 && <p class="hint">{t('review.activateBlocked')}</p>}
        <Checkbox tr={tr} id="activateConfirm" name="confirm" label={shownChecks.length > 0 || warnings.length > 0 ? t('review.activateConfirmRemarks') : t('review.activateConfirm')} checked={false} error={props.activateError} />
        <button type="submit" class="button" id="activate">
          {t('review.activate')}
        </button>
      </form>
      <form method="post" action={`${href}/discard`} class="form form--discard" novalidate>
        <CsrfField token={props.csrf} />
        <div class={`field${props.discardError ? ' field--error' : ''}`}>
          {props.discardError && (
            <p class="field__error" id="confirm-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {props.discardError}
            </p>
          )}
          <label class="choice">
            <input type="checkbox" id="confirm" name="confirm" value="yes" aria-invalid={props.discardError ? 'true' : undefined} aria-describedby={props.discardError ? 'confirm-error' : undefined} /> {t('review.discardConfirm')}
          </label>
        </div>
        <button type="submit" class="button button--warning">
          {t('review.discard')}
        </button>
      </form>
    </Layout>
  );
}
