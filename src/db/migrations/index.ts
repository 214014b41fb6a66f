import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_accounts.ts';
import * as m0003 from './0003_group_names.ts';
import * as m0004 from './0004_plan_imports.ts';
import * as m0005 from './0005_plan_discarded.ts';
import * as m0006 from './0006_plan_lifecycle.ts';
import * as m0007 from './0007_reports.ts';
import * as m0008 from './0008_reviews.ts';
import * as m0009 from './0009_consolidations.ts';
import * as m0010 from './0010_publication_and_texts.ts';
import * as m0014 from './0014_outbox.ts';
import * as m0015 from './0015_contact_position.ts';
import * as m0016 from './0016_calendar_feeds.ts';
import * as m0017 from './0017_invitations.ts';
import * as m0018 from './0018_document_requisites.ts';
import * as m0019 from './0019_document_people.ts';
import * as m0020 from './0020_mail_attachments.ts';
import * as m0021 from './0021_statistics.ts';
import * as m0022 from './0022_reconciliations.ts';
import * as m0023 from './0023_instructions.ts';
import * as m0024 from './0024_plan_publications.ts';
import * as m0025 from './0025_submission_search.ts';
import * as m0026 from './0026_district_review.ts';
import * as m0027 from './0027_pdf_imports.ts';
import * as m0028 from './0028_data_epochs.ts';
import * as m0029 from './0029_submission_stated_measures.ts';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_accounts': m0002,
  '0003_group_names': m0003,
  '0004_plan_imports': m0004,
  '0005_plan_discarded': m0005,
  '0006_plan_lifecycle': m0006,
  '0007_reports': m0007,
  '0008_reviews': m0008,
  '0009_consolidations': m0009,
  '0010_publication_and_texts': m0010,
  '0014_outbox': m0014,
  '0015_contact_position': m0015,
  '0016_calendar_feeds': m0016,
  '0017_invitations': m0017,
  '0018_document_requisites': m0018,
  '0019_document_people': m0019,
  '0020_mail_attachments': m0020,
  '0021_statistics': m0021,
  '0022_reconciliations': m0022,
  '0023_instructions': m0023,
  '0024_plan_publications': m0024,
  '0025_submission_search': m0025,
  '0026_district_review': m0026,
  '0027_pdf_imports': m0027,
  '0028_data_epochs': m0028,
  '0029_submission_stated_measures': m0029,
};
