import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { storageProblem, type StorageProblem } from '../db/storage-errors.ts';
import { translator, type MessageKey } from '../i18n/index.ts';
import { ErrorPage } from '../ui/error-page.tsx';

/**
 * One error module and one error handler (STYLE.md): a full page, an htmx fragment or a JSON
 * body; the details of a 5xx go to the log only, with a reference the user can quote.
 */

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly messageKey: MessageKey,
  ) {
    super(messageKey);
    this.name = 'HttpError';
  }
}

export function notFound(): HttpError {
  return new HttpError(404, 'error.notFound.title');
}

/**
 * The body of every error the API answers outside a handler's own replies (the error handler,
 * the not-found handler, the session's 401/403). A route that declares a response schema for an
 * error status must accept this body there: `test/integration/api-errors.test.ts` checks every
 * route of the table against it.
 */
export const ApiErrorBody = Type.Object({
  error: Type.String({ description: 'bad_request, unauthenticated, forbidden, not_found, conflict, too_large, unsupported_media_type, too_many_requests, storage_unavailable, server_error' }),
  message: Type.String(),
  details: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.Optional(Type.String()) }))),
  reference: Type.Optional(Type.String({ description: 'Quote it to the administrator (5xx)' })),
});
export type ApiErrorBody = Static<typeof ApiErrorBody>;

const API_ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  414: 'bad_request',
  415: 'unsupported_media_type',
  422: 'bad_request',
  429: 'too_many_requests',
  503: 'storage_unavailable',
};

/** The error handler's JSON body for a status (exported for the test that walks the route table). */
export function apiErrorBody(status: number, message: string, extra: { details?: ApiErrorBody['details']; reference?: string } = {}): ApiErrorBody {
  return { error: API_ERROR_CODES[status] ?? (status >= 500 ? 'server_error' : 'bad_request'), message, ...extra };
}

/** Every status the error handler answers with (besides what handlers send themselves). */
export const ERROR_HANDLER_STATUSES = [400, 401, 403, 404, 409, 413, 414, 415, 422, 429, 500, 503] as const;

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

function sendNotFound(request: FastifyRequest, reply: FastifyReply) {
  const tr = request.tr ?? translator('uk');
  if (isApi(request)) {
    return reply.code(404).send(apiErrorBody(404, tr.t('error.notFound.api')));
  }
  return reply.html(ErrorPage({ tr, kind: 'notFound' }), { status: 404, fragment: request.wantsFragment });
}

/** The client went away mid-request: nothing to answer, nothing wrong with the server. */
function clientAborted(error: FastifyError, request: FastifyRequest): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return request.raw.aborted || code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'FST_MP_PREMATURE_CLOSE' || error.message === 'aborted';
}

/** What the readiness check reports about storage: the last write the disk refused, until a write succeeds again. */
export interface StorageHealth {
  lastFailure: { problem: StorageProblem; at: string } | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    storageHealth: StorageHealth;
  }
  interface FastifyRequest {
    /** True while @fastify/multipart reads the body: an error then is the body's fault (400). */
    readingMultipart: boolean;
  }
}

export default fp(
  async (app) => {
    const health: StorageHealth = { lastFailure: null };
    app.decorate('storageHealth', health);
    // A write that went through: the disk takes writes again.
    app.addHook('onResponse', async (request, reply) => {
      if (health.lastFailure && request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) health.lastFailure = null;
    });
    // A client that closed the connection before its answer: worth a line at info, never an error.
    app.addHook('onRequestAbort', async (request) => {
      request.log.info({ reqId: request.id, url: request.url }, 'client went away');
    });
    app.setNotFoundHandler(sendNotFound);
    app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
      // A request that failed before its language was known is answered in Ukrainian.
      const tr = request.tr ?? translator('uk');
      let status = error instanceof HttpError ? error.statusCode : (error.statusCode ?? 500);
      // A multipart body that does not parse (garbage, a cut-off part) is the client's error.
      if (request.readingMultipart && status >= 500) status = 400;
      if (status === 404) return sendNotFound(request, reply);
      if (status >= 500 && clientAborted(error as FastifyError, request)) {
        request.log.info({ reqId: request.id, code: (error as FastifyError).code, msg: error.message }, 'client went away');
        status = 400;
      }
      const storage = status >= 500 ? storageProblem(error) : null;
      if (storage) {
        // Disk full or failing: nothing was saved; the user is told so, the administrator by the log and /readyz.
        health.lastFailure = { problem: storage, at: new Date().toISOString() };
        request.log.error({ err: error, reqId: request.id, storage }, 'storage refused a write');
        const message = tr.t('error.storage.body', { reference: request.id });
        if (isApi(request)) return reply.code(503).header('retry-after', '300').send(apiErrorBody(503, message, { reference: request.id }));
        return reply.html(ErrorPage({ tr, kind: 'badRequest', title: tr.t('error.storage.title'), message }), { status: 503, fragment: request.wantsFragment });
      }
      if (status >= 500) {
        request.log.error({ err: error, reqId: request.id }, 'request failed');
        if (isApi(request)) return reply.code(500).send(apiErrorBody(500, tr.t('error.server.title'), { reference: request.id }));
        return reply.html(ErrorPage({ tr, kind: 'server', reference: request.id }), { status: 500, fragment: request.wantsFragment });
      }
      if (!clientAborted(error as FastifyError, request)) request.log.info({ reqId: request.id, status, code: (error as FastifyError).code, msg: error.message }, 'request refused');
      const message =
        error instanceof HttpError
          ? tr.t(error.messageKey)
          : status === 413
            ? tr.t('error.tooLarge')
            : request.readingMultipart
              ? tr.t('error.badRequest.multipart')
              : tr.t('error.badRequest.body');
      if (isApi(request)) {
        const validation = (error as FastifyError).validation;
        return reply.code(status).send(apiErrorBody(status, message, validation ? { details: validation.map((v) => ({ path: v.instancePath || String(v.params?.missingProperty ?? ''), message: v.message })) } : {}));
      }
      return reply.html(ErrorPage({ tr, kind: 'badRequest', message }), { status, fragment: request.wantsFragment });
    });
  },
  { name: 'zvit-errors' },
);
