import type { FastifyInstance } from 'fastify';
import { localDateOf } from '../../domain/time.ts';
import { MAX_QUERY, searchTerms } from '../../domain/report-search.ts';
import { pageContext } from '../../ui/page-context.ts';
import { loadDirectory } from '../organisations/service.ts';
import { reportPermissions } from '../reports/policy.ts';
import { searchablePlans, searchReports } from './service.ts';
import { SearchPage } from './views.tsx';

/**
 * `/search`: the plans' coordinators and supervisors search the words of submitted reports across
 * periods and plans (only plans their organisation oversees). A query too short to search is told
 * beside the field with a 400; nothing is written.
 */
export default async function searchRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  app.get('/search', { config: { permission: reportPermissions.readSubmitted } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const q = typeof query.q === 'string' ? query.q.slice(0, MAX_QUERY) : '';
    const wanted = typeof query.plan === 'string' ? query.plan : '';
    const scope = await searchablePlans(db, request.principal!, localDateOf(clock.now()));
    const planId = scope.some((p) => p.id === wanted) ? wanted : '';
    const ctx = pageContext(request, 'search');
    if (!q.trim()) return reply.html(SearchPage({ ctx, q: '', planId, plans: scope, result: null }));
    const terms = searchTerms(q);
    if (terms.length === 0) return reply.html(SearchPage({ ctx, q, planId, plans: scope, result: null, error: request.tr.t('search.error.short') }), { status: 400 });
    const directory = await loadDirectory(db);
    const result = await searchReports(db, directory, planId ? scope.filter((p) => p.id === planId) : scope, terms);
    return reply.html(SearchPage({ ctx, q, planId, plans: scope, result }));
  });
}
