// Test kit for the store: the dialects every store suite runs on, and a private database per test file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Dialect, type Store } from '../../src/store/create-db.js';

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/** '' when the run has no PostgreSQL (global-setup printed a SKIP banner; CI fails instead). */
export function pgAdminUrl(): string {
  return inject('pgAdminUrl');
}

export function dialectAvailable(dialect: Dialect): boolean {
  return dialect === 'sqlite' || pgAdminUrl() !== '';
}

export interface TestDatabase {
  dialect: Dialect;
  /** What to pass to createDb (a SQLite file or a postgres URL) to open the same database again, e.g. in a child process. */
  options: { databaseUrl?: string; sqliteFile?: string };
  open(): Promise<Store>;
  /** Drop the database (PostgreSQL) or delete its files (SQLite). */
  drop(): Promise<void>;
}

/** A fresh, empty database of the dialect, private to the caller (so test files can run in parallel). */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-sqlite-'));
    const sqliteFile = path.join(dir, 'test.db');
    return { dialect, options: { sqliteFile }, open: () => createDb({ sqliteFile }), drop: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })) };
  }
  const admin = pgAdminUrl();
  if (admin === '') throw new Error('PostgreSQL is not available in this run');
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const databaseUrl = admin.replace(/\/[^/]*$/, `/${name}`);
  return {
    dialect,
    options: { databaseUrl },
    open: () => createDb({ databaseUrl, poolSize: 4 }),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
