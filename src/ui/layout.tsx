import type { ComponentChildren } from 'preact';
import type { Translator } from '../i18n/index.ts';
import { assetUrl } from '../plugins/assets.ts';

export type NavSection = 'home' | 'plans' | 'reports' | 'search' | 'organisations' | 'users' | 'audit' | 'outbox' | 'notifications' | 'account' | null;

export interface PageContext {
  tr: Translator;
  /** The path and query of the current page (for the language switch to come back to). */
  path: string;
  nav?: NavSection;
  /** The signed-in user, for the navigation; null or absent when nobody is signed in. */
  user?: { displayName: string; permissions: ReadonlySet<string>; unread?: number } | null;
  /** The CSRF token for the header's forms (sign-out, language). */
  csrf?: () => string;
}

const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
  // Nothing inline under the CSP: no <style> for indicators, and settling never copies a `style` attribute.
  includeIndicatorStyles: false,
  attributesToSettle: ['class', 'width', 'height'],
  refreshOnHistoryMiss: true,
  // A 400 carries the form's error messages: show it rather than dropping it.
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '400', swap: true, error: false },
    // A save that met a colleague's (both versions shown), a body too large: show the answer.
    { code: '409', swap: true, error: false },
    { code: '413', swap: true, error: false },
    { code: '...', swap: false, error: true },
  ],
});

/** The page shell: header with navigation and language switch, main content, footer. */
export function Layout(props: { ctx: PageContext; title: string; hasError?: boolean; children: ComponentChildren }) {
  const { tr, path, nav, user } = props.ctx;
  const { t } = tr;
  const csrf = props.ctx.csrf?.();
  const fullTitle = `${props.hasError ? t('error.prefix') : ''}${props.title} — ${t('app.name')}`;
  const otherLocale = tr.locale === 'uk' ? 'en' : 'uk';
  return (
    <html lang={tr.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{fullTitle}</title>
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
        <link rel="stylesheet" href={assetUrl('styles.css')} />
        <script src={assetUrl('htmx.min.js')} defer></script>
        <script src={assetUrl('app.js')} defer></script>
      </head>
      <body hx-headers={csrf ? JSON.stringify({ 'X-CSRF-Token': csrf }) : undefined}>
        <a class="skip-link" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="container site-header__inner">
            <a class="site-header__brand" href="/">
              <span class="site-header__logo" aria-hidden="true">
                {t('app.name').slice(0, 1)}
              </span>
              <span>
                <span class="site-header__name">{t('app.name')}</span>
                <span class="site-header__tagline">{t('app.tagline')}</span>
              </span>
            </a>
            {user && (
              <nav class="site-nav" aria-label={t('nav.label')}>
                <a href="/" aria-current={nav === 'home' ? 'page' : undefined}>
                  {t('nav.home')}
                </a>
                <a href="/plans" aria-current={nav === 'plans' ? 'page' : undefined}>
                  {t('nav.plans')}
                </a>
                {user.permissions.has('report.edit') && (
                  <a href="/reports" aria-current={nav === 'reports' ? 'page' : undefined}>
                    {t('nav.reports')}
                  </a>
                )}
                {user.permissions.has('report.read-submitted') && (
                  <a href="/search" aria-current={nav === 'search' ? 'page' : undefined}>
                    {t('nav.search')}
                  </a>
                )}
                <a href="/organisations" aria-current={nav === 'organisations' ? 'page' : undefined}>
                  {t('nav.organisations')}
                </a>
                {user.permissions.has('users.manage') && (
                  <a href="/users" aria-current={nav === 'users' ? 'page' : undefined}>
                    {t('nav.users')}
                  </a>
                )}
                {user.permissions.has('audit.read') && (
                  <a href="/audit" aria-current={nav === 'audit' ? 'page' : undefined}>
                    {t('nav.audit')}
                  </a>
                )}
                {user.permissions.has('mail.outbox') && (
                  <a href="/outbox" aria-current={nav === 'outbox' ? 'page' : undefined}>
                    {t('nav.outbox')}
                  </a>
                )}
              </nav>
            )}
            <div class="site-header__tools">
              {user && csrf && (
                <>
                  <a href="/notifications" class="site-header__notifications" aria-current={nav === 'notifications' ? 'page' : undefined}>
                    {t('notifications.link')}
                    {(user.unread ?? 0) > 0 && <span class="count-badge">{t('notifications.unread', { count: user.unread! })}</span>}
                  </a>
                  <a href="/account" class="site-header__account" title={user.displayName} aria-current={nav === 'account' ? 'page' : undefined}>
                    {user.displayName}
                  </a>
                  <form method="post" action="/logout" class="inline-form">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <button type="submit" class="link-button">
                      {t('auth.signOut')}
                    </button>
                  </form>
                </>
              )}
              {csrf && (
                <form class="inline-form locale-switch" method="post" action="/locale">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <input type="hidden" name="locale" value={otherLocale} />
                  <input type="hidden" name="returnTo" value={path} />
                  <button type="submit" class="link-button" lang={otherLocale} title={t('locale.switchTitle')}>
                    {t('locale.switch')}
                  </button>
                </form>
              )}
            </div>
          </div>
        </header>
        <main id="main" class="container" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container">{t('footer.text')}</div>
        </footer>
      </body>
    </html>
  );
}

/** Errors above the heading, each linking to its field with the field's own wording (GOV.UK). */
export function ErrorSummary(props: { tr: Translator; errors: { field: string; message: string }[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2 class="error-summary__title">{props.tr.t('error.summaryTitle')}</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
