import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { CsrfField, errorList, TextInput } from '../../ui/form.tsx';
import type { OfficialField, OfficialInput, OfficialView } from './officials.ts';
import type { OrganisationView } from './service.ts';

/** The officials of an organisation in the directory: the list, the add form, the edit page. */

const FIELDS: OfficialField[] = ['position', 'givenName', 'surname', 'phone'];
export const officialsHref = (organisationId: string) => `/organisations/${encodeURIComponent(organisationId)}/officials`;

function OfficialFields(props: { ctx: PageContext; values: OfficialInput; errors: Partial<Record<OfficialField, string>> }) {
  const { tr } = props.ctx;
  const { t } = tr;
  const { values, errors } = props;
  return (
    <>
      <TextInput tr={tr} id="position" label={t('officials.field.position')} hint={t('officials.field.positionHint')} value={values.position} error={errors.position} max={300} class="input--wide" />
      <TextInput tr={tr} id="givenName" label={t('officials.field.givenName')} value={values.givenName} error={errors.givenName} max={100} class="input--medium" autocomplete="off" />
      <TextInput tr={tr} id="surname" label={t('officials.field.surname')} hint={t('officials.field.surnameHint')} value={values.surname} error={errors.surname} max={100} class="input--medium" />
      <TextInput tr={tr} id="phone" type="tel" label={t('officials.field.phone')} hint={t('officials.field.phoneHint')} value={values.phone} error={errors.phone} max={50} class="input--medium" />
    </>
  );
}

export function OfficialsPage(props: {
  ctx: PageContext;
  csrf: string;
  organisation: OrganisationView;
  officials: OfficialView[];
  mayMaintain: boolean;
  values: OfficialInput;
  errors: Partial<Record<OfficialField, string>>;
  notice?: string | undefined;
}) {
  const { ctx, organisation: o, officials } = props;
  const { tr } = ctx;
  const { t } = tr;
  const base = officialsHref(o.id);
  const list = errorList(props.errors, FIELDS);
  const active = officials.filter((x) => !x.archived);
  return (
    <Layout ctx={ctx} title={t('officials.pageTitle', { organisation: o.name })} hasError={list.length > 0}>
      <ErrorSummary tr={tr} errors={list} />
      <p class="back-link">
        <a href={`/organisations/${encodeURIComponent(o.id)}`}>← {o.name}</a>
      </p>
      <p class="caption">{o.name}</p>
      <h1>{t('officials.title')}</h1>
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <p>{t('officials.intro')}</p>
      {officials.length === 0 ? (
        <p class="empty">{t('officials.none')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-label={t('officials.title')} tabIndex={0}>
          <table class="data-table officials">
            <thead>
              <tr>
                <th scope="col">{t('officials.col.position')}</th>
                <th scope="col">{t('officials.col.name')}</th>
                <th scope="col">{t('officials.col.phone')}</th>
                {props.mayMaintain && <th scope="col">{t('officials.col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {officials.map((x) => {
                const index = active.findIndex((a) => a.id === x.id);
                return (
                  <tr id={`official-${x.id}`} class={x.archived ? 'muted' : undefined}>
                    <td>{x.position}</td>
                    <th scope="row">
                      {x.name}
                      {x.archived && <span class="tag"> {t('officials.archivedTag')}</span>}
                    </th>
                    <td class="officials__phone">{x.phone ?? '—'}</td>
                    {props.mayMaintain && (
                      <td>
                        <div class="officials__actions">
                        <a href={`${base}/${x.id}/edit`}>
                          {t('officials.edit')}
                          <span class="visually-hidden"> {x.name}</span>
                        </a>
                        {!x.archived && index > 0 && <ActionButton csrf={props.csrf} action={`${base}/${x.id}/move`} name="direction" value="up" label={t('officials.up')} subject={x.name} />}
                        {!x.archived && index < active.length - 1 && <ActionButton csrf={props.csrf} action={`${base}/${x.id}/move`} name="direction" value="down" label={t('officials.down')} subject={x.name} />}
                        <ActionButton csrf={props.csrf} action={`${base}/${x.id}/archive`} name="archived" value={x.archived ? 'no' : 'yes'} label={x.archived ? t('officials.restore') : t('officials.archive')} subject={x.name} />
                        </div>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {props.mayMaintain && (
        <form method="post" action={base} class="form" novalidate>
          <h2>{t('officials.addTitle')}</h2>
          <CsrfField token={props.csrf} />
          <OfficialFields ctx={ctx} values={props.values} errors={props.errors} />
          <button type="submit" class="button">
            {t('officials.add')}
          </button>
        </form>
      )}
    </Layout>
  );
}

function ActionButton(props: { csrf: string; action: string; name: string; value: string; label: string; subject: string }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrf} />
      <input type="hidden" name={props.name} value={props.value} />
      <button type="submit" class="link-button link-button--dark">
        {props.label}
        <span class="visually-hidden"> {props.subject}</span>
      </button>
    </form>
  );
}

export function OfficialEditPage(props: { ctx: PageContext; csrf: string; organisation: OrganisationView; official: OfficialView; values: OfficialInput; errors: Partial<Record<OfficialField, string>> }) {
  const { ctx, organisation: o } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = errorList(props.errors, FIELDS);
  return (
    <Layout ctx={ctx} title={`${t('officials.editTitle')}: ${props.official.name}`} hasError={list.length > 0}>
      <ErrorSummary tr={tr} errors={list} />
      <p class="back-link">
        <a href={officialsHref(o.id)}>← {t('officials.title')}</a>
      </p>
      <p class="caption">{o.name}</p>
      <h1>{t('officials.editTitle')}</h1>
      <form method="post" action={`${officialsHref(o.id)}/${props.official.id}/edit`} class="form" novalidate>
        <CsrfField token={props.csrf} />
        <OfficialFields ctx={ctx} values={props.values} errors={props.errors} />
        <button type="submit" class="button">
          {t('officials.save')}
        </button>
      </form>
    </Layout>
  );
}
