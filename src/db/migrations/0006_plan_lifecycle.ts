import { sql, type Kysely } from 'kysely';
import { idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * The plan's life after import: amendments prepared as staged changes and applied at once, plans
 * copied from a predecessor, and the directory's contacts. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  // An amendment is prepared (draft), then applied in one transaction, or discarded (kept).
  await db.schema
    .alterTable('plan_amendments')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('applied').check(sql`state in ('draft', 'applied', 'discarded')`))
    .execute();
  await db.schema.alterTable('plan_amendments').addColumn('legal_kind', 'text', (c) => c.notNull().defaultTo('розпорядження')).execute();
  await db.schema.alterTable('plan_amendments').addColumn('created_by', 'text').execute();
  await db.schema.alterTable('plan_amendments').addColumn('applied_at', instantColumn(pg)).execute();
  await db.schema.alterTable('plan_amendments').addColumn('discarded_at', instantColumn(pg)).execute();
  await db.schema.createIndex('plan_amendments_plan_idx').on('plan_amendments').columns(['plan_id', 'effective_from']).execute();
  // One amendment in preparation per plan: history stays linear.
  await db.schema.createIndex('plan_amendments_one_draft').on('plan_amendments').column('plan_id').unique().where(sql.ref('state'), '=', 'draft').execute();

  // What a draft amendment will do to the plan's measures when applied.
  await db.schema
    .createTable('plan_amendment_changes')
    .addColumn('id', idColumn(pg), (c) => (pg ? c.primaryKey() : (c.primaryKey() as any).autoIncrement()))
    .addColumn('amendment_id', 'integer', (c) => c.notNull().references('plan_amendments.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('add', 'edit', 'remove')`))
    // The measure edited or removed; for an added one, set when the amendment is applied.
    .addColumn('measure_id', 'integer', (c) => c.references('measures.id'))
    .addColumn('task_id', 'integer', (c) => c.references('tasks.id'))
    .addColumn('code', 'text', (c) => c.check(sql`code is null or length(code) between 1 and 20`))
    .addColumn('title', 'text')
    .addColumn('deadline_text', 'text')
    // JSON: [{ "type": "organisation" | "group", "id": "…", "isLead": false }, …]
    .addColumn('executors', 'text')
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .addCheckConstraint('plan_amendment_changes_shape', sql`(kind = 'add' and task_id is not null and code is not null) or (kind <> 'add' and measure_id is not null)`)
    .execute();
  await db.schema.createIndex('plan_amendment_changes_amendment_idx').on('plan_amendment_changes').column('amendment_id').execute();
  await db.schema.createIndex('plan_amendment_changes_measure_unique').on('plan_amendment_changes').columns(['amendment_id', 'measure_id']).unique().execute();

  // The plan a draft was copied from ("copy as a new plan").
  await db.schema.alterTable('plans').addColumn('copied_from', 'text', (c) => c.references('plans.id')).execute();

  await db.schema.alterTable('organisations').addColumn('phone', 'text').execute();
  await db.schema.alterTable('organisations').addColumn('contact_person', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('contact_person').execute();
  await db.schema.alterTable('organisations').dropColumn('phone').execute();
  await db.schema.alterTable('plans').dropColumn('copied_from').execute();
  await db.schema.dropTable('plan_amendment_changes').execute();
  await db.schema.dropIndex('plan_amendments_one_draft').execute();
  await db.schema.dropIndex('plan_amendments_plan_idx').execute();
  for (const column of ['discarded_at', 'applied_at', 'created_by', 'legal_kind', 'state']) {
    await db.schema.alterTable('plan_amendments').dropColumn(column).execute();
  }
}
