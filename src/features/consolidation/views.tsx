import type { MessageKey, Translator } from '../../i18n/index.ts';
import { ENTRY_STATES } from '../../domain/reports.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import { CsrfField, describeIds } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { PlanView } from '../plans/service.ts';
import { periodName, reportUrl } from '../reports/service.ts';
import type { ConsolidationDocument, MeasureText } from './document.ts';
import { MeasureBlock, type TypedText } from './measure-block.tsx';
import { ApproveForm, type ApproveFormProps } from './signatory.tsx';
import type { ExportFormat } from './exports/index.ts';
import { closingSection, instructionsSection, date } from './text.ts';
import type { VersionView } from './versions.ts';

/** The coordinator's consolidation of a period: each measure's sources, summary and state; versions, sign-off, sending, files. */

export const consolidationHref = (planId: string, periodKey: string) => `/plans/${encodeURIComponent(planId)}/periods/${periodKey}/consolidation`;

const FORMAT_KEYS: Record<ExportFormat, MessageKey> = { docx: 'consolidation.file.docx', xlsx: 'consolidation.file.xlsx', pdf: 'consolidation.file.pdf', letter: 'consolidation.file.letter' };

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
  typed?: Record<string, TypedText>;
  /** What another person saved meanwhile, by measure. */
  conflicts?: Record<string, MeasureText>;
  summaryErrors?: { field: string; message: string }[];
  status?: number;
  /** The executors' deadline has not passed yet. */
  running: boolean;
  /** The measure just saved: its notice stands beside it. */
  savedMeasure?: number | undefined;
  typedSent?: { sentNumber: string; sentDate: string; signatory: string; requestNumber?: string; requestDate?: string };
  /** The approve form's officials, choice, preparer, warnings and errors (signatory.tsx). */
  approve?: Omit<ApproveFormProps, 'tr' | 'base' | 'csrf' | 'number' | 'notice'>;
  typedSign?: string;
  typedRequest?: { requestNumber: string; requestDate: string };
  typedReturn?: string;
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
      {props.coordinates && !(plan.requisites.titleGenitive && plan.requisites.issuerGenitive) && (
        <p class="notice">
          {t('consolidation.requisitesMissing')} <a href={`/plans/${encodeURIComponent(plan.id)}/requisites`}>{t('requisites.link')}</a>
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
                <strong>{t('consolidation.version', { number: v.number })}</strong> — {v.returned ? t('consolidation.versionState.returned') : t(`consolidation.versionState.${v.state}` as MessageKey)}
                {v.returned && <span class="muted"> · {t('consolidation.returnedAt', { at: formatInstant(v.returned.at), by: v.returned.by ?? '—' })}</span>}
                {v.approvedAt && <span class="muted"> · {t('consolidation.approvedAt', { at: formatInstant(v.approvedAt), by: v.approvedBy ?? '—' })}</span>}
                {v.signedAt && <span class="muted"> · {t('consolidation.signedAt', { at: formatInstant(v.signedAt), by: v.signedBy ?? '—' })}</span>}
                {v.signatory && <span class="muted"> · {t('signatory.frozen', { position: v.signatory.position, name: v.signatory.name })}</span>}
                {v.sent && <span class="muted"> · {t('consolidation.sentAs', { number: v.sent.number, date: date(v.sent.date), signatory: v.sent.signatory })}</span>}
                {v.supervisorComment && <Paragraphs text={v.supervisorComment} class="muted" />}
                {v.files.length > 0 && <VersionFiles tr={tr} title={t('letters.approvedFiles')} href={(f) => `${base}/versions/${v.number}/files/${f}`} files={v.files} />}
                {v.registered && v.registered.files.length > 0 && (
                  <VersionFiles tr={tr} title={t('letters.registeredFiles', { number: v.registered.number, date: date(v.registered.date) })} href={(f) => `${base}/versions/${v.number}/registered/${f}`} files={v.registered.files} />
                )}
                {props.maySign && v.state === 'approved' && !v.returned && (
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
                {props.maySign && v.state === 'approved' && !v.returned && (
                  <details class="return-version" open={Boolean(props.errors?.return?.remarks)}>
                    <summary>{t('consolidation.return')}</summary>
                    <form method="post" action={`${base}/versions/${v.number}/return`} class="form" novalidate>
                      <CsrfField token={props.csrf} />
                      <div class={`field${props.errors?.return?.remarks ? ' field--error' : ''}`}>
                        <label for="return-remarks">{t('consolidation.returnRemarks')}</label>
                        <p class="hint" id="return-remarks-hint">
                          {t('consolidation.returnHint')}
                        </p>
                        {props.errors?.return?.remarks && (
                          <p class="field__error" id="return-remarks-error">
                            <span class="visually-hidden">{t('error.prefix')}</span>
                            {props.errors.return.remarks}
                          </p>
                        )}
                        <textarea id="return-remarks" name="remarks" rows={3} maxLength={5000} class="input--wide" aria-describedby={props.errors?.return?.remarks ? 'return-remarks-hint return-remarks-error' : 'return-remarks-hint'} aria-invalid={props.errors?.return?.remarks ? 'true' : undefined}>
                          {props.typedReturn ?? ''}
                        </textarea>
                      </div>
                      <button type="submit" class="button button--warning">
                        {t('consolidation.returnButton')}
                      </button>
                    </form>
                  </details>
                )}
                {props.mayApprove && v.state === 'signed' && (
                  <SentForm
                    tr={tr}
                    base={base}
                    csrf={props.csrf}
                    number={v.number}
                    errors={props.errors?.sent ?? {}}
                    typed={props.typedSent ?? { sentNumber: '', sentDate: '', signatory: v.signatory?.name ?? '', ...(v.request ? { requestNumber: v.request.number, requestDate: date(v.request.date) } : {}) }}
                    frozen={v.signatory?.name}
                  />
                )}
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
          · <a href={`/plans/${encodeURIComponent(plan.id)}/periods/${period.key}/entries.csv`}>CSV</a> · <a href={`/plans/${encodeURIComponent(plan.id)}/periods/${period.key}/entries.json`}>JSON</a>
        </p>
        <p class="files">
          {t('consolidation.publication')}{' '}
          {(['docx', 'xlsx', 'pdf'] as const).map((f, i) => (
            <>
              {i > 0 && ' · '}
              <a href={`${base}/export/${f}?publication=1`} download>
                {t(FORMAT_KEYS[f])}
              </a>
            </>
          ))}{' '}
          ·{' '}
          <a href={`${base}/export/csv?publication=1`} download>
            CSV
          </a>
        </p>
        {props.mayApprove && editable && (
          <RequestForm tr={tr} base={base} csrf={props.csrf} errors={props.errors?.request ?? {}} typed={props.typedRequest ?? { requestNumber: latest?.request?.number ?? '', requestDate: latest?.request ? date(latest.request.date) : '' }} />
        )}
        {props.mayApprove && editable && props.approve && (
          <ApproveForm
            tr={tr}
            base={base}
            csrf={props.csrf}
            number={latest?.state === 'draft' ? latest.number : (latest?.number ?? 0) + 1}
            notice={props.running || doc.counts.submitted > 0 ? t('consolidation.approveEarly', { submitted: doc.counts.submitted, deadline: date(doc.period.executorDeadline) }) : undefined}
            {...props.approve}
          />
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
            <MeasureBlock
              tr={tr}
              csrf={props.csrf}
              base={base}
              planId={plan.id}
              periodKey={period.key}
              m={m}
              editable={editable}
              errors={props.errors?.[String(m.id)]}
              typed={props.typed?.[String(m.id)]}
              saved={props.savedMeasure === m.id}
              version={latest?.state === 'draft' ? latest.number : 1}
              text={latest?.state === 'draft' ? latest.texts[m.id] : undefined}
              conflict={props.conflicts?.[String(m.id)]}
            />
          ))}
        </section>
      ))}
      <ClosingSection tr={tr} doc={doc} running={props.running} />
    </Layout>
  );
}

/** Reporting discipline, as the document's closing section says it. */
function ClosingSection(props: { tr: Translator; doc: ConsolidationDocument; running: boolean }) {
  const closing = closingSection(props.tr, props.doc, props.running);
  return (
    <section aria-labelledby="absent-title" class="consolidation-closing">
      <h2 id="absent-title">{closing.title}</h2>
      {closing.paragraphs.map((x) => (
        <p>{x}</p>
      ))}
      {(() => {
        const given = instructionsSection(props.tr, props.doc);
        return (
          given && (
            <>
              <h3>{given.title}</h3>
              {given.paragraphs.map((x) => (
                <p>{x}</p>
              ))}
            </>
          )
        );
      })()}
    </section>
  );
}

/** The request the letter answers ("На № … від …"), noted before approval; optional. */
function RequestForm(props: { tr: Translator; base: string; csrf: string; errors: Record<string, string>; typed: { requestNumber: string; requestDate: string } }) {
  const { t } = props.tr;
  const e = props.errors;
  const field = (name: 'requestNumber' | 'requestDate', label: string, hint: string, max: number) => {
    const id = `request-${name}`;
    return (
      <div class={`field${e[name] ? ' field--error' : ''}`}>
        <label for={id}>{label}</label>
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
        {e[name] && (
          <p class="field__error" id={`${id}-error`}>
            <span class="visually-hidden">{t('error.prefix')}</span>
            {e[name]}
          </p>
        )}
        <input id={id} name={name} type="text" class="input--medium" maxLength={max} value={props.typed[name]} aria-invalid={e[name] ? 'true' : undefined} aria-describedby={describeIds(`${id}-hint`, e[name] && `${id}-error`)} />
      </div>
    );
  };
  return (
    <form method="post" action={`${props.base}/request`} class="form" id="request" novalidate>
      <CsrfField token={props.csrf} />
      <h3>{t('letters.requestTitle')}</h3>
      {field('requestNumber', t('letters.requestNumber'), t('letters.requestHint'), 100)}
      {field('requestDate', t('letters.requestDate'), t('form.dateHint'), 20)}
      <button type="submit" class="button button--secondary">
        {t('letters.requestSave')}
      </button>
    </form>
  );
}

/** A version's set of files, each with its SHA-256 (what was approved, or registered, byte for byte). */
function VersionFiles(props: { tr: Translator; title: string; href: (format: ExportFormat) => string; files: { format: ExportFormat; sha256: string }[] }) {
  const { t } = props.tr;
  return (
    <div class="version-files">
      <p class="files">
        <strong>{props.title}</strong>
      </p>
      <ul class="plain-list files">
        {props.files.map((f) => (
          <li>
            <a href={props.href(f.format)} download>
              {t(FORMAT_KEYS[f.format])}
            </a>{' '}
            <span class="muted">
              <code>{t('letters.sha256', { hash: f.sha256 })}</code>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function SentForm(props: { tr: Translator; base: string; csrf: string; number: number; errors: Record<string, string>; typed: { sentNumber: string; sentDate: string; signatory: string; requestNumber?: string; requestDate?: string } | undefined ; frozen?: string | undefined }) {
  const { t } = props.tr;
  const e = props.errors;
  const field = (id: 'sentNumber' | 'sentDate' | 'signatory' | 'requestNumber' | 'requestDate', label: string, hint?: string, max = 300) => (
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
      {field('signatory', t('consolidation.signatory'), props.frozen ? t('signatory.sentHint', { name: props.frozen }) : t('consolidation.signatoryHint'))}
      {field('requestNumber', t('letters.requestNumber'), t('letters.requestHint'), 100)}
      {field('requestDate', t('letters.requestDate'), t('form.dateHint'))}
      <button type="submit" class="button">
        {t('consolidation.markSent')}
      </button>
    </form>
  );
}
