import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { reportingPeriods } from '../../domain/periods.ts';
import { isLocalDate } from '../../domain/dates.ts';
import { defaultViewDate } from '../../domain/plan-lifecycle.ts';
import { localDateOf } from '../../domain/time.ts';
import { listAmendments } from './amendments.ts';
import { ApiErrorBody, HttpError } from '../../plugins/errors.ts';
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
  validTo: Nullable(Type.String({ format: 'date', description: 'Exclusive: the first day this text no longer holds (an amendment changed or removed the measure); null while it holds' })),
  executors: Type.Array(Executor),
});

const Amendment = Type.Object({
  id: Type.Integer(),
  legal: Type.Object({ kind: Type.String(), number: Type.String(), date: LocalDate }),
  effectiveFrom: LocalDate,
  note: Nullable(Type.String()),
  changes: Type.Array(Type.Object({ kind: Type.Union([Type.Literal('add'), Type.Literal('edit'), Type.Literal('remove')]), measureId: Type.Union([Type.Integer(), Type.Null()]), code: Type.String() })),
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
  copiedFrom: Nullable(Type.String({ description: 'The plan this one was copied from' })),
  on: Nullable(Type.String({ format: 'date', description: 'The date the measures are as of (null for a draft: as written)' })),
  amendments: Type.Array(Amendment, { description: 'Applied amendments, in the order they took effect' }),
});

const ApiError = ApiErrorBody;

export default async function planApi(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.zvit;

  app.get(
    '/plans',
    {
      config: { permission: planPermissions.read },
      schema: { tags: ['plans'], summary: 'Plans of measures', response: { 200: Type.Object({ plans: Type.Array(PlanSummary) }) } },
    },
    async (request) => ({ plans: (await plans.listPlans(db, localDateOf(clock.now()))).filter((p) => mayReadPlan(request.principal, p)) }),
  );

  app.get(
    '/plans/:planId',
    {
      config: { permission: planPermissions.read },
      schema: {
        tags: ['plans'],
        summary: 'A plan with its goals, tasks, measures, executors and reporting periods',
        params: Type.Object({ planId: Type.String({ maxLength: 100, pattern: '^[A-Za-z0-9._-]+$' }) }),
        querystring: Type.Object({ on: Type.Optional(Type.String({ format: 'date', description: 'Show the measures as they stood on this date (default: today, kept within the plan\u2019s dates)' })) }, { additionalProperties: false }),
        response: { 200: PlanDetail, 400: ApiError, 404: ApiError },
      },
    },
    async (request) => {
      const directory = await loadDirectory(db);
      const found = await plans.getPlan(db, request.params.planId);
      if (!found || !mayReadPlan(request.principal, found)) throw new HttpError(404, 'error.notFound.title');
      const asked = request.query.on;
      if (asked && (!isLocalDate(asked) || asked < found.start || asked > found.end)) throw new HttpError(400, 'plan.api.onOutside');
      const on = asked ?? (found.state === 'draft' ? undefined : defaultViewDate(localDateOf(clock.now(), found.schedule.timeZone), found.start, found.end));
      const outline = (await plans.getPlanOutline(db, directory, found.id, { on }))!;
      const p = outline.plan;
      const applied = found.state === 'draft' ? [] : await listAmendments(db, directory, p, { withDrafts: false });
      return {
        ...p,
        on: on ?? null,
        amendments: applied.map((a) => ({ id: a.id, legal: a.legal, effectiveFrom: a.effectiveFrom, note: a.note, changes: a.changes.map((c) => ({ kind: c.kind, measureId: c.measureId, code: c.code })) })),
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
              validTo: m.validTo,
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
