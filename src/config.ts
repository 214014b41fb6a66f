import path from 'node:path';

/**
 * Configuration from environment variables, read and validated once at start. This is the only
 * module that reads `process.env`; everything else receives a `Config`.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Unset: SQLite in the data folder; `postgres://…`: PostgreSQL. */
  databaseUrl: string | null;
  baseUrl: string;
  logLevel: LogLevel;
  /** A fixed "now" for demos and tests (ISO instant); null: the system clock. */
  fixedNow: Date | null;
  /** Cost of argon2id password hashes (memory in KiB, iterations). */
  passwordHash: { memoryCost: number; timeCost: number };
  session: { idleMinutes: number; absoluteHours: number };
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For): false (none, the
   * default), or a list of proxy addresses / CIDR ranges.
   */
  trustProxy: false | string[];
  /** True when Zvit is reached over HTTPS: Secure, __Host- cookies and HSTS. */
  secure: boolean;
  /**
   * Outgoing mail. `smtpUrl` null: nothing is sent; messages wait in the outbox (`/outbox`).
   * `from` is the sender of every message; `intervalSeconds` how often the worker looks for mail.
   */
  mail: { smtpUrl: string | null; from: string; intervalSeconds: number };
  /** How many days an invitation link sent by e-mail stays valid (bulk invitations; 14 by default). */
  invitationDays: number;
  /**
   * The token a Prometheus scraper sends (Authorization: Bearer …) for /metrics (ZVIT_METRICS_TOKEN,
   * at least 24 characters). Unset: /metrics answers only requests made on this machine directly,
   * not through a proxy.
   */
  metricsToken: string | null;
  /**
   * LibreOffice, to count the pages of a Word file as it will print (the cover letter's enclosure):
   * `soffice` the program to run (ZVIT_SOFFICE: a path, or `off`; by default `soffice` from PATH),
   * `timeoutSeconds` how long one rendering may take. null: not used ("на ___ арк." left blank).
   */
  office: { soffice: string | null; timeoutSeconds: number };
}

export type ConfigProblem = 'wholeNumber' | 'host' | 'databaseUrl' | 'baseUrl' | 'logLevel' | 'now' | 'trustProxy' | 'dataDir' | 'smtpUrl' | 'mailFrom' | 'metricsToken';

/** A bad variable: `problem` and `values` let the CLI say it in Ukrainian (catalogue `config.*`). */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
    readonly problem: ConfigProblem = 'wholeNumber',
    readonly values: Record<string, string | number> = {},
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`, 'wholeNumber', { min, max, got: raw });
  }
  return Number(raw);
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd(), defaults: { logLevel?: LogLevel } = {}): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = text(env, 'HOST') ?? 'localhost';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) throw new ConfigError('HOST', `must be a host name or an IP address (got "${host}")`, 'host', { got: host });

  const dataDir = path.resolve(cwd, text(env, 'ZVIT_DATA_DIR') ?? './data');

  const databaseUrl = text(env, 'DATABASE_URL') ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// (leave it unset for the embedded SQLite database)', 'databaseUrl');
  }

  const baseUrlRaw = text(env, 'ZVIT_BASE_URL') ?? `http://localhost:${port}`;
  let baseUrl: string;
  try {
    const u = new URL(baseUrlRaw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    baseUrl = u.href.replace(/\/$/, '');
  } catch {
    throw new ConfigError('ZVIT_BASE_URL', `must be an http:// or https:// address (got "${baseUrlRaw}")`, 'baseUrl', { got: baseUrlRaw });
  }

  const logLevel = (text(env, 'ZVIT_LOG_LEVEL') ?? defaults.logLevel ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('ZVIT_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`, 'logLevel', { levels: LOG_LEVELS.join(', '), got: logLevel });
  }

  const nowRaw = text(env, 'ZVIT_NOW');
  let fixedNow: Date | null = null;
  if (nowRaw !== undefined) {
    fixedNow = new Date(nowRaw);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(nowRaw) || Number.isNaN(fixedNow.getTime())) {
      throw new ConfigError('ZVIT_NOW', `must be an ISO date and time such as 2024-07-16T09:00:00+03:00 (got "${nowRaw}")`, 'now', { got: nowRaw });
    }
  }

  const trustRaw = text(env, 'ZVIT_TRUST_PROXY');
  let trustProxy: false | string[] = false;
  if (trustRaw !== undefined && trustRaw !== 'false') {
    trustProxy = trustRaw.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = trustProxy.find((p) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p));
    if (bad !== undefined || trustProxy.length === 0) {
      throw new ConfigError('ZVIT_TRUST_PROXY', `must be a comma-separated list of proxy addresses or CIDR ranges (got "${trustRaw}")`, 'trustProxy', { got: trustRaw });
    }
  }

  const smtpUrl = text(env, 'ZVIT_SMTP_URL') ?? null;
  if (smtpUrl !== null) {
    let ok = false;
    try {
      const u = new URL(smtpUrl);
      ok = (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== '';
    } catch {
      ok = false;
    }
    // The address may hold a password: never repeat it.
    if (!ok) throw new ConfigError('ZVIT_SMTP_URL', 'must be an smtp:// or smtps:// address such as smtp://user:password@mail.example.org:587', 'smtpUrl');
  }
  const from = text(env, 'ZVIT_MAIL_FROM') ?? `Звіт <noreply@${new URL(baseUrl).hostname}>`;
  if (from.length > 300 || !/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(from)) {
    throw new ConfigError('ZVIT_MAIL_FROM', `must be an e-mail address, optionally with a name: "Звіт <zvit@example.org>" (got "${from}")`, 'mailFrom', { got: from });
  }

  return {
    port,
    host,
    dataDir,
    databaseUrl,
    baseUrl,
    logLevel,
    fixedNow,
    passwordHash: {
      memoryCost: integer(env, 'ZVIT_ARGON2_MEMORY_KIB', 19456, 1024, 1048576),
      timeCost: integer(env, 'ZVIT_ARGON2_ITERATIONS', 2, 1, 20),
    },
    session: {
      idleMinutes: integer(env, 'ZVIT_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      absoluteHours: integer(env, 'ZVIT_SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    },
    trustProxy,
    secure: baseUrl.startsWith('https:'),
    mail: { smtpUrl, from, intervalSeconds: integer(env, 'ZVIT_MAIL_INTERVAL_SECONDS', 30, 1, 3600) },
    invitationDays: integer(env, 'ZVIT_INVITATION_DAYS', 14, 1, 90),
    metricsToken: metricsTokenOf(text(env, 'ZVIT_METRICS_TOKEN')),
    office: { soffice: sofficeOf(text(env, 'ZVIT_SOFFICE')), timeoutSeconds: integer(env, 'ZVIT_SOFFICE_TIMEOUT_SECONDS', 120, 5, 1800) },
  };
}

function metricsTokenOf(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (!/^[\x21-\x7e]{24,200}$/.test(raw)) throw new ConfigError('ZVIT_METRICS_TOKEN', 'must be 24 to 200 visible ASCII characters', 'metricsToken', {});
  return raw;
}

/** ZVIT_SOFFICE: unset → `soffice` (found on PATH when it runs, or not: then pages are not counted); `off`/`none`/`false` → never. */
function sofficeOf(raw: string | undefined): string | null {
  if (raw === undefined) return 'soffice';
  return /^(off|none|false|no|0)$/i.test(raw) ? null : raw;
}
