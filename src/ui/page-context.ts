import type { FastifyRequest } from 'fastify';
import type { NavSection, PageContext } from './layout.tsx';

/** What the layout needs from a request: language, path, who is signed in, the CSRF token. */
export function pageContext(request: FastifyRequest, nav: NavSection = null): PageContext {
  const p = request.principal;
  return {
    tr: request.tr,
    path: request.url,
    nav,
    user: p ? { displayName: p.displayName, permissions: p.permissions, unread: p.unread } : null,
    csrf: () => request.csrfToken(),
  };
}
