// Starts what the suites need that is not in-process (a throwaway PostgreSQL cluster), and stops it.
// Each real part that is missing is announced loudly; with CI=true a missing part fails the run.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://... of the throwaway cluster's `postgres` database ('' when PostgreSQL is absent). Tests create their own databases. */
    pgAdminUrl: string;
  }
}

function banner(lines: string[]): void {
  const bar = '!'.repeat(78);
  process.stderr.write(`\n${bar}\n${lines.map((l) => `!! ${l}`).join('\n')}\n${bar}\n\n`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function pgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b));
  const v = versions.at(-1);
  return v === undefined ? undefined : path.join(root, v, 'bin');
}

/** Run a PostgreSQL tool; as root it must run as the `postgres` user (initdb refuses root). */
function runPg(bin: string, args: string[]): void {
  if (process.getuid?.() === 0) {
    const quoted = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    execFileSync(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  }
}

/**
 * A throwaway cluster on a free loopback port (also used by `npm run bench:api -- --pg`). Tests run it with fsync=off;
 * `durable: true` keeps PostgreSQL's defaults (fsync, synchronous_commit on), as a deployment would.
 */
export async function startPostgres(opts: { durable?: boolean; settings?: Readonly<Record<string, string>> } = {}): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  if (process.env.CLEARPOST_TEST_PG_URL) return { url: process.env.CLEARPOST_TEST_PG_URL, stop: () => Promise.resolve() };
  const bin = pgBin();
  if (bin === undefined) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  const port = await freePort();
  const data = path.join(dir, 'data');
  const stop = async (): Promise<void> => {
    try {
      runPg(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    } catch {
      // not running (start failed): nothing to stop
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    runPg(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
    runPg(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}${opts.durable === true ? '' : ' -c fsync=off'} -c max_connections=200${Object.entries(opts.settings ?? {}).map(([k, v]) => ` -c ${k}=${v}`).join('')}`, 'start']);
  } catch (err) {
    const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000) : '';
    await stop();
    throw new Error(`could not start the throwaway PostgreSQL cluster: ${(err as Error).message}\n${log}`);
  }
  // If this run is killed before its teardown, a watchdog stops the cluster once this process is gone.
  const asPostgres = process.getuid?.() === 0 ? `su postgres -s /bin/sh -c "${bin}/pg_ctl -D ${data} -m immediate -w stop"` : `${bin}/pg_ctl -D ${data} -m immediate -w stop`;
  spawn('sh', ['-c', `while kill -0 ${process.pid} 2>/dev/null && [ -d ${data} ]; do sleep 2; done; [ -d ${data} ] && ${asPostgres} >/dev/null 2>&1; rm -rf ${dir}`], { detached: true, stdio: 'ignore' }).unref();
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

/** Options of `vitest run` that take a value (so the value is not read as a file filter). */
const VALUE_OPTIONS = new Set(['-t', '--testNamePattern', '-c', '--config', '--reporter', '--project', '--dir', '--root', '--maxWorkers', '--pool', '--outputFile', '--shard', '--environment']);

/**
 * Does this run include a suite that uses PostgreSQL? Yes without file filters; with filters
 * (vitest matches them as substrings of paths), only if one matches a file that uses the test
 * databases. A targeted run of engine tests then starts no cluster at all.
 */
function runNeedsPostgres(argv: readonly string[], root: string): boolean {
  const i = argv.findIndex((a) => a === 'run' || a === 'watch' || a === 'related');
  const filters: string[] = [];
  for (let k = i < 0 ? argv.length : i + 1; k < argv.length; k++) {
    const a = argv[k]!;
    if (VALUE_OPTIONS.has(a)) k += 1;
    else if (!a.startsWith('-')) filters.push(a);
  }
  if (filters.length === 0) return true;
  const users: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') walk(p);
      else if (e.name.endsWith('.test.ts') && /databases\.js|pgAdminUrl/.test(fs.readFileSync(p, 'utf8'))) users.push(path.relative(root, p));
    }
  };
  walk(path.join(root, 'test'));
  return filters.some((f) => users.some((u) => u.includes(f.replace(/^\.\//, '')) || path.resolve(root, f) === path.resolve(root, u)));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const teardowns: Array<() => Promise<void>> = [];
  const wanted = process.env.CLEARPOST_TEST_PG !== 'off' && (process.env.CI === 'true' || runNeedsPostgres(process.argv, project.config.root));
  if (!wanted && process.env.CLEARPOST_TEST_PG !== 'off') {
    project.provide('pgAdminUrl', '');
    return () => Promise.resolve();
  }
  const pgCluster = wanted ? await startPostgres() : undefined;
  if (pgCluster === undefined) {
    const lines = [
      'SKIP: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb), or CLEARPOST_TEST_PG=off.',
      'The store and API suites run on SQLite only. Install it: apt-get install -y postgresql',
    ];
    if (process.env.CI === 'true') {
      banner([...lines, 'CI=true: failing the run, because the PostgreSQL half was not tested.']);
      throw new Error('PostgreSQL is required when CI=true');
    }
    banner(lines);
    project.provide('pgAdminUrl', '');
  } else {
    teardowns.push(pgCluster.stop);
    project.provide('pgAdminUrl', pgCluster.url);
    // Child processes started by tests (the crash test) find the cluster here.
    process.env.CLEARPOST_TEST_PG_URL = pgCluster.url;
  }
  return async () => {
    for (const t of teardowns.reverse()) await t();
  };
}
