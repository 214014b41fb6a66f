import type { MessageKey, Translator } from '../../i18n/index.ts';
import { formatLocalDate } from '../../domain/dates.ts';
import { ENTRY_STATES, MAX_LINKS, MAX_NARRATIVE, MAX_REASON, displayIndicatorValue, formatIndicatorValue, type EntryState } from '../../domain/reports.ts';
import { CsrfField, describeIds } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { ScrollBox } from '../../ui/table.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import type { ReportMode, ReportStanding } from './policy.ts';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_LETTER_NUMBER,
  type AttachmentView,
  type EntryView,
  type OwedMeasure,
  type OwnReportSummary,
  type ReportView,
  type Snapshot,
  type SubmissionView,
} from './service.ts';
import { periodName, reportUrl } from './service.ts';
import { openReturn, type ReviewView } from './review.ts';
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

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toLocaleString('uk-UA', { maximumFractionDigits: 1 });
}

function fileSize(tr: Translator, bytes: number): string {
  return bytes < 1024 * 1024 ? tr.t('report.file.kb', { n: Math.max(1, Math.round(bytes / 1024)) }) : tr.t('report.file.mb', { n: megabytes(bytes) });
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

/** What was typed into an entry's fields, to show again when it could not be saved. */
export interface TypedEntry {
  state: string;
  reason: string;
  narrative: string;
  links: string;
  values: Record<number, string>;
}

export function typedFromEntry(measure: OwedMeasure, entry: EntryView | undefined): TypedEntry {
  return {
    state: entry?.state ?? '',
    reason: entry?.reason ?? '',
    narrative: entry?.narrative ?? '',
    links: (entry?.links ?? []).join('\n'),
    values: Object.fromEntries(measure.indicators.map((i) => [i.id, formatIndicatorValue(i.kind, entry?.values[i.id])])),
  };
}

export interface EntryFeedback {
  typed?: TypedEntry;
  errors?: Record<string, string | undefined>;
  conflict?: { current: EntryView; mine: TypedEntry };
}

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
      {reviewing && <ResubmissionNote tr={tr} base={base} view={view} />}
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

      {mode === 'start' && <StartOnBehalf tr={tr} base={base} csrf={csrf} errors={props.formErrors ?? {}} typed={props.letterTyped} />}

      {returned && (mode === 'edit' || seeDraft) && <ReturnNotice tr={tr} review={returned} measures={view.measures} />}
      {mode === 'edit' && (
        <>
          <p class="hint">{t('report.autosaveHint')}</p>
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
            <form method="post" action={`${base}/submit`} class="form" data-submit-report>
              <CsrfField token={csrf} />
              <button type="submit" class="button">
                {r?.state === 'returned' ? t('report.submit.again') : t('report.submit.button')}
              </button>
            </form>
          </section>
        </>
      )}

      {reviewing && latest && <ReviewForm tr={tr} base={base} measures={`/plans/${encodeURIComponent(view.plan.id)}/periods/${view.period.key}/measures`} csrf={csrf} submission={latest} entry={letterEntryOf(view, props.viewerId ?? null)} typed={props.reviewTyped} errors={props.formErrors ?? {}} />}
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

const ENTRY_STATE_KEYS: Record<EntryState, MessageKey> = {
  done: 'report.entryState.done',
  in_progress: 'report.entryState.in_progress',
  not_done: 'report.entryState.not_done',
  not_held: 'report.entryState.not_held',
};

export function entryStateLabel(tr: Translator, state: EntryState | null): string {
  return state ? tr.t(ENTRY_STATE_KEYS[state]) : tr.t('report.entryState.none');
}

/** A field's message place: always there, so that an autosave can fill or empty it. */
function Message(props: { tr: Translator; id: string; error?: string | undefined }) {
  return (
    <div id={`${props.id}-msg`} class="field__message">
      {props.error && (
        <p class="field__error">
          <span class="visually-hidden">{props.tr.t('error.prefix')}</span>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function EntryForm(props: {
  tr: Translator;
  base: string;
  csrf: string;
  measure: OwedMeasure;
  entry: EntryView | undefined;
  attachments: AttachmentView[];
  feedback?: EntryFeedback | undefined;
  attachError?: string | undefined;
  /** The coordinator's comment on this measure, when the report came back. */
  returnComment?: string | undefined;
}) {
  const { tr, measure: m, entry } = props;
  const { t } = tr;
  const id = `e${m.id}`;
  const typed = props.feedback?.typed ?? typedFromEntry(m, entry);
  const errors = props.feedback?.errors ?? {};
  const action = `${props.base}/entries/${m.id}`;
  return (
    <article class="entry" id={`m${m.id}`} aria-labelledby={`${id}-title`}>
      <h3 class="entry__title" id={`${id}-title`}>
        <span class="measure-code">{m.code}</span> {m.title}
      </h3>
      <p class="entry__deadline muted">
        {t('report.measureDeadline', { deadline: m.deadlineText ?? t('report.noDeadline') })}
        {m.viaGroupId && <> · {t('report.viaGroup')}</>}
      </p>
      {props.returnComment && (
        <div class="review-comment" id={`${id}-comment`}>
          <p class="review-comment__title">{t('reportReview.commentOnMeasure')}</p>
          <Paragraphs text={props.returnComment} />
        </div>
      )}
      <form
        method="post"
        action={action}
        class="form entry__form"
        novalidate
        hx-post={action}
        hx-trigger="input delay:1500ms, change, zvit:save"
        hx-target={`#${id}-status`}
        hx-swap="innerHTML"
        hx-sync="this:queue last"
        data-autosave
        data-saving-text={t('report.saving')}
        data-offline-text={t('report.offline')}
      >
        <CsrfField token={props.csrf} />
        <input type="hidden" id={`${id}-version`} name="version" value={String(entry?.version ?? 0)} />
        <fieldset class={`field${errors.state ? ' field--error' : ''}`} aria-describedby={`${id}-state-msg`}>
          <legend>{t('report.field.state')}</legend>
          <Message tr={tr} id={`${id}-state`} error={errors.state} />
          <div class="choices choices--inline">
            {ENTRY_STATES.map((s, i) => (
              <label class="choice">
                <input type="radio" name="state" value={s} id={i === 0 ? `${id}-state` : `${id}-state-${s}`} checked={typed.state === s} /> {t(ENTRY_STATE_KEYS[s])}
              </label>
            ))}
          </div>
        </fieldset>
        <div class={`field${errors.reason ? ' field--error' : ''}`}>
          <label for={`${id}-reason`}>{t('report.field.reason')}</label>
          <p class="hint" id={`${id}-reason-hint`}>
            {t('report.field.reasonHint')}
          </p>
          <Message tr={tr} id={`${id}-reason`} error={errors.reason} />
          <textarea id={`${id}-reason`} name="reason" rows={2} maxLength={MAX_REASON} aria-describedby={describeIds(`${id}-reason-hint`, `${id}-reason-msg`)} aria-invalid={errors.reason ? 'true' : undefined}>
            {typed.reason}
          </textarea>
        </div>
        <div class={`field${errors.narrative ? ' field--error' : ''}`}>
          <label for={`${id}-narrative`}>{t('report.field.narrative')}</label>
          <p class="hint" id={`${id}-narrative-hint`}>
            {t('report.field.narrativeHint', { max: MAX_NARRATIVE })}
          </p>
          <Message tr={tr} id={`${id}-narrative`} error={errors.narrative} />
          <textarea
            id={`${id}-narrative`}
            name="narrative"
            rows={6}
            maxLength={MAX_NARRATIVE}
            class="input--wide"
            aria-describedby={describeIds(`${id}-narrative-hint`, `${id}-narrative-msg`)}
            aria-invalid={errors.narrative ? 'true' : undefined}
          >
            {typed.narrative}
          </textarea>
        </div>
        {m.indicators.length > 0 && (
          <fieldset class="indicators">
            <legend>{t('report.field.indicators')}</legend>
            {m.indicators.map((i) => {
              const fid = `${id}-v${i.id}`;
              const error = errors[`value-${i.id}`];
              return (
                <div class={`field indicator${error ? ' field--error' : ''}`}>
                  <label for={fid}>
                    {i.name}, {i.unit}
                    {i.sensitive && <span class="tag tag--consent">{t('report.sensitive')}</span>}
                  </label>
                  <Message tr={tr} id={fid} error={error} />
                  <input
                    id={fid}
                    name={`v${i.id}`}
                    type="text"
                    class="input--short"
                    inputMode={i.kind === 'money' ? 'decimal' : 'numeric'}
                    autocomplete="off"
                    value={typed.values[i.id] ?? ''}
                    maxLength={20}
                    aria-describedby={`${fid}-msg`}
                    aria-invalid={error ? 'true' : undefined}
                  />
                </div>
              );
            })}
          </fieldset>
        )}
        <div class={`field${errors.links ? ' field--error' : ''}`}>
          <label for={`${id}-links`}>{t('report.field.links')}</label>
          <p class="hint" id={`${id}-links-hint`}>
            {t('report.field.linksHint', { max: MAX_LINKS })}
          </p>
          <Message tr={tr} id={`${id}-links`} error={errors.links} />
          <textarea id={`${id}-links`} name="links" rows={2} class="input--wide" aria-describedby={describeIds(`${id}-links-hint`, `${id}-links-msg`)} aria-invalid={errors.links ? 'true' : undefined}>
            {typed.links}
          </textarea>
        </div>
        <div class="entry__actions">
          <button type="submit" class="button button--secondary button--small">
            {t('report.save')}
            <span class="visually-hidden"> {m.code}</span>
          </button>
          <div id={`${id}-status`} class="entry__status" role="status" aria-live="polite">
            {props.feedback?.conflict ? (
              <ConflictBlock tr={tr} action={action} csrf={props.csrf} measure={m} current={props.feedback.conflict.current} mine={props.feedback.conflict.mine} />
            ) : (
              <SavedNote tr={tr} entry={entry} />
            )}
          </div>
        </div>
      </form>
      <div id={`${id}-keep`}>{props.feedback?.conflict && <KeepMineForm action={action} csrf={props.csrf} measure={m} version={props.feedback.conflict.current.version} mine={props.feedback.conflict.mine} />}</div>
      <Attachments tr={tr} base={props.base} csrf={props.csrf} measureId={m.id} code={m.code} attachments={props.attachments} error={props.attachError} editable />
    </article>
  );
}

export function SavedNote(props: { tr: Translator; entry: EntryView | undefined; problems?: boolean }) {
  const { t } = props.tr;
  if (props.problems) return <span class="entry__status--problem">{t('report.savedWithProblems')}</span>;
  if (!props.entry) return <span class="muted">{t('report.notSavedYet')}</span>;
  return (
    <span>
      {props.entry.updatedByName
        ? t('report.savedBy', { at: formatInstant(props.entry.updatedAt), name: props.entry.updatedByName })
        : t('report.saved', { at: formatInstant(props.entry.updatedAt) })}
    </span>
  );
}

/** What an autosave answers: the status, and out of band the version and every field's message. */
export function EntrySaved(props: { tr: Translator; measure: OwedMeasure; entry: EntryView | undefined; errors: Record<string, string | undefined>; reportUpdatedAt?: string | undefined }) {
  const { tr, measure: m } = props;
  const id = `e${m.id}`;
  const problems = Object.values(props.errors).some(Boolean);
  const fields = ['state', 'reason', 'narrative', 'links', ...m.indicators.map((i) => `v${i.id}`)];
  return (
    <>
      <SavedNote tr={tr} entry={props.entry} problems={problems} />
      <input type="hidden" id={`${id}-version`} name="version" value={String(props.entry?.version ?? 0)} hx-swap-oob="true" />
      {fields.map((f) => {
        const key = f.startsWith('v') ? `value-${f.slice(1)}` : f;
        return (
          <div id={`${id}-${f}-msg`} class="field__message" hx-swap-oob="true">
            {props.errors[key] && (
              <p class="field__error">
                <span class="visually-hidden">{tr.t('error.prefix')}</span>
                {props.errors[key]}
              </p>
            )}
          </div>
        );
      })}
      {props.reportUpdatedAt && (
        <dd id="report-saved" hx-swap-oob="true">
          {formatInstant(props.reportUpdatedAt)}
        </dd>
      )}
    </>
  );
}

/** The state, reason and description of an entry, as read (a conflict's two sides, a submission). */
function EntryFacts(props: { tr: Translator; state: EntryState | null; reason: string | null; narrative: string }) {
  const { t } = props.tr;
  return (
    <>
      <div>
        <dt>{t('report.field.state')}</dt>
        <dd>{entryStateLabel(props.tr, props.state)}</dd>
      </div>
      {props.reason && (
        <div>
          <dt>{t('report.field.reason')}</dt>
          <dd>
            <Paragraphs text={props.reason} />
          </dd>
        </div>
      )}
      <div>
        <dt>{t('report.field.narrative')}</dt>
        <dd>{props.narrative ? <Paragraphs text={props.narrative} /> : '—'}</dd>
      </div>
    </>
  );
}

/** Two saves of one measure from the same version: the saved one and the one not saved, side by side. */
export function ConflictBlock(props: { tr: Translator; action: string; csrf: string; measure: OwedMeasure; current: EntryView; mine: TypedEntry }) {
  const { tr, measure: m, current, mine } = props;
  const { t } = tr;
  const theirs = typedFromEntry(m, current);
  const side = (title: string, e: TypedEntry) => (
    <div class="conflict__side">
      <h4>{title}</h4>
      <dl class="summary-list">
        <EntryFacts tr={tr} state={(e.state || null) as EntryState | null} reason={e.reason} narrative={e.narrative} />
        {m.indicators.map((i) => (
          <div>
            <dt>
              {i.name}, {i.unit}
            </dt>
            <dd>{e.values[i.id] || '—'}</dd>
          </div>
        ))}
        {e.links && (
          <div>
            <dt>{t('report.field.links')}</dt>
            <dd>
              <Paragraphs text={e.links} />
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
  return (
    <div class="conflict" role="alert">
      <p class="conflict__title">
        <strong>{t('report.conflict.title')}</strong>{' '}
        {current.updatedByName ? t('report.conflict.by', { name: current.updatedByName, at: formatInstant(current.updatedAt) }) : t('report.conflict.at', { at: formatInstant(current.updatedAt) })}
      </p>
      <div class="conflict__sides">
        {side(t('report.conflict.theirs'), theirs)}
        {side(t('report.conflict.mine'), mine)}
      </div>
      <div class="conflict__actions">
        <button type="submit" form={`e${m.id}-keep-mine`} class="button button--small">
          {t('report.conflict.keepMine')}
        </button>
        <a class="button button--secondary button--small" href={`${props.action.replace(/\/entries\/\d+$/, '')}?fresh=${current.version}#m${m.id}`}>
          {t('report.conflict.takeTheirs')}
        </a>
      </div>
    </div>
  );
}

/** The form "keep my version" posts: outside the entry's own form (forms do not nest). */
export function KeepMineForm(props: { action: string; csrf: string; measure: OwedMeasure; version: number; mine: TypedEntry }) {
  const { measure: m, mine } = props;
  return (
    <form id={`e${m.id}-keep-mine`} method="post" action={props.action} hx-post={props.action} hx-target={`#e${m.id}-status`} hx-swap="innerHTML" hidden>
      <CsrfField token={props.csrf} />
      <input type="hidden" name="version" value={String(props.version)} />
      <input type="hidden" name="state" value={mine.state} />
      <input type="hidden" name="reason" value={mine.reason} />
      <input type="hidden" name="narrative" value={mine.narrative} />
      <input type="hidden" name="links" value={mine.links} />
      {m.indicators.map((i) => (
        <input type="hidden" name={`v${i.id}`} value={mine.values[i.id] ?? ''} />
      ))}
    </form>
  );
}

export function Attachments(props: { tr: Translator; base: string; csrf: string; measureId: number; code: string; attachments: AttachmentView[]; error?: string | undefined; editable: boolean }) {
  const { tr, base } = props;
  const { t } = tr;
  const fid = `file-${props.measureId}`;
  return (
    <div class="attachments" id={`files-${props.measureId}`}>
      <h4 class="attachments__title">{t('report.files.title')}</h4>
      {props.attachments.length === 0 ? (
        <p class="muted">{t('report.files.none')}</p>
      ) : (
        <ul class="plain-list attachments__list">
          {props.attachments.map((a) => (
            <li>
              <a href={`${base}/attachments/${a.id}`} download>
                {a.fileName}
              </a>{' '}
              <span class="muted">({fileSize(tr, a.size)})</span>{' '}
              {props.editable && (
                <form method="post" action={`${base}/attachments/${a.id}/remove`} class="inline-form" hx-post={`${base}/attachments/${a.id}/remove`} hx-target={`#files-${props.measureId}`} hx-swap="outerHTML">
                  <CsrfField token={props.csrf} />
                  <button type="submit" class="link-button link-button--dark">
                    {t('report.files.remove')}
                    <span class="visually-hidden"> {a.fileName}</span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.editable && (
        <form method="post" action={`${base}/attachments`} enctype="multipart/form-data" class={`form attachments__form${props.error ? ' field--error' : ''}`} hx-post={`${base}/attachments`} hx-encoding="multipart/form-data" hx-target={`#files-${props.measureId}`} hx-swap="outerHTML">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="measureId" value={String(props.measureId)} />
          <label for={fid}>
            {t('report.files.add')}
            <span class="visually-hidden"> {props.code}</span>
          </label>
          <p class="hint" id={`${fid}-hint`}>
            {t('report.files.hint', { mb: MAX_ATTACHMENT_BYTES / 1024 / 1024 })}
          </p>
          {props.error && (
            <p class="field__error" id={`${fid}-error`}>
              <span class="visually-hidden">{t('error.prefix')}</span>
              {props.error}
            </p>
          )}
          <input type="file" id={fid} name="file" accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png" aria-describedby={describeIds(`${fid}-hint`, props.error && `${fid}-error`)} aria-invalid={props.error ? 'true' : undefined} />
          <button type="submit" class="button button--secondary button--small">
            {t('report.files.upload')}
            <span class="visually-hidden"> {props.code}</span>
          </button>
        </form>
      )}
    </div>
  );
}

function LetterScan(props: { tr: Translator; base: string; csrf: string; attachments: AttachmentView[]; error?: string | undefined; editable: boolean }) {
  const { tr, base } = props;
  const { t } = tr;
  return (
    <section class="letter-scan" id="files-letter" aria-labelledby="letter-title">
      <h2 id="letter-title">{t('report.onBehalf.scanTitle')}</h2>
      {props.attachments.length === 0 ? (
        <p class="muted">{t('report.onBehalf.noScan')}</p>
      ) : (
        <ul class="plain-list">
          {props.attachments.map((a) => (
            <li>
              <a href={`${base}/attachments/${a.id}`} download>
                {a.fileName}
              </a>{' '}
              <span class="muted">({fileSize(tr, a.size)})</span>
            </li>
          ))}
        </ul>
      )}
      {props.editable && (
        <form method="post" action={`${base}/attachments`} enctype="multipart/form-data" class="form">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="measureId" value="letter" />
          <label for="file-letter">{t('report.onBehalf.scan')}</label>
          {props.error && (
            <p class="field__error" id="file-letter-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {props.error}
            </p>
          )}
          <input type="file" id="file-letter" name="file" accept=".pdf,.jpg,.jpeg,.png" aria-describedby={props.error ? 'file-letter-error' : undefined} />
          <button type="submit" class="button button--secondary button--small">
            {t('report.files.upload')}
          </button>
        </form>
      )}
    </section>
  );
}

function StartOnBehalf(props: { tr: Translator; base: string; csrf: string; errors: Record<string, string | undefined>; typed?: { letterNumber: string; letterDate: string } | undefined }) {
  const { tr } = props;
  const { t } = tr;
  const e = props.errors;
  return (
    <section aria-labelledby="on-behalf-title" class="block">
      <h2 id="on-behalf-title">{t('report.onBehalf.title')}</h2>
      <p>{t('report.onBehalf.intro')}</p>
      <form method="post" action={`${props.base}/on-behalf`} class="form" novalidate>
        <CsrfField token={props.csrf} />
        <div class={`field${e.letterNumber ? ' field--error' : ''}`}>
          <label for="letterNumber">{t('report.onBehalf.number')}</label>
          {e.letterNumber && (
            <p class="field__error" id="letterNumber-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {e.letterNumber}
            </p>
          )}
          <input id="letterNumber" name="letterNumber" type="text" class="input--medium" maxLength={MAX_LETTER_NUMBER} value={props.typed?.letterNumber ?? ''} aria-describedby={e.letterNumber ? 'letterNumber-error' : undefined} aria-invalid={e.letterNumber ? 'true' : undefined} />
        </div>
        <div class={`field${e.letterDate ? ' field--error' : ''}`}>
          <label for="letterDate">{t('report.onBehalf.date')}</label>
          {e.letterDate && (
            <p class="field__error" id="letterDate-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {e.letterDate}
            </p>
          )}
          <input id="letterDate" name="letterDate" type="date" class="input--medium" value={props.typed?.letterDate ?? ''} aria-describedby={e.letterDate ? 'letterDate-error' : undefined} aria-invalid={e.letterDate ? 'true' : undefined} />
        </div>
        <button type="submit" class="button">
          {t('report.onBehalf.start')}
        </button>
      </form>
    </section>
  );
}

/** A submission as it was sent: read only. */
export function SubmittedReport(props: { tr: Translator; base: string; submission: SubmissionView; slot?: (measureId: number, code: string) => preact.ComponentChildren }) {
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
