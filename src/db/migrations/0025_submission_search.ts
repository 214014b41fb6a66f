import type { Kysely } from 'kysely';
import { searchTextOf } from '../../domain/report-search.ts';

/**
 * Search across submitted reports (issue 17): each submission keeps its words — narratives,
 * reasons, links — normalised for search (lower case by Ukrainian rules, one apostrophe), so a
 * coordinator's query is matched by LIKE on both dialects without relying on the collation.
 * Submissions made before are filled here from their snapshots, a batch at a time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_submissions').addColumn('search_text', 'text').execute();
  for (let last = 0; ; ) {
    const rows: { id: number; snapshot: string }[] = await db.selectFrom('report_submissions').select(['id', 'snapshot']).where('id', '>', last).orderBy('id').limit(500).execute();
    if (rows.length === 0) break;
    for (const r of rows) await db.updateTable('report_submissions').set({ search_text: searchTextOf(r.snapshot) }).where('id', '=', r.id).execute();
    last = Number(rows.at(-1)!.id);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_submissions').dropColumn('search_text').execute();
}
