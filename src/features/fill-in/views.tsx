import type { ComponentChildren } from 'preact';
import { displayIndicatorValue } from '../../domain/reports.ts';
import { formatLocalDate } from '../../domain/dates.ts';
import { formatInstant } from '../../ui/time.ts';
import { readDateInput } from '../../domain/plan-lifecycle.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { CsrfField, describedBy, Field } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { MAX_LETTER_NUMBER, periodName, reportUrl, type ReportView } from '../reports/service.ts';
import type { FormReading } from './read.ts';

/** The coordinator's pages of the fill-in round trip: upload a filled form, see what was read, confirm. */

export function fillInBase(view: ReportView): string {
  return `/plans/${encodeURIComponent(view.plan.id)}/periods/${view.period.key}/organisations/${encodeURIComponent(view.organisation.id)}/fill-in`;
}

/** The form by e-mail: the directory's address, the forms already mailed, what just happened. */
export interface MailState {
  address: string | null;
  sent: { at: string; address: string; state: string }[];
  notice?: string | undefined;
  error?: string | undefined;
}

export interface LetterTyped {
  letterNumber: string;
  letterDate: string;
}

function Back(props: { ctx: PageContext; view: ReportView }) {
  const { view } = props;
  return (
    <p class="back-link">
      <a href={reportUrl(view.plan.id, view.period.key, view.organisation.id)}>
        ← {view.organisation.name}, {periodName(props.ctx.tr, view.period)}
      </a>
    </p>
  );
}

export function UploadPage(props: { ctx: PageContext; csrf: string; view: ReportView; maxMb: number; errors: Record<string, string | undefined>; typed: LetterTyped; mail: MailState; status?: number }) {
  const { ctx, view } = props;
  const { tr } = ctx;
  const { t } = tr;
  const e = props.errors;
  const base = fillInBase(view);
  const letter = view.report?.letter ?? null;
  const summary = (['mail', 'letterNumber', 'letterDate', 'file'] as const).filter((f) => e[f]).map((f) => ({ field: f === 'mail' ? 'mail-send' : f, message: e[f]! }));
  const mail = props.mail;
  const title = t('fillIn.upload.title', { organisation: view.organisation.name });
  return (
    <Layout ctx={ctx} title={title} hasError={summary.length > 0}>
      <div class="narrow">
        <Back ctx={ctx} view={view} />
        <ErrorSummary tr={tr} errors={summary} />
        <p class="caption">{periodName(tr, view.period)}</p>
        <h1>{title}</h1>
        <p>{t('fillIn.upload.intro')}</p>
        <p class="actions">
          <a class="button button--secondary" href={base} download>
            {t('fillIn.upload.download')}
          </a>
        </p>
        <section id="mail" aria-labelledby="mail-title" class={`field${e.mail ? ' field--error' : ''}`}>
          <h2 id="mail-title">{t('fillIn.mail.title')}</h2>
          {mail.notice && (
            <p class="notice notice--ok" role="status">
              {t('fillIn.mail.queued', { address: mail.notice })}
            </p>
          )}
          {e.mail && (
            <p class="field__error" id="mail-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {e.mail}
            </p>
          )}
          {mail.address ? (
            <form method="post" action={`${base}/mail`} novalidate>
              <CsrfField token={props.csrf} />
              <p class="hint" id="mail-hint">
                {t('fillIn.mail.hint', { address: mail.address })}
              </p>
              <button type="submit" class="button button--secondary" id="mail-send" aria-describedby={describedBy('mail', true, e.mail)}>
                {t(mail.sent.length ? 'fillIn.mail.again' : 'fillIn.mail.send')}
              </button>
            </form>
          ) : (
            <p class="hint">
              {!e.mail && `${t('fillIn.mail.noAddress', { organisation: view.organisation.name })} `}
              <a href={`/organisations/${encodeURIComponent(view.organisation.id)}/edit`}>{t('fillIn.mail.editDirectory')}</a>
            </p>
          )}
          {mail.sent.length > 0 && (
            <ul class="plain-list">
              {mail.sent.map((m) => (
                <li>{t('fillIn.mail.sentLine', { at: formatInstant(m.at), address: m.address, state: m.state })}</li>
              ))}
            </ul>
          )}
        </section>
        <h2>{t('fillIn.upload.returned')}</h2>
        <form method="post" action={`${base}/upload`} enctype="multipart/form-data" novalidate class="form">
          <CsrfField token={props.csrf} />
          {letter ? (
            <p class="notice notice--as-of">{t('fillIn.upload.letterExists', { number: letter.number, date: formatLocalDate(letter.date) })}</p>
          ) : (
            <>
              <Field tr={tr} id="letterNumber" label={t('report.onBehalf.number')} error={e.letterNumber}>
                <input id="letterNumber" name="letterNumber" type="text" class="input--medium" maxLength={MAX_LETTER_NUMBER} value={props.typed.letterNumber} aria-invalid={e.letterNumber ? 'true' : undefined} aria-describedby={describedBy('letterNumber', false, e.letterNumber)} />
              </Field>
              <Field tr={tr} id="letterDate" label={t('report.onBehalf.date')} error={e.letterDate}>
                <input id="letterDate" name="letterDate" type="date" class="input--medium" value={props.typed.letterDate} aria-invalid={e.letterDate ? 'true' : undefined} aria-describedby={describedBy('letterDate', false, e.letterDate)} />
              </Field>
            </>
          )}
          <Field tr={tr} id="file" label={t('fillIn.upload.file', { mb: props.maxMb })} error={e.file}>
            <input id="file" name="file" type="file" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" aria-invalid={e.file ? 'true' : undefined} aria-describedby={describedBy('file', false, e.file)} />
          </Field>
          <button type="submit" class="button">
            {t('fillIn.upload.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

export function PreviewPage(props: { ctx: PageContext; csrf: string; view: ReportView; reading: FormReading; file: { name: string; size: number; base64: string }; typed: LetterTyped }) {
  const { ctx, view, reading } = props;
  const { tr } = ctx;
  const { t } = tr;
  const base = fillInBase(view);
  const title = t('fillIn.preview.title', { organisation: view.organisation.name });
  const letter = view.report?.letter ?? null;
  const typedDate = readDateInput(props.typed.letterDate.trim());
  const letterLine = letter
    ? t('fillIn.preview.letter', { number: letter.number, date: formatLocalDate(letter.date) })
    : t('fillIn.preview.letter', { number: props.typed.letterNumber.trim(), date: 'date' in typedDate ? formatLocalDate(typedDate.date) : props.typed.letterDate });
  const byMeasure = new Map(reading.measures.map((m) => [m.measureId, m]));
  return (
    <Layout ctx={ctx} title={title}>
      <Back ctx={ctx} view={view} />
      <p class="caption">{periodName(tr, view.period)}</p>
      <h1>{title}</h1>
      <p>{t('fillIn.preview.intro')}</p>
      <p>
        {t('fillIn.preview.file', { name: props.file.name, size: Math.max(1, Math.round(props.file.size / 1024)) })}
        <br />
        {letterLine}
      </p>
      <section aria-labelledby="warnings-title" class={reading.warnings.length ? 'notice' : 'notice notice--ok'}>
        <h2 id="warnings-title">{t('fillIn.preview.warnings')}</h2>
        {reading.warnings.length ? (
          <ul>
            {reading.warnings.map((w) => (
              <li>{t(w.key as MessageKey, w.params)}</li>
            ))}
          </ul>
        ) : (
          <p>{t('fillIn.preview.noWarnings')}</p>
        )}
      </section>
      <section aria-labelledby="read-title">
        <h2 id="read-title">{t('fillIn.preview.col.read')}</h2>
        {view.measures.map((m) => {
          const r = byMeasure.get(m.id);
          const pair = (label: string, value: ComponentChildren) => (
            <div>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          );
          return (
            <section id={`m${m.id}`} aria-labelledby={`m${m.id}-title`}>
              <h3 id={`m${m.id}-title`}>{t('fillIn.preview.measure', { code: m.code })}</h3>
              <p>{m.title}</p>
              {m.deadlineText && <p class="caption">{t('fillIn.preview.deadline', { deadline: m.deadlineText })}</p>}
              {!r?.found ? (
                <p>
                  <span class="tag tag--warning">{t('fillIn.preview.notInFile')}</span>
                </p>
              ) : (
                <dl class="summary-list">
                  {pair(t('fillIn.doc.state'), r.state ? t(`report.entryState.${r.state}` as MessageKey) : r.stateTyped ? <span class="tag tag--warning">«{r.stateTyped}»</span> : t('fillIn.preview.empty'))}
                  {pair(t('fillIn.doc.narrative'), r.narrative ? <Paragraphs text={r.narrative} /> : t('fillIn.preview.empty'))}
                  {m.indicators.map((i) => pair(`${i.name}, ${i.unit}`, r.values[i.id] !== undefined ? displayIndicatorValue(i.kind, r.values[i.id]) : r.typedValues[i.id] ? <span class="tag tag--warning">«{r.typedValues[i.id]}»</span> : t('fillIn.preview.empty')))}
                  {r.reason && pair(t('fillIn.doc.reason'), <Paragraphs text={r.reason} />)}
                </dl>
              )}
            </section>
          );
        })}
      </section>
      <form method="post" action={`${base}/confirm`} class="form actions">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="fileName" value={props.file.name} />
        <input type="hidden" name="file" value={props.file.base64} />
        <input type="hidden" name="letterNumber" value={props.typed.letterNumber} />
        <input type="hidden" name="letterDate" value={props.typed.letterDate} />
        <button type="submit" class="button">
          {t('fillIn.preview.confirm')}
        </button>
        <a class="button button--secondary" href={`${base}/upload`}>
          {t('fillIn.preview.again')}
        </a>
      </form>
    </Layout>
  );
}
