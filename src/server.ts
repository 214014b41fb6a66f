import type { FastifyInstance } from 'fastify';
import { warmExports } from './features/consolidation/exports/index.ts';
import { buildApp } from './app.ts';
import { fixedClock, systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { lockDataFolder } from './db/data-folder-lock.ts';
import { migrateToLatest } from './db/migrator.ts';
import { createDemoAccounts } from './features/demo/service.ts';
import { createDemoCycle } from './features/demo/cycle.ts';
import { createDemoContacts } from './features/demo/contacts.ts';
import { confirmDemoRequisites, createDemoOfficials } from './features/demo/officials.ts';
import { createDemoStatistics } from './features/demo/statistics.ts';
import { createDemoPublication } from './features/demo/publication.ts';
import { startMailer } from './features/mail/worker.ts';
import { startScheduler, type Scheduler } from './features/mail/reminders.ts';
import { seed } from './features/seed/service.ts';
import { translator } from './i18n/index.ts';

export function clockFor(config: Config): Clock {
  return config.fixedNow ? fixedClock(config.fixedNow) : systemClock;
}

export interface Running {
  app: FastifyInstance;
  database: DatabaseHandle;
  url: string;
  close(): Promise<void>;
  /**
   * SIGTERM's way out: /readyz turns 503, requests keep being answered until none has been in
   * flight for a quarter of a second (so a request already sent but not yet read is answered too,
   * not cut off), at most `graceMs`; then `close()`.
   */
  drainAndClose(graceMs?: number): Promise<void>;
}

/**
 * Migrates and serves. With `demo`, it also loads the directory and plans into an empty database
 * and creates the demo accounts on a database without users (`npm start`); production
 * (`zvit serve`) never creates accounts.
 */
export async function startServer(config: Config, options: { demo: boolean; print?: (line: string) => void }): Promise<Running> {
  const print = options.print ?? ((line: string) => process.stdout.write(line + '\n'));
  const clock = clockFor(config);
  // One server per SQLite data folder: a second is refused here, naming the first one's pid.
  const unlock = config.databaseUrl ? () => {} : lockDataFolder(config.dataDir);
  let database: DatabaseHandle;
  try {
    database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    unlock();
    throw err;
  }
  try {
    await migrateToLatest(database.db);
    if (options.demo) {
      const seeded = await seed(database.db, clock);
      const { t } = translator('uk');
      if (seeded.changed) {
        print(t('cli.seeded', { organisations: seeded.organisations, groups: seeded.groups, plans: seeded.plans.length, planIds: seeded.plans.join(', ') || '—' }));
      }
      const demo = await createDemoAccounts(database.db, clock, config.dataDir, config.passwordHash);
      if (demo) {
        await createDemoContacts(database.db, clock);
        await createDemoOfficials(database.db, clock);
        const cycle = await createDemoCycle(database.db, clock);
        await confirmDemoRequisites(database.db, clock);
        await createDemoStatistics(database.db, clock);
        await createDemoPublication(database.db, clock);
        if (cycle) print(t('cli.demoCycle', { periods: cycle.periods.length, successor: cycle.successor ?? '—' }));
        print(t('cli.demoAccounts', { file: demo.file }));
        print('role\tlogin\tpassword\torganisation\ttotp-secret');
        for (const line of demo.lines) print(line);
      }
    }
  } catch (err) {
    await database.destroy();
    unlock();
    throw err;
  }
  const app = await buildApp({ config, database, clock });
  let mailer: ReturnType<typeof startMailer> = null;
  let scheduler: Scheduler | null = null;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await scheduler?.stop();
    await mailer?.stop();
    await app.close();
    await database.destroy();
    unlock();
  };
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await close();
    throw err;
  }
  let inFlight = 0;
  app.server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => inFlight--);
  });
  const drainAndClose = async (graceMs = 20_000) => {
    app.lifecycle.stopping = true;
    const until = Date.now() + graceMs;
    for (let quietSince = Date.now(); Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      if (inFlight > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= 250) break;
    }
    await close();
  };
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  // The outbox's worker: one per process (on PostgreSQL several processes share the work).
  mailer = startMailer(database.db, clock, config, app.log);
  // Reminders are written whether or not mail is set up: they are also notifications in Zvit.
  scheduler = startScheduler(database.db, clock, app.log, undefined, config.invitationDays);
  // The document libraries, a few seconds after start (not before the first page is served).
  setTimeout(() => void warmExports().catch((err) => app.log.warn({ err }, 'document libraries could not be imported')), 3000).unref();
  app.log.info({ url, database: database.describe, mail: config.mail.smtpUrl ? 'smtp' : 'outbox only' }, 'Zvit is serving');
  return { app, database, url, close, drainAndClose };
}
