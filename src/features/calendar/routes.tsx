import type { FastifyInstance } from 'fastify';
import { notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { buildFeed, calendarLinkStatus, createCalendarLink, feedOwner, feedPath, revokeCalendarLink } from './service.ts';
import { renderIcs } from './ics.ts';
import { CalendarLinkPage } from './views.tsx';

export default async function calendarRoutes(app: FastifyInstance) {
  const { db, clock, config } = app.zvit;
  const signedIn = { config: { permission: 'signed-in' as const } };

  // A new link (revoking the one in force), shown in full once, never kept.
  app.post('/account/calendar', signedIn, async (request, reply) => {
    const p = request.principal!;
    const replaced = (await calendarLinkStatus(db, p.userId)) !== null;
    const token = await createCalendarLink(db, clock, p, request.meta());
    return reply.html(CalendarLinkPage({ ctx: pageContext(request, 'account'), link: `${config.baseUrl}${feedPath(token)}`, replaced }));
  });

  app.post('/account/calendar/revoke', signedIn, async (request, reply) => {
    const revoked = await revokeCalendarLink(db, clock, request.principal!, request.meta());
    return reply.redirect(`/account?done=${revoked ? 'calendar-revoked' : 'calendar-none'}#calendar`, 303);
  });

  // The feed: no session, the token is the credential; anything else is a plain 404.
  app.get('/calendar/:file', { config: { permission: 'public' } }, async (request, reply) => {
    const file = (request.params as { file: string }).file;
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    const owner = token ? await feedOwner(db, token) : null;
    if (!owner) throw notFound();
    const feed = await buildFeed(db, clock, owner, config.baseUrl);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="zvit.ics"')
      .header('x-robots-tag', 'noindex')
      .send(renderIcs(feed, clock.now()));
  });
}
