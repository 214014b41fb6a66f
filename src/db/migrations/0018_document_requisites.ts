import type { Kysely } from 'kysely';

/**
 * A plan's title and issuer in the genitive, as its documents' requisites need them ("про стан
 * виконання Обласного плану заходів …, затвердженого розпорядженням начальника …"): typed or
 * confirmed by the coordinator, suggested from the order's text. Null: not yet confirmed (the
 * documents quote the title as written). Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plans').addColumn('title_genitive', 'text').execute();
  await db.schema.alterTable('plans').addColumn('issuer_genitive', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plans').dropColumn('issuer_genitive').execute();
  await db.schema.alterTable('plans').dropColumn('title_genitive').execute();
}
