import { sql, type Kysely } from 'kysely';
import { isPostgres } from './columns.ts';

/**
 * Data epochs (issue 19): a counter per kind of rarely changing data, advanced by triggers in the
 * same transaction as any change to its tables, so every process can keep what it read from
 * them until the counter moves. On PostgreSQL the counter is advanced once per transaction, at
 * its commit (a deferred constraint trigger), so the row lock is held only while committing and
 * cannot take part in a deadlock. Frozen in time: the tables are named here, not imported.
 */
export const EPOCH_TABLES_0028: Record<string, readonly string[]> = {
  directory: ['organisations', 'organisation_names', 'executor_groups', 'executor_group_members', 'executor_group_names'],
  plans: ['plans', 'goals', 'tasks', 'measures', 'measure_versions', 'measure_executors', 'indicators'],
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_epochs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('data_epochs').values(Object.keys(EPOCH_TABLES_0028).map((name) => ({ name, epoch: 1 }))).execute();
  if (isPostgres(db)) {
    await sql`create function zvit_bump_data_epoch() returns trigger language plpgsql as $$
      begin
        if coalesce(current_setting('zvit.epoch_' || TG_ARGV[0], true), '') = '1' then return null; end if;
        perform set_config('zvit.epoch_' || TG_ARGV[0], '1', true);
        update data_epochs set epoch = epoch + 1 where name = TG_ARGV[0];
        return null;
      end $$`.execute(db);
    for (const [name, tables] of Object.entries(EPOCH_TABLES_0028)) {
      for (const table of tables) {
        await sql`create constraint trigger ${sql.id(`${table}_data_epoch`)} after insert or update or delete on ${sql.table(table)}
          deferrable initially deferred for each row execute function zvit_bump_data_epoch(${sql.lit(name)})`.execute(db);
      }
    }
    return;
  }
  for (const [name, tables] of Object.entries(EPOCH_TABLES_0028)) {
    for (const table of tables) {
      for (const event of ['insert', 'update', 'delete']) {
        await sql`create trigger ${sql.id(`${table}_data_epoch_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
          begin update data_epochs set epoch = epoch + 1 where name = ${sql.lit(name)}; end`.execute(db);
      }
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const tables of Object.values(EPOCH_TABLES_0028)) {
    for (const table of tables) {
      if (isPostgres(db)) await sql`drop trigger if exists ${sql.id(`${table}_data_epoch`)} on ${sql.table(table)}`.execute(db);
      else for (const event of ['insert', 'update', 'delete']) await sql`drop trigger if exists ${sql.id(`${table}_data_epoch_${event}`)}`.execute(db);
    }
  }
  if (isPostgres(db)) await sql`drop function if exists zvit_bump_data_epoch()`.execute(db);
  await db.schema.dropTable('data_epochs').execute();
}
