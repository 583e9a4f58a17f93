// insertMany on SQLite and PostgreSQL: batches of one shape reuse the SQL compiled for the first, and every column
// still lands in its own place (nulls too); rows whose keys come in another order are inserted all the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMany } from '../../src/store/insert-many.js';
import type { Store } from '../../src/store/create-db.js';
import { newId } from '../../src/store/ids.js';
import { created } from '../../src/store/repos/versioned.js';
import type { CheckRecord } from '../../src/store/schema.js';
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from './databases.js';
import { smallDistrict, type SmallDistrict } from './fixtures.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialectAvailable(dialect))(`insertMany on ${dialect}`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let d: SmallDistrict;
    beforeAll(async () => {
      tdb = await createTestDatabase(dialect);
      store = await tdb.open();
      d = await smallDistrict({ db: store.db });
    });
    afterAll(async () => {
      await store?.close();
      await tdb?.drop();
    });

    const row = (i: number, author: string | null): CheckRecord => ({
      ...created(d.districtId, newId(), { at: `2026-11-25T12:00:${String(i % 60).padStart(2, '0')}.000Z`, by: `user:${i}` }),
      author_id: author,
      request: `{"n":${i}}`,
      request_sha256: `sha-${i}`,
      verdict: i % 2 === 0 ? 'allow' : 'block',
      findings: '[]',
      response: `{"r":${i}}`,
      policy_id: '471',
      policy_version: `v${i}`,
      engine_version: 'test',
      decided_at: `2026-11-25T12:00:00.${String(i).padStart(3, '0')}Z`,
    });

    it('inserts batches of the same shape with their own values in every column, in chunks', async () => {
      const batches = [
        [row(1, d.dana.id), row(2, null), row(3, d.lee.id)],
        [row(4, null), row(5, d.dana.id), row(6, d.lee.id)],
        [row(7, d.lee.id), row(8, null), row(9, null), row(10, d.dana.id), row(11, null)],
      ];
      for (const b of batches) await store.db.transaction().execute((trx) => insertMany(trx, 'checks', b, 2));
      const ids = batches.flat().map((r) => r.id);
      const got = await store.db.selectFrom('checks').selectAll().where('id', 'in', ids).execute();
      const byId = new Map(got.map((g) => [g.id, g]));
      for (const want of batches.flat()) expect({ ...byId.get(want.id), version: Number(byId.get(want.id)!.version) }).toEqual(want);
    });

    it('inserts rows whose keys come in another order (Kysely compiles those itself)', async () => {
      const a = row(20, d.dana.id);
      const { verdict, ...rest } = row(21, null);
      const b = { verdict, ...rest } as CheckRecord;
      await insertMany(store.db, 'checks', [a, b], 100);
      const got = await store.db.selectFrom('checks').select(['id', 'verdict', 'author_id', 'request']).where('id', 'in', [a.id, b.id]).orderBy('id').execute();
      expect(got).toEqual([
        { id: a.id, verdict: 'allow', author_id: d.dana.id, request: '{"n":20}' },
        { id: b.id, verdict: 'block', author_id: null, request: '{"n":21}' },
      ]);
    });
  });
}
