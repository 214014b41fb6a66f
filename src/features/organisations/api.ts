import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ORGANISATION_KINDS } from '../../db/schema.ts';
import { organisationPermissions } from './policy.ts';
import { loadDirectory } from './service.ts';

const NullableString = Type.Union([Type.String(), Type.Null()]);

const Organisation = Type.Object({
  id: Type.String(),
  name: Type.String(),
  shortName: NullableString,
  kind: Type.Enum([...ORGANISATION_KINDS]),
  parentId: NullableString,
  byConsent: Type.Boolean(),
  sourceConfidence: Type.Union([Type.Literal('listed'), Type.Literal('probable')]),
  katottg: NullableString,
  edrpou: NullableString,
  email: NullableString,
  phone: NullableString,
  contactPerson: NullableString,
  mergedInto: Type.Union([Type.String(), Type.Null()], { description: 'The successor of a merged organisation' }),
  aliases: Type.Array(Type.String()),
  formerNames: Type.Array(Type.Object({ name: Type.String(), validTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]) }), { description: 'Names of record before a rename, each until the date given' }),
  groupIds: Type.Array(Type.String()),
});

const Group = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: NullableString,
  byConsent: Type.Boolean(),
  memberIds: Type.Array(Type.String()),
  aliases: Type.Array(Type.String()),
});

export default async function organisationApi(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.zvit;
  app.get(
    '/organisations',
    {
      config: { permission: organisationPermissions.read },
      schema: {
        tags: ['organisations'],
        summary: 'The organisation directory (Ukrainian alphabetical order) and executor groups',
        response: { 200: Type.Object({ organisations: Type.Array(Organisation), groups: Type.Array(Group) }) },
      },
    },
    async () => {
      const directory = await loadDirectory(db);
      return {
        organisations: directory.organisations.map((o) => ({ ...o, groupIds: directory.groupsOf(o.id).map((g) => g.id) })),
        groups: directory.groups,
      };
    },
  );
}
