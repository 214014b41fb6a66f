import type { Generated } from 'kysely';
import type { InstantColumn } from './schema.ts';

/** The tables of statistical forms and reconciliations (issue 16; schema.ts gathers them into `Database`). */

/** A plan's statistical form (0021, issue 16); `definition`, `submitters`, `measures` are JSON. */
export interface StatFormsTable {
  id: Generated<number>;
  plan_id: string;
  key: string;
  title: string;
  definition: string;
  submitters: string;
  measures: Generated<string>;
  period_kind: Generated<'quarter' | 'half_year'>;
  due_day: Generated<number>;
  sort: Generated<number>;
  created_at: InstantColumn;
  updated_at: InstantColumn;
}

export type StatSubmissionState = 'draft' | 'submitted' | 'returned' | 'accepted';

/** One organisation's figures for a form and period; `figures` is JSON (cell id → whole number). */
export interface StatSubmissionsTable {
  id: Generated<number>;
  form_id: number;
  period_key: string;
  organisation_id: string;
  state: Generated<StatSubmissionState>;
  figures: Generated<string>;
  revision: Generated<number>;
  saved_by: string | null;
  review_comment: string | null;
  reviewed_by: string | null;
  created_at: InstantColumn;
  updated_at: InstantColumn;
  submitted_at: InstantColumn | null;
  reviewed_at: InstantColumn | null;
}

export interface StatSubmissionVersionsTable {
  id: Generated<number>;
  submission_id: number;
  number: number;
  figures: string;
  submitted_by: string | null;
  submitted_at: InstantColumn;
}

/** Two forms' sources compared each period (0022); `definition` is JSON (see statistics/reconciliation.ts). */
export interface StatReconciliationsTable {
  id: Generated<number>;
  plan_id: string;
  key: string;
  title: string;
  definition: string;
  created_at: InstantColumn;
}

export interface StatReconciliationPeriodsTable {
  id: Generated<number>;
  reconciliation_id: number;
  period_key: string;
  state: Generated<'open' | 'closed'>;
  left_confirmed_at: InstantColumn | null;
  left_confirmed_by: string | null;
  left_version: number | null;
  left_saw_right: number | null;
  right_confirmed_at: InstantColumn | null;
  right_confirmed_by: string | null;
  right_version: number | null;
  right_saw_left: number | null;
  closed_at: InstantColumn | null;
  revision: Generated<number>;
  created_at: InstantColumn;
  updated_at: InstantColumn;
}

export interface StatReconciliationCommentsTable {
  id: Generated<number>;
  period_id: number;
  row_key: string;
  organisation_id: string;
  user_id: string | null;
  text: string;
  created_at: InstantColumn;
}

export interface StatReconciliationProtocolsTable {
  id: Generated<number>;
  period_id: number;
  number: number;
  file_id: string;
  sha256: string;
  created_at: InstantColumn;
}
