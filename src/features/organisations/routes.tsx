import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { measuresOfGroup, measuresOfOrganisation } from '../plans/service.ts';
import { organisationPermissions } from './policy.ts';
import { directoryTree, loadDirectory } from './service.ts';
import { DirectoryPage, GroupPage, OrganisationPage } from './views.tsx';

const ID = /^[A-Za-z0-9._-]{1,100}$/;


export default async function organisationRoutes(app: FastifyInstance) {
  const { db } = app.zvit;
  const read = { config: { permission: organisationPermissions.read } };

  app.get('/organisations', read, async (request, reply) => {
    const directory = await loadDirectory(db);
    return reply.html(DirectoryPage({ ctx: pageContext(request, 'organisations'), directory, tree: directoryTree(directory) }));
  });

  app.get<{ Params: { groupId: string } }>('/organisations/groups/:groupId', read, async (request, reply) => {
    if (!ID.test(request.params.groupId)) throw notFound();
    const directory = await loadDirectory(db);
    const group = directory.group(request.params.groupId);
    if (!group) throw notFound();
    const measures = (await measuresOfGroup(db, group.id)).map((r) => ({ planId: r.plan_id, planTitle: '', measureId: Number(r.measure_id), code: r.code, title: r.title, viaGroup: null }));
    return reply.html(GroupPage({ ctx: pageContext(request, 'organisations'), directory, group, measures }));
  });

  app.get<{ Params: { organisationId: string } }>('/organisations/:organisationId', read, async (request, reply) => {
    if (!ID.test(request.params.organisationId)) throw notFound();
    const directory = await loadDirectory(db);
    const organisation = directory.organisation(request.params.organisationId);
    if (!organisation) throw notFound();
    const rows = await measuresOfOrganisation(db, directory, organisation.id);
    const measures = rows.map((r) => ({
      planId: r.plan_id,
      planTitle: r.plan_title,
      measureId: Number(r.measure_id),
      code: r.code,
      title: r.title,
      viaGroup: r.group_id ? (directory.group(r.group_id)?.name ?? r.group_id) : null,
    }));
    return reply.html(OrganisationPage({ ctx: pageContext(request, 'organisations'), directory, organisation, measures }));
  });
}
