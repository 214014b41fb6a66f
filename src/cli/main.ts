import { ConfigError, loadConfig, type Config } from '../config.ts';
import { translator } from '../i18n/index.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { seed } from '../features/seed/service.ts';
import { clockFor, startServer } from '../server.ts';

/** `zvit` — a thin command line over the same services the server uses. */

const { t } = translator('uk');
const USAGE = t('cli.usage');

/** Exit codes: 0 done, 1 failed while working, 2 bad usage or configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

async function withDatabase<T>(config: Config, work: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await work(database);
  } finally {
    await database.destroy();
  }
}

export async function run(argv: string[], out = (s: string) => process.stdout.write(s + '\n'), err = (s: string) => process.stderr.write(s + '\n')): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (rest.length > 0) {
    err(`${t('cli.noArguments', { command, args: rest.join(' ') })}\n\n${USAGE}`);
    return EXIT.usage;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      err(t('cli.badConfig', { variable: e.variable, message: e.message.slice(e.variable.length + 2) }));
      return EXIT.usage;
    }
    throw e;
  }
  switch (command) {
    case 'start':
    case 'serve': {
      const running = await startServer(config, { demo: command === 'start', print: out });
      out(t('cli.serving', { url: running.url }));
      const stop = async (signal: string) => {
        running.app.log.info({ signal }, 'shutting down');
        await running.close();
        process.exit(EXIT.ok);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      return -1; // keep running
    }
    case 'migrate':
      return withDatabase(config, async (database) => {
        const applied = await migrateToLatest(database.db);
        out(applied.length ? t('cli.migrated', { names: applied.join(', ') }) : t('cli.upToDate'));
        return EXIT.ok;
      });
    case 'seed':
      return withDatabase(config, async (database) => {
        await migrateToLatest(database.db);
        const result = await seed(database.db, clockFor(config));
        out(
          result.changed
            ? t('cli.seeded', { organisations: result.organisations, groups: result.groups, plans: result.plans.length, planIds: result.plans.join(', ') || '—' })
            : t('cli.seedUnchanged'),
        );
        return EXIT.ok;
      });
    default:
      err(`${t('cli.unknownCommand', { command })}\n\n${USAGE}`);
      return EXIT.usage;
  }
}
