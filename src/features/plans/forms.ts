import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../db/schema.ts';
import type { AuditActor } from '../audit/service.ts';
import { ensureOrganisationNamed, type Directory } from '../organisations/service.ts';
import { deadlineLabel } from './views.tsx';
import type { PlanDetailsInput } from './lifecycle.ts';
import { EMPTY_MEASURE_VALUES, type CurrentText, type MeasureFormErrors, type MeasureFormValues } from './measure-form.tsx';
import { nextMeasureCode } from '../../domain/plan-lifecycle.ts';
import type { MeasureView } from './service.ts';
import type { ExecutorChoice, MeasureErrors, MeasureInput } from './measure-input.ts';
import type { Translator } from '../../i18n/index.ts';
import { problemMessages } from '../../ui/form.tsx';
import { groupDisplayName } from '../organisations/service.ts';

/** Reading the plan feature's forms: bodies as typed, to the services' inputs, and their errors back. */

type Structure = { goals: { number: number }[]; tasks: { id: number; number: number; title: string; goalNumber: number }[]; codes: string[] };

/** The tasks a new measure may join, as the form lists them ("Оперативна ціль 2 · Завдання 2. …"). */
export function taskOptions(tr: Translator, structure: Structure): { id: number; label: string }[] {
  return structure.tasks.map((task) => ({ id: task.id, label: `${tr.t('plan.goal', { number: task.goalNumber })} · ${tr.t('plan.task', { number: task.number })}. ${task.title.length > 120 ? `${task.title.slice(0, 120)}…` : task.title}` }));
}

/** The next free number in each goal, given the codes in use (and those being added). */
export function nextCodes(structure: Structure, extra: readonly string[] = []): string[] {
  return structure.goals.map((g) => nextMeasureCode(g.number, [...structure.codes, ...extra]));
}

/** A new measure's form starts with no task chosen, unless the plan has only one. */
export function newMeasureValues(structure: Structure): MeasureFormValues {
  return { ...EMPTY_MEASURE_VALUES, taskId: structure.tasks.length === 1 ? String(structure.tasks[0]!.id) : '' };
}

export const PLAN_ID = /^[A-Za-z0-9._-]{1,100}$/;
export const NUMERIC_ID = /^\d{1,9}$/;

const csrf = Type.Optional(Type.String({ maxLength: 100 }));
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

export const measureBody = Type.Object(
  {
    _csrf: csrf,
    // Generous: the service answers a too-long text beside the field, keeping it.
    title: text(200_000),
    deadline: text(2000),
    executors: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 500 })])),
    lead: text(200),
    code: text(40),
    taskId: text(20),
    newOrganisationName: text(1000),
    newOrganisationKind: text(100),
  },
  { additionalProperties: false },
);

export type MeasureBody = { title?: string; deadline?: string; executors?: string | string[]; lead?: string; code?: string; taskId?: string; newOrganisationName?: string; newOrganisationKind?: string };

function choice(value: string): ExecutorChoice | null {
  const m = /^(organisation|group):([A-Za-z0-9._-]{1,100})$/.exec(value);
  return m ? { type: m[1] as 'organisation' | 'group', id: m[2]! } : null;
}

/** The form's values as typed, and the service's input (an unreadable executor stays unknown). */
export function readMeasureBody(body: MeasureBody): { values: MeasureFormValues; input: MeasureInput } {
  const executors = [body.executors ?? []].flat();
  const values: MeasureFormValues = {
    title: body.title ?? '',
    deadline: body.deadline ?? '',
    executors,
    lead: body.lead ?? '',
    code: (body.code ?? '').trim(),
    taskId: body.taskId ?? '',
    newOrganisationName: (body.newOrganisationName ?? '').replace(/\s+/g, ' ').trim(),
    newOrganisationKind: body.newOrganisationKind ?? 'other',
  };
  const input: MeasureInput = {
    title: values.title,
    deadline: values.deadline,
    executors: executors.map((v) => choice(v) ?? { type: 'organisation', id: '\u0000unknown' }),
    lead: values.lead ? (choice(values.lead) ?? { type: 'organisation', id: '\u0000unknown' }) : null,
    code: values.code,
    taskId: /^\d{1,9}$/.test(values.taskId) ? Number(values.taskId) : undefined,
  };
  return { values, input };
}

export function measureErrors(tr: Translator, errors: MeasureErrors): MeasureFormErrors {
  return problemMessages(tr, 'edit.error', errors);
}

/**
 * The organisation typed into "not in the directory?", found or added (never twice), and chosen
 * as an executor. Errors when the name or kind cannot be taken.
 */
export async function takeNewOrganisation(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  request: FastifyRequest,
  form: { values: MeasureFormValues; input: MeasureInput },
  parentId: string | null,
): Promise<MeasureFormErrors | null> {
  const { values, input } = form;
  if (!values.newOrganisationName) return null;
  if (!request.principal!.permissions.has('directory.manage')) return { newOrganisationName: request.tr.t('edit.error.executors.unknown') };
  if (values.newOrganisationName.length > 500) return { newOrganisationName: request.tr.t('edit.error.newOrganisationName.tooLong') };
  if (!(ORGANISATION_KINDS as readonly string[]).includes(values.newOrganisationKind)) return { newOrganisationKind: request.tr.t('edit.error.newOrganisationKind.invalid') };
  const id = await ensureOrganisationNamed(db, clock, actor, { name: values.newOrganisationName, kind: values.newOrganisationKind as OrganisationKind, parentId });
  const value = `organisation:${id}`;
  if (!values.executors.includes(value)) {
    values.executors.push(value);
    input.executors.push({ type: 'organisation', id });
  }
  values.newOrganisationName = '';
  values.newOrganisationKind = 'other';
  return null;
}

/** The form's values for a measure as it stands. */
export function measureValues(m: Pick<MeasureView, 'title' | 'deadlineText' | 'executors' | 'code'>): MeasureFormValues {
  const lead = m.executors.find((e) => e.isLead);
  return {
    title: m.title,
    deadline: m.deadlineText ?? '',
    executors: m.executors.map((e) => `${e.type}:${e.id}`),
    lead: lead ? `${lead.type}:${lead.id}` : '',
    code: m.code,
    taskId: '',
    newOrganisationName: '',
    newOrganisationKind: 'other',
  };
}

/** A measure's text as shown beside the form that changes it. */
export function currentText(tr: Translator, directory: Directory, caption: string, m: MeasureView): CurrentText {
  return {
    caption,
    title: m.title,
    deadline: deadlineLabel(tr, m),
    executors: m.executors.map((e) => {
      if (e.type === 'group') {
        const g = directory.group(e.id);
        return g ? groupDisplayName(g, tr.t('measure.byConsent')) : e.id;
      }
      return directory.organisation(e.id)?.name ?? e.id;
    }),
  };
}

export const detailsBody = Type.Object(
  {
    _csrf: csrf,
    title: text(3000),
    shortTitle: text(1000),
    legalKind: text(400),
    legalIssuer: text(1000),
    legalNumber: text(200),
    legalDate: text(100),
    start: text(100),
    end: text(100),
    periodKind: text(40),
    executorDueDay: text(20),
    consolidationDueDay: text(20),
    moveWeekendDeadlines: text(10),
    reportsTo: text(2000),
    controlledBy: text(2000),
  },
  { additionalProperties: false },
);

export function readDetailsBody(body: Record<string, string | undefined>): PlanDetailsInput {
  const s = (k: string) => body[k] ?? '';
  return {
    title: s('title'),
    shortTitle: s('shortTitle'),
    legalKind: s('legalKind'),
    legalIssuer: s('legalIssuer'),
    legalNumber: s('legalNumber'),
    legalDate: s('legalDate'),
    start: s('start'),
    end: s('end'),
    periodKind: s('periodKind') || 'half_year',
    executorDueDay: s('executorDueDay'),
    consolidationDueDay: s('consolidationDueDay'),
    moveWeekendDeadlines: body.moveWeekendDeadlines === 'yes',
    reportsTo: s('reportsTo'),
    controlledBy: s('controlledBy'),
  };
}
