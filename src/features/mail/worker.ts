import { withoutSecret } from './outbox.ts';
import crypto from 'node:crypto';
import os from 'node:os';
import nodemailer from 'nodemailer';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { isPostgresDb, writeTransaction } from '../../db/transaction.ts';
import { isLocale } from '../../i18n/index.ts';
import { composeMessage } from './compose.tsx';
import { messageIdHeader } from './outbox.ts';
import * as repo from './repository.ts';

/**
 * Delivers the outbox. A pass marks messages left 'sending' by a worker that died as 'unknown'
 * (they may have gone out: never sent twice by Zvit itself; the administrator decides), claims
 * the due messages (FOR UPDATE SKIP LOCKED on PostgreSQL; under the write lock on SQLite), sends
 * each through SMTP with its fixed Message-ID, and records the answer: sent, tried again later
 * with back-off, or failed for good (a permanent 5xx refusal, or too many attempts).
 */

export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** A file the message carries (the fill-in form). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface MailTransport {
  /** Hands a message to the mail server; answers the server's reply line. */
  send(message: OutgoingMessage): Promise<{ response: string }>;
  close(): void;
  /** For logs and the outbox page: the server, never its password. */
  describe: string;
}

export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** The server of an SMTP address, without user or password: for the logs and the outbox page. */
export function smtpServerName(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
}

/** A transport to the SMTP server of `ZVIT_SMTP_URL` (nodemailer; its query string may carry options). */
export function smtpTransport(url: string): MailTransport {
  // A pool keeps the connection open across a batch (one connection per message costs a
  // handshake each); time-outs far below the claim's lease. The address's own query options win.
  const transporter = nodemailer.createTransport({ url, pool: true, maxConnections: 2, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  return {
    describe: smtpServerName(url),
    async send(m) {
      try {
        const info = await transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId, headers: { 'Auto-Submitted': 'auto-generated' }, ...(m.attachments?.length ? { attachments: m.attachments } : {}) });
        return { response: String(info.response ?? '') };
      } catch (err) {
        const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
        // A 5xx answer refuses this message for good (unknown mailbox, policy); anything else —
        // a 4xx, a connection or a timeout — may pass later.
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
        throw new SendError((e.response ?? e.message ?? String(err)).slice(0, 1000), permanent);
      }
    },
    close: () => transporter.close(),
  };
}

export const MAX_ATTEMPTS = 8;
/** Minutes to wait after the n-th failed attempt. */
const BACKOFF_MINUTES = [1, 5, 15, 60, 180, 360, 720];
/** A claim older than this belongs to a worker that died (sends time out long before). */
export const LEASE_MINUTES = 10;

export interface PassOptions {
  from: string;
  baseUrl: string;
  workerId: string;
  batch?: number;
}

export interface PassResult {
  sent: number;
  retrying: number;
  failed: number;
  interrupted: number;
}

export async function deliverDue(db: Db, clock: Clock, transport: MailTransport, o: PassOptions): Promise<PassResult> {
  const result: PassResult = { sent: 0, retrying: 0, failed: 0, interrupted: 0 };
  const now = clock.now();
  result.interrupted = await repo.markStaleClaimsUnknown(db, new Date(now.getTime() - LEASE_MINUTES * 60_000).toISOString(), now.toISOString());
  const batch = o.batch ?? 20;
  for (;;) {
    const claimAt = clock.now().toISOString();
    const rows = isPostgresDb(db) ? await repo.claimDue(db, o.workerId, claimAt, batch) : await writeTransaction(db, (tx) => repo.claimDue(tx, o.workerId, claimAt, batch));
    if (rows.length === 0) break;
    for (const row of rows) {
      const composed = composeMessage(row.kind, JSON.parse(row.params), isLocale(row.locale) ? row.locale : 'uk', o.baseUrl);
      try {
        const attachments = await attachmentsOf(db, row);
        const { response } = await transport.send({ from: o.from, to: row.to_name ? `"${row.to_name.replace(/["\\\r\n]/g, '')}" <${row.to_address}>` : row.to_address, subject: composed.subject, text: composed.text, html: composed.html, messageId: messageIdHeader(row.message_id, o.from), ...(attachments.length ? { attachments } : {}) });
        // A link that is a credential (an invitation) is not kept once it has gone out.
        const scrubbed = withoutSecret(row.params);
        await repo.finishAttempt(db, Number(row.id), o.workerId, { state: 'sent', subject: composed.subject, sentAt: clock.now().toISOString(), smtpResponse: response.slice(0, 1000), error: null, ...(scrubbed ? { params: scrubbed } : {}) });
        result.sent++;
      } catch (err) {
        const permanent = err instanceof SendError && err.permanent;
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
        if (permanent || row.attempts >= MAX_ATTEMPTS) {
          await repo.finishAttempt(db, Number(row.id), o.workerId, { state: 'failed', subject: composed.subject, error: message });
          result.failed++;
        } else {
          const wait = BACKOFF_MINUTES[Math.min(row.attempts, BACKOFF_MINUTES.length) - 1]!;
          await repo.finishAttempt(db, Number(row.id), o.workerId, { state: 'pending', subject: composed.subject, error: message, nextAttemptAt: new Date(clock.now().getTime() + wait * 60_000).toISOString() });
          result.retrying++;
        }
      }
    }
    if (rows.length < batch) break;
  }
  return result;
}

/** The file a message carries, read from storage on each attempt (the same bytes every time). */
async function attachmentsOf(db: Db, row: repo.OutboxRow): Promise<NonNullable<OutgoingMessage['attachments']>> {
  if (!row.attachment_file_id) return [];
  const file = await db.selectFrom('stored_files').select(['content', 'media_type']).where('id', '=', row.attachment_file_id).executeTakeFirst();
  // The file is gone (it never is, short of a person deleting rows): a permanent failure, named.
  if (!file) throw new SendError(`attachment ${row.attachment_file_id} not found`, true);
  const content = Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content as Uint8Array);
  return [{ filename: row.attachment_name ?? 'attachment', content, contentType: file.media_type }];
}

export interface Mailer {
  /** Runs a pass now (or waits for the one under way). */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Starts the worker in the server process: a pass at start and every few seconds. Without ZVIT_SMTP_URL, nothing. */
export function startMailer(db: Db, clock: Clock, config: Config, log: Log, transport: MailTransport | null = config.mail.smtpUrl ? smtpTransport(config.mail.smtpUrl) : null): Mailer | null {
  if (!transport) return null;
  const workerId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  let running: Promise<void> | null = null;
  let stopped = false;
  const pass = (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        const r = await deliverDue(db, clock, transport, { from: config.mail.from, baseUrl: config.baseUrl, workerId });
        if (r.sent + r.retrying + r.failed + r.interrupted > 0) log.info({ ...r, server: transport.describe }, 'mail delivered');
      } catch (err) {
        log.error({ err }, 'mail worker pass failed');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void pass();
  }, config.mail.intervalSeconds * 1000);
  timer.unref();
  void pass();
  return {
    runNow: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
      transport.close();
    },
  };
}
