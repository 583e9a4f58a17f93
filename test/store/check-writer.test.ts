// Group commit of the check history, on SQLite and PostgreSQL: checks arriving in separate turns of the event loop
// (as HTTP requests do) share transactions, and every check that resolved is stored with its audit entry, in chain order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.js';
import { checkWriterFor, runCheck } from '../../src/app/run-check.js';
import type { Store } from '../../src/store/create-db.js';
import { canonicalJson, sha256Hex } from '../../src/store/canonical-json.js';
import { verifyAuditLog } from '../../src/store/repos/audit-log.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from './databases.js';
import { smallDistrict, type SmallDistrict } from './fixtures.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`check history group commit on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let deps: AppDeps;
    let d: SmallDistrict;

    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
      deps = { db: store.db };
      d = await smallDistrict(deps);
    });
    afterAll(async () => {
      await store?.close();
      await tdb?.drop();
    });

    it('batches checks that arrive in separate event-loop turns and stores each one with its audit entry before it resolves', async () => {
      const emp = d.as('employee', d.dana);
      await runCheck(deps, emp, { post: { text: 'warm the context', network: 'facebook' } });
      const writer = checkWriterFor(store.db);
      const before = { ...writer.stats };
      const N = 40;
      // Each check starts in its own macrotask, like requests read from different sockets.
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) => new Promise<Awaited<ReturnType<typeof runCheck>>>((resolve, reject) => setImmediate(() => runCheck(deps, emp, { post: { text: `Field trip number ${i} was great`, network: 'facebook' } }).then(resolve, reject)))),
      );
      const commits = writer.stats.commits - before.commits;
      expect(writer.stats.checks - before.checks).toBe(N);
      expect(commits).toBeGreaterThanOrEqual(1);
      expect(commits).toBeLessThan(N / 2);
      const ids = results.map((r) => r.id);
      const rows = await store.db.selectFrom('checks').select(['id', 'author_id']).where('id', 'in', ids).execute();
      expect(rows).toHaveLength(N);
      expect(new Set(rows.map((r) => r.author_id))).toEqual(new Set([d.dana.id]));
      const audit = await store.db.selectFrom('audit_log').select(['entity_id', 'actor', 'at', 'seq']).where('action', '=', 'check.run').where('entity_id', 'in', ids).orderBy('seq').execute();
      expect(audit.map((a) => a.entity_id).sort()).toEqual([...ids].sort());
      expect(audit.every((a) => a.actor === emp.id && a.at !== '')).toBe(true);
      expect((await verifyAuditLog(store.db, { districtId: d.districtId })).ok).toBe(true);
    });

    it('stores the request as canonical JSON whose hash (with the context hash) is the request hash', async () => {
      const emp = d.as('employee', d.dana);
      const r = await runCheck(deps, emp, { post: { text: 'Ünïcode “quotes” and a tab\there', network: 'instagram', postedAt: '2026-11-28T19:00:00-06:00', group: { name: 'Robotics parents', createdBy: 'public' } } });
      const row = await store.db.selectFrom('checks').select(['request', 'request_sha256', 'response', 'findings']).where('id', '=', r.id).executeTakeFirstOrThrow();
      const request = JSON.parse(row.request) as { post: Record<string, unknown>; context: { source: string; recordsRev: number; sha256: string } };
      expect(canonicalJson(request)).toBe(row.request);
      expect(request.post).toMatchObject({ author: d.dana.id, network: 'instagram' });
      expect(request.context).toMatchObject({ source: 'store', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(row.request_sha256).toBe(sha256Hex(canonicalJson({ post: request.post, contextSha256: request.context.sha256 })));
      expect(row.request_sha256).toBe(r.requestSha256);
      expect(JSON.parse(row.response)).toEqual(JSON.parse(JSON.stringify(r.response)));
      expect(JSON.parse(row.findings)).toEqual(JSON.parse(row.response).findings);
    });
  });
}
