// The job interface in-process on SQLite: jobs and schedules in the database (they survive a restart), one
// process runs them. SQLite has one writer; running two servers on one SQLite file is not supported.
import { randomUUID } from 'node:crypto';
import cronParser from 'cron-parser';
import type { Kysely } from 'kysely';
import type { DB, JobRow } from '../store/schema.js';
import {
  claimScheduleSlot,
  completeJob,
  deleteSchedule,
  failJob,
  insertJob,
  listSchedules,
  purgeFinishedJobs,
  requeueActiveJobs,
  takeNextJob,
  upsertSchedule,
} from '../store/repos/jobs.js';
import { checkJobName, retryDelayMs, startAfterDate, type JobHandler, type JobQueue, type JobQueueOptions, type SendOptions, type WorkOptions } from './job-queue.js';

interface Worker {
  name: string;
  handler: JobHandler<object>;
  intervalMs: number;
  slots: number;
  running: number;
  timer: NodeJS.Timeout | undefined;
  polling: boolean;
}

const KEEP_FINISHED_MS = 7 * 86400_000;

export class SqliteJobQueue implements JobQueue {
  readonly kind = 'sqlite' as const;
  private started = false;
  private stopping = false;
  private readonly workers = new Map<string, Worker[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private cronTimer: NodeJS.Timeout | undefined;
  private readonly pollMs: number;
  private readonly cronMs: number;
  private readonly stopTimeoutMs: number;
  private readonly onError: (err: Error) => void;

  constructor(private readonly db: Kysely<DB>, opts: JobQueueOptions = {}) {
    this.pollMs = (opts.pollingIntervalSeconds ?? 2) * 1000;
    this.cronMs = (opts.cronIntervalSeconds ?? 30) * 1000;
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 30_000;
    this.onError = opts.onError ?? ((err) => process.stderr.write(`clearpost jobs: ${err.message}\n`));
  }

  async start(): Promise<void> {
    if (this.started) return;
    // Whatever was running when the last process stopped runs again (at-least-once).
    await requeueActiveJobs(this.db);
    this.started = true;
    this.stopping = false;
    this.cronTimer = setInterval(() => void this.onCron(), this.cronMs);
    setImmediate(() => void this.onCron());
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.stopping = true;
    if (this.cronTimer !== undefined) clearInterval(this.cronTimer);
    for (const ws of this.workers.values()) for (const w of ws) if (w.timer !== undefined) clearTimeout(w.timer);
    this.workers.clear();
    const all = Promise.allSettled([...this.inFlight]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, this.stopTimeoutMs)))]);
    clearTimeout(timer);
    this.started = false;
  }

  private requireStarted(what: string): void {
    if (!this.started || this.stopping) throw new Error(`jobs: ${what} needs a started queue (call start() first)`);
  }

  async send<T extends object>(name: string, data: T, opts: SendOptions = {}): Promise<string | null> {
    this.requireStarted('send');
    return this.insert(this.db, name, data, opts);
  }

  private async insert(db: Kysely<DB>, name: string, data: object, opts: SendOptions): Promise<string | null> {
    checkJobName(name);
    const now = Date.now();
    const id = randomUUID();
    const ok = await insertJob(db, {
      id,
      name,
      data: JSON.stringify(data ?? {}),
      singletonKey: opts.singletonKey ?? null,
      startAfter: startAfterDate(opts.startAfter, now).toISOString(),
      retryLimit: opts.retryLimit ?? 2,
      retryDelay: opts.retryDelay ?? 0,
      retryBackoff: opts.retryBackoff ?? false,
      createdAt: new Date(now).toISOString(),
    });
    if (!ok) return null;
    for (const w of this.workers.get(name) ?? []) this.wake(w, opts.startAfter === undefined ? 0 : startAfterDate(opts.startAfter, now).getTime() - Date.now());
    return id;
  }

  async work<T extends object>(name: string, handler: JobHandler<T>, opts: WorkOptions = {}): Promise<void> {
    this.requireStarted('work');
    checkJobName(name);
    const w: Worker = { name, handler: handler as JobHandler<object>, intervalMs: (opts.pollingIntervalSeconds ?? this.pollMs / 1000) * 1000, slots: Math.max(1, opts.concurrency ?? 1), running: 0, timer: undefined, polling: false };
    this.workers.set(name, [...(this.workers.get(name) ?? []), w]);
    this.wake(w, 0);
  }

  async schedule<T extends object>(name: string, cron: string, data?: T, opts: { tz?: string | undefined } = {}): Promise<void> {
    this.requireStarted('schedule');
    checkJobName(name);
    const tz = opts.tz ?? 'UTC';
    cronParser.parseExpression(cron, { tz }); // throws on a bad expression
    await upsertSchedule(this.db, { name, cron, tz, data: JSON.stringify(data ?? {}), now: new Date().toISOString() });
    setImmediate(() => void this.onCron());
  }

  async unschedule(name: string): Promise<void> {
    await deleteSchedule(this.db, name);
  }

  /** Look for work after `delayMs` (or at the polling interval, whichever is sooner). */
  private wake(w: Worker, delayMs: number): void {
    if (this.stopping || w.polling) return;
    if (w.timer !== undefined) clearTimeout(w.timer);
    w.timer = setTimeout(() => void this.poll(w), Math.max(0, Math.min(delayMs, w.intervalMs)));
  }

  private async poll(w: Worker): Promise<void> {
    w.timer = undefined;
    if (this.stopping || w.polling) return;
    w.polling = true;
    try {
      while (!this.stopping && w.running < w.slots) {
        const job = await takeNextJob(this.db, w.name, new Date().toISOString());
        if (job === undefined) break;
        // stop() began while we waited for the database: the job stays active and the next start runs it.
        if (this.stopping) break;
        this.run(w, job);
      }
    } catch (err) {
      this.onError(err as Error);
    } finally {
      w.polling = false;
    }
    if (!this.stopping && w.running < w.slots) this.wake(w, w.intervalMs);
  }

  private run(w: Worker, job: JobRow): void {
    w.running++;
    const p = (async () => {
      try {
        await w.handler({ id: job.id, name: job.name, data: JSON.parse(job.data) as object });
        await completeJob(this.db, job.id, new Date().toISOString());
      } catch (err) {
        const now = Date.now();
        const retryAt = job.retry_count < job.retry_limit ? new Date(now + retryDelayMs(job.retry_delay, job.retry_backoff === 1, job.retry_count)).toISOString() : undefined;
        const message = err instanceof Error ? err.message : String(err);
        try {
          await failJob(this.db, job, message, new Date(now).toISOString(), retryAt);
        } catch (e) {
          this.onError(e as Error);
        }
      }
    })();
    this.inFlight.add(p);
    void p.finally(() => {
      this.inFlight.delete(p);
      w.running--;
      if (!this.stopping) this.wake(w, 0);
    });
  }

  private cronBusy = false;

  private async onCron(): Promise<void> {
    if (!this.started || this.stopping || this.cronBusy) return;
    this.cronBusy = true;
    try {
      const now = Date.now();
      for (const s of await listSchedules(this.db)) {
        let slot: Date;
        try {
          slot = cronParser.parseExpression(s.cron, { tz: s.tz, currentDate: new Date(now) }).prev().toDate();
        } catch (err) {
          this.onError(new Error(`schedule ${s.name}: ${(err as Error).message}`));
          continue;
        }
        // As pg-boss: a slot fires only while it is less than a minute old, once.
        if (now - slot.getTime() >= 60_000) continue;
        // The slot and its job land together, or neither does.
        await this.db.transaction().execute(async (trx) => {
          // At most one waiting job per schedule, as on pg-boss.
          if (await claimScheduleSlot(trx, s.name, slot.toISOString())) await this.insert(trx, s.name, JSON.parse(s.data) as object, { singletonKey: `schedule:${s.name}` });
        });
      }
      await purgeFinishedJobs(this.db, new Date(now - KEEP_FINISHED_MS).toISOString());
    } catch (err) {
      this.onError(err as Error);
    } finally {
      this.cronBusy = false;
    }
  }
}
