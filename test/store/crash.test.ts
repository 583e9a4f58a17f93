// Crash safety on SQLite and PostgreSQL: a process doing acknowledged writes is SIGKILLed mid-burst and mid-import; after restart every acknowledged write is there.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/create-db.js';
import { verifyAuditLog } from '../../src/store/repos/audit-log.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from './databases.js';
import { smallDistrict, type SmallDistrict } from './fixtures.js';

const CHILD = path.resolve(__dirname, 'crash-child.ts');

interface Run {
  acks: string[];
  imports: string[];
  ms: number;
}

/** Start the child, let `killWhen` decide from its output when to SIGKILL it, and collect what it acknowledged. */
function runAndKill(tdb: TestDatabase, args: string[], killWhen: (line: string, r: Run) => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { env: { ...process.env, CRASH_STORE: JSON.stringify(tdb.options) }, stdio: ['ignore', 'pipe', 'pipe'] });
    const r: Run = { acks: [], imports: [], ms: 0 };
    let t0 = 0;
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') t0 = Date.now();
      if (line.startsWith('ack ')) r.acks.push(line.slice(4));
      if (line.startsWith('import-acked ')) r.imports.push(line.split(' ')[1]!);
      if (!killed && killWhen(line, r)) {
        killed = true;
        r.ms = Date.now() - t0;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(r);
      else reject(new Error(`child ended on its own (code ${String(code)}): ${stderr.slice(-2000)}`));
    });
  });
}

function writeRoster(dir: string, prefix: string, n: number): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.csv'), 'propertyName,value\noneroster.version,1.1\nfile.users,delta\nfile.orgs,delta\n');
  fs.writeFileSync(path.join(dir, 'orgs.csv'), `sourcedId,status,dateLastModified,name,type\n${prefix}-org,active,,${prefix} School,school\n`);
  const lines = ['sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,givenName,familyName,grades'];
  for (let i = 0; i < n; i++) lines.push(`${prefix}-${i},active,,TRUE,${prefix}-org,${i % 10 === 0 ? 'teacher' : 'student'},${prefix}${i},Given${i},Family${i},${i % 12}`);
  fs.writeFileSync(path.join(dir, 'users.csv'), lines.join('\n') + '\n');
  return dir;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`crash safety on ${dialect}`, () => {
    let tdb: TestDatabase;
    let d: SmallDistrict;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-crash-'));

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      const s = await tdb.open();
      d = await smallDistrict({ db: s.db });
      await s.close();
    });
    afterAll(async () => {
      await tdb?.drop();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    const reopen = async (fn: (s: Store) => Promise<void>) => {
      const s = await tdb.open();
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    };

    it('every acknowledged write of a burst is there after SIGKILL', { timeout: 60_000 }, async () => {
      const r = await runAndKill(tdb, ['writes', d.districtId, d.dana.id], (_l, run) => run.acks.length >= 400);
      process.stdout.write(`[crash ${dialect}] burst: ${r.acks.length} acknowledged writes in ${r.ms} ms (${Math.round((r.acks.length / r.ms) * 1000)} writes/s, 4 in flight) before SIGKILL\n`);
      await reopen(async (s) => {
        const found = new Set<string>();
        for (let i = 0; i < r.acks.length; i += 500) {
          const rows = await s.db.selectFrom('mandated_reports').select('id').where('id', 'in', r.acks.slice(i, i + 500)).execute();
          rows.forEach((x) => found.add(x.id));
        }
        expect(r.acks.filter((id) => !found.has(id))).toEqual([]);
        const v = await verifyAuditLog(s.db);
        expect(v.ok).toBe(true);
        if (s.sqlite !== undefined) expect(s.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      });
    });

    it('mid-import: the acknowledged import and writes are there, the killed import is all or nothing', { timeout: 60_000 }, async () => {
      const a = writeRoster(path.join(tmp, 'a'), 'a', 300);
      const b = writeRoster(path.join(tmp, 'b'), 'b', 30_000);
      let startedB = 0;
      const r = await runAndKill(tdb, ['import', d.districtId, d.dana.id, a, b], (line) => {
        if (line === 'import-b-start') startedB = Date.now();
        return startedB > 0 && Date.now() - startedB > 150;
      });
      expect(r.imports.length).toBeGreaterThanOrEqual(1);
      await reopen(async (s) => {
        const count = async (prefix: string) =>
          Number((await s.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', d.districtId).where('sourced_id', 'like', `${prefix}-%`).executeTakeFirstOrThrow()).n);
        expect(await count('a')).toBe(300);
        const bRows = await count('b');
        // Killed mid-import: nothing of it landed (had it been acknowledged first, all of it would be there).
        expect(bRows).toBe(r.imports.length === 2 ? 30_000 : 0);
        process.stdout.write(`[crash ${dialect}] import: roster A (300) acknowledged, roster B (30,000) killed ${r.imports.length === 2 ? 'after' : 'during'} its transaction: ${bRows} rows of it after restart; ${r.acks.length} writes acknowledged\n`);
        const runs = await s.db.selectFrom('import_runs').select('id').where('district_id', '=', d.districtId).execute();
        expect(runs.map((x) => x.id).sort()).toEqual([...r.imports].sort());
        const acked = r.acks.length === 0 ? [] : await s.db.selectFrom('mandated_reports').select('id').where('id', 'in', r.acks).execute();
        expect(acked).toHaveLength(r.acks.length);
        expect((await verifyAuditLog(s.db)).ok).toBe(true);
      });
    });
  });
}
