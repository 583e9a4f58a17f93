// A consistent copy of a live SQLite database (better-sqlite3's online backup API), checked after it is written.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ClearpostError } from '../core/errors.js';

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  ms: number;
  integrity: string;
}

/**
 * Copy `source` (a SQLite file that may be in use by a running server: WAL lets the backup read
 * a consistent snapshot while writers go on) to `dest`. Writes to a temporary name first, so a
 * crash never leaves a half-written file under the final name.
 */
export async function backupDatabase(source: string | Database.Database, dest: string): Promise<BackupResult> {
  const t0 = Date.now();
  if (fs.existsSync(dest)) throw new ClearpostError('conflict', `${dest} exists; choose a new file name`, 'file');
  if (typeof source === 'string' && !fs.existsSync(source)) throw new ClearpostError('not-found', `no database at ${source}`);
  const db = typeof source === 'string' ? new Database(source, { fileMustExist: true }) : source;
  const tmp = `${dest}.partial-${process.pid}`;
  fs.mkdirSync(path.dirname(path.resolve(dest)), { recursive: true });
  try {
    db.pragma('busy_timeout = 10000');
    // SQLite restarts an online backup whenever another connection writes between two steps, so
    // small steps never finish under steady writes. After the first step, copy everything left in
    // one step: one short read snapshot (WAL: writers are not blocked), so the copy is consistent.
    const { totalPages } = await db.backup(tmp, { progress: ({ totalPages: total }) => Math.max(total, 100) });
    const copy = new Database(tmp, { fileMustExist: true });
    let integrity: string;
    try {
      integrity = String(copy.pragma('integrity_check', { simple: true }));
      copy.pragma('journal_mode = DELETE'); // a self-contained single file
    } finally {
      copy.close();
    }
    if (integrity !== 'ok') throw new Error(`the copy fails its integrity check: ${integrity}`);
    fs.renameSync(tmp, dest);
    return { file: dest, bytes: fs.statSync(dest).size, pages: totalPages, ms: Date.now() - t0, integrity };
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    if (typeof source === 'string') db.close();
  }
}
