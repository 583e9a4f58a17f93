// The demo district on both databases (loaded once, checks run on its records), and a consistent SQLite backup taken while writes go on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/app/backup-database.js';
import type { Actor } from '../../src/app/access.js';
import { fileMandatedReport } from '../../src/app/file-mandated-report.js';
import { loadDemoDistrict, type DemoDistrict } from '../../src/app/load-demo-district.js';
import { runCheck } from '../../src/app/run-check.js';
import { createDb, type Store } from '../../src/store/create-db.js';
import { verifyAuditLog } from '../../src/store/repos/audit-log.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from './databases.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`demo district on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let demo: DemoDistrict;

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
      demo = await loadDemoDistrict({ db: store.db });
    });
    afterAll(async () => {
      await store?.close();
      await tdb?.drop();
    });

    it('loads a few hundred fictional people once', async () => {
      expect(demo).toMatchObject({ created: true, counts: { employees: 64, students: 320 } });
      expect(demo.counts.guardians).toBeGreaterThan(150);
      const kinds = await store.db.selectFrom('people').select(['kind']).select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', demo.districtId).groupBy('kind').orderBy('kind').execute();
      expect(kinds.map((k) => [k.kind, Number(k.n)])).toEqual([
        ['employee', 64],
        ['guardian', demo.counts.guardians],
        ['student', 320],
      ]);
      const again = await loadDemoDistrict({ db: store.db });
      expect(again).toMatchObject({ created: false, districtId: demo.districtId, personas: demo.personas });
    });

    it('checks run against its records: consent on file for one student, none for another', async () => {
      const teacher: Actor = { districtId: demo.districtId, id: 'user:demo-teacher', personId: demo.personas.teacher, roles: ['employee'] };
      const consents = await store.db.selectFrom('consents').select(['subject_id', 'scope']).where('district_id', '=', demo.districtId).where('revoked_at', 'is', null).execute();
      const withPersonal = consents.find((c) => c.scope!.includes('personal-accounts'))!.subject_id;
      const all = await store.db.selectFrom('people').select('id').where('district_id', '=', demo.districtId).where('kind', '=', 'student').execute();
      const without = all.map((p) => p.id).find((id) => !consents.some((c) => c.subject_id === id))!;
      const post = (student: string) => ({ text: 'Art day!', network: 'facebook', account: { kind: 'personal' as const }, postedAt: '2026-10-05T19:45:00-05:00', images: [{ depicts: [student], setting: 'classroom' as const }] });
      const rule = 'student-image-without-consent';
      expect((await runCheck({ db: store.db }, teacher, { post: post(withPersonal) })).response.findings.filter((f) => f.rule === rule)).toEqual([]);
      expect((await runCheck({ db: store.db }, teacher, { post: post(without) })).response.findings.filter((f) => f.rule === rule)).toHaveLength(1);
      const n = 300;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await runCheck({ db: store.db }, teacher, { post: { text: `Great practice today, team! #${i}`, network: 'facebook', account: { kind: 'personal' }, postedAt: '2026-10-05T19:45:00-05:00' } });
      const ms = performance.now() - t0;
      process.stdout.write(`[run-check ${dialect}] ${n} stored checks one after another in ${Math.round(ms)} ms (${Math.round((n / ms) * 1000)}/s, each with its history row and audit entry)\n`);
      const m = 1000;
      const t1 = performance.now();
      const ids = await Promise.all(Array.from({ length: m }, (_, i) => runCheck({ db: store.db }, teacher, { post: { text: `Bus leaves at 6, team #${i}`, network: 'facebook', account: { kind: 'personal' }, postedAt: '2026-10-05T19:45:00-05:00' } })));
      const ms2 = performance.now() - t1;
      process.stdout.write(`[run-check ${dialect}] ${m} concurrent stored checks in ${Math.round(ms2)} ms (${Math.round((m / ms2) * 1000)}/s, history rows group-committed)\n`);
      const stored = await store.db.selectFrom('checks').select('id').where('id', 'in', ids.slice(0, 500).map((r) => r.id)).execute();
      expect(stored).toHaveLength(500);
      expect((await verifyAuditLog(store.db)).ok).toBe(true);
    });
  });
}

describe('backup of a live SQLite database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-backup-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is consistent while writes go on, and refuses to overwrite', async () => {
    const file = path.join(dir, 'live.db');
    const store = await createDb({ sqliteFile: file });
    try {
      const demo = await loadDemoDistrict({ db: store.db });
      const emp: Actor = { districtId: demo.districtId, id: 'user:t', personId: demo.personas.teacher, roles: ['employee'] };
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          await fileMandatedReport({ db: store.db }, emp, { what: `w${written}`, whereSeen: 'x', awareAt: '2026-10-03T10:00:00Z' });
          written += 1;
          // better-sqlite3 resolves at once: yield to the event loop so the timer and the backup get their turn.
          await new Promise((r) => setImmediate(r));
        }
      })();
      await new Promise((r) => setTimeout(r, 100));
      const r = await backupDatabase(file, path.join(dir, 'copy.db'));
      writing = false;
      await writer;
      expect(r).toMatchObject({ integrity: 'ok' });
      expect(written).toBeGreaterThan(0);
      const copy = await createDb({ sqliteFile: r.file, migrate: false });
      try {
        expect(await verifyAuditLog(copy.db)).toMatchObject({ ok: true });
        const n = Number((await copy.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
        expect(n).toBeGreaterThan(600);
      } finally {
        await copy.close();
      }
      await expect(backupDatabase(file, r.file)).rejects.toMatchObject({ code: 'conflict' });
      // The live connection can be the source too (what a running server would use).
      expect(await backupDatabase(store.sqlite!, path.join(dir, 'copy2.db'))).toMatchObject({ integrity: 'ok' });
    } finally {
      await store.close();
    }
  });
});
