import type { MessageKey } from '../../i18n/catalogue.ts';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { formatInstant } from '../../ui/time.ts';
import { AUDIT_ACTIONS, type AuditEventView, type EventNames } from './service.ts';
import { eventSummary } from './summary.ts';

export function AuditPage(props: { ctx: PageContext; events: AuditEventView[]; names: EventNames; action: string; nextBeforeId: number | null; error?: string | undefined }) {
  const { ctx, events } = props;
  const { tr } = ctx;
  const { t } = tr;
  const errors = props.error ? [{ field: 'action', message: props.error }] : [];
  const label = (a: string) => ((AUDIT_ACTIONS as readonly string[]).includes(a) ? t(`audit.action.${a}` as MessageKey) : a);
  return (
    <Layout ctx={ctx} title={t('audit.title')} hasError={errors.length > 0}>
      <ErrorSummary tr={tr} errors={errors} />
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <form method="get" action="/audit" class="filter filter--compact" novalidate>
        <div class={`field${props.error ? ' field--error' : ''}`}>
          <label for="action">{t('audit.action')}</label>
          {props.error && (
            <p class="field__error" id="action-error">
              <span class="visually-hidden">{t('error.prefix')}</span>
              {props.error}
            </p>
          )}
          <select id="action" name="action" aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? 'action-error' : undefined}>
            <option value="">{t('audit.allActions')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option value={a} selected={a === props.action}>
                {label(a)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          {t('audit.filter')}
        </button>
      </form>
      {events.length === 0 ? (
        <p class="empty">{t('audit.none')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-label={t('audit.title')} tabIndex={0}>
          <table class="data-table data-table--stack audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.event')}</th>
                <th scope="col">{t('audit.address')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => {
                const actor = props.names.user(e.actorUserId);
                const organisation = props.names.organisation(e.actorOrganisationId);
                return (
                  <tr id={`ev${e.id}`}>
                    <td data-label={t('audit.when')} class="nowrap">
                      {formatInstant(e.at)}
                    </td>
                    <td data-label={t('audit.who')}>
                      {actor ? (
                        <>
                          {actor.name}
                          <span class="muted block">{e.actorEmail ?? actor.email}</span>
                        </>
                      ) : (
                        (e.actorEmail ?? <span class="muted">{e.ip ? t('audit.visitor') : t('audit.system')}</span>)
                      )}
                      {organisation && <span class="muted block">{organisation}</span>}
                    </td>
                    <td data-label={t('audit.event')}>{eventSummary(tr, e, props.names)}</td>
                    <td data-label={t('audit.address')} class="nowrap">
                      {e.ip ?? '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {props.nextBeforeId !== null && (
        <p>
          <a href={`/audit?${new URLSearchParams({ ...(props.action ? { action: props.action } : {}), before: String(props.nextBeforeId) }).toString()}`}>{t('audit.older')} →</a>
        </p>
      )}
    </Layout>
  );
}
