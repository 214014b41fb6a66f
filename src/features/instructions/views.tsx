import { formatLocalDate } from '../../domain/dates.ts';
import type { MessageKey, Translator } from '../../i18n/index.ts';
import { CsrfField, describedBy, Field, FieldError } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { Paragraphs } from '../../ui/text.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { Directory, OrganisationView } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';
import { INSTRUCTION_KINDS, MAX_ANSWER, MAX_TEXT, type InstructionFilter, type InstructionView } from './service.ts';

/** The instructions' pages: a plan's list (filtered in the URL), a new instruction, one instruction with its answer. */

export const instructionsUrl = (planId: string) => `/plans/${encodeURIComponent(planId)}/instructions`;

export function InstructionState(props: { tr: Translator; i: Pick<InstructionView, 'state' | 'overdue'> }) {
  const { t } = props.tr;
  const s = props.i.overdue ? 'overdue' : props.i.state;
  const cls = s === 'closed' ? 'tag tag--active' : s === 'overdue' ? 'tag tag--warning' : s === 'answered' ? 'tag tag--consent' : 'tag tag--draft';
  return <span class={cls}>{t(`instr.state.${s}` as MessageKey)}</span>;
}

export function kindText(tr: Translator, i: Pick<InstructionView, 'kind' | 'extendTo'>): string {
  return i.kind === 'extend' && i.extendTo ? tr.t('instr.kindFull.extend', { date: formatLocalDate(i.extendTo) }) : tr.t(`instr.kind.${i.kind}` as MessageKey);
}

const orgName = (directory: Directory, id: string) => {
  const o = directory.organisation(id);
  return o ? (o.shortName ?? o.name) : id;
};

export function InstructionsPage(props: { ctx: PageContext; plan: PlanView; items: InstructionView[]; directory: Directory; issuer: boolean; filter: InstructionFilter; organisations: OrganisationView[]; notice?: string | undefined }) {
  const { ctx, plan, items, directory, filter } = props;
  const { tr } = ctx;
  const { t } = tr;
  const filtered = Boolean(filter.state || filter.organisationId);
  return (
    <Layout ctx={ctx} title={`${t('instr.title')} — ${plan.shortTitle ?? plan.title}`}>
      <p class="back-link">
        <a href={`/plans/${encodeURIComponent(plan.id)}`}>← {plan.shortTitle ?? plan.title}</a>
      </p>
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <h1>{t('instr.title')}</h1>
      <p>{t(props.issuer ? 'instr.intro.issuer' : 'instr.intro.addressee')}</p>
      {props.issuer && (
        <p>
          <a class="button" href={`${instructionsUrl(plan.id)}/new`}>
            {t('instr.new')}
          </a>
        </p>
      )}
      <form method="get" action={instructionsUrl(plan.id)} class="filter filter--compact">
        <div class="field">
          <label for="state">{t('instr.filter.state')}</label>
          <select id="state" name="state">
            <option value="">{t('instr.filter.all')}</option>
            {(['open', 'overdue', 'answered', 'closed'] as const).map((s) => (
              <option value={s} selected={filter.state === s}>
                {t(`instr.filter.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {props.issuer && (
          <div class="field">
            <label for="organisation">{t('instr.filter.organisation')}</label>
            <select id="organisation" name="organisation">
              <option value="">{t('instr.filter.all')}</option>
              {props.organisations.map((o) => (
                <option value={o.id} selected={filter.organisationId === o.id}>
                  {o.shortName ?? o.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" class="button button--secondary">
          {t('instr.filter.show')}
        </button>
      </form>
      {items.length === 0 ? (
        <p class="empty">{t(filtered ? 'instr.noneFiltered' : 'instr.none')}</p>
      ) : (
        <div class="table-scroll" role="region" aria-label={t('instr.title')} tabIndex={0}>
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{t('instr.col.what')}</th>
                {props.issuer && <th scope="col">{t('instr.col.to')}</th>}
                <th scope="col">{t('instr.col.due')}</th>
                <th scope="col">{t('instr.col.state')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr>
                  <td>
                    <a href={`${instructionsUrl(plan.id)}/${i.id}`}>
                      № {i.id}: {kindText(tr, i)}
                    </a>
                    <br />
                    <span class="muted">{i.measureCode ? t('instr.onMeasure', { code: i.measureCode }) : t('instr.onPlan')}</span>
                  </td>
                  {props.issuer && <td>{orgName(directory, i.organisationId)}</td>}
                  <td>{formatLocalDate(i.dueDate)}</td>
                  <td>
                    <InstructionState tr={tr} i={i} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export interface NewInstructionValues {
  organisationId: string;
  measureId: string;
  kind: string;
  text: string;
  dueDate: string;
  extendTo: string;
}

export function NewInstructionPage(props: { ctx: PageContext; csrf: string; plan: PlanView; organisations: OrganisationView[]; measures: { id: number; code: string; title: string }[]; values: NewInstructionValues; errors: Record<string, string> }) {
  const { ctx, plan, values, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const order = ['organisationId', 'measureId', 'kind', 'text', 'dueDate', 'extendTo'];
  const list = order.filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
  return (
    <Layout ctx={ctx} title={t('instr.new')} hasError={list.length > 0}>
      <p class="back-link">
        <a href={instructionsUrl(plan.id)}>{t('instr.back')}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      <h1>{t('instr.new')}</h1>
      <p class="caption">{plan.shortTitle ?? plan.title}</p>
      <form method="post" action={`${instructionsUrl(plan.id)}/new`} class="form" novalidate>
        <CsrfField token={props.csrf} />
        <Field tr={tr} id="organisationId" label={t('instr.form.organisation')} error={errors.organisationId}>
          <select id="organisationId" name="organisationId" aria-invalid={errors.organisationId ? 'true' : undefined} aria-describedby={describedBy('organisationId', false, errors.organisationId)}>
            <option value="">{t('instr.form.choose')}</option>
            {props.organisations.map((o) => (
              <option value={o.id} selected={values.organisationId === o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
        <Field tr={tr} id="measureId" label={t('instr.form.measure')} hint={t('instr.form.measureHint')} error={errors.measureId}>
          <select id="measureId" name="measureId" class="input--wide" aria-invalid={errors.measureId ? 'true' : undefined} aria-describedby={describedBy('measureId', true, errors.measureId)}>
            <option value="">{t('instr.onPlan')}</option>
            {props.measures.map((m) => (
              <option value={String(m.id)} selected={values.measureId === String(m.id)}>
                {m.code} — {m.title.length > 90 ? `${m.title.slice(0, 90)}…` : m.title}
              </option>
            ))}
          </select>
        </Field>
        <fieldset class={`field${errors.kind ? ' field--error' : ''}`} id="kind" aria-describedby={errors.kind ? 'kind-error' : undefined}>
          <legend>{t('instr.form.kind')}</legend>
          <FieldError tr={tr} id="kind" error={errors.kind} />
          {INSTRUCTION_KINDS.map((k) => (
            <label class="choice">
              <input type="radio" name="kind" value={k} checked={values.kind === k} /> {t(`instr.kind.${k}`)}
            </label>
          ))}
        </fieldset>
        <Field tr={tr} id="text" label={t('instr.form.text')} hint={t('instr.form.textHint', { max: MAX_TEXT })} error={errors.text}>
          <textarea id="text" name="text" rows={5} maxLength={MAX_TEXT} class="input--wide" aria-invalid={errors.text ? 'true' : undefined} aria-describedby={describedBy('text', true, errors.text)}>
            {values.text}
          </textarea>
        </Field>
        <Field tr={tr} id="dueDate" label={t('instr.form.due')} hint={t('instr.form.dateHint')} error={errors.dueDate}>
          <input id="dueDate" name="dueDate" type="text" inputmode="numeric" autocomplete="off" maxLength={10} value={values.dueDate} aria-invalid={errors.dueDate ? 'true' : undefined} aria-describedby={describedBy('dueDate', true, errors.dueDate)} />
        </Field>
        <Field tr={tr} id="extendTo" label={t('instr.form.extendTo')} hint={t('instr.form.dateHint')} error={errors.extendTo}>
          <input id="extendTo" name="extendTo" type="text" inputmode="numeric" autocomplete="off" maxLength={10} value={values.extendTo} aria-invalid={errors.extendTo ? 'true' : undefined} aria-describedby={describedBy('extendTo', true, errors.extendTo)} />
        </Field>
        <button type="submit" class="button">
          {t('instr.form.submit')}
        </button>
      </form>
    </Layout>
  );
}

export function InstructionPage(props: {
  ctx: PageContext;
  csrf: string;
  plan: PlanView;
  i: InstructionView;
  directory: Directory;
  periodName: string;
  standing: 'issuer' | 'addressee';
  answer: { text: string; error?: string | undefined };
  close: { note: string; error?: string | undefined };
  notice?: string | undefined;
  alert?: string | undefined;
}) {
  const { ctx, plan, i } = props;
  const { tr } = ctx;
  const { t } = tr;
  const base = `${instructionsUrl(plan.id)}/${i.id}`;
  const errors = [...(props.answer.error ? [{ field: 'answer', message: props.answer.error }] : []), ...(props.close.error ? [{ field: 'note', message: props.close.error }] : [])];
  const title = `${t('instr.title')} № ${i.id}: ${kindText(tr, i)}`;
  return (
    <Layout ctx={ctx} title={title} hasError={errors.length > 0}>
      <p class="back-link">
        <a href={instructionsUrl(plan.id)}>{t('instr.back')}</a>
      </p>
      <ErrorSummary tr={tr} errors={errors} />
      {props.alert && (
        <p class="notice" role="alert">
          {props.alert}
        </p>
      )}
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {props.notice}
        </p>
      )}
      <h1>{title}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('instr.col.to')}</dt>
          <dd>{props.directory.organisation(i.organisationId)?.name ?? i.organisationId}</dd>
        </div>
        <div>
          <dt>{t('instr.form.measure')}</dt>
          <dd>{i.measureCode ? `${i.measureCode} — ${i.measureTitle ?? ''}` : t('instr.onPlan')}</dd>
        </div>
        <div>
          <dt>{t('instr.col.due')}</dt>
          <dd>{formatLocalDate(i.dueDate)}</dd>
        </div>
        <div>
          <dt>{t('instr.col.state')}</dt>
          <dd>
            <InstructionState tr={tr} i={i} />
          </dd>
        </div>
        <div>
          <dt>{t('instr.issuedBy')}</dt>
          <dd>
            {i.issuedBy.name}, {formatInstant(i.issuedAt)}
            {i.onBehalf && <> ({t('instr.onBehalf')})</>}
          </dd>
        </div>
        <div>
          <dt>{t('instr.periodLabel')}</dt>
          <dd>{props.periodName}</dd>
        </div>
      </dl>
      <section aria-labelledby="instr-text">
        <h2 id="instr-text">{t('instr.form.text')}</h2>
        <Paragraphs text={i.text} />
      </section>
      <section aria-labelledby="instr-answer">
        <h2 id="instr-answer">{t('instr.answer')}</h2>
        {i.answer ? (
          <>
            <Paragraphs text={i.answer} />
            <p class="muted">{t('instr.answeredBy', { name: i.answeredBy?.name ?? '—', at: i.answeredAt ? formatInstant(i.answeredAt) : '' })}</p>
          </>
        ) : props.standing === 'addressee' && i.state === 'issued' ? (
          <form method="post" action={`${base}/answer`} class="form" novalidate>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="revision" value={String(i.revision)} />
            <Field tr={tr} id="answer" label={t('instr.answer')} hint={t('instr.answerHint', { max: MAX_ANSWER })} error={props.answer.error}>
              <textarea id="answer" name="answer" rows={6} maxLength={MAX_ANSWER} class="input--wide" aria-invalid={props.answer.error ? 'true' : undefined} aria-describedby={describedBy('answer', true, props.answer.error)}>
                {props.answer.text}
              </textarea>
            </Field>
            <button type="submit" class="button">
              {t('instr.answerSubmit')}
            </button>
          </form>
        ) : (
          <p class="muted">—</p>
        )}
      </section>
      {i.state === 'closed' && (
        <p class="muted">
          {t('instr.closedNote', { at: i.closedAt ? formatInstant(i.closedAt) : '' })}
          {i.closeNote && <>: {i.closeNote}</>}
        </p>
      )}
      {props.standing === 'issuer' && i.state !== 'closed' && (
        <form method="post" action={`${base}/close`} class="form" novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="revision" value={String(i.revision)} />
          <Field tr={tr} id="note" label={t('instr.closeNote')} error={props.close.error}>
            <textarea id="note" name="note" rows={2} maxLength={MAX_TEXT} class="input--wide" aria-invalid={props.close.error ? 'true' : undefined} aria-describedby={describedBy('note', false, props.close.error)}>
              {props.close.note}
            </textarea>
          </Field>
          <button type="submit" class="button button--secondary">
            {t('instr.close')}
          </button>
        </form>
      )}
    </Layout>
  );
}
