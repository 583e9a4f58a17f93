// The one job interface of Clearpost: pg-boss on PostgreSQL, an in-process queue on a SQLite table. Same semantics on both.
//
// - send() stores a job; it survives a restart (it is in the database before send() resolves).
// - singletonKey: while a job of that name and key is waiting (not yet started), another send with
//   the same key is dropped and send() returns null (pg-boss's `short` queue policy).
// - A handler that throws is retried up to retryLimit times (default 2), after retryDelay seconds
//   (default 0), doubling each time with retryBackoff (pg-boss's exponential backoff with jitter).
// - schedule() is cron with minute resolution (5 fields, UTC by default), stored in the database: a
//   slot fires once across processes, and only if it is less than a minute old when a queue that
//   is running looks at it (a slot missed while nothing ran is skipped, as in pg-boss).
// - Delivery is at least once: a process that dies while a handler runs has that job run again
//   (pg-boss after runningTimeoutSeconds, SQLite at the next start). Handlers are written to be idempotent.
// - Call start() before anything else; stop() lets running handlers finish (up to a timeout). A stopped
//   queue is not started again (pg-boss closes its pool): make a new one, as a restarted process does.
// - Per-host politeness and other in-memory limits are per process; with several servers on PostgreSQL,
//   pg-boss shares the jobs, not the limits.

export interface SendOptions {
  /** At most one waiting job per name and key: a second send returns null. */
  singletonKey?: string | undefined;
  /** Run no earlier than this time, or this many seconds from now. */
  startAfter?: Date | number | undefined;
  /** Retries after the first failure (default 2). */
  retryLimit?: number | undefined;
  /** Seconds before a retry (default 0; with retryBackoff at least 1). */
  retryDelay?: number | undefined;
  /** Double the delay at each retry, with jitter. */
  retryBackoff?: boolean | undefined;
}

export interface Job<T extends object = Record<string, unknown>> {
  id: string;
  name: string;
  data: T;
}

export type JobHandler<T extends object = Record<string, unknown>> = (job: Job<T>) => Promise<void>;

export interface WorkOptions {
  /** Jobs of this name run at most this many at a time in this process (default 1). */
  concurrency?: number | undefined;
  /** How often an idle worker looks for due jobs (default 2 s; jobs sent from this process wake it at once on SQLite). */
  pollingIntervalSeconds?: number | undefined;
}

export interface JobQueue {
  readonly kind: 'pg-boss' | 'sqlite';
  start(): Promise<void>;
  /** Stop taking jobs, let running handlers finish (up to the timeout given at creation), release resources. */
  stop(): Promise<void>;
  /** The job's id, or null when a waiting job with the same singletonKey exists. */
  send<T extends object>(name: string, data: T, opts?: SendOptions): Promise<string | null>;
  work<T extends object>(name: string, handler: JobHandler<T>, opts?: WorkOptions): Promise<void>;
  /** Send `name` with `data` at each slot of `cron` (replaces an earlier schedule of that name). */
  schedule<T extends object>(name: string, cron: string, data?: T, opts?: { tz?: string | undefined }): Promise<void>;
  unschedule(name: string): Promise<void>;
}

export interface JobQueueOptions {
  /** Default polling interval of workers (seconds, default 2). */
  pollingIntervalSeconds?: number | undefined;
  /** How often schedules are looked at (seconds, default 30; tests use 1). */
  cronIntervalSeconds?: number | undefined;
  /** How long stop() waits for running handlers (ms, default 30 000). */
  stopTimeoutMs?: number | undefined;
  /**
   * PostgreSQL: a job still running after this many seconds counts as failed and is retried within its retryLimit;
   * this is how a job whose process died while running it is taken again (pg-boss's expireInSeconds, default 900).
   * On SQLite such a job runs again at the next start instead.
   */
  runningTimeoutSeconds?: number | undefined;
  /** PostgreSQL: how often pg-boss looks for such jobs (seconds, default 120; tests use 1). */
  maintenanceIntervalSeconds?: number | undefined;
  /** Where errors of the machinery (not of handlers) go. Default: stderr. */
  onError?: ((err: Error) => void) | undefined;
}

/** Queue names: letters, digits, '-' and '_' (pg-boss makes a table partition per name). */
export function checkJobName(name: string): void {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(name)) throw new Error(`job name ${JSON.stringify(name)}: letters, digits, '-' and '_' only`);
}

export function startAfterDate(v: Date | number | undefined, now: number): Date {
  if (v === undefined) return new Date(now);
  if (typeof v === 'number') return new Date(now + v * 1000);
  return v;
}

/** pg-boss's retry delay: fixed, or `delay * 2^n / 2 * (1 + random)` with backoff (n = retries so far + 1). */
export function retryDelayMs(delaySeconds: number, backoff: boolean, retryCount: number, random = Math.random()): number {
  if (!backoff) return delaySeconds * 1000;
  const d = Math.max(delaySeconds, 1);
  const half = (d * 2 ** Math.min(16, retryCount + 1)) / 2;
  return (half + half * random) * 1000;
}
