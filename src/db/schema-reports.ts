import type { Generated } from 'kysely';
import type { Flag, InstantColumn, LocalDateColumn } from './schema.ts';

/** The tables of reports, their reviews, consolidations and the officials who sign them (schema.ts gathers them into `Database`). */

export const REPORT_STATES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportState = (typeof REPORT_STATES)[number];
export const ENTRY_STATES = ['done', 'in_progress', 'not_done', 'not_held'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

export interface ReportsTable {
  id: Generated<number>;
  plan_id: string;
  organisation_id: string;
  period_key: string;
  state: ReportState;
  on_behalf: Flag;
  letter_number: string | null;
  letter_date: LocalDateColumn | null;
  created_by: string | null;
  created_at: InstantColumn;
  updated_at: InstantColumn;
  submitted_at: InstantColumn | null;
  reviewed_at: InstantColumn | null;
  /** The two-level cycle (0026): when the district accepted the standing submission and passed it on, and who. */
  forwarded_at: InstantColumn | null;
  forwarded_by: string | null;
}

export type ReviewDecision = 'accepted' | 'returned' | 'reopened';
export interface ReportReviewsTable {
  id: Generated<number>;
  report_id: number;
  submission_id: number;
  decision: ReviewDecision;
  comment: Generated<string>;
  measure_comments: Generated<string>;
  reviewed_by: string | null;
  reviewed_at: InstantColumn;
}

export type ConsentAnswer = 'asked' | 'declined' | 'no_answer';
export interface ConsentAnswersTable {
  id: Generated<number>;
  plan_id: string;
  period_key: string;
  organisation_id: string;
  answer: ConsentAnswer;
  note: Generated<string>;
  recorded_by: string | null;
  recorded_at: InstantColumn;
}

export type ConsolidationState = 'draft' | 'approved' | 'signed' | 'sent';
export interface ConsolidationVersionsTable {
  id: Generated<number>;
  plan_id: string;
  period_key: string;
  number: number;
  state: Generated<ConsolidationState>;
  texts: Generated<string>;
  snapshot: string | null;
  created_by: string | null;
  created_at: InstantColumn;
  updated_at: InstantColumn;
  approved_by: string | null;
  approved_at: InstantColumn | null;
  supervisor_comment: string | null;
  signed_by: string | null;
  signed_at: InstantColumn | null;
  sent_number: string | null;
  sent_date: LocalDateColumn | null;
  signatory: string | null;
  sent_at: InstantColumn | null;
  /** Moved by every change of the version or its texts (0010). */
  /** The supervisor returned it with remarks (in supervisor_comment) instead of signing it off. */
  returned_at: InstantColumn | null;
  returned_by: string | null;
  revision: Generated<number>;
  /** The signatory chosen before approval (an official of the coordinator's organisation) and the preparer, frozen with the version (0019). */
  signatory_official_id: number | null;
  signatory_position: string | null;
  signatory_name: string | null;
  preparer_name: string | null;
  preparer_phone: string | null;
  /** The request the information answers ("На № … від …"), if any (0019). */
  request_number: string | null;
  request_date: LocalDateColumn | null;
  /** When the registered files (with the outgoing number and date) were made (0019). */
  registered_at: InstantColumn | null;
}

/** The coordinator's text of one measure in one version (0010). */
export interface ConsolidationTextsTable {
  version_id: number;
  measure_id: number;
  summary: Generated<string>;
  state: 'done' | 'in_progress' | 'not_done' | 'not_held' | null;
  public_text: Generated<string>;
  public_approved_by: string | null;
  public_approved_at: InstantColumn | null;
  revision: Generated<number>;
  updated_by: string | null;
  updated_at: InstantColumn;
}

export interface ConsolidationFilesTable {
  id: Generated<number>;
  version_id: number;
  format: 'docx' | 'xlsx' | 'pdf' | 'letter';
  file_id: string;
  file_name: string;
  created_at: InstantColumn;
}

/** The second frozen set of a sent version: its files with the outgoing number and date typed in (0019). */
export interface ConsolidationRegisteredFilesTable {
  id: Generated<number>;
  version_id: number;
  format: 'docx' | 'xlsx' | 'pdf' | 'letter';
  file_id: string;
  file_name: string;
  created_at: InstantColumn;
}

/** An organisation's officials as the directory keeps them: the signatories of its documents (0019). */
export interface OrganisationOfficialsTable {
  id: Generated<number>;
  organisation_id: string;
  position: string;
  given_name: string;
  surname: string;
  phone: string | null;
  sort: Generated<number>;
  archived_at: InstantColumn | null;
  created_at: InstantColumn;
  updated_at: InstantColumn;
}

export interface ReportEntriesTable {
  id: Generated<number>;
  report_id: number;
  measure_id: number;
  measure_version_id: number;
  state: EntryState | null;
  reason: string | null;
  narrative: string;
  links: string;
  indicator_values: string;
  version: number;
  updated_by: string | null;
  updated_at: InstantColumn;
}

export interface ReportSubmissionsTable {
  id: Generated<number>;
  report_id: number;
  number: number;
  submitted_at: InstantColumn;
  submitted_by: string | null;
  late: Flag;
  on_behalf: Flag;
  snapshot: string;
  withdrawn_at: InstantColumn | null;
  /** The snapshot's words (narratives, reasons, links), normalised for search (0025); null only before it is filled. */
  search_text: string | null;
  /** The measures the snapshot gives a state to, "12,15,31" (0029; src/domain/snapshot-summary.ts). */
  stated_measures: string | null;
}

export interface ReportAttachmentsTable {
  id: Generated<number>;
  report_id: number;
  measure_id: number | null;
  purpose: 'entry' | 'letter';
  file_id: string;
  file_name: string;
  media_type: string;
  size: number;
  created_by: string | null;
  created_at: InstantColumn;
  removed_at: InstantColumn | null;
}
