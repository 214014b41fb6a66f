import type { MessageKey } from '../../i18n/catalogue.ts';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { CsrfField, describedBy, Field } from '../../ui/form.tsx';
import type { ContactPreview, PreviewRow } from './contacts.ts';

/** The import of contacts: the upload form, then the preview to confirm. */

export function ContactsUploadPage(props: { ctx: PageContext; csrf: string; error?: string | undefined; maxMb: number; notice?: string | undefined }) {
  const { ctx } = props;
  const { tr } = ctx;
  const { t } = tr;
  const errors = props.error ? [{ field: 'file', message: props.error }] : [];
  return (
    <Layout ctx={ctx} title={t('contactsImport.title')} hasError={errors.length > 0}>
      <p class="back-link">
        <a href="/organisations">← {t('organisations.title')}</a>
      </p>
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <div class="narrow">
        <ErrorSummary tr={tr} errors={errors} />
        <h1>{t('contactsImport.title')}</h1>
        <p>{t('contactsImport.intro')}</p>
        <ul>
          <li>{t('contactsImport.columnsOrganisation')}</li>
          <li>{t('contactsImport.columnsContact')}</li>
        </ul>
        <p>{t('contactsImport.emptyCells')}</p>
        <form method="post" action="/organisations/contacts/import" enctype="multipart/form-data" novalidate class="form">
          <CsrfField token={props.csrf} />
          <Field tr={tr} id="file" label={t('contactsImport.file')} hint={t('contactsImport.fileHint', { mb: props.maxMb })} error={props.error}>
            <input id="file" name="file" type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy('file', true, props.error)} />
          </Field>
          <button type="submit" class="button">
            {t('contactsImport.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

function RowProblems(props: { ctx: PageContext; row: PreviewRow }) {
  const { t } = props.ctx.tr;
  const list = [
    ...props.row.problems.map((p) => t(`contactsImport.problem.${p}` as MessageKey)),
    ...Object.entries(props.row.fieldProblems).map(([field, p]) => `${t(`contactsImport.column.${field}` as MessageKey)}: ${t((p === 'invalid' && (field === 'email' || field === 'phone') ? `contactsImport.fieldProblem.invalid.${field}` : `contactsImport.fieldProblem.${p}`) as MessageKey)}`),
  ];
  if (list.length === 0) return null;
  return (
    <ul class="plain-list field__error">
      {list.map((m) => (
        <li>
          <span class="visually-hidden">{t('error.prefix')}</span>
          {m}
        </li>
      ))}
    </ul>
  );
}

export function ContactsPreviewPage(props: { ctx: PageContext; csrf: string; preview: ContactPreview; error?: string | undefined }) {
  const { ctx, preview } = props;
  const { tr } = ctx;
  const { t } = tr;
  const notSet = t('organisation.notSet');
  return (
    <Layout ctx={ctx} title={t('contactsImport.previewTitle', { file: preview.fileName })} hasError={Boolean(props.error)}>
      <p class="back-link">
        <a href="/organisations/contacts/import">← {t('contactsImport.another')}</a>
      </p>
      {props.error && (
        <p class="notice" role="alert">
          {props.error}
        </p>
      )}
      <h1>{t('contactsImport.previewTitle', { file: preview.fileName })}</h1>
      <p>{t('contactsImport.previewIntro')}</p>
      <ul>
        <li>{t('contactsImport.count.change', { count: preview.counts.change })}</li>
        <li>{t('contactsImport.count.same', { count: preview.counts.same })}</li>
        <li>{t('contactsImport.count.error', { count: preview.counts.error })}</li>
      </ul>
      <p class="hint">{t('contactsImport.columnsFound', { columns: preview.columns.map((c) => t(`contactsImport.column.${c}` as MessageKey)).join(', ') })}</p>
      {preview.counts.change > 0 ? (
        <form method="post" action={`/organisations/contacts/import/${preview.id}`} novalidate class="form">
          <CsrfField token={props.csrf} />
          <button type="submit" class="button">
            {t('contactsImport.confirm', { count: preview.counts.change })}
          </button>
        </form>
      ) : (
        <p class="notice">{t('contactsImport.nothingToApply')}</p>
      )}
      <div class="table-scroll" role="region" aria-label={t('contactsImport.rows')} tabIndex={0}>
        <table class="data-table data-table--stack">
          <caption class="visually-hidden">{t('contactsImport.rows')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('contactsImport.line')}</th>
              <th scope="col">{t('contactsImport.inFile')}</th>
              <th scope="col">{t('contactsImport.organisation')}</th>
              <th scope="col">{t('contactsImport.changes')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr id={`line-${row.line}`} class={row.state === 'error' ? 'row--error' : undefined}>
                <td data-label={t('contactsImport.line')}>{row.line}</td>
                <td data-label={t('contactsImport.inFile')}>{row.asWritten}</td>
                <td data-label={t('contactsImport.organisation')}>{row.organisation ? <a href={`/organisations/${encodeURIComponent(row.organisation.id)}`}>{row.organisation.name}</a> : <span class="muted">{t('contactsImport.notFound')}</span>}</td>
                <td data-label={t('contactsImport.changes')}>
                  {row.state === 'error' ? (
                    <>
                      <span class="tag tag--warning">{t('contactsImport.state.error')}</span>
                      <RowProblems ctx={ctx} row={row} />
                    </>
                  ) : row.state === 'same' ? (
                    <span class="muted">{t('contactsImport.state.same')}</span>
                  ) : (
                    <ul class="plain-list">
                      {row.changes.map((c) => (
                        <li>
                          <strong>{t(`contactsImport.column.${c.field}` as MessageKey)}:</strong> <del>{c.from ?? notSet}</del> → <ins>{c.to}</ins>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
