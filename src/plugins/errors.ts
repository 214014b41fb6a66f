import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
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

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

function sendNotFound(request: FastifyRequest, reply: FastifyReply) {
  const tr = request.tr ?? translator('uk');
  if (isApi(request)) {
    return reply.code(404).send({ error: 'not_found', message: tr.t('error.notFound.api') });
  }
  return reply.html(ErrorPage({ tr, kind: 'notFound' }), { status: 404, fragment: request.wantsFragment });
}

export default fp(
  async (app) => {
    app.setNotFoundHandler(sendNotFound);
    app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
      // A request that failed before its language was known is answered in Ukrainian.
      const tr = request.tr ?? translator('uk');
      const status = error instanceof HttpError ? error.statusCode : (error.statusCode ?? 500);
      if (status === 404) return sendNotFound(request, reply);
      if (status >= 500) {
        request.log.error({ err: error, reqId: request.id }, 'request failed');
        if (isApi(request)) return reply.code(500).send({ error: 'server_error', reference: request.id });
        return reply.html(ErrorPage({ tr, kind: 'server', reference: request.id }), { status: 500, fragment: request.wantsFragment });
      }
      request.log.info({ reqId: request.id, status, code: (error as FastifyError).code, msg: error.message }, 'request refused');
      const message =
        error instanceof HttpError
          ? tr.t(error.messageKey)
          : status === 413
            ? tr.t('error.tooLarge')
            : tr.t('error.badRequest.body');
      if (isApi(request)) {
        const validation = (error as FastifyError).validation;
        return reply.code(status).send({
          error: 'bad_request',
          message,
          ...(validation ? { details: validation.map((v) => ({ path: v.instancePath || v.params?.missingProperty || '', message: v.message })) } : {}),
        });
      }
      return reply.html(ErrorPage({ tr, kind: 'badRequest', message }), { status, fragment: request.wantsFragment });
    });
  },
  { name: 'zvit-errors' },
);
