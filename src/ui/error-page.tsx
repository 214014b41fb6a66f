import type { Translator } from '../i18n/index.ts';
import { Layout } from './layout.tsx';

export function ErrorPage(props: { tr: Translator; kind: 'notFound' | 'server' | 'badRequest'; title?: string; message?: string; reference?: string }) {
  const { tr } = props;
  const { t } = tr;
  const title = props.title ?? (props.kind === 'notFound' ? t('error.notFound.title') : props.kind === 'server' ? t('error.server.title') : t('error.badRequest.title'));
  const body =
    props.kind === 'notFound'
      ? t('error.notFound.body')
      : props.kind === 'server'
        ? t('error.server.body', { reference: props.reference ?? '' })
        : (props.message ?? t('error.badRequest.body'));
  return (
    <Layout ctx={{ tr, path: '/' }} title={title}>
      <h1>{title}</h1>
      {body && <p class="lead">{body}</p>}
      <p>
        <a href="/plans">{t('error.backHome')}</a>
      </p>
    </Layout>
  );
}
