import type { Translator } from '../../i18n/index.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { CsrfField, describeIds as describe, FieldError } from '../../ui/form.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { groupDisplayName, type Directory } from '../organisations/service.ts';
import { MAX_MEASURE_TITLE, type MeasureField } from './measure-input.ts';
import { ORGANISATION_KINDS } from '../../db/schema.ts';

/**
 * One form for a measure's text, deadline and executors, wherever a coordinator enters them: a
 * draft's correction and addition, and an amendment's change and addition. Checkbox values are
 * "organisation:<id>" and "group:<id>"; a new organisation can be named in place.
 */

export interface MeasureFormValues {
  title: string;
  deadline: string;
  executors: string[];
  lead: string;
  code: string;
  taskId: string;
  newOrganisationName: string;
  newOrganisationKind: string;
}

export type MeasureFormField = MeasureField | 'newOrganisationName' | 'newOrganisationKind';
export type MeasureFormErrors = Partial<Record<MeasureFormField, string>>;

export const EMPTY_MEASURE_VALUES: MeasureFormValues = { title: '', deadline: '', executors: [], lead: '', code: '', taskId: '', newOrganisationName: '', newOrganisationKind: 'other' };

const FIELD_ORDER: MeasureFormField[] = ['taskId', 'code', 'title', 'deadline', 'executors', 'lead', 'newOrganisationName', 'newOrganisationKind'];

const KINDS = ['department', 'territorial_body', 'institution', 'district_administration', 'community', 'ngo', 'other', 'regional_administration'] as const;

/** Where the current text of the measure is shown beside the form (an amendment's change). */
export interface CurrentText {
  caption: string;
  title: string;
  deadline: string;
  executors: string[];
}

export function MeasureFormPage(props: {
  ctx: PageContext;
  csrf: string;
  title: string;
  caption?: string;
  intro?: string;
  back: { href: string; label: string };
  action: string;
  submitLabel: string;
  directory: Directory;
  values: MeasureFormValues;
  errors: MeasureFormErrors;
  /** For a new measure: the tasks it may join (the code and task fields are shown). */
  tasks?: { id: number; label: string }[];
  /** For a new measure: the next free number in each goal. */
  nextCodes?: string[];
  current?: CurrentText;
  /** Whether the user may add an organisation to the directory from here. */
  mayAddOrganisation: boolean;
}) {
  const { ctx, directory, values, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = FIELD_ORDER.filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
  const checked = new Set(values.executors);
  const organisations = directory.organisations.filter((o) => !o.mergedInto);
  return (
    <Layout ctx={ctx} title={props.title} hasError={list.length > 0}>
      <p class="back-link">
        <a href={props.back.href}>← {props.back.label}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      {props.caption && <p class="caption">{props.caption}</p>}
      <h1>{props.title}</h1>
      {props.intro && <p>{props.intro}</p>}
      {props.current && (
        <section class="current-text" aria-labelledby="current-heading">
          <h2 id="current-heading" class="caption">
            {props.current.caption}
          </h2>
          <Paragraphs text={props.current.title} />
          <p>
            <strong>{t('measure.deadline')}:</strong> {props.current.deadline}
          </p>
          <p>
            <strong>{t('measure.executors')}:</strong> {props.current.executors.join('; ')}
          </p>
        </section>
      )}
      <form method="post" action={props.action} novalidate class="form">
        <CsrfField token={props.csrf} />
        {props.tasks && (
          <>
            <div class={`field${errors.taskId ? ' field--error' : ''}`}>
              <label for="taskId">{t('measureForm.task')}</label>
              <FieldError tr={tr} id="taskId" error={errors.taskId} />
              <select id="taskId" name="taskId" aria-invalid={errors.taskId ? 'true' : undefined} aria-describedby={describe(errors.taskId && 'taskId-error')}>
                <option value="">{t('measureForm.taskChoose')}</option>
                {props.tasks.map((task) => (
                  <option value={String(task.id)} selected={values.taskId === String(task.id)}>
                    {task.label}
                  </option>
                ))}
              </select>
            </div>
            <div class={`field${errors.code ? ' field--error' : ''}`}>
              <label for="code">{t('measureForm.code')}</label>
              <p class="hint" id="code-hint">
                {t('measureForm.codeHint')}
                {props.nextCodes && props.nextCodes.length > 0 && <> {t('measureForm.nextCodes', { codes: props.nextCodes.join(', ') })}</>}
              </p>
              <FieldError tr={tr} id="code" error={errors.code} />
              <input id="code" name="code" type="text" value={values.code} maxLength={20} class="input--short" inputMode="decimal" autocomplete="off" aria-invalid={errors.code ? 'true' : undefined} aria-describedby={describe('code-hint', errors.code && 'code-error')} />
            </div>
          </>
        )}
        <div class={`field${errors.title ? ' field--error' : ''}`}>
          <label for="title">{t('edit.measureTitle')}</label>
          <p class="hint" id="title-hint">
            {t('edit.measureTitleHint')}
          </p>
          <FieldError tr={tr} id="title" error={errors.title} />
          <textarea id="title" name="title" rows={8} maxLength={MAX_MEASURE_TITLE} aria-invalid={errors.title ? 'true' : undefined} aria-describedby={describe('title-hint', errors.title && 'title-error')}>
            {values.title}
          </textarea>
        </div>
        <div class={`field${errors.deadline ? ' field--error' : ''}`}>
          <label for="deadline">{t('edit.deadline')}</label>
          <p class="hint" id="deadline-hint">
            {t('edit.deadlineHint')}
          </p>
          <FieldError tr={tr} id="deadline" error={errors.deadline} />
          <input id="deadline" name="deadline" type="text" value={values.deadline} maxLength={100} class="input--medium" aria-invalid={errors.deadline ? 'true' : undefined} aria-describedby={describe('deadline-hint', errors.deadline && 'deadline-error')} />
        </div>
        <fieldset class={`field${errors.executors ? ' field--error' : ''}`} aria-invalid={errors.executors ? 'true' : undefined} aria-describedby={describe(errors.executors && 'executors-error')}>
          <legend>{t('edit.executors')}</legend>
          <FieldError tr={tr} id="executors" error={errors.executors} />
          <p class="caption">{t('plan.groupKinds.groups')}</p>
          {directory.groups.map((g, i) => (
            <label class="choice">
              <input type="checkbox" name="executors" value={`group:${g.id}`} id={i === 0 ? 'executors' : undefined} checked={checked.has(`group:${g.id}`)} /> {groupDisplayName(g, t('measure.byConsent'))}
            </label>
          ))}
          {KINDS.map((kind) => {
            const orgs = organisations.filter((o) => o.kind === kind);
            if (orgs.length === 0) return null;
            return (
              <details open={orgs.some((o) => checked.has(`organisation:${o.id}`)) || kind !== 'community'}>
                <summary>
                  {t(`organisations.kind.${kind}` as MessageKey)} ({orgs.length})
                </summary>
                {orgs.map((o) => (
                  <label class="choice">
                    <input type="checkbox" name="executors" value={`organisation:${o.id}`} checked={checked.has(`organisation:${o.id}`)} /> {o.name}
                    {o.sourceConfidence === 'probable' && <span class="tag tag--warning">{t('organisations.probable')}</span>}
                  </label>
                ))}
              </details>
            );
          })}
        </fieldset>
        {props.mayAddOrganisation && (
          <fieldset class="field field--nested">
            <legend>{t('measureForm.newOrganisation')}</legend>
            <p class="hint" id="newOrganisationName-hint">
              {t('measureForm.newOrganisationHint')}
            </p>
            <div class={`field${errors.newOrganisationName ? ' field--error' : ''}`}>
              <label for="newOrganisationName">{t('measureForm.newOrganisationName')}</label>
              <FieldError tr={tr} id="newOrganisationName" error={errors.newOrganisationName} />
              <input id="newOrganisationName" name="newOrganisationName" type="text" value={values.newOrganisationName} maxLength={500} aria-invalid={errors.newOrganisationName ? 'true' : undefined} aria-describedby={describe('newOrganisationName-hint', errors.newOrganisationName && 'newOrganisationName-error')} />
            </div>
            <div class={`field${errors.newOrganisationKind ? ' field--error' : ''}`}>
              <label for="newOrganisationKind">{t('organisation.kind')}</label>
              <FieldError tr={tr} id="newOrganisationKind" error={errors.newOrganisationKind} />
              <select id="newOrganisationKind" name="newOrganisationKind">
                {ORGANISATION_KINDS.map((k) => (
                  <option value={k} selected={values.newOrganisationKind === k}>
                    {t(`organisations.kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
        )}
        <div class={`field${errors.lead ? ' field--error' : ''}`}>
          <label for="lead">{t('measureForm.lead')}</label>
          <p class="hint" id="lead-hint">
            {t('measureForm.leadHint')}
          </p>
          <FieldError tr={tr} id="lead" error={errors.lead} />
          <select id="lead" name="lead" aria-invalid={errors.lead ? 'true' : undefined} aria-describedby={describe('lead-hint', errors.lead && 'lead-error')}>
            <option value="">{t('measureForm.leadNone')}</option>
            <optgroup label={t('plan.groupKinds.groups')}>
              {directory.groups.map((g) => (
                <option value={`group:${g.id}`} selected={values.lead === `group:${g.id}`}>
                  {g.name}
                </option>
              ))}
            </optgroup>
            {KINDS.map((kind) => {
              const orgs = organisations.filter((o) => o.kind === kind);
              if (orgs.length === 0) return null;
              return (
                <optgroup label={t(`organisations.kind.${kind}` as MessageKey)}>
                  {orgs.map((o) => (
                    <option value={`organisation:${o.id}`} selected={values.lead === `organisation:${o.id}`}>
                      {o.shortName ?? o.name}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </select>
        </div>
        <button type="submit" class="button">
          {props.submitLabel}
        </button>
      </form>
    </Layout>
  );
}
