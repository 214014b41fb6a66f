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
import { configureOffice } from './exports/office.ts';
import { entriesCsv, entriesJson } from './exports/raw.ts';
import { consolidate } from './service.ts';
import { saveMeasureText, type TextInput } from './texts.ts';
import * as versions from './versions.ts';
import { ConsolidationPage, consolidationHref, type ConsolidationPageProps } from './views.tsx';
import type { ConsolidationDocument } from './document.ts';
import { legacySignatory } from './exports/signature.ts';
import { listOfficials } from '../organisations/officials.ts';

/**
 * The consolidation of a period: read by the plan's coordinators and the owner's supervisors;
 * edited, approved and marked sent by the coordinators; signed off by the supervisors.
 */
export default async function consolidationRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const storage = databaseStorage(clock);
  // LibreOffice counts the cover letter's enclosure (ZVIT_SOFFICE).
  configureOffice(app.zvit.config.office);
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
    const approveForm = mayApprove(request, r) && (!latest || latest.state === 'draft') ? await approveFormOf(request, r, doc, latest?.signatoryOfficialId ?? null) : undefined;
    return reply.html(
      ConsolidationPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan: r.plan, period: r.period, doc, versions: list, coordinates: r.coordinates, mayApprove: mayApprove(request, r), maySign: maySign(request, r), running, approve: approveForm, ...extra }),
      { status: extra.status ?? 200 },
    );
  }

  /** The approve form's data: the coordinating organisation's active officials, the choice, the preparer, the warnings. */
  async function approveFormOf(request: FastifyRequest, r: Reached, doc: ConsolidationDocument, chosen: number | null, errors: { signatory?: string; confirm?: string } = {}) {
    return {
      officials: await listOfficials(db, r.plan.coordinatorOrganisationId, { activeOnly: true }),
      coordinatorOrganisationId: r.plan.coordinatorOrganisationId,
      coordinatorName: r.directory.organisation(r.plan.coordinatorOrganisationId)?.name ?? r.plan.coordinatorOrganisationId,
      chosen,
      preparer: await versions.preparerOf(db, request.principal!.userId),
      unfinished: versions.unfinishedMeasures(doc),
      errors,
    };
  }

  const NOTICES = ['saved', 'approved', 'signed', 'returned', 'sent', 'corrected'] as const;
  const base = (r: Reached) => consolidationHref(r.plan.id, r.period.key);

  app.get('/plans/:planId/periods/:periodKey/consolidation', read, async (request, reply) => {
    const r = await reach(request);
    const q = request.query as Record<string, unknown>;
    const notice = NOTICES.find((n) => n === q.done);
    // A measure's save is told beside the measure, not at the top of a long page.
    const savedMeasure = notice === 'saved' && typeof q.m === 'string' && NUMERIC_ID.test(q.m) ? Number(q.m) : undefined;
    if (q.done === 'request') return page(request, reply, r, { notice: request.tr.t('letters.notice.request') });
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
    const body = (request.body ?? {}) as Record<string, unknown>;
    if ((body.signatory !== undefined && typeof body.signatory !== 'string') || (body.confirm !== undefined && typeof body.confirm !== 'string')) throw new HttpError(400, 'error.badRequest.body');
    const raw = typeof body.signatory === 'string' ? body.signatory.trim() : '';
    // Not a number: no official of the list (told beside the field as such).
    const signatoryId = raw === '' ? null : NUMERIC_ID.test(raw) ? Number(raw) : -1;
    const result = await versions.approve(db, clock, storage, principalActor(request.principal!, request.meta()), r.directory, r.plan, r.period, { signatoryId, confirmed: body.confirm === 'yes' });
    if (result === 'nothing-to-approve') throw new HttpError(409, 'consolidation.stale');
    if ('errors' in result || 'unfinished' in result) {
      const tr = request.tr;
      const latest = (await versions.listVersions(db, r.plan.id, r.period.key)).at(-1);
      const doc = await versions.liveDocument(db, r.directory, r.plan, r.period, latest?.texts ?? {});
      const errors = 'errors' in result ? { signatory: tr.t(`signatory.error.${result.errors.signatory}`) } : { confirm: tr.t('approveWarn.error') };
      const chosen = signatoryId !== null && signatoryId > 0 ? signatoryId : (latest?.signatoryOfficialId ?? null);
      const form = await approveFormOf(request, r, doc, chosen, errors);
      const summaryErrors = 'errors' in result ? [{ field: 'signatory-id', message: errors.signatory! }] : [{ field: 'approve-confirm', message: errors.confirm! }];
      return page(request, reply, r, { status: 422, summaryErrors, approve: form });
    }
    return reply.redirect(`${base(r)}?done=approved#v${result.number}`, 303);
  });

  // The request the letter answers, noted before approval (optional).
  app.post('/plans/:planId/periods/:periodKey/consolidation/request', review, async (request, reply) => {
    const r = await reach(request);
    if (!mayApprove(request, r)) throw new HttpError(403, 'auth.forbidden');
    const body = (request.body ?? {}) as Record<string, unknown>;
    if ((body.requestNumber !== undefined && typeof body.requestNumber !== 'string') || (body.requestDate !== undefined && typeof body.requestDate !== 'string')) throw new HttpError(400, 'error.badRequest.body');
    const typed = { requestNumber: typeof body.requestNumber === 'string' ? body.requestNumber.slice(0, 1000) : '', requestDate: typeof body.requestDate === 'string' ? body.requestDate.slice(0, 100) : '' };
    const input = { requestNumber: typed.requestNumber, requestDate: typed.requestDate.trim() ? (parseDateInput(typed.requestDate) ?? typed.requestDate) : '' };
    const result = await versions.saveRequest(db, clock, principalActor(request.principal!, request.meta()), r.plan, r.period, input);
    if (result === 'stale') throw new HttpError(409, 'consolidation.stale');
    if (result) {
      const tr = request.tr;
      const errors = Object.fromEntries(Object.entries(result.errors).map(([f, p]) => [f, tr.t(`letters.error.${f}.${p}` as MessageKey)]));
      const summaryErrors = ['requestNumber', 'requestDate'].filter((f) => errors[f]).map((f) => ({ field: `request-${f}`, message: errors[f]! }));
      return page(request, reply, r, { status: 400, errors: { request: errors }, summaryErrors, typedRequest: typed });
    }
    return reply.redirect(`${base(r)}?done=request#request`, 303);
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
    const typedRequestDate = str(body.requestDate);
    const input = {
      sentNumber: str(body.sentNumber),
      sentDate: typedDate.trim() ? (parseDateInput(typedDate) ?? typedDate) : '',
      signatory: str(body.signatory),
      // Absent from the form: what was noted before approval stays.
      requestNumber: body.requestNumber === undefined ? undefined : str(body.requestNumber),
      requestDate: body.requestDate === undefined ? undefined : typedRequestDate.trim() ? (parseDateInput(typedRequestDate) ?? typedRequestDate) : '',
    };
    const result = await versions.markSent(db, clock, storage, principalActor(request.principal!, request.meta()), r.plan, r.period, number, input);
    if (result === 'stale') throw new HttpError(409, 'consolidation.stale');
    if (result) {
      const tr = request.tr;
      const errors = Object.fromEntries(Object.entries(result.errors).map(([f, p]) => [f, tr.t((f.startsWith('request') ? `letters.error.${f}.${p}` : `consolidation.error.${f}.${p}`) as MessageKey)]));
      const order = ['sentNumber', 'sentDate', 'signatory', 'requestNumber', 'requestDate'];
      const summaryErrors = order.filter((f) => errors[f]).map((field) => ({ field, message: errors[field]! }));
      return page(request, reply, r, { status: 400, errors: { sent: errors }, summaryErrors, typedSent: { sentNumber: str(body.sentNumber), sentDate: typedDate, signatory: str(body.signatory), requestNumber: str(body.requestNumber), requestDate: typedRequestDate } });
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
    // A file of an approved version names its frozen signatory and preparer; a draft's, the official
    // chosen so far and the reader as preparer (marked a draft), or with none chosen the placeholder.
    const draft = !frozen && list.at(-1)?.state === 'draft' ? list.at(-1) : undefined;
    const chosen = draft?.signatoryOfficialId ? (await listOfficials(db, r.plan.coordinatorOrganisationId, { activeOnly: true })).find((o) => o.id === draft.signatoryOfficialId) : undefined;
    const signatory = frozen ? (published?.signatory ?? legacySignatory(doc, published?.sent?.signatory)) : chosen ? { position: chosen.position, name: chosen.name } : null;
    const preparer = frozen ? (published?.preparer ?? null) : chosen ? await versions.preparerOf(db, request.principal!.userId) : null;
    const file = await render(doc, format as ExportFormat, { version, signatory, preparer, forPublication, generatedAt: clock.now() });
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

  // The registered set (with the outgoing number and date), beside the approved files: the same readers.
  app.get('/plans/:planId/periods/:periodKey/consolidation/versions/:number/registered/:format', read, async (request, reply) => {
    const r = await reach(request);
    const number = versionNumber(request);
    const format = (request.params as { format: string }).format;
    const v = (await versions.listVersions(db, r.plan.id, r.period.key)).find((x) => x.number === number);
    const f = v?.registered?.files.find((x) => x.format === format);
    if (!v || !f) throw notFound();
    const stored = await storage.get(db, f.fileId);
    if (!stored) throw notFound();
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
