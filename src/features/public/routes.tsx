import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { formatLocalDate } from '../../domain/dates.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { translator } from '../../i18n/index.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { CsrfField, describedBy, Field } from '../../ui/form.tsx';
import { ErrorSummary, Layout } from '../../ui/layout.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { safeText } from '../consolidation/exports/xlsx.ts';
import { loadDirectory } from '../organisations/service.ts';
import { PLAN_ID } from '../plans/forms.ts';
import { mayManagePlan, mayReadPlan } from '../plans/policy.ts';
import * as plans from '../plans/service.ts';
import { periodByKey, periodName } from '../reports/service.ts';
import { MAX_NOTE, publicGoals, publicationOf, publish, publishedDocument, publishedPlan, sentPeriods, unpublish, type PublicGoal } from './service.ts';
import { PublicPlanPage, publicUrl } from './views.tsx';

/**
 * A published plan's public page, its periods, its Atom feed and its open data — without sign-in,
 * without script, cacheable (a strong ETag of the body, revalidated on every visit — "no-cache" — so
 * a plan taken down is gone at once; 304 on a match), gzip when asked; and the
 * coordinator's page to publish it. An unpublished or draft plan answers 404, the same as none.
 */

const PERIOD = /^\d{4}-(?:H[12]|Q[1-4])$/;
const uk = translator('uk');

/** Sends a public body: ETag, a short public cache, gzip when the client takes it; 304 when it already has it. */
function sendPublic(request: FastifyRequest, reply: FastifyReply, body: string, type: string) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', 'public, no-cache').header('vary', 'accept-encoding').header('content-type', type).header('x-content-type-options', 'nosniff');
  const match = request.headers['if-none-match'];
  if (typeof match === 'string' && match.split(/\s*,\s*/).includes(etag)) return reply.code(304).send();
  if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) && body.length > 1024) {
    return reply.header('content-encoding', 'gzip').send(gzipSync(Buffer.from(body, 'utf8')));
  }
  return reply.send(body);
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One row per measure and published total: the open data's table. */
function dataRows(goals: PublicGoal[]) {
  return goals.flatMap((g) =>
    g.measures.flatMap((m) => {
      const base = { goal: g.number, goal_title: g.title, measure: m.code, title: m.title, deadline: m.deadline ?? '', executors: m.executors.join('; '), state: m.state ?? '', public_text: m.publicText };
      if (m.totals.length === 0) return [{ ...base, indicator: '', unit: '', group: '', value: null as number | null, hidden: false }];
      return m.totals.flatMap((t) => [
        ...(t.grand !== undefined ? [{ ...base, indicator: t.name, unit: t.unit, group: 'total', value: t.grand, hidden: t.grand === null }] : []),
        ...t.groups.map((x) => ({ ...base, indicator: t.name, unit: t.unit, group: x.group, value: x.value, hidden: x.value === null })),
      ]);
    }),
  );
}

export const OPEN_DATA_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Zvit open data: a published plan of measures',
  type: 'object',
  required: ['plan', 'period', 'rows'],
  properties: {
    plan: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' }, legal: { type: 'object' }, start: { type: 'string', format: 'date' }, end: { type: 'string', format: 'date' } } },
    period: { description: 'The reporting period whose sent information the states and totals come from; null when nothing is sent yet.', type: ['object', 'null'], properties: { key: { type: 'string' }, sentDate: { type: 'string', format: 'date' } } },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          goal: { type: 'integer', description: 'The goal’s number.' },
          goal_title: { type: 'string' },
          measure: { type: 'string', description: 'The measure’s code in the plan ("1.1").' },
          title: { type: 'string' },
          deadline: { type: 'string', description: 'As the plan writes it.' },
          executors: { type: 'string', description: 'As the plan names them, separated by "; ".' },
          state: { enum: ['', 'done', 'in_progress', 'not_done', 'not_held'], description: 'The measure’s state in the sent information; empty: none.' },
          public_text: { type: 'string', description: 'The text the coordinator approved for publication; empty: none.' },
          indicator: { type: 'string', description: 'An indicator’s name; empty on a measure with no published total.' },
          unit: { type: 'string' },
          group: { enum: ['', 'total', 'regional', 'district', 'community', 'ngo'], description: 'Whose total: all executors, or one kind of them.' },
          value: { type: ['number', 'null'], description: 'null: hidden (a count of people below the threshold, or one it could be worked out from).' },
          hidden: { type: 'boolean' },
        },
      },
    },
  },
} as const;

export default async function publicRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const open = { config: { permission: 'public' as const } };

  /** The published plan, the sent periods, and the document shown (a period's, or the latest). */
  async function load(request: FastifyRequest, periodKey?: string) {
    const { planId } = request.params as { planId: string };
    if (!PLAN_ID.test(planId)) throw notFound();
    const found = await publishedPlan(db, planId);
    if (!found) throw notFound();
    const { plan, publication } = found;
    const [sent, directory] = await Promise.all([sentPeriods(db, plan.id), loadDirectory(db)]);
    const chosen = periodKey ? sent.find((s) => s.periodKey === periodKey) : sent[0];
    if (periodKey && !chosen) throw notFound();
    const doc = chosen ? await publishedDocument(db, chosen.versionId) : undefined;
    const outline = doc ? undefined : await plans.getPlanOutline(db, directory, plan.id);
    const goals = publicGoals(doc, outline, directory);
    const name = (key: string) => {
      const p = periodByKey(plan, key);
      return p ? periodName(uk, p) : key;
    };
    return { plan, publication, sent, chosen, goals, name };
  }

  const page = async (request: FastifyRequest, reply: FastifyReply, periodKey?: string) => {
    const { plan, publication, sent, chosen, goals, name } = await load(request, periodKey);
    const html =
      '<!doctype html>\n' +
      renderToString(
        PublicPlanPage({
          tr: uk,
          plan,
          note: publication.note,
          goals,
          shown: chosen ? { periodName: name(chosen.periodKey), sentDate: formatLocalDate(chosen.sentDate as never) } : null,
          periods: sent.map((s) => ({ key: s.periodKey, name: name(s.periodKey) })),
          periodPage: Boolean(periodKey),
        }),
      );
    return sendPublic(request, reply, html, 'text/html; charset=utf-8');
  };

  app.get('/p/:planId', open, async (request, reply) => page(request, reply));
  app.get('/p/:planId/:period', open, async (request, reply) => {
    const { period } = request.params as { period: string };
    if (!PERIOD.test(period)) throw notFound();
    return page(request, reply, period);
  });

  app.get('/p/:planId/feed.atom', open, async (request, reply) => {
    const { plan, sent, name } = await load(request);
    const base = (app.zvit.config.baseUrl ?? '').replace(/\/$/, '');
    const self = `${base}${publicUrl(plan.id)}`;
    const updated = sent[0]?.sentAt ?? (await publicationOf(db, plan.id))!.publishedAt;
    const entries = sent.map(
      (s) => `  <entry>
    <id>${xml(`${self}/${s.periodKey}#v${s.number}`)}</id>
    <title>${xml(uk.t('public.feedEntry', { period: name(s.periodKey) }))}</title>
    <updated>${xml(new Date(s.sentAt).toISOString())}</updated>
    <link rel="alternate" type="text/html" href="${xml(`${self}/${s.periodKey}`)}"/>
    <summary>${xml(uk.t('public.feedSummary', { date: formatLocalDate(s.sentDate as never), number: s.sentNumber }))}</summary>
  </entry>`,
    );
    const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="uk">
  <id>${xml(self)}</id>
  <title>${xml(uk.t('public.feedTitle', { plan: plan.title }))}</title>
  <updated>${xml(new Date(updated).toISOString())}</updated>
  <link rel="self" href="${xml(`${self}/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${xml(self)}"/>
  <author><name>${xml(uk.t('app.name'))}</name></author>
${entries.join('\n')}
</feed>
`;
    return sendPublic(request, reply, body, 'application/atom+xml; charset=utf-8');
  });

  app.get('/p/:planId/data.json', open, async (request, reply) => {
    const { plan, chosen, goals } = await load(request);
    const body = JSON.stringify(
      {
        plan: { id: plan.id, title: plan.title, legal: plan.legal, start: plan.start, end: plan.end },
        period: chosen ? { key: chosen.periodKey, sentDate: chosen.sentDate } : null,
        rows: dataRows(goals),
      },
      null,
      1,
    );
    return sendPublic(request, reply, body, 'application/json; charset=utf-8');
  });

  app.get('/p/:planId/data.csv', open, async (request, reply) => {
    const { goals } = await load(request);
    const rows = dataRows(goals);
    const columns = ['goal', 'goal_title', 'measure', 'title', 'deadline', 'executors', 'state', 'public_text', 'indicator', 'unit', 'group', 'value', 'hidden'] as const;
    const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? 'true' : 'false') : `"${safeText(String(v)).replace(/"/g, '""')}"`);
    const body = '\ufeff' + [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
    reply.header('content-disposition', `attachment; filename="${plan(request)}.csv"`);
    return sendPublic(request, reply, body, 'text/csv; charset=utf-8');
  });
  const plan = (request: FastifyRequest) => (request.params as { planId: string }).planId;

  app.get('/p/:planId/data-schema.json', open, async (request, reply) => {
    await load(request);
    return sendPublic(request, reply, JSON.stringify(OPEN_DATA_SCHEMA, null, 1), 'application/schema+json; charset=utf-8');
  });

  // The coordinator publishes the plan, writes its note to the public, or takes it down.
  const PUBLISH = '/plans/:planId/publication';
  async function managed(request: FastifyRequest) {
    const { planId } = request.params as { planId: string };
    if (!PLAN_ID.test(planId)) throw notFound();
    const found = await plans.getPlan(db, planId);
    if (!found || !mayReadPlan(request.principal, found) || !mayManagePlan(request.principal, found)) throw notFound();
    return found;
  }
  function publishPage(request: FastifyRequest, p: plans.PlanView, note: string, published: boolean, error?: string, notice?: string) {
    const ctx = pageContext(request, 'plans');
    const { t } = ctx.tr;
    const url = `${(app.zvit.config.baseUrl ?? '').replace(/\/$/, '')}${publicUrl(p.id)}`;
    return (
      <Layout ctx={ctx} title={t('publish.title')} hasError={Boolean(error)}>
        <p class="back-link">
          <a href={`/plans/${encodeURIComponent(p.id)}`}>← {p.shortTitle ?? p.title}</a>
        </p>
        <ErrorSummary tr={ctx.tr} errors={error ? [{ field: 'note', message: error }] : []} />
        {notice && (
          <p class="notice notice--ok" role="status">
            {notice}
          </p>
        )}
        <h1>{t('publish.title')}</h1>
        <p>{t('publish.intro')}</p>
        {published && (
          <p>
            {t('publish.isPublished', { url: '' })}
            <a href={publicUrl(p.id)}>{url}</a>
          </p>
        )}
        {p.state === 'draft' ? (
          <p class="notice">{t('publish.draft')}</p>
        ) : (
          <form method="post" action={`/plans/${encodeURIComponent(p.id)}/publication`} class="form" novalidate>
            <CsrfField token={request.csrfToken()} />
            <Field tr={ctx.tr} id="note" label={t('publish.note')} hint={t('publish.noteHint', { max: MAX_NOTE })} error={error}>
              <textarea id="note" name="note" rows={5} maxLength={MAX_NOTE} class="input--wide" aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy('note', true, error)}>
                {note}
              </textarea>
            </Field>
            <button type="submit" name="action" value="publish" class="button">
              {t(published ? 'publish.update' : 'publish.submit')}
            </button>{' '}
            {published && (
              <button type="submit" name="action" value="unpublish" class="button button--secondary">
                {t('publish.unpublish')}
              </button>
            )}
          </form>
        )}
      </Layout>
    );
  }
  app.get(PUBLISH, { config: { permission: 'plan.manage' as const } }, async (request, reply) => {
    const p = await managed(request);
    const publication = await publicationOf(db, p.id);
    const done = (request.query as Record<string, unknown>).done;
    const notice = done === 'published' ? request.tr.t('publish.published', { url: publicUrl(p.id) }) : done === 'unpublished' ? request.tr.t('publish.unpublished') : undefined;
    return reply.html(publishPage(request, p, publication?.note ?? '', Boolean(publication), undefined, notice));
  });
  app.post(PUBLISH, { config: { permission: 'plan.manage' as const } }, async (request, reply) => {
    const p = await managed(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const actor = principalActor(request.principal!, request.meta());
    if (body.action === 'unpublish') {
      await unpublish(db, clock, actor, p);
      return reply.redirect(`/plans/${encodeURIComponent(p.id)}/publication?done=unpublished`, 303);
    }
    const note = typeof body.note === 'string' ? body.note.slice(0, 20_000) : '';
    const result = await publish(db, clock, actor, p, note);
    if (result === 'draft') throw new HttpError(409, 'publish.draft' as MessageKey);
    if (result) return reply.html(publishPage(request, p, note, Boolean(await publicationOf(db, p.id)), request.tr.t('publish.error.note.tooLong')), { status: 400 });
    return reply.redirect(`/plans/${encodeURIComponent(p.id)}/publication?done=published`, 303);
  });
}

