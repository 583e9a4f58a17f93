// First migration: the district records, check history, import runs and the hash-chained audit log.
import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

/** id, tenant, who/when created and changed, version: on every record table. */
function recordColumns<TB extends string>(t: CreateTableBuilder<TB, never>) {
  return t
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('district_id', 'text', (c) => c.notNull().references('districts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const real = pg ? 'double precision' : 'real';

  await db.schema
    .createTable('districts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('records_rev', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await recordColumns(db.schema.createTable('buildings'))
    .addColumn('sourced_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('school'))
    .addColumn('aliases', 'text')
    .addColumn('lat', sql.raw(real))
    .addColumn('lon', sql.raw(real))
    .addColumn('radius_m', sql.raw(real))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('buildings_sourced_id', ['district_id', 'sourced_id'])
    .execute();

  await recordColumns(db.schema.createTable('people'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('employee', 'student', 'guardian')`))
    .addColumn('sourced_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('aliases', 'text')
    .addColumn('email', 'text')
    .addColumn('username', 'text')
    .addColumn('title', 'text')
    .addColumn('student_number', 'text')
    .addColumn('grade', 'text')
    .addColumn('building_id', 'text', (c) => c.references('buildings.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('people_sourced_id', ['district_id', 'sourced_id'])
    .execute();
  await db.schema.createIndex('people_district_kind').on('people').columns(['district_id', 'kind', 'active']).execute();
  await db.schema.createIndex('people_district_email').on('people').columns(['district_id', 'email']).execute();

  await recordColumns(db.schema.createTable('guardian_links'))
    .addColumn('guardian_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('student_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('relationship', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('guardian_links_pair', ['district_id', 'guardian_id', 'student_id'])
    .execute();
  await db.schema.createIndex('guardian_links_student').on('guardian_links').columns(['district_id', 'student_id']).execute();

  await recordColumns(db.schema.createTable('consents'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('student-image', 'coworker-image', 'social-network-participation')`))
    .addColumn('subject_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('grantee_id', 'text', (c) => c.references('people.id'))
    .addColumn('written', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_by_person_id', 'text', (c) => c.references('people.id'))
    .addColumn('scope', 'text')
    .addColumn('network', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('revoke_reason', 'text')
    .addColumn('form_sha256', 'text')
    .addColumn('form_path', 'text')
    .addColumn('signer_name', 'text')
    .addColumn('signed_at', 'text')
    .addColumn('signer_ip', 'text')
    .addColumn('signer_user_agent', 'text')
    .addColumn('text_hash', 'text')
    .execute();
  await db.schema.createIndex('consents_subject').on('consents').columns(['district_id', 'subject_id']).execute();

  await recordColumns(db.schema.createTable('consent_events'))
    .addColumn('consent_id', 'text', (c) => c.notNull().references('consents.id'))
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consent_events_consent').on('consent_events').columns(['consent_id']).execute();

  await recordColumns(db.schema.createTable('authorizations'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('spokesperson', 'instructional-use')`))
    .addColumn('employee_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('requested', 'approved', 'denied', 'revoked')`))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .addColumn('network', 'text')
    .addColumn('activity', 'text')
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();
  await db.schema.createIndex('authorizations_employee').on('authorizations').columns(['district_id', 'employee_id']).execute();

  await recordColumns(db.schema.createTable('approved_tools'))
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('cipa_compliant', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('password_protected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('approved_tools_network', ['district_id', 'network'])
    .execute();

  await recordColumns(db.schema.createTable('disclosures'))
    .addColumn('employee_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('school_year', 'text', (c) => c.notNull())
    .addColumn('groups', 'text', (c) => c.notNull())
    .addColumn('superseded_by', 'text', (c) => c.references('disclosures.id'))
    .execute();
  await db.schema.createIndex('disclosures_employee').on('disclosures').columns(['district_id', 'employee_id', 'school_year']).execute();

  await recordColumns(db.schema.createTable('checks'))
    .addColumn('author_id', 'text')
    .addColumn('request', 'text', (c) => c.notNull())
    .addColumn('request_sha256', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('engine_version', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checks_author').on('checks').columns(['district_id', 'author_id', 'decided_at']).execute();

  await recordColumns(db.schema.createTable('mandated_reports'))
    .addColumn('reporter_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('where_seen', 'text', (c) => c.notNull())
    .addColumn('aware_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('reported_to', 'text')
    .addColumn('reported_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'reported', 'closed')`))
    .execute();
  await db.schema.createIndex('mandated_reports_due').on('mandated_reports').columns(['district_id', 'status', 'due_at']).execute();

  await recordColumns(db.schema.createTable('discipline_cases'))
    .addColumn('employee_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('check_ids', 'text', (c) => c.notNull())
    .addColumn('report_ids', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('none', 'verbal-warning', 'written-warning', 'suspension', 'termination')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('closed_at', 'text')
    .execute();

  await recordColumns(db.schema.createTable('monitored_accounts'))
    .addColumn('employee_id', 'text', (c) => c.references('people.id'))
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('handle', 'text')
    .addColumn('url', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await recordColumns(db.schema.createTable('access_requests'))
    .addColumn('employee_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('process', 'text', (c) => c.notNull().check(sql`process in ('selection', 'promotion', 'discipline')`))
    .addColumn('network', 'text')
    .addColumn('site', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('requested', 'provided', 'declined', 'withdrawn')`))
    .addColumn('responded_at', 'text')
    .execute();

  await recordColumns(db.schema.createTable('import_runs'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('district_id', 'text', (c) => c.notNull().references('districts.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_log_pk', ['district_id', 'seq'])
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['district_id', 'entity', 'entity_id']).execute();

  await db.schema
    .createTable('audit_heads')
    .addColumn('district_id', 'text', (c) => c.primaryKey().references('districts.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  // Append-only in the database too: the application never updates or deletes an audit entry, and
  // the triggers refuse it from anyone else who has not first dropped them (the hash chain catches that).
  if (pg) {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('records are never dropped: restore a backup instead');
}
