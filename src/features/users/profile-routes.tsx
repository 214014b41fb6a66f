import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { documentNameOf } from '../../domain/official-name.ts';
import { CsrfField, errorList, problemMessages, TextInput } from '../../ui/form.tsx';
import { ErrorSummary, Layout } from '../../ui/layout.tsx';
import { pageContext } from '../../ui/page-context.ts';
import { principalActor } from '../auth/service.ts';
import { loadProfile, saveProfile, type ProfileInput } from './profile.ts';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const body = Type.Object({ _csrf: text(100), position: text(2000), phone: text(1000) }, { additionalProperties: false });

/** The user's own position and phone, for the executor line of the documents they prepare. */
export default async function profileRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.zvit;
  const signedIn = { permission: 'signed-in' as const };

  async function page(request: FastifyRequest, reply: FastifyReply, values?: ProfileInput, errors: Partial<Record<keyof ProfileInput, string>> = {}, status = 200) {
    const { t } = request.tr;
    const tr = request.tr;
    const stored = await loadProfile(db, request.principal!.userId);
    const v = values ?? stored;
    const list = errorList(errors, ['position', 'phone']);
    const saved = (request.query as Record<string, unknown>).done === 'saved' && status === 200;
    const ctx = pageContext(request, 'account');
    return reply.html(
      <Layout ctx={ctx} title={t('profile.title')} hasError={list.length > 0}>
        <ErrorSummary tr={tr} errors={list} />
        <p class="back-link">
          <a href="/account">← {t('account.title')}</a>
        </p>
        <h1>{t('profile.title')}</h1>
        {saved && (
          <p class="notice notice--ok" role="status">
            {t('profile.saved')}
          </p>
        )}
        <p>{t('profile.intro', { name: documentNameOf(stored.displayName) ?? stored.displayName })}</p>
        <form method="post" action="/account/profile" class="form" novalidate>
          <CsrfField token={request.csrfToken()} />
          <TextInput tr={tr} id="position" label={t('profile.position')} value={v.position} error={errors.position} max={300} class="input--wide" autocomplete="organization-title" />
          <TextInput tr={tr} id="phone" type="tel" label={t('profile.phone')} hint={t('profile.phoneHint')} value={v.phone} error={errors.phone} max={50} class="input--medium" autocomplete="tel" />
          <button type="submit" class="button">
            {t('profile.save')}
          </button>
        </form>
      </Layout>,
      { status },
    );
  }

  app.get('/account/profile', { config: signedIn }, async (request, reply) => page(request, reply));

  app.post('/account/profile', { config: signedIn, schema: { body } }, async (request, reply) => {
    const values = { position: request.body.position ?? '', phone: request.body.phone ?? '' };
    const result = await saveProfile(db, clock, principalActor(request.principal!, request.meta()), request.principal!.userId, values);
    if (result) return page(request, reply, values, problemMessages(request.tr, 'profile.error', result.errors), 400);
    return reply.redirect('/account/profile?done=saved', 303);
  });
}
