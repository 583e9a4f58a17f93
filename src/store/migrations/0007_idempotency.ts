// Idempotency keys of creating POSTs: the first answer per (district, actor, key) is kept 24 hours and replayed for a retry.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('district_id', 'text', (c) => c.notNull().references('districts.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    // "POST /api/v1/disclosures": a key belongs to one route.
    .addColumn('route', 'text', (c) => c.notNull())
    // sha256 of the canonical JSON of route, params, query and body.
    .addColumn('request_sha256', 'text', (c) => c.notNull())
    // null while the first request is still being handled.
    .addColumn('status', 'integer')
    .addColumn('response', 'text')
    .addColumn('content_type', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['district_id', 'actor', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires').on('idempotency_keys').columns(['expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
