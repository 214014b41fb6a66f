import type { MessageKey, Translator } from '../../i18n/index.ts';
import type { EntryState } from '../../domain/reports.ts';
import { Paragraphs } from '../../ui/text.tsx';
import { personalDataSummary } from '../../domain/personal-data.ts';

/** Small pieces the report's pages share: file sizes, entry states, a field's message place, an entry's facts. */

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toLocaleString('uk-UA', { maximumFractionDigits: 1 });
}

export function fileSize(tr: Translator, bytes: number): string {
  return bytes < 1024 * 1024 ? tr.t('report.file.kb', { n: Math.max(1, Math.round(bytes / 1024)) }) : tr.t('report.file.mb', { n: megabytes(bytes) });
}


export const ENTRY_STATE_KEYS: Record<EntryState, MessageKey> = {
  done: 'report.entryState.done',
  in_progress: 'report.entryState.in_progress',
  not_done: 'report.entryState.not_done',
  not_held: 'report.entryState.not_held',
};

export function entryStateLabel(tr: Translator, state: EntryState | null): string {
  return state ? tr.t(ENTRY_STATE_KEYS[state]) : tr.t('report.entryState.none');
}

/** A field's message place: always there, so that an autosave can fill or empty it. */
export function Message(props: { tr: Translator; id: string; error?: string | undefined }) {
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

/** The state, reason and description of an entry, as read (a conflict's two sides, a submission). */
export function EntryFacts(props: { tr: Translator; state: EntryState | null; reason: string | null; narrative: string }) {
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


/**
 * A warning beside a text of a measure with sensitive indicators when the text looks as if it
 * names a person (a date of birth, a tax, passport or phone number, a name with a patronymic). It
 * warns, never refuses. Always rendered as a place (`<id>-pd`) so that an autosave can fill or
 * empty it out of band.
 */
export function PersonalDataNote(props: { tr: Translator; id: string; texts: readonly (string | null | undefined)[]; sensitive: boolean; oob?: boolean; advice?: 'executor' | 'reviewer' | 'none' }) {
  const { t } = props.tr;
  const found = props.sensitive ? personalDataSummary(props.texts) : [];
  return (
    <div id={`${props.id}-pd`} class="personal-data-place" hx-swap-oob={props.oob ? 'true' : undefined}>
      {found.length > 0 && (
        <div class="personal-data">
          <p class="personal-data__title">
            <strong>{t('report.personalData.title')}</strong> {found.map((f) => t(`report.personalData.${f.kind}` as MessageKey, { examples: f.examples.map((e) => `«${e}»`).join(', ') })).join('; ')}.
          </p>
          {props.advice !== 'none' && <p>{t(props.advice === 'reviewer' ? 'report.personalData.reviewAdvice' : 'report.personalData.advice')}</p>}
        </div>
      )}
    </div>
  );
}
