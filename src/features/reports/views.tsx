import type { MessageKey, Translator } from '../../i18n/index.ts';
import { formatLocalDate } from '../../domain/dates.ts';
import { displayIndicatorValue } from '../../domain/reports.ts';
import { CsrfField, describeIds } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import type { ReportMode, ReportStanding } from './policy.ts';
import {
  type OwedMeasure,
  type OwnReportSummary,
  type ReportView,
  type Snapshot,
  type SubmissionView,
} from './service.ts';
import { periodName, reportUrl } from './service.ts';
import { openReturn, type ReviewView } from './review.ts';
import { EntryFacts, Message, PersonalDataNote } from './pieces.tsx';
import { EntryForm, LetterScan, MeasureList, measureListEntry, StartOnBehalf, type EntryFeedback } from './entry-form.tsx';

export { entryStateLabel } from './pieces.tsx';

export { periodName, reportUrl };

const STATE_KEYS: Record<string, MessageKey> = {
  not_started: 'report.state.not_started',
  draft: 'report.state.draft',
  submitted: 'report.state.submitted',
  returned: 'report.state.returned',
  accepted: 'report.state.accepted',
};

export function ReportStateTag(props: { tr: Translator; state: string }) {
  const cls = props.state === 'accepted' || props.state === 'submitted' ? 'tag tag--active' : props.state === 'returned' ? 'tag tag--warning' : props.state === 'draft' ? 'tag tag--draft' : 'tag';
  return <span class={cls}>{props.tr.t(STATE_KEYS[props.state]!)}</span>;
}

// ---- the executor's list -------------------------------------------------------------------------

export function MyReportsPage(props: { ctx: PageContext; organisationName: string; reports: OwnReportSummary[]; organisationId: string }) {
  const { tr } = props.ctx;
  const { t } = tr;
  return (
    <Layout ctx={props.ctx} title={t('report.mine.title')}>
      <h1>{t('report.mine.title')}</h1>
      <p class="lead">{t('report.mine.intro', { organisation: props.organisationName })}</p>
      {props.reports.length === 0 ? (
        <p class="empty">{t('report.mine.empty')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table">
            <caption class="visually-hidden">{t('report.mine.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report.col.period')}</th>
                <th scope="col">{t('report.col.plan')}</th>
                <th scope="col">{t('report.col.deadline')}</th>
                <th scope="col">{t('report.col.state')}</th>
                <th scope="col">{t('report.col.measures')}</th>
              </tr>
            </thead>
            <tbody>
              {props.reports.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={reportUrl(r.plan.id, r.period.key, props.organisationId)}>{periodName(tr, r.period)}</a>
                  </th>
                  <td>{r.plan.shortTitle ?? r.plan.title}</td>
                  <td>{formatLocalDate(r.period.executorDeadline.date)}</td>
                  <td>
                    <ReportStateTag tr={tr} state={r.state} />
                    {r.submittedAt && <span class="muted"> {formatInstant(r.submittedAt)}</span>}
                    {r.late && (r.submittedAt || r.state === 'not_started' || r.state === 'draft') && <span class="tag tag--warning">{r.submittedAt ? t('report.late') : t('report.overdue')}</span>}
                    {r.onBehalf && <span class="tag tag--consent">{t('report.onBehalf.tag')}</span>}
                  </td>
                  <td>{r.measureCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

// ---- one report ----------------------------------------------------------------------------------

export interface ReportPageProps {
  ctx: PageContext;
  view: ReportView;
  standing: ReportStanding;
  mode: ReportMode;
  csrf: string;
  /** Per measure: what was typed, errors beside fields, a conflict. */
  feedback?: Map<number, EntryFeedback>;
  /** Errors of the whole page (a submit refused), for the summary. */
  summary?: { field: string; message: string }[];
  /** Errors of the on-behalf form or an attachment form. */
  formErrors?: Record<string, string | undefined>;
  letterTyped?: { letterNumber: string; letterDate: string };
  notice?: string;
  status?: number;
  /** The principal may accept, return and reopen (the plan's coordinator). */
  mayReview?: boolean;
  reviewTyped?: { comment: string; measureComments: Record<string, string> };
}

function reportTitle(tr: Translator, view: ReportView): string {
  return tr.t('report.title', { period: periodName(tr, view.period), organisation: view.organisation.name });
}

export function ReportPage(props: ReportPageProps) {
  const { view, mode, csrf } = props;
  const { tr } = props.ctx;
  const { t } = tr;
  const base = reportUrl(view.plan.id, view.period.key, view.organisation.id);
  const summary = props.summary ?? [];
  const fieldErrors = [...(props.feedback?.values() ?? [])].some((f) => f.errors && Object.values(f.errors).some(Boolean)) || Object.values(props.formErrors ?? {}).some(Boolean);
  const r = view.report;
  const latest = view.submissions.at(-1);
  const seeDraft = mode === 'edit' || (props.standing === 'executor') || (props.standing === 'coordinator' && Boolean(r?.onBehalf));
  const returned = openReturn(view, view.reviews);
  const reviewing = props.mayReview && r?.state === 'submitted' && latest && !latest.withdrawnAt;
  return (
    <Layout ctx={props.ctx} title={reportTitle(tr, view)} hasError={summary.length > 0 || fieldErrors}>
      <ErrorSummary tr={tr} errors={summary} />
      <p class="caption">
        <a href={`/plans/${encodeURIComponent(view.plan.id)}`}>{view.plan.shortTitle ?? view.plan.title}</a>
      </p>
      <h1>{reportTitle(tr, view)}</h1>
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <dl class="summary-list report-summary">
        <div>
          <dt>{t('report.period')}</dt>
          <dd>
            {formatLocalDate(view.period.start)} – {formatLocalDate(view.period.end)}
          </dd>
        </div>
        <div>
          <dt>{t('report.deadline')}</dt>
          <dd>
            {t('report.deadlineValue', { date: formatLocalDate(view.period.executorDeadline.date) })}
            {view.overdue && (r?.state ?? 'not_started') !== 'submitted' && r?.state !== 'accepted' && <span class="tag tag--warning">{t('report.overdueNote')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('report.col.state')}</dt>
          <dd>
            <ReportStateTag tr={tr} state={r?.state ?? 'not_started'} />
            {r && (r.state === 'accepted' || r.state === 'returned') && r.reviewedAt ? (
              <span class="muted"> {t('report.decidedAt', { at: formatInstant(r.reviewedAt) })}</span>
            ) : (
              r?.submittedAt && r.state !== 'draft' && <span class="muted"> {t('report.submittedAtShort', { at: formatInstant(r.submittedAt) })}</span>
            )}
            {latest && latest.late && r?.state !== 'draft' && <span class="tag tag--warning">{t('report.late')}</span>}
          </dd>
        </div>
        {(r || mode === 'edit') && (
          <div>
            <dt>{t('report.lastSaved')}</dt>
            <dd id="report-saved">{r ? formatInstant(r.updatedAt) : '—'}</dd>
          </div>
        )}
        {r?.onBehalf && (
          <div>
            <dt>{t('report.onBehalf.tag')}</dt>
            <dd>{r.letter ? t('report.onBehalf.letter', { number: r.letter.number, date: formatLocalDate(r.letter.date) }) : '—'}</dd>
          </div>
        )}
      </dl>

      {mode === 'start' && <StartOnBehalf tr={tr} base={base} csrf={csrf} errors={props.formErrors ?? {}} typed={props.letterTyped} />}

      {returned && (mode === 'edit' || seeDraft) && <ReturnNotice tr={tr} review={returned} measures={view.measures} />}
      {mode === 'edit' && (
        <>
          <p class="hint">{t('report.autosaveHint')}</p>
          <MeasureList tr={tr} items={view.measures.map((m) => measureListEntry(m, view.entries.get(m.id), Boolean(returned?.measureComments[m.id])))} />
          {r?.onBehalf && <LetterScan tr={tr} base={base} csrf={csrf} attachments={view.attachments.filter((a) => a.purpose === 'letter')} error={props.formErrors?.letter} editable />}
          {groupByGoal(view.measures).map((g) => (
            <section class="report-goal" aria-labelledby={`goal-${g.number}`}>
              <h2 id={`goal-${g.number}`}>{t('report.goal', { number: g.number, title: g.title })}</h2>
              {g.measures.map((m) => (
                <EntryForm
                  tr={tr}
                  base={base}
                  csrf={csrf}
                  measure={m}
                  entry={view.entries.get(m.id)}
                  attachments={view.attachments.filter((a) => a.measureId === m.id)}
                  feedback={props.feedback?.get(m.id)}
                  attachError={props.formErrors?.[`file-${m.id}`]}
                  returnComment={returned?.measureComments[m.id]}
                />
              ))}
            </section>
          ))}
          <section class="report-submit" aria-labelledby="submit-title">
            <h2 id="submit-title">{t('report.submit.title')}</h2>
            <p>{t('report.submit.intro')}</p>
            <p class="hint no-js-only">{t('report.files.uploadBeforeSubmit')}</p>
            <form method="post" action={`${base}/submit`} class="form" data-submit-report data-files-not-uploaded={t('report.files.notUploaded')}>
              <CsrfField token={csrf} />
              <button type="submit" class="button">
                {r?.state === 'returned' ? t('report.submit.again') : t('report.submit.button')}
              </button>
            </form>
          </section>
        </>
      )}

      {reviewing && latest && <ReviewForm tr={tr} base={base} measures={`/plans/${encodeURIComponent(view.plan.id)}/periods/${view.period.key}/measures`} csrf={csrf} submission={latest} typed={props.reviewTyped} errors={props.formErrors ?? {}} />}
      {props.mayReview && r?.state === 'accepted' && <ReopenForm tr={tr} base={base} csrf={csrf} typed={props.reviewTyped?.comment ?? ''} error={props.formErrors?.reason} />}
      {!reviewing && mode === 'view' && seeDraft && r && (r.state === 'submitted' || r.state === 'accepted') && latest && (
        <>
          {r.state === 'submitted' && !r.reviewedAt && (
            <form method="post" action={`${base}/withdraw`} class="form">
              <CsrfField token={csrf} />
              <p>{t('report.withdraw.intro')}</p>
              <button type="submit" class="button button--secondary">
                {t('report.withdraw.button')}
              </button>
            </form>
          )}
          <SubmittedReport tr={tr} base={base} submission={latest} />
        </>
      )}
      {mode === 'view' && props.standing === 'executor' && r?.onBehalf && (r.state === 'draft' || r.state === 'returned') && <p class="notice">{t('report.onBehalf.executorNote')}</p>}
      {mode === 'view' && !seeDraft && (
        <>
          {(!r || r.state === 'draft') && <p class="notice">{r ? t('report.draftExists', { at: formatInstant(r.updatedAt) }) : t('report.notStarted')}</p>}
          {!reviewing && latest && r && r.state !== 'draft' ? <SubmittedReport tr={tr} base={base} submission={latest} /> : null}
        </>
      )}
      {r && (view.submissions.some((s) => !s.withdrawnAt) || (seeDraft && (r.state === 'draft' || r.state === 'returned'))) && (
        <p class="files">
          {t('ownReport.download')} <a href={`${base}/export/docx`} download>DOCX</a> · <a href={`${base}/export/pdf`} download>PDF</a>
        </p>
      )}
      {view.reviews.length > 0 && <ReviewHistory tr={tr} reviews={view.reviews} submissions={view.submissions} measures={view.measures} />}
      {view.submissions.length > 0 && <SubmissionHistory tr={tr} base={base} submissions={view.submissions} />}
    </Layout>
  );
}

function groupByGoal(measures: OwedMeasure[]): { number: number; title: string; measures: OwedMeasure[] }[] {
  const goals: { number: number; title: string; measures: OwedMeasure[] }[] = [];
  for (const m of measures) {
    let g = goals.find((x) => x.number === m.goal.number);
    if (!g) goals.push((g = { number: m.goal.number, title: m.goal.title, measures: [] }));
    g.measures.push(m);
  }
  return goals;
}

/** A submission as it was sent: read only. */
export function SubmittedReport(props: { tr: Translator; base: string; submission: SubmissionView; slot?: (measureId: number, code: string) => preact.ComponentChildren; reviewing?: boolean }) {
  const { tr, submission: s } = props;
  const { t } = tr;
  const snap: Snapshot = s.snapshot;
  return (
    <section class="submitted" aria-labelledby="submitted-title">
      <h2 id="submitted-title">{t('report.submitted.title', { number: s.number, at: formatInstant(s.submittedAt) })}</h2>
      {snap.entries.map((e) => (
        <article class="entry entry--read" id={`s${e.measureId}`}>
          <h3 class="entry__title">
            <span class="measure-code">{e.code}</span> {e.title}
          </h3>
          <PersonalDataNote tr={tr} id={`s${e.measureId}`} texts={[e.narrative, e.reason]} sensitive={e.values.some((v) => v.sensitive)} advice={props.reviewing ? 'reviewer' : 'none'} />
          <dl class="summary-list">
            <EntryFacts tr={tr} state={e.state} reason={e.reason} narrative={e.narrative} />
            {e.values.map((v) => (
              <div>
                <dt>
                  {v.name}, {v.unit}
                </dt>
                <dd>{displayIndicatorValue(v.kind, v.value)}</dd>
              </div>
            ))}
            {e.links.length > 0 && (
              <div>
                <dt>{t('report.field.links')}</dt>
                <dd>
                  <ul class="plain-list">
                    {e.links.map((l) => (
                      <li>
                        <a href={l} rel="noopener noreferrer nofollow" target="_blank">
                          {l}
                        </a>
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            )}
            {snap.attachments.some((a) => a.measureId === e.measureId) && (
              <div>
                <dt>{t('report.files.title')}</dt>
                <dd>
                  <ul class="plain-list">
                    {snap.attachments
                      .filter((a) => a.measureId === e.measureId)
                      .map((a) => (
                        <li>
                          <a href={`${props.base}/attachments/${a.id}`} download>
                            {a.fileName}
                          </a>
                        </li>
                      ))}
                  </ul>
                </dd>
              </div>
            )}
          </dl>
          {props.slot?.(e.measureId, e.code)}
        </article>
      ))}
    </section>
  );
}

function SubmissionHistory(props: { tr: Translator; base: string; submissions: SubmissionView[] }) {
  const { t } = props.tr;
  const list = props.submissions;
  return (
    <section class="history" aria-labelledby="submissions-title">
      <h2 id="submissions-title">{t('report.history.title')}</h2>
      <ol class="plain-list">
        {list.map((s, i) => (
          <li>
            {t('report.history.item', { number: s.number, at: formatInstant(s.submittedAt) })}
            {s.late && <span class="tag tag--warning">{t('report.late')}</span>}
            {s.onBehalf && <span class="tag tag--consent">{t('report.onBehalf.tag')}</span>}
            {s.withdrawnAt && <span class="muted"> · {t('report.history.withdrawn', { at: formatInstant(s.withdrawnAt) })}</span>}
            {i > 0 && (
              <>
                {' · '}
                <a href={`${props.base}/compare?from=${list[i - 1]!.number}&to=${s.number}`}>{t('compare.withPrevious', { number: list[i - 1]!.number })}</a>
              </>
            )}
          </li>
        ))}
      </ol>
      {list.length > 2 && (
        <form method="get" action={`${props.base}/compare`} class="filter filter--compact compare-pick">
          <div class="field">
            <label for="compare-from">{t('compare.from')}</label>
            <select id="compare-from" name="from">
              {list.map((s, i) => (
                <option value={String(s.number)} selected={i === list.length - 2}>
                  {t('compare.option', { number: s.number, at: formatInstant(s.submittedAt) })}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="compare-to">{t('compare.to')}</label>
            <select id="compare-to" name="to">
              {list.map((s, i) => (
                <option value={String(s.number)} selected={i === list.length - 1}>
                  {t('compare.option', { number: s.number, at: formatInstant(s.submittedAt) })}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button button--secondary">
            {t('compare.button')}
          </button>
        </form>
      )}
    </section>
  );
}

function ReturnNotice(props: { tr: Translator; review: ReviewView; measures: OwedMeasure[] }) {
  const { tr, review } = props;
  const { t } = tr;
  const commented = props.measures.filter((m) => review.measureComments[m.id]);
  return (
    <div class="notice review-return" role="region" aria-labelledby="return-title">
      <h2 id="return-title">{t(review.decision === 'reopened' ? 'reportReview.reopenedTitle' : 'reportReview.returnedTitle', { at: formatInstant(review.reviewedAt) })}</h2>
      {review.comment && <Paragraphs text={review.comment} />}
      {commented.length > 0 && (
        <p>
          {t('reportReview.measuresToFix')}{' '}
          {commented.map((m, i) => (
            <>
              {i > 0 && ', '}
              <a href={`#e${m.id}-comment`}>{m.code}</a>
            </>
          ))}
        </p>
      )}
      <p class="muted">{t('reportReview.resubmitHint')}</p>
    </div>
  );
}

function ReviewForm(props: { tr: Translator; base: string; measures: string; csrf: string; submission: SubmissionView; typed?: { comment: string; measureComments: Record<string, string> } | undefined; errors: Record<string, string | undefined> }) {
  const { tr, errors } = props;
  const { t } = tr;
  const typed = props.typed ?? { comment: '', measureComments: {} };
  return (
    <form method="post" action={`${props.base}/review`} class="form review-form" novalidate>
      <CsrfField token={props.csrf} />
      <p class="lead">{t('reportReview.intro')}</p>
      <SubmittedReport
        tr={tr}
        base={props.base}
        submission={props.submission}
        reviewing
        slot={(measureId, code) => {
          const id = `c${measureId}`;
          const error = errors[`measure-${measureId}`];
          return (
            <div class={`field review-field${error ? ' field--error' : ''}`}>
              <label for={id}>{t('reportReview.commentLabel', { code })}</label>
              <Message tr={tr} id={id} error={error} />
              <textarea id={id} name={id} rows={2} class="input--wide" aria-describedby={`${id}-msg`} aria-invalid={error ? 'true' : undefined}>
                {typed.measureComments[String(measureId)] ?? ''}
              </textarea>
              <p class="hint">
                <a href={`${props.measures}/${measureId}`}>
                  {t('periodMeasure.allExecutors')}
                  <span class="visually-hidden"> {code}</span>
                </a>
              </p>
            </div>
          );
        }}
      />
      <section class="review-decision" aria-labelledby="decision-title">
        <h2 id="decision-title">{t('reportReview.decisionTitle')}</h2>
        <div class={`field${errors.comment ? ' field--error' : ''}`}>
          <label for="comment">{t('reportReview.generalComment')}</label>
          <p class="hint" id="comment-hint">
            {t('reportReview.generalCommentHint')}
          </p>
          <Message tr={tr} id="comment" error={errors.comment} />
          <textarea id="comment" name="comment" rows={3} class="input--wide" aria-describedby={describeIds('comment-hint', 'comment-msg')} aria-invalid={errors.comment ? 'true' : undefined}>
            {typed.comment}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit" name="decision" value="accept" class="button">
            {t('reportReview.accept')}
          </button>
          <button type="submit" name="decision" value="return" class="button button--warning">
            {t('reportReview.return')}
          </button>
        </div>
      </section>
    </form>
  );
}

function ReopenForm(props: { tr: Translator; base: string; csrf: string; typed: string; error?: string | undefined }) {
  const { tr } = props;
  const { t } = tr;
  return (
    <details class="reopen" open={Boolean(props.error)}>
      <summary>{t('reportReview.reopen')}</summary>
      <form method="post" action={`${props.base}/reopen`} class="form" novalidate>
        <CsrfField token={props.csrf} />
        <div class={`field${props.error ? ' field--error' : ''}`}>
          <label for="reason">{t('reportReview.reopenReason')}</label>
          <p class="hint" id="reason-hint">
            {t('reportReview.reopenHint')}
          </p>
          <Message tr={tr} id="reason" error={props.error} />
          <textarea id="reason" name="reason" rows={3} class="input--wide" aria-describedby={describeIds('reason-hint', 'reason-msg')} aria-invalid={props.error ? 'true' : undefined}>
            {props.typed}
          </textarea>
        </div>
        <button type="submit" class="button button--secondary">
          {t('reportReview.reopenButton')}
        </button>
      </form>
    </details>
  );
}

function ReviewHistory(props: { tr: Translator; reviews: ReviewView[]; submissions: SubmissionView[]; measures: OwedMeasure[] }) {
  const { t } = props.tr;
  return (
    <section class="history" aria-labelledby="reviews-title">
      <h2 id="reviews-title">{t('reportReview.history')}</h2>
      <ol class="plain-list review-history">
        {props.reviews.map((r) => {
          const n = props.submissions.find((s) => s.id === r.submissionId)?.number ?? 0;
          return (
            <li>
              <strong>{t(`reportReview.decision.${r.decision}` as MessageKey, { number: n })}</strong> · {formatInstant(r.reviewedAt)}
              {r.reviewedBy && <> · {r.reviewedBy}</>}
              {r.comment && <Paragraphs text={r.comment} class="muted" />}
              {Object.keys(r.measureComments).length > 0 && (
                <ul class="plain-list review-history__comments">
                  {Object.entries(r.measureComments).map(([id, text]) => (
                    <li>
                      <strong>{props.measures.find((m) => m.id === Number(id))?.code ?? id}:</strong> {text}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

