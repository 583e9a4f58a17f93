// SQL of SQLite's job queue (src/jobs/sqlite-queue.ts): insert, take the next due job, finish, schedules.
import { sql, type Kysely } from 'kysely';
import type { DB, JobRow } from '../schema.js';

export interface NewJob {
  id: string;
  name: string;
  data: string;
  singletonKey: string | null;
  startAfter: string;
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  createdAt: string;
}

/** Insert a job; false when a waiting job of that name has the same singleton key. */
export async function insertJob(db: Kysely<DB>, j: NewJob): Promise<boolean> {
  const r = await db
    .insertInto('jobs')
    .values({ id: j.id, name: j.name, data: j.data, state: 'created', singleton_key: j.singletonKey, start_after: j.startAfter, retry_limit: j.retryLimit, retry_count: 0, retry_delay: j.retryDelay, retry_backoff: j.retryBackoff ? 1 : 0, created_at: j.createdAt, started_at: null, completed_at: null, output: null })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Take the oldest due job of a name (created or waiting for a retry) and mark it active, atomically. */
export async function takeNextJob(db: Kysely<DB>, name: string, now: string): Promise<JobRow | undefined> {
  return db
    .updateTable('jobs')
    .set({ state: 'active', started_at: now })
    .where(
      'id',
      '=',
      db
        .selectFrom('jobs')
        .select('id')
        .where('name', '=', name)
        .where('state', 'in', ['created', 'retry'])
        .where('start_after', '<=', now)
        .orderBy('start_after')
        .orderBy('id')
        .limit(1),
    )
    .where('state', 'in', ['created', 'retry'])
    .returningAll()
    .executeTakeFirst();
}

export async function completeJob(db: Kysely<DB>, id: string, now: string): Promise<void> {
  await db.updateTable('jobs').set({ state: 'completed', completed_at: now }).where('id', '=', id).where('state', '=', 'active').execute();
}

/** A handler failed: wait for a retry at `retryAt`, or fail for good when none is left. */
export async function failJob(db: Kysely<DB>, job: JobRow, error: string, now: string, retryAt: string | undefined): Promise<void> {
  if (retryAt !== undefined)
    await db.updateTable('jobs').set({ state: 'retry', retry_count: job.retry_count + 1, start_after: retryAt, output: error }).where('id', '=', job.id).where('state', '=', 'active').execute();
  else await db.updateTable('jobs').set({ state: 'failed', completed_at: now, output: error }).where('id', '=', job.id).where('state', '=', 'active').execute();
}

/** At start: jobs left active by a process that stopped (or died) mid-handler run again. */
export async function requeueActiveJobs(db: Kysely<DB>): Promise<number> {
  const r = await db.updateTable('jobs').set({ state: 'retry', started_at: null }).where('state', '=', 'active').executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Drop finished jobs older than `before` (the queue's bookkeeping, not records). */
export async function purgeFinishedJobs(db: Kysely<DB>, before: string): Promise<void> {
  await db.deleteFrom('jobs').where('state', 'in', ['completed', 'failed']).where('completed_at', '<', before).execute();
}

export async function upsertSchedule(db: Kysely<DB>, s: { name: string; cron: string; tz: string; data: string; now: string }): Promise<void> {
  await db
    .insertInto('job_schedules')
    .values({ name: s.name, cron: s.cron, tz: s.tz, data: s.data, last_fired_at: null, created_at: s.now, updated_at: s.now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ cron: s.cron, tz: s.tz, data: s.data, updated_at: s.now }))
    .execute();
}

export async function deleteSchedule(db: Kysely<DB>, name: string): Promise<void> {
  await db.deleteFrom('job_schedules').where('name', '=', name).execute();
}

export function listSchedules(db: Kysely<DB>) {
  return db.selectFrom('job_schedules').selectAll().orderBy('name').execute();
}

/** Claim a schedule's slot: true for exactly one caller per slot. */
export async function claimScheduleSlot(db: Kysely<DB>, name: string, slot: string): Promise<boolean> {
  const r = await db
    .updateTable('job_schedules')
    .set({ last_fired_at: slot })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('last_fired_at', 'is', null), eb('last_fired_at', '<', slot)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function jobCounts(db: Kysely<DB>, name: string) {
  return db.selectFrom('jobs').select(['state', sql<number>`count(*)`.as('n')]).where('name', '=', name).groupBy('state').execute();
}
