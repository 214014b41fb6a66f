import type { MessageKey } from '../../i18n/catalogue.ts';
import type { Translator } from '../../i18n/index.ts';
import { formatIndicatorValue } from '../../domain/reports.ts';
import { Checkbox, CsrfField, errorList, FieldError, PostButton, TextInput } from '../../ui/form.tsx';
import { ErrorSummary, Layout, type PageContext } from '../../ui/layout.tsx';
import { AGGREGATIONS, INDICATOR_KINDS, MAX_THRESHOLD, MIN_THRESHOLD, MAX_INDICATOR_NAME, MAX_INDICATOR_UNIT, type IndicatorErrors, type IndicatorField, type IndicatorInput } from './indicators.ts';
import type { IndicatorView, MeasureDetail } from './service.ts';

/** The coordinator's pages for a measure's indicators: the list with its add form, and one indicator's form. */

const FIELD_ORDER: IndicatorField[] = ['name', 'unit', 'kind', 'aggregation', 'target', 'threshold'];

const planHref = (planId: string) => `/plans/${encodeURIComponent(planId)}`;
export const indicatorsHref = (planId: string, measureId: number) => `${planHref(planId)}/measures/${measureId}/indicators`;

/** "од. · кількість · за кожен період · ціль 10" — how an indicator is counted, in one line. */
export function indicatorSummary(tr: Translator, i: IndicatorView): string {
  const { t } = tr;
  const parts = [i.unit, t(`indicator.kind.${i.kind}` as MessageKey), t(`indicator.aggregation.${i.aggregation}.short` as MessageKey)];
  if (i.target !== null) parts.push(t('indicator.targetIs', { value: formatIndicatorValue(i.kind, i.target) }));
  if (i.additiveAcrossKinds) parts.push(t('indicator.additive.short'));
  return parts.join(' · ');
}

function IndicatorFields(props: { tr: Translator; values: IndicatorInput; errors: IndicatorErrors; locked?: boolean }) {
  const { tr, values, errors } = props;
  const { t } = tr;
  if (props.locked) {
    // Values are in this kind, unit and way of adding up: shown, sent back as they are, not changed.
    return (
      <>
        <TextInput tr={tr} id="name" label={t('indicator.field.name')} hint={t('indicator.field.nameHint')} value={values.name} error={errors.name} max={MAX_INDICATOR_NAME} class="input--wide" />
        <dl class="summary-list">
          <div>
            <dt>{t('indicator.field.unit')}</dt>
            <dd>{values.unit}</dd>
          </div>
          <div>
            <dt>{t('indicator.field.kind')}</dt>
            <dd>{t(`indicator.kind.${values.kind}.long` as MessageKey)}</dd>
          </div>
          <div>
            <dt>{t('indicator.field.aggregation')}</dt>
            <dd>{t(`indicator.aggregation.${values.aggregation}` as MessageKey)}</dd>
          </div>
        </dl>
        <input type="hidden" name="unit" value={values.unit} />
        <input type="hidden" name="kind" value={values.kind} />
        <input type="hidden" name="aggregation" value={values.aggregation} />
        <TextInput tr={tr} id="target" label={t('indicator.field.target')} hint={t('indicator.field.targetHint')} value={values.target} error={errors.target} max={30} class="input--short" inputMode="decimal" />
        <Checkbox id="sensitive" label={t('indicator.field.sensitive')} hint={t('indicator.field.sensitiveHint')} checked={values.sensitive} />
        <TextInput tr={tr} id="threshold" label={t('indicator.field.threshold')} hint={t('indicator.field.thresholdHint', { min: MIN_THRESHOLD, max: MAX_THRESHOLD })} value={values.threshold ?? ""} error={errors.threshold} max={6} class="input--short" inputMode="numeric" />
        <Checkbox id="additiveAcrossKinds" label={t('indicator.field.additive')} hint={t('indicator.field.additiveHint')} checked={values.additiveAcrossKinds} />
      </>
    );
  }
  return (
    <>
      <TextInput tr={tr} id="name" label={t('indicator.field.name')} hint={t('indicator.field.nameHint')} value={values.name} error={errors.name} max={MAX_INDICATOR_NAME} class="input--wide" />
      <TextInput tr={tr} id="unit" label={t('indicator.field.unit')} hint={t('indicator.field.unitHint')} value={values.unit} error={errors.unit} max={MAX_INDICATOR_UNIT} class="input--medium" />
      <fieldset class={`field${errors.kind ? ' field--error' : ''}`} id="kind" aria-describedby={errors.kind ? 'kind-error' : undefined}>
        <legend>{t('indicator.field.kind')}</legend>
        <FieldError tr={tr} id="kind" error={errors.kind} />
        {INDICATOR_KINDS.map((k) => (
          <label class="choice">
            <input type="radio" name="kind" value={k} checked={values.kind === k} /> {t(`indicator.kind.${k}.long` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <fieldset class={`field${errors.aggregation ? ' field--error' : ''}`} id="aggregation" aria-describedby={errors.aggregation ? 'aggregation-error' : undefined}>
        <legend>{t('indicator.field.aggregation')}</legend>
        <FieldError tr={tr} id="aggregation" error={errors.aggregation} />
        {AGGREGATIONS.map((a) => (
          <label class="choice">
            <input type="radio" name="aggregation" value={a} checked={values.aggregation === a} /> {t(`indicator.aggregation.${a}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <TextInput tr={tr} id="target" label={t('indicator.field.target')} hint={t('indicator.field.targetHint')} value={values.target} error={errors.target} max={30} class="input--short" inputMode="decimal" />
      <Checkbox id="sensitive" label={t('indicator.field.sensitive')} hint={t('indicator.field.sensitiveHint')} checked={values.sensitive} />
        <TextInput tr={tr} id="threshold" label={t('indicator.field.threshold')} hint={t('indicator.field.thresholdHint', { min: MIN_THRESHOLD, max: MAX_THRESHOLD })} value={values.threshold ?? ""} error={errors.threshold} max={6} class="input--short" inputMode="numeric" />
      <Checkbox id="additiveAcrossKinds" label={t('indicator.field.additive')} hint={t('indicator.field.additiveHint')} checked={values.additiveAcrossKinds} />
    </>
  );
}

export function IndicatorsPage(props: {
  ctx: PageContext;
  csrf: string;
  detail: MeasureDetail;
  indicators: (IndicatorView & { use: number })[];
  values: IndicatorInput;
  errors: IndicatorErrors;
  notice: 'added' | 'saved' | 'removed' | null;
  refused: { name: string; use: number } | null;
  editable: boolean;
}) {
  const { ctx, detail, indicators, values, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const m = detail.measure;
  const href = indicatorsHref(detail.plan.id, m.id);
  const list = errorList(errors, FIELD_ORDER);
  const title = t('indicator.title', { code: m.code });
  return (
    <Layout ctx={ctx} title={title} hasError={list.length > 0}>
      <p class="back-link">
        <a href={`${planHref(detail.plan.id)}/measures/${m.id}`}>← {t('measure.code', { code: m.code })}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      <p class="caption">{detail.plan.shortTitle ?? detail.plan.title}</p>
      <h1>{title}</h1>
      <p class="measure-text measure-text--clamped">{m.title.length > 400 ? `${m.title.slice(0, 400)}…` : m.title}</p>
      <p>{t('indicator.intro')}</p>
      {props.notice && (
        <p class="notice notice--ok" role="status">
          {t(`indicator.notice.${props.notice}` as MessageKey)}
        </p>
      )}
      {props.refused && (
        <p class="notice" role="alert">
          {t('indicator.refusedRemove', { name: props.refused.name, count: props.refused.use })}
        </p>
      )}
      {!props.editable && <p class="notice">{t('indicator.closedPlan')}</p>}
      <h2>{t('indicator.listHeading')}</h2>
      {indicators.length === 0 ? (
        <p class="empty">{t('indicator.none')}</p>
      ) : (
        <ol class="indicator-list">
          {indicators.map((i, n) => (
            <li class="indicator-list__item" id={`indicator-${i.id}`}>
              <p class="indicator-list__name">
                {i.name}
                {i.sensitive && <span class="tag tag--consent">{t('report.sensitive')}</span>}
              </p>
              <p class="muted">{indicatorSummary(tr, i)}</p>
              <p class="muted">{i.use > 0 ? t('indicator.inUse', { count: i.use }) : t('indicator.notUsed')}</p>
              {props.editable && (
                <div class="actions">
                  <a href={`${href}/${i.id}`}>
                    {t('indicator.edit')}
                    <span class="visually-hidden"> {i.name}</span>
                  </a>
                  {n > 0 && <MoveButton csrf={props.csrf} action={`${href}/${i.id}/move`} direction="up" label={t('indicator.up')} subject={i.name} />}
                  {n < indicators.length - 1 && <MoveButton csrf={props.csrf} action={`${href}/${i.id}/move`} direction="down" label={t('indicator.down')} subject={i.name} />}
                  {i.use === 0 && <PostButton csrf={props.csrf} action={`${href}/${i.id}/remove`} label={t('indicator.remove')} subject={i.name} />}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {props.editable && (
        <section aria-labelledby="add-heading">
          <h2 id="add-heading">{t('indicator.addHeading')}</h2>
          <form method="post" action={href} novalidate class="form">
            <CsrfField token={props.csrf} />
            <IndicatorFields tr={tr} values={values} errors={errors} />
            <button type="submit" class="button">
              {t('indicator.add')}
            </button>
          </form>
        </section>
      )}
    </Layout>
  );
}

function MoveButton(props: { csrf: string; action: string; direction: 'up' | 'down'; label: string; subject: string }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="direction" value={props.direction} />
      <button type="submit" class="link-button link-button--dark">
        {props.label}
        <span class="visually-hidden"> {props.subject}</span>
      </button>
    </form>
  );
}

export function IndicatorEditPage(props: { ctx: PageContext; csrf: string; detail: MeasureDetail; indicator: IndicatorView; use: number; values: IndicatorInput; errors: IndicatorErrors }) {
  const { ctx, detail, indicator, values, errors } = props;
  const { tr } = ctx;
  const { t } = tr;
  const href = indicatorsHref(detail.plan.id, detail.measure.id);
  const list = errorList(errors, FIELD_ORDER);
  const title = t('indicator.editTitle');
  return (
    <Layout ctx={ctx} title={`${title}: ${indicator.name}`} hasError={list.length > 0}>
      <p class="back-link">
        <a href={href}>← {t('indicator.title', { code: detail.measure.code })}</a>
      </p>
      <ErrorSummary tr={tr} errors={list} />
      <p class="caption">{t('indicator.title', { code: detail.measure.code })}</p>
      <h1>{title}</h1>
      {props.use > 0 && <p class="notice">{t('indicator.editInUse', { count: props.use })}</p>}
      <form method="post" action={`${href}/${indicator.id}`} novalidate class="form">
        <CsrfField token={props.csrf} />
        <IndicatorFields tr={tr} values={values} errors={errors} locked={props.use > 0 && !errors.kind && !errors.unit && !errors.aggregation} />
        <div class="actions">
          <button type="submit" class="button">
            {t('indicator.save')}
          </button>
          <a href={href}>{t('indicator.cancel')}</a>
        </div>
      </form>
    </Layout>
  );
}
