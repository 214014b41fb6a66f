import { randomBytes } from 'node:crypto';
import type { DbOrTx } from '../../db/database.ts';

/** The only Kysely code of fill-in forms: the installation's key that signs their identifiers. */

const KEY = 'fill_in_form_key';

/**
 * The key, made on first use (32 random bytes) and kept in the installation table: two servers
 * making it at once both read back the one that was stored first.
 */
export async function formKey(db: DbOrTx): Promise<Buffer> {
  const found = await db.selectFrom('installation').select('value').where('key', '=', KEY).executeTakeFirst();
  if (found) return Buffer.from(found.value, 'hex');
  await db
    .insertInto('installation')
    .values({ key: KEY, value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const stored = await db.selectFrom('installation').select('value').where('key', '=', KEY).executeTakeFirstOrThrow();
  return Buffer.from(stored.value, 'hex');
}
