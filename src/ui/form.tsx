import type { ComponentChildren } from 'preact';
import type { MessageKey, Translator } from '../i18n/index.ts';

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
export function Field(props: { tr: Translator; id: string; label: string; hint?: string | undefined; error?: string | undefined; children: ComponentChildren }) {
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

/** The ids a field is described by (its hint, its error), or nothing. */
export function describeIds(...ids: (string | false | null | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/** A field's error beside it, read out with "Помилка: " before it. */
export function FieldError(props: { tr: Translator; id: string; error?: string | undefined }) {
  if (!props.error) return null;
  return (
    <p class="field__error" id={`${props.id}-error`}>
      <span class="visually-hidden">{props.tr.t('error.prefix')}</span>
      {props.error}
    </p>
  );
}

/** A one-line text field with its label, hint and error (named and identified by `id`). */
export function TextInput(props: {
  tr: Translator;
  id: string;
  label: string;
  hint?: string | undefined;
  value: string;
  error?: string | undefined;
  max: number;
  type?: 'text' | 'email' | 'tel';
  class?: string;
  autocomplete?: string;
  inputMode?: 'numeric' | 'text' | 'decimal';
}) {
  const { id, error } = props;
  return (
    <Field tr={props.tr} id={id} label={props.label} hint={props.hint} error={error}>
      <input
        id={id}
        name={id}
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        maxLength={props.max}
        class={props.class}
        autocomplete={props.autocomplete ?? 'off'}
        inputMode={props.inputMode}
        spellcheck={false}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describeIds(props.hint && `${id}-hint`, error && `${id}-error`)}
      />
    </Field>
  );
}

/** A multi-line text field with its label, hint and error. */
export function TextArea(props: { tr: Translator; id: string; label: string; hint?: string | undefined; value: string; error?: string | undefined; rows: number; max?: number }) {
  const { id, error } = props;
  return (
    <Field tr={props.tr} id={id} label={props.label} hint={props.hint} error={error}>
      <textarea id={id} name={id} rows={props.rows} maxLength={props.max} aria-invalid={error ? 'true' : undefined} aria-describedby={describeIds(props.hint && `${id}-hint`, error && `${id}-error`)}>
        {props.value}
      </textarea>
    </Field>
  );
}

/** A form of one button that posts (remove, undo): a link-like button, its subject read out. */
export function PostButton(props: { csrf: string; action: string; label: string; subject: string; class?: string }) {
  return (
    <form method="post" action={props.action} class={props.class ? `inline-form ${props.class}` : 'inline-form'}>
      <CsrfField token={props.csrf} />
      <button type="submit" class="link-button link-button--dark">
        {props.label}
        <span class="visually-hidden"> {props.subject}</span>
      </button>
    </form>
  );
}

/** A yes/no question as one checkbox (sends "yes" when ticked). */
export function Checkbox(props: { id: string; name?: string; label: string; hint?: string | undefined; checked: boolean; tr?: Translator; error?: string | undefined }) {
  return (
    <div class={`field${props.error ? ' field--error' : ''}`}>
      {props.tr && <FieldError tr={props.tr} id={props.id} error={props.error} />}
      <label class="choice">
        <input type="checkbox" id={props.id} name={props.name ?? props.id} value="yes" checked={props.checked} aria-invalid={props.error ? 'true' : undefined} aria-describedby={describeIds(props.hint && `${props.id}-hint`, props.error && `${props.id}-error`)} /> {props.label}
      </label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** A service's problems per field ("empty", "tooLong", …) as the catalogue's messages under `prefix`. */
export function problemMessages<F extends string>(tr: Translator, prefix: string, problems: Partial<Record<F, string>>): Partial<Record<F, string>> {
  return Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, tr.t(`${prefix}.${field}.${problem}` as MessageKey)])) as Partial<Record<F, string>>;
}
