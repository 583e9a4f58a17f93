// The job interface on both databases: pg-boss on PostgreSQL, the in-process queue on SQLite, same behaviour.
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue } from '../../src/jobs/create-job-queue.js';
import type { Job, JobQueue } from '../../src/jobs/job-queue.js';
import type { Store } from '../../src/store/create-db.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from '../store/databases.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`jobs on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    const open: JobQueue[] = [];

    const queue = async (): Promise<JobQueue> => {
      const q = createJobQueue(store, { databaseUrl: tdb.options.databaseUrl, pollingIntervalSeconds: 0.5, cronIntervalSeconds: 1, stopTimeoutMs: 5000, onError: (e) => process.stderr.write(`jobs error: ${e.message}\n`) });
      await q.start();
      open.push(q);
      return q;
    };

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
    });
    afterEach(async () => {
      for (const q of open.splice(0)) await q.stop();
    });
    afterAll(async () => {
      await store?.close();
      await tdb?.drop();
    });

    it(`is ${dialect === 'postgres' ? 'pg-boss' : 'the in-process queue'}`, async () => {
      const q = await queue();
      expect(q.kind).toBe(dialect === 'postgres' ? 'pg-boss' : 'sqlite');
    });

    it('runs a sent job once with its data', async () => {
      const q = await queue();
      const seen: Array<Job<{ n: number }>> = [];
      await q.work<{ n: number }>('t-basic', async (job) => {
        seen.push(job);
      });
      const id = await q.send('t-basic', { n: 42 });
      expect(id).toEqual(expect.any(String));
      await until('the job', () => seen.length === 1);
      await sleep(1200);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ id, name: 't-basic', data: { n: 42 } });
    });

    it('singletonKey: a second send while one waits is dropped; after it ran, a new one is taken', async () => {
      const q = await queue();
      const a = await q.send('t-single', { n: 1 }, { singletonKey: 'acct-1' });
      const b = await q.send('t-single', { n: 2 }, { singletonKey: 'acct-1' });
      const c = await q.send('t-single', { n: 3 }, { singletonKey: 'acct-2' });
      const d = await q.send('t-single', { n: 4 });
      const e = await q.send('t-single', { n: 5 });
      expect(a).not.toBeNull();
      expect(b).toBeNull();
      expect(c).not.toBeNull();
      // Sends without a key are never deduplicated.
      expect(d).not.toBeNull();
      expect(e).not.toBeNull();
      const ran: number[] = [];
      await q.work<{ n: number }>('t-single', async (job) => {
        ran.push(job.data.n);
      });
      await until('four jobs', () => ran.length === 4);
      expect(ran.sort()).toEqual([1, 3, 4, 5]);
      expect(await q.send('t-single', { n: 6 }, { singletonKey: 'acct-1' })).not.toBeNull();
      await until('the fifth', () => ran.length === 5);
    });

    it('retries a failing handler up to retryLimit, then gives up', async () => {
      const q = await queue();
      const tries = new Map<number, number>();
      await q.work<{ n: number }>('t-retry', async (job) => {
        tries.set(job.data.n, (tries.get(job.data.n) ?? 0) + 1);
        if (job.data.n === 1 && tries.get(1)! < 2) throw new Error('first try fails');
        if (job.data.n === 2) throw new Error('always fails');
      });
      await q.send('t-retry', { n: 1 }, { retryLimit: 3 });
      await q.send('t-retry', { n: 2 }, { retryLimit: 1 });
      await until('two tries of each', () => tries.get(1) === 2 && tries.get(2) === 2);
      await sleep(1500);
      expect(tries.get(1)).toBe(2);
      expect(tries.get(2)).toBe(2);
    });

    it('startAfter: a job does not run before its time', async () => {
      const q = await queue();
      const ranAt: number[] = [];
      await q.work('t-later', async () => {
        ranAt.push(Date.now());
      });
      const sentAt = Date.now();
      await q.send('t-later', {}, { startAfter: new Date(sentAt + 1500) });
      await until('the delayed job', () => ranAt.length === 1);
      expect(ranAt[0]! - sentAt).toBeGreaterThanOrEqual(1400);
    });

    it('restart: a job sent before stop runs after start, once', async () => {
      const before = await queue();
      const id = await before.send('t-restart', { n: 7 });
      const delayed = await before.send('t-restart', { n: 8 }, { startAfter: 1 });
      expect(id).not.toBeNull();
      expect(delayed).not.toBeNull();
      await before.stop();
      open.splice(open.indexOf(before), 1);

      const after = await queue();
      const ran: Array<string> = [];
      await after.work('t-restart', async (job) => {
        ran.push(job.id);
      });
      await until('both jobs after the restart', () => ran.length === 2);
      await sleep(1500);
      expect(ran.sort()).toEqual([id, delayed].sort());
    });

    it('stop lets a running handler finish', async () => {
      const q = await queue();
      let finished = false;
      let started = false;
      await q.work('t-stop', async () => {
        started = true;
        await sleep(700);
        finished = true;
      });
      await q.send('t-stop', {});
      await until('the handler to start', () => started);
      await q.stop();
      expect(finished).toBe(true);
    });

    it.skipIf(dialect === 'sqlite')('pg-boss: a job whose process died while running it runs again once it has run longer than runningTimeoutSeconds', async () => {
      // (stop() cut-offs are failed and retried by pg-boss itself; a crash is not: the job stays active until it expires.)
      const opts = { databaseUrl: tdb.options.databaseUrl, pollingIntervalSeconds: 0.5, cronIntervalSeconds: 1, stopTimeoutMs: 1000, runningTimeoutSeconds: 2, maintenanceIntervalSeconds: 1 };
      const q = createJobQueue(store, opts);
      await q.start();
      open.push(q);
      const id = await q.send('t-crash-pg', { n: 1 }, { retryLimit: 1 });
      // Another process takes the job and is killed while its handler runs.
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
        const { PgBossJobQueue } = await import(${JSON.stringify(new URL('../../src/jobs/pg-boss-queue.ts', import.meta.url).href)});
        const q = new PgBossJobQueue(${JSON.stringify(tdb.options.databaseUrl)}, { pollingIntervalSeconds: 0.5 });
        await q.start();
        await q.work('t-crash-pg', async (job) => { process.stdout.write('started ' + job.id + '\\n'); await new Promise(() => {}); });
      `], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      await until('the other process to start the job', () => out.includes(`started ${id}`), 30_000);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const ran: string[] = [];
      await q.work('t-crash-pg', async (job) => {
        ran.push(job.id);
      });
      await until('the rerun', () => ran.length === 1, 30_000);
      expect(ran).toEqual([id]);
      await sleep(3000);
      expect(ran).toHaveLength(1);
    });

    it.skipIf(dialect === 'postgres')('SQLite: a job cut off by stop (or a crash) while running runs again at the next start', async () => {
      const q = createJobQueue(store, { pollingIntervalSeconds: 0.5, cronIntervalSeconds: 1, stopTimeoutMs: 100 });
      await q.start();
      let started = false;
      await q.work('t-cutoff', async () => {
        started = true;
        await new Promise(() => {}); // never finishes: the process "dies" with it
      });
      const id = await q.send('t-cutoff', { n: 1 });
      await until('the handler to start', () => started);
      await q.stop();
      const row = await store.db.selectFrom('jobs').select('state').where('id', '=', id!).executeTakeFirstOrThrow();
      expect(row.state).toBe('active');
      const again = await queue();
      const ran: string[] = [];
      await again.work('t-cutoff', async (job) => {
        ran.push(job.id);
      });
      await until('the rerun', () => ran.length === 1);
      expect(ran).toEqual([id]);
      await sleep(800);
      expect(ran).toHaveLength(1);
    });

    it('schedule: a cron slot fires once, also across a restart within the minute', async () => {
      // Keep the whole test inside one minute: wait for the next one when this one is nearly over.
      const s = new Date().getUTCSeconds();
      if (s > 40) await sleep((61 - s) * 1000);
      const q = await queue();
      const ran: Array<Record<string, unknown>> = [];
      const handler = async (job: Job) => {
        ran.push(job.data);
      };
      await q.work('t-cron', handler);
      // Every minute: the current slot is less than a minute old, so it fires now.
      await q.schedule('t-cron', '* * * * *', { what: 'tick' });
      await until('the scheduled job', () => ran.length === 1, 20_000);
      expect(ran[0]).toEqual({ what: 'tick' });
      await q.stop();
      open.splice(open.indexOf(q), 1);
      const again = await queue();
      await again.work('t-cron', handler);
      await sleep(2500);
      expect(ran).toHaveLength(1);
      await again.unschedule('t-cron');
    });

    it('refuses bad names and cron expressions', async () => {
      const q = await queue();
      await expect(q.send('bad name!', {})).rejects.toThrow(/job name/);
      await expect(q.schedule('t-badcron', 'every day', {})).rejects.toThrow();
    });
  });
}
