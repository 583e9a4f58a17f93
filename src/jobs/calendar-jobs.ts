// The policy's calendar on the job queue: daily sweeps (disclosure campaign, consents and authorizations about to end),
// mandated-report deadlines every 15 minutes, and the e-mail outbox every minute (when SMTP is configured).
import { nowOf } from '../app/deps.js';
import { deliverMail, type NotifyDeps } from '../app/notify.js';
import { DAILY_SWEEPS, HOURLY_SWEEPS, runCalendar } from '../app/calendar/run-calendar.js';
import type { Config } from '../config.js';
import { createSmtpMailer, type SmtpMailer } from '../mail/smtp.js';
import type { JobQueue } from './job-queue.js';

export const CALENDAR_DAILY = 'calendar-daily';
export const CALENDAR_REPORTS = 'calendar-reports';
export const MAIL_OUTBOX = 'mail-outbox';

export interface CalendarJobsOptions {
  /** Cron (UTC) of the daily sweeps; default 11:15 UTC (early morning in US time zones). */
  dailyCron?: string | undefined;
  /** Cron of the mandated-report deadline sweep; default every 15 minutes. */
  reportsCron?: string | undefined;
  /** Cron of the outbox sender; default every minute. */
  mailCron?: string | undefined;
  /** Told after each run (logging, tests). */
  onRun?: ((what: string, summary: Record<string, unknown>) => void) | undefined;
  pollingIntervalSeconds?: number | undefined;
}

export interface CalendarJobs {
  /** The SMTP mailer built from the configuration (undefined without SMTP). */
  mailer: SmtpMailer | undefined;
  /** Deps with the mailer and PUBLIC_URL, for other notify() callers. */
  deps: NotifyDeps;
  close(): void;
}

/**
 * Register the calendar's workers and schedules on a started queue. A failed sweep throws after the
 * other districts ran, so the queue retries it; every sweep is idempotent (notify's dedup keys).
 */
export async function startCalendarJobs(jobs: JobQueue, base: Pick<NotifyDeps, 'db' | 'now'>, config: Pick<Config, 'mail' | 'publicUrl'>, opts: CalendarJobsOptions = {}): Promise<CalendarJobs> {
  const mailer = config.mail === undefined ? undefined : createSmtpMailer(config.mail);
  const deps: NotifyDeps = { ...base, mailer, publicUrl: config.publicUrl };
  const sweep = (name: string, sweeps: typeof DAILY_SWEEPS) => async () => {
    const r = await runCalendar(deps, { now: nowOf(deps), sweeps });
    const notices = r.results.reduce((n, x) => n + x.notices, 0);
    opts.onRun?.(name, { notices, results: r.results.length, errors: r.errors });
    if (r.errors.length > 0) throw new Error(`${name}: ${r.errors.map((e) => `${e.sweep} in district ${e.districtId}: ${e.error}`).join('; ')}`);
  };
  const work = { pollingIntervalSeconds: opts.pollingIntervalSeconds };
  await jobs.work(CALENDAR_DAILY, sweep(CALENDAR_DAILY, DAILY_SWEEPS), work);
  await jobs.work(CALENDAR_REPORTS, sweep(CALENDAR_REPORTS, HOURLY_SWEEPS), work);
  await jobs.schedule(CALENDAR_DAILY, opts.dailyCron ?? '15 11 * * *');
  await jobs.schedule(CALENDAR_REPORTS, opts.reportsCron ?? '*/15 * * * *');
  if (mailer !== undefined) {
    await jobs.work(
      MAIL_OUTBOX,
      async () => {
        // Batches of 500 until the due rows are done (at most 20 batches a run; the next minute takes the rest).
        const total = { sent: 0, retrying: 0, failed: 0 };
        for (let i = 0; i < 20; i++) {
          const r = await deliverMail({ ...deps, mailer }, { limit: 500 });
          total.sent += r.sent;
          total.retrying += r.retrying;
          total.failed += r.failed;
          if (r.sent + r.retrying + r.failed < 500) break;
        }
        if (total.sent + total.retrying + total.failed > 0) opts.onRun?.(MAIL_OUTBOX, total);
      },
      work,
    );
    await jobs.schedule(MAIL_OUTBOX, opts.mailCron ?? '* * * * *');
  } else {
    await jobs.unschedule(MAIL_OUTBOX);
  }
  return { mailer, deps, close: () => mailer?.close() };
}
