import { compareLocalDates, type LocalDate } from './dates.ts';

/**
 * What a coordinator should look at before a draft plan comes into force, computed from the draft
 * as it stands (an import's own warnings are about the reading; these are about the result).
 * `blocking` problems stop activation: a measure nobody executes cannot be reported on.
 */

export type PlanCheckKind =
  | 'noMeasures'
  | 'noExecutors'
  | 'deadlineBeforeStart'
  | 'deadlineAfterEnd'
  | 'deadlineNotStated'
  | 'probableExecutor'
  | 'mergedExecutor'
  | 'emptyGroup';

export interface PlanCheck {
  /** The measure's code; null for the plan as a whole. */
  measure: string | null;
  kind: PlanCheckKind;
  blocking: boolean;
  /** The organisation or group concerned, by id. */
  subject?: string;
}

export interface CheckedMeasure {
  code: string;
  deadlineFrom: LocalDate | null;
  deadlineTo: LocalDate | null;
  permanent: boolean;
  deadlineNote: 'not_stated' | null;
  executors: readonly { type: 'organisation' | 'group'; id: string }[];
}

export interface CheckedDirectory {
  organisation(id: string): { sourceConfidence: 'listed' | 'probable'; mergedInto: string | null } | undefined;
  group(id: string): { memberIds: readonly string[] } | undefined;
}

export function checkPlan(plan: { start: LocalDate; end: LocalDate }, measures: readonly CheckedMeasure[], directory: CheckedDirectory): PlanCheck[] {
  const checks: PlanCheck[] = [];
  if (measures.length === 0) checks.push({ measure: null, kind: 'noMeasures', blocking: true });
  for (const m of measures) {
    if (m.executors.length === 0) checks.push({ measure: m.code, kind: 'noExecutors', blocking: true });
    if (m.deadlineNote === 'not_stated') checks.push({ measure: m.code, kind: 'deadlineNotStated', blocking: false });
    else if (!m.permanent && m.deadlineTo && compareLocalDates(m.deadlineTo, plan.start) < 0) checks.push({ measure: m.code, kind: 'deadlineBeforeStart', blocking: false });
    else if (!m.permanent && m.deadlineFrom && compareLocalDates(m.deadlineFrom, plan.end) > 0) checks.push({ measure: m.code, kind: 'deadlineAfterEnd', blocking: false });
    for (const e of m.executors) {
      if (e.type === 'group') {
        if (directory.group(e.id)?.memberIds.length === 0) checks.push({ measure: m.code, kind: 'emptyGroup', blocking: false, subject: e.id });
        continue;
      }
      const o = directory.organisation(e.id);
      if (o?.mergedInto) checks.push({ measure: m.code, kind: 'mergedExecutor', blocking: false, subject: e.id });
      else if (o?.sourceConfidence === 'probable') checks.push({ measure: m.code, kind: 'probableExecutor', blocking: false, subject: e.id });
    }
  }
  return checks;
}
