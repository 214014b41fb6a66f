import type { Kysely } from 'kysely';
import { statedMeasuresOf } from '../../domain/snapshot-summary.ts';

/**
 * The measures each submission gave a state to, kept beside its snapshot (issue 19): the period
 * grid counts what is missing without reading every snapshot. Submissions made before are filled
 * here from their snapshots, a batch at a time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_submissions').addColumn('stated_measures', 'text').execute();
  for (let last = 0; ; ) {
    const rows: { id: number; snapshot: string }[] = await db.selectFrom('report_submissions').select(['id', 'snapshot']).where('id', '>', last).orderBy('id').limit(500).execute();
    if (rows.length === 0) break;
    for (const r of rows) await db.updateTable('report_submissions').set({ stated_measures: statedMeasuresOf(r.snapshot) }).where('id', '=', r.id).execute();
    last = Number(rows.at(-1)!.id);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_submissions').dropColumn('stated_measures').execute();
}
