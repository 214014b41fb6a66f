// A separate process that appends audit events: `node --import tsx test/support/append-audit.ts <sqlite file | postgres url> <count>`.
import { openPostgres, openSqlite } from '../../src/db/database.ts';
import { writeTransaction } from '../../src/db/transaction.ts';
import { recordEvent } from '../../src/features/audit/service.ts';
import { systemClock } from '../../src/clock.ts';

const [target, count] = process.argv.slice(2);
const handle = target!.startsWith('postgres') ? openPostgres(target!, 2) : openSqlite(target!);
for (let i = 0; i < Number(count); i++) {
  await writeTransaction(handle.db, (tx) => recordEvent(tx, systemClock, { userId: null, email: `pid${process.pid}-${i}@x`, organisationId: null, ip: null }, { action: 'auth.sign_in_failed' }));
}
await handle.destroy();
