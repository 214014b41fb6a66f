import fp from 'fastify-plugin';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a full page (with doctype) or an htmx fragment; text and attributes are escaped. */
    html(node: VNode, options?: { status?: number; fragment?: boolean }): FastifyReply;
  }
  interface FastifyRequest {
    /** An htmx request that wants a fragment (not a history restore, which needs the whole page). */
    readonly wantsFragment: boolean;
  }
}

export default fp(
  async (app) => {
    app.decorateRequest('wantsFragment', {
      getter() {
        return this.headers['hx-request'] === 'true' && this.headers['hx-history-restore-request'] !== 'true';
      },
    });
    app.decorateReply('html', function (node: VNode, options: { status?: number; fragment?: boolean } = {}) {
      const body = renderToString(node);
      this.status(options.status ?? 200);
      this.header('content-type', 'text/html; charset=utf-8');
      // Pages and fragments differ for one URL: caches must keep them apart.
      this.header('vary', 'HX-Request, Cookie');
      return this.send(options.fragment ? body : `<!doctype html>\n${body}`);
    });
  },
  { name: 'zvit-render' },
);
