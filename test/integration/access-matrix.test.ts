import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, PLAN_609, type TestApp } from '../support/app.ts';
import { makeUser, signIn, type Session, type TestUser } from '../support/auth.ts';
import { DIALECT } from '../support/database.ts';
import { DEFAULT_SCHEDULE } from '../../src/domain/periods.ts';
import { SYSTEM_ACTOR } from '../../src/features/audit/service.ts';
import { createGroup, createOrganisation, loadDirectory } from '../../src/features/organisations/service.ts';
import { applyAmendment, createAmendment, getAmendment, stageMeasureAddition, stageMeasureEdit } from '../../src/features/plans/amendments.ts';
import { getPlan, planStructure } from '../../src/features/plans/service.ts';
import { createPlan } from '../../src/features/plans/creation.ts';
import { addIndicator, measureIndicators } from '../../src/features/plans/indicators.ts';
import { enqueue } from '../../src/features/mail/outbox.ts';
import { addOfficial } from '../../src/features/organisations/officials.ts';

/**
 * Every route × every role × its method, against the expected outcome. The route table is
 * walked: a route with no row here fails the test, so a new route cannot ship unexamined.
 */

/**
 * `district`: an executor of a district administration (Полтавська РВА), which the communities of
 * its district report to — on every route as `executorB` (another executor) unless its row says
 * otherwise: its communities' reports, its period grid, its reminder.
 */
const WHO = ['anonymous', 'executorA', 'executorB', 'coordinator', 'supervisor', 'admin', 'district'] as const;
type Who = (typeof WHO)[number];
type Expected = Record<Exclude<Who, 'district'>, Outcome> & { district?: Outcome };
const expectedOf = (e: Expected, who: Who): Outcome => (who === 'district' ? (e.district ?? e.executorB) : e[who]);
/** ok: 2xx/3xx; invalid: 400 (the form's own validation); login: sign-in required; 403/404: refused with no data. */
type Outcome = 'ok' | 'invalid' | 'login' | 403 | 404 | 409 | 422;

interface Case {
  url: () => string;
  body?: Record<string, unknown>;
  expect: Expected;
}

const everyone = (o: Outcome): Expected => ({ anonymous: o, executorA: o, executorB: o, coordinator: o, supervisor: o, admin: o });
const signedIn = (o: Outcome): Expected => ({ ...everyone(o), anonymous: 'login' });
const only = (roles: Who[], o: Outcome = 'ok', otherwise: Outcome = 403): Expected => ({
  ...everyone(otherwise),
  anonymous: 'login',
  ...Object.fromEntries(roles.map((r) => [r, o])),
});

let t: TestApp;
let target: TestUser;
let outsider: TestUser;
let policeAdmin: TestUser;
let measureId: number;
let outboxId: number;
let instructionId: number;
let secondMeasureId: number;
let indicatorId: number;
let spareIndicatorId: number;
let otherMeasureId: number;
let community: string;
let policeOfficial: number;
let kharkivOfficial: number;
let directorOfficial: number;
const REPORT = `/reports/${PLAN_609}/2024-H1/poltava-police`;
const STATS = `/plans/${PLAN_609}/statistics/victims-identified/2024-Q2/poltava-police`;
const RECON = `/plans/${PLAN_609}/statistics/reconciliations/children-police-css/2024-Q3`;
let appliedAmendment: number;
let draftAmendment: number;
let stagedAddition: number;
let stagedEdit: number;
const OTHER_PLAN = 'kharkiv-ctb-2024-2026';
const sessions = new Map<Who, Session>();

const CASES: Record<string, Case> = {
  'GET /healthz': { url: () => '/healthz', expect: everyone('ok') },
  'GET /readyz': { url: () => '/readyz', expect: everyone('ok') },
  // From this machine (as inject's requests are) with no token set; closed otherwise (metrics.test.ts).
  'GET /metrics': { url: () => '/metrics', expect: everyone('ok') },
  'GET /assets/:name': { url: () => '/assets/styles.css', expect: everyone('ok') },
  'GET /favicon.ico': { url: () => '/favicon.ico', expect: everyone('ok') },
  'POST /locale': { url: () => '/locale', body: { locale: 'uk', returnTo: '/' }, expect: everyone('ok') },
  'GET /login': { url: () => '/login', expect: everyone('ok') },
  'POST /login': { url: () => '/login', body: {}, expect: everyone('invalid') },
  'GET /login/second-factor': { url: () => '/login/second-factor', expect: everyone('ok') },
  'POST /login/second-factor': { url: () => '/login/second-factor', body: { code: '000000' }, expect: everyone('ok') },
  'POST /login/cancel': { url: () => '/login/cancel', body: {}, expect: everyone('ok') },
  'POST /logout': { url: () => '/logout', body: {}, expect: everyone('ok') },
  'GET /account': { url: () => '/account', expect: signedIn('ok') },
  'POST /account/sessions/:handle/end': { url: () => '/account/sessions/0123456789abcdef/end', body: {}, expect: signedIn(404) },
  'POST /account/sessions/end-others': { url: () => '/account/sessions/end-others', body: {}, expect: signedIn('ok') },
  'GET /account/two-step': { url: () => '/account/two-step', expect: signedIn('ok') },
  'POST /account/two-step': { url: () => '/account/two-step', body: { code: '12' }, expect: { ...signedIn('ok'), executorA: 'invalid', executorB: 'invalid' } },
  'POST /account/recovery-codes': { url: () => '/account/recovery-codes', body: {}, expect: signedIn('ok') },
  'GET /invitation/:token': { url: () => `/invitation/${'a'.repeat(43)}`, expect: everyone(404) },
  'POST /invitation/:token': { url: () => `/invitation/${'a'.repeat(43)}`, body: { password: 'x', repeat: 'x' }, expect: everyone(404) },
  'GET /password-reset/:token': { url: () => `/password-reset/${'a'.repeat(43)}`, expect: everyone(404) },
  'POST /password-reset/:token': { url: () => `/password-reset/${'a'.repeat(43)}`, body: { password: 'x', repeat: 'x' }, expect: everyone(404) },
  'GET /': { url: () => '/', expect: signedIn('ok') },
  'GET /plans': { url: () => '/plans', expect: signedIn('ok') },
  'GET /plans/:planId': { url: () => `/plans/${PLAN_609}`, expect: signedIn('ok') },
  'GET /plans/:planId/measures/:measureId': { url: () => `/plans/${PLAN_609}/measures/${measureId}`, expect: signedIn('ok') },
  'GET /plans/import': { url: () => '/plans/import', expect: only(['coordinator']) },
  'POST /plans/import': { url: () => '/plans/import', body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /plans/:planId/review': { url: () => `/plans/${PLAN_609}/review`, expect: only(['coordinator']) },
  'POST /plans/:planId/discard': { url: () => `/plans/${PLAN_609}/discard`, body: { confirm: 'yes' }, expect: only(['coordinator'], 409) },
  'POST /plans/:planId/activate': { url: () => `/plans/${PLAN_609}/activate`, body: {}, expect: only(['coordinator'], 409) },
  'GET /plans/:planId/measures/:measureId/edit': { url: () => `/plans/${PLAN_609}/measures/${measureId}/edit`, expect: only(['coordinator']) },
  'POST /plans/:planId/measures/:measureId/edit': { url: () => `/plans/${PLAN_609}/measures/${measureId}/edit`, body: { title: 'x', executors: 'group:ngos' }, expect: only(['coordinator'], 409) },
  'GET /plans/:planId/calendar': { url: () => `/plans/${PLAN_609}/calendar`, expect: signedIn('ok') },
  'GET /plans/:planId/history': { url: () => `/plans/${PLAN_609}/history`, expect: signedIn('ok') },
  'GET /plans/:planId/activate': { url: () => `/plans/${PLAN_609}/activate`, expect: only(['coordinator']) },
  'GET /plans/:planId/discard': { url: () => `/plans/${PLAN_609}/discard`, expect: only(['coordinator']) },
  'GET /plans/:planId/measures/:measureId/remove': { url: () => `/plans/${PLAN_609}/measures/${measureId}/remove`, expect: only(['coordinator']) },
  'GET /plans/:planId/amendments': { url: () => `/plans/${PLAN_609}/amendments`, expect: signedIn('ok') },
  'GET /plans/:planId/amendments/:amendmentId/apply': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/apply`, expect: only(['coordinator']) },
  'GET /plans/:planId/amendments/:amendmentId/discard': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/discard`, expect: only(['coordinator']) },
  'GET /plans/:planId/amendments/:amendmentId/measures/:measureId/remove': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/measures/${measureId}/remove`, expect: only(['coordinator']) },
  'GET /plans/:planId/amendments/:amendmentId/changes/:changeId/undo': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/changes/${stagedEdit}/undo`, expect: only(['coordinator']) },
  'GET /organisations/groups': { url: () => '/organisations/groups', expect: signedIn('ok') },
  'GET /plans/:planId/details': { url: () => `/plans/${PLAN_609}/details`, expect: only(['coordinator']) },
  'POST /plans/:planId/details': { url: () => `/plans/${PLAN_609}/details`, body: { title: 'x' }, expect: only(['coordinator'], 409) },
  'GET /plans/:planId/measures/new': { url: () => `/plans/${PLAN_609}/measures/new`, expect: only(['coordinator']) },
  'POST /plans/:planId/measures/new': { url: () => `/plans/${PLAN_609}/measures/new`, body: { title: 'x' }, expect: only(['coordinator'], 409) },
  'POST /plans/:planId/measures/:measureId/remove': { url: () => `/plans/${PLAN_609}/measures/${measureId}/remove`, body: {}, expect: only(['coordinator'], 409) },
  'GET /plans/:planId/measures/:measureId/indicators': { url: () => `/plans/${PLAN_609}/measures/${measureId}/indicators`, expect: only(['coordinator']) },
  'POST /plans/:planId/measures/:measureId/indicators': { url: () => `/plans/${PLAN_609}/measures/${measureId}/indicators`, body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /plans/:planId/measures/:measureId/indicators/:indicatorId': { url: () => `/plans/${PLAN_609}/measures/${measureId}/indicators/${indicatorId}`, expect: only(['coordinator']) },
  'POST /plans/:planId/measures/:measureId/indicators/:indicatorId': { url: () => `/plans/${PLAN_609}/measures/${measureId}/indicators/${indicatorId}`, body: {}, expect: only(['coordinator'], 'invalid') },
  'POST /plans/:planId/measures/:measureId/indicators/:indicatorId/move': { url: () => `/plans/${PLAN_609}/measures/${measureId}/indicators/${indicatorId}/move`, body: { direction: 'down' }, expect: only(['coordinator']) },
  'POST /plans/:planId/measures/:measureId/indicators/:indicatorId/remove': { url: () => `/plans/${PLAN_609}/measures/${measureId}/indicators/${spareIndicatorId}/remove`, body: {}, expect: only(['coordinator']) },
  'GET /plans/:planId/close': { url: () => `/plans/${PLAN_609}/close`, expect: only(['coordinator']) },
  'POST /plans/:planId/close': { url: () => `/plans/${PLAN_609}/close`, body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /plans/:planId/archive': { url: () => `/plans/${PLAN_609}/archive`, expect: only(['coordinator']) },
  'POST /plans/:planId/archive': { url: () => `/plans/${PLAN_609}/archive`, body: { confirm: 'yes' }, expect: only(['coordinator'], 409) },
  'GET /plans/:planId/copy': { url: () => `/plans/${PLAN_609}/copy`, expect: only(['coordinator']) },
  'POST /plans/:planId/copy': { url: () => `/plans/${PLAN_609}/copy`, body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /plans/:planId/amendments/new': { url: () => `/plans/${PLAN_609}/amendments/new`, expect: only(['coordinator']) },
  'POST /plans/:planId/amendments': { url: () => `/plans/${PLAN_609}/amendments`, body: {}, expect: only(['coordinator']) },
  'GET /plans/:planId/amendments/:amendmentId': { url: () => `/plans/${PLAN_609}/amendments/${appliedAmendment}`, expect: signedIn('ok') },
  'GET /plans/:planId/amendments/:amendmentId/basis': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/basis`, expect: only(['coordinator']) },
  'POST /plans/:planId/amendments/:amendmentId/basis': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/basis`, body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /plans/:planId/amendments/:amendmentId/measures/new': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/measures/new`, expect: only(['coordinator']) },
  'POST /plans/:planId/amendments/:amendmentId/measures/new': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/measures/new`, body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /plans/:planId/amendments/:amendmentId/measures/:measureId': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/measures/${measureId}`, expect: only(['coordinator']) },
  'POST /plans/:planId/amendments/:amendmentId/measures/:measureId': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/measures/${measureId}`, body: {}, expect: only(['coordinator'], 'invalid') },
  'POST /plans/:planId/amendments/:amendmentId/measures/:measureId/remove': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/measures/${measureId}/remove`, body: {}, expect: only(['coordinator']) },
  'GET /plans/:planId/amendments/:amendmentId/additions/:changeId': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/additions/${stagedAddition}`, expect: only(['coordinator']) },
  'POST /plans/:planId/amendments/:amendmentId/additions/:changeId': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/additions/${stagedAddition}`, body: {}, expect: only(['coordinator'], 'invalid') },
  'POST /plans/:planId/amendments/:amendmentId/changes/:changeId/undo': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/changes/${stagedEdit}/undo`, body: {}, expect: only(['coordinator']) },
  'POST /plans/:planId/amendments/:amendmentId/apply': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/apply`, body: {}, expect: only(['coordinator'], 'invalid') },
  'POST /plans/:planId/amendments/:amendmentId/discard': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}/discard`, body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /organisations': { url: () => '/organisations', expect: signedIn('ok') },
  'GET /organisations/groups/:groupId': { url: () => '/organisations/groups/ngos', expect: signedIn('ok') },
  'GET /organisations/:organisationId': { url: () => '/organisations/poltava-police', expect: signedIn('ok') },
  'GET /organisations/new': { url: () => '/organisations/new', expect: only(['coordinator']) },
  'POST /organisations': { url: () => '/organisations', body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /organisations/:organisationId/edit': { url: () => '/organisations/poltava-police/edit', expect: only(['coordinator']) },
  'POST /organisations/:organisationId/edit': { url: () => '/organisations/poltava-police/edit', body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /organisations/:organisationId/merge': { url: () => '/organisations/poltava-police/merge', expect: only(['coordinator']) },
  'POST /organisations/:organisationId/merge': { url: () => '/organisations/poltava-police/merge', body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /organisations/contacts/import': { url: () => '/organisations/contacts/import', expect: only(['coordinator']) },
  'POST /organisations/contacts/import': { url: () => '/organisations/contacts/import', body: {}, expect: only(['coordinator'], 'invalid') },
  // Nobody's waiting file: 404 to look at, 409 to confirm.
  'GET /organisations/contacts/import/:importId': { url: () => `/organisations/contacts/import/${'0'.repeat(32)}`, expect: only(['coordinator'], 404) },
  'POST /organisations/contacts/import/:importId': { url: () => `/organisations/contacts/import/${'0'.repeat(32)}`, body: {}, expect: only(['coordinator'], 409) },
  'GET /organisations/groups/new': { url: () => '/organisations/groups/new', expect: only(['coordinator']) },
  'POST /organisations/groups': { url: () => '/organisations/groups', body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /organisations/groups/:groupId/edit': { url: () => '/organisations/groups/ngos/edit', expect: only(['coordinator']) },
  'POST /organisations/groups/:groupId/edit': { url: () => '/organisations/groups/ngos/edit', body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /users': { url: () => '/users', expect: only(['coordinator', 'admin']) },
  'GET /users/new': { url: () => '/users/new', expect: only(['coordinator', 'admin']) },
  'POST /users': { url: () => '/users', body: {}, expect: only(['coordinator', 'admin'], 'invalid') },
  'GET /users/:id': { url: () => `/users/${target.id}`, expect: only(['coordinator', 'admin']) },
  'POST /users/:id/link': { url: () => `/users/${target.id}/link`, body: {}, expect: only(['coordinator', 'admin']) },
  'POST /users/:id/disable': { url: () => `/users/${target.id}/disable`, body: {}, expect: only(['coordinator', 'admin']) },
  'POST /users/:id/enable': { url: () => `/users/${target.id}/enable`, body: {}, expect: only(['coordinator', 'admin']) },
  'POST /users/:id/roles': { url: () => `/users/${target.id}/roles`, body: { roles: 'executor' }, expect: only(['coordinator', 'admin']) },
  'POST /users/:id/profile': { url: () => `/users/${target.id}/profile`, body: { position: 'Головний спеціаліст', phone: '(0532) 56-00-01' }, expect: only(['coordinator', 'admin']) },
  'GET /audit': { url: () => '/audit', expect: only(['coordinator', 'admin']) },
  'GET /outbox': { url: () => '/outbox', expect: only(['admin']) },
  // The coordinator reminds every executor, a district administration its communities; the
  // supervisor sees the period but does not remind (403); anyone else: 404.
  'GET /plans/:planId/periods/:periodKey/remind': { url: () => `/plans/${PLAN_609}/periods/2024-H1/remind`, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'ok', supervisor: 403, admin: 404, district: 'ok' } },
  'POST /plans/:planId/periods/:periodKey/remind': { url: () => `/plans/${PLAN_609}/periods/2024-H1/remind`, body: {}, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'ok', supervisor: 403, admin: 404, district: 'ok' } },
  // The coordinating department only; an administrator manages users but does not coordinate the plan.
  'GET /plans/:planId/requisites': { url: () => `/plans/${PLAN_609}/requisites`, expect: only(['coordinator']) },
  'POST /plans/:planId/requisites': { url: () => `/plans/${PLAN_609}/requisites`, body: { titleGenitive: '', issuerGenitive: '' }, expect: only(['coordinator']) },
  'POST /plans/:planId/calendar/cycle': { url: () => `/plans/${PLAN_609}/calendar/cycle`, body: { districtReview: 'on', districtDueDay: '99' }, expect: only(['coordinator'], 'invalid') },
  'POST /plans/:planId/calendar/reminders': { url: () => `/plans/${PLAN_609}/calendar/reminders`, body: { reminderDays: '7, 1' }, expect: only(['coordinator']) },
  'GET /plans/:planId/invitations': { url: () => `/plans/${PLAN_609}/invitations`, expect: { ...only(['coordinator']), admin: 404 } },
  'POST /plans/:planId/invitations': { url: () => `/plans/${PLAN_609}/invitations`, body: {}, expect: { ...only(['coordinator']), admin: 404 } },
  'POST /plans/:planId/invitations/:organisationId/invite': { url: () => `/plans/${PLAN_609}/invitations/poltava-police/invite`, body: {}, expect: { ...everyone(403), anonymous: 'login', admin: 404, coordinator: 409 } },
  'POST /plans/:planId/invitations/:organisationId/resend': { url: () => `/plans/${PLAN_609}/invitations/poltava-police/resend`, body: {}, expect: { ...everyone(403), anonymous: 'login', admin: 404, coordinator: 409 } },
  'POST /plans/:planId/invitations/:organisationId/revoke': { url: () => `/plans/${PLAN_609}/invitations/poltava-police/revoke`, body: {}, expect: { ...everyone(403), anonymous: 'login', admin: 404, coordinator: 409 } },
  'POST /plans/:planId/invitations/:organisationId/decline': { url: () => `/plans/${PLAN_609}/invitations/poltava-police/decline`, body: {}, expect: { ...everyone(403), anonymous: 'login', admin: 404, coordinator: 409 } },
  'POST /plans/:planId/invitations/:organisationId/undecline': { url: () => `/plans/${PLAN_609}/invitations/poltava-police/undecline`, body: {}, expect: { ...everyone(403), anonymous: 'login', admin: 404, coordinator: 409 } },
  'GET /notifications': { url: () => '/notifications', expect: signedIn('ok') },
  'GET /account/mail': { url: () => '/account/mail', expect: signedIn('ok') },
  'POST /account/mail': { url: () => '/account/mail', body: {}, expect: signedIn('ok') },
  'POST /account/calendar': { url: () => '/account/calendar', body: {}, expect: signedIn('ok') },
  'POST /account/calendar/revoke': { url: () => '/account/calendar/revoke', body: {}, expect: signedIn('ok') },
  // The token is the credential: a session opens no feed.
  'GET /calendar/:file': { url: () => `/calendar/${'a'.repeat(43)}.ics`, expect: everyone(404) },
  'GET /outbox/:id': { url: () => `/outbox/${outboxId}`, expect: only(['admin']) },
  // A message still waiting cannot be queued again: the administrator is told it has moved on.
  'POST /outbox/:id/requeue': { url: () => `/outbox/${outboxId}/requeue`, body: {}, expect: only(['admin'], 409) },
  'GET /api/v1/plans': { url: () => '/api/v1/plans', expect: signedIn('ok') },
  'GET /api/v1/plans/:planId': { url: () => `/api/v1/plans/${PLAN_609}`, expect: signedIn('ok') },
  'GET /api/v1/organisations': { url: () => '/api/v1/organisations', expect: signedIn('ok') },
  'GET /api/v1/openapi.json': { url: () => '/api/v1/openapi.json', expect: everyone('ok') },
  'GET /reports': { url: () => '/reports', expect: only(['executorA', 'executorB']) },
  'GET /reports/:planId/:periodKey/:organisationId': { url: () => REPORT, expect: { ...only(['executorA', 'coordinator', 'supervisor']), executorB: 404, admin: 404 } },
  'POST /reports/:planId/:periodKey/:organisationId/entries/:measureId': {
    url: () => `${REPORT}/entries/${measureId}`,
    body: { version: '0', state: 'done' },
    expect: { ...only(['executorA']), executorB: 404, admin: 404 },
  },
  'POST /reports/:planId/:periodKey/:organisationId/submit': { url: () => `${REPORT}/submit`, body: {}, expect: { ...only(['executorA'], 'invalid'), executorB: 404, admin: 404 } },
  // A draft "withdrawn" again is already what was asked: the same answer as the first time.
  'POST /reports/:planId/:periodKey/:organisationId/withdraw': { url: () => `${REPORT}/withdraw`, body: {}, expect: { ...only(['executorA']), executorB: 404, admin: 404 } },
  'POST /reports/:planId/:periodKey/:organisationId/on-behalf': { url: () => `/reports/${PLAN_609}/2024-H1/${community}/on-behalf`, body: { letterNumber: '12', letterDate: '2024-07-01' }, expect: only(['coordinator']) },
  'POST /reports/:planId/:periodKey/:organisationId/attachments': { url: () => `${REPORT}/attachments`, body: {}, expect: { ...only(['executorA'], 'invalid'), executorB: 404, admin: 404 } },
  'POST /reports/:planId/:periodKey/:organisationId/attachments/:attachmentId/remove': { url: () => `${REPORT}/attachments/999999/remove`, body: {}, expect: signedIn(404) },
  'GET /reports/:planId/:periodKey/:organisationId/attachments/:attachmentId': { url: () => `${REPORT}/attachments/999999`, expect: signedIn(404) },
  'GET /plans/:planId/periods/:periodKey/organisations/:organisationId/fill-in': { url: () => `/plans/${PLAN_609}/periods/2024-H1/organisations/${community}/fill-in`, expect: only(['coordinator']) },
  'GET /plans/:planId/periods/:periodKey/organisations/:organisationId/fill-in/upload': { url: () => `/plans/${PLAN_609}/periods/2024-H1/organisations/${community}/fill-in/upload`, expect: only(['coordinator']) },
  'POST /plans/:planId/periods/:periodKey/organisations/:organisationId/fill-in/upload': { url: () => `/plans/${PLAN_609}/periods/2024-H1/organisations/${community}/fill-in/upload`, body: {}, expect: only(['coordinator'], 'invalid') },
  // Statistical forms (issue 16): the police's figures are the police's, the coordinator's and the supervisor's — no one else's.
  'GET /plans/:planId/statistics': { url: () => `/plans/${PLAN_609}/statistics`, expect: signedIn('ok') },
  'GET /plans/:planId/statistics/:form/:period/:organisationId': { url: () => STATS, expect: { anonymous: 'login', executorA: 'ok', executorB: 404, coordinator: 'ok', supervisor: 'ok', admin: 404 } },
  // Without the revision read: a conflict for the police, refused for everyone else.
  'POST /plans/:planId/statistics/:form/:period/:organisationId': { url: () => STATS, body: {}, expect: { anonymous: 'login', executorA: 409, executorB: 404, coordinator: 403, supervisor: 403, admin: 404 } },
  'POST /plans/:planId/statistics/:form/:period/:organisationId/submit': { url: () => `${STATS}/submit`, body: {}, expect: { anonymous: 'login', executorA: 409, executorB: 404, coordinator: 403, supervisor: 403, admin: 404 } },
  'POST /plans/:planId/statistics/:form/:period/:organisationId/review': { url: () => `${STATS}/review`, body: {}, expect: { anonymous: 'login', executorA: 403, executorB: 404, coordinator: 'invalid', supervisor: 403, admin: 404 } },
  'GET /plans/:planId/statistics/:form/settings': { url: () => `/plans/${PLAN_609}/statistics/legal-aid/settings`, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'ok', supervisor: 404, admin: 404 } },
  'POST /plans/:planId/statistics/:form/settings': { url: () => `/plans/${PLAN_609}/statistics/legal-aid/settings`, body: {}, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'invalid', supervisor: 404, admin: 404 } },
  'GET /plans/:planId/statistics/:form/structure': { url: () => `/plans/${PLAN_609}/statistics/legal-aid/structure`, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'ok', supervisor: 404, admin: 404 } },
  // No structure named as read: a conflict, nothing changed.
  'POST /plans/:planId/statistics/:form/structure': { url: () => `/plans/${PLAN_609}/statistics/legal-aid/structure`, body: {}, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 409, supervisor: 404, admin: 404 } },
  'GET /plans/:planId/statistics/new': { url: () => `/plans/${PLAN_609}/statistics/new`, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'ok', supervisor: 404, admin: 404 } },
  'POST /plans/:planId/statistics/new': { url: () => `/plans/${PLAN_609}/statistics/new`, body: {}, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'invalid', supervisor: 404, admin: 404 } },
  // Control instructions: everyone reading the plan has a list (their own organisation's); the
  // issuing side gives and closes; the executor instructed answers; anyone else: 404.
  'GET /plans/:planId/instructions': { url: () => `/plans/${PLAN_609}/instructions`, expect: { ...signedIn('ok'), district: 'ok' } },
  'GET /search': { url: () => `/search?q=${encodeURIComponent('зустрічі')}`, expect: { anonymous: 'login', executorA: 403, executorB: 403, coordinator: 'ok', supervisor: 'ok', admin: 403 } },
  'GET /plans/:planId/dashboard': { url: () => `/plans/${PLAN_609}/dashboard`, expect: { anonymous: 'login', executorA: 403, executorB: 403, coordinator: 'ok', supervisor: 'ok', admin: 403 } },
  'GET /plans/:planId/dashboard/executors': { url: () => `/plans/${PLAN_609}/dashboard/executors`, expect: { anonymous: 'login', executorA: 403, executorB: 403, coordinator: 'ok', supervisor: 'ok', admin: 403 } },
  'GET /plans/:planId/dashboard/indicators': { url: () => `/plans/${PLAN_609}/dashboard/indicators`, expect: { anonymous: 'login', executorA: 403, executorB: 403, coordinator: 'ok', supervisor: 'ok', admin: 403 } },
  'GET /plans/:planId/instructions/new': { url: () => `/plans/${PLAN_609}/instructions/new`, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'ok', supervisor: 'ok', admin: 404 } },
  'POST /plans/:planId/instructions/new': { url: () => `/plans/${PLAN_609}/instructions/new`, body: {}, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'invalid', supervisor: 'invalid', admin: 404 } },
  'GET /plans/:planId/instructions/:id': { url: () => `/plans/${PLAN_609}/instructions/${instructionId}`, expect: { anonymous: 'login', executorA: 'ok', executorB: 404, coordinator: 'ok', supervisor: 'ok', admin: 404 } },
  'POST /plans/:planId/instructions/:id/answer': { url: () => `/plans/${PLAN_609}/instructions/${instructionId}/answer`, body: {}, expect: { anonymous: 'login', executorA: 'invalid', executorB: 404, coordinator: 403, supervisor: 403, admin: 404 } },
  'POST /plans/:planId/instructions/:id/close': { url: () => `/plans/${PLAN_609}/instructions/${instructionId}/close`, body: {}, expect: { anonymous: 'login', executorA: 403, executorB: 404, coordinator: 409, supervisor: 409, admin: 404 } },
  // The public page of a plan not published: 404 for everyone, signed in or not; publishing is the coordinator's.
  'GET /p/:planId': { url: () => `/p/${PLAN_609}`, expect: everyone(404) },
  'GET /p/:planId/:period': { url: () => `/p/${PLAN_609}/2024-H1`, expect: everyone(404) },
  'GET /p/:planId/feed.atom': { url: () => `/p/${PLAN_609}/feed.atom`, expect: everyone(404) },
  'GET /p/:planId/data.json': { url: () => `/p/${PLAN_609}/data.json`, expect: everyone(404) },
  'GET /p/:planId/data.csv': { url: () => `/p/${PLAN_609}/data.csv`, expect: everyone(404) },
  'GET /p/:planId/data-schema.json': { url: () => `/p/${PLAN_609}/data-schema.json`, expect: everyone(404) },
  'GET /plans/:planId/publication': { url: () => `/plans/${PLAN_609}/publication`, expect: only(['coordinator']) },
  'POST /plans/:planId/publication': { url: () => `/plans/${PLAN_609}/publication`, body: { note: 'x'.repeat(3001) }, expect: { ...only(['coordinator'], 'invalid') } },
  'GET /plans/:planId/statistics/publication/:period': { url: () => `/plans/${PLAN_609}/statistics/publication/2024-Q2`, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'ok', supervisor: 'ok', admin: 404 } },
  // The reconciliation: the two sides, the coordinator and the supervisor see it; only the sides act on it, only the coordinator reopens.
  'GET /plans/:planId/statistics/reconciliations/:key/:period': { url: () => RECON, expect: { anonymous: 'login', executorA: 'ok', executorB: 'ok', coordinator: 'ok', supervisor: 'ok', admin: 404, district: 404 } },
  'POST /plans/:planId/statistics/reconciliations/:key/:period/comment': { url: () => `${RECON}/comment`, body: {}, expect: { anonymous: 'login', executorA: 'invalid', executorB: 'invalid', coordinator: 403, supervisor: 403, admin: 404, district: 404 } },
  // Nothing submitted yet: nothing to confirm.
  'POST /plans/:planId/statistics/reconciliations/:key/:period/confirm': { url: () => `${RECON}/confirm`, body: {}, expect: { anonymous: 'login', executorA: 409, executorB: 409, coordinator: 403, supervisor: 403, admin: 404, district: 404 } },
  'POST /plans/:planId/statistics/reconciliations/:key/:period/reopen': { url: () => `${RECON}/reopen`, body: {}, expect: { anonymous: 'login', executorA: 403, executorB: 403, coordinator: 409, supervisor: 403, admin: 404, district: 404 } },
  // No protocol yet: not there for anyone.
  'GET /plans/:planId/statistics/reconciliations/:key/:period/protocols/:number': { url: () => `${RECON}/protocols/1`, expect: { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 404, supervisor: 404, admin: 404 } },
  // The seeded community has no address in the directory: the coordinator is told so (422).
  'POST /plans/:planId/periods/:periodKey/organisations/:organisationId/fill-in/mail': { url: () => `/plans/${PLAN_609}/periods/2024-H1/organisations/${community}/fill-in/mail`, body: {}, expect: only(['coordinator'], 422) },
  'POST /plans/:planId/periods/:periodKey/organisations/:organisationId/fill-in/confirm': { url: () => `/plans/${PLAN_609}/periods/2024-H1/organisations/${community}/fill-in/confirm`, body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /plans/:planId/periods/:periodKey': { url: () => `/plans/${PLAN_609}/periods/2024-H1`, expect: only(['coordinator', 'supervisor']) },
  // The grid: the coordinator's and supervisor's whole, a district administration's limited to its communities; no one else's (404).
  'GET /plans/:planId/periods/:periodKey/reports': { url: () => `/plans/${PLAN_609}/periods/2024-H1/reports`, expect: { ...only(['coordinator', 'supervisor'], 'ok', 404), district: 'ok' } },
  'GET /plans/:planId/periods/:periodKey/measures/:measureId': { url: () => `/plans/${PLAN_609}/periods/2024-H1/measures/${measureId}`, expect: { ...only(['coordinator', 'supervisor'], 'ok', 404), district: 'ok' } },
  'GET /plans/:planId/periods/:periodKey/consolidation': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation`, expect: only(['coordinator', 'supervisor']) },
  'POST /plans/:planId/periods/:periodKey/consolidation/measures/:measureId': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation/measures/${measureId}`, body: { state: 'sometimes' }, expect: only(['coordinator'], 'invalid') },
  // With the signatory chosen and the warnings overridden (without: 422, see signatory.test.ts).
  'POST /plans/:planId/periods/:periodKey/consolidation/approve': { url: () => `/plans/${PLAN_609}/periods/2024-H2/consolidation/approve`, get body() {
      return { signatory: String(directorOfficial), confirm: 'yes' };
    },
    expect: only(['coordinator']),
  },
  'POST /plans/:planId/periods/:periodKey/consolidation/correct': { url: () => `/plans/${PLAN_609}/periods/2024-H2/consolidation/correct`, body: {}, expect: only(['coordinator']) },
  'POST /plans/:planId/periods/:periodKey/consolidation/versions/:number/return': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation/versions/99/return`, body: { remarks: 'Виправте.' }, expect: { ...everyone(403), anonymous: 'login', supervisor: 409 } },
  'POST /plans/:planId/periods/:periodKey/consolidation/versions/:number/sign': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation/versions/99/sign`, body: {}, expect: { ...everyone(403), anonymous: 'login', supervisor: 409 } },
  'POST /plans/:planId/periods/:periodKey/consolidation/versions/:number/sent': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation/versions/99/sent`, body: {}, expect: only(['coordinator'], 409) },
  'GET /plans/:planId/periods/:periodKey/consolidation/export/:format': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation/export/xlsx`, expect: only(['coordinator', 'supervisor']) },
  'GET /plans/:planId/periods/:periodKey/consolidation/versions/:number/files/:format': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation/versions/99/files/pdf`, expect: only(['coordinator', 'supervisor'], 404) },
  'POST /plans/:planId/periods/:periodKey/consolidation/request': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation/request`, body: { requestNumber: '', requestDate: '01.01.1999x' }, expect: only(['coordinator'], 'invalid') },
  'GET /plans/:planId/periods/:periodKey/consolidation/versions/:number/registered/:format': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation/versions/99/registered/pdf`, expect: only(['coordinator', 'supervisor'], 404) },
  'GET /plans/:planId/periods/:periodKey/entries.csv': { url: () => `/plans/${PLAN_609}/periods/2024-H1/entries.csv`, expect: only(['coordinator', 'supervisor']) },
  'GET /plans/:planId/periods/:periodKey/entries.json': { url: () => `/plans/${PLAN_609}/periods/2024-H1/entries.json`, expect: only(['coordinator', 'supervisor']) },
  'POST /plans/:planId/periods/:periodKey/consent/:organisationId': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consent/${community}`, body: {}, expect: only(['coordinator'], 'invalid') },
  // The district's review (two-level cycle): only a district, only of a community reporting through it (district.test.ts, two-level.test.ts).
  'POST /reports/:planId/:periodKey/:organisationId/district-review': { url: () => `${REPORT}/district-review`, body: { decision: 'accept' }, expect: { anonymous: 'login', executorA: 403, executorB: 404, coordinator: 403, supervisor: 403, admin: 404, district: 404 } },
  'POST /reports/:planId/:periodKey/:organisationId/review': { url: () => `${REPORT}/review`, body: {}, expect: only(['coordinator'], 'invalid') },
  // Submission 0 never is the one under review: the coordinator is let through to a 409, nothing is accepted.
  'POST /home/reports/:planId/:periodKey/:organisationId/accept': { url: () => `/home${REPORT}/accept`, body: { submission: '0' }, expect: only(['coordinator'], 409) },
  'POST /reports/:planId/:periodKey/:organisationId/reopen': { url: () => `${REPORT}/reopen`, body: {}, expect: only(['coordinator'], 'invalid') },
  'GET /reports/:planId/:periodKey/:organisationId/export/:format': { url: () => `${REPORT}/export/pdf`, expect: { ...only(['executorA']), executorB: 404, admin: 404, coordinator: 404, supervisor: 404 } },
  'GET /reports/:planId/:periodKey/:organisationId/compare': { url: () => `${REPORT}/compare`, expect: { ...only(['executorA', 'coordinator', 'supervisor'], 'invalid'), executorB: 404, admin: 404 } },
  'GET /api/v1/reports': { url: () => '/api/v1/reports', expect: only(['executorA', 'executorB']) },
  'GET /api/v1/reports/:planId/:periodKey/:organisationId': { url: () => `/api/v1${REPORT}`, expect: { ...only(['executorA']), executorB: 404 } },
  'PUT /api/v1/reports/:planId/:periodKey/:organisationId/entries/:measureId': { url: () => `/api/v1${REPORT}/entries/${secondMeasureId}`, body: { version: 0, state: 'done' }, expect: { ...only(['executorA']), executorB: 404 } },
  'POST /api/v1/reports/:planId/:periodKey/:organisationId/submit': { url: () => `/api/v1${REPORT}/submit`, body: {}, expect: { ...only(['executorA'], 'invalid'), executorB: 404 } },
  'POST /api/v1/reports/:planId/:periodKey/:organisationId/withdraw': { url: () => `/api/v1${REPORT}/withdraw`, body: {}, expect: { ...only(['executorA']), executorB: 404 } },
  'GET /organisations/:organisationId/officials': { url: () => '/organisations/poltava-police/officials', expect: signedIn('ok') },
  'POST /organisations/:organisationId/officials': { url: () => '/organisations/poltava-police/officials', body: { givenName: 'Ігор2' }, expect: only(['coordinator'], 'invalid') },
  'GET /organisations/:organisationId/officials/:officialId/edit': { url: () => `/organisations/poltava-police/officials/${policeOfficial}/edit`, expect: only(['coordinator']) },
  'POST /organisations/:organisationId/officials/:officialId/edit': { url: () => `/organisations/poltava-police/officials/${policeOfficial}/edit`, body: {}, expect: only(['coordinator'], 'invalid') },
  'POST /organisations/:organisationId/officials/:officialId/archive': { url: () => `/organisations/poltava-police/officials/${policeOfficial}/archive`, body: { archived: 'no' }, expect: only(['coordinator']) },
  'POST /organisations/:organisationId/officials/:officialId/move': { url: () => `/organisations/poltava-police/officials/${policeOfficial}/move`, body: { direction: 'up' }, expect: only(['coordinator']) },
  'GET /account/profile': { url: () => '/account/profile', expect: signedIn('ok') },
  'POST /account/profile': { url: () => '/account/profile', body: { phone: 'дзвоніть' }, expect: signedIn('invalid') },
};

/** Cases beyond the route table: resources of another organisation or outside the user's reach. */
const ID_SWAP: Record<string, Case> = {
  'a user outside the coordinator\u2019s organisations': { url: () => `/users/${outsider.id}`, expect: { ...only(['admin']), coordinator: 404 } },
  'disabling a user outside the coordinator\u2019s organisations': { url: () => `/users/${outsider.id}/disable`, body: {}, expect: { ...only(['admin']), coordinator: 404 } },
  'an admin at an organisation the coordinator manages': { url: () => `/users/${policeAdmin.id}`, expect: { ...only(['admin']), coordinator: 404 } },
  'a password link for that admin': { url: () => `/users/${policeAdmin.id}/link`, body: {}, expect: { ...only(['admin']), coordinator: 404 } },
  'a user id that does not exist': { url: () => '/users/00000000-0000-4000-8000-000000000000', expect: only(['coordinator', 'admin'], 404) },
  'a malformed user id': { url: () => `/users/${encodeURIComponent("1' or '1'='1")}`, expect: only(['coordinator', 'admin'], 404) },
  'an amendment being prepared, to anyone but its coordinators': { url: () => `/plans/${PLAN_609}/amendments/${draftAmendment}`, expect: { ...signedIn(404), coordinator: 'ok' } },
  'an amendment id that does not exist': { url: () => `/plans/${PLAN_609}/amendments/999999`, expect: signedIn(404) },
  'another region\u2019s organisation': { url: () => '/organisations/kharkiv-ova/edit', expect: only(['coordinator'], 404) },
  'merging into another region\u2019s organisation': { url: () => '/organisations/poltava-police/merge', body: { into: 'kharkiv-ova', confirm: 'yes' }, expect: only(['coordinator'], 'invalid') },
  'another region\u2019s officials': { url: () => `/organisations/kharkiv-social/officials/${kharkivOfficial}/archive`, body: {}, expect: only(['coordinator'], 404) },
  'editing another region\u2019s official': { url: () => `/organisations/kharkiv-social/officials/${kharkivOfficial}/edit`, expect: only(['coordinator'], 404) },
  'an official through another organisation': { url: () => `/organisations/poltava-police/officials/${kharkivOfficial}/edit`, expect: only(['coordinator'], 404) },
  'another region\u2019s group': { url: () => '/organisations/groups/kharkiv-ngos/edit', body: { name: 'Захоплено' }, expect: only(['coordinator'], 404) },
  'copying a plan someone else coordinates': { url: () => `/plans/${OTHER_PLAN}/copy`, expect: only(['coordinator'], 404) },
  'closing a plan someone else coordinates': { url: () => `/plans/${OTHER_PLAN}/close`, body: { confirm: 'yes' }, expect: only(['coordinator'], 404) },
  'the period of a plan someone else coordinates': { url: () => `/plans/${OTHER_PLAN}/periods/2024-H1/reports`, expect: { ...only(['coordinator', 'supervisor'], 404, 404), district: 404 } },
  'a consent answer for an organisation that owes nothing': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consent/poltava-ova`, body: { answer: 'declined' }, expect: only(['coordinator'], 404) },
  'a consolidation of a plan someone else coordinates': { url: () => `/plans/${OTHER_PLAN}/periods/2024-H1/consolidation`, expect: only(['coordinator', 'supervisor'], 404) },
  'exporting a plan someone else coordinates': { url: () => `/plans/${OTHER_PLAN}/periods/2024-H1/consolidation/export/docx`, expect: only(['coordinator', 'supervisor'], 404) },
  'the consolidation as CSV for publication': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation/export/csv?publication=1`, expect: only(['coordinator', 'supervisor']) },
  'the consolidation as CSV not for publication (exact entries are entries.csv)': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation/export/csv`, expect: only(['coordinator', 'supervisor'], 404) },
  'publication CSV of a plan someone else coordinates': { url: () => `/plans/${OTHER_PLAN}/periods/2024-H1/consolidation/export/csv?publication=1`, expect: only(['coordinator', 'supervisor'], 404) },
  'an unknown export format': { url: () => `/plans/${PLAN_609}/periods/2024-H1/consolidation/export/exe`, expect: only(['coordinator', 'supervisor'], 404) },
  'an indicator of another measure': { url: () => `/plans/${PLAN_609}/measures/${secondMeasureId}/indicators/${indicatorId}`, expect: only(['coordinator'], 404) },
  'indicators of a plan someone else coordinates': { url: () => `/plans/${OTHER_PLAN}/measures/${otherMeasureId}/indicators`, expect: only(['coordinator'], 404) },
  'changing an indicator through a plan someone else coordinates': { url: () => `/plans/${OTHER_PLAN}/measures/${measureId}/indicators/${indicatorId}`, body: { name: 'x', unit: 'од.', kind: 'count', aggregation: 'per_period' }, expect: only(['coordinator'], 404) },
  'amending a plan someone else coordinates': { url: () => `/plans/${OTHER_PLAN}/amendments`, body: { legalNumber: '1', legalDate: '01.01.2025', effectiveFrom: '01.02.2025' }, expect: only(['coordinator'], 404) },
};

beforeAll(async () => {
  t = await buildTestApp();
  t.users.district = await makeUser(t.database.db, t.clock, 'executor', 'poltava-district-ma', { email: 'rva@test.example', displayName: 'Районна Адміністрація' });
  target = await makeUser(t.database.db, t.clock, 'executor', 'poltava-police', { email: 'target@test.example', displayName: 'Ціль Тестова' });
  // The regional administration executes no measure of plan 609: outside the coordinator's reach.
  outsider = await makeUser(t.database.db, t.clock, 'executor', 'poltava-ova', { email: 'outsider@test.example', displayName: 'Сторонній Користувач' });
  // An admin whose organisation the coordinator manages: still not the coordinator's to manage.
  policeAdmin = await makeUser(t.database.db, t.clock, 'admin', 'poltava-police', { email: 'police-admin@test.example', displayName: 'Адмін Поліції' });
  const api = await t.get(`/api/v1/plans/${PLAN_609}`);
  measureId = api.json().goals[0].tasks[0].measures[0].id;
  secondMeasureId = api.json().goals[0].tasks[0].measures[1].id;
  community = (await loadDirectory(t.database.db)).group('local-self-government')!.memberIds[0]!;
  const lastMeasure = api.json().goals[3].tasks[0].measures.at(-1).id;
  // Another region, with a directory and a plan of its own.
  const db = t.database.db;
  const clock = t.clock;
  await createOrganisation(db, clock, { id: 'kharkiv-ova', name: 'Харківська обласна військова адміністрація', kind: 'regional_administration' });
  await createOrganisation(db, clock, { id: 'kharkiv-social', name: 'Департамент соціального захисту населення Харківської ОВА', kind: 'department', parentId: 'kharkiv-ova' });
  policeOfficial = ((await addOfficial(db, clock, SYSTEM_ACTOR, 'poltava-police', { position: 'Начальник Головного управління', givenName: 'Петро', surname: 'Поліцейський', phone: '' })) as { id: number }).id;
  directorOfficial = ((await addOfficial(db, clock, SYSTEM_ACTOR, 'poltava-ova-social-protection', { position: 'Директор Департаменту', givenName: 'Ірина', surname: 'Директорська', phone: '' })) as { id: number }).id;
  kharkivOfficial = ((await addOfficial(db, clock, SYSTEM_ACTOR, 'kharkiv-social', { position: 'Директор Департаменту', givenName: 'Олена', surname: 'Харківська', phone: '' })) as { id: number }).id;
  await createGroup(db, clock, { id: 'kharkiv-ngos', name: 'Громадські організації Харківщини', ownerOrganisationId: 'kharkiv-ova', memberIds: [] });
  await createPlan(db, clock, {
    id: OTHER_PLAN,
    title: 'Харківський план',
    legal: { kind: 'розпорядження', issuer: 'Начальник Харківської ОВА', number: '1', date: '2024-01-10' },
    start: '2024-01-10',
    end: '2026-12-31',
    ownerOrganisationId: 'kharkiv-ova',
    coordinatorOrganisationId: 'kharkiv-social',
    state: 'active',
    schedule: DEFAULT_SCHEDULE,
    goals: [{ number: 1, title: 'Ціль', tasks: [{ number: 1, title: 'Завдання', measures: [{ code: '1.1', title: 'Захід', deadline: 'Постійно', executors: [{ organisationId: 'kharkiv-social' }] }] }] }],
  });
  // An applied amendment of plan 609 (it changes the last measure from 2025), and one being prepared.
  const directory = await loadDirectory(db);
  const plan = (await getPlan(db, PLAN_609))!;
  const first = await createAmendment(db, clock, SYSTEM_ACTOR, PLAN_609, { legalKind: '', legalNumber: '101', legalDate: '2024-07-10', effectiveFrom: '2025-01-01', note: '' });
  appliedAmendment = (first as { id: number }).id;
  await stageMeasureEdit(db, clock, SYSTEM_ACTOR, directory, plan, appliedAmendment, lastMeasure, { title: 'Нова редакція заходу', deadline: 'Постійно', executors: [{ type: 'organisation', id: 'poltava-police' }] });
  expect(await applyAmendment(db, clock, SYSTEM_ACTOR, directory, PLAN_609, appliedAmendment)).toEqual({ ok: true });
  const second = await createAmendment(db, clock, SYSTEM_ACTOR, PLAN_609, { legalKind: '', legalNumber: '202', legalDate: '2024-07-12', effectiveFrom: '2025-04-01', note: '' });
  draftAmendment = (second as { id: number }).id;
  await stageMeasureAddition(db, clock, SYSTEM_ACTOR, directory, plan, draftAmendment, { code: '4.8', taskId: (await planStructure(db, PLAN_609)).tasks.at(-1)!.id, title: 'Новий захід', deadline: '', executors: [{ type: 'organisation', id: 'poltava-police' }] });
  await stageMeasureEdit(db, clock, SYSTEM_ACTOR, directory, plan, draftAmendment, lastMeasure, { title: 'Ще нова редакція', deadline: 'Постійно', executors: [{ type: 'organisation', id: 'poltava-police' }] });
  indicatorId = (await measureIndicators(db, PLAN_609, measureId))[0]!.id;
  // Removed by the coordinator's row: one of its own.
  const spare = await addIndicator(db, clock, SYSTEM_ACTOR, plan, measureId, { name: 'Запасний показник', unit: 'од.', kind: 'count', aggregation: 'per_period', target: '', sensitive: false, additiveAcrossKinds: false });
  spareIndicatorId = (spare as { id: number }).id;
  otherMeasureId = Number((await db.selectFrom('measures').select('id').where('plan_id', '=', OTHER_PLAN).executeTakeFirstOrThrow()).id);
  const staged = (await getAmendment(db, directory, plan, draftAmendment))!.changes;
  stagedAddition = staged.find((c) => c.kind === 'add')!.id;
  stagedEdit = staged.find((c) => c.kind === 'edit')!.id;
  await enqueue(db, clock, 'report.accepted', { planId: PLAN_609, plan: plan.title, periodKey: '2024-H1', periodLabel: 'H1', periodYear: 2024, organisationId: 'poltava-police', organisation: 'Поліція' }, { address: 'police@test.example', name: null, userId: null, organisationId: 'poltava-police', locale: 'uk' });
  outboxId = Number((await db.selectFrom('outbox').select('id').executeTakeFirstOrThrow()).id);
  // An instruction to the police (executorA's organisation).
  instructionId = Number((await db.insertInto('instructions').values({ plan_id: PLAN_609, period_key: '2024-H2', measure_id: measureId, organisation_id: 'poltava-police', kind: 'explain', text: 'Надати пояснення', due_date: '2024-08-01', issued_by: t.users.supervisor!.id, issued_at: clock.now().toISOString() }).returning('id').executeTakeFirstOrThrow()).id);
});
afterAll(async () => {
  await t.close();
});

async function sessionOf(who: Who, fresh: boolean): Promise<Session | null> {
  if (who === 'anonymous') {
    const page = await t.app.inject({ method: 'GET', url: '/login' });
    const cookies = Object.fromEntries((page.cookies as { name: string; value: string }[]).map((c) => [c.name, c.value]));
    return { cookies, csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
  }
  if (fresh) return signIn(t.app, t.clock, t.users[who]!);
  let s = sessions.get(who);
  if (!s) {
    s = await signIn(t.app, t.clock, t.users[who]!);
    sessions.set(who, s);
  }
  return s;
}

async function run(method: string, c: Case, who: Who): Promise<LightMyRequestResponse> {
  // Signing out or ending sessions would spend the shared session: those run on a fresh one.
  const fresh = /logout|end-others|cancel/.test(c.url());
  const s = await sessionOf(who, fresh);
  // Ending "all other sessions" ends the shared one too: sign in afresh afterwards.
  if (fresh) sessions.delete(who);
  return t.app.inject({
    method: method as 'GET' | 'POST' | 'PUT',
    url: c.url(),
    cookies: s?.cookies ?? {},
    // The API takes the token in its header (its bodies have no room for it).
    ...(method === 'PUT' ? { payload: c.body, headers: { 'x-csrf-token': s?.csrf ?? '' } } : method === 'POST' ? { payload: { _csrf: s?.csrf, ...c.body } } : {}),
  });
}

function check(res: LightMyRequestResponse, expected: Outcome, label: string, method: string) {
  const s = res.statusCode;
  expect(s, `${label}: ${s} ${res.body.slice(0, 200)}`).toBeLessThan(500);
  switch (expected) {
    case 'ok':
      expect(s, label).toBeLessThan(400);
      break;
    case 'invalid':
      expect(s, label).toBe(400);
      break;
    case 'login':
      if (label.includes('/api/') || method !== 'GET') expect(s, label).toBe(401);
      else {
        expect(s, label).toBe(303);
        expect(String(res.headers.location), label).toMatch(/^\/login\?returnTo=/);
      }
      break;
    default:
      expect(s, label).toBe(expected);
  }
  if (expected !== 'ok' && expected !== 'invalid' && expected !== 409 && expected !== 422) {
    // Refused: no data of the resource in the body.
    for (const secret of ['@test.example', 'Оперативна ціль', 'Ціль Тестова', 'Сторонній Користувач', 'Адмін Поліції', 'poltava-ctb', 'Харківськ', 'Ще нова редакція']) {
      expect(res.body.includes(secret), `${label} leaks "${secret}"`).toBe(false);
    }
  }
}

describe(`route × role matrix on ${DIALECT}`, () => {
  it('has an expected outcome for every route the app serves', () => {
    const served = t.app.routeTable.map((r) => `${r.method} ${r.url}`).sort();
    const missing = served.filter((r) => !CASES[r]);
    expect(missing, 'routes without a row in the matrix').toEqual([]);
    expect(Object.keys(CASES).filter((k) => !served.includes(k)), 'rows for routes that do not exist').toEqual([]);
  });

  for (const [route, c] of Object.entries(CASES)) {
    it(`${route}`, async () => {
      const method = route.split(' ')[0]!;
      for (const who of WHO) check(await run(method, c, who), expectedOf(c.expect, who), `${route} as ${who}`, method);
    });
  }

  for (const [name, c] of Object.entries(ID_SWAP)) {
    it(`refuses ${name}`, async () => {
      const method = c.body ? 'POST' : 'GET';
      for (const who of WHO) check(await run(method, c, who), expectedOf(c.expect, who), `${name} (${method} ${c.url()}) as ${who}`, method);
    });
  }

  it('lets a district administration read its own communities’ reports and no other district’s', async () => {
    const db = t.database.db;
    const first = async (parent: string) => (await db.selectFrom('organisations').select('id').where('parent_id', '=', parent).where('kind', '=', 'community').orderBy('id').executeTakeFirstOrThrow()).id;
    const own = `/reports/${PLAN_609}/2024-H1/${await first('poltava-district-ma')}`;
    const other = `/reports/${PLAN_609}/2024-H1/${await first('lubny-district-ma')}`;
    const cases: [string, Expected][] = [
      [own, { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'ok', supervisor: 'ok', admin: 404, district: 'ok' }],
      [other, { anonymous: 'login', executorA: 404, executorB: 404, coordinator: 'ok', supervisor: 'ok', admin: 404, district: 404 }],
    ];
    for (const [url, expected] of cases) for (const who of WHO) check(await run('GET', { url: () => url, expect: expected }, who), expectedOf(expected, who), `${url} as ${who}`, 'GET');
    // Nor may it act on one of them.
    for (const action of ['submit', 'withdraw', 'review', 'on-behalf']) check(await run('POST', { url: () => `${own}/${action}`, body: {}, expect: everyone(403) }, 'district'), 403, `${own}/${action} as district`, 'POST');
  });

  it('records refused id swaps in the audit log', async () => {
    const coordinator = await sessionOf('coordinator', false);
    const res = await t.app.inject({ method: 'GET', url: `/users/${outsider.id}`, cookies: coordinator!.cookies });
    expect(res.statusCode).toBe(404);
    const audit = await t.app.inject({ method: 'GET', url: '/audit?action=access.refused', cookies: coordinator!.cookies });
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain(outsider.id);
    expect(audit.body).toContain(t.users.coordinator!.email);
  });
});
