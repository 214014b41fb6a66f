import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { migrations } from '../../db/migrations/index.ts';

/** Below this much free space in the data folder (SQLite), the server is not ready to take writes. */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

/** Free bytes of the file system holding a folder, or null when it cannot be told. */
function freeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/**
 * Health checks for a load balancer or a supervisor: alive, and able to reach the database and
 * to write — `storage` is 'full' or 'io' after a write the disk refused (until a write goes
 * through again), 'low' when the SQLite data folder has less than 64 MB free.
 */
export default async function healthRoutes(app: FastifyInstance) {
  const { db, config, database } = app.zvit;
  const open = { config: { permission: 'public' }, schema: { hide: true } };
  app.get('/healthz', open, async () => ({ status: 'ok' }));
  app.get('/readyz', open, async (_request, reply) => {
    if (app.lifecycle.stopping) return reply.code(503).send({ status: 'unavailable', stopping: true });
    let behind: string[];
    try {
      // The schema must have every migration this version knows (another process may be migrating).
      const applied = new Set((await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name));
      behind = Object.keys(migrations).filter((name) => !applied.has(name));
    } catch (err) {
      app.log.error({ err }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
    if (behind.length > 0) {
      app.log.warn({ behind }, 'readiness check: migrations not applied');
      return reply.code(503).send({ status: 'unavailable', database: 'ok', migrations: 'behind', missing: behind });
    }
    const failure = app.storageHealth.lastFailure;
    const free = database.dialect === 'sqlite' ? freeBytes(config.dataDir) : null;
    const storage = failure ? failure.problem : free !== null && free < MIN_FREE_BYTES ? 'low' : 'ok';
    if (storage !== 'ok') {
      app.log.warn({ storage, since: failure?.at }, 'readiness check: storage');
      return reply.code(503).send({ status: 'unavailable', database: 'ok', storage, ...(failure ? { since: failure.at } : {}) });
    }
    return { status: 'ok', database: 'ok', storage: 'ok' };
  });
}
