import fp from 'fastify-plugin';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import { DEFAULT_LOCALE, isLocale, translator, type Locale, type Translator } from '../i18n/index.ts';

/** What every route can reach: the database, the clock and the configuration. */
export interface AppContext {
  config: Config;
  db: Db;
  database: DatabaseHandle;
  clock: Clock;
}

export const LOCALE_COOKIE = 'zvit_locale';

declare module 'fastify' {
  interface FastifyInstance {
    zvit: AppContext;
  }
  interface FastifyRequest {
    /** The translator for the request's language (cookie, else Ukrainian). */
    tr: Translator;
  }
  interface FastifyContextConfig {
    /**
     * The permission a route requires, or 'public'. Every route declares one; the access
     * plugin refuses to start an app with a route that does not.
     */
    permission?: string;
  }
}

export function localeOf(cookieValue: string | undefined): Locale {
  return isLocale(cookieValue) ? cookieValue : DEFAULT_LOCALE;
}

export default fp(
  async (app, ctx: AppContext) => {
    app.decorate('zvit', ctx);
    app.decorateRequest('tr', null as unknown as Translator);
    app.addHook('onRequest', async (request) => {
      request.tr = translator(localeOf(request.cookies[LOCALE_COOKIE]));
    });
  },
  { name: 'zvit-context', dependencies: ['@fastify/cookie'] },
);
