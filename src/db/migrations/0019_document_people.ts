import { sql, type Kysely } from 'kysely';
import { idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * The people and numbers on the documents (issue 15, DSTU 4163:2020).
 * - `organisation_officials`: an organisation's officials as the directory keeps them (position,
 *   given name, surname, phone): the signatories a coordinator chooses from.
 * - `users.phone`, `users.position`: the preparing official's line at the foot of a document.
 * - `organisations.address`: the letterhead's postal address.
 * - `plans.letter_addressee`: the addressee of the cover letter, in the dative, as typed.
 * - `consolidation_versions`: the signatory chosen before approval and the preparer, frozen with
 *   the version; the request the information answers ("На № … від …"); when the registered files
 *   were made.
 * - `consolidation_registered_files`: the second frozen set, with the outgoing number and date
 *   typed in; the approved set stays as it was.
 * Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const id = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema
    .createTable('organisation_officials')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('position', 'text', (c) => c.notNull().check(sql`length(position) between 1 and 300`))
    .addColumn('given_name', 'text', (c) => c.notNull().check(sql`length(given_name) between 1 and 100`))
    .addColumn('surname', 'text', (c) => c.notNull().check(sql`length(surname) between 1 and 100`))
    .addColumn('phone', 'text', (c) => c.check(sql`phone is null or length(phone) <= 50`))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived_at', instantColumn(pg))
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organisation_officials_by_organisation').on('organisation_officials').columns(['organisation_id', 'sort']).execute();

  await db.schema.alterTable('users').addColumn('phone', 'text', (c) => c.check(sql`phone is null or length(phone) <= 50`)).execute();
  await db.schema.alterTable('users').addColumn('position', 'text', (c) => c.check(sql`position is null or length(position) <= 300`)).execute();
  await db.schema.alterTable('organisations').addColumn('address', 'text', (c) => c.check(sql`address is null or length(address) <= 500`)).execute();
  await db.schema.alterTable('plans').addColumn('letter_addressee', 'text', (c) => c.check(sql`letter_addressee is null or length(letter_addressee) <= 1000`)).execute();

  for (const [name, check] of [
    ['signatory_official_id', null],
    ['signatory_position', sql`signatory_position is null or length(signatory_position) <= 300`],
    ['signatory_name', sql`signatory_name is null or length(signatory_name) <= 300`],
    ['preparer_name', sql`preparer_name is null or length(preparer_name) <= 300`],
    ['preparer_phone', sql`preparer_phone is null or length(preparer_phone) <= 50`],
    ['request_number', sql`request_number is null or length(request_number) <= 100`],
  ] as const) {
    await db.schema
      .alterTable('consolidation_versions')
      .addColumn(name, name === 'signatory_official_id' ? 'integer' : 'text', (c) => (check ? c.check(check) : c))
      .execute();
  }
  await db.schema.alterTable('consolidation_versions').addColumn('request_date', 'date').execute();
  await db.schema.alterTable('consolidation_versions').addColumn('registered_at', instantColumn(pg)).execute();

  await db.schema
    .createTable('consolidation_registered_files')
    .addColumn('id', idColumn(pg), (c) => id(c))
    .addColumn('version_id', 'integer', (c) => c.notNull().references('consolidation_versions.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('docx', 'xlsx', 'pdf', 'letter')`))
    .addColumn('file_id', 'text', (c) => c.notNull().references('stored_files.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addUniqueConstraint('consolidation_registered_files_one_per_format', ['version_id', 'format'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consolidation_registered_files').execute();
  for (const name of ['registered_at', 'request_date', 'request_number', 'preparer_phone', 'preparer_name', 'signatory_name', 'signatory_position', 'signatory_official_id']) {
    await db.schema.alterTable('consolidation_versions').dropColumn(name).execute();
  }
  await db.schema.alterTable('plans').dropColumn('letter_addressee').execute();
  await db.schema.alterTable('organisations').dropColumn('address').execute();
  await db.schema.alterTable('users').dropColumn('position').execute();
  await db.schema.alterTable('users').dropColumn('phone').execute();
  await db.schema.dropIndex('organisation_officials_by_organisation').execute();
  await db.schema.dropTable('organisation_officials').execute();
}
