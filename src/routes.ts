import type { FastifyInstance } from 'fastify';
import auditRoutes from './features/audit/routes.tsx';
import authRoutes from './features/auth/routes.tsx';
import healthRoutes from './features/health/routes.ts';
import importRoutes from './features/imports/routes.tsx';
import organisationApi from './features/organisations/api.ts';
import organisationRoutes from './features/organisations/routes.tsx';
import contactRoutes from './features/organisations/contacts-routes.tsx';
import planApi from './features/plans/api.ts';
import planRoutes from './features/plans/routes.tsx';
import planLifecycleRoutes from './features/plans/lifecycle-routes.tsx';
import amendmentRoutes from './features/plans/amendment-routes.tsx';
import indicatorRoutes from './features/plans/indicator-routes.tsx';
import requisitesRoutes from './features/plans/requisites.tsx';
import reportRoutes from './features/reports/routes.tsx';
import fillInRoutes from './features/fill-in/routes.tsx';
import reportApi from './features/reports/api.ts';
import consolidationRoutes from './features/consolidation/routes.tsx';
import preferenceRoutes from './features/preferences/routes.ts';
import userRoutes from './features/users/routes.tsx';
import mailRoutes from './features/mail/routes.tsx';
import invitationRoutes from './features/invitations/routes.tsx';
import calendarRoutes from './features/calendar/routes.tsx';
import homeRoutes from './features/home/routes.tsx';
import officialRoutes from './features/organisations/officials-routes.tsx';
import profileRoutes from './features/users/profile-routes.tsx';
import statisticsRoutes from './features/statistics/routes.tsx';
import reconciliationRoutes from './features/statistics/reconciliation-routes.tsx';
import structureRoutes from './features/statistics/structure-routes.tsx';
import instructionRoutes from './features/instructions/routes.tsx';
import publicRoutes from './features/public/routes.tsx';
import dashboardRoutes from './features/dashboards/routes.tsx';
import searchRoutes from './features/search/routes.tsx';

/** Every route of the application, registered in one place. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(preferenceRoutes);
  await app.register(authRoutes);
  await app.register(homeRoutes);
  // Before the plan routes: "/plans/import" is not a plan id.
  await app.register(importRoutes);
  await app.register(planRoutes);
  await app.register(planLifecycleRoutes);
  await app.register(amendmentRoutes);
  await app.register(indicatorRoutes);
  await app.register(requisitesRoutes);
  await app.register(reportRoutes);
  await app.register(fillInRoutes);
  await app.register(consolidationRoutes);
  await app.register(organisationRoutes);
  await app.register(contactRoutes);
  await app.register(userRoutes);
  await app.register(auditRoutes);
  await app.register(mailRoutes);
  await app.register(invitationRoutes);
  await app.register(calendarRoutes);
  await app.register(officialRoutes);
  await app.register(profileRoutes);
  // Before the statistics' submission routes: "reconciliations" is not a form's key.
  await app.register(reconciliationRoutes);
  await app.register(structureRoutes);
  await app.register(instructionRoutes);
  await app.register(publicRoutes);
  await app.register(dashboardRoutes);
  await app.register(searchRoutes);
  await app.register(statisticsRoutes);
  await app.register(
    async (api) => {
      await api.register(planApi);
      await api.register(organisationApi);
      await api.register(reportApi);
      api.get('/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => api.swagger());
    },
    { prefix: '/api/v1' },
  );
}
