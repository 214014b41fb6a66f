import { defineConfig } from 'vitest/config';

// Three projects: unit (pure domain), integration (database and HTTP, on the dialect named by
// ZVIT_TEST_DIALECT) and e2e (a real Chromium). `npm test` runs all three on SQLite;
// `npm run test:pg` runs integration and e2e on PostgreSQL.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/domain/**/*.test.ts', 'src/i18n/**/*.test.ts', 'src/config.test.ts', 'test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/features/**/*.test.{ts,tsx}', 'src/db/**/*.test.ts', 'src/plugins/**/*.test.ts', 'test/integration/**/*.test.ts'],
          // Several tests start `zvit` processes (3–8 s each on this 2-core machine when the suite
          // runs files in parallel): the limit only stops a hung test, it measures nothing.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // A journey takes 20–60 s on this 2-core machine, more when it is busy: the limit only
          // stops a hung browser, it measures nothing.
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
