import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { reportingPeriods } from '../../domain/periods.ts';
import { HttpError } from '../../plugins/errors.ts';
import { groupDisplayName, loadDirectory } from '../organisations/service.ts';
import { mayReadPlan, planPermissions } from './policy.ts';
import * as plans from './service.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const LocalDate = Type.String({ format: 'date', description: 'A local date, YYYY-MM-DD' });
const PlanState = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('closed'), Type.Literal('archived')]);

const Schedule = Type.Object({
  periodKind: Type.Union([Type.Literal('half_year'), Type.Literal('quarter')]),
  executorDueDay: Type.Integer(),
  consolidationDueDay: Type.Integer(),
  timeZone: Type.String(),
  moveWeekendDeadlines: Type.Boolean(),
});

const PlanSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  shortTitle: Nullable(Type.String()),
  state: PlanState,
  legal: Type.Object({ kind: Type.String(), issuer: Type.String(), number: Type.String(), date: LocalDate }),
  start: LocalDate,
  end: LocalDate,
  ownerOrganisationId: Type.String(),
  coordinatorOrganisationId: Type.String(),
  schedule: Schedule,
  measureCount: Type.Integer(),
});

const Executor = Type.Object({
  type: Type.Union([Type.Literal('organisation'), Type.Literal('group')]),
  id: Type.String(),
  name: Type.String(),
  isLead: Type.Boolean(),
  byConsent: Type.Boolean(),
  asWritten: Nullable(Type.String()),
  memberIds: Type.Optional(Type.Array(Type.String(), { description: 'For a group: the organisations that report for it' })),
});

const Measure = Type.Object({
  id: Type.Integer({ description: 'The measure\u2019s stable identity across amendments' }),
  code: Type.String(),
  title: Type.String(),
  deadline: Type.Object({
    asWritten: Nullable(Type.String()),
    from: Nullable(LocalDate),
    to: Nullable(LocalDate),
    permanent: Type.Boolean(),
    note: Nullable(Type.String({ description: '"not_stated" when the order gives no deadline' })),
  }),
  note: Nullable(Type.String()),
  validFrom: LocalDate,
  executors: Type.Array(Executor),
});

const Period = Type.Object({
  key: Type.String(),
  label: Type.String(),
  start: LocalDate,
  end: LocalDate,
  executorDeadline: LocalDate,
  consolidationDeadline: LocalDate,
});

const PlanDetail = Type.Object({
  ...PlanSummary.properties,
  goals: Type.Array(
    Type.Object({
      number: Type.Integer(),
      title: Type.String(),
      tasks: Type.Array(Type.Object({ number: Type.Integer(), title: Type.String(), measures: Type.Array(Measure) })),
    }),
  ),
  periods: Type.Array(Period),
});

const ApiError = Type.Object({ error: Type.String(), message: Type.String() });

export default async function planApi(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.zvit;

  app.get(
    '/plans',
    {
      config: { permission: planPermissions.read },
      schema: { tags: ['plans'], summary: 'Plans of measures', response: { 200: Type.Object({ plans: Type.Array(PlanSummary) }) } },
    },
    async (request) => ({ plans: (await plans.listPlans(db)).filter((p) => mayReadPlan(request.principal, p)) }),
  );

  app.get(
    '/plans/:planId',
    {
      config: { permission: planPermissions.read },
      schema: {
        tags: ['plans'],
        summary: 'A plan with its goals, tasks, measures, executors and reporting periods',
        params: Type.Object({ planId: Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' }) }),
        response: { 200: PlanDetail, 404: ApiError },
      },
    },
    async (request) => {
      const directory = await loadDirectory(db);
      const outline = await plans.getPlanOutline(db, directory, request.params.planId);
      if (!outline || !mayReadPlan(request.principal, outline.plan)) throw new HttpError(404, 'error.notFound.title');
      const p = outline.plan;
      return {
        ...p,
        measureCount: outline.total,
        goals: outline.goals.map((g) => ({
          number: g.number,
          title: g.title,
          tasks: g.tasks.map((t) => ({
            number: t.number,
            title: t.title,
            measures: t.measures.map((m) => ({
              id: m.id,
              code: m.code,
              title: m.title,
              deadline: { asWritten: m.deadlineText, from: m.deadlineFrom, to: m.deadlineTo, permanent: m.permanent, note: m.deadlineNote },
              note: m.note,
              validFrom: m.validFrom,
              executors: m.executors.map((e) => {
                if (e.type === 'group') {
                  const group = directory.group(e.id);
                  return {
                    ...e,
                    name: group ? groupDisplayName(group, request.tr.t('measure.byConsent')) : e.id,
                    memberIds: group?.memberIds ?? [],
                  };
                }
                return { ...e, name: directory.organisation(e.id)?.name ?? e.id };
              }),
            })),
          })),
        })),
        periods: reportingPeriods(p.schedule, p.start, p.end).map((period) => ({
          key: period.key,
          label: period.label,
          start: period.start,
          end: period.end,
          executorDeadline: period.executorDeadline.date,
          consolidationDeadline: period.consolidationDeadline.date,
        })),
      };
    },
  );
}
