import type { MessageKey, Translator } from '../../i18n/index.ts';
import { displayIndicatorValue } from '../../domain/reports.ts';
import type { ReportingPeriod } from '../../domain/periods.ts';
import type { Directory } from '../organisations/service.ts';
import { periodName } from '../reports/service.ts';
import type { DashTable } from './downloads.ts';
import { CELL_STATES, type ExecutorsDashboard, type IndicatorsDashboard, type MeasureRow, type MeasuresDashboard, type Rate, type RiskReason } from './service.ts';

/**
 * The dashboards' numbers as tables: what the page shows beside each chart, and what a download
 * holds (the same objects, so the two never disagree).
 */

const share = (n: number, of: number) => (of > 0 ? n / of : null);

export function riskText(tr: Translator, r: RiskReason, m: Pick<MeasureRow, 'deadlineTo'>): string {
  return tr.t(`dash.m.risk.${r}` as MessageKey, { date: m.deadlineTo ? tr.date(m.deadlineTo) : '' });
}

export function measureTables(tr: Translator, d: MeasuresDashboard): DashTable[] {
  const { t } = tr;
  const pname = (p: ReportingPeriod) => periodName(tr, p);
  const si = d.selected ? d.periods.indexOf(d.selected) : -1;
  const stateText = (row: MeasureRow, i: number) => {
    const c = row.cells[i];
    return c ? t(`dash.state.${c.state}` as MessageKey) : t('dash.m.notInForce');
  };
  return [
    {
      sheet: t('dash.m.sheet.risk'),
      title: `${t('dash.m.riskTitle', { count: d.atRisk.length })} — ${d.selected ? pname(d.selected.period) : ''}`,
      columns: [{ title: t('dash.m.col.measure') }, { title: t('dash.m.col.goal'), kind: 'number' }, { title: t('dash.m.col.state') }, { title: t('dash.m.col.risk') }, { title: t('dash.m.col.deadline') }],
      rows: d.atRisk.map((m) => [`${m.code} ${m.title}`, m.goal.number, stateText(m, si), m.risks.map((r) => riskText(tr, r, m)).join('; '), m.deadline ?? '']),
    },
    {
      sheet: t('dash.m.sheet.counts'),
      title: t('dash.m.countsTitle'),
      columns: [{ title: t('dash.m.col.period') }, ...CELL_STATES.map((s) => ({ title: t(`dash.state.${s}` as MessageKey), kind: 'number' as const }))],
      rows: d.counts.map((c, i) => [pname(d.periods[i]!.period), ...CELL_STATES.map((s) => c.counts[s])]),
    },
    {
      sheet: t('dash.m.sheet.grid'),
      title: t('dash.m.gridTitle'),
      columns: [{ title: t('dash.m.col.goal'), kind: 'number' }, { title: t('dash.m.col.measure') }, { title: t('dash.m.col.deadline') }, ...d.periods.map((p) => ({ title: pname(p.period) }))],
      rows: d.rows.map((m) => [m.goal.number, `${m.code} ${m.title}`, m.deadline ?? '', ...d.periods.map((_, i) => stateText(m, i))]),
    },
  ];
}

function rateRow(label: string, r: Rate): (string | number | null)[] {
  return [label, r.expected, r.submitted, r.onTime, share(r.submitted, r.expected), share(r.onTime, r.expected)];
}

export function executorTables(tr: Translator, d: ExecutorsDashboard, directory: Directory): DashTable[] {
  const { t } = tr;
  const pname = (p: ReportingPeriod) => periodName(tr, p);
  const rateColumns = [
    { title: t('dash.e.col.expected'), kind: 'number' as const },
    { title: t('dash.e.col.submitted'), kind: 'number' as const },
    { title: t('dash.e.col.onTime'), kind: 'number' as const },
    { title: t('dash.e.col.completeness'), kind: 'share' as const },
    { title: t('dash.e.col.timeliness'), kind: 'share' as const },
  ];
  const si = d.selected ? d.periods.indexOf(d.selected) : -1;
  const districtName = (id: string | null) => (id ? (directory.organisation(id)?.shortName ?? directory.organisation(id)?.name ?? id) : '');
  return [
    {
      sheet: t('dash.e.sheet.rates'),
      title: t('dash.e.ratesTitle'),
      columns: [{ title: t('dash.m.col.period') }, { title: t('dash.e.col.group') }, ...rateColumns],
      rows: d.rates.flatMap((r, i) => {
        const p = pname(d.periods[i]!);
        return [
          [p, ...rateRow(t('dash.e.overall'), r.overall)],
          ...r.byKind.map((k) => [p, ...rateRow(t(`organisations.kind.${k.kind}` as MessageKey), k.rate)]),
          ...(r.byConsent.expected ? [[p, ...rateRow(t('dash.e.byConsent'), r.byConsent)]] : []),
        ];
      }),
    },
    {
      sheet: t('dash.e.sheet.late'),
      title: `${t('dash.e.lateTitle', { count: d.lateNow.length })} — ${d.selected ? pname(d.selected) : ''}`,
      columns: [{ title: t('dash.e.col.organisation') }, { title: t('dash.e.col.district') }, { title: t('dash.m.col.state') }],
      rows: d.lateNow.map((r) => [r.organisation.name, districtName(r.districtId), t(`dash.e.cell.${r.cells[si]}` as MessageKey)]),
    },
    {
      sheet: t('dash.e.sheet.districts'),
      title: t('dash.e.districtsTitle', { period: d.selected ? pname(d.selected) : '' }),
      columns: [{ title: t('dash.e.col.district') }, ...rateColumns, { title: t('dash.e.col.byConsent'), kind: 'number' }, { title: `${t('dash.e.byConsent')}: ${t('dash.e.col.expected').toLocaleLowerCase('uk')}`, kind: 'number' }],
      rows: d.districts.map((x) => [...rateRow(x.district.shortName ?? x.district.name, x.rate), x.byConsent.submitted, x.byConsent.expected]),
    },
    {
      sheet: t('dash.e.sheet.history'),
      title: t('dash.e.historyTitle'),
      columns: [{ title: t('dash.e.col.organisation') }, { title: t('dash.e.col.district') }, ...d.periods.map((p) => ({ title: pname(p) }))],
      rows: d.rows.map((r) => [r.organisation.name, districtName(r.districtId), ...r.cells.map((c) => t(`dash.e.cell.${c ?? 'none'}` as MessageKey))]),
    },
  ];
}

export function indicatorTables(tr: Translator, d: IndicatorsDashboard): DashTable[] {
  const { t } = tr;
  const pname = (p: ReportingPeriod) => periodName(tr, p);
  // Money is kept in kopecks: a spreadsheet gets hryvnias.
  const num = (kind: string, v: number | null) => (v === null ? null : kind === 'money' ? v / 100 : v);
  const group = (g: string | null) => (g ? t(`consolidation.group.${g}` as MessageKey) : '');
  const total = d.chosen.find((s) => !s.group);
  return [
    {
      sheet: t('dash.i.sheet.table'),
      title: t('dash.i.tableTitle'),
      columns: [
        { title: t('dash.i.col.measure') },
        { title: t('dash.i.col.indicator') },
        { title: t('dash.i.col.unit') },
        { title: t('dash.e.col.group') },
        ...d.periods.map((p) => ({ title: pname(p.period), kind: 'number' as const })),
        { title: t('dash.i.col.target'), kind: 'number' },
        { title: t('dash.i.col.progress'), kind: 'share' },
      ],
      rows: d.series.map((s) => [s.measureCode, s.name, s.unit, group(s.group), ...s.values.map((v) => num(s.kind, v)), num(s.kind, s.target), s.progress]),
    },
    ...(total
      ? [
          {
            sheet: t('dash.i.sheet.district'),
            title: `${total.name} — ${t('dash.i.districtTitle', { period: d.selected ? pname(d.selected.period) : '' })}`,
            columns: [{ title: t('dash.e.col.district') }, { title: total.unit || t('dash.i.col.indicator'), kind: 'number' as const }],
            rows: total.byDistrict.map((x) => [x.district, num(total.kind, x.total)]),
          },
        ]
      : []),
  ];
}

/** A value as the page writes it. */
export const shown = displayIndicatorValue;
