// A mail worker in a process of its own, for the test that kills it between sending and
// recording: node --import tsx test/support/mail-worker.ts <postgres-url|sqlite-file> <smtp-url> <now>
import { fixedClock } from '../../src/clock.ts';
import { openPostgres, openSqlite } from '../../src/db/database.ts';
import { deliverDue, smtpTransport } from '../../src/features/mail/worker.ts';

const [target, smtpUrl, now] = process.argv.slice(2) as [string, string, string];
const handle = target.startsWith('postgres') ? openPostgres(target, 2) : openSqlite(target);
const transport = smtpTransport(smtpUrl);
const result = await deliverDue(handle.db, fixedClock(new Date(now)), transport, { from: 'Звіт <zvit@test.example>', baseUrl: 'http://zvit.test', workerId: 'child' });
process.stdout.write(JSON.stringify(result) + '\n');
transport.close();
await handle.destroy();
