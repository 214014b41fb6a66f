import { accountStates } from '../invitations/service.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../plugins/errors.ts';
import { problemMessages } from '../../ui/form.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { recordRefusal } from '../audit/service.ts';
import { principalActor } from '../auth/service.ts';
import * as plans from '../plans/service.ts';
import { executorsOfPlansCoordinatedBy, measuresOfGroup, measuresOfOrganisation, measuresVisibleTo } from '../plans/service.ts';
import { localDateOf } from '../../domain/time.ts';
import { countUsersOf } from '../users/service.ts';
import { GroupFormPage, MergePage, OrganisationFormPage } from './forms.tsx';
import { mergeOrganisations } from './merge.ts';
import { organisationHistory } from '../dashboards/service.ts';
import { plansReportedOn } from '../reports/service.ts';
import { listOfficials } from './officials.ts';
import { maintainedOrganisations, maintainsGroup, organisationPermissions } from './policy.ts';
import {
  addGroup,
  addOrganisation,
  directoryTree,
  groupInputOf,
  loadDirectory,
  organisationInputOf,
  subtreeOf,
  updateGroup,
  updateOrganisation,
  type Directory,
  type GroupInput,
  type OrganisationInput,
} from './service.ts';
import { DirectoryPage, GroupPage, OrganisationPage } from './views.tsx';

const ID = /^[A-Za-z0-9._-]{1,100}$/;
const csrf = Type.Optional(Type.String({ maxLength: 100 }));
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const flag = Type.Optional(Type.String({ maxLength: 10 }));

const organisationBody = Type.Object(
  {
    _csrf: csrf,
    name: text(20_000),
    renamedOn: text(100),
    shortName: text(1000),
    kind: text(100),
    parentId: text(200),
    byConsent: flag,
    email: text(1000),
    phone: text(200),
    contactPerson: text(1000),
    contactPosition: text(1000),
    edrpou: text(100),
    katottg: text(100),
    aliases: text(60_000),
    note: text(20_000),
    confirmed: flag,
  },
  { additionalProperties: false },
);

const groupBody = Type.Object(
  {
    _csrf: csrf,
    name: text(2000),
    description: text(20_000),
    byConsent: flag,
    memberIds: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 2000 })])),
    aliases: text(60_000),
  },
  { additionalProperties: false },
);

function organisationInput(body: Record<string, string | undefined>): OrganisationInput {
  const s = (k: string) => body[k] ?? '';
  return {
    name: s('name'),
    renamedOn: s('renamedOn'),
    shortName: s('shortName'),
    kind: s('kind'),
    parentId: s('parentId'),
    byConsent: body.byConsent === 'yes',
    email: s('email'),
    phone: s('phone'),
    contactPerson: s('contactPerson'),
    contactPosition: s('contactPosition'),
    edrpou: s('edrpou'),
    katottg: s('katottg'),
    aliases: s('aliases'),
    note: s('note'),
    confirmed: body.confirmed === 'yes',
  };
}

export default async function organisationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.zvit;
  const read = { config: { permission: organisationPermissions.read } };
  const manage = { permission: organisationPermissions.manage };

  /** The directory and the organisations the principal maintains (empty for other roles). */
  async function scope(request: FastifyRequest): Promise<{ directory: Directory; maintained: Set<string> }> {
    const directory = await loadDirectory(db);
    const p = request.principal!;
    if (!p.permissions.has(organisationPermissions.manage)) return { directory, maintained: new Set() };
    return { directory, maintained: maintainedOrganisations(p, directory, await executorsOfPlansCoordinatedBy(db, directory, p.organisationId)) };
  }

  /** An organisation the principal maintains, or 404 (recorded when it exists but is not theirs). */
  async function maintainedOrganisation(request: FastifyRequest, id: string) {
    if (!ID.test(id)) throw notFound();
    const s = await scope(request);
    const organisation = s.directory.organisation(id);
    if (!organisation || organisation.mergedInto || !s.maintained.has(id)) {
      if (organisation && !organisation.mergedInto) await recordRefusal(db, clock, principalActor(request.principal!, request.meta()), 'organisation', id, `${request.method} ${request.routeOptions.url}`);
      throw notFound();
    }
    return { ...s, organisation };
  }

  async function maintainedGroup(request: FastifyRequest, id: string) {
    if (!ID.test(id)) throw notFound();
    const s = await scope(request);
    const group = s.directory.group(id);
    if (!group || !maintainsGroup(s.maintained, group)) {
      if (group) await recordRefusal(db, clock, principalActor(request.principal!, request.meta()), 'group', id, `${request.method} ${request.routeOptions.url}`);
      throw notFound();
    }
    return { ...s, group };
  }

  /** Parents an organisation may report to: maintained ones, never itself or one below it. */
  function parentsFor(directory: Directory, maintained: Set<string>, editingId?: string) {
    const below = editingId ? subtreeOf(directory, editingId) : new Set<string>();
    return directory.organisations.filter((o) => maintained.has(o.id) && !o.mergedInto && !below.has(o.id));
  }

  app.get('/organisations', read, async (request, reply) => {
    const { directory, maintained } = await scope(request);
    const saved = (request.query as Record<string, unknown>).saved === '1';
    // Those who maintain the directory see who can report in Zvit at all: no user, invited, working.
    const accounts = maintained.size > 0 ? await accountStates(db, clock, [...maintained]) : null;
    return reply.html(DirectoryPage({ ctx: pageContext(request, 'organisations'), directory, tree: directoryTree(directory), mayMaintain: maintained.size > 0, accounts, notice: saved ? request.tr.t('organisations.saved') : undefined }));
  });

  // ---- organisations -----------------------------------------------------------------------------

  const organisationForm = async (request: FastifyRequest, reply: FastifyReply, values: OrganisationInput, errors: Partial<Record<keyof OrganisationInput, string>>, status: number, editingId?: string) => {
    const { directory, maintained } = await scope(request);
    const editing = editingId ? directory.organisation(editingId) : undefined;
    return reply.html(OrganisationFormPage({ ctx: pageContext(request, 'organisations'), csrf: request.csrfToken(), directory, values, errors, editing, parents: parentsFor(directory, maintained, editingId) }), { status });
  };

  app.get('/organisations/new', { config: manage }, async (request, reply) => {
    const { directory } = await scope(request);
    const root = directory.organisation(request.principal!.organisationId)?.parentId ?? request.principal!.organisationId;
    const values: OrganisationInput = { name: '', renamedOn: '', shortName: '', kind: 'community', parentId: root, byConsent: false, email: '', phone: '', contactPerson: '', contactPosition: '', edrpou: '', katottg: '', aliases: '', note: '', confirmed: true };
    return organisationForm(request, reply, values, {}, 200);
  });

  app.post('/organisations', { config: manage, schema: { body: organisationBody } }, async (request, reply) => {
    const values = organisationInput(request.body);
    const { maintained } = await scope(request);
    if (values.parentId && !maintained.has(values.parentId)) return organisationForm(request, reply, values, { parentId: request.tr.t('organisationForm.error.parentId.unknown') }, 400);
    const result = await addOrganisation(db, clock, principalActor(request.principal!, request.meta()), values);
    if ('errors' in result) return organisationForm(request, reply, values, problemMessages(request.tr, 'organisationForm.error', result.errors), 400);
    return reply.redirect(`/organisations/${encodeURIComponent(result.id)}?saved=1`, 303);
  });

  app.get<{ Params: { organisationId: string } }>('/organisations/:organisationId/edit', { config: manage }, async (request, reply) => {
    const { organisation } = await maintainedOrganisation(request, request.params.organisationId);
    return organisationForm(request, reply, organisationInputOf(organisation), {}, 200, organisation.id);
  });

  app.post<{ Params: { organisationId: string } }>('/organisations/:organisationId/edit', { config: manage, schema: { body: organisationBody } }, async (request, reply) => {
    const { organisation, maintained } = await maintainedOrganisation(request, request.params.organisationId);
    const values = organisationInput(request.body as Record<string, string | undefined>);
    if (values.parentId && values.parentId !== organisation.parentId && !maintained.has(values.parentId)) {
      return organisationForm(request, reply, values, { parentId: request.tr.t('organisationForm.error.parentId.unknown') }, 400, organisation.id);
    }
    const result = await updateOrganisation(db, clock, principalActor(request.principal!, request.meta()), organisation.id, values);
    if (result === 'no-organisation') throw notFound();
    if (result) return organisationForm(request, reply, values, problemMessages(request.tr, 'organisationForm.error', result.errors), 400, organisation.id);
    return reply.redirect(`/organisations/${encodeURIComponent(organisation.id)}?saved=1`, 303);
  });

  const mergeForm = async (request: FastifyRequest, reply: FastifyReply, organisationId: string, values: { into: string; confirm: boolean }, errors: { into?: string; confirm?: string }, status: number) => {
    const { directory, maintained } = await scope(request);
    const organisation = directory.organisation(organisationId)!;
    const candidates = directory.organisations.filter((o) => o.id !== organisationId && !o.mergedInto && maintained.has(o.id));
    const usage = { measures: (await measuresOfOrganisation(db, directory, organisationId, localDateOf(clock.now()))).filter((m) => !m.groupId).length, users: await countUsersOf(db, organisationId) };
    return reply.html(MergePage({ ctx: pageContext(request, 'organisations'), csrf: request.csrfToken(), organisation, candidates, values, errors, usage }), { status });
  };

  app.get<{ Params: { organisationId: string } }>('/organisations/:organisationId/merge', { config: manage }, async (request, reply) => {
    const { organisation } = await maintainedOrganisation(request, request.params.organisationId);
    return mergeForm(request, reply, organisation.id, { into: '', confirm: false }, {}, 200);
  });

  app.post<{ Params: { organisationId: string } }>(
    '/organisations/:organisationId/merge',
    { config: manage, schema: { body: Type.Object({ _csrf: csrf, into: text(200), confirm: flag }, { additionalProperties: false }) } },
    async (request, reply) => {
      const { organisation, maintained, directory } = await maintainedOrganisation(request, request.params.organisationId);
      const body = request.body as { into?: string; confirm?: string };
      const values = { into: body.into ?? '', confirm: body.confirm === 'yes' };
      const errors: { into?: string; confirm?: string } = {};
      const into = directory.organisation(values.into);
      if (!into || into.mergedInto || into.id === organisation.id || !maintained.has(into.id)) errors.into = request.tr.t('merge.error.into');
      if (!values.confirm) errors.confirm = request.tr.t('merge.error.confirm');
      if (Object.keys(errors).length) return mergeForm(request, reply, organisation.id, values, errors, 400);
      const problem = await mergeOrganisations(db, clock, principalActor(request.principal!, request.meta()), organisation.id, into!.id);
      if (problem) return mergeForm(request, reply, organisation.id, values, { into: request.tr.t('merge.error.into') }, 409);
      return reply.redirect(`/organisations/${encodeURIComponent(into!.id)}?merged=1`, 303);
    },
  );

  // ---- groups ---------------------------------------------------------------------------------------

  const groupForm = async (request: FastifyRequest, reply: FastifyReply, values: GroupInput, errors: Partial<Record<keyof GroupInput, string>>, status: number, editingId?: string) => {
    const { directory } = await scope(request);
    const editing = editingId ? directory.group(editingId) : undefined;
    return reply.html(GroupFormPage({ ctx: pageContext(request, 'organisations'), csrf: request.csrfToken(), directory, values, errors, editing }), { status });
  };

  const groupInput = (body: { name?: string; description?: string; byConsent?: string; memberIds?: string | string[]; aliases?: string }): GroupInput => ({
    name: body.name ?? '',
    description: body.description ?? '',
    byConsent: body.byConsent === 'yes',
    memberIds: [body.memberIds ?? []].flat(),
    aliases: body.aliases ?? '',
  });

  // Where the new group form posts, opened again: the directory lists the groups.
  app.get('/organisations/groups', read, async (_request, reply) => reply.redirect('/organisations', 303));

  app.get('/organisations/groups/new', { config: manage }, async (request, reply) => groupForm(request, reply, { name: '', description: '', byConsent: false, memberIds: [], aliases: '' }, {}, 200));

  app.post('/organisations/groups', { config: manage, schema: { body: groupBody } }, async (request, reply) => {
    const values = groupInput(request.body);
    const { directory, maintained } = await scope(request);
    if (values.memberIds.some((id) => !maintained.has(id))) return groupForm(request, reply, values, { memberIds: request.tr.t('groupForm.error.memberIds.unknown') }, 400);
    const owner = directory.organisation(request.principal!.organisationId)?.parentId ?? request.principal!.organisationId;
    const result = await addGroup(db, clock, principalActor(request.principal!, request.meta()), maintained.has(owner) ? owner : request.principal!.organisationId, values);
    if ('errors' in result) return groupForm(request, reply, values, problemMessages(request.tr, 'groupForm.error', result.errors), 400);
    return reply.redirect(`/organisations/groups/${encodeURIComponent(result.id)}?saved=1`, 303);
  });

  app.get<{ Params: { groupId: string } }>('/organisations/groups/:groupId/edit', { config: manage }, async (request, reply) => {
    const { group } = await maintainedGroup(request, request.params.groupId);
    return groupForm(request, reply, groupInputOf(group), {}, 200, group.id);
  });

  app.post<{ Params: { groupId: string } }>('/organisations/groups/:groupId/edit', { config: manage, schema: { body: groupBody } }, async (request, reply) => {
    const { group, maintained } = await maintainedGroup(request, request.params.groupId);
    const values = groupInput(request.body as never);
    // Members outside the maintainer's directory are kept as they were, never added.
    if (values.memberIds.some((id) => !maintained.has(id) && !group.memberIds.includes(id))) return groupForm(request, reply, values, { memberIds: request.tr.t('groupForm.error.memberIds.unknown') }, 400, group.id);
    // Emptying a group that measures name would leave those measures with nobody to report.
    if (values.memberIds.length === 0 && group.memberIds.length > 0) {
      const used = (await measuresOfGroup(db, group.id, localDateOf(clock.now()))).length;
      if (used > 0) return groupForm(request, reply, values, { memberIds: request.tr.t('groupForm.error.memberIds.inUse', { count: used }) }, 400, group.id);
    }
    const result = await updateGroup(db, clock, principalActor(request.principal!, request.meta()), group.id, values);
    if (result === 'no-group') throw notFound();
    if (result) return groupForm(request, reply, values, problemMessages(request.tr, 'groupForm.error', result.errors), 400, group.id);
    return reply.redirect(`/organisations/groups/${encodeURIComponent(group.id)}?saved=1`, 303);
  });

  // ---- pages --------------------------------------------------------------------------------------

  app.get<{ Params: { groupId: string } }>('/organisations/groups/:groupId', read, async (request, reply) => {
    if (!ID.test(request.params.groupId)) throw notFound();
    const { directory, maintained } = await scope(request);
    const group = directory.group(request.params.groupId);
    if (!group) throw notFound();
    // A draft plan's measures are its coordinators' business only.
    const measures = measuresVisibleTo(request.principal, await measuresOfGroup(db, group.id, localDateOf(clock.now()))).map((m) => ({ planId: m.planId, planTitle: m.planTitle, measureId: m.measureId, code: m.code, title: m.title, viaGroup: null }));
    const saved = (request.query as Record<string, unknown>).saved === '1';
    return reply.html(GroupPage({ ctx: pageContext(request, 'organisations'), directory, group, measures, mayMaintain: maintainsGroup(maintained, group), notice: saved ? request.tr.t('organisations.saved') : undefined }));
  });

  app.get<{ Params: { organisationId: string } }>('/organisations/:organisationId', read, async (request, reply) => {
    if (!ID.test(request.params.organisationId)) throw notFound();
    const { directory, maintained } = await scope(request);
    const organisation = directory.organisation(request.params.organisationId);
    if (!organisation) throw notFound();
    const measures = measuresVisibleTo(request.principal, await measuresOfOrganisation(db, directory, organisation.id, localDateOf(clock.now()))).map((m) => ({ planId: m.planId, planTitle: m.planTitle, measureId: m.measureId, code: m.code, title: m.title, viaGroup: m.groupId ? (directory.group(m.groupId)?.name ?? m.groupId) : null }));
    const query = request.query as Record<string, unknown>;
    const notice = query.merged === '1' ? request.tr.t('merge.done') : query.saved === '1' ? request.tr.t('organisations.saved') : undefined;
    const account = maintained.has(organisation.id) ? (await accountStates(db, clock, [organisation.id])).get(organisation.id) : undefined;
    const officials = (await listOfficials(db, organisation.id, { activeOnly: true })).length;
    // Its reporting history, in the plans the reader oversees (coordinates or supervises) or in all when it is the reader's own.
    const p = request.principal!;
    const today = localDateOf(clock.now());
    const overseen = (await plans.listPlans(db, today)).filter((x) => plansReportedOn(x.state) && (p.organisationId === organisation.id || (p.permissions.has('report.read-submitted') && (p.organisationId === x.coordinatorOrganisationId || p.organisationId === x.ownerOrganisationId))));
    const history = await organisationHistory(db, directory, organisation.id, overseen, today, clock.now());
    return reply.html(OrganisationPage({ ctx: pageContext(request, 'organisations'), directory, organisation, measures, mayMaintain: maintained.has(organisation.id) && !organisation.mergedInto, account, notice, officials, history }));
  });
}
