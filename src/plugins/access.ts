import fp from 'fastify-plugin';
import { isPermission } from '../domain/permissions.ts';

/**
 * Every route declares the access it requires (`config.permission`): a named permission,
 * 'signed-in' or 'public'. A route without one is a programming error, refused when the app
 * starts. The session plugin checks the declared access for every request.
 */
export class UndeclaredPermissionError extends Error {}

export interface RouteEntry {
  method: string;
  url: string;
  permission: string;
  /** The response schemas by status, when the route declares them (the API's). */
  response?: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the permission it declares (tests walk it). */
    routeTable: RouteEntry[];
  }
}

export default fp(
  async (app) => {
    const table: RouteEntry[] = [];
    app.decorate('routeTable', table);
    app.addHook('onRoute', (route) => {
      const permission = (route.config as { permission?: unknown } | undefined)?.permission;
      if (typeof permission !== 'string' || !(permission === 'public' || permission === 'signed-in' || isPermission(permission))) {
        throw new UndeclaredPermissionError(`Route ${String(route.method)} ${route.url} declares no permission`);
      }
      for (const method of [route.method].flat()) {
        const response = (route.schema as { response?: Record<string, unknown> } | undefined)?.response;
        if (method !== 'HEAD') table.push({ method, url: route.url, permission, ...(response ? { response } : {}) });
      }
    });
  },
  { name: 'zvit-access' },
);
