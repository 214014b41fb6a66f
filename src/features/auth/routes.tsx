import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requiresTotp } from '../../domain/permissions.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { sessionCookieName } from '../../plugins/session.ts';
import { pageContext } from '../../ui/page-context.ts';
import type { FieldErrors } from '../../ui/form.tsx';
import { safeReturnPath } from '../preferences/routes.ts';
import { loadDirectory } from '../organisations/service.ts';
import { calendarLinkStatus } from '../calendar/service.ts';
import { newPasswordProblem } from './service.ts';
import * as auth from './service.ts';
import { AccountPage, LinkProblemPage, RecoveryCodesPage, SecondFactorPage, SetPasswordPage, SignInPage } from './views.tsx';

const csrf = Type.Optional(Type.String({ maxLength: 100 }));
/** Form bodies are strict: a field the form does not have is refused, never applied. */
const form = <P extends Record<string, ReturnType<typeof Type.String> | ReturnType<typeof Type.Optional>>>(props: P) =>
  Type.Object({ _csrf: csrf, ...props }, { additionalProperties: false });
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

const EMAIL = /^[^\s@<>()"',;:\\[\]]+@[^\s@<>()"',;:\\[\]]+\.[^\s@<>()"',;:\\[\]]{2,}$/;

function passwordError(request: FastifyRequest, password: string, repeat: string, email: string): FieldErrors {
  const { t } = request.tr;
  const problem = newPasswordProblem(password, email);
  const errors: FieldErrors = {};
  if (problem) errors.password = t(`password.error.${problem}` as MessageKey);
  else if (password !== repeat) errors.repeat = t('password.error.mismatch');
  return errors;
}

/**
 * How long a password field may be before the form is refused as a whole: far beyond any password,
 * so that a long one (a pasted text) is told beside its field rather than with a bare 400.
 */
const PASSWORD_FIELD = 20_000;

export default async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.zvit;
  const open = { permission: 'public' as const };

  const signInForm = (request: FastifyRequest, reply: FastifyReply, values: { email: string; returnTo: string; errors: FieldErrors; notice?: string }, status = 200) =>
    reply.html(SignInPage({ ctx: pageContext(request), csrf: request.csrfToken(), ...values }), { status });

  app.get('/login', { config: open, schema: { querystring: Type.Object({ returnTo: text(2000), done: text(10) }, { additionalProperties: true }) } }, async (request, reply) => {
    if (request.principal) return reply.redirect(safeReturnPath(request.query.returnTo ?? '/'), 303);
    const notice = request.query.done === '1' ? request.tr.t('link.done') : undefined;
    return signInForm(request, reply, { email: '', returnTo: safeReturnPath(request.query.returnTo ?? '/'), errors: {}, notice });
  });

  app.post(
    '/login',
    { config: open, schema: { body: form({ email: text(auth.MAX_EMAIL + 100), password: text(PASSWORD_FIELD), returnTo: text(2000) }) } },
    async (request, reply) => {
      const { t } = request.tr;
      const email = (request.body.email ?? '').trim();
      const password = request.body.password ?? '';
      const returnTo = safeReturnPath(request.body.returnTo ?? '/');
      const errors: FieldErrors = {};
      if (!email) errors.email = t('auth.error.emailEmpty');
      else if (email.length > auth.MAX_EMAIL || !EMAIL.test(email)) errors.email = t('auth.error.emailInvalid');
      if (!password) errors.password = t('auth.error.passwordEmpty');
      // Said beside the field, and never hashed: no password in Zvit is this long.
      else if (password.length > auth.MAX_PASSWORD_INPUT) errors.password = t('password.error.tooLong');
      if (Object.keys(errors).length) return signInForm(request, reply, { email, returnTo, errors }, 400);

      const previous = request.cookies[sessionCookieName(config.secure)];
      const result = await auth.signIn(db, clock, config.passwordHash, config.session, { email, password, previousToken: previous }, request.meta());
      if (result.outcome === 'throttled') {
        const minutes = Math.max(1, Math.ceil(result.retryAfterMs / 60_000));
        reply.header('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
        return signInForm(request, reply, { email, returnTo, errors: { email: t('auth.error.throttled', { minutes }) } }, 429);
      }
      if (result.outcome === 'invalid') return signInForm(request, reply, { email, returnTo, errors: { email: t('auth.error.invalid') } }, 400);
      reply.setSessionCookie(result.token);
      if (result.outcome === 'second-factor') return reply.redirect(`/login/second-factor?returnTo=${encodeURIComponent(returnTo)}`, 303);
      return reply.redirect(returnTo, 303);
    },
  );

  const secondFactorPage = async (request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) => {
    const pending = request.pending!;
    const enrolment = pending.enrolled ? null : ((await auth.currentEnrolment(db, pending.userId)) ?? (await auth.startEnrolment(db, clock, pending.userId)));
    const returnTo = safeReturnPath((request.query as { returnTo?: string }).returnTo ?? '/');
    return reply.html(
      SecondFactorPage({ ctx: pageContext(request), csrf: request.csrfToken(), error, enrolment, action: `/login/second-factor?returnTo=${encodeURIComponent(returnTo)}` }),
      { status },
    );
  };

  app.get('/login/second-factor', { config: open, schema: { querystring: Type.Object({ returnTo: text(2000) }, { additionalProperties: true }) } }, async (request, reply) => {
    if (!request.pending) return reply.redirect('/login', 303);
    return secondFactorPage(request, reply);
  });

  app.post(
    '/login/second-factor',
    { config: open, schema: { body: form({ code: text(64) }), querystring: Type.Object({ returnTo: text(2000) }, { additionalProperties: true }) } },
    async (request, reply) => {
      const pending = request.pending;
      if (!pending) return reply.redirect('/login', 303);
      const { t } = request.tr;
      const code = (request.body.code ?? '').trim();
      const returnTo = safeReturnPath(request.query.returnTo ?? '/');
      if (!code) return secondFactorPage(request, reply, t('auth.error.codeEmpty'), 400);
      if (!pending.enrolled) {
        const codes = await auth.confirmEnrolment(db, clock, pending.userId, code, request.meta());
        if (!codes) return secondFactorPage(request, reply, t('auth.error.codeInvalid'), 400);
        const token = await auth.completeAfterEnrolment(db, clock, pending, request.meta());
        if (!token) return reply.redirect('/login', 303);
        reply.setSessionCookie(token);
        return reply.html(RecoveryCodesPage({ ctx: { tr: request.tr, path: request.url }, codes, next: returnTo }));
      }
      const result = await auth.completeSecondFactor(db, clock, pending, code, request.meta());
      if (!result.ok) {
        if (result.reason === 'throttled') {
          const minutes = Math.max(1, Math.ceil((result.retryAfterMs ?? 60_000) / 60_000));
          return secondFactorPage(request, reply, t('auth.error.throttled', { minutes }), 429);
        }
        return secondFactorPage(request, reply, t('auth.error.codeInvalid'), 400);
      }
      reply.setSessionCookie(result.token);
      return reply.redirect(returnTo, 303);
    },
  );

  app.post('/login/cancel', { config: open, schema: { body: form({}) } }, async (request, reply) => {
    if (request.pending) await auth.abandonPending(db, request.pending);
    reply.clearSessionCookie();
    return reply.redirect('/login', 303);
  });

  app.post('/logout', { config: open, schema: { body: form({}) } }, async (request, reply) => {
    if (request.principal) await auth.signOut(db, clock, request.principal, request.meta());
    else if (request.pending) await auth.abandonPending(db, request.pending);
    reply.clearSessionCookie();
    return reply.redirect('/login', 303);
  });

  // ---- my account ----

  const accountPage = async (request: FastifyRequest, reply: FastifyReply, notice?: string) => {
    const p = request.principal!;
    const [directory, sessions, recoveryLeft, twoStep, calendar] = await Promise.all([
      loadDirectory(db),
      auth.listOwnSessions(db, p),
      auth.unusedRecoveryCodes(db, p.userId),
      auth.isTotpEnrolled(db, p.userId),
      calendarLinkStatus(db, p.userId),
    ]);
    return reply.html(
      AccountPage({
        ctx: pageContext(request, 'account'),
        csrf: request.csrfToken(),
        displayName: p.displayName,
        email: p.email,
        organisationName: directory.organisation(p.organisationId)?.name ?? p.organisationId,
        roles: p.roles,
        twoStep,
        recoveryLeft,
        sessions,
        calendar,
        notice,
      }),
    );
  };


  app.get('/account', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).done;
    const notice = done === 'calendar-revoked' ? request.tr.t('account.calendar.revoked') : done === 'calendar-none' ? request.tr.t('account.calendar.nothingToRevoke') : undefined;
    return accountPage(request, reply, notice);
  });

  app.post('/account/sessions/:handle/end', { config: { permission: 'signed-in' }, schema: { body: form({}), params: Type.Object({ handle: Type.String({ maxLength: 64 }) }) } }, async (request, reply) => {
    const ended = await auth.endOwnSession(db, clock, request.principal!, request.params.handle, request.meta());
    if (!ended) return reply.callNotFound();
    return accountPage(request, reply, request.tr.t('account.sessionEnded'));
  });

  app.post('/account/sessions/end-others', { config: { permission: 'signed-in' }, schema: { body: form({}) } }, async (request, reply) => {
    const n = await auth.endOtherSessions(db, clock, request.principal!, request.meta());
    return accountPage(request, reply, request.tr.t('account.sessionsEnded', { count: n }));
  });

  app.get('/account/two-step', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const p = request.principal!;
    if (await auth.isTotpEnrolled(db, p.userId)) return reply.redirect('/account', 303);
    const enrolment = (await auth.currentEnrolment(db, p.userId)) ?? (await auth.startEnrolment(db, clock, p.userId));
    return reply.html(SecondFactorPage({ ctx: pageContext(request, 'account'), csrf: request.csrfToken(), enrolment, optional: !requiresTotp(p.roles), action: '/account/two-step' }));
  });

  app.post('/account/two-step', { config: { permission: 'signed-in' }, schema: { body: form({ code: text(64) }) } }, async (request, reply) => {
    const p = request.principal!;
    if (await auth.isTotpEnrolled(db, p.userId)) return reply.redirect('/account', 303);
    const codes = await auth.confirmEnrolment(db, clock, p.userId, (request.body.code ?? '').trim(), request.meta());
    if (!codes) {
      const enrolment = await auth.currentEnrolment(db, p.userId);
      return reply.html(
        SecondFactorPage({ ctx: pageContext(request, 'account'), csrf: request.csrfToken(), enrolment, optional: true, action: '/account/two-step', error: request.tr.t('auth.error.codeInvalid') }),
        { status: 400 },
      );
    }
    return reply.html(RecoveryCodesPage({ ctx: pageContext(request, 'account'), codes, next: '/account' }));
  });

  app.post('/account/recovery-codes', { config: { permission: 'signed-in' }, schema: { body: form({}) } }, async (request, reply) => {
    const p = request.principal!;
    if (!(await auth.isTotpEnrolled(db, p.userId))) return reply.redirect('/account/two-step', 303);
    const codes = await auth.regenerateRecoveryCodes(db, clock, p, request.meta());
    return reply.html(RecoveryCodesPage({ ctx: pageContext(request, 'account'), codes, next: '/account' }));
  });

  // ---- one-time links: invitation and password reset ----

  for (const [prefix, purpose] of [
    ['/invitation', 'invitation'],
    ['/password-reset', 'password_reset'],
  ] as const) {
    app.get(`${prefix}/:token`, { config: open, schema: { params: Type.Object({ token: Type.String({ maxLength: 200 }) }) } }, async (request, reply) => {
      const check = await auth.checkToken(db, clock, request.params.token, purpose);
      if (!check.ok) return reply.html(LinkProblemPage({ ctx: pageContext(request), reason: check.reason }), { status: check.reason === 'invalid' ? 404 : 410 });
      return reply.html(
        SetPasswordPage({ ctx: pageContext(request), csrf: request.csrfToken(), kind: purpose, action: `${prefix}/${request.params.token}`, name: check.displayName, email: check.email, organisation: check.organisation, errors: {} }),
      );
    });

    app.post(
      `${prefix}/:token`,
      { config: open, schema: { params: Type.Object({ token: Type.String({ maxLength: 200 }) }), body: form({ password: text(PASSWORD_FIELD), repeat: text(PASSWORD_FIELD), username: text(300) }) } },
      async (request, reply) => {
        const check = await auth.checkToken(db, clock, request.params.token, purpose);
        if (!check.ok) return reply.html(LinkProblemPage({ ctx: pageContext(request), reason: check.reason }), { status: check.reason === 'invalid' ? 404 : 410 });
        const password = request.body.password ?? '';
        const errors = passwordError(request, password, request.body.repeat ?? '', check.email);
        if (Object.keys(errors).length) {
          return reply.html(
            SetPasswordPage({ ctx: pageContext(request), csrf: request.csrfToken(), kind: purpose, action: `${prefix}/${request.params.token}`, name: check.displayName, email: check.email, organisation: check.organisation, errors }),
            { status: 400 },
          );
        }
        const done = await auth.setPasswordWithToken(db, clock, config.passwordHash, request.params.token, purpose, password, request.meta());
        if (!done.ok) return reply.html(LinkProblemPage({ ctx: pageContext(request), reason: done.reason }), { status: 410 });
        return reply.redirect('/login?done=1', 303);
      },
    );
  }
}
