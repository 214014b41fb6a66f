import type { FastifyInstance } from 'fastify';
import type { OutboxState } from '../../db/schema.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { kindsFor, OUTBOX_STATES } from './outbox.ts';
import { mailPermissions } from './policy.ts';
import { getOutboxEntry, listOutbox, mailSettings, readNotifications, requeueMessage, saveMailSettings } from './service.ts';
import { MailSettingsPage, NotificationsPage, NudgePage, OutboxMessagePage, OutboxPage } from './views.tsx';
import { planNudge, sendNudge } from './nudge.ts';
import { reachPlanPeriod } from '../reports/access.ts';
import { reportsTo } from '../reports/policy.ts';
import { periodName } from '../reports/service.ts';
import type { FastifyRequest, FastifyReply } from 'fastify';
import { smtpServerName } from './worker.ts';

const ID = /^\d{1,12}$/;

export default async function mailRoutes(app: FastifyInstance) {
  const { db, clock, config } = app.zvit;
  const access = { config: { permission: mailPermissions.outbox } };
  const server = config.mail.smtpUrl ? smtpServerName(config.mail.smtpUrl) : null;

  app.get('/outbox', access, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const rawState = typeof q.state === 'string' ? q.state : '';
    const state = (OUTBOX_STATES as readonly string[]).includes(rawState) ? (rawState as OutboxState) : undefined;
    const error = rawState && !state ? request.tr.t('outbox.error.state') : undefined;
    const page = typeof q.page === 'string' && /^\d{1,6}$/.test(q.page) && Number(q.page) >= 1 ? Number(q.page) : 1;
    const list = await listOutbox(db, request.principal!, config.baseUrl, { ...(state ? { state } : {}), page });
    return reply.html(OutboxPage({ ctx: pageContext(request, 'outbox'), ...list, state: state ?? '', server, error }), { status: error ? 400 : 200 });
  });

  const messageId = (raw: string) => {
    if (!ID.test(raw)) throw notFound();
    return Number(raw);
  };

  app.get('/outbox/:id', access, async (request, reply) => {
    const entry = await getOutboxEntry(db, request.principal!, config.baseUrl, messageId((request.params as { id: string }).id));
    if (!entry) throw notFound();
    const q = request.query as Record<string, unknown>;
    return reply.html(OutboxMessagePage({ ctx: pageContext(request, 'outbox'), entry, from: config.mail.from, csrf: request.csrfToken(), notice: q.done === 'requeued' ? request.tr.t('outbox.notice.requeued') : undefined }));
  });

  app.post('/outbox/:id/requeue', access, async (request, reply) => {
    const id = messageId((request.params as { id: string }).id);
    const entry = await getOutboxEntry(db, request.principal!, config.baseUrl, id);
    if (!entry) throw notFound();
    const result = await requeueMessage(db, clock, principalActor(request.principal!, request.meta()), id);
    if (result === 'stale') {
      const now = await getOutboxEntry(db, request.principal!, config.baseUrl, id);
      if (!now) throw new HttpError(409, 'outbox.stale');
      return reply.html(OutboxMessagePage({ ctx: pageContext(request, 'outbox'), entry: now, from: config.mail.from, csrf: request.csrfToken(), stale: true }), { status: 409 });
    }
    return reply.redirect(`/outbox/${id}?done=requeued`, 303);
  });

  const signedIn = { config: { permission: 'signed-in' as const } };
  const pageNumber = (raw: unknown) => (typeof raw === 'string' && /^\d{1,6}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : 1);

  app.get('/notifications', signedIn, async (request, reply) => {
    const p = request.principal!;
    const { items, nextPage } = await readNotifications(db, clock, p.userId, request.tr.locale, pageNumber((request.query as Record<string, unknown>).page));
    // The header counted before this page marked them read.
    return reply.html(NotificationsPage({ ctx: { ...pageContext(request, 'notifications'), user: { displayName: p.displayName, permissions: p.permissions, unread: 0 } }, email: p.email, items, nextPage }));
  });

  // The kinds of message this person can receive: by their roles and their organisation.
  const kindsOf = async (p: NonNullable<FastifyRequest['principal']>) => {
    const organisation = await db.selectFrom('organisations').select('by_consent').where('id', '=', p.organisationId).executeTakeFirst();
    return kindsFor(p.roles, organisation?.by_consent === 1);
  };

  app.get('/account/mail', signedIn, async (request, reply) => {
    const p = request.principal!;
    const { muted } = await mailSettings(db, p.userId);
    const q = request.query as Record<string, unknown>;
    return reply.html(MailSettingsPage({ ctx: pageContext(request, 'account'), csrf: request.csrfToken(), email: p.email, muted, kinds: await kindsOf(p), notice: q.done === 'saved' ? request.tr.t('mailSettings.saved') : undefined }));
  });

  app.post('/account/mail', signedIn, async (request, reply) => {
    const p = request.principal!;
    const raw = ((request.body ?? {}) as Record<string, unknown>).kinds;
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const wanted = list.filter((k): k is string => typeof k === 'string');
    const kinds = await kindsOf(p);
    const result = wanted.length === list.length && list.length <= 50 ? await saveMailSettings(db, clock, p.userId, wanted, kinds) : 'invalid';
    if (result === 'invalid') {
      const { muted } = await mailSettings(db, p.userId);
      return reply.html(MailSettingsPage({ ctx: pageContext(request, 'account'), csrf: request.csrfToken(), email: p.email, muted, kinds, error: request.tr.t('mailSettings.error.kind') }), { status: 400 });
    }
    return reply.redirect('/account/mail?done=saved', 303);
  });

  // The reminder to those who have not submitted: a preview, then the sending. The coordinator's
  // reaches every executor owing a report; a district administration's, the communities that
  // report to it (and itself).
  const remind = { config: { permission: 'signed-in' as const } };
  const reachRemind = async (request: FastifyRequest) => {
    const reached = await reachPlanPeriod(app, request, { district: true });
    const coordinates = reached.coordinates && request.principal!.permissions.has('report.review');
    if (!coordinates && !reached.district) throw new HttpError(403, 'auth.forbidden');
    const district = coordinates ? null : reached.district;
    const only = district ? (id: string) => id === district || reportsTo(reached.directory, id, district) : undefined;
    return { ...reached, only };
  };
  const nudgePage = async (request: FastifyRequest, reply: FastifyReply, notice?: string) => {
    const reached = await reachRemind(request);
    const planned = await planNudge(db, clock, reached.directory, reached.plan, reached.period, config.baseUrl, reached.only);
    const base = `/plans/${encodeURIComponent(reached.plan.id)}/periods/${reached.period.key}`;
    return reply.html(
      NudgePage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), planTitle: reached.plan.title, periodName: periodName(request.tr, reached.period), deadline: reached.period.executorDeadline.date, back: `${base}/reports`, action: `${base}/remind`, planned, notice, invitations: !reached.only && request.principal!.permissions.has('users.manage') ? `/plans/${encodeURIComponent(reached.plan.id)}/invitations` : undefined }),
    );
  };

  app.get('/plans/:planId/periods/:periodKey/remind', remind, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const sent = typeof q.sent === 'string' && /^\d{1,6}-\d{1,6}$/.test(q.sent) ? q.sent.split('-').map(Number) : null;
    return nudgePage(request, reply, sent ? request.tr.t('nudge.sent', { messages: sent[0]!, organisations: sent[1]! }) : undefined);
  });

  app.post('/plans/:planId/periods/:periodKey/remind', remind, async (request, reply) => {
    const reached = await reachRemind(request);
    const r = await sendNudge(db, clock, principalActor(request.principal!, request.meta()), reached.directory, reached.plan, reached.period, config.baseUrl, reached.only);
    return reply.redirect(`/plans/${encodeURIComponent(reached.plan.id)}/periods/${reached.period.key}/remind?sent=${r.messages}-${r.organisations}`, 303);
  });
}
