// The calendar on the job queue (pg-boss on PostgreSQL, in-process on SQLite): the scheduled sweeps and the outbox sender
// deliver to a local SMTP server; after a restart nothing is sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.js';
import { fileMandatedReport } from '../../src/app/file-mandated-report.js';
import { notify } from '../../src/app/notify.js';
import { createUserAccount } from '../../src/app/sign-in.js';
import { loadConfig } from '../../src/config.js';
import { CALENDAR_DAILY, CALENDAR_REPORTS, MAIL_OUTBOX, startCalendarJobs, type CalendarJobs } from '../../src/jobs/calendar-jobs.js';
import { createJobQueue } from '../../src/jobs/create-job-queue.js';
import type { JobQueue } from '../../src/jobs/job-queue.js';
import type { Store } from '../../src/store/create-db.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from '../store/databases.js';
import { smallDistrict, type SmallDistrict } from '../store/fixtures.js';
import { startLocalSmtp, type LocalSmtp } from '../support/smtp.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NOW = new Date('2026-10-05T15:00:00Z');

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`calendar jobs on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let smtp: LocalSmtp;
    let deps: AppDeps;
    let d: SmallDistrict;

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
      smtp = await startLocalSmtp({ user: 'jobs', pass: 'jobs-pass' });
      deps = { db: store.db, now: () => NOW };
      d = await smallDistrict(deps);
      await createUserAccount(deps, d.admin, { email: 'hr@alexandria.k12.mn.us', name: 'HR', roles: ['hr'] });
      await createUserAccount(deps, d.admin, { email: 'super@alexandria.k12.mn.us', name: 'Superintendent', roles: ['superintendent'] });
    });
    const running: Array<{ q: JobQueue; cal: CalendarJobs }> = [];
    afterAll(async () => {
      for (const r of running) {
        await r.q.stop();
        r.cal.close();
      }
      await smtp?.close();
      await store?.close();
      await tdb?.drop();
    });

    async function start(runs: Array<{ what: string; summary: Record<string, unknown> }>): Promise<{ q: JobQueue; cal: CalendarJobs }> {
      const q = createJobQueue(store, { databaseUrl: tdb.options.databaseUrl, pollingIntervalSeconds: 0.5, cronIntervalSeconds: 1, stopTimeoutMs: 5000, onError: (e) => process.stderr.write(`jobs error: ${e.message}\n`) });
      await q.start();
      const config = loadConfig({ SMTP_URL: `smtp://jobs:jobs-pass@127.0.0.1:${smtp.port}`, SMTP_FROM: 'no-reply@alexandria.k12.mn.us' }, '/nonexistent.env');
      // Every minute: the current slot is less than a minute old, so each schedule fires at once.
      const cal = await startCalendarJobs(q, deps, config, { dailyCron: '* * * * *', reportsCron: '* * * * *', mailCron: '* * * * *', pollingIntervalSeconds: 0.5, onRun: (what, summary) => runs.push({ what, summary }) });
      running.push({ q, cal });
      return { q, cal };
    }

    it('runs the scheduled sweeps and sends queued e-mail; a restart sends nothing twice', async () => {
      // Keep the test inside one minute, so the cron slot is the same across the restart.
      const s = new Date().getUTCSeconds();
      if (s > 35) await sleep((61 - s) * 1000);
      // An e-mail queued by a notify() without a mailer (as the monitoring poller does): the outbox job sends it.
      await notify(deps, { districtId: d.districtId, recipients: [d.dana.id], event: 'monitoring.flagged', dedupKey: 'flagged:1', subject: 'A post needs review', body: 'A monitored post was flagged.' });
      // A report due in 2.5 h at NOW: the reports sweep escalates it.
      await fileMandatedReport(deps, d.as('employee', d.lee), { what: 'concern', whereSeen: 'Facebook', awareAt: '2026-10-04T17:30:00Z' });

      const runs: Array<{ what: string; summary: Record<string, unknown> }> = [];
      const first = await start(runs);
      const got = await smtp.waitFor(4, 30_000);
      expect(got.map((m) => m.to[0]).sort()).toEqual(['dwhitfield@alexandria.k12.mn.us', 'hr@alexandria.k12.mn.us', 'lpark@alexandria.k12.mn.us', 'super@alexandria.k12.mn.us']);
      expect(got.find((m) => m.to[0] === 'dwhitfield@alexandria.k12.mn.us')!.subject).toBe('A post needs review');
      expect(got.find((m) => m.to[0] === 'lpark@alexandria.k12.mn.us')!.subject).toBe('Your mandated report is due in 2.5 h');
      const end = Date.now() + 15_000;
      while (![CALENDAR_DAILY, CALENDAR_REPORTS, MAIL_OUTBOX].every((w) => runs.some((r) => r.what === w)) && Date.now() < end) await sleep(100);
      expect(runs.find((r) => r.what === CALENDAR_REPORTS)?.summary).toMatchObject({ notices: 3, errors: [] });
      expect(runs.find((r) => r.what === CALENDAR_DAILY)?.summary).toMatchObject({ errors: [] });
      expect(runs.find((r) => r.what === MAIL_OUTBOX)?.summary).toMatchObject({ sent: 1 });
      await first.q.stop();
      first.cal.close();
      running.splice(running.indexOf(first), 1);

      const again: Array<{ what: string; summary: Record<string, unknown> }> = [];
      const second = await start(again);
      await sleep(3000);
      // A fresh run of the sweeps (as the next slot would do) creates nothing either.
      await second.q.send(CALENDAR_REPORTS, {});
      const until = Date.now() + 15_000;
      while (!again.some((r) => r.what === CALENDAR_REPORTS) && Date.now() < until) await sleep(100);
      expect(again.filter((r) => r.what === CALENDAR_REPORTS).map((r) => r.summary.notices)).toEqual([0]);
      await sleep(500);
      expect(smtp.received).toHaveLength(4);
      await second.q.stop();
      second.cal.close();
    }, 90_000);
  });
}
