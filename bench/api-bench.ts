// `npm run bench:api`: autocannon on loopback against POST /api/v1/checks, signed in as an employee, district of 40,000 students.
// The server runs in its own process (bench/api-server.ts), as `clearpost serve` would; this process only generates load.
//   BENCH_SECONDS=10 npm run bench:api                 SQLite in a temporary file
//   DATABASE_URL=postgres://... npm run bench:api      an existing PostgreSQL database
//   npm run bench:api -- --pg                          a throwaway PostgreSQL cluster (initdb/pg_ctl, PostgreSQL's durable defaults)
//   BENCH_PROFILE=dir npm run bench:api                the server writes a V8 CPU profile (node --cpu-prof) into dir
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startPostgres } from '../test/global-setup.js';
import type { ServerReady, ServerStats } from './api-server.js';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 40_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const here = path.dirname(fileURLToPath(import.meta.url));

let pg: { url: string; stop: () => Promise<void> } | undefined;
const env = { ...process.env };
if (process.argv.includes('--pg')) {
  // PostgreSQL's durable defaults (fsync, synchronous_commit, full_page_writes on) plus BENCH_PG_SETTINGS ("k=v k=v"),
  // and track_wal_io_timing so the report shows the time of a WAL flush.
  const settings = Object.fromEntries((process.env.BENCH_PG_SETTINGS ?? '').split(/\s+/).filter((kv) => kv.includes('=')).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  pg = await startPostgres({ durable: true, settings: { track_wal_io_timing: 'on', ...settings } });
  if (pg === undefined) throw new Error('--pg: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); apt-get install -y postgresql');
  env.DATABASE_URL = pg.url;
}

const profile = process.env.BENCH_PROFILE;
const child = fork(path.join(here, 'api-server.ts'), [], {
  env,
  execArgv: ['--import', 'tsx', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [])],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const next = <T>(type: string): Promise<T> =>
  new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null): void => reject(new Error(`the bench server exited (code ${code}) before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });

let stopSent = false;
try {
  const ready = await next<ServerReady>('ready');
  process.stdout.write(`district loaded: ${STUDENTS.toLocaleString('en-US')} students in ${ready.loadSeconds.toFixed(1)} s (${ready.dialect})\n`);
  const base = `http://127.0.0.1:${ready.port}`;
  const texts = ['So proud of our robotics team at the regional tonight!', 'What a sh*tty way to start a Tuesday', 'Late-start Wednesdays are a great idea and more teachers should get behind them.', 'Great turnout at the Jefferson High School homecoming parade today'];
  const headers = { 'content-type': 'application/json', cookie: `clearpost_session=${ready.token}`, 'x-csrf-token': ready.csrf };
  const requests = texts.map((text) => ({ method: 'POST' as const, path: '/api/v1/checks', headers, body: JSON.stringify({ post: { text, network: 'facebook', postedAt: '2026-11-28T19:00:00-06:00' } }) }));
  // Warm up: the first check builds the 40,000-student context once; a short burst lets V8 optimise the hot paths.
  const warm = await fetch(`${base}/api/v1/checks`, { method: 'POST', headers, body: requests[0]!.body });
  if (warm.status !== 200) throw new Error(`warm-up check answered ${warm.status}: ${await warm.text()}`);
  const warmup = await autocannon({ url: base, connections: CONNECTIONS, duration: 2, requests });
  child.send({ type: 'start' });
  const cpu0 = process.cpuUsage();
  const result = await autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests });
  const loadCpu = process.cpuUsage(cpu0);
  const load = os.loadavg();
  const statsP = next<ServerStats>('stats');
  child.send({ type: 'stop' });
  stopSent = true;
  const stats = await statsP;
  const ok = result.requests.total - result.non2xx - result.errors;
  const answered = ok + (warmup.requests.total - warmup.non2xx - warmup.errors) + 1;
  const cpuPerReq = (stats.userMs + stats.systemMs) / Math.max(1, result.requests.total);
  console.log(`\nClearpost API benchmark — POST /api/v1/checks, signed-in employee, ${STUDENTS.toLocaleString('en-US')} students, ${ready.dialect}, ${CONNECTIONS} connections, ${SECONDS} s, Node ${process.version}`);
  console.log(`requests/s    ${Math.round(result.requests.average).toLocaleString('en-US').padStart(8)}   goal ≥ 2,000`);
  console.log(`latency p50   ${String(result.latency.p50).padStart(8)} ms`);
  console.log(`latency p99   ${String(result.latency.p99).padStart(8)} ms   goal < 25 ms`);
  console.log(`errors        ${String(result.errors + result.non2xx).padStart(8)}      (${ok.toLocaleString('en-US')} answered 2xx)`);
  console.log(`server CPU    ${cpuPerReq.toFixed(3).padStart(8)} ms/request (user ${(stats.userMs / 1000).toFixed(1)} s + sys ${(stats.systemMs / 1000).toFixed(1)} s over ${(stats.wallMs / 1000).toFixed(1)} s wall; one core = ${Math.round(1000 / cpuPerReq).toLocaleString('en-US')} req/s), peak RSS ${Math.round(stats.maxRssMb)} MB`);
  console.log(`group commit  ${String(stats.commits).padStart(8)} transactions in the window, ${(stats.committedChecks / Math.max(1, stats.commits)).toFixed(1)} checks each on average${stats.oneStatement > 0 || stats.headMoved > 0 ? `; ${stats.oneStatement} as one statement, ${stats.headMoved} found the chain head moved` : ''}`);
  if (stats.pgCpuMs !== undefined) console.log(`PostgreSQL    ${(stats.pgCpuMs / Math.max(1, result.requests.total)).toFixed(3).padStart(8)} ms CPU/request (its processes, ${(stats.pgCpuMs / 1000).toFixed(1)} s over the window)${stats.pg !== undefined ? `, ${stats.pg.transactions.toLocaleString('en-US')} transactions, WAL ${(stats.pg.walBytes / 1e6).toFixed(1)} MB, ${stats.pg.walSyncs.toLocaleString('en-US')} WAL syncs${stats.pg.walSyncMs > 0 ? ` (${(stats.pg.walSyncMs / Math.max(1, stats.pg.walSyncs)).toFixed(2)} ms each)` : ''}` : ''}`);
  console.log(`load gen CPU  ${((loadCpu.user + loadCpu.system) / 1e6).toFixed(1).padStart(8)} s (autocannon, this process)`);
  console.log(`stored        ${String(stats.checksStored).padStart(8)} checks, ${stats.auditEntries} check.run audit entries, chain ${stats.auditChainOk ? 'intact' : 'BROKEN'} (2xx answers incl. warm-up: ${answered}; requests still in flight when autocannon stops are stored but not counted)`);
  console.log(`load average  ${load.map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min at the end)`);
  const inFlight = 2 * CONNECTIONS;
  if (stats.checksStored < answered || stats.checksStored > answered + inFlight || stats.auditEntries !== stats.checksStored || !stats.auditChainOk) {
    console.error('\nFAIL: every answered check must be stored with its audit entry (one each), and the chain must verify');
    process.exitCode = 1;
  }
} finally {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (!stopSent) child.kill();
    else setTimeout(() => child.kill(), 60_000).unref();
    await exited;
  }
  await pg?.stop();
}
