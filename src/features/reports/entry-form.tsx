import type { MessageKey, Translator } from '../../i18n/index.ts';
import { ENTRY_STATES, MAX_LINKS, MAX_NARRATIVE, MAX_REASON, entryCompleteness, formatIndicatorValue, type EntryCompleteness, type EntryState } from '../../domain/reports.ts';
import { CsrfField, describeIds } from '../../ui/form.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { formatInstant } from '../../ui/time.ts';
import { MAX_ATTACHMENT_BYTES, MAX_LETTER_NUMBER, type AttachmentView, type EntryView, type OwedMeasure } from './service.ts';
import { ENTRY_STATE_KEYS, EntryFacts, fileSize, Message, PersonalDataNote } from './pieces.tsx';

/** The executor's form: one entry per measure (autosaved), its files, the letter of an on-behalf report. */

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

/** A measure with a sensitive indicator: its texts are checked for personal data. */
export function isSensitive(measure: Pick<OwedMeasure, 'indicators'>): boolean {
  return measure.indicators.some((i) => i.sensitive);
}

export interface EntryFeedback {
  typed?: TypedEntry;
  errors?: Record<string, string | undefined>;
  conflict?: { current: EntryView; mine: TypedEntry };
}

/** Indicators the organisation gives elsewhere (a statistical form, a reconciliation): named, with where, never asked again. */
function FromForms(props: { tr: Translator; id: string; fromForms: NonNullable<OwedMeasure['fromForms']> }) {
  const { t } = props.tr;
  const forms = [...new Map(props.fromForms.map((f) => [`${f.form.kind}:${f.form.key}`, f.form])).values()];
  const byForms = props.fromForms.filter((f) => f.form.kind === 'form').length;
  const byReconciliations = props.fromForms.length - byForms;
  return (
    <div class="from-forms" id={`${props.id}-from-forms`}>
      {byForms > 0 && <p>{t('report.fromForms', { count: byForms })}</p>}
      {byReconciliations > 0 && <p>{t('report.fromReconciliations', { count: byReconciliations })}</p>}
      <ul>
        {props.fromForms.map((f) => (
          <li>
            {f.indicator.name}, {f.indicator.unit}
          </li>
        ))}
      </ul>
      <p>
        {forms.map((f, n) => (
          <>
            {n > 0 && ', '}
            <a href={f.href}>{t(f.kind === 'form' ? 'report.fromFormsLink' : 'report.fromReconciliationLink', { form: f.title })}</a>
          </>
        ))}
      </p>
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
  const sensitive = isSensitive(m);
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
        hx-trigger="input delay:1500ms, zvit:save"
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
        <div class={`field field--reason${errors.reason ? ' field--error' : ''}${typed.reason.trim() || errors.reason ? ' field--reason-kept' : ''}`}>
          <label for={`${id}-reason`}>{t('report.field.reason')}</label>
          <p class="hint" id={`${id}-reason-hint`}>
            {t('report.field.reasonHint')}
          </p>
          <Message tr={tr} id={`${id}-reason`} error={errors.reason} />
          <textarea id={`${id}-reason`} name="reason" rows={2} maxLength={MAX_REASON} class="input--wide" aria-describedby={describeIds(`${id}-reason-hint`, `${id}-reason-msg`, sensitive && `${id}-reason-pd`)} aria-invalid={errors.reason ? 'true' : undefined}>
            {typed.reason}
          </textarea>
          <PersonalDataNote tr={tr} id={`${id}-reason`} texts={[typed.reason]} sensitive={sensitive} />
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
            aria-describedby={describeIds(`${id}-narrative-hint`, `${id}-narrative-msg`, sensitive && `${id}-narrative-pd`)}
            aria-invalid={errors.narrative ? 'true' : undefined}
          >
            {typed.narrative}
          </textarea>
          <PersonalDataNote tr={tr} id={`${id}-narrative`} texts={[typed.narrative]} sensitive={sensitive} />
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
        {m.fromForms?.length ? <FromForms tr={tr} id={id} fromForms={m.fromForms} /> : null}
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
export function EntrySaved(props: {
  tr: Translator;
  measure: OwedMeasure;
  entry: EntryView | undefined;
  errors: Record<string, string | undefined>;
  reportUpdatedAt?: string | undefined;
  /** What was typed (the texts checked for personal data). */
  typed?: TypedEntry | undefined;
  /** The list of measures at the top: this measure's line and the count. */
  progress?: { item: MeasureListEntry; filled: number; total: number } | undefined;
}) {
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
      {props.typed && (
        <>
          <PersonalDataNote tr={tr} id={`${id}-narrative`} texts={[props.typed.narrative]} sensitive={isSensitive(m)} oob />
          <PersonalDataNote tr={tr} id={`${id}-reason`} texts={[props.typed.reason]} sensitive={isSensitive(m)} oob />
        </>
      )}
      {props.progress && (
        <>
          <MeasureListItem tr={tr} item={props.progress.item} oob />
          <MeasureCount tr={tr} filled={props.progress.filled} total={props.progress.total} oob />
        </>
      )}
    </>
  );
}

// ---- the list of measures at the top of the form ---------------------------------------------------

export interface MeasureListEntry {
  id: number;
  code: string;
  title: string;
  completeness: EntryCompleteness;
  /** The coordinator commented on this measure when the report came back. */
  commented: boolean;
}

export function measureListEntry(measure: OwedMeasure, entry: Pick<EntryView, 'state' | 'reason'> | undefined, commented: boolean): MeasureListEntry {
  return { id: measure.id, code: measure.code, title: measure.title, completeness: entryCompleteness(entry), commented };
}

const COMPLETENESS_KEYS: Record<EntryCompleteness, MessageKey> = {
  filled: 'report.toc.filled',
  noState: 'report.toc.noState',
  noReason: 'report.toc.noReason',
};

function MeasureCount(props: { tr: Translator; filled: number; total: number; oob?: boolean }) {
  return (
    <p id="report-progress" class="measure-list__count" hx-swap-oob={props.oob ? 'true' : undefined}>
      {props.tr.t('report.toc.count', { filled: props.filled, total: props.total })}
    </p>
  );
}

function MeasureListItem(props: { tr: Translator; item: MeasureListEntry; oob?: boolean }) {
  const { tr, item } = props;
  const { t } = tr;
  return (
    <li id={`toc-${item.id}`} class={`measure-list__item measure-list__item--${item.completeness}`} hx-swap-oob={props.oob ? 'true' : undefined}>
      <a href={`#m${item.id}`}>
        <span class="measure-code">{item.code}</span> <span class="measure-list__title">{item.title}</span>
      </a>{' '}
      <span class="measure-list__tags">
        <span class={`tag ${item.completeness === 'filled' ? 'tag--active' : 'tag--draft'}`}>{t(COMPLETENESS_KEYS[item.completeness])}</span>
        {item.commented && (
          <>
            {' '}
            <a class="tag tag--warning" href={`#e${item.id}-comment`}>
              {t('report.toc.comment')}
              <span class="visually-hidden"> {item.code}</span>
            </a>
          </>
        )}
      </span>
    </li>
  );
}

/** Every measure of the report with where it stands, linked to its form, and how many are filled in. */
export function MeasureList(props: { tr: Translator; items: MeasureListEntry[] }) {
  const { tr, items } = props;
  return (
    <nav class="measure-list" aria-labelledby="measure-list-title">
      <h2 id="measure-list-title" class="measure-list__heading">
        {tr.t('report.toc.title')}
      </h2>
      <MeasureCount tr={tr} filled={items.filter((i) => i.completeness === 'filled').length} total={items.length} />
      <ol class="measure-list__items">
        {items.map((item) => (
          <MeasureListItem tr={tr} item={item} />
        ))}
      </ol>
    </nav>
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
        <form method="post" action={`${base}/attachments`} enctype="multipart/form-data" class={`form attachments__form${props.error ? ' field--error' : ''}`} hx-post={`${base}/attachments`} hx-encoding="multipart/form-data" hx-target={`#files-${props.measureId}`} hx-swap="outerHTML" data-failed-text={t('report.files.failed')}>
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
          <button type="submit" class="button button--secondary button--small attachments__upload">
            {t('report.files.upload')}
            <span class="visually-hidden"> {props.code}</span>
          </button>
        </form>
      )}
    </div>
  );
}

export function LetterScan(props: { tr: Translator; base: string; csrf: string; attachments: AttachmentView[]; error?: string | undefined; editable: boolean }) {
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

export function StartOnBehalf(props: { tr: Translator; base: string; csrf: string; errors: Record<string, string | undefined>; typed?: { letterNumber: string; letterDate: string } | undefined; fillIn?: string | undefined }) {
  const { tr } = props;
  const { t } = tr;
  const e = props.errors;
  return (
    <section aria-labelledby="on-behalf-title" class="block">
      <h2 id="on-behalf-title">{t('report.onBehalf.title')}</h2>
      <p>{t('report.onBehalf.intro')}</p>
      {props.fillIn && (
        <p class="fill-in-links">
          <a href={props.fillIn} download>
            {t('fillIn.link.download')}
          </a>
          {' · '}
          <a href={`${props.fillIn}/upload`}>{t('fillIn.link.upload')}</a>
        </p>
      )}
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

