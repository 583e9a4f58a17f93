// Picks the job queue for the store: pg-boss on PostgreSQL, the in-process SQLite queue otherwise.
import type { Store } from '../store/create-db.js';
import type { JobQueue, JobQueueOptions } from './job-queue.js';
import { PgBossJobQueue } from './pg-boss-queue.js';
import { SqliteJobQueue } from './sqlite-queue.js';

export interface CreateJobQueueOptions extends JobQueueOptions {
  /** The postgres:// URL the store was opened with (pg-boss keeps its own pool). Required on PostgreSQL. */
  databaseUrl?: string | undefined;
}

export function createJobQueue(store: Store, opts: CreateJobQueueOptions = {}): JobQueue {
  if (store.dialect === 'postgres') {
    if (opts.databaseUrl === undefined) throw new Error('jobs: databaseUrl is required on PostgreSQL (pg-boss opens its own connections)');
    return new PgBossJobQueue(opts.databaseUrl, opts);
  }
  return new SqliteJobQueue(store.db, opts);
}
