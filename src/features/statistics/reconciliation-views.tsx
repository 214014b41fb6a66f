import { formatLocalDate } from '../../domain/dates.ts';
import { CsrfField, describedBy } from '../../ui/form.tsx';
import { Layout, type PageContext } from '../../ui/layout.tsx';
import { formatInstant } from '../../ui/time.ts';
import type { Directory } from '../organisations/service.ts';
import type { PlanView } from '../plans/service.ts';
import { periodName } from '../reports/service.ts';
import { MAX_COMMENT, type ReconciliationPeriodView } from './reconciliation.ts';
import { StatsPageTop, statsUrl } from './views.tsx';

/** A reconciliation's page: the two sides' figures row by row, the differences, what each side says, the confirmations and the protocols. */

export const reconciliationUrl = (planId: string, key: string, period: string) => `${statsUrl(planId)}/reconciliations/${encodeURIComponent(key)}/${encodeURIComponent(period)}`;

export type ReconciliationStanding = 'left' | 'right' | 'coordinator' | 'reader';

const n = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat('uk-UA').format(v));
const signed = (v: number | null) => (v === null ? '—' : v > 0 ? `+${n(v)}` : n(v));

export function ReconciliationPage(props: {
  ctx: PageContext;
  csrf: string;
  plan: PlanView;
  view: ReconciliationPeriodView;
  directory: Directory;
  standing: ReconciliationStanding;
  errors: { row?: string; text?: string };
  typed: { row: string; text: string };
  notice?: string | undefined;
  alert?: string | undefined;
}) {
  const { ctx, plan, view, standing } = props;
  const { tr } = ctx;
  const { t } = tr;
  const left = view.parties.left.organisations;
  const right = view.parties.right.organisations;
  const short = (orgs: typeof left) => orgs.map((o) => o.shortName ?? o.name).join(', ');
  const base = reconciliationUrl(plan.id, view.rec.key, view.period.key);
  const differing = view.rows.filter((r) => r.difference !== null && r.difference !== 0);
  const party = standing === 'left' || standing === 'right';
  const open = view.state.state === 'open';
  const bothSubmitted = view.versions.left !== null && view.versions.right !== null;
  const summary = [...(props.errors.row ? [{ field: 'comment-row', message: props.errors.row }] : []), ...(props.errors.text ? [{ field: 'comment-text', message: props.errors.text }] : [])];
  const title = `${view.rec.title}: ${periodName(tr, view.period)}`;
  return (
    <Layout ctx={ctx} title={title} hasError={summary.length > 0 || Boolean(props.alert)}>
      <StatsPageTop tr={tr} planId={plan.id} errors={summary} alert={props.alert} notice={props.notice} />
      <p class="caption">{t('recon.parties', { left: short(left), right: short(right) })}</p>
      <h1>{title}</h1>
      <p>
        <span class={`tag ${open ? 'tag--draft' : 'tag--active'}`}>{t(open ? 'recon.state.open' : 'recon.state.closed')}</span>{' '}
        {!open && view.state.closedAt && t('recon.closedAt', { at: formatInstant(view.state.closedAt) })}
      </p>
      {!bothSubmitted && <p class="notice notice--as-of">{t('recon.notSubmitted')}</p>}
      <div class="table-scroll" role="region" aria-label={view.rec.title} tabIndex={0}>
        <table class="data-table recon-table">
          <thead>
            <tr>
              <th scope="col">{t('recon.col.row')}</th>
              <th scope="col">{short(left)}</th>
              <th scope="col">{short(right)}</th>
              <th scope="col">{t('recon.col.difference')}</th>
              <th scope="col">{t('recon.col.yearLeft', { party: short(left) })}</th>
              <th scope="col">{t('recon.col.yearRight', { party: short(right) })}</th>
              <th scope="col">{t('recon.col.yearDifference')}</th>
            </tr>
          </thead>
          <tbody>
            {view.rows.map((r) => {
              const comments = view.comments.filter((c) => c.rowKey === r.key);
              const differs = r.difference !== null && r.difference !== 0;
              return (
                <>
                  <tr class={differs ? 'recon-row--differs' : undefined}>
                    <th scope="row">{r.label}</th>
                    <td>{n(r.leftValue)}</td>
                    <td>{n(r.rightValue)}</td>
                    <td>{differs ? <strong>{signed(r.difference)}</strong> : signed(r.difference)}</td>
                    <td>{n(r.leftYearToDate)}</td>
                    <td>{n(r.rightYearToDate)}</td>
                    <td>{signed(r.yearToDateDifference)}</td>
                  </tr>
                  {comments.length > 0 && (
                    <tr>
                      <td colSpan={7}>
                        <ul class="plain-list recon-comments">
                          {comments.map((c) => (
                            <li>
                              <strong>{props.directory.organisation(c.organisationId)?.shortName ?? props.directory.organisation(c.organisationId)?.name ?? c.organisationId}</strong> <span class="muted">({formatInstant(c.at)})</span>: {c.text}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  )}
                </>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>{differing.length === 0 ? (bothSubmitted ? t('recon.noDifferences') : '') : t('recon.differences', { count: differing.length })}</p>

      <h2>{t('recon.confirmations')}</h2>
      <ul class="plain-list">
        <li>
          {short(left)}: {view.confirmed.left ? t('recon.confirmedAt', { at: formatInstant(view.state.left!.at) }) : view.state.left ? t('recon.confirmedStale') : t('recon.notConfirmed')}
        </li>
        <li>
          {short(right)}: {view.confirmed.right ? t('recon.confirmedAt', { at: formatInstant(view.state.right!.at) }) : view.state.right ? t('recon.confirmedStale') : t('recon.notConfirmed')}
        </li>
      </ul>
      {party && open && bothSubmitted && !view.confirmed[standing as 'left' | 'right'] && (
        <form method="post" action={`${base}/confirm`} novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="leftVersion" value={String(view.versions.left)} />
          <input type="hidden" name="rightVersion" value={String(view.versions.right)} />
          <p class="hint" id="confirm-hint">
            {t('recon.confirmHint')}
          </p>
          <button type="submit" class="button" aria-describedby="confirm-hint">
            {t('recon.confirm')}
          </button>
        </form>
      )}

      {party && open && (
        <form method="post" action={`${base}/comment`} novalidate class="form">
          <CsrfField token={props.csrf} />
          <h2>{t('recon.commentTitle')}</h2>
          <p class="hint" id="comment-text-hint">
            {t('recon.commentHint')}
          </p>
          <div class={`field${props.errors.row ? ' field--error' : ''}`}>
            <label for="comment-row">{t('recon.commentRow')}</label>
            {props.errors.row && (
              <p class="field__error" id="comment-row-error">
                <span class="visually-hidden">{t('error.prefix')}</span>
                {props.errors.row}
              </p>
            )}
            <select id="comment-row" name="row" aria-invalid={props.errors.row ? 'true' : undefined} aria-describedby={describedBy('comment-row', false, props.errors.row)}>
              {(differing.length ? differing : view.rows).map((r) => (
                <option value={r.key} selected={props.typed.row === r.key}>
                  {r.label}
                  {r.difference ? ` (${signed(r.difference)})` : ''}
                </option>
              ))}
            </select>
          </div>
          <div class={`field${props.errors.text ? ' field--error' : ''}`}>
            <label for="comment-text">{t('recon.commentText')}</label>
            {props.errors.text && (
              <p class="field__error" id="comment-text-error">
                <span class="visually-hidden">{t('error.prefix')}</span>
                {props.errors.text}
              </p>
            )}
            <textarea id="comment-text" name="text" rows={3} maxLength={MAX_COMMENT} aria-invalid={props.errors.text ? 'true' : undefined} aria-describedby={describedBy('comment-text', true, props.errors.text)}>
              {props.typed.text}
            </textarea>
          </div>
          <button type="submit" class="button button--secondary">
            {t('recon.commentSubmit')}
          </button>
        </form>
      )}

      {view.protocols.length > 0 && (
        <>
          <h2>{t('recon.protocols')}</h2>
          <ul class="plain-list">
            {view.protocols.map((x) => (
              <li>
                <a href={`${base}/protocols/${x.number}`}>{t('recon.protocolLink', { number: x.number, at: formatInstant(x.at) })}</a> <span class="muted">SHA-256: {x.sha256}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {standing === 'coordinator' && !open && (
        <form method="post" action={`${base}/reopen`} novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="revision" value={String(view.state.revision)} />
          <p class="hint" id="reopen-hint">
            {t('recon.reopenHint')}
          </p>
          <button type="submit" class="button button--secondary" aria-describedby="reopen-hint">
            {t('recon.reopen')}
          </button>
        </form>
      )}
      <p class="muted">{t('recon.deadline', { date: formatLocalDate(view.period.executorDeadline.date) })}</p>
    </Layout>
  );
}
