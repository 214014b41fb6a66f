import { CsrfField, describedBy, Field } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';

export function ImportPage(props: { ctx: PageContext; csrf: string; error?: string | undefined; maxMb: number }) {
  const { ctx } = props;
  const { tr } = ctx;
  const { t } = tr;
  const errors = props.error ? [{ field: 'order', message: props.error }] : [];
  return (
    <Layout ctx={ctx} title={t('import.title')} hasError={errors.length > 0}>
      <div class="narrow">
        <ErrorSummary tr={tr} errors={errors} />
        <h1>{t('import.title')}</h1>
        <p>{t('import.intro')}</p>
        <form method="post" action="/plans/import" enctype="multipart/form-data" novalidate class="form">
          <CsrfField token={props.csrf} />
          <Field tr={tr} id="order" label={t('import.file')} hint={t('import.fileHint', { mb: props.maxMb })} error={props.error}>
            <input id="order" name="order" type="file" accept=".docx,.pdf,.txt,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/pdf,text/plain" aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy('order', true, props.error)} />
          </Field>
          <button type="submit" class="button">
            {t('import.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

