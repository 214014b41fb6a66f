import crypto from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isPermission, type RouteAccess } from '../domain/permissions.ts';
import { loadSession, newToken, type PendingSignIn, type Principal, type RequestMeta } from '../features/auth/service.ts';
import { translator } from '../i18n/index.ts';
import { ErrorPage } from '../ui/error-page.tsx';

/**
 * Sessions, CSRF and access, for every route, in one place:
 * - onRequest: the session cookie → `request.principal` (fully signed in) or `request.pending`
 *   (waiting for the second factor); expired, idle or disabled sessions are dropped;
 * - onRequest: the route's declared access is checked — anonymous users are sent to sign in
 *   (401 for the API and htmx), a missing permission is a 403 with no data;
 * - preValidation: every state-changing request must come from our own origin and carry the
 *   CSRF token of its session (a form field `_csrf` or the `X-CSRF-Token` header).
 */

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    pending: PendingSignIn | null;
    /** The CSRF token to put in forms of the page being rendered. */
    csrfToken(): string;
    meta(): RequestMeta;
  }
}

export function sessionCookieName(secure: boolean): string {
  // Browsers refuse a __Host- cookie without Secure, so plain-HTTP development uses a plain name.
  return secure ? '__Host-zvit_session' : 'zvit_session';
}

export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-zvit_csrf' : 'zvit_csrf';
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Pages are compressed, so a secret in a page beside text an attacker chose could be guessed from
 * the size of responses (BREACH). The CSRF token is therefore never written as it is: each time
 * as a fresh random mask followed by the token XOR the mask (both base64url), 86 characters.
 */
export function maskToken(token: string): string {
  const raw = Buffer.from(token, 'base64url');
  const mask = crypto.randomBytes(raw.length);
  const masked = Buffer.alloc(raw.length);
  for (let i = 0; i < raw.length; i++) masked[i] = raw[i]! ^ mask[i]!;
  return mask.toString('base64url') + masked.toString('base64url');
}

/** The token a masked one stands for; anything else is returned as it is (and will not match). */
export function unmaskToken(sent: string): string {
  if (!/^[A-Za-z0-9_-]{86}$/.test(sent)) return sent;
  const mask = Buffer.from(sent.slice(0, 43), 'base64url');
  const masked = Buffer.from(sent.slice(43), 'base64url');
  if (mask.length !== 32 || masked.length !== 32) return sent;
  for (let i = 0; i < 32; i++) masked[i]! ^= mask[i]!;
  return masked.toString('base64url');
}

export function refuse(request: FastifyRequest, reply: FastifyReply, status: 401 | 403, message: string) {
  if (isApi(request)) return reply.code(status).send({ error: status === 401 ? 'unauthenticated' : 'forbidden', message });
  return reply.html(ErrorPage({ tr: request.tr, kind: 'badRequest', title: message, message: '' }), { status, fragment: request.wantsFragment });
}

export default fp(
  async (app) => {
    const { config, db, clock } = app.zvit;
    const cookieName = sessionCookieName(config.secure);
    const csrfCookie = csrfCookieName(config.secure);
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.secure };
    const origin = new URL(config.baseUrl).origin;

    app.decorateRequest('principal', null);
    app.decorateRequest('pending', null);
    app.decorateRequest('csrfToken', function (this: FastifyRequest) {
      const own = this.principal?.csrfToken ?? this.pending?.csrfToken;
      if (own) return maskToken(own);
      // Before sign-in: a double-submit token in its own cookie.
      const existing = this.cookies[csrfCookie];
      if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return maskToken(existing);
      const fresh = newToken();
      this.cookies[csrfCookie] = fresh;
      (this as unknown as { _setCsrfCookie?: string })._setCsrfCookie = fresh;
      return maskToken(fresh);
    });
    app.decorateRequest('meta', function (this: FastifyRequest): RequestMeta {
      const ua = this.headers['user-agent'];
      return { ip: this.ip, userAgent: typeof ua === 'string' ? ua : null };
    });
    app.decorateReply('setSessionCookie', function (this: FastifyReply, token: string) {
      return this.setCookie(cookieName, token, cookieOptions);
    });
    app.decorateReply('clearSessionCookie', function (this: FastifyReply) {
      return this.clearCookie(cookieName, cookieOptions);
    });

    app.addHook('onRequest', async (request, reply) => {
      const token = request.cookies[cookieName];
      if (token) {
        const loaded = await loadSession(db, clock, config.session, token);
        if (loaded?.kind === 'full') {
          request.principal = loaded.principal;
          if (loaded.principal.locale) request.tr = translator(loaded.principal.locale);
        } else if (loaded?.kind === 'pending') {
          request.pending = loaded.pending;
        } else {
          reply.clearCookie(cookieName, cookieOptions);
        }
      }
      const access = request.routeOptions.config?.permission as RouteAccess | undefined;
      if (!access || access === 'public') return;
      if (!request.principal) {
        const message = request.tr.t('auth.signInRequired');
        if (isApi(request)) return refuse(request, reply, 401, message);
        if (request.headers['hx-request'] === 'true') {
          reply.header('HX-Redirect', '/login');
          return refuse(request, reply, 401, message);
        }
        if (request.method === 'GET') {
          return reply.redirect(`/login?returnTo=${encodeURIComponent(request.url)}`, 303);
        }
        return refuse(request, reply, 401, message);
      }
      if (access === 'signed-in') return;
      if (!isPermission(access) || !request.principal.permissions.has(access)) {
        request.log.warn({ userId: request.principal.userId, access, url: request.url }, 'access refused');
        return refuse(request, reply, 403, request.tr.t('auth.forbidden'));
      }
    });

    app.addHook('preValidation', async (request, reply) => {
      if (!UNSAFE.has(request.method)) return;
      const requestOrigin = request.headers.origin;
      // The page must come from this site: the configured address or the one the request was sent to.
      if (typeof requestOrigin === 'string' && requestOrigin !== origin && requestOrigin !== `${request.protocol}://${request.host}`) {
        request.log.warn({ origin: requestOrigin }, 'cross-origin request refused');
        return refuse(request, reply, 403, request.tr.t('auth.csrf'));
      }
      if (request.headers['sec-fetch-site'] === 'cross-site') return refuse(request, reply, 403, request.tr.t('auth.csrf'));
      const body = request.body as Record<string, unknown> | undefined;
      // A form field (a string), a multipart field ({ value }), or the X-CSRF-Token header.
      const field = body && typeof body === 'object' ? body._csrf : undefined;
      const fromBody = typeof field === 'string' ? field : field && typeof field === 'object' && typeof (field as { value?: unknown }).value === 'string' ? (field as { value: string }).value : undefined;
      const sent = fromBody ?? request.headers['x-csrf-token'];
      const expected = request.principal?.csrfToken ?? request.pending?.csrfToken ?? request.cookies[csrfCookie];
      if (typeof sent !== 'string' || !expected || !safeEqual(unmaskToken(sent), expected)) {
        request.log.warn({ url: request.url }, 'CSRF token missing or wrong');
        return refuse(request, reply, 403, request.tr.t('auth.csrf'));
      }
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const fresh = (request as unknown as { _setCsrfCookie?: string })._setCsrfCookie;
      if (fresh) reply.setCookie(csrfCookie, fresh, cookieOptions);
      return payload;
    });
  },
  { name: 'zvit-session', dependencies: ['zvit-context', 'zvit-render'] },
);

declare module 'fastify' {
  interface FastifyReply {
    setSessionCookie(token: string): FastifyReply;
    clearSessionCookie(): FastifyReply;
  }
}
