import { sql, type Kysely } from 'kysely';
import { instantColumn, isPostgres } from './columns.ts';

/**
 * Publication and concurrent editing of the consolidation (issue 13):
 * - each indicator's suppression threshold (a sensitive value from 1 to threshold − 1 is hidden
 *   in anything published; 5 by default);
 * - the coordinator's texts of a draft as one row per version and measure, each with a revision
 *   (so that two coordinators editing different measures never overwrite each other, and a stale
 *   edit of the same measure is refused), and the measure's public text with its approval;
 * - a revision of each version, moved by every change, so that approving can render its files
 *   outside the write transaction and then check that nothing moved.
 * The texts JSON of existing versions is copied into the rows. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  await db.schema
    .alterTable('indicators')
    .addColumn('suppression_threshold', 'integer', (c) => c.notNull().defaultTo(5).check(sql`suppression_threshold between 3 and 100`))
    .execute();

  await db.schema.alterTable('consolidation_versions').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1)).execute();

  await db.schema
    .createTable('consolidation_texts')
    .addColumn('version_id', 'integer', (c) => c.notNull().references('consolidation_versions.id').onDelete('cascade'))
    .addColumn('measure_id', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) => c.check(sql`state is null or state in ('done', 'in_progress', 'not_done', 'not_held')`))
    // The text for publication: used only while approved (approved_by set); a change of the text clears it.
    .addColumn('public_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('public_approved_by', 'text')
    .addColumn('public_approved_at', instantColumn(pg))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1).check(sql`revision >= 1`))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .addPrimaryKeyConstraint('consolidation_texts_pk', ['version_id', 'measure_id'])
    .execute();

  const versions = await db.selectFrom('consolidation_versions').select(['id', 'texts', 'updated_at', 'created_by']).execute();
  for (const v of versions) {
    let texts: Record<string, { summary?: unknown; state?: unknown }> = {};
    try {
      texts = JSON.parse(String(v.texts)) as typeof texts;
    } catch {
      texts = {};
    }
    const rows = Object.entries(texts)
      .filter(([measureId]) => /^\d{1,15}$/.test(measureId))
      .map(([measureId, t]) => ({
        version_id: v.id,
        measure_id: Number(measureId),
        summary: typeof t?.summary === 'string' ? t.summary : '',
        state: typeof t?.state === 'string' && ['done', 'in_progress', 'not_done', 'not_held'].includes(t.state) ? t.state : null,
        public_text: '',
        revision: 1,
        updated_by: v.created_by ?? null,
        updated_at: v.updated_at instanceof Date ? v.updated_at.toISOString() : v.updated_at,
      }));
    if (rows.length) await db.insertInto('consolidation_texts').values(rows).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consolidation_texts').execute();
  await db.schema.alterTable('consolidation_versions').dropColumn('revision').execute();
  await db.schema.alterTable('indicators').dropColumn('suppression_threshold').execute();
}
