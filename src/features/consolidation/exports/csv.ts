import type { MessageKey } from '../../../i18n/catalogue.ts';
import type { ConsolidationDocument } from '../document.ts';
import { publicationDocument } from '../publication.ts';
import { publishedValue, stateLabel, uk } from '../text.ts';
import { safeText } from './xlsx.ts';

/**
 * The consolidation for publication as CSV (open data): one row per measure and published total —
 * the measure, its executors as the order names them, the coordinator's state and approved public
 * text, the indicator and its total per group of executors as suppression left it. Always made
 * from `publicationDocument`: no narrative, no single executor's value. Headers and values in
 * Ukrainian. UTF-8 with a byte-order
 * mark, semicolons, decimal commas, text cells quoted and neutralised like the raw entries.
 */

/** The columns' headers, in Ukrainian. */
const COLUMNS = ['measure', 'title', 'executors', 'state', 'publicText', 'indicator', 'unit', 'executorGroup', 'value'] as const;

function cell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v).replace('.', ',');
  return `"${safeText(v).replace(/"/g, '""')}"`;
}

export function publicationCsv(source: ConsolidationDocument): Buffer {
  const doc = source.publication ? source : publicationDocument(source);
  const t = uk.t;
  const lines: string[] = [COLUMNS.map((k) => t(`documentTable.csv.${k}`)).join(';')];
  for (const g of doc.goals) {
    for (const m of g.measures) {
      const base = [m.code, m.title, m.executors.join('; '), m.state ? stateLabel(uk, m.state) : '', m.publicText ?? ''];
      const totals = m.totals.filter((x) => x.published && x.published.groups.length > 0);
      if (totals.length === 0) lines.push([...base, '', '', '', null].map(cell).join(';'));
      for (const x of totals) {
        const rows = [...x.published!.groups.map((gr) => ({ label: t(`consolidation.group.${gr.group}` as MessageKey), value: gr.value, small: gr.small })), ...(x.published!.grand !== undefined ? [{ label: t('consolidation.doc.grand'), value: x.published!.grand, small: x.published!.grandSmall }] : [])];
        for (const r of rows) {
          const value = r.value === null ? publishedValue(x, null, r.small) : x.kind === 'money' ? r.value / 100 : r.value;
          lines.push([...base, x.name, x.unit, r.label, value].map(cell).join(';'));
        }
      }
    }
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}
