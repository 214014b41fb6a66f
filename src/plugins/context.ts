import fp from 'fastify-plugin';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import { DEFAULT_LOCALE, isLocale, translator, type Locale, type Translator } from '../i18n/index.ts';
import { HttpError } from './errors.ts';

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

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 5 || value === null || typeof value !== 'object') return false;
  // An uploaded file's bytes (and its stream) are not text: never walk them byte by byte.
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return false;
  return Object.entries(value as Record<string, unknown>).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
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
    // A NUL character has no place in any text Zvit takes, and PostgreSQL refuses to store one:
    // refuse it up front with a 400 rather than fail later.
    app.addHook('preValidation', async (request) => {
      if (hasNul(request.query) || hasNul(request.body) || hasNul(request.params)) {
        throw new HttpError(400, 'error.badCharacters');
      }
    });
  },
  { name: 'zvit-context', dependencies: ['@fastify/cookie'] },
);
