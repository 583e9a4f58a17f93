// Opens the records store: SQLite (better-sqlite3, WAL, a file under ./data/) or PostgreSQL (a postgres:// URL), migrated.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface StoreOptions {
  /** postgres://... selects PostgreSQL; anything else (or nothing) selects SQLite. */
  databaseUrl?: string | undefined;
  /** SQLite file (default ./data/clearpost.db); ':memory:' for a private in-memory database. */
  sqliteFile?: string | undefined;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number | undefined;
  /** Run migrations on open (default true). */
  migrate?: boolean | undefined;
}

export interface Store {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The SQLite connection (for the backup API); undefined on PostgreSQL. */
  sqlite: Database.Database | undefined;
  /** Where the SQLite file is, or the PostgreSQL URL without its password. */
  location: string;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_FILE = path.join('data', 'clearpost.db');

export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

/**
 * One SQLite connection per process: better-sqlite3 is synchronous and Kysely serialises its
 * transactions on it. WAL lets readers (a backup, another process) run beside the writer;
 * synchronous=NORMAL in WAL mode keeps every committed transaction across a process crash
 * (SIGKILL); only a power loss can take back the last commits (docs/decisions/0002-store.md).
 */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  return sqlite;
}

/**
 * Kysely's SQLite driver prepares every query again (for a multi-row insert that costs more than running it).
 * This keeps the last `max` prepared statements by SQL text; a statement still being iterated (a stream) is
 * not handed out twice: such a call gets a fresh one. SQLite re-prepares a cached statement itself after a
 * schema change (migrations).
 */
export function withStatementCache(sqlite: Database.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql) => {
      const hit = cache.get(sql);
      if (hit !== undefined && !hit.busy) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = sqlite.prepare(sql);
      if (hit === undefined) {
        cache.set(sql, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}

/**
 * PostgreSQL: one more connection, in pg's pipeline mode: a statement is sent without waiting for the answer to the
 * one before, and the server runs them in order, each in its own transaction (its own Sync), so one failing does
 * not fail the next. Opened on first use, opened again after it breaks. The check history's group commit sends its
 * one-statement commits here (store/repos/checks.ts), so the next commit starts the moment the one before is durable.
 */
export class PipelinedConnection {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private closed = false;

  constructor(private readonly connectionString: string) {}

  async query<R>(config: { name?: string; text: string; values: unknown[] }): Promise<R[]> {
    const c = this.client ?? (await (this.connecting ??= this.connect()));
    const r = await c.query(config);
    return r.rows as R[];
  }

  private async connect(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: this.connectionString, pipeline: true });
    const drop = () => {
      if (this.client === c) this.client = undefined;
    };
    // A broken connection fails its statements (their callers fall back) and is replaced on the next query.
    c.on('error', drop);
    c.on('end', drop);
    try {
      await c.connect();
    } finally {
      this.connecting = undefined;
    }
    if (this.closed) {
      await c.end();
      throw new Error('the store is closed');
    }
    this.client = c;
    return c;
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await c?.end();
  }
}

const pipelined = new WeakMap<object, PipelinedConnection>();

/** The pipelined connection of a PostgreSQL store's Kysely instance (undefined for SQLite, a transaction or another instance). */
export function pipelinedConnectionFor(db: Kysely<DB>): PipelinedConnection | undefined {
  return pipelined.get(db);
}

export async function createDb(opts: StoreOptions = {}): Promise<Store> {
  let store: Store;
  if (opts.databaseUrl !== undefined && isPostgresUrl(opts.databaseUrl)) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle pooled connection the server ends (a restart, a failover, pg_terminate_backend, a dropped test database:
    // 57P01) is dropped from the pool and the next query opens a new one; without a listener pg's 'error' event would
    // be an uncaught exception that ends the process.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const pipe = new PipelinedConnection(opts.databaseUrl);
    pipelined.set(db, pipe);
    const close = async () => {
      await pipe.close();
      await db.destroy();
    };
    store = { db, dialect: 'postgres', sqlite: undefined, location: opts.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'), close };
  } else {
    const file = opts.sqliteFile ?? DEFAULT_SQLITE_FILE;
    const sqlite = openSqlite(file);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    store = { db, dialect: 'sqlite', sqlite, location: file, close: () => db.destroy() };
  }
  if (opts.migrate !== false) {
    try {
      await migrateToLatest(store.db);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  // Numbers were handed out to parts built in parallel (0006 may land after 0007): a database that already ran a later one still takes an earlier newcomer.
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Store options from an environment (the caller passes process.env at the edge) and command-line overrides. */
export function storeOptionsFrom(env: Record<string, string | undefined>, over: { databaseUrl?: string | undefined; sqlite?: string | undefined } = {}): StoreOptions {
  if (over.sqlite !== undefined) return { sqliteFile: over.sqlite };
  const url = over.databaseUrl ?? env.DATABASE_URL;
  if (url !== undefined && isPostgresUrl(url)) return { databaseUrl: url };
  // DATABASE_URL may also name a SQLite file (file:path or a plain path).
  if (url !== undefined && url !== '') return { sqliteFile: url.replace(/^(file|sqlite):(\/\/)?/, '') };
  return { sqliteFile: DEFAULT_SQLITE_FILE };
}
