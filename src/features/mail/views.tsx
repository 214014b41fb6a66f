import type { OutboxState } from '../../db/schema.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { CsrfField } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { formatInstant } from '../../ui/time.ts';
import { ESSENTIAL_KINDS, messageIdHeader, OPTIONAL_KINDS, OUTBOX_STATES } from './outbox.ts';
import type { NudgePlanned, NudgeRecipient } from './nudge.ts';
import type { NotificationView, OutboxEntry } from './service.ts';

const stateLabel = (ctx: PageContext, s: OutboxState) => ctx.tr.t(`outbox.state.${s}` as MessageKey);

function StateTag(props: { ctx: PageContext; state: OutboxState }) {
  const tone = props.state === 'sent' ? 'active' : props.state === 'failed' || props.state === 'unknown' ? 'warning' : 'draft';
  return <span class={`tag tag--${tone}`}>{stateLabel(props.ctx, props.state)}</span>;
}

function errorText(ctx: PageContext, e: OutboxEntry): string | null {
  if (!e.lastError) return null;
  return e.lastError === 'interrupted' ? ctx.tr.t('outbox.error.interrupted') : e.lastError;
}

export function OutboxPage(props: { ctx: PageContext; entries: OutboxEntry[]; counts: Record<OutboxState, number>; state: OutboxState | ''; nextPage: number | null; server: string | null; error?: string | undefined }) {
  const { ctx, entries, counts } = props;
  const { t } = ctx.tr;
  const total = OUTBOX_STATES.reduce((n, s) => n + counts[s], 0);
  const errors = props.error ? [{ field: 'state', message: props.error }] : [];
  return (
    <Layout ctx={ctx} title={t('outbox.title')} hasError={errors.length > 0}>
      <ErrorSummary tr={ctx.tr} errors={errors} />
      <h1>{t('outbox.title')}</h1>
      <p>{t('outbox.lead')}</p>
      <p class={props.server ? 'notice notice--ok' : 'notice'}>{props.server ? t('outbox.configured', { server: props.server }) : t('outbox.notConfigured')}</p>
      <form method="get" action="/outbox" class="filter filter--compact" novalidate>
        <div class={`field${props.error ? ' field--error' : ''}`}>
          <label for="state">{t('outbox.filter')}</label>
          {props.error && (
            <p class="field__error" id="state-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {props.error}
            </p>
          )}
          <select id="state" name="state" aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? 'state-error' : undefined}>
            <option value="">{t('outbox.filterAll', { count: total })}</option>
            {OUTBOX_STATES.map((s) => (
              <option value={s} selected={s === props.state}>
                {t('outbox.stateCount', { state: stateLabel(ctx, s), count: counts[s] })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          {t('outbox.filterApply')}
        </button>
      </form>
      {entries.length === 0 ? (
        <p class="empty">{t('outbox.empty')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-label={t('outbox.title')} tabIndex={0}>
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{t('outbox.col.created')}</th>
                <th scope="col">{t('outbox.col.to')}</th>
                <th scope="col">{t('outbox.col.subject')}</th>
                <th scope="col">{t('outbox.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>{formatInstant(e.createdAt)}</td>
                  <td>
                    {e.toName && <span class="block">{e.toName}</span>}
                    <span class="muted">{e.to}</span>
                  </td>
                  <td>
                    <a href={`/outbox/${e.id}`}>{e.composed?.subject ?? e.kind}</a>
                  </td>
                  <td>
                    <StateTag ctx={ctx} state={e.state} />
                    {e.attempts > 0 && <span class="block muted">{t('outbox.attempts', { count: e.attempts })}</span>}
                    {e.state === 'pending' && e.attempts > 0 && <span class="block muted">{t('outbox.nextAttempt', { at: formatInstant(e.nextAttemptAt) })}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.nextPage !== null && (
        <p>
          <a href={`/outbox?${new URLSearchParams({ ...(props.state ? { state: props.state } : {}), page: String(props.nextPage) }).toString()}`}>{t('outbox.older')} →</a>
        </p>
      )}
    </Layout>
  );
}

export function OutboxMessagePage(props: { ctx: PageContext; entry: OutboxEntry; from: string; csrf: string; notice?: string | undefined; stale?: boolean }) {
  const { ctx, entry: e } = props;
  const { t } = ctx.tr;
  const error = errorText(ctx, e);
  return (
    <Layout ctx={ctx} title={t('outbox.message.title', { id: e.id })}>
      <p>
        <a href="/outbox">← {t('outbox.message.back')}</a>
      </p>
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      {props.stale && (
        <p class="notice" role="alert">
          {t('outbox.stale')}
        </p>
      )}
      <h1>{t('outbox.message.title', { id: e.id })}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('outbox.message.to')}</dt>
          <dd>{e.toName ? `${e.toName} <${e.to}>` : e.to}</dd>
        </div>
        <div>
          <dt>{t('outbox.message.subject')}</dt>
          <dd>{e.composed?.subject ?? e.kind}</dd>
        </div>
        <div>
          <dt>{t('outbox.message.state')}</dt>
          <dd>
            <StateTag ctx={ctx} state={e.state} /> {e.attempts > 0 && <span class="muted">{t('outbox.attempts', { count: e.attempts })}</span>}
          </dd>
        </div>
        {e.attachment && (
          <div>
            <dt>{t('outbox.message.attachment')}</dt>
            <dd>{e.attachment}</dd>
          </div>
        )}
        {e.sentAt && (
          <div>
            <dt>{t('outbox.message.sentAt')}</dt>
            <dd>{formatInstant(e.sentAt)}</dd>
          </div>
        )}
        {e.smtpResponse && (
          <div>
            <dt>{t('outbox.message.smtp')}</dt>
            <dd>
              <code>{e.smtpResponse}</code>
            </dd>
          </div>
        )}
        {error && (
          <div>
            <dt>{t('outbox.message.error')}</dt>
            <dd>{error}</dd>
          </div>
        )}
        <div>
          <dt>{t('outbox.message.messageId')}</dt>
          <dd>
            <code>{messageIdHeader(e.messageId, props.from)}</code>
          </dd>
        </div>
      </dl>
      {(e.state === 'failed' || e.state === 'unknown') && (
        <form method="post" action={`/outbox/${e.id}/requeue`}>
          <CsrfField token={props.csrf} />
          <p class="hint">{t('outbox.resendHint')}</p>
          <button type="submit" class="button">
            {t('outbox.resend')}
          </button>
        </form>
      )}
      <h2>{t('outbox.message.body')}</h2>
      {e.composed ? <pre class="mail-text">{e.composed.text}</pre> : <p class="muted">{e.kind}</p>}
    </Layout>
  );
}

export function NotificationsPage(props: { ctx: PageContext; email: string; items: NotificationView[]; nextPage: number | null }) {
  const { ctx } = props;
  const { t } = ctx.tr;
  return (
    <Layout ctx={ctx} title={t('notifications.title')}>
      <h1>{t('notifications.title')}</h1>
      <p>
        {t('notifications.lead', { email: props.email })} <a href="/account/mail">{t('notifications.settings')}</a>
      </p>
      {props.items.length === 0 ? (
        <p class="empty">{t('notifications.empty')}</p>
      ) : (
        <ul class="notification-list">
          {props.items.map((n) => (
            <li class={n.unread ? 'notification notification--unread' : 'notification'}>
              <p class="notification__meta">
                {n.unread && <span class="tag tag--draft">{t('notifications.new')}</span>} <time dateTime={n.createdAt}>{formatInstant(n.createdAt)}</time> · <span class="muted">{t(`notifications.mail.${n.mail}` as MessageKey)}</span>
              </p>
              <p class="notification__subject">
                <a href={n.path}>{n.subject}</a>
              </p>
              <p>{n.summary}</p>
            </li>
          ))}
        </ul>
      )}
      {props.nextPage !== null && (
        <p>
          <a href={`/notifications?page=${props.nextPage}`}>{t('notifications.older')} →</a>
        </p>
      )}
    </Layout>
  );
}

export function MailSettingsPage(props: { ctx: PageContext; csrf: string; email: string; muted: string[]; kinds: readonly string[]; notice?: string | undefined; error?: string | undefined }) {
  const optional = OPTIONAL_KINDS.filter((k) => props.kinds.includes(k));
  const essential = ESSENTIAL_KINDS.filter((k) => props.kinds.includes(k));
  const { ctx } = props;
  const { t } = ctx.tr;
  const errors = props.error ? [{ field: 'kinds', message: props.error }] : [];
  return (
    <Layout ctx={ctx} title={t('mailSettings.title')} hasError={errors.length > 0}>
      <ErrorSummary tr={ctx.tr} errors={errors} />
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <h1>{t('mailSettings.title')}</h1>
      <p>{t('mailSettings.lead', { email: props.email })}</p>
      <form method="post" action="/account/mail" class="form" novalidate>
        <CsrfField token={props.csrf} />
        <fieldset class={`field${props.error ? ' field--error' : ''}`} id="kinds">
          <legend>{t('mailSettings.optional')}</legend>
          {props.error && (
            <p class="field__error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {props.error}
            </p>
          )}
          {optional.length === 0 && <p class="hint">{t('mailSettings.noOptional')}</p>}
          {optional.map((k) => (
            <label class="choice">
              <input type="checkbox" id={`kind-${k}`} name="kinds" value={k} checked={!props.muted.includes(k)} /> {t(`mailSettings.kind.${k}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <h2>{t('mailSettings.essential')}</h2>
        <p class="hint">{t('mailSettings.essentialHint')}</p>
        <ul>
          {essential.map((k) => (
            <li>{t(`mailSettings.kind.${k}` as MessageKey)}</li>
          ))}
        </ul>
        <button type="submit" class="button">
          {t('mailSettings.save')}
        </button>
      </form>
    </Layout>
  );
}

export function NudgePage(props: { ctx: PageContext; csrf: string; planTitle: string; periodName: string; deadline: string; back: string; action: string; planned: NudgePlanned; invitations?: string | undefined; notice?: string | undefined }) {
  const { ctx, planned } = props;
  const { t } = ctx.tr;
  const stateTag = (r: NudgeRecipient) => t(`nudge.state.${r.state}` as MessageKey);
  return (
    <Layout ctx={ctx} title={t('nudge.title')}>
      <p>
        <a href={props.back}>← {t('nudge.back')}</a>
      </p>
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <h1>{t('nudge.title')}</h1>
      <p>{t('nudge.lead', { period: props.periodName, plan: props.planTitle, deadline: ctx.tr.date(props.deadline) })}</p>
      {planned.remindedToday.length > 0 && (
        <p class="notice notice--as-of">
          {t('nudge.remindedToday', { count: planned.remindedToday.length })} <span class="muted">{planned.remindedToday.map((r) => r.organisation).join('; ')}</span>
        </p>
      )}
      {planned.recipients.length === 0 ? (
        <p class="empty">{planned.remindedToday.length ? t('nudge.noneLeft') : t('nudge.none')}</p>
      ) : (
        <>
          <h2>{t('nudge.recipients', { count: planned.recipients.length })}</h2>
          <ul class="nudge-list">
            {planned.recipients.map((r) => (
              <li>
                <strong>{r.organisation}</strong> <span class="tag tag--draft">{stateTag(r)}</span> {r.byConsent && <span class="tag tag--consent">{t('nudge.byConsent')}</span>}
                <span class="block muted">{r.people.map((p) => `${p.name} <${p.email}>`).join(', ')}</span>
              </li>
            ))}
          </ul>
          {planned.sample && (
            <>
              <h2>{t('nudge.preview')}</h2>
              <p>
                <strong>{planned.sample.subject}</strong>
              </p>
              <pre class="mail-text">{planned.sample.text}</pre>
            </>
          )}
          <form method="post" action={props.action}>
            <CsrfField token={props.csrf} />
            <button type="submit" class="button">
              {t('nudge.send', { count: planned.messages })}
            </button>
          </form>
        </>
      )}
      {planned.unreachable.length > 0 && (
        <>
          <h2>{t('nudge.unreachable', { count: planned.unreachable.length })}</h2>
          <p>{t('nudge.unreachableHint')}</p>
          {props.invitations && (
            <p>
              <a href={props.invitations}>{t('nudge.invite')}</a>
            </p>
          )}
          <ul>
            {planned.unreachable.map((r) => (
              <li>
                {r.organisation} <span class="muted">({stateTag(r)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
