import type { DbOrTx } from '../../db/database.ts';
import { formCells, formSums, type Values } from '../../domain/statistics.ts';
import { suppress, type Cell, type Sum } from '../../domain/suppression.ts';
import { DEFAULT_THRESHOLD } from '../consolidation/publication.ts';
import { safeText } from '../consolidation/exports/xlsx.ts';
import type { Directory } from '../organisations/service.ts';
import { cellLabel } from './views.tsx';
import type { Translator } from '../../i18n/index.ts';
import { submittersOf, type StatFormView } from './service.ts';

/**
 * A quarter's statistics as they may be published (issue 16): the region's totals of every form
 * whose submissions are all accepted, each sensitive count from 1 to the threshold − 1 hidden
 * ("<5"), and — across every published table of the quarter together — as many other cells hidden
 * as it takes for no hidden one to be worked back from the published sums (domain/suppression.ts).
 * Nothing else leaves for people without exact access.
 */

export interface PublishedCell {
  form: string;
  cell: string;
  /** The published text: the number, "<5", or null (hidden so that a small one cannot be subtracted back). */
  value: number | null;
  small: boolean;
}

export interface PublishedQuarter {
  cells: PublishedCell[];
  /** Forms left out because not every submission is accepted yet. */
  pending: string[];
  /** The published sums, for checking that nothing hidden can be worked out. */
  sums: Sum[];
}

const id = (form: string, cell: string) => `${form}:${cell}`;

/** The region's totals of one form's accepted figures: the sum over its submitters, or null while any is not accepted. */
export async function regionTotals(db: DbOrTx, form: StatFormView, periodKey: string, directory: Directory): Promise<Values | null> {
  const organisations = submittersOf(form, directory);
  const rows = await db.selectFrom('stat_submissions').select(['organisation_id', 'state', 'figures']).where('form_id', '=', form.id).where('period_key', '=', periodKey).execute();
  const accepted = new Map(rows.filter((r) => r.state === 'accepted').map((r) => [r.organisation_id, JSON.parse(r.figures) as Values]));
  if (organisations.length === 0 || organisations.some((o) => !accepted.has(o.id))) return null;
  const out: Record<string, number> = {};
  for (const o of organisations) for (const c of formCells(form.definition)) out[c.id] = (out[c.id] ?? 0) + ((accepted.get(o.id)![c.id] as number | undefined) ?? 0);
  return out;
}

/** Suppresses the quarter's tables together: the primary small counts and their companions across every published sum. */
export function publishQuarter(tables: { form: StatFormView; totals: Values }[], threshold = DEFAULT_THRESHOLD): Omit<PublishedQuarter, 'pending'> {
  const cells: Cell[] = [];
  const sums: Sum[] = [];
  for (const { form, totals } of tables) {
    const sensitive = new Map(form.definition.quantities.map((q) => [q.key, q.sensitive]));
    for (const c of formCells(form.definition)) cells.push({ id: id(form.key, c.id), value: (totals[c.id] as number | undefined) ?? 0, threshold: sensitive.get(c.quantity) ? threshold : null });
    for (const s of formSums(form.definition)) sums.push({ total: id(form.key, s.total), members: s.members.map((m) => id(form.key, m)) });
  }
  const { primary, complementary } = suppress(cells, sums);
  return {
    cells: cells.map((c) => {
      const [form, ...rest] = c.id.split(':');
      return { form: form!, cell: rest.join(':'), value: primary.has(c.id) || complementary.has(c.id) ? null : c.value, small: primary.has(c.id) };
    }),
    sums,
  };
}

export async function publishedQuarter(db: DbOrTx, forms: StatFormView[], periodKey: string, directory: Directory): Promise<PublishedQuarter> {
  const tables: { form: StatFormView; totals: Values }[] = [];
  const pending: string[] = [];
  for (const form of forms) {
    const totals = await regionTotals(db, form, periodKey, directory);
    if (totals) tables.push({ form, totals });
    else pending.push(form.key);
  }
  return { ...publishQuarter(tables), pending };
}

/**
 * The published quarter as CSV (open data): one row per cell — the form, the cell in words, the
 * value as suppression left it ("<5" small, "приховано" hidden so a small one cannot be worked
 * back). UTF-8 with a byte-order mark, semicolons, text quoted and neutralised.
 */
export function publicationCsv(tr: Translator, forms: StatFormView[], published: PublishedQuarter, threshold = DEFAULT_THRESHOLD): Buffer {
  const q = (v: string) => `"${safeText(v).replace(/"/g, '""')}"`;
  const lines = [[tr.t('stats.csv.form'), tr.t('stats.csv.cell'), tr.t('stats.csv.value')].map(q).join(';')];
  for (const form of forms) {
    if (published.pending.includes(form.key)) {
      lines.push([q(form.title), q(tr.t('stats.csv.pending')), ''].join(';'));
      continue;
    }
    for (const ref of formCells(form.definition)) {
      const c = published.cells.find((x) => x.form === form.key && x.cell === ref.id);
      if (!c) continue;
      const value = c.value !== null ? String(c.value) : c.small ? q(`<${threshold}`) : q(tr.t('consolidation.doc.hidden'));
      lines.push([q(form.title), q(cellLabel(form.definition, ref, tr)), value].join(';'));
    }
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
