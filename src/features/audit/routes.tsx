import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { pageContext } from '../../ui/page-context.ts';
import { listManagedUsers } from '../users/service.ts';
import { auditPermissions } from './policy.ts';
import { AUDIT_ACTIONS, listEvents, namesOf } from './service.ts';
import { AuditPage } from './views.tsx';

export default async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.zvit;
  app.get(
    '/audit',
    { config: { permission: auditPermissions.read }, schema: { querystring: Type.Object({ action: Type.Optional(Type.String({ maxLength: 100 })), before: Type.Optional(Type.String({ maxLength: 12 })) }, { additionalProperties: false }) } },
    async (request, reply) => {
      const raw = request.query.action ?? '';
      // Filters come from an allow-list; nothing the user sends reaches the SQL as a name.
      const action = (AUDIT_ACTIONS as readonly string[]).includes(raw) ? raw : '';
      const error = raw && !action ? request.tr.t('audit.error.action') : undefined;
      const before = /^\d{1,12}$/.test(request.query.before ?? '') ? Number(request.query.before) : undefined;
      // A coordinator or admin sees the events of the people they manage, never beyond.
      const p = request.principal!;
      const { directory, organisations, users: managed } = await listManagedUsers(db, p);
      const scope = {
        organisationIds: [...organisations],
        userIds: managed.map((u) => u.id),
        unattributed: p.roles.includes('admin') && !directory.organisation(p.organisationId)?.parentId,
      };
      const { events, nextBeforeId } = await listEvents(db, { scope, ...(action ? { action } : {}), ...(before ? { beforeId: before } : {}) });
      const names = await namesOf(db, events, (id) => directory.organisation(id)?.name);
      return reply.html(AuditPage({ ctx: pageContext(request, 'audit'), events, names, action, nextBeforeId, error }), { status: error ? 400 : 200 });
    },
  );
}
