import type { ComponentChildren } from 'preact';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { ORGANISATION_KINDS } from '../../db/schema.ts';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { Checkbox, CsrfField, describeIds as describe, errorList, FieldError, TextArea, TextInput as TextField } from '../../ui/form.tsx';
import { groupDisplayName, type Directory, type GroupInput, type OrganisationInput, type OrganisationView } from './service.ts';

/** The coordinator's forms of the directory: an organisation, a merge, an executor group. */

type Errors<F extends string> = Partial<Record<F, string>>;

function orgHref(id: string): string {
  return `/organisations/${encodeURIComponent(id)}`;
}

const ORGANISATION_FIELDS: (keyof OrganisationInput)[] = ['name', 'renamedOn', 'shortName', 'kind', 'parentId', 'byConsent', 'contactPerson', 'contactPosition', 'email', 'phone', 'edrpou', 'katottg', 'aliases', 'note', 'confirmed'];

export function OrganisationFormPage(props: {
  ctx: PageContext;
  csrf: string;
  directory: Directory;
  values: OrganisationInput;
  errors: Errors<keyof OrganisationInput>;
  /** The organisation being edited; absent when adding one. */
  editing?: OrganisationView;
  /** Organisations that may be chosen as the parent. */
  parents: OrganisationView[];
}) {
  const { ctx, values, errors, editing } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = errorList(errors, ORGANISATION_FIELDS);
  const title = editing ? t('organisationForm.editTitle') : t('organisationForm.newTitle');
  return (
    <Layout ctx={ctx} title={editing ? `${title}: ${editing.name}` : title} hasError={list.length > 0}>
      <p class="back-link">
        <a href={editing ? orgHref(editing.id) : '/organisations'}>← {editing ? editing.name : t('organisations.title')}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      <h1>{title}</h1>
      {editing && <p class="lead">{editing.name}</p>}
      <form method="post" action={editing ? `${orgHref(editing.id)}/edit` : '/organisations'} novalidate class="form">
        <CsrfField token={props.csrf} />
        <TextField tr={tr} id="name" label={t('organisationForm.name')} hint={t('organisationForm.nameHint')} value={values.name} error={errors.name} max={1000} class="input--wide" />
        {editing && (
          <TextField tr={tr} id="renamedOn" label={t('organisationForm.renamedOn')} hint={t('organisationForm.renamedOnHint')} value={values.renamedOn} error={errors.renamedOn} max={20} class="input--medium" inputMode="numeric" />
        )}
        <TextField tr={tr} id="shortName" label={t('organisation.shortName')} value={values.shortName} error={errors.shortName} max={400} class="input--wide" />
        <div class={`field${errors.kind ? ' field--error' : ''}`}>
          <label for="kind">{t('organisation.kind')}</label>
          <FieldError tr={tr} id="kind" error={errors.kind} />
          <select id="kind" name="kind" aria-invalid={errors.kind ? 'true' : undefined} aria-describedby={describe(errors.kind && 'kind-error')}>
            {ORGANISATION_KINDS.map((k) => (
              <option value={k} selected={values.kind === k}>
                {t(`organisations.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div class={`field${errors.parentId ? ' field--error' : ''}`}>
          <label for="parentId">{t('organisation.parent')}</label>
          <p class="hint" id="parentId-hint">
            {t('organisationForm.parentHint')}
          </p>
          <FieldError tr={tr} id="parentId" error={errors.parentId} />
          <select id="parentId" name="parentId" aria-invalid={errors.parentId ? 'true' : undefined} aria-describedby={describe('parentId-hint', errors.parentId && 'parentId-error')}>
            <option value="">{t('organisationForm.parentNone')}</option>
            {props.parents.map((o) => (
              <option value={o.id} selected={values.parentId === o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <Checkbox id="byConsent" label={t('organisationForm.byConsent')} hint={t('organisationForm.byConsentHint')} checked={values.byConsent} />
        <fieldset class="field field--nested">
          <legend>{t('organisationForm.contacts')}</legend>
          <TextField tr={tr} id="contactPerson" label={t('organisation.contactPerson')} hint={t('organisationForm.contactPersonHint')} value={values.contactPerson} error={errors.contactPerson} max={400} class="input--wide" autocomplete="off" />
          <TextField tr={tr} id="contactPosition" label={t('organisation.contactPosition')} value={values.contactPosition} error={errors.contactPosition} max={400} class="input--wide" autocomplete="off" />
          <TextField tr={tr} id="email" label={t('organisation.email')} value={values.email} error={errors.email} max={400} type="email" class="input--wide" autocomplete="off" />
          <TextField tr={tr} id="phone" label={t('organisation.phone')} hint={t('organisationForm.phoneHint')} value={values.phone} error={errors.phone} max={60} type="tel" class="input--medium" autocomplete="off" />
        </fieldset>
        <TextField tr={tr} id="edrpou" label={t('organisation.edrpou')} hint={t('organisationForm.edrpouHint')} value={values.edrpou} error={errors.edrpou} max={20} class="input--short" inputMode="numeric" />
        <TextField tr={tr} id="katottg" label={t('organisation.katottg')} hint={t('organisationForm.katottgHint')} value={values.katottg} error={errors.katottg} max={40} class="input--medium" />
        <TextArea tr={tr} id="aliases" label={t('organisation.aliases')} hint={t('organisationForm.aliasesHint')} value={values.aliases} error={errors.aliases} rows={4} />
        <TextArea tr={tr} id="note" label={t('organisation.note')} value={values.note} error={errors.note} rows={3} max={2000} />
        {editing?.sourceConfidence === 'probable' && <Checkbox id="confirmed" label={t('organisationForm.confirmed')} hint={t('organisations.probableHint')} checked={values.confirmed} />}
        <button type="submit" class="button">
          {editing ? t('organisationForm.save') : t('organisationForm.add')}
        </button>
      </form>
    </Layout>
  );
}

export function MergePage(props: { ctx: PageContext; csrf: string; organisation: OrganisationView; candidates: OrganisationView[]; values: { into: string; confirm: boolean }; errors: Errors<'into' | 'confirm'>; usage: { measures: number; users: number } }) {
  const { ctx, organisation: o, values, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = errorList(errors, ['into', 'confirm']);
  return (
    <Layout ctx={ctx} title={t('merge.title', { name: o.name })} hasError={list.length > 0}>
      <p class="back-link">
        <a href={orgHref(o.id)}>← {o.name}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      <h1>{t('merge.title', { name: o.name })}</h1>
      <p>{t('merge.intro')}</p>
      <ul>
        <li>{t('merge.measures', { count: props.usage.measures })}</li>
        <li>{t('merge.users', { count: props.usage.users })}</li>
        <li>{t('merge.names')}</li>
      </ul>
      <form method="post" action={`${orgHref(o.id)}/merge`} novalidate class="form">
        <CsrfField token={props.csrf} />
        <div class={`field${errors.into ? ' field--error' : ''}`}>
          <label for="into">{t('merge.into')}</label>
          <FieldError tr={tr} id="into" error={errors.into} />
          <select id="into" name="into" aria-invalid={errors.into ? 'true' : undefined} aria-describedby={describe(errors.into && 'into-error')}>
            <option value="">{t('merge.choose')}</option>
            {props.candidates.map((c) => (
              <option value={c.id} selected={values.into === c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class={`field${errors.confirm ? ' field--error' : ''}`}>
          <FieldError tr={tr} id="confirm" error={errors.confirm} />
          <label class="choice">
            <input type="checkbox" id="confirm" name="confirm" value="yes" checked={values.confirm} aria-invalid={errors.confirm ? 'true' : undefined} aria-describedby={describe(errors.confirm && 'confirm-error')} /> {t('merge.confirm')}
          </label>
        </div>
        <button type="submit" class="button button--warning">
          {t('merge.submit')}
        </button>
      </form>
    </Layout>
  );
}

const GROUP_FIELDS: (keyof GroupInput)[] = ['name', 'description', 'byConsent', 'memberIds', 'aliases'];

export function GroupFormPage(props: { ctx: PageContext; csrf: string; directory: Directory; values: GroupInput; errors: Errors<keyof GroupInput>; editing?: { id: string; name: string; byConsent: boolean } }) {
  const { ctx, directory, values, errors, editing } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = errorList(errors, GROUP_FIELDS);
  const checked = new Set(values.memberIds);
  const title = editing ? t('groupForm.editTitle') : t('groupForm.newTitle');
  const kinds = ORGANISATION_KINDS.filter((k) => directory.organisations.some((o) => o.kind === k && !o.mergedInto));
  return (
    <Layout ctx={ctx} title={editing ? `${title}: ${editing.name}` : title} hasError={list.length > 0}>
      <p class="back-link">
        <a href={editing ? `/organisations/groups/${encodeURIComponent(editing.id)}` : '/organisations'}>← {editing ? groupDisplayName(editing, t('organisations.byConsent')) : t('organisations.title')}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      <h1>{title}</h1>
      <form method="post" action={editing ? `/organisations/groups/${encodeURIComponent(editing.id)}/edit` : '/organisations/groups'} novalidate class="form">
        <CsrfField token={props.csrf} />
        <TextField tr={tr} id="name" label={t('groupForm.name')} hint={t('groupForm.nameHint')} value={values.name} error={errors.name} max={1000} class="input--wide" />
        <TextArea tr={tr} id="description" label={t('groupForm.description')} value={values.description} error={errors.description} rows={3} max={2000} />
        <Checkbox id="byConsent" label={t('groupForm.byConsent')} hint={t('organisationForm.byConsentHint')} checked={values.byConsent} />
        <fieldset class={`field${errors.memberIds ? ' field--error' : ''}`} aria-invalid={errors.memberIds ? 'true' : undefined} aria-describedby={describe(errors.memberIds && 'memberIds-error')}>
          <legend>{t('group.members')}</legend>
          <FieldError tr={tr} id="memberIds" error={errors.memberIds} />
          {kinds.map((kind, i) => {
            const orgs = directory.organisations.filter((o) => o.kind === kind && !o.mergedInto);
            return (
              <details open={orgs.some((o) => checked.has(o.id))}>
                <summary>
                  {t(`organisations.kind.${kind}` as MessageKey)} ({t('groupForm.chosen', { count: orgs.filter((o) => checked.has(o.id)).length, total: orgs.length })})
                </summary>
                {orgs.map((o, j) => (
                  <label class="choice">
                    <input type="checkbox" name="memberIds" value={o.id} id={i === 0 && j === 0 ? 'memberIds' : undefined} checked={checked.has(o.id)} /> {o.name}
                  </label>
                ))}
              </details>
            );
          })}
        </fieldset>
        <TextArea tr={tr} id="aliases" label={t('organisation.aliases')} hint={t('groupForm.aliasesHint')} value={values.aliases} error={errors.aliases} rows={4} />
        <button type="submit" class="button">
          {editing ? t('organisationForm.save') : t('groupForm.add')}
        </button>
      </form>
    </Layout>
  );
}

/** The maintainer's actions on the directory and organisation pages. */
export function MaintainerActions(props: { children: ComponentChildren }) {
  return <p class="actions">{props.children}</p>;
}
