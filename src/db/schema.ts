import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ConsentAnswersTable, ConsolidationFilesTable, ConsolidationRegisteredFilesTable, ConsolidationTextsTable, ConsolidationVersionsTable, OrganisationOfficialsTable, ReportAttachmentsTable, ReportEntriesTable, ReportReviewsTable, ReportSubmissionsTable, ReportsTable } from './schema-reports.ts';
import type { StatFormsTable, StatReconciliationCommentsTable, StatReconciliationPeriodsTable, StatReconciliationProtocolsTable, StatReconciliationsTable, StatSubmissionVersionsTable, StatSubmissionsTable } from './schema-statistics.ts';
export * from './schema-reports.ts';
export * from './schema-statistics.ts';

/**
 * Table types as the application sees them on both dialects: local dates are "YYYY-MM-DD"
 * strings, instants ISO-8601 UTC strings, booleans 0/1 (see src/db/database.ts for the type
 * parsers that make PostgreSQL answer in the same shapes).
 */

export type Flag = 0 | 1;
export type LocalDateColumn = string;
export type InstantColumn = string;

export const ORGANISATION_KINDS = [
  'regional_administration',
  'department',
  'territorial_body',
  'institution',
  'district_administration',
  'community',
  'ngo',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const PLAN_STATES = ['draft', 'active', 'closed', 'archived'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

export const ROLES = ['executor', 'coordinator', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface OrganisationsTable {
  id: string;
  name: string;
  short_name: string | null;
  kind: OrganisationKind;
  parent_id: string | null;
  katottg: string | null;
  edrpou: string | null;
  by_consent: Flag;
  email: string | null;
  phone: string | null;
  contact_person: string | null;
  /** A body reporting by consent that chose to report by letter: not invited again unless asked. */
  declined_zvit_at: InstantColumn | null;
  declined_zvit_by: string | null;
  contact_position: string | null;
  /** The letterhead's postal address (0019). */
  address: string | null;
  merged_into: string | null;
  source_confidence: 'listed' | 'probable';
  note: string | null;
  search_text: string;
  created_at: InstantColumn;
  updated_at: InstantColumn;
}

export interface OrganisationNamesTable {
  id: Generated<number>;
  organisation_id: string;
  name: string;
  name_key: string;
  kind: 'former' | 'alias';
  valid_to: LocalDateColumn | null;
}

export interface ExecutorGroupsTable {
  id: string;
  name: string;
  description: string | null;
  owner_organisation_id: string;
  by_consent: Flag;
  search_text: string;
  created_at: InstantColumn;
  updated_at: InstantColumn;
}

export interface ExecutorGroupNamesTable {
  id: Generated<number>;
  group_id: string;
  name: string;
  name_key: string;
}

export interface ExecutorGroupMembersTable {
  group_id: string;
  organisation_id: string;
}

export interface PlansTable {
  id: string;
  title: string;
  short_title: string | null;
  legal_kind: string;
  legal_issuer: string;
  legal_number: string;
  legal_date: LocalDateColumn;
  start_date: LocalDateColumn;
  end_date: LocalDateColumn;
  owner_organisation_id: string;
  coordinator_organisation_id: string;
  state: PlanState;
  period_kind: 'half_year' | 'quarter';
  executor_due_day: number;
  consolidation_due_day: number;
  time_zone: string;
  move_weekend_deadlines: Flag;
  /** JSON: days before the executors' deadline on which reminders go ([7, 1]). */
  reminder_days: Generated<string>;
  /** The title and the issuer's position in the genitive, confirmed by the coordinator (documents' requisites). */
  title_genitive: string | null;
  issuer_genitive: string | null;
  /** The cover letter's addressee in the dative, as typed (0019). */
  letter_addressee: string | null;
  reports_to: string | null;
  controlled_by: string | null;
  source_note: string | null;
  created_at: InstantColumn;
  updated_at: InstantColumn;
  discarded_at: InstantColumn | null;
  copied_from: string | null;
  is_demo: Generated<Flag>;
  /** The two-level cycle (0026): organisations reporting through a district administration report to it first. */
  district_review: Generated<Flag>;
  /** The day of the month after the period by which they report to their district (null: the executors' day). */
  district_due_day: number | null;
}

export type AmendmentState = 'draft' | 'applied' | 'discarded';

export interface PlanAmendmentsTable {
  id: Generated<number>;
  plan_id: string;
  legal_kind: string;
  legal_number: string;
  legal_date: LocalDateColumn;
  effective_from: LocalDateColumn;
  note: string | null;
  state: AmendmentState;
  created_by: string | null;
  created_at: InstantColumn;
  applied_at: InstantColumn | null;
  discarded_at: InstantColumn | null;
}

export type AmendmentChangeKind = 'add' | 'edit' | 'remove';

export interface PlanAmendmentChangesTable {
  id: Generated<number>;
  amendment_id: number;
  kind: AmendmentChangeKind;
  measure_id: number | null;
  task_id: number | null;
  code: string | null;
  title: string | null;
  deadline_text: string | null;
  executors: string | null;
  created_at: InstantColumn;
  updated_at: InstantColumn;
}

export interface GoalsTable {
  id: Generated<number>;
  plan_id: string;
  number: number;
  title: string;
}

export interface TasksTable {
  id: Generated<number>;
  goal_id: number;
  number: number;
  title: string;
}

export interface MeasuresTable {
  id: Generated<number>;
  plan_id: string;
  created_at: InstantColumn;
}

export interface MeasureVersionsTable {
  id: Generated<number>;
  measure_id: number;
  plan_id: string;
  task_id: number;
  amendment_id: number | null;
  valid_from: LocalDateColumn;
  valid_to: LocalDateColumn | null;
  code: string;
  number: number;
  title: string;
  deadline_text: string | null;
  deadline_from: LocalDateColumn | null;
  deadline_to: LocalDateColumn | null;
  permanent: Flag;
  deadline_note: 'not_stated' | null;
  note: string | null;
  search_text: string;
  created_at: InstantColumn;
}

export interface MeasureExecutorsTable {
  measure_version_id: number;
  position: number;
  organisation_id: string | null;
  group_id: string | null;
  is_lead: Flag;
  by_consent: Flag;
  as_written: string | null;
}

export interface IndicatorsTable {
  id: Generated<number>;
  plan_id: string;
  measure_id: number | null;
  code: string;
  name: string;
  unit: string;
  kind: 'count' | 'sum' | 'money' | 'boolean';
  aggregation: 'per_period' | 'cumulative_latest';
  target: string | number | null;
  sensitive: Flag;
  additive_across_kinds: Flag;
  position: number;
  /** A sensitive value below it is hidden in anything published (0010). */
  suppression_threshold: Generated<number>;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  organisation_id: string;
  password_hash: string | null;
  totp_secret: string | null;
  locale: 'uk' | 'en' | null;
  disabled_at: InstantColumn | null;
  is_demo: Flag;
  created_at: InstantColumn;
  updated_at: InstantColumn;
  totp_enrolled_at: InstantColumn | null;
  totp_last_step: number | null;
  password_changed_at: InstantColumn | null;
  last_sign_in_at: InstantColumn | null;
  /** JSON: kinds of message the user does not want by e-mail (never the essential ones). */
  mail_muted: Generated<string>;
  /** The official's phone and position, for the executor line of documents they prepare (0019). */
  phone: string | null;
  position: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  second_factor_ok: Flag;
  created_at: InstantColumn;
  last_seen_at: InstantColumn;
  expires_at: InstantColumn;
  ip: string | null;
  user_agent: string | null;
}

export type TokenPurpose = 'invitation' | 'password_reset';

export interface UserTokensTable {
  id: string;
  user_id: string;
  purpose: TokenPurpose;
  created_by: string | null;
  created_at: InstantColumn;
  expires_at: InstantColumn;
  used_at: InstantColumn | null;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: InstantColumn | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: InstantColumn;
  locked_until: InstantColumn | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: InstantColumn;
  actor_user_id: string | null;
  actor_email: string | null;
  actor_organisation_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: string;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface RoleGrantsTable {
  user_id: string;
  role: Role;
  organisation_id: string;
  granted_at: InstantColumn;
}

/** A file of contacts read and shown for checking, applied only when its uploader confirms. */
export interface ContactImportsTable {
  id: string;
  user_id: string;
  file_name: string;
  /** JSON: the rows as read (cells by field). */
  rows: string;
  created_at: InstantColumn;
}

export interface PlanImportsTable {
  id: Generated<number>;
  plan_id: string;
  file_name: string;
  file_sha256: string;
  file_kind: 'text' | 'docx' | 'pdf';
  sources: string;
  warnings: string;
  imported_by: string | null;
  imported_at: InstantColumn;
}

export interface StoredFilesTable {
  id: string;
  content: Buffer;
  size: number;
  sha256: string;
  media_type: string;
  created_at: InstantColumn;
}

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'skipped';

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  params: string;
  dedupe_key: string | null;
  user_id: string | null;
  organisation_id: string | null;
  to_address: string;
  to_name: string | null;
  locale: 'uk' | 'en';
  message_id: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: InstantColumn;
  claimed_by: string | null;
  claimed_at: InstantColumn | null;
  subject: string | null;
  sent_at: InstantColumn | null;
  smtp_response: string | null;
  last_error: string | null;
  read_at: InstantColumn | null;
  created_at: InstantColumn;
  /** One file the message carries (0020): a stored file's id, and its name in the letter. */
  attachment_file_id: string | null;
  attachment_name: string | null;
}

/** A user's secret calendar link, kept as the SHA-256 of its token (0016). */
export interface CalendarFeedsTable {
  token_hash: string;
  user_id: string;
  created_at: InstantColumn;
  revoked_at: InstantColumn | null;
}

export interface InstallationTable {
  key: string;
  value: string;
}

export type InstructionKind = 'explain' | 'act' | 'extend';
export type InstructionState = 'issued' | 'answered' | 'closed';

/** A control instruction (доручення, 0023, issue 17). */
export interface InstructionsTable {
  id: Generated<number>;
  plan_id: string;
  period_key: string;
  measure_id: number | null;
  organisation_id: string;
  kind: InstructionKind;
  text: string;
  due_date: string;
  extend_to: string | null;
  state: Generated<InstructionState>;
  revision: Generated<number>;
  issued_by: string;
  on_behalf: Generated<number>;
  issued_at: InstantColumn;
  answer: string | null;
  answered_by: string | null;
  answered_at: InstantColumn | null;
  close_note: string | null;
  closed_by: string | null;
  closed_at: InstantColumn | null;
}

/** A plan's public page while it is published (0024, issue 17). */
export interface PlanPublicationsTable {
  plan_id: string;
  public_note: Generated<string>;
  published_by: string | null;
  published_at: InstantColumn;
  revision: Generated<number>;
}

export interface Database {
  organisations: OrganisationsTable;
  organisation_names: OrganisationNamesTable;
  executor_groups: ExecutorGroupsTable;
  executor_group_members: ExecutorGroupMembersTable;
  executor_group_names: ExecutorGroupNamesTable;
  plans: PlansTable;
  plan_amendments: PlanAmendmentsTable;
  plan_amendment_changes: PlanAmendmentChangesTable;
  goals: GoalsTable;
  tasks: TasksTable;
  measures: MeasuresTable;
  measure_versions: MeasureVersionsTable;
  measure_executors: MeasureExecutorsTable;
  indicators: IndicatorsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  installation: InstallationTable;
  outbox: OutboxTable;
  calendar_feeds: CalendarFeedsTable;
  plan_imports: PlanImportsTable;
  contact_imports: ContactImportsTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  recovery_codes: RecoveryCodesTable;
  login_throttle: LoginThrottleTable;
  audit_events: AuditEventsTable;
  stored_files: StoredFilesTable;
  stat_forms: StatFormsTable;
  instructions: InstructionsTable;
  plan_publications: PlanPublicationsTable;
  stat_submissions: StatSubmissionsTable;
  stat_submission_versions: StatSubmissionVersionsTable;
  stat_reconciliations: StatReconciliationsTable;
  stat_reconciliation_periods: StatReconciliationPeriodsTable;
  stat_reconciliation_comments: StatReconciliationCommentsTable;
  stat_reconciliation_protocols: StatReconciliationProtocolsTable;
  reports: ReportsTable;
  report_entries: ReportEntriesTable;
  report_submissions: ReportSubmissionsTable;
  report_attachments: ReportAttachmentsTable;
  report_reviews: ReportReviewsTable;
  consent_answers: ConsentAnswersTable;
  consolidation_versions: ConsolidationVersionsTable;
  consolidation_files: ConsolidationFilesTable;
  consolidation_registered_files: ConsolidationRegisteredFilesTable;
  organisation_officials: OrganisationOfficialsTable;
  consolidation_texts: ConsolidationTextsTable;
  data_epochs: DataEpochsTable;
}

/** A counter per kind of rarely changing data, advanced by triggers on its tables (src/db/epochs.ts). */
export interface DataEpochsTable {
  name: string;
  epoch: number;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type ExecutorGroup = Selectable<ExecutorGroupsTable>;
export type Plan = Selectable<PlansTable>;
export type PlanAmendment = Selectable<PlanAmendmentsTable>;
export type PlanAmendmentChange = Selectable<PlanAmendmentChangesTable>;
export type MeasureVersion = Selectable<MeasureVersionsTable>;
export type MeasureExecutor = Selectable<MeasureExecutorsTable>;
export type User = Selectable<UsersTable>;
export type Report = Selectable<ReportsTable>;
export type ReportEntry = Selectable<ReportEntriesTable>;
export type ReportSubmission = Selectable<ReportSubmissionsTable>;
export type ReportAttachment = Selectable<ReportAttachmentsTable>;
