import type { MessageKey, Translator } from '../../i18n/index.ts';
import { formatLocalDate } from '../../domain/dates.ts';
import { displayIndicatorValue } from '../../domain/reports.ts';
import { CsrfField, describeIds } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { ScrollBox } from '../../ui/table.tsx';
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
import { awaitingDistrict, periodName, reportUrl } from './service.ts';
import { openReturn, type ReviewView } from './review.ts';
import { EntryFacts, Message, PersonalDataNote } from './pieces.tsx';
import { EntryForm, LetterScan, MeasureList, measureListEntry, StartOnBehalf, type EntryFeedback } from './entry-form.tsx';

export { entryStateLabel } from './pieces.tsx';
import { letterEntryOf, ReopenForm, ResubmissionNote, ReviewForm, ReviewHistory } from './review-views.tsx';

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
        <ScrollBox label={t('report.mine.title')}>
          <table class="data-table data-table--stack">
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
                  <td data-label={t('report.col.plan')}>{r.plan.shortTitle ?? r.plan.title}</td>
                  <td data-label={t('report.col.deadline')}>{formatLocalDate(r.period.executorDeadline.date)}</td>
                  <td data-label={t('report.col.state')} class="report-state">
                    <ReportStateTag tr={tr} state={r.state} />
                    {r.submittedAt && <span class="muted"> {r.state === 'submitted' ? formatInstant(r.submittedAt) : t('report.submittedAtShort', { at: formatInstant(r.submittedAt) })}</span>}
                    {r.late && (r.submittedAt || r.state === 'not_started' || r.state === 'draft') && <span class="tag tag--warning">{r.submittedAt ? t('report.late') : t('report.overdue')}</span>}
                    {r.onBehalf && <span class="tag tag--consent">{t('report.onBehalf.tag')}</span>}
                  </td>
                  <td data-label={t('report.col.measures')}>{r.measureCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
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
  /** The principal is the report's district in a two-level cycle and the report waits for it: pass on or return. */
  mayDistrictReview?: boolean;
  reviewTyped?: { comment: string; measureComments: Record<string, string> };
  /** Who reads the page (a report entered from a letter names who entered it, or "you"). */
  viewerId?: string | null;
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
  const districtReviewing = Boolean(props.mayDistrictReview && awaitingDistrict(view) && latest && !latest.withdrawnAt);
  // The coordinator decides once the district has passed it on (two-level cycle), or straight away.
  const reviewing = Boolean(props.mayReview && r?.state === 'submitted' && latest && !latest.withdrawnAt && !awaitingDistrict(view)) || districtReviewing;
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
      {view.district && <DistrictNote tr={tr} view={view} />}
      {reviewing && <ResubmissionNote tr={tr} base={base} view={view} />}
      {view.instructions && view.instructions.length > 0 && (
        <section class="from-forms" aria-labelledby="report-instructions">
          <h2 id="report-instructions">{t('instr.report.title')}</h2>
          <ul>
            {view.instructions.map((i) => (
              <li>
                <a href={`/plans/${encodeURIComponent(view.plan.id)}/instructions/${i.id}`}>
                  № {i.id}: {t(`instr.kind.${i.kind}` as MessageKey)}
                  {i.measureCode && <> ({t('instr.onMeasure', { code: i.measureCode })})</>}
                </a>{' '}
                — {t('instr.home.due', { date: formatLocalDate(i.dueDate) })}
              </li>
            ))}
          </ul>
        </section>
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
            {t('report.deadlineValue', { date: formatLocalDate(view.district ? view.district.dueDate : view.period.executorDeadline.date) })}
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
              r?.submittedAt && r.state !== 'draft' && <span class="muted"> {r.state === 'submitted' ? formatInstant(r.submittedAt) : t('report.submittedAtShort', { at: formatInstant(r.submittedAt) })}</span>
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

      {mode === 'start' && <StartOnBehalf tr={tr} base={base} csrf={csrf} errors={props.formErrors ?? {}} typed={props.letterTyped} fillIn={view.measures.length ? `/plans/${encodeURIComponent(view.plan.id)}/periods/${view.period.key}/organisations/${encodeURIComponent(view.organisation.id)}/fill-in` : undefined} />}

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

      {reviewing && latest && <ReviewForm tr={tr} base={base} measures={`/plans/${encodeURIComponent(view.plan.id)}/periods/${view.period.key}/measures`} csrf={csrf} submission={latest} entry={districtReviewing ? null : letterEntryOf(view, props.viewerId ?? null)} typed={props.reviewTyped} errors={props.formErrors ?? {}} district={districtReviewing} />}
      {props.mayReview && r?.state === 'accepted' && <ReopenForm tr={tr} base={base} csrf={csrf} typed={props.reviewTyped?.comment ?? ''} error={props.formErrors?.reason} own={Boolean(r.onBehalf)} />}
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
/** The two-level cycle: to whom and by when the report goes first, and where it stands with the district. */
function DistrictNote(props: { tr: Translator; view: ReportView }) {
  const { tr, view } = props;
  const { t } = tr;
  const d = view.district!;
  const r = view.report;
  return (
    <p class="notice">
      {t('district.review.route', { district: d.organisation.name, date: tr.date(d.dueDate) })}{' '}
      {awaitingDistrict(view) ? <strong>{t('district.review.waiting')}</strong> : r?.forwardedAt ? t('district.review.forwarded', { at: formatInstant(r.forwardedAt) }) : null}
    </p>
  );
}

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
