import { ConfigError, loadConfig, type Config } from '../config.ts';
import { translator, type MessageKey } from '../i18n/index.ts';
import fs from 'node:fs';
import path from 'node:path';
import { checkDataDir, openDatabase, SQLITE_FILE } from '../db/database.ts';
import { DataFolderLockedError } from '../db/data-folder-lock.ts';
import type { PlanReading } from '../domain/plan-import/reading.ts';
import type { AmendmentReading } from '../domain/plan-import/amendment.ts';
import { ImportError, importDirectory, importDraftPlan, MAX_IMPORT_BYTES, amendmentJson, readingJson, readOrderFile } from '../features/imports/service.ts';
import { SYSTEM_ACTOR } from '../features/audit/service.ts';
import { curatedImportDirectory } from '../features/seed/service.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { BackupError, backupSqlite, restoreSqlite } from '../features/backup/service.ts';
import { verifyAuditLog } from '../features/audit/service.ts';
import { loadDirectory } from '../features/organisations/service.ts';
import { seed } from '../features/seed/service.ts';
import { createAdmin, emailTaken } from '../features/users/service.ts';
import { demoTotpCode } from '../features/demo/service.ts';
import { generateNational, type NationalOptions } from '../features/demo/national.ts';
import { clockFor, startServer } from '../server.ts';

/** `zvit` — a thin command line over the same services the server uses. */

const { t } = translator('uk');
const USAGE = t('cli.usage');

/** The directory to match executors against: the database's when it has one, else the curated one. Nothing is written. */
async function directoryForParsing(config: Config) {
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, SQLITE_FILE))) return curatedImportDirectory();
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const d = await importDirectory(database.db);
    return d.organisations.length > 0 ? d : curatedImportDirectory();
  } catch {
    return curatedImportDirectory();
  } finally {
    await database.destroy();
  }
}

/** Reads a file the CLI was given, or says why it cannot. */
function readInputFile(file: string, err: (s: string) => void): Uint8Array | null {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    if (stat.size > MAX_IMPORT_BYTES) {
      err(t('import.error.too-large', { mb: MAX_IMPORT_BYTES / 1024 / 1024 }));
      return null;
    }
    return fs.readFileSync(file);
  } catch (e) {
    err(t('cli.fileUnreadable', { file, reason: (e as NodeJS.ErrnoException).code ?? String(e) }));
    return null;
  }
}

/** `zvit plan import FILE --coordinator ORG [--owner ORG]`: a draft plan from an order. */
async function importPlan(config: Config, file: string | undefined, args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const flags = parseFlags(args);
  if (!file || !flags || !flags.coordinator || Object.keys(flags).some((k) => !['coordinator', 'owner'].includes(k))) {
    err(t('cli.planImportUsage'));
    return EXIT.usage;
  }
  const bytes = readInputFile(file, err);
  if (!bytes) return EXIT.usage;
  return withDatabase(config, async (database) => {
    await migrateToLatest(database.db);
    const directory = await loadDirectory(database.db);
    const coordinator = directory.organisation(flags.coordinator!);
    const owner = directory.organisation(flags.owner ?? coordinator?.parentId ?? flags.coordinator!);
    if (!coordinator || !owner) {
      err(`${t('users.error.organisation')}: ${!coordinator ? flags.coordinator : flags.owner}`);
      return EXIT.usage;
    }
    try {
      const result = await importDraftPlan(database.db, clockFor(config), SYSTEM_ACTOR, { bytes, fileName: path.basename(file), coordinatorOrganisationId: coordinator.id, ownerOrganisationId: owner.id });
      if (result.kind === 'amendment') {
        out(t('cli.amendmentImported', { id: result.planId, staged: result.staged, url: `${config.baseUrl}/plans/${result.planId}/amendments/${result.amendmentId}` }));
        for (const problem of result.problems) out(`  ${problem}`);
      } else out(t('cli.planImported', { id: result.planId, measures: result.measures, warnings: result.warnings, proposed: result.proposedOrganisations.length, url: `${config.baseUrl}/plans/${result.planId}` }));
      return EXIT.ok;
    } catch (e) {
      if (e instanceof ImportError) {
        err(t(`import.error.${e.problem}` as MessageKey, { mb: MAX_IMPORT_BYTES / 1024 / 1024, ...e.params }));
        return EXIT.usage;
      }
      throw e;
    }
  });
}

/** A reading for a person: the plan's outline, then what needs checking. */
function describeReading(reading: PlanReading): string {
  const lines: string[] = [];
  if (reading.meta.title) lines.push(reading.meta.title);
  for (const g of reading.goals) {
    lines.push('', g.implicit ? g.title : t('plan.goal', { number: g.number }) + '. ' + g.title);
    for (const task of g.tasks) {
      if (!task.implicit) lines.push('  ' + t('plan.task', { number: task.number }) + '. ' + task.title);
      for (const m of task.measures) {
        const who = m.executors.map((e) => (e.proposed ? `?${e.name}` : e.name)).join('; ');
        lines.push(`    ${m.code}  [${m.deadline ?? '—'}]  ${m.title.replace(/\s+/g, ' ').slice(0, 100)}`);
        lines.push(`          ${who}`);
      }
    }
  }
  if (reading.schedule) lines.push('', `${t('import.schedule')}: ${reading.schedule.sentence}`);
  lines.push('', t('import.warnings', { count: reading.warnings.length }));
  for (const w of reading.warnings) lines.push(`  ${w.measure ?? '—'}: ${w.message}`);
  return lines.join('\n');
}

/** An amending order's reading for a person: which order it changes, and how. */
function describeAmendment(reading: AmendmentReading): string {
  const lines = [t('cli.amendmentReading', { number: reading.amends.legalNumber ?? '?', date: reading.amends.legalDate ?? '?' })];
  for (const c of reading.changes) {
    const what = c.substitution ? `«${c.substitution.from}» → «${c.substitution.to}»` : c.op === 'remove' ? '' : `[${c.deadline ?? '—'}] ${(c.title ?? '').replace(/\s+/g, ' ').slice(0, 100)}`;
    lines.push(`  ${t(`cli.amendmentOp.${c.op}`)} ${c.measure} ${what}`.trimEnd());
  }
  lines.push('', t('import.warnings', { count: reading.warnings.length }));
  for (const w of reading.warnings) lines.push(`  ${w.measure ?? '—'}: ${w.message}`);
  return lines.join('\n');
}

/** `--name value` pairs; null when an argument is not of that shape. */
function parseFlags(args: string[]): Record<string, string> | null {
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i];
    const value = args[i + 1];
    if (!key?.startsWith('--') || value === undefined || value.startsWith('--')) return null;
    flags[key.slice(2)] = value;
  }
  return flags;
}

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

/** `demo generate` with its flags (each once, a whole number in range); null when anything else is given. */
export function parseGenerate(rest: readonly string[]): NationalOptions | null {
  if (rest[0] !== 'generate') return null;
  const o: NationalOptions = { regions: 25, communitiesPerRegion: 60, periods: 6, seed: 1 };
  const flags: Record<string, [keyof NationalOptions, number, number]> = { '--regions': ['regions', 1, 25], '--communities-per-region': ['communitiesPerRegion', 1, 200], '--periods': ['periods', 1, 20], '--seed': ['seed', 0, 2_147_483_647] };
  const seen = new Set<string>();
  for (let i = 1; i < rest.length; i += 2) {
    const flag = flags[rest[i]!];
    const value = rest[i + 1];
    if (!flag || seen.has(rest[i]!) || value === undefined || !/^\d{1,10}$/.test(value) || Number(value) < flag[1] || Number(value) > flag[2]) return null;
    seen.add(rest[i]!);
    o[flag[0]] = Number(value);
  }
  return o;
}

export async function run(argv: string[], out = (s: string) => process.stdout.write(s + '\n'), err = (s: string) => process.stderr.write(s + '\n')): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return command ? EXIT.ok : EXIT.usage;
  }
  const takesArguments = command === 'user' || command === 'audit' || command === 'demo-code' || command === 'plan' || command === 'demo' || command === 'backup' || command === 'restore';
  if (rest.length > 0 && !takesArguments) {
    err(`${t('cli.noArguments', { command, args: rest.join(' ') })}\n\n${USAGE}`);
    return EXIT.usage;
  }
  let config: Config;
  try {
    // `npm start` is for people trying Zvit: warnings only, unless they ask for more.
    config = loadConfig(undefined, undefined, command === 'start' ? { logLevel: 'warn' } : {});
  } catch (e) {
    if (e instanceof ConfigError) {
      err(t('cli.badConfig', { variable: e.variable, message: t(`config.${e.problem}` as MessageKey, e.values) }));
      return EXIT.usage;
    }
    throw e;
  }
  if ((['start', 'serve', 'migrate', 'seed', 'user', 'audit', 'demo-code', 'demo'].includes(command) || (command === 'plan' && rest[0] === 'import')) && !config.databaseUrl || command === 'start') {
    try {
      checkDataDir(config.dataDir);
    } catch (e) {
      err(t('cli.badConfig', { variable: 'ZVIT_DATA_DIR', message: t('config.dataDir', { got: config.dataDir, reason: (e as NodeJS.ErrnoException).code ?? String(e) }) }));
      return EXIT.usage;
    }
  }
  try {
    return await runCommand(command, rest, config, out, err);
  } catch (e) {
    if (e instanceof DataFolderLockedError) {
      err(t('cli.dataDirLocked', { dir: config.dataDir, pid: e.pid, file: e.file }));
      return EXIT.failed;
    }
    const code = (e as NodeJS.ErrnoException).code ?? ((e as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    if (!config.databaseUrl && (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')) {
      err(t('cli.databaseDamaged', { file: path.join(config.dataDir, SQLITE_FILE), reason: (e as Error).message }));
      return EXIT.failed;
    }
    if (code === 'EADDRINUSE') {
      err(t('cli.portInUse', { port: config.port }));
      return EXIT.usage;
    }
    if (code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL' || code === 'EAI_AGAIN') {
      err(t('cli.hostUnusable', { host: config.host }));
      return EXIT.usage;
    }
    if (code === 'ECONNREFUSED' || code === '28P01' || code === '3D000' || code === '28000') {
      err(t('cli.databaseUnreachable', { where: config.databaseUrl ? new URL(config.databaseUrl).host : config.dataDir }));
      return EXIT.failed;
    }
    throw e;
  }
}

async function runCommand(command: string, rest: string[], config: Config, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  switch (command) {
    case 'start':
    case 'serve': {
      const running = await startServer(config, { demo: command === 'start', print: out });
      const stop = async (signal: string) => {
        running.app.log.info({ signal }, 'shutting down');
        await running.drainAndClose();
        process.exit(EXIT.ok);
      };
      // Before the line that says it serves: whoever reads that line may stop it at once, and a
      // signal without a handler would end the process without closing (the lock file stays).
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      out(t('cli.serving', { url: running.url }));
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
    case 'user': {
      const [sub, ...args] = rest;
      const flags = parseFlags(args);
      if (sub !== 'create-admin' || !flags || !flags.email || !flags.organisation || Object.keys(flags).some((k) => !['email', 'organisation', 'name'].includes(k))) {
        err(t('cli.adminUsage'));
        return EXIT.usage;
      }
      return withDatabase(config, async (database) => {
        await migrateToLatest(database.db);
        const email = flags.email!.trim().toLowerCase();
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(email) || email.length > 254) {
          err(t('auth.error.emailInvalid'));
          return EXIT.usage;
        }
        const directory = await loadDirectory(database.db);
        const organisation = directory.organisation(flags.organisation!);
        if (!organisation) {
          err(`${t('users.error.organisation')}: ${flags.organisation}`);
          return EXIT.usage;
        }
        if (await emailTaken(database.db, email)) {
          err(t('users.error.emailTaken'));
          return EXIT.usage;
        }
        const { token } = await createAdmin(database.db, clockFor(config), { email, displayName: flags.name ?? email, organisationId: organisation.id });
        out(t('cli.adminCreated', { email, organisation: organisation.name, link: `${config.baseUrl}/invitation/${token}` }));
        return EXIT.ok;
      });
    }
    case 'plan': {
      const [sub, first, ...others] = rest;
      if (sub === 'import') return importPlan(config, first, others, out, err);
      // `plan parse FILE --json` or `plan parse --json FILE`.
      const words = [first, ...others].filter((w): w is string => w !== undefined);
      const json = words.includes('--json');
      const files = words.filter((w) => w !== '--json');
      const file = files.length === 1 ? files[0] : undefined;
      if (sub !== 'parse' || !file || files.some((w) => w.startsWith('--'))) {
        err(t('cli.planUsage'));
        return EXIT.usage;
      }
      const bytes = readInputFile(file, err);
      if (!bytes) return EXIT.usage;
      const directory = await directoryForParsing(config);
      let reading;
      try {
        reading = await readOrderFile(bytes, directory);
      } catch (e) {
        if (e instanceof ImportError) {
          err(t(`import.error.${e.problem}` as MessageKey, { mb: MAX_IMPORT_BYTES / 1024 / 1024, ...e.params }));
          return EXIT.usage;
        }
        throw e;
      }
      if (reading.kind === 'amendment') out(json ? JSON.stringify(amendmentJson(reading), null, 2) : describeAmendment(reading));
      else if (json) out(JSON.stringify(readingJson(reading), null, 2));
      else out(describeReading(reading));
      return EXIT.ok;
    }
    case 'demo': {
      const options = parseGenerate(rest);
      if (!options) {
        err(t('cli.demoGenerateUsage'));
        return EXIT.usage;
      }
      return withDatabase(config, async (database) => {
        await migrateToLatest(database.db);
        const existing = await database.db.selectFrom('plans').select('id').where('id', 'like', 'n__-ctb-plan').executeTakeFirst();
        if (existing) {
          err(t('cli.demoGenerateExists', { plan: existing.id }));
          return EXIT.usage;
        }
        const started = performance.now();
        const made = await generateNational(database.db, clockFor(config), options);
        out(t('cli.demoGenerated', { seconds: ((performance.now() - started) / 1000).toFixed(1), plans: made.plans.length, organisations: made.organisations, reports: made.reports, entries: made.entries }));
        return EXIT.ok;
      });
    }
    case 'demo-code': {
      if (rest.length !== 1) {
        err(t('cli.demoCodeUsage'));
        return EXIT.usage;
      }
      // Never create an empty database to look a code up in: say where the data was looked for.
      if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, SQLITE_FILE))) {
        err(t('cli.noDatabase', { dir: path.resolve(config.dataDir) }));
        return EXIT.usage;
      }
      return withDatabase(config, async (database) => {
        const code = await demoTotpCode(database.db, clockFor(config), rest[0]!);
        if (!code) {
          err(t('cli.demoCodeNone', { login: rest[0]! }));
          return EXIT.usage;
        }
        out(code);
        return EXIT.ok;
      });
    }
    case 'audit': {
      if (rest.length !== 1 || rest[0] !== 'verify') {
        err(t('cli.auditUsage'));
        return EXIT.usage;
      }
      return withDatabase(config, async (database) => {
        await migrateToLatest(database.db);
        const { problem, count } = await verifyAuditLog(database.db);
        if (!problem) {
          out(t('cli.auditOk', { count }));
          return EXIT.ok;
        }
        err(t('cli.auditBroken', { where: problem.id === null ? 'head' : `event ${problem.id} (${problem.problem})` }));
        return EXIT.failed;
      });
    }
    case 'backup':
    case 'restore': {
      if (rest.length !== 1 || rest[0]!.startsWith('-')) {
        err(t('cli.backupUsage'));
        return EXIT.usage;
      }
      if (config.databaseUrl) {
        err(t('cli.backup.postgres'));
        return EXIT.usage;
      }
      try {
        if (command === 'backup') {
          const done = await backupSqlite(config.dataDir, rest[0]!);
          out(t('cli.backupDone', { file: done.file, megabytes: (done.bytes / 1048576).toFixed(1) }));
        } else {
          const done = await restoreSqlite(rest[0]!, config.dataDir);
          out(t('cli.restoreDone', { file: done.file, events: done.events }));
        }
        return EXIT.ok;
      } catch (e) {
        if (!(e instanceof BackupError)) throw e;
        err(t(`cli.backup.${e.problem}` as MessageKey, e.values));
        return e.problem === 'exists' || e.problem === 'not-empty' ? EXIT.usage : EXIT.failed;
      }
    }
    default:
      err(`${t('cli.unknownCommand', { command })}\n\n${USAGE}`);
      return EXIT.usage;
  }
}
