import type { MessageKey } from '../../i18n/catalogue.ts';
import type { Translator } from '../../i18n/index.ts';
import { CsrfField } from '../../ui/form.tsx';
import { Layout, type PageContext } from '../../ui/layout.tsx';
import { AccountStateTag } from '../../ui/account-state.tsx';
import type { InvitationOverview, InvitationRow } from './service.ts';

function Action(props: { csrf: string; action: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrf} />
      <button type="submit" class={props.secondary ? 'button button--secondary button--small' : 'button button--small'}>
        {props.label}
      </button>
    </form>
  );
}

function RowActions(props: { ctx: PageContext; csrf: string; base: string; row: InvitationRow }) {
  const { t } = props.ctx.tr;
  const { row, base, csrf } = props;
  const at = `${base}/${encodeURIComponent(row.organisation.id)}`;
  const declineToggle = row.organisation.byConsent ? (
    row.plan === 'declined' ? (
      <Action csrf={csrf} action={`${at}/undecline`} label={t('invitations.undecline')} secondary />
    ) : row.plan === 'invite' || row.plan === 'noEmail' || row.plan === 'emailTaken' || row.plan === 'revoked' ? (
      <Action csrf={csrf} action={`${at}/decline`} label={t('invitations.decline')} secondary />
    ) : null
  ) : null;
  return (
    <div class="row-actions">
      {row.plan === 'invited' && (
        <>
          <Action csrf={csrf} action={`${at}/resend`} label={t('invitations.resend')} secondary />
          <Action csrf={csrf} action={`${at}/revoke`} label={t('invitations.revoke')} secondary />
        </>
      )}
      {(row.plan === 'declined' || row.plan === 'revoked') && row.organisation.email && <Action csrf={csrf} action={`${at}/invite`} label={t('invitations.inviteOne')} />}
      {row.plan === 'noEmail' && <a href={`/organisations/${encodeURIComponent(row.organisation.id)}/edit`}>{t('invitations.addContact')}</a>}
      {declineToggle}
    </div>
  );
}

export function InvitationsPage(props: { ctx: PageContext; csrf: string; planId: string; planTitle: string; overview: InvitationOverview; days: number; notice?: string | undefined; error?: string | undefined }) {
  const { ctx, overview } = props;
  const { t } = ctx.tr;
  const base = `/plans/${encodeURIComponent(props.planId)}/invitations`;
  const c = overview.counts;
  return (
    <Layout ctx={ctx} title={t('invitations.title')}>
      <p>
        <a href={`/plans/${encodeURIComponent(props.planId)}`}>← {props.planTitle}</a>
      </p>
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      {props.error && (
        <p class="notice" role="alert">
          {props.error}
        </p>
      )}
      <h1>{t('invitations.title')}</h1>
      <p>{t('invitations.lead', { plan: props.planTitle, days: props.days })}</p>
      <ul class="summary-counts">
        <li>{t('invitations.count.active', { count: c.active })}</li>
        <li>{t('invitations.count.invited', { count: c.invited })}</li>
        <li>{t('invitations.count.invite', { count: c.invite })}</li>
        {c.noEmail > 0 && <li>{t('invitations.count.noEmail', { count: c.noEmail })}</li>}
        {c.emailTaken > 0 && <li>{t('invitations.count.emailTaken', { count: c.emailTaken })}</li>}
        {c.declined > 0 && <li>{t('invitations.count.declined', { count: c.declined })}</li>}
        {c.revoked > 0 && <li>{t('invitations.count.revoked', { count: c.revoked })}</li>}
      </ul>
      {c.invite > 0 ? (
        <section aria-labelledby="invite-all">
          <h2 id="invite-all">{t('invitations.sendHeading', { count: c.invite })}</h2>
          {overview.sample && (
            <details class="mail-preview">
              <summary>{t('invitations.preview')}</summary>
              <p>
                <strong>{overview.sample.subject}</strong>
              </p>
              <pre class="mail-text">{overview.sample.text}</pre>
            </details>
          )}
          <form method="post" action={base}>
            <CsrfField token={props.csrf} />
            <button type="submit" class="button">
              {t('invitations.send', { count: c.invite })}
            </button>
          </form>
        </section>
      ) : (
        <p class="empty">{t('invitations.nobody')}</p>
      )}
      <h2>{t('invitations.listHeading')}</h2>
      {overview.rows.length === 0 ? (
        <p class="empty">{t('invitations.noExecutors')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-label={t('invitations.listHeading')} tabIndex={0}>
          <table class="data-table data-table--stack invitations-table">
            <thead>
              <tr>
                <th scope="col">{t('invitations.col.organisation')}</th>
                <th scope="col">{t('invitations.col.contact')}</th>
                <th scope="col">{t('invitations.col.account')}</th>
                <th scope="col">{t('invitations.col.action')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.rows.map((r) => (
                <tr id={`org-${r.organisation.id}`}>
                  <td data-label={t('invitations.col.organisation')}>
                    {r.organisation.name}
                    {r.organisation.byConsent && (
                      <>
                        {' '}
                        <span class="tag tag--consent">{t('nudge.byConsent')}</span>
                      </>
                    )}
                  </td>
                  <td data-label={t('invitations.col.contact')}>
                    {r.organisation.contactPerson && (
                      <span class="block">
                        {r.organisation.contactPerson}
                        {r.organisation.contactPosition && <span class="muted">, {r.organisation.contactPosition}</span>}
                      </span>
                    )}
                    {r.organisation.email ? <span class="block email">{r.organisation.email}</span> : <span class="muted block">{t('invitations.noEmail')}</span>}
                    {r.organisation.phone && <span class="block muted">{r.organisation.phone}</span>}
                  </td>
                  <td data-label={t('invitations.col.account')} class="invitations-table__account">
                    <AccountStateTag tr={ctx.tr} state={r.account} />
                    {r.plan !== 'active' && r.plan !== 'invited' && <span class="block muted">{t(`invitations.plan.${r.plan}` as MessageKey, { owner: r.takenBy ?? '' })}</span>}
                  </td>
                  <td data-label={t('invitations.col.action')}>
                    <RowActions ctx={ctx} csrf={props.csrf} base={base} row={r} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
