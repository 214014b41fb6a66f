import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n/index.ts';
import { parseDateInput } from '../../domain/plan-lifecycle.ts';
import { localDateOf } from '../../domain/time.ts';
import { attachmentDisposition } from '../../domain/file-types.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { databaseStorage } from '../files/service.ts';
import { reachPlanPeriod, NUMERIC_ID } from '../reports/access.ts';
import { reportPermissions } from '../reports/policy.ts';
import { EXPORT_FORMATS, MEDIA_TYPES, render, type ExportFormat } from './exports/index.ts';
import { publicationCsv } from './exports/csv.ts';
import { entriesCsv, entriesJson } from './exports/raw.ts';
import { consolidate } from './service.ts';
import { saveMeasureText, type TextInput } from './texts.ts';
import * as versions from './versions.ts';
import { ConsolidationPage, consolidationHref, type ConsolidationPageProps } from './views.tsx';

/**
 * The consolidation of a period: read by the plan's coordinators and the owner's supervisors;
 * edited, approved and marked sent by the coordinators; signed off by the supervisors.
 */
export default async function consolidationRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const storage = databaseStorage(clock);
  const read = { config: { permission: reportPermissions.readSubmitted } };
  const review = { config: { permission: reportPermissions.review } };
  const sign = { config: { permission: 'consolidation.sign' as const } };

  const reach = (request: FastifyRequest) => reachPlanPeriod(app, request);
  type Reached = Awaited<ReturnType<typeof reach>>;
  const mayApprove = (request: FastifyRequest, r: Reached) => r.coordinates && request.principal!.permissions.has(reportPermissions.review);
  const maySign = (request: FastifyRequest, r: Reached) => r.supervises && request.principal!.permissions.has('consolidation.sign');

  async function page(request: FastifyRequest, reply: FastifyReply, r: Reached, extra: Partial<ConsolidationPageProps> = {}) {
    const list = await versions.listVersions(db, r.plan.id, r.period.key);
    const latest = list.at(-1);
    // The page shows the draft as it stands; once approved, the frozen version.
    const doc = latest && latest.state !== 'draft' ? ((await versions.frozenDocument(db, latest.id)) ?? (await versions.liveDocument(db, r.directory, r.plan, r.period, latest.texts))) : await versions.liveDocument(db, r.directory, r.plan, r.period, latest?.texts ?? {});
    const running = localDateOf(clock.now(), r.plan.schedule.timeZone) <= r.period.executorDeadline.date;
    return reply.html(
      ConsolidationPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan: r.plan, period: r.period, doc, versions: list, coordinates: r.coordinates, mayApprove: mayApprove(request, r), maySign: maySign(request, r), running, ...extra }),
      { status: extra.status ?? 200 },
    );
  }

  const NOTICES = ['saved', 'approved', 'signed', 'returned', 'sent', 'corrected'] as const;
  const base = (r: Reached) => consolidationHref(r.plan.id, r.period.key);

  app.get('/plans/:planId/periods/:periodKey/consolidation', read, async (request, reply) => {
    const r = await reach(request);
    const q = request.query as Record<string, unknown>;
    const notice = NOTICES.find((n) => n === q.done);
    // A measure's save is told beside the measure, not at the top of a long page.
    const savedMeasure = notice === 'saved' && typeof q.m === 'string' && NUMERIC_ID.test(q.m) ? Number(q.m) : undefined;
    return page(request, reply, r, { notice: notice && !savedMeasure ? request.tr.t(`consolidation.notice.${notice}` as MessageKey) : undefined, savedMeasure });
  });

  app.post('/plans/:planId/periods/:periodKey/consolidation/measures/:measureId', review, async (request, reply) => {
    const r = await reach(request);
    if (!mayApprove(request, r)) throw new HttpError(403, 'auth.forbidden');
    const raw = (request.params as { measureId: string }).measureId;
    if (!NUMERIC_ID.test(raw)) throw notFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const fields = ['summary', 'state', 'publicText', 'publicApproved', 'version', 'revision'] as const;
    if (fields.some((f) => body[f] !== undefined && typeof body[f] !== 'string')) throw new HttpError(400, 'error.badRequest.body');
    const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
    const input: TextInput = { summary: str(body.summary, 200_000), state: str(body.state, 40), publicText: str(body.publicText, 50_000), publicApproved: body.publicApproved === 'yes', version: str(body.version, 20), revision: str(body.revision, 20) };
    const measureIds = (await consolidate(db, r.directory, r.plan, r.period)).goals.flatMap((g) => g.measures.map((m) => m.measure.id));
    const result = await saveMeasureText(db, clock, principalActor(request.principal!, request.meta()), r.plan, r.period, measureIds, Number(raw), input);
    if (result === 'no-measure') throw notFound();
    const typed = { [raw]: { summary: input.summary, state: input.state, publicText: input.publicText, publicApproved: input.publicApproved } };
    // Approved, or a new version, since the form was loaded: a 409 with what was typed still on the page.
    if (result === 'stale') return page(request, reply, r, { status: 409, typed, summaryErrors: [{ field: `m${raw}`, message: request.tr.t('consolidation.stale') }] });
    if (result && 'conflict' in result) {
      // Never a silent loss: what the other person saved beside what was typed, which stays in the form.
      return page(request, reply, r, { status: 409, conflicts: { [raw]: result.conflict }, typed, summaryErrors: [{ field: `m${raw}-summary`, message: request.tr.t('consolidation.conflict.title') }] });
    }
    if (result) {
      const tr = request.tr;
      const errors = Object.fromEntries(Object.entries(result.errors).map(([f, p]) => [f, tr.t(`consolidation.error.${f}.${p}` as MessageKey)]));
      const ids: Record<string, string> = { summary: 'summary', state: 'state', publicText: 'public' };
      return page(request, reply, r, { status: 400, errors: { [raw]: errors }, typed, summaryErrors: Object.entries(errors).map(([f, message]) => ({ field: `m${raw}-${ids[f] ?? f}`, message })) });
    }
    return reply.redirect(`${base(r)}?done=saved&m=${raw}#m${raw}`, 303);
  });

  app.post('/plans/:planId/periods/:periodKey/consolidation/approve', review, async (request, reply) => {
    const r = await reach(request);
    if (!mayApprove(request, r)) throw new HttpError(403, 'auth.forbidden');
    const result = await versions.approve(db, clock, storage, principalActor(request.principal!, request.meta()), r.directory, r.plan, r.period);
    if (result === 'nothing-to-approve') throw new HttpError(409, 'consolidation.stale');
    return reply.redirect(`${base(r)}?done=approved#v${result.number}`, 303);
  });

  app.post('/plans/:planId/periods/:periodKey/consolidation/correct', review, async (request, reply) => {
    const r = await reach(request);
    if (!mayApprove(request, r)) throw new HttpError(403, 'auth.forbidden');
    const number = await versions.startCorrection(db, clock, principalActor(request.principal!, request.meta()), r.plan, r.period);
    if (number === 'stale') throw new HttpError(409, 'consolidation.stale');
    return reply.redirect(`${base(r)}?done=corrected#v${number}`, 303);
  });

  const versionNumber = (request: FastifyRequest) => {
    const raw = (request.params as { number: string }).number;
    if (!NUMERIC_ID.test(raw)) throw notFound();
    return Number(raw);
  };

  app.post('/plans/:planId/periods/:periodKey/consolidation/versions/:number/sign', sign, async (request, reply) => {
    const r = await reach(request);
    if (!maySign(request, r)) throw new HttpError(403, 'auth.forbidden');
    const number = versionNumber(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const comment = typeof body.comment === 'string' ? body.comment.slice(0, 50_000) : '';
    const result = await versions.signOff(db, clock, principalActor(request.principal!, request.meta()), r.plan, r.period, number, comment);
    if (result === 'stale') throw new HttpError(409, 'consolidation.stale');
    if (result) {
      const message = request.tr.t('consolidation.error.comment.tooLong');
      return page(request, reply, r, { status: 400, errors: { sign: { comment: message } }, summaryErrors: [{ field: 'sign-comment', message }], typedSign: comment });
    }
    return reply.redirect(`${base(r)}?done=signed#v${number}`, 303);
  });

  app.post('/plans/:planId/periods/:periodKey/consolidation/versions/:number/return', sign, async (request, reply) => {
    const r = await reach(request);
    if (!maySign(request, r)) throw new HttpError(403, 'auth.forbidden');
    const number = versionNumber(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (body.remarks !== undefined && typeof body.remarks !== 'string') throw new HttpError(400, 'error.badRequest.body');
    const remarks = typeof body.remarks === 'string' ? body.remarks.slice(0, 50_000) : '';
    const result = await versions.returnVersion(db, clock, principalActor(request.principal!, request.meta()), r.plan, r.period, number, remarks);
    if (result === 'stale') throw new HttpError(409, 'consolidation.stale');
    if (result) {
      const message = request.tr.t(`consolidation.error.remarks.${result.errors.remarks}` as MessageKey);
      return page(request, reply, r, { status: 400, errors: { return: { remarks: message } }, summaryErrors: [{ field: 'return-remarks', message }], typedReturn: remarks });
    }
    return reply.redirect(`${base(r)}?done=returned#v${number}`, 303);
  });

  app.post('/plans/:planId/periods/:periodKey/consolidation/versions/:number/sent', review, async (request, reply) => {
    const r = await reach(request);
    if (!mayApprove(request, r)) throw new HttpError(403, 'auth.forbidden');
    const number = versionNumber(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 1000) : '');
    const typedDate = str(body.sentDate);
    const input = { sentNumber: str(body.sentNumber), sentDate: typedDate.trim() ? (parseDateInput(typedDate) ?? typedDate) : '', signatory: str(body.signatory) };
    const result = await versions.markSent(db, clock, principalActor(request.principal!, request.meta()), r.plan, r.period, number, input);
    if (result === 'stale') throw new HttpError(409, 'consolidation.stale');
    if (result) {
      const tr = request.tr;
      const errors = Object.fromEntries(Object.entries(result.errors).map(([f, p]) => [f, tr.t(`consolidation.error.${f}.${p}` as MessageKey)]));
      const order = ['sentNumber', 'sentDate', 'signatory'];
      const summaryErrors = order.filter((f) => errors[f]).map((field) => ({ field, message: errors[field]! }));
      return page(request, reply, r, { status: 400, errors: { sent: errors }, summaryErrors, typedSent: { sentNumber: str(body.sentNumber), sentDate: typedDate, signatory: str(body.signatory) } });
    }
    return reply.redirect(`${base(r)}?done=sent#v${number}`, 303);
  });

  const download = (reply: FastifyReply, name: string, mediaType: string, bytes: Buffer) =>
    reply.header('content-type', mediaType).header('content-disposition', attachmentDisposition(name)).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(bytes);

  app.get('/plans/:planId/periods/:periodKey/consolidation/export/:format', read, async (request, reply) => {
    const r = await reach(request);
    const format = (request.params as { format: string }).format;
    const forPublication = (request.query as Record<string, unknown>).publication === '1';
    // CSV of the consolidation is for publication only (the exact entries are entries.csv).
    if (!(EXPORT_FORMATS as readonly string[]).includes(format) && !(format === 'csv' && forPublication)) throw notFound();
    const list = await versions.listVersions(db, r.plan.id, r.period.key);
    // What is published is the latest version approved and not returned (as it was approved, with
    // its number and date); only while there is none, the draft as it stands, marked a draft.
    const published = forPublication ? [...list].reverse().find((v) => v.state !== 'draft' && !v.returned) : undefined;
    const frozen = published ? await versions.frozenDocument(db, published.id) : undefined;
    const doc = frozen ?? (await versions.liveDocument(db, r.directory, r.plan, r.period, list.at(-1)?.texts ?? {}));
    const version = frozen && published?.approvedAt ? { number: published.number, date: localDateOf(new Date(published.approvedAt), r.plan.schedule.timeZone) } : null;
    if (format === 'csv') return download(reply, `zvit-${r.plan.id}-${r.period.key}-oprylyudnennia.csv`, 'text/csv; charset=utf-8', publicationCsv(doc));
    const file = await render(doc, format as ExportFormat, { version, signatory: frozen ? (published?.sent?.signatory ?? null) : null, forPublication, generatedAt: clock.now() });
    return download(reply, forPublication ? file.fileName.replace(/(\.\w+)$/, '-oprylyudnennia$1') : file.fileName, file.mediaType, file.bytes);
  });

  app.get('/plans/:planId/periods/:periodKey/consolidation/versions/:number/files/:format', read, async (request, reply) => {
    const r = await reach(request);
    const number = versionNumber(request);
    const format = (request.params as { format: string }).format;
    const v = (await versions.listVersions(db, r.plan.id, r.period.key)).find((x) => x.number === number);
    const f = v?.files.find((x) => x.format === format);
    if (!v || !f) throw notFound();
    const stored = await storage.get(db, f.fileId);
    if (!stored) throw notFound();
    // Kept byte for byte since approval.
    return download(reply, f.fileName, MEDIA_TYPES[f.format], stored.bytes).header('x-content-sha256', stored.sha256);
  });

  for (const ext of ['csv', 'json'] as const) {
    app.get(`/plans/:planId/periods/:periodKey/entries.${ext}`, read, async (request, reply) => {
      const r = await reach(request);
      const c = await consolidate(db, r.directory, r.plan, r.period);
      const name = `zvit-${r.plan.id}-${r.period.key}-zapysy.${ext}`;
      if (ext === 'csv') return download(reply, name, 'text/csv; charset=utf-8', entriesCsv(c, r.directory));
      return download(reply, name, 'application/json; charset=utf-8', entriesJson(c));
    });
  }
}
