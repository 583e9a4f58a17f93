// Optimistic concurrency for every record table: an update names the version it read; a stale one fails.
import type { Kysely } from 'kysely';
import { ClearpostError } from '../../core/errors.js';
import type { DB } from '../schema.js';

export type RecordTable = Exclude<keyof DB, 'districts' | 'audit_log' | 'audit_heads'>;

export interface Stamp {
  at: string;
  by: string;
}

/** Columns a new record starts with. */
export function created(districtId: string, id: string, s: Stamp) {
  return { id, district_id: districtId, created_at: s.at, created_by: s.by, updated_at: s.at, updated_by: s.by, version: 1 };
}

/**
 * Update one record of a district if it still has `version` (undefined: whatever it has now),
 * bumping the version. 'not-found' when the district has no such record, 'precondition-failed'
 * when someone changed it since it was read (HTTP 412 at the edge, never a lost update).
 */
export async function updateVersioned<T extends RecordTable>(
  db: Kysely<DB>,
  table: T,
  key: { districtId: string; id: string; version?: number | undefined },
  values: Partial<DB[T]>,
  s: Stamp,
): Promise<DB[T]> {
  // Kysely cannot type an update over a union of tables; the columns used here exist on all of them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const k = db as unknown as Kysely<any>;
  const t = table as string;
  let q = k
    .updateTable(t)
    // `version = version + 1`, portable to both databases.
    .set((eb) => ({ ...values, updated_at: s.at, updated_by: s.by, version: eb('version', '+', 1) }))
    .where('district_id', '=', key.districtId)
    .where('id', '=', key.id);
  if (key.version !== undefined) q = q.where('version', '=', key.version);
  const row = await q.returningAll().executeTakeFirst();
  if (row !== undefined) return row as DB[T];
  const exists = await k.selectFrom(t).select(['version']).where('district_id', '=', key.districtId).where('id', '=', key.id).executeTakeFirst();
  if (exists === undefined) throw new ClearpostError('not-found', `${table.replace(/_/g, ' ')} ${key.id}: not found`);
  throw new ClearpostError('precondition-failed', `${table.replace(/_/g, ' ')} ${key.id} changed since it was read (version ${String(exists.version)}, not ${String(key.version)})`, 'version');
}
