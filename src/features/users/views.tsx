import type { Role } from '../../db/schema.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import type { Translator } from '../../i18n/index.ts';
import { CsrfField, describedBy, errorList, Field, TextInput, type FieldErrors } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { Directory } from '../organisations/service.ts';
import type { ProfileInput } from './profile.ts';
import type { ManagedUser } from './service.ts';

function roleLabel(tr: Translator, role: Role): string {
  return tr.t(`role.${role}` as MessageKey);
}

export function UsersPage(props: { ctx: PageContext; users: ManagedUser[]; directory: Directory }) {
  const { ctx, users, directory } = props;
  const { tr } = ctx;
  const { t } = tr;
  return (
    <Layout ctx={ctx} title={t('users.title')}>
      <h1>{t('users.title')}</h1>
      <p>{t('users.intro')}</p>
      <p>
        <a class="button" href="/users/new">
          {t('users.invite')}
        </a>
      </p>
      {users.length === 0 ? (
        <p class="empty">{t('users.none')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-label={t('users.title')} tabIndex={0}>
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.organisation')}</th>
                <th scope="col">{t('users.roles')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('users.lastSignIn')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr>
                  <th scope="row">
                    <a href={`/users/${u.id}`}>{u.displayName}</a>
                    <span class="muted block">{u.email}</span>
                  </th>
                  <td>{directory.organisation(u.organisationId)?.name ?? u.organisationId}</td>
                  <td>{u.roles.map((r) => roleLabel(tr, r)).join(', ')}</td>
                  <td>
                    <span class={`tag tag--user-${u.status}`}>{t(`users.status.${u.status}` as MessageKey)}</span>
                  </td>
                  <td>{u.lastSignInAt ? formatInstant(u.lastSignInAt) : <span class="muted">{t('users.never')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface InviteValues {
  email: string;
  displayName: string;
  organisationId: string;
  role: string;
}

export function InvitePage(props: { ctx: PageContext; csrf: string; values: InviteValues; errors: FieldErrors; organisations: string[]; roles: Role[]; directory: Directory }) {
  const { ctx, values, errors, directory } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = errorList(errors, ['email', 'displayName', 'organisationId', 'role']);
  return (
    <Layout ctx={ctx} title={t('users.invite')} hasError={list.length > 0}>
      <div class="narrow">
        <p class="back-link">
          <a href="/users">← {t('users.back')}</a>
        </p>
        <ErrorSummary tr={tr} errors={list} />
        <h1>{t('users.invite')}</h1>
        <form method="post" action="/users" novalidate class="form">
          <CsrfField token={props.csrf} />
          <Field tr={tr} id="email" label={t('users.email')} error={errors.email}>
            <input id="email" name="email" type="email" value={values.email} spellcheck={false} maxLength={254} autocomplete="off" aria-invalid={errors.email ? 'true' : undefined} aria-describedby={describedBy('email', false, errors.email)} />
          </Field>
          <Field tr={tr} id="displayName" label={t('users.displayName')} hint={t('users.displayNameHint')} error={errors.displayName}>
            <input id="displayName" name="displayName" type="text" value={values.displayName} maxLength={200} aria-invalid={errors.displayName ? 'true' : undefined} aria-describedby={describedBy('displayName', true, errors.displayName)} />
          </Field>
          <Field tr={tr} id="organisationId" label={t('users.organisation')} error={errors.organisationId}>
            <select id="organisationId" name="organisationId" aria-invalid={errors.organisationId ? 'true' : undefined} aria-describedby={describedBy('organisationId', false, errors.organisationId)}>
              <option value="">{t('users.chooseOrganisation')}</option>
              {props.organisations.map((id) => (
                <option value={id} selected={id === values.organisationId}>
                  {directory.organisation(id)?.name ?? id}
                </option>
              ))}
            </select>
          </Field>
          <fieldset class={`field${errors.role ? ' field--error' : ''}`} aria-describedby={errors.role ? 'role-error' : undefined}>
            <legend>{t('users.role')}</legend>
            {errors.role && (
              <p class="field__error" id="role-error">
                <span class="visually-hidden">{t('error.prefix')}</span>
                {errors.role}
              </p>
            )}
            {props.roles.map((r, i) => (
              <label class="choice">
                <input type="radio" name="role" value={r} id={i === 0 ? 'role' : undefined} checked={values.role === r} /> {roleLabel(tr, r)}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="button">
            {t('users.send')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

export function LinkPage(props: { ctx: PageContext; user: ManagedUser; purpose: 'invitation' | 'password_reset'; link: string; until: string }) {
  const { ctx, user } = props;
  const { t } = ctx.tr;
  return (
    <Layout ctx={ctx} title={t(`users.link.${props.purpose}` as MessageKey)}>
      <div class="narrow">
        <h1>{t(`users.link.${props.purpose}` as MessageKey)}</h1>
        <p>{t('users.link.intro', { name: user.displayName, email: user.email, until: formatInstant(props.until) })}</p>
        <p class="one-time-link">
          <label for="link" class="visually-hidden">
            {t(`users.link.${props.purpose}` as MessageKey)}
          </label>
          <input id="link" type="text" readOnly value={props.link} class="link-field" />
        </p>
        <p>
          <a href={`/users/${user.id}`}>← {user.displayName}</a>
        </p>
      </div>
    </Layout>
  );
}

export function UserPage(props: { ctx: PageContext; csrf: string; user: ManagedUser; directory: Directory; grantable: Role[]; self: boolean; profile: ProfileInput; notice?: string; errors?: FieldErrors }) {
  const { ctx, user, directory } = props;
  const { tr } = ctx;
  const { t } = tr;
  const errors = props.errors ?? {};
  const list = errorList(errors, ['position', 'phone', 'roles']);
  return (
    <Layout ctx={ctx} title={user.displayName} hasError={list.length > 0}>
      <p class="back-link">
        <a href="/users">← {t('users.back')}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      {props.notice && <p class="notice notice--ok">{props.notice}</p>}
      <h1>{user.displayName}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('users.email')}</dt>
          <dd>{user.email}</dd>
        </div>
        <div>
          <dt>{t('users.organisation')}</dt>
          <dd>{directory.organisation(user.organisationId)?.name ?? user.organisationId}</dd>
        </div>
        <div>
          <dt>{t('users.status')}</dt>
          <dd>{t(`users.status.${user.status}` as MessageKey)}</dd>
        </div>
        <div>
          <dt>{t('users.twoStep')}</dt>
          <dd>{user.twoStep ? t('users.yes') : t('users.no')}</dd>
        </div>
        <div>
          <dt>{t('users.lastSignIn')}</dt>
          <dd>{user.lastSignInAt ? formatInstant(user.lastSignInAt) : t('users.never')}</dd>
        </div>
      </dl>
      <h2>{t('profile.title')}</h2>
      <p class="hint">{t('users.profileIntro')}</p>
      <form method="post" action={`/users/${user.id}/profile`} novalidate class="form">
        <CsrfField token={props.csrf} />
        <TextInput tr={tr} id="position" label={t('profile.position')} value={props.profile.position} error={errors.position} max={300} class="input--wide" />
        <TextInput tr={tr} id="phone" type="tel" label={t('profile.phone')} hint={t('profile.phoneHint')} value={props.profile.phone} error={errors.phone} max={50} class="input--medium" />
        <button type="submit" class="button button--secondary">
          {t('profile.save')}
        </button>
      </form>
      {!props.self && (
        <>
          <h2>{t('users.roles')}</h2>
          <form method="post" action={`/users/${user.id}/roles`} novalidate class="form">
            <CsrfField token={props.csrf} />
            <fieldset class={`field${errors.roles ? ' field--error' : ''}`}>
              <legend class="visually-hidden">{t('users.roles')}</legend>
              {errors.roles && (
                <p class="field__error" id="roles-error">
                  <span class="visually-hidden">{t('error.prefix')}</span>
                  {errors.roles}
                </p>
              )}
              {props.grantable.map((r, i) => (
                <label class="choice">
                  <input type="checkbox" name="roles" value={r} id={i === 0 ? 'roles' : undefined} checked={user.roles.includes(r)} /> {roleLabel(tr, r)}
                </label>
              ))}
            </fieldset>
            <button type="submit" class="button button--secondary">
              {t('users.saveRoles')}
            </button>
          </form>
          <h2>{t('users.status')}</h2>
          <div class="actions">
            {user.status !== 'disabled' && (
              <form method="post" action={`/users/${user.id}/link`} class="form--inline">
                <CsrfField token={props.csrf} />
                <button type="submit" class="button button--secondary">
                  {user.status === 'invited' ? t('users.link.issue') : t('users.link.issueReset')}
                </button>
              </form>
            )}
            <form method="post" action={`/users/${user.id}/${user.status === 'disabled' ? 'enable' : 'disable'}`} class="form--inline">
              <CsrfField token={props.csrf} />
              <button type="submit" class={`button ${user.status === 'disabled' ? 'button--secondary' : 'button--warning'}`}>
                {user.status === 'disabled' ? t('users.enable') : t('users.disable')}
              </button>
            </form>
          </div>
        </>
      )}
    </Layout>
  );
}
