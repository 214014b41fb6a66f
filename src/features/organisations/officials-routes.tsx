import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../plugins/errors.ts';
import { problemMessages } from '../../ui/form.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { recordRefusal } from '../audit/service.ts';
import { principalActor } from '../auth/service.ts';
import { executorsOfPlansCoordinatedBy } from '../plans/service.ts';
import { addOfficial, editOfficial, findOfficial, listOfficials, moveOfficial, setOfficialArchived, type OfficialField, type OfficialInput } from './officials.ts';
import { OfficialEditPage, OfficialsPage, officialsHref } from './officials-views.tsx';
import { maintainedOrganisations, organisationPermissions } from './policy.ts';
import { loadDirectory } from './service.ts';

const ID = /^[A-Za-z0-9._-]{1,100}$/;
const OFFICIAL_ID = /^\d{1,9}$/;
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const officialBody = Type.Object({ _csrf: text(100), position: text(2000), givenName: text(1000), surname: text(1000), phone: text(1000) }, { additionalProperties: false });
const NOTICES = ['added', 'saved', 'archived', 'restored', 'moved'] as const;
const EMPTY: OfficialInput = { position: '', givenName: '', surname: '', phone: '' };

/**
 * The officials of an organisation (the signatories of its documents): read by whoever reads the
 * directory; kept by whoever maintains the organisation — a coordinator keeps their own.
 */
export default async function officialRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.zvit;
  const read = { permission: organisationPermissions.read };
  const manage = { permission: organisationPermissions.manage };

  async function organisationOf(request: FastifyRequest, id: string) {
    if (!ID.test(id)) throw notFound();
    const directory = await loadDirectory(db);
    const organisation = directory.organisation(id);
    if (!organisation) throw notFound();
    const p = request.principal!;
    const maintained = p.permissions.has(organisationPermissions.manage) ? maintainedOrganisations(p, directory, await executorsOfPlansCoordinatedBy(db, directory, p.organisationId)) : new Set<string>();
    // A coordinator keeps their own organisation's officials (its director signs their documents).
    const mayMaintain = !organisation.mergedInto && p.permissions.has(organisationPermissions.manage) && (maintained.has(id) || p.organisationId === id);
    return { organisation, mayMaintain };
  }

  /** The organisation, when the principal keeps its officials; else 404 (recorded: an id swap). */
  async function kept(request: FastifyRequest, id: string) {
    const o = await organisationOf(request, id);
    if (!o.mayMaintain) {
      await recordRefusal(db, clock, principalActor(request.principal!, request.meta()), 'organisation', id, `${request.method} ${request.routeOptions.url}`);
      throw notFound();
    }
    return o.organisation;
  }

  async function official(organisationId: string, raw: string) {
    if (!OFFICIAL_ID.test(raw)) throw notFound();
    const found = await findOfficial(db, organisationId, Number(raw));
    if (!found) throw notFound();
    return found;
  }

  const input = (body: Record<string, string | undefined>): OfficialInput => ({ position: body.position ?? '', givenName: body.givenName ?? '', surname: body.surname ?? '', phone: body.phone ?? '' });

  async function listPage(request: FastifyRequest, reply: FastifyReply, id: string, values: OfficialInput = EMPTY, errors: Partial<Record<OfficialField, string>> = {}, status = 200) {
    const { organisation, mayMaintain } = await organisationOf(request, id);
    const q = request.query as Record<string, unknown>;
    const done = NOTICES.find((n) => n === q.done);
    return reply.html(
      OfficialsPage({ ctx: pageContext(request, 'organisations'), csrf: request.csrfToken(), organisation, officials: await listOfficials(db, organisation.id), mayMaintain, values, errors, notice: done && status === 200 ? request.tr.t(`officials.notice.${done}`) : undefined }),
      { status },
    );
  }

  app.get<{ Params: { organisationId: string } }>('/organisations/:organisationId/officials', { config: read }, async (request, reply) => listPage(request, reply, request.params.organisationId));

  app.post<{ Params: { organisationId: string } }>('/organisations/:organisationId/officials', { config: manage, schema: { body: officialBody } }, async (request, reply) => {
    const organisation = await kept(request, request.params.organisationId);
    const values = input(request.body as Record<string, string | undefined>);
    const result = await addOfficial(db, clock, principalActor(request.principal!, request.meta()), organisation.id, values);
    if ('errors' in result) return listPage(request, reply, organisation.id, values, problemMessages(request.tr, 'officials.error', result.errors), 400);
    return reply.redirect(`${officialsHref(organisation.id)}?done=added#official-${result.id}`, 303);
  });

  app.get<{ Params: { organisationId: string; officialId: string } }>('/organisations/:organisationId/officials/:officialId/edit', { config: manage }, async (request, reply) => {
    const organisation = await kept(request, request.params.organisationId);
    const found = await official(organisation.id, request.params.officialId);
    const values = { position: found.position, givenName: found.givenName, surname: found.surname, phone: found.phone ?? '' };
    return reply.html(OfficialEditPage({ ctx: pageContext(request, 'organisations'), csrf: request.csrfToken(), organisation, official: found, values, errors: {} }));
  });

  app.post<{ Params: { organisationId: string; officialId: string } }>('/organisations/:organisationId/officials/:officialId/edit', { config: manage, schema: { body: officialBody } }, async (request, reply) => {
    const organisation = await kept(request, request.params.organisationId);
    const found = await official(organisation.id, request.params.officialId);
    const values = input(request.body as Record<string, string | undefined>);
    const result = await editOfficial(db, clock, principalActor(request.principal!, request.meta()), organisation.id, found.id, values);
    if (result === 'gone') throw notFound();
    if (result) return reply.html(OfficialEditPage({ ctx: pageContext(request, 'organisations'), csrf: request.csrfToken(), organisation, official: found, values, errors: problemMessages(request.tr, 'officials.error', result.errors) }), { status: 400 });
    return reply.redirect(`${officialsHref(organisation.id)}?done=saved#official-${found.id}`, 303);
  });

  const flagBody = (name: string) => Type.Object({ _csrf: text(100), [name]: text(10) }, { additionalProperties: false });

  app.post<{ Params: { organisationId: string; officialId: string }; Body: { archived?: string } }>('/organisations/:organisationId/officials/:officialId/archive', { config: manage, schema: { body: flagBody('archived') } }, async (request, reply) => {
    const organisation = await kept(request, request.params.organisationId);
    const found = await official(organisation.id, request.params.officialId);
    const archived = request.body.archived !== 'no';
    await setOfficialArchived(db, clock, principalActor(request.principal!, request.meta()), organisation.id, found.id, archived);
    return reply.redirect(`${officialsHref(organisation.id)}?done=${archived ? 'archived' : 'restored'}#official-${found.id}`, 303);
  });

  app.post<{ Params: { organisationId: string; officialId: string }; Body: { direction?: string } }>('/organisations/:organisationId/officials/:officialId/move', { config: manage, schema: { body: flagBody('direction') } }, async (request, reply) => {
    const organisation = await kept(request, request.params.organisationId);
    const found = await official(organisation.id, request.params.officialId);
    const direction = request.body.direction === 'up' ? 'up' : 'down';
    await moveOfficial(db, clock, principalActor(request.principal!, request.meta()), organisation.id, found.id, direction);
    return reply.redirect(`${officialsHref(organisation.id)}?done=moved#official-${found.id}`, 303);
  });
}
