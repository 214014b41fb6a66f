import { suppress, type Cell, type Sum } from '../../domain/suppression.ts';
import type { ConsolidationDocument, DocMeasure, DocTotal, PublishedTotal } from './document.ts';
import { groupedTotals } from './text.ts';

/**
 * The consolidation as it may be published (issue 13): numbers only by default — the measure, its
 * executors as the order names them, states, indicator totals. No executor's narrative or reason,
 * no draft summary, no value of a single executor; the coordinator's public text of a measure
 * only when they approved it. Every total of every sensitive indicator goes through the
 * suppression rule (src/domain/suppression.ts) across the whole document at once: small values
 * hidden, and whatever would let them be subtracted back hidden too. The raw figures are dropped
 * from the result, so no renderer can print them by mistake.
 */

export const DEFAULT_THRESHOLD = 5;

export function publicationDocument(doc: ConsolidationDocument): ConsolidationDocument {
  const cells: Cell[] = [];
  const sums: Sum[] = [];
  const keyOf = (m: number, t: number, part: string) => `${m}/${t}/${part}`;
  doc.goals.forEach((g) =>
    g.measures.forEach((m) =>
      m.totals.forEach((t, ti) => {
        const threshold = t.sensitive ? (t.threshold ?? DEFAULT_THRESHOLD) : null;
        const groups = groupedTotals(t);
        for (const x of groups) cells.push({ id: keyOf(m.id, ti, x.group), value: x.total, threshold });
        if (t.grand !== null) {
          cells.push({ id: keyOf(m.id, ti, 'grand'), value: t.grand, threshold });
          sums.push({ total: keyOf(m.id, ti, 'grand'), members: groups.map((x) => keyOf(m.id, ti, x.group)) });
        }
      }),
    ),
  );
  const { primary, complementary } = suppress(cells, sums);
  const shown = (id: string, value: number): number | null => (primary.has(id) || complementary.has(id) ? null : value);

  const total = (m: DocMeasure, t: DocTotal, ti: number): DocTotal => {
    const published: PublishedTotal = {
      groups: groupedTotals(t).map((x) => ({ group: x.group, value: shown(keyOf(m.id, ti, x.group), x.total), small: primary.has(keyOf(m.id, ti, x.group)) })),
    };
    if (t.grand !== null) {
      published.grand = shown(keyOf(m.id, ti, 'grand'), t.grand);
      published.grandSmall = primary.has(keyOf(m.id, ti, 'grand'));
    }
    return { name: t.name, unit: t.unit, kind: t.kind, sensitive: t.sensitive, threshold: t.threshold ?? DEFAULT_THRESHOLD, byKind: [], byDistrict: [], grand: null, published };
  };

  // Control instructions are the administration's own business: never published.
  const { instructions: _internal, ...rest } = doc;
  return {
    ...rest,
    publication: true,
    goals: doc.goals.map((g) => ({
      ...g,
      measures: g.measures.map((m): DocMeasure => ({
        ...m,
        summary: m.publicText ?? '',
        edited: false,
        draft: [],
        // The draft holds exact figures and the executors' words: neither is published.
        draftText: '',
        draftFromFigures: false,
        totals: m.totals.map((t, ti) => total(m, t, ti)),
        sources: m.sources.map((s) => ({ ...s, narrative: '', reason: null, values: [] })),
      })),
    })),
  };
}
