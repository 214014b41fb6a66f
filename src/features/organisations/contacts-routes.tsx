import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { executorsOfPlansCoordinatedBy } from '../plans/service.ts';
import { confirmContactImport, ContactFileError, contactImportPreview, MAX_CONTACT_FILE_BYTES, previewContactFile } from './contacts.ts';
import { ContactsPreviewPage, ContactsUploadPage } from './contacts-views.tsx';
import { maintainedOrganisations, organisationPermissions } from './policy.ts';
import { loadDirectory, type Directory } from './service.ts';

const MAX_MB = MAX_CONTACT_FILE_BYTES / 1024 / 1024;
const IMPORT_ID = /^[0-9a-f]{32}$/;

/** Contacts from a file: upload → preview (kept on the server) → confirm. Coordinators only. */
export default async function contactRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const manage = { permission: organisationPermissions.manage };

  const maintainedBy = (request: FastifyRequest) => async (directory: Directory) => maintainedOrganisations(request.principal!, directory, await executorsOfPlansCoordinatedBy(db, directory, request.principal!.organisationId));

  const uploadPage = (request: FastifyRequest, reply: FastifyReply, error?: string, status = 200, notice?: string) =>
    reply.html(ContactsUploadPage({ ctx: pageContext(request, 'organisations'), csrf: request.csrfToken(), error, maxMb: MAX_MB, notice }), { status });

  app.get('/organisations/contacts/import', { config: manage }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const applied = Number(q.applied);
    const skipped = Number(q.skipped);
    const notice = Number.isSafeInteger(applied) && applied >= 0 && q.applied !== undefined ? request.tr.t('contactsImport.done', { applied, skipped: Number.isSafeInteger(skipped) && skipped >= 0 ? skipped : 0 }) : undefined;
    return uploadPage(request, reply, undefined, 200, notice);
  });

  app.post('/organisations/contacts/import', { config: manage }, async (request, reply) => {
    const { t } = request.tr;
    const body = request.body as Record<string, MultipartFile | MultipartValue | undefined> | undefined;
    // Only the form's own fields: anything else is refused, never applied.
    if (!request.isMultipart() || !body || Object.keys(body).some((k) => k !== '_csrf' && k !== 'file')) return uploadPage(request, reply, t('contactsImport.error.noFile'), 400);
    const file = body.file;
    if (!file || file.type !== 'file') return uploadPage(request, reply, t('contactsImport.error.noFile'), 400);
    const bytes = await file.toBuffer();
    // Cut off at the upload limit: refused as too large, never read in part.
    if (file.file.truncated) return uploadPage(request, reply, t('contactsImport.error.too-large', { mb: MAX_MB }), 413);
    if (bytes.length === 0 && !file.filename) return uploadPage(request, reply, t('contactsImport.error.noFile'), 400);
    const directory = await loadDirectory(db);
    try {
      const preview = await previewContactFile(db, clock, request.principal!.userId, directory, await maintainedBy(request)(directory), { bytes, fileName: file.filename || 'contacts' });
      return reply.redirect(`/organisations/contacts/import/${preview.id}`, 303);
    } catch (err) {
      if (err instanceof ContactFileError) return uploadPage(request, reply, t(`contactsImport.error.${err.problem}` as MessageKey, { mb: MAX_MB }), err.problem === 'too-large' || err.problem === 'too-many-rows' ? 413 : 400);
      throw err;
    }
  });

  app.get<{ Params: { importId: string } }>('/organisations/contacts/import/:importId', { config: manage }, async (request, reply) => {
    if (!IMPORT_ID.test(request.params.importId)) throw notFound();
    // Another user's file, an expired one or one applied already: the same 404.
    const preview = await contactImportPreview(db, clock, request.principal!.userId, request.params.importId, maintainedBy(request));
    if (!preview) throw notFound();
    return reply.html(ContactsPreviewPage({ ctx: pageContext(request, 'organisations'), csrf: request.csrfToken(), preview }));
  });

  app.post<{ Params: { importId: string } }>('/organisations/contacts/import/:importId', { config: manage }, async (request, reply) => {
    if (!IMPORT_ID.test(request.params.importId)) throw notFound();
    const result = await confirmContactImport(db, clock, { ...principalActor(request.principal!, request.meta()), userId: request.principal!.userId }, request.params.importId, maintainedBy(request));
    if (result === 'gone') return uploadPage(request, reply, request.tr.t('contactsImport.error.gone'), 409);
    return reply.redirect(`/organisations/contacts/import?applied=${result.applied}&skipped=${result.skipped}`, 303);
  });
}
