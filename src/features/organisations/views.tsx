import { AccountStateTag } from '../../ui/account-state.tsx';
import type { AccountState } from '../invitations/service.ts';
import type { ComponentChildren } from 'preact';
import type { Translator } from '../../i18n/index.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { phoneHref } from '../../domain/contacts.ts';
import { Layout, type PageContext } from '../../ui/layout.tsx';
import { ScrollBox } from '../../ui/table.tsx';
import type { OrganisationHistory } from '../dashboards/service.ts';
import { periodName } from '../reports/service.ts';
import { groupDisplayName, type Directory, type GroupView, type OrganisationView, type TreeNode } from './service.ts';

export interface OrganisationMeasure {
  planId: string;
  planTitle: string;
  measureId: number;
  code: string;
  title: string;
  viaGroup: string | null;
}

function orgHref(id: string): string {
  return `/organisations/${encodeURIComponent(id)}`;
}

function groupHref(id: string): string {
  return `/organisations/groups/${encodeURIComponent(id)}`;
}

function kindLabel(tr: Translator, kind: string): string {
  return tr.t(`organisations.kind.${kind}` as MessageKey);
}

function OrganisationBadges(props: { tr: Translator; organisation: OrganisationView }) {
  const { tr, organisation: o } = props;
  return (
    <>
      {o.byConsent && <span class="tag tag--consent">{tr.t('organisations.byConsent')}</span>}
      {o.sourceConfidence === 'probable' && (
        <span class="tag tag--warning" title={tr.t('organisations.probableHint')}>
          {tr.t('organisations.probable')}
        </span>
      )}
    </>
  );
}

function TreeList(props: { tr: Translator; nodes: TreeNode[]; level: number; accounts: Map<string, AccountState> | null }) {
  const { tr } = props;
  return (
    <ul class={`tree tree--level-${props.level}`}>
      {props.nodes.map((node) => (
        <li>
          <a href={orgHref(node.organisation.id)}>{node.organisation.name}</a> <span class="muted">· {kindLabel(tr, node.organisation.kind)}</span>{' '}
          <OrganisationBadges tr={tr} organisation={node.organisation} />
          {props.accounts?.has(node.organisation.id) && (
            <>
              {' '}
              <AccountStateTag tr={tr} state={props.accounts.get(node.organisation.id)} />
            </>
          )}
          {node.children.length > 0 && (
            <details open class="tree__children">
              <summary>{tr.t('organisations.children', { count: node.children.length })}</summary>
              <TreeList tr={tr} nodes={node.children} level={props.level + 1} accounts={props.accounts} />
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

export function DirectoryPage(props: { ctx: PageContext; directory: Directory; tree: TreeNode[]; mayMaintain: boolean; accounts?: Map<string, AccountState> | null; notice?: string | undefined }) {
  const { ctx, directory } = props;
  const { tr } = ctx;
  const { t } = tr;
  return (
    <Layout ctx={ctx} title={t('organisations.title')}>
      {props.notice && <p class="notice notice--ok" role="status">{props.notice}</p>}
      <h1>{t('organisations.title')}</h1>
      <p>{t('organisations.intro')}</p>
      <p class="hint">{t('organisations.count', { count: directory.organisations.filter((o) => !o.mergedInto).length })}</p>
      {props.mayMaintain && (
        <p class="actions">
          <a class="button button--secondary" href="/organisations/new">
            {t('organisations.add')}
          </a>{' '}
          <a class="button button--secondary" href="/organisations/groups/new">
            {t('organisations.addGroup')}
          </a>{' '}
          <a class="button button--secondary" href="/organisations/contacts/import">
            {t('contactsImport.link')}
          </a>
        </p>
      )}
      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">{t('organisations.groups')}</h2>
        <ul class="card-list card-list--compact">
          {directory.groups.map((g) => (
            <li class="card">
              <a href={groupHref(g.id)}>{groupDisplayName(g, t('organisations.byConsent'))}</a>{' '}
              <span class="muted">· {t('organisations.groupMembers', { count: g.memberIds.length })}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="tree-heading">
        <h2 id="tree-heading">{t('organisations.hierarchy')}</h2>
        <TreeList tr={tr} nodes={props.tree} level={0} accounts={props.accounts ?? null} />
      </section>
    </Layout>
  );
}

function Row(props: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

export function OrganisationPage(props: { ctx: PageContext; directory: Directory; organisation: OrganisationView; measures: OrganisationMeasure[]; mayMaintain: boolean; account?: AccountState | undefined; notice?: string | undefined; officials?: number; history?: OrganisationHistory[] }) {
  const { ctx, directory, organisation: o } = props;
  const { tr } = ctx;
  const { t } = tr;
  const parent = o.parentId ? directory.organisation(o.parentId) : undefined;
  const merged = o.mergedInto ? directory.organisation(o.mergedInto) : undefined;
  const children = directory.organisations.filter((c) => c.parentId === o.id);
  const groups = directory.groupsOf(o.id);
  const notSet = <span class="muted">{t('organisation.notSet')}</span>;
  return (
    <Layout ctx={ctx} title={o.name}>
      <p class="back-link">
        <a href="/organisations">← {t('organisations.title')}</a>
      </p>
      {props.notice && <p class="notice notice--ok" role="status">{props.notice}</p>}
      <p class="caption">
        {kindLabel(tr, o.kind)} <OrganisationBadges tr={tr} organisation={o} />
      </p>
      <h1>{o.name}</h1>
      {merged && (
        <p class="notice">
          {t('organisation.mergedNotice')} <a href={orgHref(merged.id)}>{merged.name}</a>
        </p>
      )}
      {o.sourceConfidence === 'probable' && !merged && <p class="notice">{t('organisations.probableHint')}</p>}
      {props.mayMaintain && (
        <p class="actions">
          <a class="button button--secondary" href={`${orgHref(o.id)}/edit`}>
            {t('organisation.edit')}
          </a>{' '}
          <a class="button button--secondary" href={`${orgHref(o.id)}/merge`}>
            {t('organisation.merge')}
          </a>
        </p>
      )}
      <dl class="summary-list">
        {o.shortName && <Row label={t('organisation.shortName')}>{o.shortName}</Row>}
        <Row label={t('organisation.parent')}>{parent ? <a href={orgHref(parent.id)}>{parent.name}</a> : notSet}</Row>
        {merged && (
          <Row label={t('organisation.mergedInto')}>
            <a href={orgHref(merged.id)}>{merged.name}</a>
          </Row>
        )}
        <Row label={t('organisation.edrpou')}>{o.edrpou ?? notSet}</Row>
        <Row label={t('organisation.katottg')}>{o.katottg ?? notSet}</Row>
        <Row label={t('organisation.contactPerson')}>{o.contactPerson ?? notSet}</Row>
        <Row label={t('organisation.contactPosition')}>{o.contactPosition ?? notSet}</Row>
        <Row label={t('organisation.email')}>{o.email ? <a href={`mailto:${o.email}`}>{o.email}</a> : notSet}</Row>
        <Row label={t('organisation.phone')}>{o.phone ? <a href={`tel:${phoneHref(o.phone)}`}>{o.phone}</a> : notSet}</Row>
        <Row label={t('officials.title')}>
          <a href={`${orgHref(o.id)}/officials`}>{t('officials.link', { count: props.officials ?? 0 })}</a>
        </Row>
        {props.account && (
          <Row label={t('invitations.col.account')}>
            <AccountStateTag tr={tr} state={props.account} />
          </Row>
        )}
        {groups.length > 0 && (
          <Row label={t('organisation.groups')}>
            <ul class="plain-list">
              {groups.map((g) => (
                <li>
                  <a href={groupHref(g.id)}>{groupDisplayName(g, t('organisations.byConsent'))}</a>
                </li>
              ))}
            </ul>
          </Row>
        )}
        {o.formerNames.length > 0 && (
          <Row label={t('organisation.formerNames')}>
            <ul class="plain-list">
              {o.formerNames.map((n) => (
                <li>
                  {n.name}
                  {n.validTo && <span class="muted"> ({t('organisation.formerNameUntil', { date: tr.date(n.validTo) })})</span>}
                </li>
              ))}
            </ul>
          </Row>
        )}
        {o.aliases.length > 0 && (
          <Row label={t('organisation.aliases')}>
            <ul class="plain-list">
              {o.aliases.map((a) => (
                <li>{a}</li>
              ))}
            </ul>
          </Row>
        )}
        {o.note && <Row label={t('organisation.note')}>{o.note}</Row>}
      </dl>
      <h2>{t('organisation.measures')}</h2>
      <MeasureLinks tr={tr} measures={props.measures} />
      {props.history && props.history.length > 0 && <ReportingHistory tr={tr} organisationId={o.id} history={props.history} />}
      {children.length > 0 && (
        <>
          <h2>{t('organisation.below')}</h2>
          <ul class="plain-list">
            {children.map((c) => (
              <li>
                <a href={orgHref(c.id)}>{c.name}</a> <OrganisationBadges tr={tr} organisation={c} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

/** A measure's title cut at a word boundary for lists. */
function shortTitle(title: string, max = 160): string {
  if (title.length <= max) return title;
  const cut = title.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}

/** Measures grouped by plan, the newest plan first, each under its title. */
/** The organisation's reports, plan by plan and period by period (what the reader may see of them: states and times, never content). */
function ReportingHistory(props: { tr: Translator; organisationId: string; history: OrganisationHistory[] }) {
  const { tr } = props;
  const { t } = tr;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('organisation.history')}</h2>
      {props.history.map((h) => (
        <ScrollBox label={h.plan.shortTitle ?? h.plan.title}>
          <h3>
            <a href={`/plans/${encodeURIComponent(h.plan.id)}`}>{h.plan.shortTitle ?? h.plan.title}</a>
          </h3>
          <table class="data-table data-table--stack">
            <thead>
              <tr>
                <th scope="col">{t('dash.m.col.period')}</th>
                <th scope="col">{t('dash.e.col.report')}</th>
              </tr>
            </thead>
            <tbody>
              {h.periods.map((p, i) => {
                const c = h.cells[i] ?? 'none';
                return (
                  <tr>
                    <th scope="row">{periodName(tr, p)}</th>
                    <td data-label={t('dash.e.col.report')}>
                      {c === 'on_time' || c === 'late' || c === 'draft' ? <a href={`/reports/${encodeURIComponent(h.plan.id)}/${p.key}/${encodeURIComponent(props.organisationId)}`}>{t(`dash.e.cell.${c}` as MessageKey)}</a> : t(`dash.e.cell.${c}` as MessageKey)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      ))}
    </section>
  );
}

function MeasureLinks(props: { tr: Translator; measures: OrganisationMeasure[] }) {
  const { t } = props.tr;
  if (props.measures.length === 0) return <p class="empty">{t('organisation.measuresNone')}</p>;
  const plans = [...new Set(props.measures.map((m) => m.planId))];
  return (
    <>
      {plans.map((planId) => {
        const own = props.measures.filter((m) => m.planId === planId);
        return (
          <section class="plan-measures" aria-labelledby={`plan-${planId}`}>
            <h3 id={`plan-${planId}`} class="plan-measures__title">
              <a href={`/plans/${encodeURIComponent(planId)}`}>{own[0]!.planTitle}</a> <span class="muted">({t('plan.measuresCount', { count: own.length })})</span>
            </h3>
            <ul class="plain-list measure-links">
              {own.map((m) => (
                <li>
                  <a href={`/plans/${encodeURIComponent(m.planId)}/measures/${m.measureId}`}>
                    <strong>{m.code}</strong> {shortTitle(m.title)}
                  </a>
                  {m.viaGroup && <span class="muted"> — {t('organisation.viaGroup', { group: m.viaGroup })}</span>}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

export function GroupPage(props: { ctx: PageContext; directory: Directory; group: GroupView; measures: OrganisationMeasure[]; mayMaintain: boolean; notice?: string | undefined }) {
  const { ctx, directory, group } = props;
  const { tr } = ctx;
  const { t } = tr;
  const name = groupDisplayName(group, t('organisations.byConsent'));
  return (
    <Layout ctx={ctx} title={name}>
      <p class="back-link">
        <a href="/organisations">← {t('organisations.title')}</a>
      </p>
      {props.notice && <p class="notice notice--ok" role="status">{props.notice}</p>}
      <p class="caption">{t('organisations.groups')}</p>
      <h1>{name}</h1>
      {group.description && <p>{group.description}</p>}
      {props.mayMaintain && (
        <p class="actions">
          <a class="button button--secondary" href={`${groupHref(group.id)}/edit`}>
            {t('group.edit')}
          </a>
        </p>
      )}
      {group.aliases.length > 0 && (
        <p class="hint">
          {t('organisation.aliases')}: {group.aliases.join('; ')}
        </p>
      )}
      <h2>
        {t('group.members')} <span class="muted">({t('organisations.groupMembers', { count: group.memberIds.length })})</span>
      </h2>
      {group.memberIds.length === 0 ? (
        !group.description && <p class="empty">{group.byConsent ? t('group.membersNone') : t('group.membersNoneYet')}</p>
      ) : (
        <ul class="plain-list columns">
          {group.memberIds.map((id) => {
            const o = directory.organisation(id)!;
            return (
              <li>
                <a href={orgHref(id)}>{o.name}</a> <OrganisationBadges tr={tr} organisation={o} />
              </li>
            );
          })}
        </ul>
      )}
      <h2>{t('organisation.measures')}</h2>
      <MeasureLinks tr={tr} measures={props.measures} />
    </Layout>
  );
}
