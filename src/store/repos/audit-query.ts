// Reading the audit log with filters (actor, action, entity, entity id, time range), newest first, in keyset pages by seq.
import { sql, type Kysely } from 'kysely';
import type { AuditEntry, DB } from '../schema.js';
import { keyset, type PageRequest } from '../page.js';

export interface AuditFilter {
  actor?: string | undefined;
  /** An action ('consent.record'), or a prefix ending in '.' ('consent.') for all of an entity's actions. */
  action?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

export function queryAudit(db: Kysely<DB>, districtId: string, f: AuditFilter, page: PageRequest | undefined): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().where('district_id', '=', districtId);
  if (f.actor !== undefined) q = q.where('actor', '=', f.actor);
  if (f.action !== undefined) {
    q = f.action.endsWith('.') ? q.where(sql<boolean>`action like ${`${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`) : q.where('action', '=', f.action);
  }
  if (f.entity !== undefined) q = q.where('entity', '=', f.entity);
  if (f.entityId !== undefined) q = q.where('entity_id', '=', f.entityId);
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<', f.to);
  return keyset(q, page, { sortBy: 'seq', idColumn: 'seq', desc: true }).execute();
}
