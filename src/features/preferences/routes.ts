import type { FastifyInstance } from 'fastify';
import { isLocale } from '../../i18n/index.ts';
import { LOCALE_COOKIE } from '../../plugins/context.ts';

/** Only a path on this site may be returned to (never "//evil.example" or "https://…"). */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f]/.test(value)) return '/';
  return value;
}

/** The language switch: a form that sets a cookie (a signed-in user's choice is stored with the user from issue 3). */
export default async function preferenceRoutes(app: FastifyInstance) {
  const secure = app.zvit.config.baseUrl.startsWith('https:');
  app.post<{ Body: Record<string, unknown> }>('/locale', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const locale = body.locale;
    const returnTo = safeReturnPath(body.returnTo);
    if (!isLocale(locale)) {
      return reply.redirect(returnTo, 303);
    }
    reply.setCookie(LOCALE_COOKIE, locale, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 365 * 24 * 3600 });
    return reply.redirect(returnTo, 303);
  });
}
