import type { MessageKey } from '../../i18n/catalogue.ts';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { formatInstant } from '../../ui/time.ts';
import { AUDIT_ACTIONS, type AuditEventView } from './service.ts';

export function AuditPage(props: { ctx: PageContext; events: AuditEventView[]; action: string; nextBeforeId: number | null; error?: string | undefined }) {
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
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.target')}</th>
                <th scope="col">{t('audit.details')}</th>
                <th scope="col">{t('audit.address')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr>
                  <td>{formatInstant(e.at)}</td>
                  <td>{e.actorEmail ?? <span class="muted">{e.ip ? t('audit.visitor') : t('audit.system')}</span>}</td>
                  <td>{label(e.action)}</td>
                  <td>{e.targetType ? `${e.targetType}: ${e.targetId ?? ''}` : '—'}</td>
                  <td class="audit-details">
                    <code>{JSON.stringify(e.details)}</code>
                  </td>
                  <td>{e.ip ?? '—'}</td>
                </tr>
              ))}
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
