import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { totpCode } from '../../src/features/auth/service.ts';
import { startServer, type Running } from '../../src/server.ts';
import { TEST_NOW } from './app.ts';
import { describeViolations, launchBrowser, seriousViolations } from './browser.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

/** Where journeys leave their screenshots (looked at by people, not compared by tests). */
export const SHOTS = path.resolve('test-results/screenshots');

export interface E2e {
  database: TestDatabase;
  server: Running;
  browser: Browser;
  accounts: Record<string, { login: string; password: string; totp: string }>;
  /** Signs in through the form, as a person would (with the second factor where the account has one). */
  signIn(page: Page, who: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The same start-up as `npm start` (migrate, directory, plan 609, demo accounts), and a Chromium.
 * `env` adds to (or overrides) the server's settings: mail through a test SMTP server, say.
 */
export async function startE2e(options: { env?: Record<string, string> } = {}): Promise<E2e> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const database = await createTestDatabase({ migrate: false });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ZVIT_DATA_DIR: database.dataDir,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ZVIT_LOG_LEVEL: 'silent',
    ZVIT_NOW: TEST_NOW,
    ZVIT_ARGON2_MEMORY_KIB: '1024',
    ZVIT_ARGON2_ITERATIONS: '1',
    ...options.env,
  });
  const server = await startServer(config, { demo: true, print: () => {} });
  const accounts: E2e['accounts'] = {};
  for (const line of fs.readFileSync(path.join(database.dataDir, 'demo-accounts.txt'), 'utf8').split('\n').filter(Boolean)) {
    const [, login, password, , totp] = line.split('\t');
    accounts[login!.split('@')[0]!] = { login: login!, password: password!, totp: totp ?? '' };
  }
  const browser = await launchBrowser();
  return {
    database,
    server,
    browser,
    accounts,
    async signIn(page, who) {
      const a = accounts[who]!;
      await page.goto(`${server.url}/login`);
      await page.fill('#email', a.login);
      await page.fill('#password', a.password);
      await page.click('form.form button[type="submit"]');
      if (a.totp) {
        await page.waitForURL(/\/login\/second-factor/);
        await page.fill('#code', totpCode(a.totp, new Date(TEST_NOW)));
        await page.click('form.form button[type="submit"]');
      }
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    },
    async close() {
      await browser.close();
      await server.close();
      await database.cleanup();
    },
  };
}

export async function expectAccessible(page: Page, name: string) {
  const violations = await seriousViolations(page);
  expect(violations, `${name}:\n${describeViolations(violations)}`).toEqual([]);
}
