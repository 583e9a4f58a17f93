// `clearpost serve` (npm start): open and migrate the store, load the demo district on first run, build the web app if needed,
// listen, and run the jobs (monitored feeds polled when due); SIGINT/SIGTERM stop the server, then the jobs, then the store.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../../app/access.js';
import { loadDemoDistrict } from '../../app/load-demo-district.js';
import { loadPolicyPack } from '../../app/load-policy-pack.js';
import { createUserAccount } from '../../app/sign-in.js';
import { warmUpDistricts, warmUpEngine } from '../../app/warm-up-engine.js';
import { loadConfig } from '../../config.js';
import { createJobQueue } from '../../jobs/create-job-queue.js';
import { startMonitoringJobs } from '../../jobs/monitoring-jobs.js';
import { startCalendarJobs } from '../../jobs/calendar-jobs.js';
import { configureSharedFeedFetcher } from '../../ingest/feed-fetcher.js';
import { buildServer } from '../../server/app.js';
import { createDb } from '../../store/create-db.js';
import { findUsersByEmail } from '../../store/repos/users.js';

const DEMO_LOGINS = path.join('data', 'demo-logins.json');

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the Clearpost server (SQLite under ./data by default; DATABASE_URL=postgres://... for PostgreSQL)')
    .action(async () => {
      const config = loadConfig();
      const store = await createDb({ databaseUrl: config.databaseUrl, sqliteFile: config.sqliteFile });
      // publicUrl: the links e-mailed from a request (a guardian's signing link) are absolute.
      const deps = { db: store.db, publicUrl: config.publicUrl };
      let logins: Array<{ email: string; password: string; role: string }> = [];
      if (config.demo) {
        const demo = await loadDemoDistrict(deps);
        logins = fs.existsSync(DEMO_LOGINS) ? (JSON.parse(fs.readFileSync(DEMO_LOGINS, 'utf8')) as typeof logins) : [];
        const actor = systemActor(demo.districtId, 'demo');
        const want = [
          { email: 'admin@demo.clearpost.test', name: 'Demo Superintendent', role: 'admin', personId: demo.personas.superintendent, roles: ['admin', 'superintendent'] as const },
          { email: 'teacher@demo.clearpost.test', name: 'Demo Teacher', role: 'employee', personId: demo.personas.teacher, roles: ['employee'] as const },
        ];
        for (const w of want) {
          if ((await findUsersByEmail(store.db, w.email)).length > 0) continue;
          // A fresh random password per install, kept beside the database (data/ is never committed).
          const password = crypto.randomBytes(12).toString('base64url');
          await createUserAccount(deps, actor, { email: w.email, name: w.name, password, personId: w.personId, roles: [...w.roles] });
          logins = logins.filter((l) => l.email !== w.email).concat({ email: w.email, password, role: w.role });
        }
        fs.mkdirSync('data', { recursive: true });
        fs.writeFileSync(DEMO_LOGINS, JSON.stringify(logins, null, 2), { mode: 0o600 });
      }
      if (!fs.existsSync(path.join(config.webDir, 'index.html')) && fs.existsSync('web/index.html')) {
        process.stdout.write('building the web app (vite)…\n');
        spawnSync(process.execPath, [path.join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
      }
      const pack = loadPolicyPack();
      const app = await buildServer({ deps, pack, webDir: config.webDir, cookieSecure: config.cookieSecure, oidc: config.oidc });
      // The first check in a process compiles the lexicons: do it now, so no one's first keystroke waits for it.
      warmUpEngine(pack);
      await warmUpDistricts(store.db, pack);
      await app.listen({ port: config.port, host: config.host });
      // Jobs: pg-boss on PostgreSQL, in-process on SQLite. Monitored feeds are polled when due (checked every minute, and now).
      const jobs = createJobQueue(store, { databaseUrl: config.databaseUrl });
      await jobs.start();
      configureSharedFeedFetcher({ allowPrivateNetworks: config.monitorPrivateNetworks });
      await startMonitoringJobs(jobs, deps);
      // The policy's calendar (daily sweeps, report deadlines every 15 min) and the e-mail outbox (every minute, when SMTP_* is set).
      await startCalendarJobs(jobs, deps, config);
      process.stdout.write(`Clearpost is running at http://${config.host}:${config.port}/  (API docs: /api/docs; store: ${store.location})\n`);
      for (const l of logins) process.stdout.write(`  demo ${l.role}: ${l.email} / ${l.password}\n`);
      const stop = async () => {
        await app.close();
        // Running jobs finish (up to 30 s); waiting ones stay in the database for the next start.
        await jobs.stop();
        await store.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
