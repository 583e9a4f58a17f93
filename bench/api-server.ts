// The server half of `npm run bench:api`, in its own process (forked by bench/api-bench.ts), so the load generator
// does not share its event loop. Loads the demo district, signs a teacher in, listens on loopback and answers over IPC:
// 'start' marks the measured window (CPU time from process.cpuUsage), 'stop' reports it with what was stored, then exits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemActor } from '../src/app/access.js';
import { loadDemoDistrict } from '../src/app/load-demo-district.js';
import { loadPolicyPack } from '../src/app/load-policy-pack.js';
import { createUserAccount, signInLocal, LoginThrottle } from '../src/app/sign-in.js';
import { checkWriterFor } from '../src/app/run-check.js';
import { buildServer } from '../src/server/app.js';
import { createDb } from '../src/store/create-db.js';
import { verifyAuditLog } from '../src/store/repos/audit-log.js';
import { sql } from 'kysely';

export interface ServerReady {
  type: 'ready';
  port: number;
  token: string;
  csrf: string;
  dialect: string;
  loadSeconds: number;
}

export interface ServerStats {
  type: 'stats';
  /** CPU time of the server process in the measured window (ms). */
  userMs: number;
  systemMs: number;
  wallMs: number;
  maxRssMb: number;
  /** check.run rows added to the check history and entries added to the audit chain during this run (both must match the 2xx answers). */
  checksStored: number;
  auditEntries: number;
  auditChainOk: boolean;
  /** Group commit in the window: transactions and the checks they wrote. */
  commits: number;
  /** Of those, one-statement commits (PostgreSQL) and statements that found the chain head moved (then the locking transaction ran). */
  oneStatement: number;
  headMoved: number;
  committedChecks: number;
  /** CPU time of the PostgreSQL server processes in the window (ms; backends and background writers; local cluster only), and transactions committed or rolled back (pg_stat_database, all databases). */
  pgCpuMs: number | undefined;
  pg: PgCounters | undefined;
}

const send = (m: ServerReady | ServerStats): void => {
  process.send!(m);
};

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 40_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-api-bench-'));
const databaseUrl = process.env.DATABASE_URL !== undefined && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined;
// BENCH_SQLITE_FILE keeps the loaded district between runs (the 40,000-student load takes half a minute).
const keptFile = process.env.BENCH_SQLITE_FILE;
const store = await createDb(databaseUrl !== undefined ? { databaseUrl } : { sqliteFile: keptFile ?? path.join(dir, 'bench.db') });
const deps = { db: store.db };
const t0 = performance.now();
const demo = await loadDemoDistrict(deps, { students: STUDENTS, employees: 2_000 });
if (!demo.created && keptFile === undefined && databaseUrl === undefined) throw new Error('the bench database already had a district');
const loadSeconds = (performance.now() - t0) / 1000;
const PW = 'bench password 123';
const known = await store.db.selectFrom('users').select('id').where('email', '=', 'bench@example.test').executeTakeFirst();
if (known === undefined)
  await createUserAccount(deps, systemActor(demo.districtId, 'bench'), { email: 'bench@example.test', name: 'Bench Teacher', password: PW, personId: demo.personas.teacher, roles: ['employee'] });
const s = await signInLocal(deps, new LoginThrottle(), 'bench@example.test', PW, '127.0.0.1');
const app = await buildServer({ deps, pack: loadPolicyPack() });
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
const counts = async (): Promise<{ checks: number; audit: number }> => {
  const c = await store.db.selectFrom('checks').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', demo.districtId).executeTakeFirstOrThrow();
  const a = await store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', demo.districtId).where('action', '=', 'check.run').executeTakeFirstOrThrow();
  return { checks: Number(c.n), audit: Number(a.n) };
};
const before = await counts();
send({ type: 'ready', port, token: s.token, csrf: s.csrf, dialect: store.dialect, loadSeconds });

// PostgreSQL's own CPU: the server processes (pg_stat_activity lists backends and background processes) read in /proc.
// Only meaningful for a cluster on this machine (the bench's throwaway one); a process that exits in the window is lost.
const pgCpu = async (): Promise<Map<number, number> | undefined> => {
  if (store.dialect !== 'postgres') return undefined;
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity`.execute(store.db);
  const tick = 10; // ms per clock tick (USER_HZ 100)
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(f[11]) + Number(f[12])) * tick);
    } catch {
      return undefined; // not on this machine
    }
  }
  return out;
};
export interface PgCounters {
  transactions: number;
  walBytes: number;
  walSyncs: number;
  walSyncMs: number;
}
const pgCounters = async (): Promise<PgCounters | undefined> => {
  if (store.dialect !== 'postgres') return undefined;
  const { rows } = await sql<{ n: string }>`select sum(xact_commit + xact_rollback)::text as n from pg_stat_database`.execute(store.db);
  const wal = await sql<{ wal_bytes: string; wal_sync: string; wal_sync_time: number }>`select wal_bytes::text, wal_sync::text, wal_sync_time from pg_stat_wal`.execute(store.db).catch(() => undefined);
  const w = wal?.rows[0];
  return { transactions: Number(rows[0]?.n ?? 0), walBytes: Number(w?.wal_bytes ?? 0), walSyncs: Number(w?.wal_sync ?? 0), walSyncMs: Number(w?.wal_sync_time ?? 0) };
};
let pg0 = await pgCpu();
let tx0 = await pgCounters();
let cpu0 = process.cpuUsage();
const writer = checkWriterFor(store.db);
let written0 = { ...writer.stats };
let wall0 = performance.now();
process.on('message', (m: { type: string }) => {
  if (m.type === 'start') {
    void Promise.all([pgCpu(), pgCounters()]).then(([c, t]) => {
      pg0 = c;
      tx0 = t;
    });
    cpu0 = process.cpuUsage();
    written0 = { ...writer.stats };
    wall0 = performance.now();
  } else if (m.type === 'stop') {
    const cpu = process.cpuUsage(cpu0);
    const commits = writer.stats.commits - written0.commits;
    const committedChecks = writer.stats.checks - written0.checks;
    const wallMs = performance.now() - wall0;
    void (async () => {
      const pg1 = await pgCpu();
      const tx1 = await pgCounters();
      let pgCpuMs: number | undefined;
      if (pg0 !== undefined && pg1 !== undefined) {
        pgCpuMs = 0;
        for (const [pid, ms] of pg1) pgCpuMs += ms - (pg0.get(pid) ?? 0);
      }
      await app.close();
      // Checks of requests autocannon left when it stopped are still being written: count once they are in.
      do await new Promise((r) => setTimeout(r, 50));
      while (writer.pending > 0);
      const after = await counts();
      const verified = await verifyAuditLog(store.db, { districtId: demo.districtId });
      send({
        type: 'stats',
        userMs: cpu.user / 1000,
        systemMs: cpu.system / 1000,
        wallMs,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
        checksStored: after.checks - before.checks,
        auditEntries: after.audit - before.audit,
        auditChainOk: verified.ok,
        commits,
        oneStatement: writer.stats.oneStatement - written0.oneStatement,
        headMoved: writer.stats.headMoved - written0.headMoved,
        committedChecks,
        pgCpuMs,
        pg: tx0 !== undefined && tx1 !== undefined ? { transactions: tx1.transactions - tx0.transactions, walBytes: tx1.walBytes - tx0.walBytes, walSyncs: tx1.walSyncs - tx0.walSyncs, walSyncMs: tx1.walSyncMs - tx0.walSyncMs } : undefined,
      });
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
      process.disconnect();
    })();
  }
});
