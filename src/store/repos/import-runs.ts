// Roster import runs: what was read, how many rows landed, and every problem row with its file and line.
import type { Kysely } from 'kysely';
import type { DB, ImportRun } from '../schema.js';
import { created, type Stamp } from './versioned.js';

export async function insertImportRun(db: Kysely<DB>, districtId: string, id: string, r: { source: string; format: string; mode: string; counts: unknown; problems: unknown[] }, s: Stamp): Promise<ImportRun> {
  const row: ImportRun = { ...created(districtId, id, s), source: r.source, format: r.format, mode: r.mode, counts: JSON.stringify(r.counts), problems: JSON.stringify(r.problems), finished_at: s.at };
  await db.insertInto('import_runs').values(row).execute();
  return row;
}

export function listImportRuns(db: Kysely<DB>, districtId: string): Promise<ImportRun[]> {
  return db.selectFrom('import_runs').selectAll().where('district_id', '=', districtId).orderBy('id', 'desc').execute();
}
