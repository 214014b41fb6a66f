import fp from 'fastify-plugin';

/**
 * Every route declares the permission it requires (`config.permission`), or 'public'. A route
 * without one is a programming error, refused when the app starts. The check of the permission
 * against the signed-in user arrives with accounts (issue 3) in the `onRequest` hook below — one
 * place, for every route.
 */
export class UndeclaredPermissionError extends Error {}

export interface RouteEntry {
  method: string;
  url: string;
  permission: string;
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
      if (typeof permission !== 'string' || permission === '') {
        throw new UndeclaredPermissionError(`Route ${String(route.method)} ${route.url} declares no permission`);
      }
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') table.push({ method, url: route.url, permission });
      }
    });
  },
  { name: 'zvit-access' },
);
