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
    await database.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await new Promise<void>((r) => server.close(() => r()));
  console.log(`\nMail (${N} reminders, SQLite, SMTP on 127.0.0.1, 3 runs)`);
  console.log('| what | median |\n| --- | ---: |');
  console.log(`| written to the outbox in one transaction | ${fmt(median(write))} |`);
  console.log(`| composed and delivered by the worker | ${fmt(median(deliver))} (${(N / (median(deliver) / 1000)).toFixed(0)} messages/s) |`);
  results.mail = { messages: N, writeMs: median(write), deliverMs: median(deliver) };
}
