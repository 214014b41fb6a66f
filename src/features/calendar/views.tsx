import type { MessageKey } from '../../i18n/catalogue.ts';
import { Layout, type PageContext } from '../../ui/layout.tsx';

const PROGRAMS = ['google', 'outlook', 'apple'] as const;

/** The new link, shown in full this once, with how to add it to the common calendar programs. */
export function CalendarLinkPage(props: { ctx: PageContext; link: string; replaced: boolean }) {
  const { t } = props.ctx.tr;
  return (
    <Layout ctx={props.ctx} title={t('calendarLink.title')}>
      <div class="narrow">
        <h1>{t('calendarLink.title')}</h1>
        <p class="notice">{t('calendarLink.once')}</p>
        {props.replaced && <p>{t('calendarLink.replaced')}</p>}
        <p class="one-time-link">
          <label for="calendar-link">{t('calendarLink.label')}</label>
          <input id="calendar-link" type="text" readOnly value={props.link} class="link-field" spellcheck={false} autocomplete="off" />
          <button type="button" class="button button--secondary" data-copy="calendar-link" data-copied-text={t('calendarLink.copied')} hidden>
            {t('calendarLink.copy')}
          </button>
        </p>
        <h2>{t('calendarLink.how')}</h2>
        <dl class="summary-list">
          {PROGRAMS.map((p) => (
            <div>
              <dt>{t(`calendarLink.${p}` as MessageKey)}</dt>
              <dd>{t(`calendarLink.${p}.steps` as MessageKey)}</dd>
            </div>
          ))}
        </dl>
        <p>
          <a href="/account#calendar">← {t('calendarLink.back')}</a>
        </p>
      </div>
    </Layout>
  );
}
