// IV.E on the job queue: every minute the due feeds are queued (one waiting poll per account), and pollers run them.
import { feedsDue, pollMonitoredFeed, type PollDeps, type PollResult } from '../app/poll-monitored-feed.js';
import type { JobQueue } from './job-queue.js';

export const MONITORING_DUE = 'monitoring-due';
export const MONITORING_POLL = 'monitoring-poll';

export interface MonitoringJobsOptions {
  /** Polls running at once in this process (default 4; one host is still asked one request at a time). */
  concurrency?: number | undefined;
  /** Look for due feeds on this cron (default every minute). */
  cron?: string | undefined;
  pollingIntervalSeconds?: number | undefined;
  /** Told after each poll (logging, tests). */
  onPoll?: ((r: PollResult) => void) | undefined;
}

/** Queue a poll of every due feed; returns how many were queued (an account with a poll already waiting is not queued twice). */
export async function queueDueFeeds(jobs: JobQueue, deps: PollDeps): Promise<number> {
  let n = 0;
  for (const a of await feedsDue(deps)) {
    if ((await jobs.send(MONITORING_POLL, { districtId: a.district_id, accountId: a.id }, { singletonKey: a.id, retryLimit: 2, retryDelay: 30, retryBackoff: true })) !== null) n++;
  }
  return n;
}

/** Register the monitoring workers and schedule on a started queue, and queue what is due now. */
export async function startMonitoringJobs(jobs: JobQueue, deps: PollDeps, opts: MonitoringJobsOptions = {}): Promise<void> {
  await jobs.work<{ districtId: string; accountId: string }>(
    MONITORING_POLL,
    async (job) => {
      const r = await pollMonitoredFeed(deps, job.data.districtId, job.data.accountId);
      opts.onPoll?.(r);
    },
    { concurrency: opts.concurrency ?? 4, pollingIntervalSeconds: opts.pollingIntervalSeconds },
  );
  await jobs.work(MONITORING_DUE, async () => void (await queueDueFeeds(jobs, deps)), { pollingIntervalSeconds: opts.pollingIntervalSeconds });
  await jobs.schedule(MONITORING_DUE, opts.cron ?? '* * * * *');
  await queueDueFeeds(jobs, deps);
}
