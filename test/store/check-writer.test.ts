// Group commit of the check history, on SQLite and PostgreSQL: checks arriving in separate turns of the event loop
// (as HTTP requests do) share transactions, and every check that resolved is stored with its audit entry, in chain order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.js';
import { CheckWriter, checkWriterFor, runCheck } from '../../src/app/run-check.js';
import type { Store } from '../../src/store/create-db.js';
import { canonicalJson, sha256Hex } from '../../src/store/canonical-json.js';
import { appendAudit, chainEntries, verifyAuditLog } from '../../src/store/repos/audit-log.js';
import { insertChecksWithAuditIfHead } from '../../src/store/repos/checks.js';
import { created } from '../../src/store/repos/versioned.js';
import { newId } from '../../src/store/ids.js';
import type { CheckRecord } from '../../src/store/schema.js';
import { createDb } from '../../src/store/create-db.js';
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
    it('two writers (two stores on one database, as two server processes) and other appends to the chain interleave: every check is stored once with its audit entry and the chain verifies', async () => {
      const other = await createDb({ ...tdb.options, ...(dialect === 'postgres' ? { poolSize: 4 } : {}) });
      try {
        const emp = d.as('employee', d.dana);
        const depsB: AppDeps = { db: other.db };
        const count = async () => (await store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', d.districtId).executeTakeFirstOrThrow()).n;
        const before = Number(await count());
        const ids: string[] = [];
        const w = [checkWriterFor(store.db), checkWriterFor(other.db)];
        const stats0 = w.map((x) => ({ ...x.stats }));
        const run = (dd: AppDeps, i: number) => new Promise<void>((resolve, reject) => setImmediate(() => runCheck(dd, emp, { post: { text: `Writer test ${i}`, network: 'facebook' } }).then((r) => resolve(void ids.push(r.id)), reject)));
        for (let round = 0; round < 4; round++) {
          await Promise.all([
            ...Array.from({ length: 12 }, (_, i) => run(deps, round * 100 + i)),
            ...Array.from({ length: 12 }, (_, i) => run(depsB, round * 100 + 50 + i)),
            // Another use case appends to the same chain in its own transaction (the writers' remembered heads go stale).
            store.db.transaction().execute((trx) => appendAudit(trx, { districtId: d.districtId, at: new Date().toISOString(), actor: 'test', action: 'test.other', entity: 'test', entityId: String(round) })),
          ]);
        }
        // Then in sequence: a batch after this writer's own commit is one statement; one after another append finds the head moved.
        const appendOther = (round: number) => store.db.transaction().execute((trx) => appendAudit(trx, { districtId: d.districtId, at: new Date().toISOString(), actor: 'test', action: 'test.other', entity: 'test', entityId: String(round) }));
        const batch = (k: number) => Promise.all(Array.from({ length: 5 }, (_, i) => run(deps, 1000 + k * 10 + i)));
        await batch(0);
        const s1 = { ...w[0]!.stats };
        await batch(1);
        if (dialect === 'postgres') expect(w[0]!.stats.oneStatement).toBeGreaterThan(s1.oneStatement);
        await appendOther(4);
        const s2 = { ...w[0]!.stats };
        await batch(2);
        if (dialect === 'postgres') expect(w[0]!.stats.headMoved).toBeGreaterThan(s2.headMoved);
        expect(ids).toHaveLength(111);
        const rows = await store.db.selectFrom('checks').select('id').where('id', 'in', ids).execute();
        expect(rows).toHaveLength(111);
        const audit = await store.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'check.run').where('entity_id', 'in', ids).execute();
        expect(audit.map((a) => a.entity_id).sort()).toEqual([...ids].sort());
        expect(Number(await count())).toBe(before + 111 + 5);
        expect((await verifyAuditLog(store.db, { districtId: d.districtId })).ok).toBe(true);
        // SQLite never takes the one-statement path.
        if (dialect === 'sqlite') expect(w.reduce((n, x, i) => n + x.stats.oneStatement - stats0[i]!.oneStatement, 0)).toBe(0);
      } finally {
        await other.close();
      }
    });

    it.skipIf(dialect !== 'postgres')('the one-statement commit writes nothing when the chain head is no longer the one expected', async () => {
      const head = await store.db.selectFrom('audit_heads').select(['seq', 'hash']).where('district_id', '=', d.districtId).executeTakeFirstOrThrow();
      const at = new Date().toISOString();
      const row = (): CheckRecord => {
        const id = newId(Date.now());
        return { ...created(d.districtId, id, { at, by: 'test' }), author_id: null, request: '{}', request_sha256: 'x', verdict: 'allow', findings: '[]', response: '{}', policy_id: 'p', policy_version: 'v', engine_version: 'e', decided_at: at };
      };
      const rows = [row(), row()];
      const audit = rows.map((r) => ({ at, actor: 'test', action: 'check.run', entity: 'check', entityId: r.id, details: {} }));
      const stale = { seq: Number(head.seq) - 1, hash: head.hash };
      expect(await insertChecksWithAuditIfHead(store.db, d.districtId, stale, rows, chainEntries(d.districtId, stale, audit))).toBe(false);
      expect(await store.db.selectFrom('checks').select('id').where('id', 'in', rows.map((r) => r.id)).execute()).toHaveLength(0);
      const current = { seq: Number(head.seq), hash: head.hash };
      expect(await insertChecksWithAuditIfHead(store.db, d.districtId, current, rows, chainEntries(d.districtId, current, audit))).toBe(true);
      expect(await store.db.selectFrom('checks').select('id').where('id', 'in', rows.map((r) => r.id)).execute()).toHaveLength(2);
      const after = await store.db.selectFrom('audit_heads').select(['seq']).where('district_id', '=', d.districtId).executeTakeFirstOrThrow();
      expect(Number(after.seq)).toBe(Number(head.seq) + 2);
      expect((await verifyAuditLog(store.db, { districtId: d.districtId })).ok).toBe(true);
    });
    it('a batch with one bad row stores the others (each alone after the batch failed) and rejects only that check; the chain verifies', async () => {
      const w = new CheckWriter(store.db);
      const at = new Date().toISOString();
      const row = (id: string): CheckRecord => ({ ...created(d.districtId, id, { at, by: 'test' }), author_id: null, request: '{}', request_sha256: 'x', verdict: 'allow', findings: '[]', response: '{}', policy_id: 'p', policy_version: 'v', engine_version: 'e', decided_at: at });
      const audit = (id: string) => ({ at, actor: 'test', action: 'check.run', entity: 'check', entityId: id, details: {} });
      // Two batches first, so that on PostgreSQL the writer knows the head and the next batch is one statement.
      for (let k = 0; k < 2; k++) {
        const id = newId(Date.now());
        await w.record(row(id), audit(id));
      }
      const taken = newId(Date.now());
      await w.record(row(taken), audit(taken));
      const ids = [newId(Date.now()), taken, newId(Date.now())];
      const settled = await Promise.allSettled(ids.map((id) => w.record(row(id), audit(id))));
      expect(settled.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.db.selectFrom('checks').select('id').where('id', 'in', [ids[0]!, ids[2]!]).execute()).toHaveLength(2);
      const entries = await store.db.selectFrom('audit_log').select('entity_id').where('entity_id', 'in', ids).execute();
      expect(entries.map((e) => e.entity_id).sort()).toEqual([ids[0]!, taken, ids[2]!].sort());
      expect((await verifyAuditLog(store.db, { districtId: d.districtId })).ok).toBe(true);
      if (dialect === 'postgres') expect(w.stats.oneStatement).toBeGreaterThan(0);
    });
  });
}
