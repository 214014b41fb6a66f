import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ROLES, type Role } from '../../db/schema.ts';
import { notFound } from '../../plugins/errors.ts';
import { problemMessages, type FieldErrors } from '../../ui/form.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { recordRefusal } from '../audit/service.ts';
import { principalActor, TOKEN_LIFETIME_HOURS } from '../auth/service.ts';
import { grantableRoles, mayManageUser, userPermissions } from './policy.ts';
import { loadProfile, saveProfile, type ProfileInput } from './profile.ts';
import * as users from './service.ts';
import { InvitePage, LinkPage, UserPage, UsersPage, type InviteValues } from './views.tsx';

const EMAIL = /^[^\s@<>()"',;:\\[\]]+@[^\s@<>()"',;:\\[\]]+\.[^\s@<>()"',;:\\[\]]{2,}$/;
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const csrf = Type.Optional(Type.String({ maxLength: 100 }));
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

export default async function userRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.zvit;
  const manage = { permission: userPermissions.manage };

  const scope = (request: FastifyRequest) => users.managedScope(db, request.principal!);

  /** A user the principal manages, or a 404 (another organisation's user is not revealed). */
  async function managedUser(request: FastifyRequest, id: string) {
    const s = await scope(request);
    const user = USER_ID.test(id) ? await users.getUser(db, id) : undefined;
    if (!user || !mayManageUser(request.principal!, s.organisations, user)) {
      request.log.warn({ userId: request.principal!.userId, target: id }, 'user outside the managed scope refused');
      if (user) await recordRefusal(db, clock, principalActor(request.principal!, request.meta()), 'user', user.id, `${request.method} ${request.routeOptions.url}`);
      throw notFound();
    }
    return { ...s, user };
  }

  const linkUrl = (purpose: 'invitation' | 'password_reset', token: string) => `${config.baseUrl}/${purpose === 'invitation' ? 'invitation' : 'password-reset'}/${token}`;
  const until = (purpose: 'invitation' | 'password_reset') => new Date(clock.now().getTime() + TOKEN_LIFETIME_HOURS[purpose] * 3600_000).toISOString();

  app.get('/users', { config: manage }, async (request, reply) => {
    const { directory, users: list } = await users.listManagedUsers(db, request.principal!);
    return reply.html(UsersPage({ ctx: pageContext(request, 'users'), users: list, directory }));
  });

  const invitePage = async (request: FastifyRequest, reply: FastifyReply, values: InviteValues, errors: FieldErrors, status = 200) => {
    const { directory, organisations } = await scope(request);
    const orgIds = directory.organisations.filter((o) => organisations.has(o.id)).map((o) => o.id);
    const roles = ROLES.filter((r) => orgIds.some((id) => grantableRoles(request.principal!, id).includes(r)));
    return reply.html(InvitePage({ ctx: pageContext(request, 'users'), csrf: request.csrfToken(), values, errors, organisations: orgIds, roles, directory }), { status });
  };

  app.get('/users/new', { config: manage }, async (request, reply) => invitePage(request, reply, { email: '', displayName: '', organisationId: '', role: 'executor' }, {}));

  app.post(
    '/users',
    {
      config: manage,
      schema: { body: Type.Object({ _csrf: csrf, email: text(400), displayName: text(400), organisationId: text(200), role: text(40) }, { additionalProperties: false }) },
    },
    async (request, reply) => {
      const { t } = request.tr;
      const values: InviteValues = {
        email: (request.body.email ?? '').trim(),
        displayName: (request.body.displayName ?? '').trim(),
        organisationId: request.body.organisationId ?? '',
        role: request.body.role ?? '',
      };
      const errors: FieldErrors = {};
      if (!values.email) errors.email = t('auth.error.emailEmpty');
      else if (values.email.length > 254 || !EMAIL.test(values.email)) errors.email = t('auth.error.emailInvalid');
      else if (await users.emailTaken(db, values.email)) errors.email = t('users.error.emailTaken');
      if (!values.displayName) errors.displayName = t('users.error.displayNameEmpty');
      else if (values.displayName.length > 200) errors.displayName = t('users.error.displayNameLong');
      const { organisations } = await scope(request);
      if (!organisations.has(values.organisationId)) errors.organisationId = t('users.error.organisation');
      else if (!grantableRoles(request.principal!, values.organisationId).includes(values.role as Role)) errors.role = t('users.error.role');
      if (Object.keys(errors).length) return invitePage(request, reply, values, errors, 400);
      const { userId, token } = await users.inviteUser(db, clock, principalActor(request.principal!, request.meta()), { ...values, role: values.role as Role });
      const user = (await users.getUser(db, userId))!;
      return reply.html(LinkPage({ ctx: pageContext(request, 'users'), user, purpose: 'invitation', link: linkUrl('invitation', token), until: until('invitation') }), { status: 201 });
    },
  );

  const idParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
  const emptyBody = Type.Object({ _csrf: csrf }, { additionalProperties: false });

  const userPage = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { notice?: string; errors?: FieldErrors; profile?: ProfileInput } = {}, status = 200) => {
    const { directory, user } = await managedUser(request, id);
    const p = request.principal!;
    const stored = await loadProfile(db, user.id);
    const profile = extra.profile ?? { position: stored.position, phone: stored.phone };
    return reply.html(
      UserPage({ ctx: pageContext(request, 'users'), csrf: request.csrfToken(), user, directory, grantable: grantableRoles(p, user.organisationId), self: user.id === p.userId, ...extra, profile }),
      { status },
    );
  };

  app.get('/users/:id', { config: manage, schema: { params: idParams } }, async (request, reply) => userPage(request, reply, request.params.id));

  app.post('/users/:id/link', { config: manage, schema: { params: idParams, body: emptyBody } }, async (request, reply) => {
    const { user } = await managedUser(request, request.params.id);
    if (user.id === request.principal!.userId || user.status === 'disabled') return userPage(request, reply, user.id, { errors: { roles: request.tr.t('users.error.self') } }, 400);
    const { token, purpose } = await users.issueLink(db, clock, principalActor(request.principal!, request.meta()), user);
    return reply.html(LinkPage({ ctx: pageContext(request, 'users'), user, purpose, link: linkUrl(purpose, token), until: until(purpose) }));
  });

  for (const action of ['disable', 'enable'] as const) {
    app.post(`/users/:id/${action}`, { config: manage, schema: { params: idParams, body: emptyBody } }, async (request, reply) => {
      const { user } = await managedUser(request, request.params.id);
      if (user.id === request.principal!.userId) return userPage(request, reply, user.id, { errors: { roles: request.tr.t('users.error.self') } }, 400);
      await users.setUserDisabled(db, clock, principalActor(request.principal!, request.meta()), user.id, action === 'disable');
      return userPage(request, reply, user.id, { notice: request.tr.t(action === 'disable' ? 'users.disabledNotice' : 'users.enabledNotice') });
    });
  }

  // The position and phone of a user who cannot set them (yet): the executor line of their documents.
  app.post(
    '/users/:id/profile',
    { config: manage, schema: { params: idParams, body: Type.Object({ _csrf: csrf, position: text(2000), phone: text(1000) }, { additionalProperties: false }) } },
    async (request, reply) => {
      const { user } = await managedUser(request, request.params.id);
      const profile = { position: request.body.position ?? '', phone: request.body.phone ?? '' };
      const result = await saveProfile(db, clock, principalActor(request.principal!, request.meta()), user.id, profile);
      if (result) return userPage(request, reply, user.id, { errors: problemMessages(request.tr, 'profile.error', result.errors), profile }, 400);
      return userPage(request, reply, user.id, { notice: request.tr.t('profile.saved') });
    },
  );

  app.post(
    '/users/:id/roles',
    {
      config: manage,
      schema: {
        params: idParams,
        body: Type.Object({ _csrf: csrf, roles: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })])) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const { user } = await managedUser(request, request.params.id);
      const p = request.principal!;
      if (user.id === p.userId) return userPage(request, reply, user.id, { errors: { roles: request.tr.t('users.error.self') } }, 400);
      const asked = [request.body.roles ?? []].flat();
      const grantable = grantableRoles(p, user.organisationId);
      // Roles the principal may not grant stay as they were; asking for one is refused.
      if (asked.length === 0 || asked.some((r) => !grantable.includes(r as Role))) {
        return userPage(request, reply, user.id, { errors: { roles: request.tr.t('users.error.roles') } }, 400);
      }
      const kept = user.roles.filter((r) => !grantable.includes(r));
      const roles = [...new Set([...kept, ...(asked as Role[])])];
      await users.setUserRoles(db, clock, principalActor(p, request.meta()), user, roles);
      return userPage(request, reply, user.id, { notice: request.tr.t('users.rolesSaved') });
    },
  );
}
