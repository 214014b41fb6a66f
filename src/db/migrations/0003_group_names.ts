import { type Kysely } from 'kysely';
import { idColumn, isPostgres } from './columns.ts';

/** Other spellings of executor groups ("райвійськадміністрації"), for reading orders. Frozen in time. */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('executor_group_names')
    .addColumn('id', idColumn(pg), (c) => (pg ? c.primaryKey() : (c.primaryKey() as any).autoIncrement()))
    .addColumn('group_id', 'text', (c) => c.notNull().references('executor_groups.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addUniqueConstraint('executor_group_names_unique', ['group_id', 'name_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('executor_group_names').execute();
}
