// IV.E monitoring (feed polling state, items already checked, the review queue) and the in-process job queue of SQLite.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Feed polling state on the monitored account. The poller changes these without bumping the
  // record's version: they are the poller's bookkeeping, not a staff decision (If-Match stays valid).
  const add = (column: string, type: 'text' | 'integer', defaultTo?: string | number) =>
    // One column per statement: SQLite's ALTER TABLE adds one column at a time.
    db.schema.alterTable('monitored_accounts').addColumn(column, type, (c) => (defaultTo === undefined ? c : c.notNull().defaultTo(defaultTo))).execute();
  await add('feed_url', 'text');
  await add('account_kind', 'text', 'personal');
  await add('poll_interval_seconds', 'integer', 3600);
  await add('etag', 'text');
  await add('last_modified', 'text');
  await add('last_polled_at', 'text');
  await add('last_poll_status', 'text');
  await add('last_poll_error', 'text');
  await add('failures', 'integer', 0);
  await add('next_poll_at', 'text');
  await db.schema.createIndex('monitored_accounts_next_poll').on('monitored_accounts').columns(['active', 'next_poll_at']).execute();

  // Items of a monitored feed already taken for checking: the primary key is the dedup (across
  // polls, restarts and concurrent pollers). checked_at stays null until the check is recorded, so
  // an item whose poller died between claim and check is claimed again later, never lost.
  await db.schema
    .createTable('monitoring_seen_items')
    .addColumn('account_id', 'text', (c) => c.notNull().references('monitored_accounts.id'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('district_id', 'text', (c) => c.notNull().references('districts.id'))
    .addColumn('guid', 'text')
    .addColumn('link', 'text')
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text')
    .addColumn('check_id', 'text')
    .addColumn('verdict', 'text')
    .addPrimaryKeyConstraint('monitoring_seen_items_pk', ['account_id', 'item_key'])
    .execute();

  // The review queue: a monitored item whose check was not `allow`, until staff decide what it is.
  await db.schema
    .createTable('review_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('district_id', 'text', (c) => c.notNull().references('districts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('account_id', 'text', (c) => c.notNull().references('monitored_accounts.id'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('item_url', 'text')
    .addColumn('item_guid', 'text')
    .addColumn('published_at', 'text')
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('check_id', 'text')
    .addColumn('verdict', 'text', (c) => c.notNull().check(sql`verdict in ('revise', 'block')`))
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'dismissed', 'incident', 'case')`))
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('case_id', 'text', (c) => c.references('discipline_cases.id'))
    .addUniqueConstraint('review_items_item', ['account_id', 'item_key'])
    .execute();
  await db.schema.createIndex('review_items_status').on('review_items').columns(['district_id', 'status', 'id']).execute();

  // SQLite's job queue (src/jobs/sqlite-queue.ts). On PostgreSQL pg-boss keeps its own schema and these stay empty.
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('created', 'retry', 'active', 'completed', 'failed')`))
    .addColumn('singleton_key', 'text')
    .addColumn('start_after', 'text', (c) => c.notNull())
    .addColumn('retry_limit', 'integer', (c) => c.notNull())
    .addColumn('retry_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_delay', 'integer', (c) => c.notNull())
    .addColumn('retry_backoff', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('output', 'text')
    .execute();
  await db.schema.createIndex('jobs_fetch').on('jobs').columns(['name', 'state', 'start_after']).execute();
  // At most one waiting job per name and key (pg-boss's `short` queue policy).
  await db.schema.createIndex('jobs_singleton').on('jobs').columns(['name', 'singleton_key']).unique().where(sql.ref('state'), '=', 'created').execute();

  await db.schema
    .createTable('job_schedules')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('tz', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('last_fired_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_schedules').execute();
  await db.schema.dropTable('jobs').execute();
  await db.schema.dropTable('review_items').execute();
  await db.schema.dropTable('monitoring_seen_items').execute();
  await db.schema.dropIndex('monitored_accounts_next_poll').execute();
  for (const c of ['next_poll_at', 'failures', 'last_poll_error', 'last_poll_status', 'last_polled_at', 'last_modified', 'etag', 'poll_interval_seconds', 'account_kind', 'feed_url']) {
    await db.schema.alterTable('monitored_accounts').dropColumn(c).execute();
  }
}
