import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { fixedClock, type Clock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { seed } from '../../src/features/seed/service.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const PLAN_609 = 'poltava-ctb-2023-2025';

/** "Now" in tests: 16.07.2024, the day after the H1 2024 executor deadline. */
export const TEST_NOW = '2024-07-16T09:00:00.000Z';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  clock: Clock;
  close(): Promise<void>;
}

/** Boots the whole application on a fresh database (seeded with the directory and plan 609). */
export async function buildTestApp(options: { seed?: boolean; now?: string; beforeReady?: (app: FastifyInstance) => void } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = fixedClock(options.now ?? TEST_NOW);
  if (options.seed !== false) await seed(database.db, clock);
  const config = loadConfig({ ZVIT_DATA_DIR: database.dataDir, ZVIT_LOG_LEVEL: 'silent', ZVIT_ARGON2_MEMORY_KIB: '1024', ZVIT_ARGON2_ITERATIONS: '1' });
  const app = await buildApp({ config, database, clock, logger: false });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app,
    database,
    clock,
    async close() {
      await app.close();
      await database.cleanup();
    },
  };
}
