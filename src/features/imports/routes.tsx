import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { loadDirectory } from '../organisations/service.ts';
import { ImportError, importDraftPlan, MAX_IMPORT_BYTES } from './service.ts';
import { ImportPage } from './views.tsx';

const MAX_MB = MAX_IMPORT_BYTES / 1024 / 1024;

/** The coordinator's upload of an order; the draft it makes is reviewed on the plan's review page. */
export default async function importRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const manage = { permission: 'plan.manage' as const };

  const page = (request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) =>
    reply.html(ImportPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), error, maxMb: MAX_MB }), { status });

  app.get('/plans/import', { config: manage }, async (request, reply) => page(request, reply));

  app.post('/plans/import', { config: manage }, async (request, reply) => {
    const { t } = request.tr;
    const body = request.body as Record<string, MultipartFile | MultipartValue | undefined> | undefined;
    // Only the form's own fields: anything else is refused, never applied.
    if (!request.isMultipart() || !body || Object.keys(body).some((k) => k !== '_csrf' && k !== 'order')) {
      return page(request, reply, t('import.error.noFile'), 400);
    }
    const file = body.order;
    if (!file || file.type !== 'file') return page(request, reply, t('import.error.noFile'), 400);
    const bytes = await file.toBuffer();
    // Cut off at the upload limit: refused as too large, never read in part.
    if (file.file.truncated) return page(request, reply, t('import.error.too-large', { mb: MAX_MB }), 413);
    if (bytes.length === 0 && !file.filename) return page(request, reply, t('import.error.noFile'), 400);
    const p = request.principal!;
    const directory = await loadDirectory(db);
    const owner = directory.organisation(p.organisationId)?.parentId ?? p.organisationId;
    try {
      const result = await importDraftPlan(db, clock, principalActor(p, request.meta()), {
        bytes,
        fileName: file.filename || 'order',
        coordinatorOrganisationId: p.organisationId,
        ownerOrganisationId: owner,
      });
      if (result.kind === 'amendment') return reply.redirect(`/plans/${encodeURIComponent(result.planId)}/amendments/${result.amendmentId}`, 303);
      return reply.redirect(`/plans/${encodeURIComponent(result.planId)}/review`, 303);
    } catch (err) {
      if (err instanceof ImportError) return page(request, reply, t(`import.error.${err.problem}` as MessageKey, { mb: MAX_MB, ...err.params }), err.problem === 'too-large' || err.problem === 'zip-bomb' || err.problem === 'timeout' || err.problem === 'too-complex' ? 413 : err.problem === 'amendment-pending' ? 409 : 400);
      throw err;
    }
  });
}
