import type { OrganisationKind } from '../../db/schema.ts';
import type { LocalDate } from '../../domain/dates.ts';
import type { EntryState, IndicatorKind } from '../../domain/reports.ts';
import type { Directory } from '../organisations/service.ts';
import { ratesOf, type Rates } from '../reports/period.ts';
import type { LetterRequisites } from './exports/letter.ts';
import type { Consolidation } from './service.ts';
import { draftSummary } from './summary.ts';

/**
 * The consolidation as a document: plain data, the same for the page, the DOCX, the XLSX and the
 * PDF, and what an approved version freezes (so its files can be made again, and compared).
 */

export interface MeasureText {
  /** The coordinator's summary; empty: the draft drawn from the sources. */
  summary: string;
  /** The measure's overall state as the coordinator marks it. */
  state: EntryState | null;
  /** The coordinator's text for publication, and whether they approved it (only then is it published). */
  publicText?: string;
  publicApproved?: boolean;
  /** The row's revision (0: never saved), who saved it last and when. */
  revision?: number;
  updatedAt?: string;
  updatedBy?: string | null;
}

export interface DocTotal {
  name: string;
  unit: string;
  kind: IndicatorKind;
  sensitive: boolean;
  /** Below it a sensitive value is hidden in anything published (absent in versions approved before 0010: 5). */
  threshold?: number;
  byKind: { kind: OrganisationKind; total: number; reporting: number }[];
  byDistrict: { district: string; total: number }[];
  grand: number | null;
  /** Only in a document for publication: the totals as published, null where hidden (see publication.ts). */
  published?: PublishedTotal;
  /** The quarters' statistical form the figures come from (issue 16); absent: the executors' reports. */
  source?: { form: string; quarters: number; accepted?: number; expected?: number; kind?: 'form' | 'reconciliation' };
}

export interface PublishedTotal {
  /** null: hidden; `small`: hidden as below the threshold (else hidden so that small ones cannot be subtracted back). */
  groups: { group: 'regional' | 'district' | 'community' | 'ngo'; value: number | null; small: boolean }[];
  /** Absent: the indicator does not add up across kinds. */
  grand?: number | null;
  grandSmall?: boolean;
}

export interface DocSource {
  organisationId: string;
  organisation: string;
  kind: OrganisationKind;
  district: string | null;
  byConsent: boolean;
  isLead: boolean;
  accepted: boolean;
  state: EntryState | null;
  reason: string | null;
  narrative: string;
  values: { name: string; unit: string; kind: IndicatorKind; sensitive: boolean; value: number | null }[];
}

export interface DocMeasure {
  id: number;
  code: string;
  title: string;
  executors: string[];
  summary: string;
  /** Whether `summary` is the coordinator's own text (false: drawn from the sources). */
  edited: boolean;
  /** The coordinator's approved text for publication; null: none (absent in versions approved before 0010). */
  publicText?: string | null;
  draft: { organisationId: string; organisation: string; text: string }[];
  state: EntryState | null;
  expected: number;
  rollup: Record<EntryState, number>;
  rollupByKind: { kind: OrganisationKind; expected: number; reported: number; states: Record<EntryState, number> }[];
  totals: DocTotal[];
  missing: string[];
  notProvided: { organisation: string; declined: boolean }[];
  sources: DocSource[];
  /** The plan's task the measure serves (absent in versions approved before the table followed the order's). */
  task?: { number: number; title: string };
  /** The deadline as the plan writes it ("2023-2025", "Постійно"); null: none stated. Absent in older versions. */
  deadline?: string | null;
  /** The executors as the department writes them: short names, "… ТГ", "(за згодою)" kept. Absent in older versions. */
  executorsShort?: string[];
  /** The draft written from the figures (summary.ts), whether or not the coordinator wrote their own; absent in versions frozen before issue 15. */
  draftText?: string;
  /** `summary` is that draft: it holds the roll-up and the totals, so the document adds neither (absent: an older version, rendered as it was). */
  draftFromFigures?: boolean;
}

/** A control instruction issued in the period (issue 17), as it stood when the document was made. */
export interface DocInstruction {
  measureCode: string | null;
  organisation: string;
  kind: 'explain' | 'act' | 'extend';
  extendTo: LocalDate | null;
  text: string;
  dueDate: LocalDate;
  state: 'issued' | 'answered' | 'closed';
  overdue: boolean;
  answer: string | null;
}

export interface ConsolidationDocument {
  plan: {
    id: string;
    title: string;
    shortTitle: string | null;
    legal: { kind: string; issuer: string; number: string; date: LocalDate };
    reportsTo: string | null;
    controlledBy: string | null;
    /** As confirmed by the coordinator; absent in documents frozen before they existed. */
    requisites?: { titleGenitive: string | null; issuerGenitive: string | null };
  };
  period: { key: string; label: string; year: number; start: LocalDate; end: LocalDate; executorDeadline: LocalDate; consolidationDeadline: LocalDate };
  coordinator: string;
  counts: { accepted: number; submitted: number; returned: number; expected: number };
  rates: Rates;
  goals: { number: number; title: string; measures: DocMeasure[] }[];
  /** Subordinate executors with no report standing. */
  notReported: string[];
  /** By-consent bodies that declined. */
  declined: string[];
  /** By-consent bodies that sent nothing and did not decline. */
  silent: string[];
  /** Subordinate executors that reported after the deadline; by-consent bodies apart; executors whose report came by letter (absent in versions frozen before issue 15). */
  late?: string[];
  lateByConsent?: string[];
  byLetter?: string[];
  /** Made for publication (publication.ts): numbers only, totals suppressed. */
  publication?: boolean;
  /** The control instructions issued in the period (absent in versions frozen before issue 17; never in a document for publication). */
  instructions?: DocInstruction[];
  /** The cover letter's letterhead, addressee and request, as they stood at approval (absent before issue 15). */
  letter?: LetterRequisites;
}

function executorNames(m: Consolidation['goals'][number]['measures'][number], directory: Directory): string[] {
  return m.measure.executors.map((e) => {
    if (e.type === 'group') {
      const g = directory.group(e.id);
      return g ? `${g.name}${e.byConsent && !/за згодою/.test(g.name) ? ' (за згодою)' : ''}` : e.id;
    }
    const o = directory.organisation(e.id);
    return `${o?.name ?? e.id}${e.byConsent ? ' (за згодою)' : ''}`;
  });
}

/** "Білицька територіальна громада" → "Білицька ТГ": the generic short form of a community's name. */
export function shortCommunityName(name: string): string {
  return name.replace(/\s+територіальна громада$/u, ' ТГ');
}

/**
 * The executors as a department writes them in its table: the directory's short name, or a
 * community's "… ТГ"; a group (a common noun: "районні військові адміністрації") in lower case,
 * as it reads within the list — `executorsLine` capitalises the list's first word.
 */
function executorShortNames(m: Consolidation['goals'][number]['measures'][number], directory: Directory): string[] {
  return m.measure.executors.map((e) => {
    if (e.type === 'group') {
      const g = directory.group(e.id);
      const name = g ? g.name.charAt(0).toLocaleLowerCase('uk') + g.name.slice(1) : e.id;
      return `${name}${e.byConsent && !/за згодою/.test(name) ? ' (за згодою)' : ''}`;
    }
    const o = directory.organisation(e.id);
    const name = o ? (o.shortName ?? shortCommunityName(o.name)) : e.id;
    return `${name}${e.byConsent ? ' (за згодою)' : ''}`;
  });
}

/** "Департамент освіти і науки, ГУНП в Полтавській області, районні військові адміністрації": the table's cell (older snapshots: the full names). */
export function executorsLine(m: DocMeasure): string {
  const line = (m.executorsShort ?? m.executors).join(', ');
  return line.charAt(0).toLocaleUpperCase('uk') + line.slice(1);
}

/** `drafts: false` leaves out the drafts written from the figures (the dashboards read only states and totals). */
export function buildDocument(c: Consolidation, texts: Record<number, MeasureText>, directory: Directory, options: { drafts?: boolean } = {}): ConsolidationDocument {
  const noDraft = { text: '', rollup: '', totals: [], specifics: [] };
  const districtName = (id: string | null) => (id ? (directory.organisation(id)?.shortName ?? directory.organisation(id)?.name ?? id) : null);
  // Sentences the drafts have said, so that no later measure says one again word for word.
  const said = new Set<string>();
  const goals = c.goals.map((g) => ({
    number: g.number,
    title: g.title,
    measures: g.measures.map((m): DocMeasure => {
      const own = texts[m.measure.id];
      const draft = options.drafts === false ? noDraft : draftSummary(m, undefined, said);
      const edited = Boolean(own?.summary?.trim());
      return {
        id: m.measure.id,
        code: m.measure.code,
        title: m.measure.title,
        executors: executorNames(m, directory),
        task: { number: m.measure.task.number, title: m.measure.task.title },
        deadline: m.measure.deadlineText,
        executorsShort: executorShortNames(m, directory),
        summary: edited ? own!.summary : draft.text,
        edited,
        publicText: own?.publicApproved && own.publicText?.trim() ? own.publicText : null,
        draft: draft.specifics.map((d) => ({ organisationId: d.organisationIds[0] ?? '', organisation: d.by, text: d.text })),
        draftText: draft.text,
        draftFromFigures: !edited,
        state: own?.state ?? null,
        expected: m.expected,
        rollup: m.rollup,
        rollupByKind: m.rollupByKind,
        totals: m.totals.map((t) => ({ name: t.name, unit: t.unit, kind: t.kind, sensitive: t.sensitive, threshold: t.threshold, byKind: t.byKind, byDistrict: t.byDistrict.map((d) => ({ district: districtName(d.districtId)!, total: d.total })), grand: t.grand, ...(t.source ? { source: t.source } : {}) })),
        missing: m.missing.map((o) => o.name),
        notProvided: m.notProvided.map((n) => ({ organisation: n.organisation.name, declined: n.declined })),
        sources: m.sources.map((s) => ({
          organisationId: s.organisation.id,
          organisation: s.organisation.name,
          kind: s.kind,
          district: districtName(s.districtId),
          byConsent: s.byConsent,
          isLead: s.isLead,
          accepted: s.reportState === 'accepted',
          state: s.state,
          reason: s.reason,
          narrative: s.narrative,
          values: [...s.values.entries()].map(([indicatorId, value]) => {
            const total = m.totals.find((x) => x.indicatorId === indicatorId);
            return { name: total?.name ?? String(indicatorId), unit: total?.unit ?? '', kind: total?.kind ?? 'count', sensitive: total?.sensitive ?? false, value };
          }),
        })),
      };
    }),
  }));
  const counted = (r: Consolidation['grid']['rows'][number]) => r.state === 'accepted' || r.state === 'submitted';
  return {
    plan: { id: c.plan.id, title: c.plan.title, shortTitle: c.plan.shortTitle, legal: c.plan.legal, reportsTo: c.plan.reportsTo, controlledBy: c.plan.controlledBy, requisites: c.plan.requisites },
    period: {
      key: c.period.key,
      label: c.period.label,
      year: c.period.year,
      start: c.period.start,
      end: c.period.end,
      executorDeadline: c.period.executorDeadline.date,
      consolidationDeadline: c.period.consolidationDeadline.date,
    },
    coordinator: directory.organisation(c.plan.coordinatorOrganisationId)?.name ?? c.plan.coordinatorOrganisationId,
    counts: c.counts,
    rates: ratesOf(c.grid.rows),
    goals,
    notReported: c.grid.rows.filter((r) => !r.byConsent && !counted(r)).map((r) => r.organisation.name),
    declined: c.grid.rows.filter((r) => r.byConsent && !counted(r) && r.consent?.answer === 'declined').map((r) => r.organisation.name),
    silent: c.grid.rows.filter((r) => r.byConsent && !counted(r) && r.consent?.answer !== 'declined').map((r) => r.organisation.name),
    // As the rates count them: a report with a submission standing (a returned one included).
    late: c.grid.rows.filter((r) => !r.byConsent && r.late).map((r) => r.organisation.name),
    lateByConsent: c.grid.rows.filter((r) => r.byConsent && r.late).map((r) => r.organisation.name),
    byLetter: c.grid.rows.filter((r) => r.firstSubmittedAt !== null && r.letter !== null).map((r) => r.organisation.name),
  };
}
