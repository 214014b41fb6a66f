import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import { attachmentDisposition } from '../../domain/file-types.ts';
import { localDateOf } from '../../domain/time.ts';
import type { MessageKey, Translator } from '../../i18n/index.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { databaseStorage } from '../files/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { reachReport } from '../reports/access.ts';
import { reportPermissions } from '../reports/policy.ts';
import * as reports from '../reports/service.ts';
import { confirmUpload, fillInForm, mailedForms, mailForm, MAX_FORM_BYTES, readUpload, type Refusal } from './service.ts';
import { fillInBase, PreviewPage, UploadPage, type LetterTyped, type MailState } from './views.tsx';

const MAX_MB = MAX_FORM_BYTES / 1024 / 1024;
/** The confirm form carries the file back (base64: a third larger) with the letter's fields. */
const CONFIRM_BODY_LIMIT = Math.ceil((MAX_FORM_BYTES * 4) / 3) + 64 * 1024;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A refusal in words, beside the file field; its status. */
function refusalMessage(tr: Translator, r: Refusal): { message: string; status: number } {
  switch (r.problem) {
    case 'otherOrganisation':
      return { message: tr.t('fillIn.error.otherOrganisation', { organisation: r.organisation }), status: 422 };
    case 'otherPlan':
      return { message: tr.t('fillIn.error.otherPlan', { plan: r.plan }), status: 422 };
    case 'otherPeriod':
      return { message: tr.t('fillIn.error.otherPeriod', { period: r.period }), status: 422 };
    case 'too-large':
    case 'zip-bomb':
      return { message: tr.t(r.problem === 'too-large' ? 'fillIn.error.tooLarge' : 'fillIn.error.zipBomb', { mb: MAX_MB }), status: 413 };
    case 'executorStarted':
    case 'notEditable':
      return { message: tr.t(`fillIn.error.${r.problem}`), status: 409 };
    default: {
      const key = { 'empty-file': 'fillIn.error.noFile', 'not-docx': 'fillIn.error.notDocx', 'not-form': 'fillIn.error.notForm', tampered: 'fillIn.error.tampered', empty: 'fillIn.error.empty', noMeasures: 'fillIn.error.noMeasures' }[r.problem];
      return { message: tr.t(key as MessageKey), status: 422 };
    }
  }
}

/**
 * The fill-in round trip, for the plan's coordinator only: download an organisation's form,
 * upload it filled, see what was read, confirm. The organisation's report is reached as the
 * report pages reach it (reports/access.ts), so another plan's or organisation's is a 404.
 */
export default async function fillInRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const storage = databaseStorage(clock);
  const onBehalf = { permission: reportPermissions.onBehalf };
  const BASE = '/plans/:planId/periods/:periodKey/organisations/:organisationId/fill-in';

  async function reach(request: FastifyRequest) {
    const { view, standing } = await reachReport(app, request);
    if (standing !== 'coordinator') throw new HttpError(403, 'auth.forbidden');
    if (view.measures.length === 0) throw notFound();
    return view;
  }

  const upload = async (request: FastifyRequest, reply: FastifyReply, view: reports.ReportView, errors: Record<string, string | undefined> = {}, typed: LetterTyped = { letterNumber: '', letterDate: '' }, status = 200) => {
    const mailed = (request.query as Record<string, unknown>).mailed;
    const mail: MailState = { address: view.organisation.email?.trim() || null, sent: await mailedForms(db, view), notice: status === 200 && typeof mailed === 'string' ? mailed : undefined, error: errors.mail };
    return reply.html(UploadPage({ ctx: pageContext(request, 'reports'), csrf: request.csrfToken(), view, maxMb: MAX_MB, errors, typed, mail }), { status });
  };

  app.get(BASE, { config: onBehalf }, async (request, reply) => {
    const view = await reach(request);
    const { bytes, fileName } = await fillInForm(db, await loadDirectory(db), view);
    return reply.header('content-type', DOCX).header('content-disposition', attachmentDisposition(fileName)).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(bytes);
  });

  app.get(`${BASE}/upload`, { config: onBehalf }, async (request, reply) => upload(request, reply, await reach(request)));

  // The form by e-mail, to the address the directory keeps for the organisation.
  app.post(`${BASE}/mail`, { config: onBehalf }, async (request, reply) => {
    const view = await reach(request);
    const result = await mailForm(db, clock, storage, principalActor(request.principal!, request.meta()), await loadDirectory(db), view);
    if (result.kind === 'noAddress') return upload(request, reply, view, { mail: request.tr.t('fillIn.mail.error.noAddress', { organisation: view.organisation.name }) }, undefined, 422);
    if (result.kind === 'badAddress') return upload(request, reply, view, { mail: request.tr.t('fillIn.mail.error.badAddress', { address: result.address }) }, undefined, 422);
    return reply.redirect(`${fillInBase(view)}/upload?mailed=${encodeURIComponent(result.address)}#mail`, 303);
  });

  app.post(`${BASE}/upload`, { config: onBehalf }, async (request, reply) => {
    const view = await reach(request);
    const tr = request.tr;
    const body = request.body as Record<string, MultipartFile | MultipartValue | undefined> | undefined;
    if (!request.isMultipart() || !body || Object.keys(body).some((k) => !['_csrf', 'file', 'letterNumber', 'letterDate'].includes(k))) return upload(request, reply, view, { file: tr.t('fillIn.error.noFile') }, undefined, 400);
    const field = (name: string) => {
      const v = body[name];
      return v && v.type === 'field' ? String(v.value) : '';
    };
    const typed = { letterNumber: field('letterNumber'), letterDate: field('letterDate') };
    const errors: Record<string, string | undefined> = {};
    if (!view.report) {
      const letter = reports.validateLetter(typed, localDateOf(clock.now(), view.plan.schedule.timeZone));
      if ('errors' in letter) for (const [f, p] of Object.entries(letter.errors)) errors[f] = tr.t(`report.error.${f}.${p}` as MessageKey, { max: reports.MAX_LETTER_NUMBER });
    }
    const file = body.file;
    let status = 400;
    if (!file || file.type !== 'file') errors.file = tr.t('fillIn.error.noFile');
    else {
      const bytes = await file.toBuffer();
      if (file.file.truncated || bytes.length > MAX_FORM_BYTES) {
        errors.file = tr.t('fillIn.error.tooLarge', { mb: MAX_MB });
        status = 413;
      } else if (bytes.length === 0) errors.file = tr.t('fillIn.error.noFile');
      else {
        const read = await readUpload(db, await loadDirectory(db), view, bytes);
        if (read.kind === 'refused') {
          const r = refusalMessage(tr, read.refusal);
          errors.file = r.message;
          status = r.status;
        } else if (!Object.values(errors).some(Boolean)) {
          const name = (file.filename || 'form.docx').slice(0, 200);
          return reply.html(PreviewPage({ ctx: pageContext(request, 'reports'), csrf: request.csrfToken(), view, reading: read.reading, file: { name, size: bytes.length, base64: bytes.toString('base64') }, typed }));
        }
      }
    }
    return upload(request, reply, view, errors, typed, status);
  });

  app.post(`${BASE}/confirm`, { config: onBehalf, bodyLimit: CONFIRM_BODY_LIMIT }, async (request, reply) => {
    const view = await reach(request);
    const tr = request.tr;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const s = (v: unknown) => (typeof v === 'string' ? v : '');
    const typed = { letterNumber: s(body.letterNumber), letterDate: s(body.letterDate) };
    const raw = s(body.file);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return upload(request, reply, view, { file: tr.t('fillIn.error.noFile') }, typed, 400);
    const bytes = Buffer.from(raw, 'base64');
    const directory = await loadDirectory(db);
    const result = await confirmUpload(db, clock, storage, principalActor(request.principal!, request.meta()), directory, view, { name: s(body.fileName).slice(0, 200) || 'form.docx', bytes }, typed);
    if (result.kind === 'refused') {
      const r = refusalMessage(tr, result.refusal);
      return upload(request, reply, view, { file: r.message }, typed, r.status);
    }
    if (result.kind === 'letter') {
      const errors = Object.fromEntries(Object.entries(result.errors).map(([f, p]) => [f, tr.t(`report.error.${f}.${p}` as MessageKey, { max: reports.MAX_LETTER_NUMBER })]));
      return upload(request, reply, view, errors, typed, 400);
    }
    return reply.redirect(`${reports.reportUrl(view.plan.id, view.period.key, view.organisation.id)}?filled=${result.measures}`, 303);
  });
}
