// `clearpost serve` runs the jobs: a monitored feed is polled at start, and SIGTERM stops server, jobs and store cleanly (exit 0).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerMonitoredAccount } from '../../src/app/register-monitored-account.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from '../store/databases.js';
import { smallDistrict } from '../store/fixtures.js';
import { feedFile, feedRoute, startFeedServer, type FeedServer } from '../support/feed-server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`clearpost serve with jobs on ${dialect}`, () => {
    let tdb: TestDatabase;
    let srv: FeedServer;
    let dir: string;
    let accountId: string;

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      srv = await startFeedServer();
      srv.route('/feed.atom', feedRoute(feedFile('rss-parser/test-input/heise.atom'), { type: 'application/atom+xml', etag: '"x"' }));
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-serve-'));
      const store = await tdb.open();
      const deps = { db: store.db };
      const d = await smallDistrict(deps);
      const a = await registerMonitoredAccount(deps, d.as('hr'), { employeeId: d.dana.id, network: 'blog', feedUrl: `${srv.url}/feed.atom`, reason: 'IV.E test' });
      accountId = a.id;
      await store.close();
    });
    afterAll(async () => {
      await srv?.close();
      await tdb?.drop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('polls the due feed after start and stops cleanly on SIGTERM', async () => {
      const port = await freePort();
      const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DEMO: 'false', WEB_DIR: path.join(dir, 'no-web'), DATABASE_URL: dialect === 'postgres' ? tdb.options.databaseUrl! : `file:${tdb.options.sqliteFile!}`, NO_COLOR: '1', MONITOR_PRIVATE_NETWORKS: 'true' };
      const child = spawn(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), 'serve'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (out += b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const end = Date.now() + 80_000;
      while (!srv.log.some((l) => l.path === '/feed.atom' && l.status === 200)) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`the feed was not polled; server output:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // Let the poll finish its checks, then stop.
      const store = await tdb.open();
      try {
        const end2 = Date.now() + 20_000;
        for (;;) {
          const row = await store.db.selectFrom('monitored_accounts').select(['last_poll_status', 'failures']).where('id', '=', accountId).executeTakeFirstOrThrow();
          if (row.last_poll_status !== null) {
            expect(row).toEqual({ last_poll_status: 'ok', failures: 0 });
            break;
          }
          if (Date.now() > end2) throw new Error(`the poll did not finish; server output:\n${out}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(out).toContain('Clearpost is running');
        const seen = await store.db.selectFrom('monitoring_seen_items').select(['checked_at']).where('account_id', '=', accountId).execute();
        expect(seen).toHaveLength(15);
        expect(seen.every((s) => s.checked_at !== null)).toBe(true);
        if (dialect === 'sqlite') {
          // Nothing was left running: the queue stopped after its handlers finished.
          const active = await store.db.selectFrom('jobs').select('id').where('state', '=', 'active').execute();
          expect(active).toEqual([]);
        }
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await store.close();
      }
      // Starting the server from the TypeScript sources takes a while on a busy 2-core machine.
    }, 120_000);
  });
}
