import type { MessageKey, Translator } from '../../i18n/index.ts';
import { formatLocalDate } from '../../domain/dates.ts';
import { localDateOf } from '../../domain/time.ts';
import { CsrfField, describeIds } from '../../ui/form.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { ReviewView } from './review.ts';
import type { OwedMeasure, ReportView, SubmissionView } from './service.ts';
import { Message } from './pieces.tsx';
import { SubmittedReport } from './views.tsx';

/**
 * The coordinator's side of one report: the review form (worded for the coordinator when the
 * report is their own entry from a letter), reopening, the history of reviews, and — for a
 * resubmission — which version it is and the return it answers.
 */

/** A report the coordinator's side entered from an organisation's letter. */
export interface LetterEntry {
  letter: { number: string; date: string };
  organisation: string;
  /** Who entered it: null when it is the reader themselves. */
  by: string | null;
}

export function letterEntryOf(view: ReportView, viewerId: string | null): LetterEntry | null {
  const r = view.report;
  if (!r?.onBehalf || !r.letter) return null;
  return { letter: r.letter, organisation: view.organisation.name, by: view.enteredBy && view.enteredBy.userId !== viewerId ? view.enteredBy.name : null };
}

/** "Звіт внесено вами з листа № … від …; організація — …". */
export function whoseEntry(tr: Translator, e: LetterEntry): string {
  const values = { number: e.letter.number, date: formatLocalDate(e.letter.date), organisation: e.organisation };
  return e.by === null ? tr.t('reportReview.own.byYou', values) : tr.t('reportReview.own.byColleague', { ...values, name: e.by });
}


/** What a resubmission answers: the version before it that the coordinator saw, and when that one was returned. */
export function resubmissionOf(view: ReportView): { number: number; previous: number; returnedOn: string | null } | null {
  const standing = view.submissions.filter((s) => !s.withdrawnAt);
  const latest = standing.at(-1);
  const previous = standing.at(-2);
  if (!latest || !previous || view.submissions.at(-1) !== latest) return null;
  const answered = view.reviews.filter((r) => r.decision !== 'accepted' && r.submissionId === previous.id).at(-1);
  return { number: latest.number, previous: previous.number, returnedOn: answered ? localDateOf(new Date(answered.reviewedAt), view.plan.schedule.timeZone) : null };
}

/** At the top of a resubmission under review: "Версія 2, після повернення 03.12.2024 · що змінилося". */
export function ResubmissionNote(props: { tr: Translator; base: string; view: ReportView }) {
  const { tr } = props;
  const { t } = tr;
  const r = resubmissionOf(props.view);
  if (!r) return null;
  return (
    <p class="notice notice--as-of resubmission">
      <strong>{r.returnedOn ? t('reportReview.resubmission', { number: r.number, date: formatLocalDate(r.returnedOn) }) : t('reportReview.resubmissionPlain', { number: r.number })}</strong>
      {' · '}
      <a href={`${props.base}/compare?from=${r.previous}&to=${r.number}`}>{t('reportReview.whatChanged', { number: r.previous })}</a>
    </p>
  );
}

export function ReviewForm(props: {
  tr: Translator;
  base: string;
  measures: string;
  csrf: string;
  submission: SubmissionView;
  /** The coordinator's own entry from a letter: worded for them, not for an executor. */
  entry: LetterEntry | null;
  typed?: { comment: string; measureComments: Record<string, string> } | undefined;
  errors: Record<string, string | undefined>;
  /** The district's review in a two-level cycle: it passes the report on instead of accepting it. */
  district?: boolean;
}) {
  const { tr, errors, entry } = props;
  const { t } = tr;
  const typed = props.typed ?? { comment: '', measureComments: {} };
  return (
    <form method="post" action={`${props.base}/${props.district ? 'district-review' : 'review'}`} class="form review-form" novalidate>
      <CsrfField token={props.csrf} />
      {entry ? (
        <div class="lead review-own">
          <p>{whoseEntry(tr, entry)}</p>
          <p>{t('reportReview.own.intro')}</p>
        </div>
      ) : (
        <p class="lead">{t(props.district ? 'district.review.intro' : 'reportReview.intro')}</p>
      )}
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
            {t(entry ? 'reportReview.own.generalCommentHint' : 'reportReview.generalCommentHint')}
          </p>
          <Message tr={tr} id="comment" error={errors.comment} />
          <textarea id="comment" name="comment" rows={3} class="input--wide" aria-describedby={describeIds('comment-hint', 'comment-msg')} aria-invalid={errors.comment ? 'true' : undefined}>
            {typed.comment}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit" name="decision" value="accept" class="button">
            {t(props.district ? 'district.review.forward' : 'reportReview.accept')}
          </button>
          <button type="submit" name="decision" value="return" class="button button--warning">
            {t(entry ? 'reportReview.own.return' : 'reportReview.return')}
          </button>
        </div>
      </section>
    </form>
  );
}

export function ReopenForm(props: { tr: Translator; base: string; csrf: string; typed: string; error?: string | undefined; own: boolean }) {
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
            {t(props.own ? 'reportReview.own.reopenHint' : 'reportReview.reopenHint')}
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

export function ReviewHistory(props: { tr: Translator; reviews: ReviewView[]; submissions: SubmissionView[]; measures: OwedMeasure[] }) {
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

