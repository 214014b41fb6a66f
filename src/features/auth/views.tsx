import type { Translator } from '../../i18n/index.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { CsrfField, describedBy, errorList, Field, type FieldErrors } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { Enrolment, SessionView } from './service.ts';

export function SignInPage(props: { ctx: PageContext; csrf: string; email: string; returnTo: string; errors: FieldErrors; notice?: string }) {
  const { ctx, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = errorList(errors, ['email', 'password']);
  return (
    <Layout ctx={ctx} title={t('auth.signIn')} hasError={list.length > 0}>
      <div class="narrow">
        <ErrorSummary tr={tr} errors={list} />
        {props.notice && <p class="notice notice--ok">{props.notice}</p>}
        <h1>{t('auth.signIn')}</h1>
        <p>{t('auth.signInIntro')}</p>
        <form method="post" action="/login" novalidate class="form">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="returnTo" value={props.returnTo} />
          <Field tr={tr} id="email" label={t('auth.email')} error={errors.email}>
            <input
              id="email"
              name="email"
              type="email"
              value={props.email}
              autocomplete="username"
              spellcheck={false}
              maxLength={254}
              aria-invalid={errors.email ? 'true' : undefined} aria-describedby={describedBy('email', false, errors.email)}
            />
          </Field>
          <Field tr={tr} id="password" label={t('auth.password')} error={errors.password}>
            <input id="password" name="password" type="password" autocomplete="current-password" aria-invalid={errors.password ? 'true' : undefined} aria-describedby={describedBy('password', false, errors.password)} />
          </Field>
          <button type="submit" class="button">
            {t('auth.signInButton')}
          </button>
        </form>
        <p class="hint">{t('auth.forgot')}</p>
      </div>
    </Layout>
  );
}

function EnrolmentBlock(props: { tr: Translator; enrolment: Enrolment }) {
  const { t } = props.tr;
  return (
    <div class="enrolment">
      <img src={props.enrolment.qrDataUrl} alt={t('auth.enrol.qrAlt')} width={220} height={220} class="enrolment__qr" />
      <div>
        <p class="caption">{t('auth.enrol.key')}</p>
        <p class="secret">
          <code>{props.enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
        </p>
      </div>
    </div>
  );
}

export function SecondFactorPage(props: { ctx: PageContext; csrf: string; error?: string | undefined; enrolment: Enrolment | null; optional?: boolean; action: string }) {
  const { ctx } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = props.error ? [{ field: 'code', message: props.error }] : [];
  const title = props.enrolment ? t('auth.enrol.title') : t('auth.secondFactor');
  return (
    <Layout ctx={ctx} title={title} hasError={list.length > 0}>
      <div class="narrow">
        <ErrorSummary tr={tr} errors={list} />
        <h1>{title}</h1>
        {props.enrolment ? (
          <>
            <p>{props.optional ? t('auth.enrol.optionalIntro') : t('auth.enrol.intro')}</p>
            <EnrolmentBlock tr={tr} enrolment={props.enrolment} />
          </>
        ) : (
          <p>{t('auth.secondFactorIntro')}</p>
        )}
        <form method="post" action={props.action} novalidate class="form">
          <CsrfField token={props.csrf} />
          <Field tr={tr} id="code" label={t('auth.code')} error={props.error}>
            <input
              id="code"
              name="code"
              type="text"
              inputMode={props.enrolment ? 'numeric' : 'text'}
              autocomplete="one-time-code"
              spellcheck={false}
              maxLength={32}
              class="input--short"
              aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy('code', false, props.error)}
            />
          </Field>
          <button type="submit" class="button">
            {t('auth.confirm')}
          </button>
        </form>
        {!props.optional && (
          <form method="post" action="/login/cancel" class="form--block">
            <CsrfField token={props.csrf} />
            <button type="submit" class="link-button link-button--dark">
              {t('auth.cancel')}
            </button>
          </form>
        )}
      </div>
    </Layout>
  );
}

export function RecoveryCodesPage(props: { ctx: PageContext; codes: string[]; next: string }) {
  const { t } = props.ctx.tr;
  return (
    <Layout ctx={props.ctx} title={t('auth.recovery.title')}>
      <div class="narrow">
        <h1>{t('auth.recovery.title')}</h1>
        <p class="notice">{t('auth.recovery.intro')}</p>
        <ul class="recovery-codes">
          {props.codes.map((c) => (
            <li>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href={props.next}>
            {t('auth.recovery.continue')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

export function SetPasswordPage(props: {
  ctx: PageContext;
  csrf: string;
  kind: 'invitation' | 'password_reset';
  action: string;
  name: string;
  email: string;
  organisation: string;
  errors: FieldErrors;
}) {
  const { ctx, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = errorList(errors, ['password', 'repeat']);
  const title = props.kind === 'invitation' ? t('invitation.title') : t('reset.title');
  return (
    <Layout ctx={ctx} title={title} hasError={list.length > 0}>
      <div class="narrow">
        <ErrorSummary tr={tr} errors={list} />
        <h1>{title}</h1>
        <p>{props.kind === 'invitation' ? t('invitation.intro', { name: props.name, email: props.email, organisation: props.organisation }) : t('reset.intro', { email: props.email })}</p>
        <form method="post" action={props.action} novalidate class="form">
          <CsrfField token={props.csrf} />
          {/* Lets password managers file the new password under the right account. */}
          <input type="hidden" name="username" value={props.email} autocomplete="username" />
          <Field tr={tr} id="password" label={t('password.new')} hint={t('password.hint')} error={errors.password}>
            <input id="password" name="password" type="password" autocomplete="new-password" aria-invalid={errors.password ? 'true' : undefined} aria-describedby={describedBy('password', true, errors.password)} />
          </Field>
          <Field tr={tr} id="repeat" label={t('password.repeat')} error={errors.repeat}>
            <input id="repeat" name="repeat" type="password" autocomplete="new-password" aria-invalid={errors.repeat ? 'true' : undefined} aria-describedby={describedBy('repeat', false, errors.repeat)} />
          </Field>
          <button type="submit" class="button">
            {t('invitation.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

export function LinkProblemPage(props: { ctx: PageContext; reason: 'invalid' | 'expired' | 'used' }) {
  const { t } = props.ctx.tr;
  return (
    <Layout ctx={props.ctx} title={t('error.badRequest.title')}>
      <div class="narrow">
        <h1>{t('error.badRequest.title')}</h1>
        <p class="lead">{t(`link.${props.reason}` as MessageKey)}</p>
        <p>
          <a href="/login">{t('auth.signIn')}</a>
        </p>
      </div>
    </Layout>
  );
}



/** "Chrome · Windows" from a user-agent string; the full string stays in the tooltip. */
export function deviceSummary(ua: string | null): string {
  if (!ua) return '—';
  const browser = /Edg\//.test(ua) ? 'Edge' : /OPR\//.test(ua) ? 'Opera' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return [browser, os].filter(Boolean).join(' · ') || ua.slice(0, 40);
}

export function AccountPage(props: {
  ctx: PageContext;
  csrf: string;
  displayName: string;
  email: string;
  organisationName: string;
  roles: string[];
  twoStep: boolean;
  recoveryLeft: number;
  sessions: SessionView[];
  /** The calendar link in force (when it was made), or null. */
  calendar: { createdAt: string } | null;
  notice?: string;
}) {
  const { ctx } = props;
  const { tr } = ctx;
  const { t } = tr;
  return (
    <Layout ctx={ctx} title={t('account.title')}>
      {props.notice && <p class="notice notice--ok">{props.notice}</p>}
      <h1>{t('account.title')}</h1>
      <dl class="summary-list">
        <div>
          <dt>{props.displayName}</dt>
          <dd>{props.email}</dd>
        </div>
        <div>
          <dt>{t('account.organisation')}</dt>
          <dd>{props.organisationName}</dd>
        </div>
        <div>
          <dt>{t('profile.title')}</dt>
          <dd>
            <a href="/account/profile">{t('profile.position')}, {t('profile.phone').toLowerCase()}</a>
          </dd>
        </div>
        <div>
          <dt>{t('account.roles')}</dt>
          <dd>{props.roles.map((r) => t(`role.${r}` as MessageKey)).join(', ')}</dd>
        </div>
        <div>
          <dt>{t('account.twoStep')}</dt>
          <dd>
            {props.twoStep ? (
              <>
                <p>{t('account.twoStepOn')}</p>
                <p class="muted">{t('auth.recovery.left', { count: props.recoveryLeft })}</p>
                <form method="post" action="/account/recovery-codes" class="form form--inline">
                  <CsrfField token={props.csrf} />
                  <button type="submit" class="button button--secondary">
                    {t('auth.recovery.regenerate')}
                  </button>
                </form>
              </>
            ) : (
              <>
                <p>{t('account.twoStepOff')}</p>
                <a href="/account/two-step">{t('account.twoStepEnable')}</a>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('account.mail')}</dt>
          <dd>
            <a href="/account/mail">{t('account.mailSettings')}</a> · <a href="/notifications">{t('account.notifications')}</a>
          </dd>
        </div>
      </dl>
      <h2 id="calendar">{t('account.calendar')}</h2>
      <p>{t('account.calendar.intro')}</p>
      <p>{props.calendar ? t('account.calendar.active', { date: formatInstant(props.calendar.createdAt) }) : t('account.calendar.none')}</p>
      <div class="actions">
        <form method="post" action="/account/calendar" class="form--inline">
          <CsrfField token={props.csrf} />
          <button type="submit" class={props.calendar ? 'button button--secondary' : 'button'}>
            {props.calendar ? t('account.calendar.renew') : t('account.calendar.create')}
          </button>
        </form>
        {props.calendar && (
          <form method="post" action="/account/calendar/revoke" class="form--inline">
            <CsrfField token={props.csrf} />
            <button type="submit" class="button button--warning">
              {t('account.calendar.revoke')}
            </button>
          </form>
        )}
      </div>
      <h2>{t('account.sessions')}</h2>
      <div class="table-scroll" role="region" aria-label={t('account.sessions')} tabIndex={0}>
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">{t('account.sessionStarted')}</th>
              <th scope="col">{t('account.sessionLastSeen')}</th>
              <th scope="col">{t('account.sessionAddress')}</th>
              <th scope="col">{t('account.sessionDevice')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('account.sessionEnd')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr>
                <td>{formatInstant(s.createdAt)}</td>
                <td>{formatInstant(s.lastSeenAt)}</td>
                <td>{s.ip ?? '—'}</td>
                <td class="user-agent" title={s.userAgent ?? undefined}>
                  {deviceSummary(s.userAgent)}
                </td>
                <td>
                  {s.current ? (
                    <span class="tag">{t('account.sessionCurrent')}</span>
                  ) : (
                    <form method="post" action={`/account/sessions/${s.handle}/end`} class="form--inline">
                      <CsrfField token={props.csrf} />
                      <button type="submit" class="button button--secondary button--small">
                        {t('account.sessionEnd')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.sessions.length > 1 && (
        <form method="post" action="/account/sessions/end-others" class="form--inline">
          <CsrfField token={props.csrf} />
          <button type="submit" class="button button--warning">
            {t('account.sessionEndOthers')}
          </button>
        </form>
      )}
    </Layout>
  );
}
