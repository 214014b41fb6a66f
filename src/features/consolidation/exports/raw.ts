import type { MessageKey } from '../../../i18n/catalogue.ts';
import type { Directory } from '../../organisations/service.ts';
import type { Consolidation } from '../service.ts';
import { stateLabel, uk } from '../text.ts';
import { safeText } from './xlsx.ts';

/**
 * Raw entries of a period for analysts: one row per executor, measure and indicator value (or
 * one row for an entry without values), from accepted and submitted reports only. The CSV's
 * headers and codes are Ukrainian (виконано, територіальна громада, прийнято), the JSON's keys
 * and codes English, for programs. CSV is UTF-8
 * with a byte-order mark, so that Excel opens Cyrillic correctly, and separated by semicolons, the
 * list separator of a Ukrainian Excel; cells are quoted and neutralised
 * against formula injection like the XLSX.
 */

interface Row {
  plan: string;
  period: string;
  measure: string;
  organisation_id: string;
  organisation: string;
  kind: string;
  district: string;
  report: 'accepted' | 'submitted';
  submission: number;
  state: string;
  reason: string;
  narrative: string;
  indicator: string;
  unit: string;
  value: number | null;
  sensitive: boolean;
}

const HEADERS: Record<keyof Row, MessageKey> = {
  plan: 'documentTable.csv.plan',
  period: 'documentTable.csv.period',
  measure: 'documentTable.csv.measure',
  organisation_id: 'documentTable.csv.organisationId',
  organisation: 'documentTable.csv.organisation',
  kind: 'documentTable.csv.kind',
  district: 'documentTable.csv.district',
  report: 'documentTable.csv.report',
  submission: 'documentTable.csv.submission',
  state: 'documentTable.csv.state',
  reason: 'documentTable.csv.reason',
  narrative: 'documentTable.csv.narrative',
  indicator: 'documentTable.csv.indicator',
  unit: 'documentTable.csv.unit',
  value: 'documentTable.csv.value',
  sensitive: 'documentTable.csv.sensitive',
};

/** A row as the CSV shows it: codes in Ukrainian (the kind, the report's and the entry's state, the period, the district by name). */
function ukrainian(r: Row, c: Consolidation, directory?: Directory): Record<keyof Row, unknown> {
  const district = r.district ? directory?.organisation(r.district) : undefined;
  return {
    ...r,
    period: uk.t(`calendar.periodLabel.${c.period.label}` as MessageKey, { year: c.period.year }),
    kind: uk.t(`organisations.kind.${r.kind}` as MessageKey),
    district: district ? (district.shortName ?? district.name) : r.district,
    report: uk.t(`documentTable.csv.report.${r.report}`),
    state: r.state ? stateLabel(uk, r.state as Parameters<typeof stateLabel>[1]) : '',
  };
}

function rows(c: Consolidation): Row[] {
  const out: Row[] = [];
  for (const g of c.goals) {
    for (const m of g.measures) {
      for (const s of m.sources) {
        const base = {
          plan: c.plan.id,
          period: c.period.key,
          measure: m.measure.code,
          organisation_id: s.organisation.id,
          organisation: s.organisation.name,
          kind: s.kind,
          district: s.districtId ?? '',
          report: s.reportState,
          submission: s.submission,
          state: s.state ?? '',
          reason: s.reason ?? '',
          narrative: s.narrative,
        };
        const values = m.totals.map((t) => ({ t, v: s.values.get(t.indicatorId) ?? null })).filter((x) => x.v !== null);
        if (values.length === 0) out.push({ ...base, indicator: '', unit: '', value: null, sensitive: false });
        for (const { t, v } of values) out.push({ ...base, indicator: t.name, unit: t.unit, value: t.kind === 'money' ? v! / 100 : v, sensitive: t.sensitive });
      }
    }
  }
  return out;
}

const COLUMNS: (keyof Row)[] = ['plan', 'period', 'measure', 'organisation_id', 'organisation', 'kind', 'district', 'report', 'submission', 'state', 'reason', 'narrative', 'indicator', 'unit', 'value', 'sensitive'];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  // Decimal commas, as a Ukrainian spreadsheet reads numbers.
  if (typeof v === 'number') return String(v).replace('.', ',');
  if (typeof v === 'boolean') return v ? 'так' : 'ні';
  return `"${safeText(String(v)).replace(/"/g, '""')}"`;
}

/** The CSV for a spreadsheet, in Ukrainian: its headers and codes (the JSON keeps the English keys and codes). */
export function entriesCsv(c: Consolidation, directory?: Directory): Buffer {
  const lines = [COLUMNS.map((k) => uk.t(HEADERS[k])).join(';'), ...rows(c).map((r) => ukrainian(r, c, directory)).map((r) => COLUMNS.map((k) => csvCell(r[k])).join(';'))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export function entriesJson(c: Consolidation): Buffer {
  return Buffer.from(JSON.stringify({ plan: c.plan.id, period: c.period.key, rows: rows(c) }, null, 1), 'utf8');
}
