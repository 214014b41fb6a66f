import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiErrorBody, HttpError, notFound } from '../../plugins/errors.ts';
import { principalActor } from '../auth/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { NUMERIC_ID, reachReport } from './access.ts';
import { reportMode, reportPermissions } from './policy.ts';
import { ENTRY_BODY_LIMIT, entryMessages } from './routes.tsx';
import * as reports from './service.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const LocalDate = Type.String({ format: 'date', description: 'A local date, YYYY-MM-DD' });
const Instant = Type.String({ format: 'date-time' });
const ReportState = Type.Union([Type.Literal('not_started'), Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('returned'), Type.Literal('accepted')], {
  description: 'not_started: owed, nothing saved yet',
});
const EntryState = Type.Union([Type.Literal('done'), Type.Literal('in_progress'), Type.Literal('not_done'), Type.Literal('not_held'), Type.Null()], {
  description: 'done (виконано), in_progress (виконується), not_done (не виконано — reason required), not_held (заходи не проводились — reason required)',
});

const Period = Type.Object({ key: Type.String({ description: 'e.g. "2024-H1"' }), start: LocalDate, end: LocalDate, executorDeadline: LocalDate });

const ReportSummary = Type.Object({
  planId: Type.String(),
  planTitle: Type.String(),
  organisationId: Type.String(),
  period: Period,
  state: ReportState,
  measureCount: Type.Integer(),
  updatedAt: Nullable(Instant),
  submittedAt: Nullable(Instant),
  late: Type.Boolean({ description: 'Submitted after the deadline, or not submitted and the deadline has passed' }),
  onBehalf: Type.Boolean(),
});

const Indicator = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  unit: Type.String(),
  kind: Type.Union([Type.Literal('count'), Type.Literal('sum'), Type.Literal('money'), Type.Literal('boolean')]),
  sensitive: Type.Boolean(),
});

const Entry = Type.Object({
  state: EntryState,
  reason: Nullable(Type.String()),
  narrative: Type.String(),
  links: Type.Array(Type.String()),
  values: Type.Record(Type.String(), Type.Integer(), { description: 'By indicator id, in minor units: kopecks for money, 1/0 for yes/no' }),
  version: Type.Integer({ description: 'Send it back when saving: a save from an older version is refused (409)' }),
  updatedAt: Nullable(Instant),
});

const Attachment = Type.Object({ id: Type.Integer(), measureId: Type.Union([Type.Integer(), Type.Null()]), fileName: Type.String(), mediaType: Type.String(), size: Type.Integer(), url: Type.String() });

const ReportDetail = Type.Object({
  planId: Type.String(),
  organisationId: Type.String(),
  period: Period,
  state: ReportState,
  onBehalf: Type.Boolean(),
  updatedAt: Nullable(Instant),
  submittedAt: Nullable(Instant),
  withdrawable: Type.Boolean(),
  editable: Type.Boolean(),
  measures: Type.Array(
    Type.Object({
      id: Type.Integer(),
      versionId: Type.Integer({ description: 'The text of the measure the entry is written against' }),
      code: Type.String(),
      title: Type.String(),
      deadline: Nullable(Type.String()),
      indicators: Type.Array(Indicator),
      entry: Entry,
    }),
  ),
  attachments: Type.Array(Attachment),
  submissions: Type.Array(Type.Object({ number: Type.Integer(), submittedAt: Instant, late: Type.Boolean(), onBehalf: Type.Boolean(), withdrawnAt: Nullable(Instant) })),
});

const SaveBody = Type.Object(
  {
    version: Type.Integer({ minimum: 0, description: 'The entry version the edit started from (0 for a first save)' }),
    state: Type.Optional(EntryState),
    reason: Type.Optional(Nullable(Type.String())),
    narrative: Type.Optional(Type.String()),
    links: Type.Optional(Type.Array(Type.String())),
    values: Type.Optional(Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Union([Type.String(), Type.Number(), Type.Null()]), { description: 'By indicator id, as typed: "12", "1234,50"; null clears' })),
  },
  { additionalProperties: false },
);

// Error statuses answer the error handler's shared body; a handler's own 400 adds the problems
// by field, its own 409 the entry as saved by whoever came first (both optional: a refusal by
// the error handler, e.g. a report submitted meanwhile, carries neither).
const ApiError = ApiErrorBody;
const ProblemList = Type.Array(Type.Object({ field: Type.String(), measureId: Type.Optional(Type.Integer()), message: Type.String() }));
const Problems = Type.Object({ ...ApiErrorBody.properties, problems: Type.Optional(ProblemList) });
const Params = Type.Object({ planId: Type.String(), periodKey: Type.String(), organisationId: Type.String() });

export default async function reportApi(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.zvit;

  /** The executor's own report (the API is the executor's: anything else is 404). */
  async function own(request: Parameters<typeof reachReport>[1]) {
    const r = await reachReport(fastify, request);
    if (r.standing !== 'executor') throw notFound();
    return r.view;
  }

  function entryJson(e: reports.EntryView | undefined) {
    return {
      state: e?.state ?? null,
      reason: e?.reason ?? null,
      narrative: e?.narrative ?? '',
      links: e?.links ?? [],
      values: Object.fromEntries(Object.entries(e?.values ?? {}).map(([k, v]) => [k, v])),
      version: e?.version ?? 0,
      updatedAt: e?.updatedAt ?? null,
    };
  }

  function detail(v: reports.ReportView) {
    return {
      planId: v.plan.id,
      organisationId: v.organisation.id,
      period: { key: v.period.key, start: v.period.start, end: v.period.end, executorDeadline: v.period.executorDeadline.date },
      state: v.report?.state ?? ('not_started' as const),
      onBehalf: v.report?.onBehalf ?? false,
      updatedAt: v.report?.updatedAt ?? null,
      submittedAt: v.report?.submittedAt ?? null,
      withdrawable: reports.isWithdrawable(v) && !v.report?.onBehalf,
      editable: reportMode('executor', v) === 'edit',
      measures: v.measures.map((m) => ({
        id: m.id,
        versionId: m.versionId,
        code: m.code,
        title: m.title,
        deadline: m.deadlineText,
        indicators: m.indicators.map((i) => ({ id: i.id, code: i.code, name: i.name, unit: i.unit, kind: i.kind, sensitive: i.sensitive })),
        entry: entryJson(v.entries.get(m.id)),
      })),
      attachments: v.attachments.map((a) => ({ id: a.id, measureId: a.measureId, fileName: a.fileName, mediaType: a.mediaType, size: a.size, url: `/reports/${encodeURIComponent(v.plan.id)}/${v.period.key}/${encodeURIComponent(v.organisation.id)}/attachments/${a.id}` })),
      submissions: v.submissions.map((s) => ({ number: s.number, submittedAt: s.submittedAt, late: s.late, onBehalf: s.onBehalf, withdrawnAt: s.withdrawnAt })),
    };
  }

  app.get(
    '/reports',
    {
      config: { permission: reportPermissions.edit },
      schema: { tags: ['reports'], summary: 'The reports your organisation owes in the periods begun so far', response: { 200: Type.Object({ reports: Type.Array(ReportSummary) }) } },
    },
    async (request) => {
      const p = request.principal!;
      const list = await reports.reportsOwedBy(db, await loadDirectory(db), clock, p.organisationId);
      return {
        reports: list.map((r) => ({
          planId: r.plan.id,
          planTitle: r.plan.title,
          organisationId: p.organisationId,
          period: { key: r.period.key, start: r.period.start, end: r.period.end, executorDeadline: r.period.executorDeadline.date },
          state: r.state,
          measureCount: r.measureCount,
          updatedAt: r.updatedAt,
          submittedAt: r.submittedAt,
          late: r.late,
          onBehalf: r.onBehalf,
        })),
      };
    },
  );

  app.get(
    '/reports/:planId/:periodKey/:organisationId',
    {
      config: { permission: reportPermissions.edit },
      schema: { tags: ['reports'], summary: 'One of your organisation’s reports: the measures owed, entries with their versions, attachments, submissions', params: Params, response: { 200: ReportDetail, 404: ApiError } },
    },
    async (request) => detail(await own(request)),
  );

  app.put(
    '/reports/:planId/:periodKey/:organisationId/entries/:measureId',
    {
      config: { permission: reportPermissions.edit },
      bodyLimit: ENTRY_BODY_LIMIT,
      schema: {
        tags: ['reports'],
        summary: 'Save the entry of one measure (from the version you read); fields left out keep what was saved',
        params: Type.Object({ ...Params.properties, measureId: Type.String() }),
        body: SaveBody,
        response: {
          200: Type.Object({ entry: Entry, problems: ProblemList }),
          400: Problems,
          409: Type.Object({ ...ApiErrorBody.properties, current: Type.Optional(Entry) }, { description: 'conflict: a colleague saved this entry first (current holds theirs); or the report is no longer editable (no current)' }),
        },
      },
    },
    async (request, reply) => {
      const view = await own(request);
      const raw = request.params.measureId;
      const measure = NUMERIC_ID.test(raw) ? view.measures.find((m) => m.id === Number(raw)) : undefined;
      if (!measure) throw notFound();
      if (reportMode('executor', view) !== 'edit') throw new HttpError(409, 'report.error.notEditable');
      const b = request.body;
      const input: reports.EntryInput = { version: b.version, state: b.state === null ? '' : b.state, reason: b.reason === null ? '' : b.reason, narrative: b.narrative, links: b.links, values: b.values ? Object.fromEntries(Object.entries(b.values).map(([k, v]) => [k, v === null ? '' : v])) : undefined };
      const result = await reports.saveEntry(db, clock, principalActor(request.principal!, request.meta()), view, measure.id, input, { onBehalf: false });
      const tr = request.tr;
      if (result.kind === 'not-editable') throw new HttpError(409, 'report.error.notEditable');
      const problems = 'errors' in result ? Object.entries(entryMessages(tr, result.errors, measure)).map(([field, message]) => ({ field, measureId: measure.id, message: message! })) : [];
      if (result.kind === 'invalid') return reply.code(400).send({ error: 'bad_request', message: problems[0]?.message ?? tr.t('error.badRequest.body'), problems });
      if (result.kind === 'conflict') return reply.code(409).send({ error: 'conflict', message: tr.t('report.conflict.title'), current: entryJson(result.current) });
      if (problems.length) return reply.code(400).send({ error: 'bad_request', message: problems[0]!.message, problems });
      return { entry: entryJson(result.entry), problems };
    },
  );

  app.post(
    '/reports/:planId/:periodKey/:organisationId/submit',
    {
      config: { permission: reportPermissions.submit },
      schema: { tags: ['reports'], summary: 'Submit the report as it stands (a repeated submit makes no second submission)', params: Params, response: { 200: ReportDetail, 400: Problems, 409: ApiError } },
    },
    async (request, reply) => {
      const view = await own(request);
      if (view.report?.onBehalf) throw new HttpError(409, 'report.error.notEditable');
      if (view.report && (view.report.state === 'submitted' || view.report.state === 'accepted')) return detail(view);
      const result = await reports.submitReport(db, clock, principalActor(request.principal!, request.meta()), view, { onBehalf: false });
      if (result.kind === 'not-editable') throw new HttpError(409, 'report.error.notEditable');
      if (result.kind === 'problems') {
        const tr = request.tr;
        const problems = result.problems.map((p) => ({ field: p.field, measureId: p.measureId, message: tr.t(p.field === 'state' ? 'report.error.submit.state' : 'report.error.submit.reason', { code: p.code }) }));
        return reply.code(400).send({ error: 'bad_request', message: problems[0]!.message, problems });
      }
      return detail((await reports.loadReport(db, await loadDirectory(db), clock, view.plan.id, view.period.key, view.organisation.id))!);
    },
  );

  app.post(
    '/reports/:planId/:periodKey/:organisationId/withdraw',
    {
      config: { permission: reportPermissions.edit },
      schema: { tags: ['reports'], summary: 'Withdraw a submission the coordinator has not reviewed (the report is a draft again)', params: Params, response: { 200: ReportDetail, 409: ApiError } },
    },
    async (request) => {
      const view = await own(request);
      if (view.report?.state === 'draft') return detail(view);
      const ok = await reports.withdrawReport(db, clock, principalActor(request.principal!, request.meta()), view, { onBehalf: false });
      if (!ok) throw new HttpError(409, 'report.error.notWithdrawable');
      return detail((await reports.loadReport(db, await loadDirectory(db), clock, view.plan.id, view.period.key, view.organisation.id))!);
    },
  );
}
