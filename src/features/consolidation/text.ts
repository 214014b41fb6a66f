import { actInstrumental } from '../../domain/genitive.ts';
import type { OrganisationKind } from '../../db/schema.ts';
import { ENTRY_STATES, displayIndicatorValue, type EntryState } from '../../domain/reports.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { translator, type Translator } from '../../i18n/index.ts';
import type { ConsolidationDocument, DocMeasure, DocTotal } from './document.ts';
import { joinNames, rollupClause, totalSentence } from './summary.ts';

/** The phrases every format of the consolidation shares, in Ukrainian (the official language of the documents). */

export const uk: Translator = translator('uk');

/** The four kinds of executors totals are given by (issue: regional bodies, district administrations, communities, NGOs). */
export type ExecutorGroup = 'regional' | 'district' | 'community' | 'ngo';
export function executorGroup(kind: OrganisationKind): ExecutorGroup {
  if (kind === 'district_administration') return 'district';
  if (kind === 'community') return 'community';
  if (kind === 'ngo') return 'ngo';
  return 'regional';
}
export const EXECUTOR_GROUPS: ExecutorGroup[] = ['regional', 'district', 'community', 'ngo'];

export function periodTitle(tr: Translator, doc: ConsolidationDocument): string {
  return tr.t(`calendar.periodLabel.${doc.period.label}` as MessageKey, { year: doc.period.year });
}

/**
 * "про стан виконання Обласного плану заходів …, затвердженого розпорядженням начальника …
 * від 04.09.2023 № 609, за II півріччя 2025 року" — once the coordinator has confirmed the title
 * and the issuer in the genitive; until then the title is quoted as written (a title in the
 * nominative is not inflected by a machine on its own) and the basis follows on its own line.
 */
export function documentTitle(tr: Translator, doc: ConsolidationDocument): string {
  const full = approvedBy(doc);
  if (full) return tr.t('consolidation.doc.aboutGenitive', { plan: doc.plan.requisites!.titleGenitive!, approvedBy: full, period: periodTitle(tr, doc) });
  return tr.t('consolidation.doc.about', { plan: doc.plan.title, period: periodTitle(tr, doc) });
}

/** "розпорядженням начальника … від 04.09.2023 № 609", or null until the requisites are confirmed. */
export function approvedBy(doc: ConsolidationDocument): string | null {
  const r = doc.plan.requisites;
  const act = actInstrumental(doc.plan.legal.kind);
  if (!r?.titleGenitive || !r.issuerGenitive || !act) return null;
  const [y, m, d] = doc.plan.legal.date.split('-');
  return `${act} ${r.issuerGenitive} від ${d}.${m}.${y} № ${doc.plan.legal.number}`;
}

export function stateLabel(tr: Translator, state: EntryState | null): string {
  return state ? tr.t(`report.entryState.${state}` as MessageKey) : tr.t('consolidation.doc.noState');
}

/** "виконано — 52, виконується — 5 (подали 57 з 70)". */
export function rollupLine(tr: Translator, m: DocMeasure): string {
  const reported = m.sources.length;
  const parts = ENTRY_STATES.filter((s) => m.rollup[s] > 0).map((s) => `${stateLabel(tr, s)} — ${m.rollup[s]}`);
  return tr.t('consolidation.doc.rollup', { states: parts.join(', ') || '—', reported, expected: m.expected });
}

/** A published value: the number, "<5" (below the indicator's threshold) or "приховано" (hidden so that a small one cannot be subtracted back). */
export function publishedValue(t: DocTotal, value: number | null, small: boolean | undefined): string {
  if (value !== null) return displayIndicatorValue(t.kind, value);
  return small ? `<${t.threshold ?? 5}` : uk.t('consolidation.doc.hidden');
}

/** Whether a measure's indicator has any total to show. */
export function hasTotals(t: DocTotal): boolean {
  return t.published ? t.published.groups.length > 0 : t.byKind.length > 0;
}

/** Totals per kind of executor (grouped), and a grand total only where the indicator adds up across kinds. */
export function groupedTotals(t: DocTotal): { group: ExecutorGroup; total: number }[] {
  const out = new Map<ExecutorGroup, number>();
  for (const k of t.byKind) out.set(executorGroup(k.kind), (out.get(executorGroup(k.kind)) ?? 0) + k.total);
  return EXECUTOR_GROUPS.filter((g) => out.has(g)).map((group) => ({ group, total: out.get(group)! }));
}

/**
 * "Проведено заходів, од.: обласні органи — 12; районні адміністрації — 30; громади — 140; усього — 182":
 * exact figures, or in a document for publication the totals as suppression left them.
 */
export function totalLine(tr: Translator, t: DocTotal): string {
  const group = (g: string) => tr.t(`consolidation.group.${g}` as MessageKey);
  const parts = t.published
    ? t.published.groups.map((g) => `${group(g.group)} — ${publishedValue(t, g.value, g.small)}`)
    : groupedTotals(t).map((g) => `${group(g.group)} — ${displayIndicatorValue(t.kind, g.total)}`);
  if (t.published && t.published.grand !== undefined) parts.push(`${tr.t('consolidation.doc.grand')} — ${publishedValue(t, t.published.grand, t.published.grandSmall)}`);
  else if (!t.published && t.grand !== null) parts.push(`${tr.t('consolidation.doc.grand')} — ${displayIndicatorValue(t.kind, t.grand)}`);
  return `${t.name}, ${t.unit}: ${parts.join('; ') || '—'}`;
}

/**
 * The measure's cell "стан виконання" as paragraphs: the overall state, then the summary. A draft
 * written from the figures already holds the roll-up and the totals; the coordinator's own text
 * stands as written; a document for publication adds the roll-up and the published totals to the
 * approved public text. Who did not report is said once, at the end of the document
 * (`closingSection`). A version frozen before drafts were written from the figures (no
 * `draftFromFigures`) keeps its roll-up and totals lines.
 */
export function measureParagraphs(tr: Translator, m: DocMeasure, _running = false): { text: string; bold?: boolean; italic?: boolean }[] {
  const out: { text: string; bold?: boolean; italic?: boolean }[] = [];
  if (m.state) out.push({ text: `${upperFirst(stateLabel(tr, m.state))}.`, bold: true });
  for (const p of m.summary.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean)) out.push({ text: p });
  if (m.draftFromFigures === undefined) {
    if (m.sources.length === 0) out.push({ text: tr.t('consolidation.doc.noReports'), italic: true });
    else out.push({ text: rollupLine(tr, m), italic: true });
    for (const t of m.totals) if (hasTotals(t)) out.push({ text: totalLine(tr, t) });
  } else if (!m.draftFromFigures && !m.edited) {
    const figures = m.sources.length === 0 && !m.totals.some(hasTotals) ? tr.t('consolidation.doc.noReports') : [rollupClause(tr, m.rollup, m.sources.length), ...m.totals.map((t) => totalSentence(tr, t)).filter((x): x is string => x !== null)].join(' ');
    out.push({ text: figures });
  }
  return out;
}

export function upperFirst(s: string): string {
  return s.charAt(0).toLocaleUpperCase('uk') + s.slice(1);
}

/** The closing lists of the document: who did not report, who declined, who sent nothing. */
export function closingLists(tr: Translator, doc: ConsolidationDocument, running: boolean): { title: string; names: string[] }[] {
  return [
    { title: tr.t(running ? 'consolidation.doc.notYetTitle' : 'consolidation.doc.notReportedTitle'), names: doc.notReported },
    { title: tr.t('consolidation.doc.declinedTitle'), names: doc.declined },
    { title: tr.t(running ? 'consolidation.doc.silentRunningTitle' : 'consolidation.doc.silentTitle'), names: doc.silent ?? [] },
  ];
}

/**
 * The closing section: reporting discipline, said once for the whole document in plain words —
 * how many executors reported and who was late, who did not report, the bodies taking part by
 * consent (who reported, declined, stayed silent), who reported by letter, and whose information
 * is still being reviewed. Names are joined as an official writes them ("Кременчуцька і Полтавська
 * районні військові адміністрації"). Versions frozen before the late and by-letter lists existed give counts only.
 */
export function closingSection(tr: Translator, doc: ConsolidationDocument, running: boolean): { title: string; paragraphs: string[] } {
  // A plan whose executors all take part by consent has no "N з M" of its own executors to give.
  const out: string[] = doc.rates.overall.expected > 0 ? [ratesSentence(tr, doc, running)] : [];
  const list = (names: readonly string[]) => joinNames(names, 'та');
  if (doc.notReported.length > 0) out.push(`${tr.t(running ? 'consolidation.doc.notYetTitle' : 'consolidation.doc.notReportedTitle')}: ${list(doc.notReported)}.`);
  const c = doc.rates.byConsent;
  if (c.expected > 0) {
    const lateConsent = doc.lateByConsent ? doc.lateByConsent.length : c.submitted - c.onTime;
    out.push(running ? tr.t('summary.closing.consentRunning', { expected: c.expected, submitted: c.submitted }) : tr.t('summary.closing.consent', { expected: c.expected, submitted: c.submitted, late: lateConsent }));
    if (doc.declined.length > 0) out.push(`${tr.t('consolidation.doc.declinedTitle')}: ${list(doc.declined)}.`);
    if ((doc.silent ?? []).length > 0) out.push(`${tr.t(running ? 'consolidation.doc.silentRunningTitle' : 'consolidation.doc.silentTitle')}: ${list(doc.silent)}.`);
  }
  if (doc.byLetter && doc.byLetter.length > 0) out.push(tr.t('summary.closing.byLetter', { list: list(doc.byLetter) }));
  if (doc.counts.submitted > 0) out.push(tr.t('summary.closing.notYetAccepted', { count: doc.counts.submitted }));
  return { title: tr.t('consolidation.doc.ratesTitle'), paragraphs: out };
}

/**
 * The control instructions issued in the period (issue 17): one numbered paragraph each — to whom,
 * what, on which measure, by when, where it stands and what was answered. Null when there were none
 * (or the document predates them, or is for publication).
 */
export function instructionsSection(tr: Translator, doc: ConsolidationDocument): { title: string; paragraphs: string[] } | null {
  const list = doc.instructions ?? [];
  if (doc.publication || list.length === 0) return null;
  return {
    title: tr.t('consolidation.doc.instructionsTitle'),
    paragraphs: list.map((i, n) => {
      const kind = i.kind === 'extend' && i.extendTo ? tr.t('instr.kindFull.extend', { date: date(i.extendTo) }) : tr.t(`instr.kind.${i.kind}` as MessageKey);
      const line = tr.t('consolidation.doc.instruction', {
        n: n + 1,
        organisation: i.organisation,
        kind,
        measure: i.measureCode ? tr.t('consolidation.doc.instructionMeasure', { code: i.measureCode }) : '',
        // "«… у І півріччі». Строк", not "«… у І півріччі.».": the sentence's own full stop goes.
        text: i.text.replace(/\s+/g, ' ').trim().replace(/\.+$/, ''),
        due: date(i.dueDate),
        state: tr.t(`instr.state.${i.overdue && i.state === 'issued' ? 'overdue' : i.state}` as MessageKey),
      });
      return i.answer ? `${line} ${tr.t('consolidation.doc.instructionAnswer', { answer: i.answer.replace(/\s+/g, ' ').trim().replace(/\.+$/, '') })}` : line;
    }),
  };
}

/** Whether the executors' deadline of the period had not passed when the document was made. */
export function isRunning(doc: ConsolidationDocument, today: string): boolean {
  return today <= doc.period.executorDeadline;
}

/**
 * The reporting sentence of the documents, for the executors the administration directs (bodies
 * taking part by consent are counted apart): "Інформацію надали 70 з 77 виконавців, з них 12 — із
 * порушенням встановленого строку (…)".
 */
export function ratesSentence(tr: Translator, doc: ConsolidationDocument, running = false): string {
  const r = doc.rates.overall;
  if (running) return tr.t('summary.closing.running', { deadline: date(doc.period.executorDeadline), submitted: r.submitted, expected: r.expected });
  if (r.expected > 0 && r.submitted === 0) return tr.t('summary.closing.none', { expected: r.expected });
  const late = doc.late ? doc.late.length : r.submitted - r.onTime;
  const names = doc.late && doc.late.length > 0 ? ` (${joinNames(doc.late, 'та')})` : '';
  return r.submitted === r.expected ? tr.t('summary.closing.all', { expected: r.expected, late, names }) : tr.t('summary.closing.some', { submitted: r.submitted, expected: r.expected, late, names });
}

export function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

/** dd.mm.рррр */
export function date(d: string): string {
  return `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
}

/** A safe file name of the documents: "zvit-poltava-ctb-2023-2025-2024-H1-v2.docx". */
export function fileName(doc: ConsolidationDocument, version: number | null, ext: string, suffix = ''): string {
  return `zvit-${doc.plan.id}-${doc.period.key}${version ? `-v${version}` : '-chernetka'}${suffix}.${ext}`;
}
