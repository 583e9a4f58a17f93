// PostgreSQL ends a pooled connection (restart, failover, pg_terminate_backend, a dropped test database: 57P01):
// the process must not die of an uncaught 'error' event, and the next query must get a new connection.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/create-db.js';
import { createTestDatabase, dialectAvailable, pgAdminUrl, type TestDatabase } from './databases.js';

describe.skipIf(!dialectAvailable('postgres'))('PostgreSQL connections ended by the server', () => {
  let tdb: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    tdb = await createTestDatabase('postgres');
    store = await tdb.open();
  });
  afterAll(async () => {
    await store?.close();
    await tdb?.drop();
  });

  it('an idle pooled connection terminated by the server is replaced; no uncaught error', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      // Four idle connections in the pool.
      await Promise.all([1, 2, 3, 4].map(() => store.db.selectFrom('districts').select('id').execute()));
      const dbName = new URL(tdb.options.databaseUrl!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: pgAdminUrl() });
      await admin.connect();
      let ended: number;
      try {
        const r = await admin.query('select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()) t', [dbName]);
        ended = (r.rows[0] as { n: number }).n;
      } finally {
        await admin.end();
      }
      expect(ended).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 200)); // the pool hears of it
      const rows = await store.db.selectFrom('districts').select('id').execute();
      expect(Array.isArray(rows)).toBe(true);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
