// The SQLite statement cache under Kysely: a query prepared once is reused, also after a stream of it was left early; least recently used goes first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite, withStatementCache } from '../../src/store/create-db.js';

describe('withStatementCache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-stmt-'));
  const sqlite = openSqlite(path.join(dir, 'cache.db'));
  const prepared: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((text: string) => {
    prepared.push(text);
    return prepare(text);
  }) as typeof sqlite.prepare;
  const db = new Kysely<{ t: { id: number; name: string } }>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, 3) }) });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prepares a query once and answers with fresh parameters each time', async () => {
    await sql`create table t (id integer primary key, name text not null)`.execute(db);
    for (let i = 1; i <= 5; i++) await db.insertInto('t').values({ id: i, name: `n${i}` }).execute();
    const names = [];
    for (let i = 1; i <= 5; i++) names.push((await db.selectFrom('t').select('name').where('id', '=', i).executeTakeFirstOrThrow()).name);
    expect(names).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(prepared.filter((s) => s.startsWith('insert'))).toHaveLength(1);
    expect(prepared.filter((s) => s.startsWith('select'))).toHaveLength(1);
  });

  it('reuses a statement whose stream was left early (better-sqlite3 allows no other query while one iterates)', async () => {
    const q = () => db.selectFrom('t').select(['id', 'name']).where('id', '>', 0).orderBy('id');
    const firstTwo: number[] = [];
    for await (const row of q().stream()) {
      firstTwo.push(row.id);
      if (firstTwo.length === 2) break;
    }
    expect(firstTwo).toEqual([1, 2]);
    expect((await q().execute()).map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    const all: number[] = [];
    for await (const row of q().stream()) all.push(row.id);
    expect(all).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps at most `max` statements (least recently used goes first)', async () => {
    const before = prepared.length;
    for (let i = 0; i < 4; i++) await sql.raw(`select ${i} as v`).execute(db);
    await sql.raw('select 0 as v').execute(db); // evicted by the fourth: prepared again
    await sql.raw('select 3 as v').execute(db); // still cached
    expect(prepared.slice(before)).toEqual(['select 0 as v', 'select 1 as v', 'select 2 as v', 'select 3 as v', 'select 0 as v']);
  });
});
