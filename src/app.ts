import crypto from 'node:crypto';
import { registerMetrics } from './features/health/metrics.ts';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { MAX_IMPORT_BYTES } from './features/imports/service.ts';
import swagger from '@fastify/swagger';
import { renderToString } from 'preact-render-to-string';
import type { Clock } from './clock.ts';
import { translator } from './i18n/index.ts';
import { localeOf } from './plugins/context.ts';
import { ErrorPage } from './ui/error-page.tsx';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import access from './plugins/access.ts';
import assets from './plugins/assets.ts';
import compression from './plugins/compression.ts';
import context from './plugins/context.ts';
import errors from './plugins/errors.ts';
import render from './plugins/render.ts';
import security from './plugins/security.ts';
import session from './plugins/session.ts';
import { registerRoutes } from './routes.ts';

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  clock: Clock;
  /** Log to this stream instead of stdout (tests pass a sink or silence). */
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream };
}

/**
 * A calendar, invitation or password-reset link's token is a credential: the request log shows
 * "/calendar/….ics", "/invitation/…", "/password-reset/…" instead.
 */
export function redactUrl(url: string): string {
  return url.replace(/^\/calendar\/[^/?#]+\.ics/, '/calendar/….ics').replace(/^\/(invitation|password-reset)\/[^/?#]+/, '/$1/…');
}

function withRedactedUrls(logger: NonNullable<AppOptions['logger']>): AppOptions['logger'] {
  if (typeof logger !== 'object') return logger;
  return {
    ...logger,
    serializers: {
      req: (req: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  } as AppOptions['logger'];
}

/**
 * Builds the application: external plugins, then our plugins, then the routes (fastify/demo's
 * order). The same function serves `zvit serve`, `npm start` and every HTTP test.
 */
declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: { stopping: boolean };
  }
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database, clock } = options;
  const app = Fastify({
    logger: withRedactedUrls(options.logger ?? { level: config.logLevel }),
    genReqId: () => crypto.randomUUID(),
    // The client's address comes from X-Forwarded-For only when it passed a proxy we trust.
    trustProxy: config.trustProxy === false ? false : config.trustProxy,
    // Ids, search texts and form fields are short; a huge body is refused before it is parsed.
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    // A malformed or over-long URL is refused before routing: answer it like any other 4xx.
    frameworkErrors: (error, request, untypedReply) => {
      const reply = untypedReply as unknown as FastifyReply;
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      const cookie = /(?:^|;\s*)zvit_locale=(uk|en)/.exec(String(request.headers.cookie ?? ''));
      const tr = translator(localeOf(cookie?.[1]));
      reply.code(status).header('cache-control', 'no-store');
      if (request.url.startsWith('/api/')) return reply.send({ error: 'bad_request', message: tr.t('error.badAddress') });
      reply.header('content-type', 'text/html; charset=utf-8');
      return reply.send(`<!doctype html>\n${renderToString(ErrorPage({ tr, kind: 'badRequest', message: tr.t('error.badAddress') }))}`);
    },
  });

  await app.register(cookie);
  await app.register(formbody);
  await app.register(compression);
  // Uploads (orders, later attachments) arrive whole in the body, so the CSRF check and the
  // route see the form's fields; the size is capped before anything is buffered past it.
  // Around @fastify/multipart's own hook: an error while it reads the body is the body's (400).
  app.decorateRequest('readingMultipart', false);
  app.addHook('preValidation', async (request) => {
    request.readingMultipart = request.isMultipart?.() ?? false;
  });
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 4096 }, throwFileSizeLimit: false });
  app.addHook('preValidation', async (request) => {
    request.readingMultipart = false;
  });
  await app.register(swagger, {
    hideUntagged: true,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Zvit API',
        version: '1',
        description: 'JSON API of Zvit: plans of measures and the organisation directory (read), and the executor’s own reports (read and write, with the session cookie and the X-CSRF-Token header).',
      },
      servers: [{ url: config.baseUrl }],
      tags: [
        { name: 'plans', description: 'Plans of measures' },
        { name: 'organisations', description: 'The organisation directory' },
        { name: 'reports', description: 'Your organisation’s reports: read, save entries, submit, withdraw' },
      ],
    },
  });

  await app.register(access);
  await app.register(context, { config, db: database.db, database, clock });
  await app.register(render);
  await app.register(session);
  await app.register(security);
  await app.register(errors);
  await app.register(assets);

  // Set when the process is stopping (server.ts `drainAndClose`): /readyz answers 503 so a load
  // balancer sends nothing new while the requests in flight finish.
  app.decorate('lifecycle', { stopping: false });
  registerMetrics(app, database, config.metricsToken);
  await registerRoutes(app);
  return app;
}
