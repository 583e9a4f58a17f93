// The job interface on PostgreSQL: pg-boss 10 with its own schema (pgboss) in Clearpost's database.
// Scale-out is pg-boss's: any number of server processes share the queues and a cron slot fires once.
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { checkJobName, type JobHandler, type JobQueue, type JobQueueOptions, type SendOptions, type WorkOptions } from './job-queue.js';

export class PgBossJobQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private readonly queues = new Map<string, Promise<void>>();
  private started = false;
  private readonly pollSeconds: number;
  private readonly stopTimeoutMs: number;

  constructor(databaseUrl: string, opts: JobQueueOptions = {}) {
    this.pollSeconds = opts.pollingIntervalSeconds ?? 2;
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 30_000;
    const cron = opts.cronIntervalSeconds ?? 30;
    this.boss = new PgBoss({
      connectionString: databaseUrl,
      max: 4,
      cronMonitorIntervalSeconds: cron,
      cronWorkerIntervalSeconds: Math.min(5, cron),
      application_name: 'clearpost-jobs',
      ...(opts.runningTimeoutSeconds !== undefined ? { expireInSeconds: opts.runningTimeoutSeconds } : {}),
      ...(opts.maintenanceIntervalSeconds !== undefined ? { maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds } : {}),
    });
    const onError = opts.onError ?? ((err: Error) => process.stderr.write(`clearpost jobs: ${err.message}\n`));
    this.boss.on('error', onError);
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    this.started = true;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, close: true, timeout: this.stopTimeoutMs });
  }

  private requireStarted(what: string): void {
    if (!this.started) throw new Error(`jobs: ${what} needs a started queue (call start() first)`);
  }

  /**
   * Every Clearpost queue has pg-boss's `short` policy: at most one created job per key. A send
   * without a singletonKey gets a unique one, so only keyed sends are ever deduplicated.
   */
  private ensureQueue(name: string): Promise<void> {
    checkJobName(name);
    let q = this.queues.get(name);
    if (q === undefined) {
      q = this.boss.createQueue(name, { name, policy: 'short' });
      this.queues.set(name, q);
      q.catch(() => this.queues.delete(name));
    }
    return q;
  }

  async send<T extends object>(name: string, data: T, opts: SendOptions = {}): Promise<string | null> {
    this.requireStarted('send');
    await this.ensureQueue(name);
    const o: PgBoss.SendOptions = { singletonKey: opts.singletonKey ?? `u:${randomUUID()}` };
    if (opts.startAfter !== undefined) o.startAfter = opts.startAfter;
    if (opts.retryLimit !== undefined) o.retryLimit = opts.retryLimit;
    if (opts.retryDelay !== undefined) o.retryDelay = opts.retryDelay;
    if (opts.retryBackoff !== undefined) o.retryBackoff = opts.retryBackoff;
    return this.boss.send(name, data ?? {}, o);
  }

  async work<T extends object>(name: string, handler: JobHandler<T>, opts: WorkOptions = {}): Promise<void> {
    this.requireStarted('work');
    await this.ensureQueue(name);
    const n = Math.max(1, opts.concurrency ?? 1);
    // One pg-boss worker per slot: each fetches one job at a time.
    for (let i = 0; i < n; i++) {
      await this.boss.work<T>(name, { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? this.pollSeconds }, async (jobs) => {
        for (const j of jobs) await handler({ id: j.id, name: j.name, data: j.data });
      });
    }
  }

  async schedule<T extends object>(name: string, cron: string, data?: T, opts: { tz?: string | undefined } = {}): Promise<void> {
    this.requireStarted('schedule');
    await this.ensureQueue(name);
    // At most one waiting job per schedule (a slow handler does not let slots pile up).
    await this.boss.schedule(name, cron, data ?? {}, { tz: opts.tz ?? 'UTC', singletonKey: `schedule:${name}` });
  }

  async unschedule(name: string): Promise<void> {
    this.requireStarted('unschedule');
    await this.boss.unschedule(name);
  }
}
