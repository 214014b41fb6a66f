import type { DbOrTx } from '../../db/database.ts';
import type { ImportDirectory } from '../../domain/plan-import/executors.ts';
import { NotAPlanError, readPlan, type PlanReading } from '../../domain/plan-import/reading.ts';
import { readTextTable } from '../../domain/plan-import/text-table.ts';
import { loadDirectory } from '../organisations/service.ts';

/** Orders larger than this are refused before anything is read (a plan is a few hundred KB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ImportProblem = 'empty' | 'too-large' | 'not-text' | 'docx-not-yet' | 'no-goal' | 'no-measure';

export class ImportError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem);
    this.name = 'ImportError';
  }
}

/** The directory as the importer matches against it: names, short names and every alias. */
export async function importDirectory(db: DbOrTx): Promise<ImportDirectory> {
  const d = await loadDirectory(db);
  return {
    organisations: d.organisations.map((o) => ({ id: o.id, name: o.name, shortName: o.shortName, aliases: [...o.aliases, ...o.formerNames.map((f) => f.name)], byConsent: o.byConsent })),
    groups: d.groups.map((g) => ({ id: g.id, name: g.name, aliases: g.aliases, byConsent: g.byConsent })),
  };
}

function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Reads an order (text as published) into a plan reading, touching no database. The file's
 * content decides what it is, never its name.
 */
export function readOrder(bytes: Uint8Array, directory: ImportDirectory): PlanReading {
  if (bytes.length === 0) throw new ImportError('empty');
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError('too-large');
  if (looksLikeZip(bytes)) throw new ImportError('docx-not-yet');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError('not-text');
  }
  if (text.includes('\u0000')) throw new ImportError('not-text');
  if (text.trim() === '') throw new ImportError('empty');
  const table = readTextTable(text);
  try {
    return readPlan(table.rows, table.preamble, directory);
  } catch (err) {
    if (err instanceof NotAPlanError) throw new ImportError(err.reason === 'empty' || err.reason === 'no-goal' ? 'no-goal' : 'no-measure');
    throw err;
  }
}

/** The reading as `zvit plan parse --json` prints it (DESIGN of issue 4: goals → tasks → measures, warnings). */
export function readingJson(reading: PlanReading) {
  return {
    meta: reading.meta,
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
        })),
      })),
    })),
    warnings: reading.warnings.map((w) => ({ measure: w.measure, message: w.message, kind: w.kind })),
  };
}
