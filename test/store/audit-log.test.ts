// The audit chain on SQLite and PostgreSQL: the database refuses edits, and when someone gets around that, verify names the first broken entry.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.js';
import { fileMandatedReport } from '../../src/app/file-mandated-report.js';
import type { Store } from '../../src/store/create-db.js';
import { entryHash, entryHashOfCanonical, verifyAuditLog } from '../../src/store/repos/audit-log.js';
import { canonicalJson } from '../../src/store/canonical-json.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from './databases.js';
import { smallDistrict, type SmallDistrict } from './fixtures.js';

const CLI = path.resolve(__dirname, '../../bin/clearpost.js');
const run = promisify(execFile);

async function cliVerify(tdb: TestDatabase): Promise<{ code: number; out: string }> {
  const flags = tdb.options.sqliteFile !== undefined ? ['--sqlite', tdb.options.sqliteFile] : ['--database-url', tdb.options.databaseUrl!];
  try {
    const { stdout } = await run(process.execPath, [CLI, 'audit-log', 'verify', ...flags], { env: { ...process.env, DATABASE_URL: '' } });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`audit log on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let deps: AppDeps;
    let d: SmallDistrict;

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
      deps = { db: store.db };
      d = await smallDistrict(deps);
      for (let i = 0; i < 5; i++) await fileMandatedReport(deps, d.as('employee', d.dana), { what: `report ${i}`, whereSeen: 'web', awareAt: '2026-10-03T10:00:00Z' });
    });
    afterAll(async () => {
      await store?.close();
      await tdb?.drop();
    });

    it('each entry hashes its canonical content and links to the one before', async () => {
      const rows = await store.db.selectFrom('audit_log').selectAll().where('district_id', '=', d.districtId).orderBy('seq').execute();
      expect(rows).toHaveLength(12);
      rows.forEach((e, i) => {
        expect(e.hash).toBe(entryHash(e));
        expect(e.prev_hash).toBe(i === 0 ? '0'.repeat(64) : rows[i - 1]!.hash);
      });
      expect(await cliVerify(tdb)).toMatchObject({ code: 0, out: expect.stringContaining('audit log intact: 12 entries') });
    });

    it('the database itself refuses to update or delete an entry', async () => {
      await expect(sql`update audit_log set actor = 'someone else' where seq = 3`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log where seq = 12`.execute(store.db)).rejects.toThrow(/append-only/);
    });

    it('a tampered entry (triggers dropped first) is caught by `clearpost audit-log verify`, exit 1, naming the entry', async () => {
      if (dialect === 'postgres') await sql`drop trigger audit_log_no_update on audit_log`.execute(store.db);
      else {
        await sql`drop trigger audit_log_no_update`.execute(store.db);
        await sql`drop trigger audit_log_no_delete`.execute(store.db);
      }
      await sql`update audit_log set details = ${'{"reporter":"nobody"}'} where district_id = ${d.districtId} and seq = 9`.execute(store.db);
      const v = await verifyAuditLog(store.db);
      expect(v).toMatchObject({ ok: false, entries: 8, firstBroken: { districtId: d.districtId, seq: 9 } });
      expect(v.firstBroken!.reason).toContain('changed after it was written');
      const cli = await cliVerify(tdb);
      expect(cli.code).toBe(1);
      expect(cli.out).toContain(`entry 9`);
    });

    it('re-hashing the tampered entry does not help: the next entry no longer links to it', async () => {
      const e = await store.db.selectFrom('audit_log').selectAll().where('district_id', '=', d.districtId).where('seq', '=', 9).executeTakeFirstOrThrow();
      await sql`update audit_log set hash = ${entryHash(e)} where district_id = ${d.districtId} and seq = 9`.execute(store.db);
      expect((await verifyAuditLog(store.db)).firstBroken).toMatchObject({ seq: 10, reason: expect.stringContaining('prev_hash') });
    });

    it('removing the newest entries is caught by the chain head', async () => {
      const fresh = await createTestDatabase(dialect);
      const s2 = await fresh.open();
      try {
        const d2 = await smallDistrict({ db: s2.db }, 'other');
        if (dialect === 'postgres') await sql`drop trigger audit_log_no_update on audit_log`.execute(s2.db);
        else await sql`drop trigger audit_log_no_delete`.execute(s2.db);
        await sql`delete from audit_log where district_id = ${d2.districtId} and seq = 7`.execute(s2.db);
        expect((await verifyAuditLog(s2.db)).firstBroken).toMatchObject({ seq: 7, reason: expect.stringContaining('entries were removed') });
      } finally {
        await s2.close();
        await fresh.drop();
      }
    });
  });
}

describe('entryHashOfCanonical (the append path)', () => {
  it('gives the same hash as entryHash for canonical details: nested, unicode, quotes, integer-like keys, numbers', () => {
    const details: Array<Record<string, unknown>> = [
      {},
      { verdict: 'block', author: null, requestSha256: 'f'.repeat(64), policyVersion: '2023-01-23' },
      { z: 1, a: [3, { y: 'é “quoted” \\ \n', b: true }], '10': 'ten', '9': 'nine', m: { '2': 2, '1': 1 } },
      { n: 1e21, small: 5e-7, neg: -0.5, ids: ['a', 'b'], emoji: '🙂', ctrl: '\u0001' },
    ];
    for (const [i, d] of details.entries()) {
      const e = { district_id: 'd-1', seq: i + 1, at: '2026-11-25T12:00:00.000Z', actor: 'user:"x"', action: 'check.run', entity: 'check', entity_id: `id-${i}`, details: canonicalJson(d), prev_hash: '0'.repeat(64) };
      expect(entryHashOfCanonical(e)).toBe(entryHash(e));
    }
  });
});
