import { sql, type Kysely } from 'kysely';
import { booleanColumn, idColumn, instantColumn, isPostgres } from './columns.ts';

/**
 * The foundation schema: the organisation directory, executor groups, plans with their goals,
 * tasks and versioned measures, indicators, users and role grants.
 *
 * Frozen in time: a migration uses Kysely<any> and never imports application code, so that it
 * reads the same years from now. Local dates are `date` columns (text on SQLite), instants are
 * `timestamptz` on PostgreSQL and ISO-8601 UTC text on SQLite, booleans are 0/1 integers on both
 * (see docs/decisions/0004-one-schema-two-dialects.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);

  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`length(id) between 1 and 100`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 500`))
    .addColumn('short_name', 'text')
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(
        sql`kind in ('regional_administration', 'department', 'territorial_body', 'institution', 'district_administration', 'community', 'ngo', 'other')`,
      ),
    )
    .addColumn('parent_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('katottg', 'text', (c) => c.check(sql`katottg is null or length(katottg) = 19`))
    .addColumn('edrpou', 'text', (c) => c.check(sql`edrpou is null or length(edrpou) = 8`))
    .addColumn('by_consent', 'integer', (c) => booleanColumn(c, 'by_consent').defaultTo(0))
    .addColumn('email', 'text')
    .addColumn('merged_into', 'text', (c) => c.references('organisations.id'))
    // How sure the directory is that the organisation exists as named ('listed' or 'probable').
    .addColumn('source_confidence', 'text', (c) => c.notNull().defaultTo('listed').check(sql`source_confidence in ('listed', 'probable')`))
    .addColumn('note', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .addCheckConstraint('organisations_not_own_parent', sql`parent_id is null or parent_id <> id`)
    .addCheckConstraint('organisations_not_merged_into_self', sql`merged_into is null or merged_into <> id`)
    .execute();
  await db.schema.createIndex('organisations_parent_idx').on('organisations').column('parent_id').execute();

  // Former names (a rename keeps the old name as the name of record for earlier periods) and
  // aliases (other spellings met in orders, used by the importer).
  await db.schema
    .createTable('organisation_names')
    .addColumn('id', idColumn(pg), (c) => idPrimaryKey(c, pg))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 500`))
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('former', 'alias')`))
    // For a former name: the last day it was the name of record.
    .addColumn('valid_to', 'date')
    .addUniqueConstraint('organisation_names_unique', ['organisation_id', 'name_key'])
    .execute();
  await db.schema.createIndex('organisation_names_key_idx').on('organisation_names').column('name_key').execute();

  await db.schema
    .createTable('executor_groups')
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`length(id) between 1 and 100`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 500`))
    .addColumn('description', 'text')
    // The organisation whose directory the group belongs to (another region has its own groups).
    .addColumn('owner_organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('by_consent', 'integer', (c) => booleanColumn(c, 'by_consent').defaultTo(0))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('executor_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('executor_groups.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addPrimaryKeyConstraint('executor_group_members_pk', ['group_id', 'organisation_id'])
    .execute();
  await db.schema.createIndex('executor_group_members_org_idx').on('executor_group_members').column('organisation_id').execute();

  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`length(id) between 1 and 100`))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 1000`))
    .addColumn('short_title', 'text')
    .addColumn('legal_kind', 'text', (c) => c.notNull())
    .addColumn('legal_issuer', 'text', (c) => c.notNull())
    .addColumn('legal_number', 'text', (c) => c.notNull())
    .addColumn('legal_date', 'date', (c) => c.notNull())
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date', (c) => c.notNull())
    .addColumn('owner_organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('coordinator_organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft').check(sql`state in ('draft', 'active', 'closed', 'archived')`))
    .addColumn('period_kind', 'text', (c) => c.notNull().defaultTo('half_year').check(sql`period_kind in ('half_year', 'quarter')`))
    .addColumn('executor_due_day', 'integer', (c) => c.notNull().defaultTo(15).check(sql`executor_due_day between 1 and 31`))
    .addColumn('consolidation_due_day', 'integer', (c) =>
      c.notNull().defaultTo(20).check(sql`consolidation_due_day between 1 and 31`),
    )
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Europe/Kyiv'))
    .addColumn('move_weekend_deadlines', 'integer', (c) => booleanColumn(c, 'move_weekend_deadlines').defaultTo(0))
    // Whom the consolidated information goes to, and who controls (as the order says).
    .addColumn('reports_to', 'text')
    .addColumn('controlled_by', 'text')
    .addColumn('source_note', 'text')
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .addCheckConstraint('plans_dates_in_order', sql`start_date <= end_date`)
    .addCheckConstraint('plans_consolidation_after_executors', sql`consolidation_due_day >= executor_due_day`)
    .execute();

  // Amendments of a plan (зміни до плану): the legal basis and the date they take effect.
  await db.schema
    .createTable('plan_amendments')
    .addColumn('id', idColumn(pg), (c) => idPrimaryKey(c, pg))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('legal_number', 'text', (c) => c.notNull())
    .addColumn('legal_date', 'date', (c) => c.notNull())
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('goals')
    .addColumn('id', idColumn(pg), (c) => idPrimaryKey(c, pg))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number > 0`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addUniqueConstraint('goals_number_unique', ['plan_id', 'number'])
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', idColumn(pg), (c) => idPrimaryKey(c, pg))
    .addColumn('goal_id', 'integer', (c) => c.notNull().references('goals.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number > 0`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addUniqueConstraint('tasks_number_unique', ['goal_id', 'number'])
    .execute();

  // A measure's stable identity; what it says lives in its versions.
  await db.schema
    .createTable('measures')
    .addColumn('id', idColumn(pg), (c) => idPrimaryKey(c, pg))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('measures_plan_idx').on('measures').column('plan_id').execute();

  await db.schema
    .createTable('measure_versions')
    .addColumn('id', idColumn(pg), (c) => idPrimaryKey(c, pg))
    .addColumn('measure_id', 'integer', (c) => c.notNull().references('measures.id').onDelete('cascade'))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id'))
    .addColumn('amendment_id', 'integer', (c) => c.references('plan_amendments.id'))
    .addColumn('valid_from', 'date', (c) => c.notNull())
    // Exclusive: the first day this version no longer holds; null while it is current.
    .addColumn('valid_to', 'date')
    .addColumn('code', 'text', (c) => c.notNull().check(sql`length(code) between 1 and 20`))
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number > 0`))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 10000`))
    .addColumn('deadline_text', 'text')
    .addColumn('deadline_from', 'date')
    .addColumn('deadline_to', 'date')
    .addColumn('permanent', 'integer', (c) => booleanColumn(c, 'permanent').defaultTo(0))
    // Why the parsed deadline is what it is when the order does not say ('not_stated').
    .addColumn('deadline_note', 'text', (c) => c.check(sql`deadline_note is null or deadline_note in ('not_stated')`))
    .addColumn('note', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addCheckConstraint(
      'measure_versions_deadline_shape',
      sql`(permanent = 1 and deadline_from is null and deadline_to is null) or (permanent = 0 and deadline_from is not null and deadline_to is not null and deadline_from <= deadline_to)`,
    )
    .addCheckConstraint('measure_versions_validity', sql`valid_to is null or valid_from < valid_to`)
    .addUniqueConstraint('measure_versions_code_from_unique', ['plan_id', 'code', 'valid_from'])
    .execute();
  // One current version per code within a plan.
  await db.schema
    .createIndex('measure_versions_current_code_unique')
    .on('measure_versions')
    .columns(['plan_id', 'code'])
    .unique()
    .where(sql.ref('valid_to'), 'is', null)
    .execute();
  await db.schema.createIndex('measure_versions_measure_idx').on('measure_versions').columns(['measure_id', 'valid_from']).execute();

  await db.schema
    .createTable('measure_executors')
    .addColumn('measure_version_id', 'integer', (c) => c.notNull().references('measure_versions.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 0`))
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('group_id', 'text', (c) => c.references('executor_groups.id'))
    .addColumn('is_lead', 'integer', (c) => booleanColumn(c, 'is_lead').defaultTo(0))
    .addColumn('by_consent', 'integer', (c) => booleanColumn(c, 'by_consent').defaultTo(0))
    // The executor as the order names it ("райвійськкадміністрації").
    .addColumn('as_written', 'text')
    .addPrimaryKeyConstraint('measure_executors_pk', ['measure_version_id', 'position'])
    .addCheckConstraint('measure_executors_one_target', sql`(organisation_id is null) <> (group_id is null)`)
    .execute();
  await db.schema.createIndex('measure_executors_org_idx').on('measure_executors').column('organisation_id').execute();
  await db.schema.createIndex('measure_executors_group_idx').on('measure_executors').column('group_id').execute();

  await db.schema
    .createTable('indicators')
    .addColumn('id', idColumn(pg), (c) => idPrimaryKey(c, pg))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('measure_id', 'integer', (c) => c.references('measures.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('count', 'sum', 'money', 'boolean')`))
    .addColumn('aggregation', 'text', (c) => c.notNull().defaultTo('per_period').check(sql`aggregation in ('per_period', 'cumulative_latest')`))
    .addColumn('target', 'numeric')
    .addColumn('sensitive', 'integer', (c) => booleanColumn(c, 'sensitive').defaultTo(0))
    .addColumn('additive_across_kinds', 'integer', (c) => booleanColumn(c, 'additive_across_kinds').defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('indicators_code_unique', ['plan_id', 'code'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique().check(sql`length(email) between 3 and 254`))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('locale', 'text', (c) => c.check(sql`locale is null or locale in ('uk', 'en')`))
    .addColumn('disabled_at', instantColumn(pg))
    .addColumn('is_demo', 'integer', (c) => booleanColumn(c, 'is_demo').defaultTo(0))
    .addColumn('created_at', instantColumn(pg), (c) => c.notNull())
    .addColumn('updated_at', instantColumn(pg), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('role_grants')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('executor', 'coordinator', 'supervisor', 'admin')`))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('granted_at', instantColumn(pg), (c) => c.notNull())
    .addPrimaryKeyConstraint('role_grants_pk', ['user_id', 'role', 'organisation_id'])
    .execute();

  // Facts about this installation ("seeded_at", …).
  await db.schema
    .createTable('installation')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'installation',
    'role_grants',
    'users',
    'indicators',
    'measure_executors',
    'measure_versions',
    'measures',
    'tasks',
    'goals',
    'plan_amendments',
    'plans',
    'executor_group_members',
    'executor_groups',
    'organisation_names',
    'organisations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

function idPrimaryKey<T extends { primaryKey(): T }>(c: T, pg: boolean): T {
  // SQLite: INTEGER PRIMARY KEY is the rowid; AUTOINCREMENT keeps ids of deleted rows unused.
  return pg ? c.primaryKey() : (c.primaryKey() as any).autoIncrement();
}
