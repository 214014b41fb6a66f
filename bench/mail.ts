// Mail: 2,000 reminders written to the outbox (as the scheduler writes them, in one transaction)
// and delivered by the worker to an SMTP server on 127.0.0.1 (smtp-server, in this process, so its
// parsing costs the same CPU). Three runs; medians.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { adjustableClock } from '../src/clock.ts';
import { openSqlite } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { writeTransaction } from '../src/db/transaction.ts';
import { enqueue } from '../src/features/mail/outbox.ts';
import { deliverDue, smtpTransport } from '../src/features/mail/worker.ts';
import { seed } from '../src/features/seed/service.ts';
import { SYSTEM_ACTOR } from '../src/features/audit/service.ts';
import { sendInvitations } from '../src/features/invitations/service.ts';
import { composeReminders } from '../src/features/mail/reminders.ts';
import { loadDirectory } from '../src/features/organisations/service.ts';
import { getPlan } from '../src/features/plans/service.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

export async function mailBench(results: Record<string, unknown>): Promise<void> {
  const N = 2000;
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _s, cb) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as { port: number }).port;
  const write: number[] = [];
  const deliver: number[] = [];
  const invite: number[] = [];
  const schedule: number[] = [];
  const idle: number[] = [];
  let invited = 0;
  let scheduled = 0;
  for (let run = 0; run < 3; run++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zvit-bench-mail-'));
    const database = openSqlite(path.join(dir, 'zvit.sqlite'));
    await migrateToLatest(database.db);
    const clock = adjustableClock('2024-07-08T07:00:00Z');
    await seed(database.db, clock);
    const params = { planId: 'poltava-ctb-2023-2025', plan: 'Обласний план заходів щодо протидії торгівлі людьми', periodKey: '2024-H1', periodLabel: 'H1' as const, periodYear: 2024, organisationId: 'poltava-police', organisation: 'Головне управління Національної поліції в Полтавській області', deadline: '2024-07-15', byConsent: false, daysLeft: 7, started: 'no' as const, total: 13 };
    let t0 = performance.now();
    await writeTransaction(database.db, async (tx) => {
      for (let i = 0; i < N; i++) await enqueue(tx, clock, 'report.reminder', params, { address: `r${i}@bench.example`, name: null, userId: null, organisationId: 'poltava-police', locale: 'uk' }, { dedupeKey: `bench:${i}` });
    });
    write.push(performance.now() - t0);
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
    received = 0;
    t0 = performance.now();
    const r = await deliverDue(database.db, clock, transport, { from: 'Звіт <zvit@bench.example>', baseUrl: 'https://zvit.example', workerId: 'bench', batch: 100 });
    deliver.push(performance.now() - t0);
    transport.close();
    if (r.sent !== N || received !== N) throw new Error(`bench: ${r.sent} sent, ${received} received of ${N}`);
    // Onboarding plan 609: every executor organisation has a contact; one bulk invitation.
    const orgs = await database.db.selectFrom('organisations').select('id').execute();
    for (const o of orgs) await database.db.updateTable('organisations').set({ email: `${o.id}@bench.example` }).where('id', '=', o.id).execute();
    const plan = (await getPlan(database.db, 'poltava-ctb-2023-2025'))!;
    t0 = performance.now();
    invited = (await sendInvitations(database.db, clock, SYSTEM_ACTOR, await loadDirectory(database.db), plan, { invitationDays: 14, baseUrl: 'https://zvit.example' })).invited;
    invite.push(performance.now() - t0);
    // The scheduler a week before the H1 2024 deadline: every invited organisation's reminder
    // (each with a new link), then the run every five minutes that finds nothing new.
    t0 = performance.now();
    scheduled = (await composeReminders(database.db, clock)).written;
    schedule.push(performance.now() - t0);
    t0 = performance.now();
    if ((await composeReminders(database.db, clock)).written !== 0) throw new Error('bench: a second scheduler run wrote messages');
    idle.push(performance.now() - t0);
    await database.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await new Promise<void>((r) => server.close(() => r()));
  console.log(`\nMail (${N} reminders, SQLite, SMTP on 127.0.0.1, 3 runs)`);
  console.log('| what | median |\n| --- | ---: |');
  console.log(`| written to the outbox in one transaction | ${fmt(median(write))} |`);
  console.log(`| composed and delivered by the worker | ${fmt(median(deliver))} (${(N / (median(deliver) / 1000)).toFixed(0)} messages/s) |`);
  console.log(`| bulk invitation of plan 609's executors (${invited} accounts and e-mails) | ${fmt(median(invite))} |`);
  console.log(`| the scheduler a week before a deadline, everyone invited (${scheduled} reminders, each with a new link) | ${fmt(median(schedule))} |`);
  console.log(`| … its next run, nothing new (every five minutes) | ${fmt(median(idle))} |`);
  results.mail = { messages: N, writeMs: median(write), deliverMs: median(deliver), inviteMs: median(invite), invited, scheduleMs: median(schedule), scheduled, idleMs: median(idle) };
}
