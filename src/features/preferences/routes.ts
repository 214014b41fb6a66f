import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isLocale } from '../../i18n/index.ts';
import { setUserLocale } from '../users/service.ts';
import { LOCALE_COOKIE } from '../../plugins/context.ts';

/** Only a path on this site may be returned to (never "//evil.example" or "https://…"). */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f]/.test(value)) return '/';
  // Re-serialise through URL: non-ASCII and separators come out percent-encoded, so the value
  // is always a valid Location header on this site.
  try {
    const base = 'http://zvit.invalid';
    const u = new URL(value, base);
    if (u.origin !== base) return '/';
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return '/';
  }
}

/** The language switch: a form that sets a cookie (a signed-in user's choice is stored with the user from issue 3). */
export default async function preferenceRoutes(app: FastifyInstance) {
  const secure = app.zvit.config.secure;
  const body = Type.Object(
    { _csrf: Type.Optional(Type.String({ maxLength: 100 })), locale: Type.Optional(Type.String({ maxLength: 10 })), returnTo: Type.Optional(Type.String({ maxLength: 2000 })) },
    { additionalProperties: false },
  );
  app.withTypeProvider<TypeBoxTypeProvider>().post('/locale', { config: { permission: 'public' }, schema: { hide: true, body } }, async (request, reply) => {
    const locale = request.body.locale;
    const returnTo = safeReturnPath(request.body.returnTo);
    if (!isLocale(locale)) {
      return reply.redirect(returnTo, 303);
    }
    reply.setCookie(LOCALE_COOKIE, locale, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 24 * 3600 });
    if (request.principal) await setUserLocale(app.zvit.db, request.principal.userId, locale);
    return reply.redirect(returnTo, 303);
  });
}
