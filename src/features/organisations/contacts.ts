import crypto from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { CONTACT_FIELDS, cleanLine, validateContact, type ContactField, type ContactProblem } from '../../domain/contacts.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';
import { readContactFile, type ContactColumn, type ContactFile, type ContactFileRow } from './contacts-file.ts';
import * as repo from './repository.ts';
import { loadDirectory, nameKey, type Directory, type OrganisationView } from './service.ts';

export { ContactFileError, MAX_CONTACT_FILE_BYTES, MAX_CONTACT_ROWS, type ContactFileProblem } from './contacts-file.ts';

/**
 * Contacts imported from a file (issue 14): the file is read and each row matched to the
 * directory and checked; the preview is kept on the server for its uploader only
 * (`contact_imports`), and nothing in the directory changes until they confirm. Confirming
 * matches and checks the rows again against the directory as it is then, and writes the valid
 * ones in one transaction with one audit event. See docs/decisions/0025-contacts-import-kept-on-the-server.md.
 */

/** A waiting file is forgotten after this long. */
export const CONTACT_IMPORT_TTL_MS = 60 * 60 * 1000;

export type RowProblem = 'notFound' | 'ambiguous' | 'conflict' | 'notMaintained' | 'duplicate' | 'merged' | 'nothing';
export type RowFieldProblem = ContactProblem | 'formulaCell';

export interface ContactChange {
  field: ContactField;
  from: string | null;
  to: string;
}

export interface PreviewRow {
  line: number;
  /** How the file names the organisation (its name, else its code). */
  asWritten: string;
  organisation: { id: string; name: string } | null;
  changes: ContactChange[];
  /** Problems of the row as a whole. */
  problems: RowProblem[];
  /** Problems of single cells. */
  fieldProblems: Partial<Record<ContactField, RowFieldProblem>>;
  state: 'change' | 'same' | 'error';
}

export interface ContactPreview {
  id: string;
  fileName: string;
  columns: ContactColumn[];
  rows: PreviewRow[];
  counts: { change: number; same: number; error: number };
}

/** The organisations a row names: by ЄДРПОУ, else КАТОТТГ, else name (aliases and former names too). */
function matchRow(directory: Directory, cells: ContactFileRow['cells']): { ids: string[]; by: 'edrpou' | 'katottg' | 'name' | null; conflict: boolean } {
  const live = directory.organisations.filter((o) => !o.mergedInto);
  const edrpou = cleanLine(cells.edrpou).replace(/\s/g, '');
  const katottg = cleanLine(cells.katottg).replace(/\s/g, '').toUpperCase();
  const name = cleanLine(cells.name);
  const byName = (): string[] => {
    if (!name) return [];
    const key = nameKey(name);
    const found = directory.organisations.filter((o) => nameKey(o.name) === key || (o.shortName && nameKey(o.shortName) === key) || o.aliases.some((a) => nameKey(a) === key) || o.formerNames.some((f) => nameKey(f.name) === key));
    // A merged organisation's names lead to its successor.
    return [...new Set(found.map((o) => o.mergedInto ?? o.id))];
  };
  const candidates: { by: 'edrpou' | 'katottg'; ids: string[] }[] = [];
  if (/^\d{8}$/.test(edrpou)) candidates.push({ by: 'edrpou', ids: live.filter((o) => o.edrpou === edrpou).map((o) => o.id) });
  if (/^UA\d{17}$/.test(katottg)) candidates.push({ by: 'katottg', ids: live.filter((o) => o.katottg === katottg).map((o) => o.id) });
  for (const c of candidates) {
    if (c.ids.length === 0) continue;
    // A code and a name that name two different organisations: neither is believed.
    const named = byName();
    const conflict = c.ids.length === 1 && named.length > 0 && !named.includes(c.ids[0]!);
    return { ids: c.ids, by: c.by, conflict };
  }
  const ids = byName();
  return { ids, by: ids.length ? 'name' : null, conflict: false };
}

function asWritten(cells: ContactFileRow['cells']): string {
  return cleanLine(cells.name) || cleanLine(cells.edrpou) || cleanLine(cells.katottg) || '—';
}

/** Each row of a file matched, checked and compared with the directory as it stands. */
export function previewRows(directory: Directory, maintained: ReadonlySet<string>, file: Pick<ContactFile, 'rows' | 'columns'>): PreviewRow[] {
  const rows = file.rows.map((row): PreviewRow & { orgId: string | null } => {
    const problems: RowProblem[] = [];
    const match = matchRow(directory, row.cells);
    let organisation: OrganisationView | undefined;
    if (match.ids.length === 0) problems.push('notFound');
    else if (match.ids.length > 1) problems.push('ambiguous');
    else if (match.conflict) problems.push('conflict');
    else {
      organisation = directory.organisation(match.ids[0]!);
      if (!organisation) problems.push('notFound');
      else if (organisation.mergedInto) problems.push('merged');
      else if (!maintained.has(organisation.id)) problems.push('notMaintained');
    }
    const fieldProblems: PreviewRow['fieldProblems'] = {};
    const present = CONTACT_FIELDS.filter((f) => file.columns.includes(f));
    const checked = validateContact({ contactPerson: row.cells.contactPerson ?? '', contactPosition: row.cells.contactPosition ?? '', email: row.cells.email ?? '', phone: row.cells.phone ?? '' });
    Object.assign(fieldProblems, checked.errors);
    for (const f of row.formulas) if ((CONTACT_FIELDS as readonly string[]).includes(f)) fieldProblems[f as ContactField] = 'formulaCell';
    // An empty cell changes nothing: a file need not repeat what the directory already holds.
    const changes: ContactChange[] = [];
    if (organisation && problems.length === 0) {
      for (const f of present) {
        const to = checked.value[f];
        if (fieldProblems[f] || to === null || to === organisation[f]) continue;
        changes.push({ field: f, from: organisation[f], to });
      }
    }
    if (present.every((f) => !row.cells[f]) && row.formulas.length === 0) problems.push('nothing');
    // The directory is everyone's to read: an organisation outside the user's part is named, not changed.
    const visible = organisation ? { id: organisation.id, name: organisation.name } : null;
    return { line: row.line, asWritten: asWritten(row.cells), organisation: visible, orgId: organisation && problems.length === 0 ? organisation.id : null, changes, problems, fieldProblems, state: 'same' };
  });
  // Two rows for one organisation: which one is right is the department's to say, not ours.
  const count = new Map<string, number>();
  for (const r of rows) if (r.orgId) count.set(r.orgId, (count.get(r.orgId) ?? 0) + 1);
  return rows.map(({ orgId, ...r }) => {
    if (orgId && (count.get(orgId) ?? 0) > 1) {
      r.problems.push('duplicate');
      r.changes = [];
    }
    const error = r.problems.length > 0 || Object.keys(r.fieldProblems).length > 0;
    return { ...r, changes: error ? [] : r.changes, state: error ? 'error' : r.changes.length ? 'change' : 'same' };
  });
}

function counts(rows: PreviewRow[]): ContactPreview['counts'] {
  return { change: rows.filter((r) => r.state === 'change').length, same: rows.filter((r) => r.state === 'same').length, error: rows.filter((r) => r.state === 'error').length };
}

interface StoredFile {
  columns: ContactColumn[];
  rows: ContactFileRow[];
}

/**
 * Reads an uploaded file and keeps it for its uploader (replacing any earlier one of theirs);
 * the preview of what confirming it would change. Throws ContactFileError for a file that cannot be read.
 */
export async function previewContactFile(db: Db, clock: Clock, userId: string, directory: Directory, maintained: ReadonlySet<string>, upload: { bytes: Uint8Array; fileName: string }): Promise<ContactPreview> {
  const file = await readContactFile(upload.bytes);
  const id = crypto.randomBytes(16).toString('hex');
  const fileName = cleanLine(upload.fileName).slice(0, 200) || 'contacts';
  const now = clock.now();
  const stored: StoredFile = { columns: file.columns, rows: file.rows };
  await repo.deleteStaleContactImports(db, userId, new Date(now.getTime() - CONTACT_IMPORT_TTL_MS).toISOString());
  await repo.insertContactImport(db, { id, user_id: userId, file_name: fileName, rows: JSON.stringify(stored), created_at: now.toISOString() });
  const rows = previewRows(directory, maintained, file);
  return { id, fileName, columns: file.columns, rows, counts: counts(rows) };
}

/** The preview of a waiting file of the user's, against the directory as it is now; null if there is none. */
export async function contactImportPreview(db: Db, clock: Clock, userId: string, id: string, maintained: (d: Directory) => Promise<ReadonlySet<string>>): Promise<ContactPreview | null> {
  if (!/^[0-9a-f]{32}$/.test(id)) return null;
  const since = new Date(clock.now().getTime() - CONTACT_IMPORT_TTL_MS).toISOString();
  const row = await repo.findContactImport(db, id, userId, since);
  if (!row) return null;
  const stored = JSON.parse(row.rows) as StoredFile;
  const directory = await loadDirectory(db);
  const rows = previewRows(directory, await maintained(directory), stored);
  return { id, fileName: row.file_name, columns: stored.columns, rows, counts: counts(rows) };
}

export type ConfirmResult = { applied: number; skipped: number } | 'gone';

/**
 * Applies a waiting file of the user's: its rows matched and checked again against the directory
 * as it is now, the valid changes written in one transaction with one audit event; the file is
 * then forgotten. 'gone' when there is no such file (expired, another user's, or already applied).
 */
export async function confirmContactImport(db: Db, clock: Clock, actor: AuditActor & { userId: string }, id: string, maintained: (d: Directory) => Promise<ReadonlySet<string>>): Promise<ConfirmResult> {
  const preview = await contactImportPreview(db, clock, actor.userId, id, maintained);
  if (!preview) return 'gone';
  return writeTransaction(db, async (tx) => {
    // Taken once: a second confirmation (a double click, another tab) finds nothing to apply.
    if ((await repo.deleteContactImport(tx, id, actor.userId)) === 0) return 'gone' as const;
    const now = clock.now().toISOString();
    const applied = preview.rows.filter((r) => r.state === 'change');
    for (const row of applied) {
      const set: Record<string, string> = {};
      for (const c of row.changes) set[COLUMN_OF[c.field]] = c.to;
      await repo.updateOrganisationRow(tx, row.organisation!.id, { ...set, updated_at: now });
    }
    await recordEvent(tx, clock, actor, {
      action: 'organisation.contacts_imported',
      targetType: 'directory',
      targetId: null,
      details: {
        file: preview.fileName,
        applied: applied.length,
        unchanged: preview.counts.same,
        refused: preview.counts.error,
        // Which fields of which organisations changed, never the values.
        organisations: Object.fromEntries(applied.map((r) => [r.organisation!.id, r.changes.map((c) => c.field)])),
      },
    });
    return { applied: applied.length, skipped: preview.counts.error };
  });
}

const COLUMN_OF: Record<ContactField, 'contact_person' | 'contact_position' | 'email' | 'phone'> = {
  contactPerson: 'contact_person',
  contactPosition: 'contact_position',
  email: 'email',
  phone: 'phone',
};
