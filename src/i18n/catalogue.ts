import { commonMessages } from './messages/common.ts';
import { authMessages } from './messages/auth.ts';
import { organisationsMessages } from './messages/organisations.ts';
import { plansMessages } from './messages/plans.ts';
import { indicatorsMessages } from './messages/indicators.ts';
import { amendmentsMessages } from './messages/amendments.ts';
import { reportsMessages } from './messages/reports.ts';
import { consolidationMessages } from './messages/consolidation.ts';
import { auditMessages } from './messages/audit.ts';
import { mailMessages } from './messages/mail.ts';
import { invitationsMessages } from './messages/invitations.ts';
import { feedMessages } from './messages/feed.ts';
import { homeMessages } from './messages/home.ts';
import { summaryMessages } from './messages/summary.ts';
import { documentTableMessages } from './messages/document-table.ts';
import { fillInMessages } from './messages/fill-in.ts';
import { lettersMessages } from './messages/letters.ts';
import { officialsMessages } from './messages/officials.ts';
import { statisticsMessages } from './messages/statistics.ts';
import { instructionsMessages } from './messages/instructions.ts';
import { publicMessages } from './messages/public.ts';
import { dashboardMessages } from './messages/dashboards.ts';
import type { MessageEntry } from './messages/entry.ts';

/**
 * Every user-facing string, in ICU MessageFormat: Ukrainian first, English second. Ukrainian
 * plurals use one / few / many / other ("1 захід", "3 заходи", "5 заходів", "1,5 заходу").
 * The messages live in `messages/`, one file per area; a key is defined in exactly one of them.
 */
export const catalogue = {
  ...commonMessages,
  ...authMessages,
  ...organisationsMessages,
  ...plansMessages,
  ...indicatorsMessages,
  ...amendmentsMessages,
  ...reportsMessages,
  ...consolidationMessages,
  ...auditMessages,
  ...mailMessages,
  ...invitationsMessages,
  ...feedMessages,
  ...homeMessages,
  ...documentTableMessages,
  ...fillInMessages,
  ...lettersMessages,
  ...summaryMessages,
  ...officialsMessages,
  ...statisticsMessages,
  ...instructionsMessages,
  ...publicMessages,
  ...dashboardMessages,
} as const satisfies Record<string, MessageEntry>;

/** Every part of the catalogue, for the test that no key is defined twice (one per line: parts are added by different changes). */
export const catalogueParts: readonly Record<string, MessageEntry>[] = [
  commonMessages,
  authMessages,
  organisationsMessages,
  plansMessages,
  indicatorsMessages,
  amendmentsMessages,
  reportsMessages,
  consolidationMessages,
  auditMessages,
  mailMessages,
  invitationsMessages,
  feedMessages,
  homeMessages,
  documentTableMessages,
  fillInMessages,
  lettersMessages,
  summaryMessages,
  officialsMessages,
  statisticsMessages,
  instructionsMessages,
  publicMessages,
  dashboardMessages,
];

export type MessageKey = keyof typeof catalogue;
