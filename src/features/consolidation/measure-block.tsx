import type { Translator } from '../../i18n/index.ts';
import { ENTRY_STATES, displayIndicatorValue } from '../../domain/reports.ts';
import { Checkbox, CsrfField, describeIds } from '../../ui/form.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { formatInstant } from '../../ui/time.ts';
import { reportUrl } from '../reports/service.ts';
import type { DocMeasure, MeasureText } from './document.ts';
import { hasTotals, rollupLine, stateLabel, totalLine } from './text.ts';
import { MAX_PUBLIC_TEXT, MAX_SUMMARY } from './texts.ts';

/**
 * One measure of the consolidation page: its figures and sources, and for the coordinator the
 * form of its summary, overall state and public text. The form carries the version and the
 * revision it was loaded with; a save over a revision that moved meanwhile comes back with the
 * other person's text beside what was typed (the conflict view).
 */

export interface TypedText {
  summary: string;
  state: string;
  publicText: string;
  publicApproved: boolean;
}

export function MeasureBlock(props: {
  tr: Translator;
  csrf: string;
  base: string;
  planId: string;
  periodKey: string;
  m: DocMeasure;
  editable: boolean;
  errors: Record<string, string> | undefined;
  typed: TypedText | undefined;
  saved: boolean;
  /** The draft's number the form writes into, and the measure's stored text (its revision). */
  version: number;
  text: MeasureText | undefined;
  /** What another person saved meanwhile. */
  conflict: MeasureText | undefined;
}) {
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
      <div class="consolidation-measure__columns">
        <div class="consolidation-measure__draft">
          <MeasureForm {...props} />
        </div>
        <Sources tr={tr} m={m} id={id} planId={props.planId} periodKey={props.periodKey} />
      </div>
    </article>
  );
}

/** More sources than this fold into a list the reader opens. */
const OPEN_SOURCES = 5;
/** Among many sources, this many regional bodies and district administrations stay open. */
const OPEN_OWN = 12;

/** Who said what, beside the draft: each executor's state, words and figures, and which sentences of the draft came from whom. Never in the document. */
function Sources(props: { tr: Translator; m: DocMeasure; id: string; planId: string; periodKey: string }) {
  const { tr, m, id } = props;
  const { t } = tr;
  const list = (sources: DocMeasure['sources']) => (
    <ul class="plain-list consolidation-sources__list">
      {sources.map((s) => (
        <li class="consolidation-source">
          <p class="consolidation-source__who">
            <a href={reportUrl(props.planId, props.periodKey, s.organisationId)}>{s.organisation}</a> — {stateLabel(tr, s.state)}
            {s.isLead && <span class="tag tag--lead">{t('measure.lead')}</span>}
            {!s.accepted && <span class="tag tag--draft">{t('consolidation.notAccepted')}</span>}
          </p>
          {(s.narrative || s.reason) && <Paragraphs text={(s.narrative || s.reason || '').split(/\n\s*\n/)[0]!.slice(0, 600)} class="muted" />}
          {s.values.some((v) => v.value !== null) && (
            <ul class="plain-list consolidation-source__values">
              {s.values
                .filter((v) => v.value !== null)
                .map((v) => (
                  <li>
                    {v.name} — {displayIndicatorValue(v.kind, v.value)}
                    {v.kind !== 'boolean' && v.unit ? ` ${v.unit}` : ''}
                  </li>
                ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
  // Few sources stand open; among many, the regional bodies and district administrations stay in view and the communities and NGOs fold.
  const own = m.sources.filter((s) => s.kind !== 'community' && s.kind !== 'ngo');
  const open = m.sources.length <= OPEN_SOURCES ? m.sources : own.length <= OPEN_OWN ? own : [];
  const folded = m.sources.filter((s) => !open.includes(s));
  return (
    <aside class="consolidation-measure__sources" aria-labelledby={`${id}-sources`}>
      <h4 id={`${id}-sources`}>{t('consolidation.sources', { count: m.sources.length })}</h4>
      <div class="consolidation-measure__figures">
        <p>
          <strong>{m.sources.length === 0 ? t('consolidation.doc.noReports') : rollupLine(tr, m)}</strong>
        </p>
        {m.totals.some(hasTotals) && (
          <ul class="plain-list totals">
            {m.totals
              .filter(hasTotals)
              .map((x) => (
                <li>
                  {totalLine(tr, x)}
                  {x.sensitive && <span class="tag tag--consent">{t('report.sensitive')}</span>}
                </li>
              ))}
          </ul>
        )}
      </div>
      {m.draft.length > 0 && (
        <details class="draft-sources">
          <summary>{t('consolidation.draftFrom')}</summary>
          <ul class="plain-list">
            {m.draft.map((d) => (
              <li>
                {d.text.replace(/ \([^()]*\)\.$/, '.')} <span class="muted">— {d.organisation}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {open.length > 0 && list(open)}
      {folded.length > 0 && (
        <details class="sources">
          <summary>{t(open.length > 0 ? 'summary.page.showMore' : 'summary.page.showSources', { count: folded.length })}</summary>
          {list(folded)}
        </details>
      )}
      {m.missing.length > 0 && <p class="notice">{t('consolidation.doc.missing', { list: m.missing.join('; ') })}</p>}
      {m.notProvided.length > 0 && <p class="muted">{t('summary.page.notProvided', { declined: m.notProvided.filter((n) => n.declined).length, silent: m.notProvided.filter((n) => !n.declined).length })}</p>}
    </aside>
  );
}

function MeasureForm(props: Parameters<typeof MeasureBlock>[0]) {
  const { tr, m } = props;
  const { t } = tr;
  const id = `m${m.id}`;
  const errors = props.errors ?? {};
  return (
    <>
      {props.editable ? (
        <form method="post" action={`${props.base}/measures/${m.id}`} class="form" novalidate data-warn-unsaved={t('consolidation.unsavedOthers')}>
          {props.saved && (
            <p class="notice notice--ok" role="status">
              {t('consolidation.notice.saved')}
            </p>
          )}
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(props.version)} />
          <input type="hidden" name="revision" value={String(props.conflict?.revision ?? props.text?.revision ?? 0)} />
          {props.conflict && <Conflict tr={tr} id={id} theirs={props.conflict} />}
          <div class={`field${errors.summary ? ' field--error' : ''}`}>
            <label for={`${id}-summary`}>{t('consolidation.summary')}</label>
            <p class="hint" id={`${id}-summary-hint`}>
              {m.edited ? t('summary.page.editedHint') : t('summary.page.draftHint')}
            </p>
            {m.edited && m.draftText && <Paragraphs text={m.draftText} class="muted consolidation-measure__current-draft" />}
            {errors.summary && (
              <p class="field__error" id={`${id}-summary-error`}>
                <span class="visually-hidden">{t('error.prefix')}</span>
                {errors.summary}
              </p>
            )}
            <textarea id={`${id}-summary`} name="summary" rows={8} maxLength={MAX_SUMMARY} class="input--wide" aria-describedby={describeIds(`${id}-summary-hint`, errors.summary && `${id}-summary-error`)} aria-invalid={errors.summary ? 'true' : undefined}>
              {props.typed?.summary ?? m.summary}
            </textarea>
          </div>
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
          <div class={`field${errors.publicText ? ' field--error' : ''}`}>
            <label for={`${id}-public`}>{t('consolidation.publicText')}</label>
            <p class="hint" id={`${id}-public-hint`}>
              {t('consolidation.publicTextHint')}
            </p>
            {errors.publicText && (
              <p class="field__error" id={`${id}-public-error`}>
                <span class="visually-hidden">{t('error.prefix')}</span>
                {errors.publicText}
              </p>
            )}
            <textarea id={`${id}-public`} name="publicText" rows={3} maxLength={MAX_PUBLIC_TEXT} class="input--wide" aria-describedby={describeIds(`${id}-public-hint`, errors.publicText && `${id}-public-error`)} aria-invalid={errors.publicText ? 'true' : undefined}>
              {props.typed?.publicText ?? props.text?.publicText ?? ''}
            </textarea>
            <p class="muted" id={`${id}-public-state`}>
              {props.text?.publicApproved ? t('consolidation.publicIsApproved') : t('consolidation.publicNotApproved')}
            </p>
            <Checkbox id={`${id}-approve`} name="publicApproved" label={t('consolidation.publicApprove')} hint={t('consolidation.publicApproveHint')} checked={props.typed ? props.typed.publicApproved : Boolean(props.text?.publicApproved)} />
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
          {props.typed && (props.typed.summary || props.typed.publicText) && (
            // The version moved on while this was typed: nothing is saved, but nothing typed is lost from view.
            <div class="notice" role="alert" id={`${id}-unsaved`}>
              <p>
                <strong>{t('consolidation.staleTyped')}</strong>
              </p>
              {props.typed.summary && <Paragraphs text={props.typed.summary} />}
              {props.typed.publicText && (
                <>
                  <p>{t('consolidation.publicText')}:</p>
                  <Paragraphs text={props.typed.publicText} />
                </>
              )}
            </div>
          )}
        </>
      )}
    </>
  );
}


function Conflict(props: { tr: Translator; id: string; theirs: MeasureText }) {
  const { t } = props.tr;
  const x = props.theirs;
  return (
    <div class="notice" role="alert" id={`${props.id}-conflict`}>
      <p>
        <strong>{t('consolidation.conflict.title')}</strong>
      </p>
      {x.updatedAt && <p>{t('consolidation.conflict.saved', { at: formatInstant(x.updatedAt), by: x.updatedBy ?? '—' })}</p>}
      <dl class="summary-list">
        <div>
          <dt>{t('consolidation.summary')}</dt>
          <dd>{x.summary ? <Paragraphs text={x.summary} /> : t('consolidation.conflict.empty')}</dd>
        </div>
        <div>
          <dt>{t('consolidation.state')}</dt>
          <dd>{x.state ? stateLabel(props.tr, x.state) : t('consolidation.stateNone')}</dd>
        </div>
        <div>
          <dt>{t('consolidation.publicText')}</dt>
          <dd>{x.publicText ? <Paragraphs text={x.publicText} /> : t('consolidation.conflict.empty')}</dd>
        </div>
      </dl>
      <p>{t('consolidation.conflict.hint')}</p>
    </div>
  );
}
