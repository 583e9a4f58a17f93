// What a use case needs from outside, passed in (never a singleton): the database, the clock, where files go.
import type { Kysely } from 'kysely';
import { appendAudit, type AuditInput } from '../store/repos/audit-log.js';
import { bumpRecordsRev } from '../store/repos/districts.js';
import type { Stamp } from '../store/repos/versioned.js';
import type { DB } from '../store/schema.js';
import type { Actor } from './access.js';

export interface AppDeps {
  db: Kysely<DB>;
  /** The clock (tests pass a fixed one). Default: the system clock. */
  now?: (() => Date) | undefined;
  /** Where signed consent forms are stored (content-addressed by sha256). Default: ./data/files. */
  filesDir?: string | undefined;
}

export function nowOf(deps: AppDeps): Date {
  return deps.now === undefined ? new Date() : deps.now();
}

export function stampOf(deps: AppDeps, actor: Actor): Stamp {
  return { at: nowOf(deps).toISOString(), by: actor.id };
}

export interface Write {
  trx: Kysely<DB>;
  stamp: Stamp;
  /** Append to the district's audit chain in this same transaction. */
  audit(action: string, entity: string, entityId: string, details?: Record<string, unknown>): Promise<void>;
  /** Mark that what a check knows changed (cached contexts are rebuilt). */
  contextChanged(): Promise<void>;
}

type RecordsListener = (districtId: string) => void;
const recordsListeners = new Set<RecordsListener>();

/** Told (in this process, after the commit) when a district's records that checks use changed. */
export function onRecordsChanged(fn: RecordsListener): () => void {
  recordsListeners.add(fn);
  return () => recordsListeners.delete(fn);
}

/** Run a write in one transaction with its audit entry: either both land or neither does. */
export async function write<T>(deps: AppDeps, actor: Actor, fn: (w: Write) => Promise<T>): Promise<T> {
  const stamp = stampOf(deps, actor);
  let changed = false;
  const result = await deps.db.transaction().execute(async (trx) => {
    const w: Write = {
      trx,
      stamp,
      audit: async (action, entity, entityId, details) => {
        const input: AuditInput = { districtId: actor.districtId, at: stamp.at, actor: actor.id, action, entity, entityId, details };
        await appendAudit(trx, input);
      },
      contextChanged: () => {
        changed = true;
        return bumpRecordsRev(trx, actor.districtId);
      },
    };
    return fn(w);
  });
  if (changed) for (const l of recordsListeners) l(actor.districtId);
  return result;
}

/** Record that staff read student records (FERPA-style access log), outside any write. */
export async function auditRead(deps: AppDeps, actor: Actor, entity: string, entityIds: readonly string[], details: Record<string, unknown> = {}): Promise<void> {
  if (entityIds.length === 0) return;
  await write(deps, actor, (w) => w.audit(`${entity}.read`, entity, entityIds.length === 1 ? entityIds[0]! : `${entityIds.length} records`, { ...details, ids: entityIds }));
}
