import type { Translator } from '../../i18n/index.ts';
import { CsrfField, describeIds } from '../../ui/form.tsx';
import type { OfficialView } from '../organisations/officials.ts';
import type { Preparer } from './exports/signature.ts';
import type { UnfinishedMeasure } from './versions.ts';

/**
 * The approve form: who signs (an active official of the coordinating organisation, from the
 * directory), who prepared it (the executor line), and the measures that still lack an overall
 * state or a worked summary — approving over them needs "Затвердити попри це".
 */

export interface ApproveFormProps {
  tr: Translator;
  base: string;
  csrf: string;
  /** The version the button approves. */
  number: number;
  officials: OfficialView[];
  coordinatorOrganisationId: string;
  coordinatorName: string;
  /** The official chosen (saved on the draft, or as just posted). */
  chosen: number | null;
  preparer: Preparer | null;
  unfinished: UnfinishedMeasure[];
  /** Messages beside the fields. */
  errors: { signatory?: string; confirm?: string };
  /** Shown before the button: approving before the deadline, and so on. */
  notice?: string | undefined;
}

/** A measure's title in the warning's list: its beginning, the rest behind the link. */
const short = (title: string) => (title.length > 110 ? `${title.slice(0, 110).replace(/\s+\S*$/, '')}…` : title);

export function ApproveForm(props: ApproveFormProps) {
  const { t } = props.tr;
  const e = props.errors;
  const directoryHref = `/organisations/${encodeURIComponent(props.coordinatorOrganisationId)}/officials`;
  return (
    <form method="post" action={`${props.base}/approve`} class="form approve-form" id="approve" novalidate>
      <CsrfField token={props.csrf} />
      <p class="hint">{t('consolidation.approveHint')}</p>
      {props.notice && <p class="notice">{props.notice}</p>}
      <div class={`field${e.signatory ? ' field--error' : ''}`}>
        <label for="signatory-id">{t('signatory.label')}</label>
        <p class="hint" id="signatory-id-hint">
          {t('signatory.hint')}
        </p>
        {e.signatory && (
          <p class="field__error" id="signatory-id-error">
            <span class="visually-hidden">{t('error.prefix')}</span>
            {e.signatory}
          </p>
        )}
        {props.officials.length === 0 ? (
          <p class="notice" id="signatory-id">
            {t('signatory.none', { organisation: props.coordinatorName })} <a href={directoryHref}>{t('signatory.addLink')}</a>
          </p>
        ) : (
          <select id="signatory-id" name="signatory" class="input--wide" aria-invalid={e.signatory ? 'true' : undefined} aria-describedby={describeIds('signatory-id-hint', e.signatory && 'signatory-id-error')}>
            <option value="">{t('signatory.choose')}</option>
            {props.officials.map((o) => (
              <option value={String(o.id)} selected={props.chosen === o.id}>
                {o.name} — {o.position}
              </option>
            ))}
          </select>
        )}
        {props.officials.length > 0 && (
          <p class="hint">
            <a href={directoryHref}>{t('officials.title')}</a>
          </p>
        )}
      </div>
      {props.preparer && (
        <p class="hint">
          {t('signatory.preparer', { name: props.preparer.name, phone: props.preparer.phone ?? t('signatory.preparerNoPhone') })} <a href="/account/profile">{t('signatory.profileLink')}</a>
        </p>
      )}
      {props.unfinished.length > 0 && (
        <div class={`approve-warning field${e.confirm ? ' field--error' : ''}`} role="group" aria-labelledby="approve-warning-title">
          <h3 id="approve-warning-title">{t('approveWarn.title', { count: props.unfinished.length })}</h3>
          <p>{t('approveWarn.intro')}</p>
          <ul class="plain-list">
            {props.unfinished.map((m) => (
              <li>
                <a href={`#m${m.id}`}>
                  {m.code} {short(m.title)}
                </a>{' '}
                <span class="muted">— {[m.noState && t('approveWarn.noState'), m.untouched && t('approveWarn.untouched')].filter(Boolean).join(', ')}</span>
              </li>
            ))}
          </ul>
          {e.confirm && (
            <p class="field__error" id="approve-confirm-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {e.confirm}
            </p>
          )}
          <label class="choice">
            <input type="checkbox" id="approve-confirm" name="confirm" value="yes" aria-invalid={e.confirm ? 'true' : undefined} aria-describedby={e.confirm ? 'approve-confirm-error' : undefined} /> {t('approveWarn.confirm')}
          </label>
        </div>
      )}
      <button type="submit" class="button">
        {t('consolidation.approve', { number: props.number })}
      </button>
    </form>
  );
}
