import type { MessageKey, Translator } from '../../i18n/index.ts';
import { ENTRY_STATES } from '../../domain/reports.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { CsrfField, describeIds } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { PlanView } from '../plans/service.ts';
import { periodName, reportUrl } from '../reports/service.ts';
import type { ConsolidationDocument, DocMeasure } from './document.ts';
import type { ExportFormat } from './exports/index.ts';
import { closingLists, rollupLine, stateLabel, totalLine, date } from './text.ts';
import { MAX_SUMMARY, type VersionView } from './versions.ts';

/** The coordinator's consolidation of a period: each measure's sources, summary and state; versions, sign-off, sending, files. */

export const consolidationHref = (planId: string, periodKey: string) => `/plans/${encodeURIComponent(planId)}/periods/${periodKey}/consolidation`;

const FORMAT_KEYS: Record<ExportFormat, MessageKey> = { docx: 'consolidation.file.docx', xlsx: 'consolidation.file.xlsx', pdf: 'consolidation.file.pdf', letter: 'consolidation.file.letter' };

function MeasureBlock(props: { tr: Translator; csrf: string; base: string; planId: string; periodKey: string; m: DocMeasure; editable: boolean; errors: Record<string, string> | undefined; typed: { summary: string; state: string } | undefined; saved: boolean }) {
  const { tr, m } = props;
  const { t } = tr;
  const id = `m${m.id}`;
  const errors = props.errors ?? {};
  return (
    <article class="entry consolidation-measure" id={id} aria-labelledby={`${id}-title`}>
      <h3 class="entry__title" id={`${id}-title`}>
        <span class="measure-code">{m.code}</span> {m.title}
      </h3>
      <p class="muted">{m.executors.join('; ')}</p>
      <p>
        <strong>{m.sources.length === 0 ? t('consolidation.doc.noReports') : rollupLine(tr, m)}</strong>
      </p>
      {m.totals.some((x) => x.byKind.length > 0) && (
        <ul class="plain-list totals">
          {m.totals
            .filter((x) => x.byKind.length > 0)
            .map((x) => (
              <li>
                {totalLine(tr, x, false)}
                {x.sensitive && <span class="tag tag--consent">{t('report.sensitive')}</span>}
              </li>
            ))}
        </ul>
      )}
      {m.missing.length > 0 && <p class="notice">{t('consolidation.doc.missing', { list: m.missing.join('; ') })}</p>}
      {m.sources.length > 0 && (
        <details class="sources">
          <summary>{t('consolidation.sources', { count: m.sources.length })}</summary>
          <ul class="plain-list">
            {m.sources.map((s) => (
              <li>
                <a href={reportUrl(props.planId, props.periodKey, s.organisationId)}>{s.organisation}</a> — {stateLabel(tr, s.state)}
                {s.isLead && <span class="tag tag--lead">{t('measure.lead')}</span>}
                {!s.accepted && <span class="tag tag--draft">{t('consolidation.notAccepted')}</span>}
                {(s.narrative || s.reason) && <Paragraphs text={(s.narrative || s.reason || '').split(/\n\s*\n/)[0]!.slice(0, 600)} class="muted" />}
              </li>
            ))}
          </ul>
        </details>
      )}
      {props.editable ? (
        <form method="post" action={`${props.base}/measures/${m.id}`} class="form" novalidate data-warn-unsaved={t('consolidation.unsavedOthers')}>
          {props.saved && (
            <p class="notice notice--ok" role="status">
              {t('consolidation.notice.saved')}
            </p>
          )}
          <CsrfField token={props.csrf} />
          <div class={`field${errors.summary ? ' field--error' : ''}`}>
            <label for={`${id}-summary`}>{t('consolidation.summary')}</label>
            <p class="hint" id={`${id}-summary-hint`}>
              {m.edited ? t('consolidation.summaryEdited') : t('consolidation.summaryDraft')}
            </p>
            {errors.summary && (
              <p class="field__error" id={`${id}-summary-error`}>
                <span class="visually-hidden">{t('error.prefix')}</span>
                {errors.summary}
              </p>
            )}
            <textarea id={`${id}-summary`} name="summary" rows={6} maxLength={MAX_SUMMARY} class="input--wide" aria-describedby={describeIds(`${id}-summary-hint`, errors.summary && `${id}-summary-error`)} aria-invalid={errors.summary ? 'true' : undefined}>
              {props.typed?.summary ?? m.summary}
            </textarea>
          </div>
          {m.draft.length > 0 && (
            <details class="draft-sources">
              <summary>{t('consolidation.draftFrom')}</summary>
              <ul class="plain-list">
                {m.draft.map((d) => (
                  <li>
                    <strong>{d.organisation}:</strong> {d.text}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <div class={`field${errors.state ? ' field--error' : ''}`}>
            <label for={`${id}-state`}>{t('consolidation.state')}</label>
            {errors.state && <p class="field__error">{errors.state}</p>}
            <select id={`${id}-state`} name="state">
              <option value="">{t('consolidation.stateNone')}</option>
              {ENTRY_STATES.map((s) => (
                <option value={s} selected={(props.typed?.state ?? m.state ?? '') === s}>
                  {stateLabel(tr, s)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button button--secondary button--small">
            {t('consolidation.save')}
            <span class="visually-hidden"> {m.code}</span>
          </button>
        </form>
      ) : (
        <>
          {m.state && (
            <p>
              <strong>{t('consolidation.state')}:</strong> {stateLabel(tr, m.state)}
            </p>
          )}
          <Paragraphs text={m.summary} />
        </>
      )}
    </article>
  );
}

export interface ConsolidationPageProps {
  ctx: PageContext;
  csrf: string;
  plan: PlanView;
  period: ReportingPeriod;
  doc: ConsolidationDocument;
  versions: VersionView[];
  coordinates: boolean;
  mayApprove: boolean;
  maySign: boolean;
  notice?: string | undefined;
  errors?: Record<string, Record<string, string>>;
  typed?: Record<string, { summary: string; state: string }>;
  summaryErrors?: { field: string; message: string }[];
  status?: number;
  /** The executors' deadline has not passed yet. */
  running: boolean;
  /** The measure just saved: its notice stands beside it. */
  savedMeasure?: number | undefined;
  typedSent?: { sentNumber: string; sentDate: string; signatory: string };
  typedSign?: string;
}

export function ConsolidationPage(props: ConsolidationPageProps) {
  const { plan, period, doc, versions } = props;
  const { tr } = props.ctx;
  const { t } = tr;
  const base = consolidationHref(plan.id, period.key);
  const latest = versions.at(-1);
  const editable = props.mayApprove && (!latest || latest.state === 'draft');
  const title = t('consolidation.title', { period: periodName(tr, period) });
  const summary = props.summaryErrors ?? [];
  return (
    <Layout ctx={props.ctx} title={title} hasError={summary.length > 0}>
      <ErrorSummary tr={tr} errors={summary} />
      <p class="back-link">
        <a href={`/plans/${encodeURIComponent(plan.id)}/periods/${period.key}/reports`}>← {t('report.period.title', { period: periodName(tr, period) })}</a>
      </p>
      <p class="caption">{plan.shortTitle ?? plan.title}</p>
      <h1>{title}</h1>
      <p class="lead">
        {t('consolidation.intro', { accepted: doc.counts.accepted, submitted: doc.counts.submitted, expected: doc.counts.expected, due: date(doc.period.consolidationDeadline) })}
        {(doc.counts.returned ?? 0) > 0 && <> {t('consolidation.returnedNote', { count: doc.counts.returned })}</>}
      </p>
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <section class="consolidation-versions" aria-labelledby="versions-title">
        <h2 id="versions-title">{t('consolidation.versions')}</h2>
        {versions.length === 0 ? (
          <p class="muted">{t('consolidation.noVersions')}</p>
        ) : (
          <ol class="plain-list">
            {versions.map((v) => (
              <li class="version" id={`v${v.number}`}>
                <strong>{t('consolidation.version', { number: v.number })}</strong> — {t(`consolidation.versionState.${v.state}` as MessageKey)}
                {v.approvedAt && <span class="muted"> · {t('consolidation.approvedAt', { at: formatInstant(v.approvedAt), by: v.approvedBy ?? '—' })}</span>}
                {v.signedAt && <span class="muted"> · {t('consolidation.signedAt', { at: formatInstant(v.signedAt), by: v.signedBy ?? '—' })}</span>}
                {v.sent && <span class="muted"> · {t('consolidation.sentAs', { number: v.sent.number, date: date(v.sent.date), signatory: v.sent.signatory })}</span>}
                {v.supervisorComment && <Paragraphs text={v.supervisorComment} class="muted" />}
                {v.files.length > 0 && (
                  <p class="files">
                    {v.files.map((f, i) => (
                      <>
                        {i > 0 && ' · '}
                        <a href={`${base}/versions/${v.number}/files/${f.format}`} download>
                          {t(FORMAT_KEYS[f.format])}
                        </a>
                      </>
                    ))}
                  </p>
                )}
                {props.maySign && v.state === 'approved' && (
                  <form method="post" action={`${base}/versions/${v.number}/sign`} class="form">
                    <CsrfField token={props.csrf} />
                    <div class={`field${props.errors?.sign?.comment ? ' field--error' : ''}`}>
                      <label for="sign-comment">{t('consolidation.signComment')}</label>
                      {props.errors?.sign?.comment && <p class="field__error">{props.errors.sign.comment}</p>}
                      <p class="hint">{t('consolidation.signCommentHint', { max: '5 000' })}</p>
                      <textarea id="sign-comment" name="comment" rows={2} maxLength={5000} class="input--wide">
                        {props.typedSign ?? ''}
                      </textarea>
                    </div>
                    <button type="submit" class="button">
                      {t('consolidation.sign')}
                    </button>
                  </form>
                )}
                {props.mayApprove && v.state === 'signed' && <SentForm tr={tr} base={base} csrf={props.csrf} number={v.number} errors={props.errors?.sent ?? {}} typed={props.typedSent} />}
              </li>
            ))}
          </ol>
        )}
        <p class="files">
          {t('consolidation.liveFiles')}{' '}
          {(['docx', 'xlsx', 'pdf', 'letter'] as const).map((f, i) => (
            <>
              {i > 0 && ' · '}
              <a href={`${base}/export/${f}`} download>
                {t(FORMAT_KEYS[f])}
              </a>
            </>
          ))}{' '}
          · <a href={`${base}/export/xlsx?publication=1`}>{t('consolidation.publication')}</a> · <a href={`/plans/${encodeURIComponent(plan.id)}/periods/${period.key}/entries.csv`}>CSV</a> · <a href={`/plans/${encodeURIComponent(plan.id)}/periods/${period.key}/entries.json`}>JSON</a>
        </p>
        {props.mayApprove && editable && (
          <form method="post" action={`${base}/approve`} class="form">
            <CsrfField token={props.csrf} />
            <p class="hint">{t('consolidation.approveHint')}</p>
            {(props.running || doc.counts.submitted > 0) && <p class="notice">{t('consolidation.approveEarly', { submitted: doc.counts.submitted, deadline: date(doc.period.executorDeadline) })}</p>}
            <button type="submit" class="button">
              {t('consolidation.approve', { number: (latest?.state === 'draft' ? latest.number : (latest?.number ?? 0) + 1) })}
            </button>
          </form>
        )}
        {props.mayApprove && latest && latest.state !== 'draft' && (
          <form method="post" action={`${base}/correct`} class="form">
            <CsrfField token={props.csrf} />
            <button type="submit" class="button button--secondary">
              {t('consolidation.correct')}
            </button>
          </form>
        )}
      </section>
      {doc.goals.map((g) => (
        <section class="report-goal" aria-labelledby={`goal-${g.number}`}>
          <h2 id={`goal-${g.number}`}>{t('consolidation.doc.goal', { number: g.number, title: g.title })}</h2>
          {g.measures.map((m) => (
            <MeasureBlock tr={tr} csrf={props.csrf} base={base} planId={plan.id} periodKey={period.key} m={m} editable={editable} errors={props.errors?.[String(m.id)]} typed={props.typed?.[String(m.id)]} saved={props.savedMeasure === m.id} />
          ))}
        </section>
      ))}
      <section aria-labelledby="absent-title">
        {closingLists(tr, doc, props.running).map((l, i) =>
          i === 0 ? (
            <>
              <h2 id="absent-title">{l.title}</h2>
              <p>{l.names.join('; ') || t('consolidation.doc.nobody')}</p>
            </>
          ) : (
            <>
              <h3>{l.title}</h3>
              <p>{l.names.join('; ') || t('consolidation.doc.nobody')}</p>
            </>
          ),
        )}
      </section>
    </Layout>
  );
}

function SentForm(props: { tr: Translator; base: string; csrf: string; number: number; errors: Record<string, string>; typed: { sentNumber: string; sentDate: string; signatory: string } | undefined }) {
  const { t } = props.tr;
  const e = props.errors;
  const field = (id: 'sentNumber' | 'sentDate' | 'signatory', label: string, hint?: string, max = 300) => (
    <div class={`field${e[id] ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {e[id] && (
        <p class="field__error" id={`${id}-error`}>
          <span class="visually-hidden">{t('error.prefix')}</span>
          {e[id]}
        </p>
      )}
      <input id={id} name={id} type="text" class="input--medium" maxLength={max} value={props.typed?.[id] ?? ''} aria-invalid={e[id] ? 'true' : undefined} aria-describedby={describeIds(hint && `${id}-hint`, e[id] && `${id}-error`)} />
    </div>
  );
  return (
    <form method="post" action={`${props.base}/versions/${props.number}/sent`} class="form" novalidate>
      <CsrfField token={props.csrf} />
      <h3>{t('consolidation.sentTitle')}</h3>
      {field('sentNumber', t('consolidation.sentNumber'), undefined, 100)}
      {field('sentDate', t('consolidation.sentDate'), t('form.dateHint'))}
      {field('signatory', t('consolidation.signatory'), t('consolidation.signatoryHint'))}
      <button type="submit" class="button">
        {t('consolidation.markSent')}
      </button>
    </form>
  );
}
