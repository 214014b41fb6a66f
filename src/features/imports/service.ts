import crypto from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { DEFAULT_SCHEDULE, type ReportingSchedule } from '../../domain/periods.ts';
import { localDateOf } from '../../domain/time.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import { nameKey } from '../organisations/service.ts';
import { planIdTaken } from '../plans/service.ts';
import { createPlan, type NewPlanInput } from '../plans/creation.ts';
import * as repo from './repository.ts';
import type { ImportDirectory } from '../../domain/plan-import/executors.ts';
import { loadDirectory } from '../organisations/service.ts';
import type { PlanReading } from '../../domain/plan-import/reading.ts';
import { ImportError, looksLikePdf, looksLikeZip, MAX_IMPORT_BYTES, planReadingOf, readOrder, readOrderFile, type ImportProblem } from './reading.ts';
import { readOrderOffThread } from './off-thread.ts';
import { proposedOrganisations } from './proposed.ts';
import { importAmendment, type AmendmentImportResult } from './amendment-import.ts';
import type { AmendmentReading } from '../../domain/plan-import/amendment.ts';
import { inflateZip } from './unzip.ts';

/** The longest measure text the database takes (measure_versions.title). */
const MAX_MEASURE_TITLE = 10_000;

export { ImportError, inflateZip, MAX_IMPORT_BYTES, planReadingOf, readOrder, readOrderFile, readOrderOffThread, type ImportProblem };

/** The directory as the importer matches against it: names, short names and every alias. */
export async function importDirectory(db: DbOrTx): Promise<ImportDirectory> {
  const d = await loadDirectory(db);
  return {
    // A merged organisation's names are its successor's former names: it is not matched itself.
    // Names proposed by earlier imports and not yet confirmed are not matched against: a reading
    // does not depend on what was imported before (they are reused only by their exact name).
    organisations: d.organisations.filter((o) => !o.mergedInto && !(o.sourceConfidence === 'probable' && o.id.startsWith('proposed-'))).map((o) => ({ id: o.id, name: o.name, shortName: o.shortName, aliases: [...o.aliases, ...o.formerNames.map((f) => f.name)], byConsent: o.byConsent })),
    groups: d.groups.map((g) => ({ id: g.id, name: g.name, aliases: g.aliases, byConsent: g.byConsent })),
  };
}

/** An amending order's reading as `zvit plan parse --json` prints it. */
export function amendmentJson(reading: AmendmentReading) {
  return {
    kind: 'amendment',
    meta: reading.meta,
    amends: reading.amends,
    changes: reading.changes.map((c) => ({ ...c, executors: c.executors?.map((e) => ({ organisationId: e.organisationId, name: e.name, asWritten: e.asWritten, byConsent: e.byConsent, ...(e.group ? { group: true } : {}), ...(e.proposed ? { proposed: true } : {}), match: e.match })) })),
    warnings: reading.warnings.map((w) => ({ measure: w.measure, message: w.message, kind: w.kind })),
  };
}

/** The reading as `zvit plan parse --json` prints it (DESIGN of issue 4: goals → tasks → measures, warnings). */
export function readingJson(reading: PlanReading) {
  return {
    kind: 'plan',
    meta: reading.meta,
    schedule: reading.schedule,
    goals: reading.goals.map((g) => ({
      number: g.number,
      title: g.title,
      ...(g.implicit ? { implicit: true } : {}),
      tasks: g.tasks.map((t) => ({
        number: t.number,
        title: t.title,
        ...(t.implicit ? { implicit: true } : {}),
        measures: t.measures.map((m) => ({
          code: m.code,
          title: m.title,
          deadline: m.deadline,
          deadlineFrom: m.permanent ? null : m.deadlineFrom,
          deadlineTo: m.permanent ? null : m.deadlineTo,
          permanent: m.permanent,
          executors: m.executors.map((e) => ({
            organisationId: e.organisationId,
            name: e.name,
            asWritten: e.asWritten,
            byConsent: e.byConsent,
            ...(e.group ? { group: true } : {}),
            ...(e.proposed ? { proposed: true } : {}),
            match: e.match,
          })),
          attributes: m.attributes,
        })),
      })),
    })),
    warnings: reading.warnings.map((w) => ({ measure: w.measure, message: w.message, kind: w.kind })),
  };
}

/** The schedule a draft takes: the order's own, when it is by quarters or half-years. */
export function proposedSchedule(reading: PlanReading): ReportingSchedule {
  const s = reading.schedule;
  if (!s?.periodKind || !s.executorDueDay || s.executorDueDay > 28) return DEFAULT_SCHEDULE;
  const consolidation = s.consolidationDueDay && s.consolidationDueDay > s.executorDueDay && s.consolidationDueDay <= 28 ? s.consolidationDueDay : Math.min(28, s.executorDueDay + 5);
  return { ...DEFAULT_SCHEDULE, periodKind: s.periodKind, executorDueDay: s.executorDueDay, consolidationDueDay: consolidation };
}

// ---- importing as a draft plan ----------------------------------------------------------------

export interface DraftImportInput {
  bytes: Uint8Array;
  fileName: string;
  coordinatorOrganisationId: string;
  ownerOrganisationId: string;
}

export interface DraftImportResult {
  kind: 'plan';
  planId: string;
  measures: number;
  warnings: number;
  proposedOrganisations: string[];
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'plan';
}

/**
 * Creates a draft plan from an order. Executors the directory does not know become proposed
 * organisations (marked probable, for the coordinator to confirm or replace); importing the same
 * file again reuses them instead of duplicating them. The reading's warnings and each measure's
 * source text are kept with the draft for its review.
 */
export async function importDraftPlan(db: Db, clock: Clock, actor: AuditActor, input: DraftImportInput): Promise<DraftImportResult | ({ kind: 'amendment' } & AmendmentImportResult)> {
  const directory = await importDirectory(db);
  // Off the event loop, within a time and memory limit: one upload never stops everyone else.
  const read = await readOrderOffThread(input.bytes, directory);
  // An amending order becomes a prepared amendment of the plan it names.
  if (read.kind === 'amendment') return { kind: 'amendment', ...(await importAmendment(db, clock, actor, read, input)) };
  const reading = read;
  // A measure's text is at most 10,000 characters (as the form allows): longer means the table
  // was not read as a plan's table; refused before anything is written, not failed in the database.
  if (reading.goals.some((g) => g.tasks.some((t) => t.measures.some((m) => m.title.length > MAX_MEASURE_TITLE)))) throw new ImportError('too-long');
  const kind: 'text' | 'docx' | 'pdf' = looksLikePdf(input.bytes) ? 'pdf' : looksLikeZip(input.bytes) ? 'docx' : 'text';
  const sha = crypto.createHash('sha256').update(input.bytes).digest('hex');
  const today = localDateOf(clock.now());
  const start = reading.meta.start ?? today;
  const end = reading.meta.end && reading.meta.end >= start ? reading.meta.end : `${Number(start.slice(0, 4)) + 2}-12-31`;
  return writeTransaction(db, async (tx) => {
    const proposed = await proposedOrganisations(tx, clock, reading.goals.flatMap((g) => g.tasks.flatMap((t) => t.measures.flatMap((m) => m.executors))), { organisationId: input.ownerOrganisationId, legalNumber: reading.meta.legalNumber });
    const base = `draft-${slug(reading.meta.legalNumber ?? 'plan')}-${sha.slice(0, 8)}`;
    let planId = base;
    // Discarded drafts keep their ids: never reuse one.
    for (let n = 2; await planIdTaken(tx, planId); n++) planId = `${base}-${n}`;
    // The deadline warnings by measure, gathered once (not filtered again for every measure).
    const deadlineNotes = new Map<string, string[]>();
    for (const w of reading.warnings) if (w.kind === 'deadline' && w.measure) deadlineNotes.set(w.measure, [...(deadlineNotes.get(w.measure) ?? []), w.message]);
    const planInput: NewPlanInput = {
      id: planId,
      title: (reading.meta.title ?? input.fileName).slice(0, 1000),
      legal: { kind: 'розпорядження', issuer: reading.meta.issuer ?? '', number: reading.meta.legalNumber ?? '', date: reading.meta.legalDate ?? start },
      start,
      end,
      ownerOrganisationId: input.ownerOrganisationId,
      coordinatorOrganisationId: input.coordinatorOrganisationId,
      state: 'draft',
      // The order's own reporting schedule when it sets one Zvit keeps (quarters or half-years).
      schedule: proposedSchedule(reading),
      sourceNote: `Імпортовано з файлу «${input.fileName}»`,
      goals: reading.goals.map((g) => ({
        number: g.number,
        title: g.title,
        tasks: g.tasks.map((t) => ({
          number: t.number,
          title: t.title,
          measures: t.measures.map((m) => ({
            code: m.code,
            title: m.title,
            deadline: m.deadline,
            // Not understood: the plan's period, the order's words kept and the remark in the note.
            parsed: m.permanent || (m.deadlineFrom && m.deadlineTo) ? { from: m.deadlineFrom, to: m.deadlineTo, permanent: m.permanent } : { from: null, to: null, permanent: false },
            note: [(deadlineNotes.get(m.code) ?? []).join('; '), ...Object.entries(m.attributes).map(([k, v]) => `${k}: ${v.replace(/\s*\n\s*/g, '; ')}`)].filter(Boolean).join('\n').slice(0, 5000) || null,
            executors: m.executors.map((e) =>
              e.group
                ? { groupId: e.organisationId!, asWritten: e.asWritten, byConsent: e.byConsent }
                : { organisationId: e.organisationId ?? proposed.get(nameKey(e.name))!, asWritten: e.asWritten, byConsent: e.byConsent },
            ),
          })),
        })),
      })),
    };
    await createPlan(tx, clock, planInput);
    const sources = Object.fromEntries(reading.goals.flatMap((g) => g.tasks.flatMap((t) => t.measures.map((m) => [m.code, m.source]))));
    await repo.insertImport(tx, {
      plan_id: planId,
      file_name: input.fileName.slice(0, 300),
      file_sha256: sha,
      file_kind: kind,
      sources: JSON.stringify(sources),
      warnings: JSON.stringify(reading.warnings),
      imported_by: actor.userId,
      imported_at: clock.now().toISOString(),
    });
    const measures = Object.keys(sources).length;
    await recordEvent(tx, clock, actor, { action: 'plan.imported', targetType: 'plan', targetId: planId, details: { file: input.fileName.slice(0, 300), sha256: sha, measures, warnings: reading.warnings.length } });
    return { kind: 'plan' as const, planId, measures, warnings: reading.warnings.length, proposedOrganisations: [...new Set(proposed.values())] };
  });
}

export interface ImportRecord {
  fileName: string;
  fileKind: 'text' | 'docx' | 'pdf';
  importedAt: string;
  sources: Record<string, string>;
  warnings: { measure: string | null; kind: string; message: string }[];
}

/** The latest import behind a draft plan, for its review page. */
export async function latestImport(db: DbOrTx, planId: string): Promise<ImportRecord | null> {
  const rows = await repo.findImports(db, planId);
  const r = rows.at(-1);
  if (!r) return null;
  return { fileName: r.file_name, fileKind: r.file_kind, importedAt: r.imported_at, sources: JSON.parse(r.sources), warnings: JSON.parse(r.warnings) };
}
