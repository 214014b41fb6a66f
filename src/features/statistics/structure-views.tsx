import type { MessageKey, Translator } from '../../i18n/index.ts';
import { CsrfField, FieldError } from '../../ui/form.tsx';
import { Layout, type PageContext } from '../../ui/layout.tsx';
import type { IndicatorView, PlanView } from '../plans/service.ts';
import type { StatFormView } from './service.ts';
import { DISTRICT_KEY, UNITS, type StructureErrors, type StructureInput } from './structure.ts';
import { StatsPageTop, statsUrl } from './views.tsx';

/**
 * The structure of a statistical form, as its coordinator edits it: one fieldset per quantity, per
 * dimension (values one per line) and per breakdown, with empty rows to add new ones. No script is
 * needed; new quantities and dimensions can be chosen in a breakdown once saved.
 */

/** Empty rows shown for adding. */
const NEW_QUANTITIES = 2;
const NEW_DIMENSIONS = 1;
const NEW_BREAKDOWNS = 3;

export function structureUrl(planId: string, form: string): string {
  return `${statsUrl(planId)}/${encodeURIComponent(form)}/structure`;
}

export interface StructurePageProps {
  ctx: PageContext;
  csrf: string;
  plan: PlanView;
  form: StatFormView;
  rows: StructureInput;
  /** The structure the rows were read from (`structureStamp`). */
  stamp: string;
  indicators: IndicatorView[];
  /** The region's districts, for the dimension taken from the directory. */
  districtCount: number;
  errors: StructureErrors | null;
  conflict?: boolean;
  notice?: string | undefined;
  submissions: number;
}

function problemText(tr: Translator, field: string, problem: string): string {
  const kind = field.split('-')[2] ?? field;
  return tr.t(`stats.structure.error.${kind}.${problem}` as MessageKey);
}

export function StructurePage(props: StructurePageProps) {
  const { ctx, plan, form, rows } = props;
  const { tr } = ctx;
  const { t } = tr;
  const fields = props.errors?.fields ?? {};
  const message = (id: string) => (fields[id] ? problemText(tr, id, fields[id]!) : undefined);
  const list = Object.keys(fields).map((f) => ({ field: f, message: problemText(tr, f, fields[f]!) }));
  if (props.errors?.inUse.length) list.unshift({ field: 'quantities', message: t('stats.structure.error.inUse', { cells: props.errors.inUse.slice(0, 6).join('; '), count: props.errors.inUse.length }) });
  if (props.errors?.reconciled.length) list.unshift({ field: 'quantities', message: t('stats.structure.error.reconciled', { titles: props.errors.reconciled.join('; ') }) });
  const quantities = [...rows.quantities, ...Array.from({ length: NEW_QUANTITIES }, () => ({ key: '', label: '', unit: 'persons', sensitive: true, indicator: '' }))];
  const dimensions = [...rows.dimensions, ...Array.from({ length: NEW_DIMENSIONS }, () => ({ key: '', label: '', values: '', districts: false }))];
  const breakdowns = [...rows.breakdowns, ...Array.from({ length: NEW_BREAKDOWNS }, () => ({ quantity: '', first: '', second: '' }))];
  const savedQuantities = form.definition.quantities;
  const savedDimensions = form.definition.dimensions;
  const hasDistricts = rows.dimensions.some((d) => d.key === DISTRICT_KEY);
  // The indicators of the measures the form serves (all the plan's when it names none), and any already chosen.
  const chosen = new Set(rows.quantities.map((q) => q.indicator).filter(Boolean));
  const served = (code: string) => form.measures.length === 0 || form.measures.some((m) => code.startsWith(`${m}.`));
  const options = props.indicators.filter((i) => (i.kind === 'count' || i.kind === 'money') && (served(i.code) || chosen.has(i.code)));
  return (
    <Layout ctx={ctx} title={`${t('stats.structure.title')}: ${form.title}`} hasError={list.length > 0 || Boolean(props.conflict)}>
      <StatsPageTop tr={tr} planId={plan.id} errors={list} alert={props.conflict ? t('stats.structure.conflict') : undefined} notice={props.notice} />
      <h1>
        {t('stats.structure.title')}: {form.title}
      </h1>
      <p>{t('stats.structure.intro')}</p>
      {props.submissions > 0 && <p class="notice">{t('stats.structure.hasFigures', { count: props.submissions })}</p>}
      <form method="post" action={structureUrl(plan.id, form.key)} class="form structure" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="stamp" value={props.stamp} />
        <h2 id="quantities">{t('stats.structure.quantities')}</h2>
        <p class="hint">{t('stats.structure.quantitiesHint')}</p>
        {quantities.map((q, i) => {
          const id = `q-${i}`;
          const isNew = !q.key;
          return (
            <fieldset class="structure__row">
              <legend>{isNew ? t('stats.structure.newQuantity') : t('stats.structure.quantity', { n: i + 1 })}</legend>
              <input type="hidden" name={`${id}-key`} value={q.key} />
              <div class={`field${message(`${id}-label`) ? ' field--error' : ''}`}>
                <label for={`${id}-label`}>{t('stats.structure.quantityLabel')}</label>
                <FieldError tr={tr} id={`${id}-label`} error={message(`${id}-label`)} />
                <input id={`${id}-label`} name={`${id}-label`} type="text" class="input--wide" maxLength={300} value={q.label} aria-invalid={message(`${id}-label`) ? 'true' : undefined} aria-describedby={message(`${id}-label`) ? `${id}-label-error` : undefined} />
              </div>
              <div class={`field${message(`${id}-unit`) ? ' field--error' : ''}`}>
                <label for={`${id}-unit`}>{t('stats.structure.unit')}</label>
                <FieldError tr={tr} id={`${id}-unit`} error={message(`${id}-unit`)} />
                <select id={`${id}-unit`} name={`${id}-unit`}>
                  {UNITS.map((u) => (
                    <option value={u} selected={q.unit === u}>
                      {t(`stats.unit.${u}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </div>
              <label class="choice">
                <input type="checkbox" name={`${id}-sensitive`} value="1" checked={q.sensitive} /> {t('stats.structure.sensitive')}
              </label>
              <div class={`field${message(`${id}-indicator`) ? ' field--error' : ''}`}>
                <label for={`${id}-indicator`}>{t('stats.structure.indicator')}</label>
                <FieldError tr={tr} id={`${id}-indicator`} error={message(`${id}-indicator`)} />
                <select id={`${id}-indicator`} name={`${id}-indicator`} class="input--wide">
                  <option value="">{t('stats.structure.noIndicator')}</option>
                  {options.map((o) => (
                    <option value={o.code} selected={q.indicator === o.code}>
                      {o.code.split('.').slice(0, -1).join('.')} — {o.name}, {o.unit}
                    </option>
                  ))}
                </select>
              </div>
              {!isNew && <p class="hint">{t('stats.structure.removeHint')}</p>}
            </fieldset>
          );
        })}

        <h2 id="dimensions">{t('stats.structure.dimensions')}</h2>
        <p class="hint">{t('stats.structure.dimensionsHint')}</p>
        {dimensions.map((d, i) => {
          const id = `d-${i}`;
          const districts = d.key === DISTRICT_KEY;
          return (
            <fieldset class="structure__row">
              <legend>{d.key ? t('stats.structure.dimension', { n: i + 1 }) : t('stats.structure.newDimension')}</legend>
              <input type="hidden" name={`${id}-key`} value={d.key} />
              <div class={`field${message(`${id}-label`) ? ' field--error' : ''}`}>
                <label for={`${id}-label`}>{t('stats.structure.dimensionLabel')}</label>
                <FieldError tr={tr} id={`${id}-label`} error={message(`${id}-label`)} />
                <input id={`${id}-label`} name={`${id}-label`} type="text" maxLength={200} value={d.label} aria-invalid={message(`${id}-label`) ? 'true' : undefined} aria-describedby={message(`${id}-label`) ? `${id}-label-error` : undefined} />
              </div>
              {districts ? (
                <p class="hint">{t('stats.structure.districtValues', { count: props.districtCount })}</p>
              ) : (
                <div class={`field${message(`${id}-values`) ? ' field--error' : ''}`}>
                  <label for={`${id}-values`}>{t('stats.structure.values')}</label>
                  <p class="hint" id={`${id}-values-hint`}>
                    {t('stats.structure.valuesHint')}
                  </p>
                  <FieldError tr={tr} id={`${id}-values`} error={message(`${id}-values`)} />
                  <textarea id={`${id}-values`} name={`${id}-values`} rows={Math.min(10, Math.max(3, d.values.split('\n').length + 1))} class="input--wide" aria-invalid={message(`${id}-values`) ? 'true' : undefined} aria-describedby={[`${id}-values-hint`, message(`${id}-values`) ? `${id}-values-error` : ''].filter(Boolean).join(' ')}>
                    {d.values}
                  </textarea>
                </div>
              )}
            </fieldset>
          );
        })}
        {!hasDistricts && (
          <div class={`field${message('addDistricts') ? ' field--error' : ''}`}>
            <FieldError tr={tr} id="addDistricts" error={message('addDistricts')} />
            <label class="choice">
              <input type="checkbox" id="addDistricts" name="addDistricts" value="1" checked={rows.addDistricts} /> {t('stats.structure.addDistricts', { count: props.districtCount })}
            </label>
          </div>
        )}

        <h2 id="breakdowns">{t('stats.structure.breakdowns')}</h2>
        <p class="hint">{t('stats.structure.breakdownsHint')}</p>
        {breakdowns.map((b, i) => {
          const id = `b-${i}`;
          const dimensionOptions = (selected: string) =>
            savedDimensions.map((d) => (
              <option value={d.key} selected={selected === d.key}>
                {d.label}
              </option>
            ));
          return (
            <fieldset class="structure__row structure__row--inline">
              <legend>{b.quantity ? t('stats.structure.breakdown', { n: i + 1 }) : t('stats.structure.newBreakdown')}</legend>
              <div class={`field${message(`${id}-quantity`) ? ' field--error' : ''}`}>
                <label for={`${id}-quantity`}>{t('stats.structure.breakdownQuantity')}</label>
                <FieldError tr={tr} id={`${id}-quantity`} error={message(`${id}-quantity`)} />
                <select id={`${id}-quantity`} name={`${id}-quantity`}>
                  <option value="">{t('stats.structure.none')}</option>
                  {savedQuantities.map((q) => (
                    <option value={q.key} selected={b.quantity === q.key}>
                      {q.label}
                    </option>
                  ))}
                </select>
              </div>
              <div class={`field${message(`${id}-first`) ? ' field--error' : ''}`}>
                <label for={`${id}-first`}>{t('stats.structure.by')}</label>
                <FieldError tr={tr} id={`${id}-first`} error={message(`${id}-first`)} />
                <select id={`${id}-first`} name={`${id}-first`}>
                  <option value="">{t('stats.structure.none')}</option>
                  {dimensionOptions(b.first)}
                </select>
              </div>
              <div class={`field${message(`${id}-second`) ? ' field--error' : ''}`}>
                <label for={`${id}-second`}>{t('stats.structure.andBy')}</label>
                <FieldError tr={tr} id={`${id}-second`} error={message(`${id}-second`)} />
                <select id={`${id}-second`} name={`${id}-second`}>
                  <option value="">{t('stats.structure.none')}</option>
                  {dimensionOptions(b.second)}
                </select>
              </div>
            </fieldset>
          );
        })}
        <button type="submit" class="button">
          {t('stats.structure.save')}
        </button>
      </form>
    </Layout>
  );
}
