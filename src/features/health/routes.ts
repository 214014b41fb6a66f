import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';

/** Health checks for a load balancer or a supervisor: alive, and able to reach the database. */
export default async function healthRoutes(app: FastifyInstance) {
  const { db } = app.zvit;
  const open = { config: { permission: 'public' }, schema: { hide: true } };
  app.get('/healthz', open, async () => ({ status: 'ok' }));
  app.get('/readyz', open, async (_request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok', database: 'ok' };
    } catch (err) {
      app.log.error({ err }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
}
