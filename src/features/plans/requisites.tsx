import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { actInstrumental, suggestIssuerGenitive, suggestTitleGenitive } from '../../domain/genitive.ts';
import type { Translator } from '../../i18n/index.ts';
import { HttpError, notFound } from '../../plugins/errors.ts';
import { CsrfField, TextArea } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import { principalActor } from '../auth/service.ts';
import { PLAN_ID } from './forms.ts';
import { mayManagePlan, planPermissions } from './policy.ts';
import { getPlan, type PlanView } from './service.ts';

/**
 * A plan's requisites for its documents: the title and the issuer in the genitive, which a
 * document's heading needs ("про стан виконання Обласного плану заходів …, затвердженого
 * розпорядженням начальника …"). Zvit suggests them from the order's text; the coordinator
 * confirms or corrects them. Until then the documents quote the title as written.
 */

export const MAX_REQUISITE = 1_000;
type Field = 'titleGenitive' | 'issuerGenitive';
type Problem = 'tooLong' | 'quotes';

export function checkRequisites(input: Record<Field, string>): { errors: Partial<Record<Field, Problem>> } | { value: Record<Field, string | null> } {
  const errors: Partial<Record<Field, Problem>> = {};
  const value: Record<Field, string | null> = { titleGenitive: null, issuerGenitive: null };
  for (const f of ['titleGenitive', 'issuerGenitive'] as const) {
    const v = input[f].replace(/\s+/g, ' ').trim();
    if (v.length > MAX_REQUISITE) errors[f] = 'tooLong';
    // The heading reads the title as part of its sentence: never a quoted nominative.
    else if (/[«»"“”„]/.test(v)) errors[f] = 'quotes';
    value[f] = v || null;
  }
  return Object.keys(errors).length ? { errors } : { value };
}

export const MAX_ADDRESSEE = 1_000;
export const MAX_ADDRESSEE_LINES = 6;
export type AddresseeProblem = 'tooLong' | 'tooManyLines';

/**
 * The cover letter's addressee in the dative, as typed: lines kept (position, then the name),
 * spaces within a line collapsed, empty lines dropped; empty → null (the letter then names whom
 * the plan reports to).
 */
export function checkAddressee(raw: string): { error: AddresseeProblem } | { value: string | null } {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const value = lines.join('\n');
  if (value.length > MAX_ADDRESSEE) return { error: 'tooLong' };
  if (lines.length > MAX_ADDRESSEE_LINES) return { error: 'tooManyLines' };
  return { value: value || null };
}

async function saveRequisites(db: Db, clock: Clock, actor: AuditActor, plan: PlanView, value: Record<Field, string | null>, addressee: string | null): Promise<void> {
  await writeTransaction(db, async (tx) => {
    await tx.updateTable('plans').set({ title_genitive: value.titleGenitive, issuer_genitive: value.issuerGenitive, letter_addressee: addressee, updated_at: clock.now().toISOString() }).where('id', '=', plan.id).execute();
    await recordEvent(tx, clock, actor, { action: 'plan.details_edited', targetType: 'plan', targetId: plan.id, details: { plan: plan.id, requisites: { ...value, letterAddressee: addressee } } });
  });
}

/** The heading as the documents will read it with these requisites. */
function preview(tr: Translator, plan: PlanView, value: Record<Field, string>): string | null {
  const act = actInstrumental(plan.legal.kind);
  if (!value.titleGenitive.trim() || !value.issuerGenitive.trim() || !act) return null;
  const [y, m, d] = plan.legal.date.split('-');
  return `${tr.t('consolidation.doc.heading')} ${tr.t('consolidation.doc.aboutGenitive', { plan: value.titleGenitive.trim(), approvedBy: `${act} ${value.issuerGenitive.trim()} від ${d}.${m}.${y} № ${plan.legal.number}`, period: '…' })}`;
}

function RequisitesPage(props: { ctx: PageContext; csrf: string; plan: PlanView; values: Record<Field | 'letterAddressee', string>; suggested: Record<Field, boolean>; errors: Partial<Record<Field | 'letterAddressee', string>>; notice?: string | undefined }) {
  const { ctx, plan, values, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const list = (['titleGenitive', 'issuerGenitive', 'letterAddressee'] as const).filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
  const heading = preview(tr, plan, values);
  return (
    <Layout ctx={ctx} title={t('requisites.title')} hasError={list.length > 0}>
      <p>
        <a href={`/plans/${encodeURIComponent(plan.id)}`}>← {plan.title}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <h1>{t('requisites.title')}</h1>
      <p>{t('requisites.lead')}</p>
      <dl class="summary-list">
        <div>
          <dt>{t('requisites.asWritten')}</dt>
          <dd>{plan.title}</dd>
        </div>
        <div>
          <dt>{t('requisites.issuerAsWritten')}</dt>
          <dd>
            {plan.legal.issuer}, {plan.legal.kind} {tr.date(plan.legal.date)} № {plan.legal.number}
          </dd>
        </div>
      </dl>
      <form method="post" action={`/plans/${encodeURIComponent(plan.id)}/requisites`} class="form" novalidate>
        <CsrfField token={props.csrf} />
        <TextArea tr={tr} id="titleGenitive" label={t('requisites.titleGenitive')} hint={props.suggested.titleGenitive ? t('requisites.suggested') : t('requisites.titleHint')} value={values.titleGenitive} error={errors.titleGenitive} rows={3} max={MAX_REQUISITE} />
        <TextArea tr={tr} id="issuerGenitive" label={t('requisites.issuerGenitive')} hint={props.suggested.issuerGenitive ? t('requisites.suggested') : t('requisites.issuerHint')} value={values.issuerGenitive} error={errors.issuerGenitive} rows={2} max={MAX_REQUISITE} />
        {heading && (
          <p class="hint">
            {t('requisites.preview')} <strong>{heading}</strong>
          </p>
        )}
        <TextArea tr={tr} id="letterAddressee" label={t('letters.addressee')} hint={t('letters.addresseeHint')} value={values.letterAddressee} error={errors.letterAddressee} rows={3} max={MAX_ADDRESSEE} />
        <button type="submit" class="button">
          {t('requisites.save')}
        </button>
      </form>
    </Layout>
  );
}

export default async function requisitesRoutes(app: FastifyInstance) {
  const { db, clock } = app.zvit;
  const access = { config: { permission: planPermissions.manage } };

  const reach = async (request: FastifyRequest): Promise<PlanView> => {
    const { planId } = request.params as { planId: string };
    if (!PLAN_ID.test(planId)) throw notFound();
    const plan = await getPlan(db, planId);
    if (!plan || !mayManagePlan(request.principal, plan)) throw notFound();
    return plan;
  };

  const show = (request: FastifyRequest, reply: FastifyReply, plan: PlanView, values: Record<Field | 'letterAddressee', string>, suggested: Record<Field, boolean>, errors: Partial<Record<Field | 'letterAddressee', string>> = {}, notice?: string) =>
    reply.html(RequisitesPage({ ctx: pageContext(request, 'plans'), csrf: request.csrfToken(), plan, values, suggested, errors, notice }), { status: Object.keys(errors).length ? 400 : 200 });

  app.get('/plans/:planId/requisites', access, async (request, reply) => {
    const plan = await reach(request);
    const r = plan.requisites;
    const title = r.titleGenitive ?? suggestTitleGenitive(plan.title);
    const issuer = r.issuerGenitive ?? suggestIssuerGenitive(plan.legal.issuer);
    const done = (request.query as Record<string, unknown>).done === '1';
    const addressee = (await db.selectFrom('plans').select('letter_addressee').where('id', '=', plan.id).executeTakeFirst())?.letter_addressee ?? '';
    return show(request, reply, plan, { titleGenitive: title ?? '', issuerGenitive: issuer ?? '', letterAddressee: addressee }, { titleGenitive: !r.titleGenitive && Boolean(title), issuerGenitive: !r.issuerGenitive && Boolean(issuer) }, {}, done ? request.tr.t('requisites.saved') : undefined);
  });

  app.post('/plans/:planId/requisites', access, async (request, reply) => {
    const plan = await reach(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (k: Field) => (typeof body[k] === 'string' ? (body[k] as string).slice(0, MAX_REQUISITE * 2) : '');
    if (body.letterAddressee !== undefined && typeof body.letterAddressee !== 'string') throw new HttpError(400, 'error.badRequest.body');
    const typedAddressee = typeof body.letterAddressee === 'string' ? body.letterAddressee.slice(0, MAX_ADDRESSEE * 2) : '';
    const input = { titleGenitive: text('titleGenitive'), issuerGenitive: text('issuerGenitive') };
    const checked = checkRequisites(input);
    const addressee = checkAddressee(typedAddressee);
    if ('errors' in checked || 'error' in addressee) {
      const errors: Partial<Record<Field | 'letterAddressee', string>> = {};
      if ('errors' in checked) for (const [f, p] of Object.entries(checked.errors) as [Field, Problem][]) errors[f] = request.tr.t(`requisites.error.${p}`, { max: MAX_REQUISITE });
      if ('error' in addressee) errors.letterAddressee = request.tr.t(`letters.error.addressee.${addressee.error}`, { max: MAX_ADDRESSEE });
      return show(request, reply, plan, { ...input, letterAddressee: typedAddressee }, { titleGenitive: false, issuerGenitive: false }, errors);
    }
    await saveRequisites(db, clock, principalActor(request.principal!, request.meta()), plan, checked.value, addressee.value);
    return reply.redirect(`/plans/${encodeURIComponent(plan.id)}/requisites?done=1`, 303);
  });
}
