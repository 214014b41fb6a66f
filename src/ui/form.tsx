import type { ComponentChildren } from 'preact';
import type { Translator } from '../i18n/index.ts';

/** The session's CSRF token, in every form that changes something. */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export type FieldErrors = Record<string, string | undefined>;

/** Errors for the summary above the heading, in the order of the fields. */
export function errorList(errors: FieldErrors, order: string[]): { field: string; message: string }[] {
  return order.filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
}

/** A labelled field with its hint and its error beside it (GOV.UK pattern). */
export function Field(props: { tr: Translator; id: string; label: string; hint?: string; error?: string | undefined; children: ComponentChildren }) {
  return (
    <div class={`field${props.error ? ' field--error' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field__error" id={`${props.id}-error`}>
          <span class="visually-hidden">{props.tr.t('error.prefix')}</span>
          {props.error}
        </p>
      )}
      {props.children}
    </div>
  );
}

export function describedBy(id: string, hint: boolean, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
