import type { DbOrTx } from './database.ts';

/**
 * What a process may keep of rarely changing data (the directory, plans and their measures) and
 * for how long: until the data's epoch moves. Triggers advance `data_epochs` in the same
 * transaction as any change to the data's tables (migration 0028), so every process, on either
 * dialect, sees a change by the next request; the check costs one small statement instead of the
 * several that load the data.
 *
 * - Only reads outside a transaction are kept: inside one, the data may be uncommitted (and the
 *   epoch with it), so a transaction always reads afresh.
 * - The epoch is read before the data, so what is kept is never older than its epoch (a change
 *   committed in between is newer than both and moves the epoch again).
 * - Kept values are shared by all requests: they are frozen, and callers must not change them.
 */
export type EpochName = 'directory' | 'plans';

interface Kept {
  epochs: Record<EpochName, number>;
  values: Map<string, { epoch: number; value: unknown }>;
}

/** At most this many values per database (the oldest are dropped). */
const MAX_VALUES = 2000;

const kept = new WeakMap<object, Kept>();

let enabled = process.env.ZVIT_DATA_CACHE !== 'off';

/** For the bench: how a page costs without the cache. */
export function setDataCache(on: boolean): void {
  enabled = on;
}

async function currentEpoch(db: DbOrTx, name: EpochName): Promise<number> {
  const row = await db.selectFrom('data_epochs').select('epoch').where('name', '=', name).executeTakeFirst();
  // A database from before migration 0028 has no epochs: nothing is kept.
  return row ? Number(row.epoch) : -1;
}

/** Deep-freezes plain objects and arrays (Maps and functions are left as they are). */
function freeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) {
    Object.freeze(value);
    for (const v of Object.values(value)) freeze(v);
  }
  return value;
}

/**
 * The value of `load()`, kept per database under `key` while the epoch `name` does not move.
 * `key` must name everything `load` depends on besides the epoch's tables.
 */
export async function keptWhileUnchanged<T>(db: DbOrTx, name: EpochName, key: string, load: () => Promise<T>): Promise<T> {
  if (!enabled || db.isTransaction) return load();
  const epoch = await currentEpoch(db, name);
  if (epoch < 0) return load();
  let store = kept.get(db);
  if (!store) kept.set(db, (store = { epochs: { directory: -1, plans: -1 }, values: new Map() }));
  const fullKey = `${name}\u0000${key}`;
  const hit = store.values.get(fullKey);
  if (hit && hit.epoch === epoch) return hit.value as T;
  const value = freeze(await load());
  if (epoch > store.epochs[name]) {
    // The epoch moved: what was kept under older ones will never be used again.
    for (const [k, v] of store.values) if (k.startsWith(`${name}\u0000`) && v.epoch < epoch) store.values.delete(k);
    store.epochs[name] = epoch;
  }
  if (epoch === store.epochs[name]) {
    if (store.values.size >= MAX_VALUES) store.values.delete(store.values.keys().next().value!);
    store.values.set(fullKey, { epoch, value });
  }
  return value;
}
