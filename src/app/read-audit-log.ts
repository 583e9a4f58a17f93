// Read and export the audit log (admins, the Superintendent, HR); every read is itself written to the log with its filter.
import { ClearpostError } from '../core/errors.js';
import { queryAudit, type AuditFilter } from '../store/repos/audit-query.js';
import type { PageRequest } from '../store/page.js';
import type { AuditEntry } from '../store/schema.js';
import { requireRole, type Actor, type Role } from './access.js';
import { write, type AppDeps } from './deps.js';

export const AUDIT_READERS: readonly Role[] = ['admin', 'superintendent', 'hr'];

export interface AuditQuery {
  actor?: string | undefined;
  action?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  /** A date (YYYY-MM-DD, UTC day, inclusive) or an ISO instant. */
  from?: string | undefined;
  /** A date (YYYY-MM-DD, UTC day, inclusive) or an ISO instant (exclusive). */
  to?: string | undefined;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function instant(v: string | undefined, field: 'from' | 'to'): string | undefined {
  if (v === undefined) return undefined;
  if (DAY.test(v)) {
    const t = Date.parse(`${v}T00:00:00Z`);
    if (Number.isNaN(t)) throw new ClearpostError('invalid-request', `${field}: not a date`, field);
    return new Date(field === 'to' ? t + 86_400_000 : t).toISOString();
  }
  const t = Date.parse(v);
  if (!/T/.test(v) || Number.isNaN(t)) throw new ClearpostError('invalid-request', `${field}: a date (YYYY-MM-DD) or an ISO 8601 date-time`, field);
  return new Date(t).toISOString();
}

function filterOf(q: AuditQuery): AuditFilter {
  const f: AuditFilter = { actor: q.actor, action: q.action, entity: q.entity, entityId: q.entityId, from: instant(q.from, 'from'), to: instant(q.to, 'to') };
  if (f.from !== undefined && f.to !== undefined && f.from >= f.to) throw new ClearpostError('invalid-request', 'from: must be before to', 'from');
  return f;
}

const logged = (q: AuditQuery) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));

/** A page of entries, newest first. */
export async function readAuditLog(deps: AppDeps, actor: Actor, q: AuditQuery, page: PageRequest): Promise<AuditEntry[]> {
  requireRole(actor, AUDIT_READERS, 'read the audit log');
  const f = filterOf(q);
  const rows = await queryAudit(deps.db, actor.districtId, f, page);
  await write(deps, actor, (w) => w.audit('audit-log.read', 'audit_log', 'query', { filter: logged(q), entries: Math.min(rows.length, page.limit) }));
  return rows;
}

/** Every matching entry, newest first, in pages (for a CSV export); the export is logged before the first row. */
export async function exportAuditLog(deps: AppDeps, actor: Actor, q: AuditQuery): Promise<AsyncGenerator<AuditEntry>> {
  requireRole(actor, AUDIT_READERS, 'export the audit log');
  const f = filterOf(q);
  await write(deps, actor, (w) => w.audit('audit-log.export', 'audit_log', 'export', { filter: logged(q) }));
  async function* rows(): AsyncGenerator<AuditEntry> {
    let page: PageRequest = { limit: 2000 };
    for (;;) {
      const batch = await queryAudit(deps.db, actor.districtId, f, page);
      for (const e of batch.slice(0, page.limit)) yield e;
      if (batch.length <= page.limit) return;
      const last = batch[page.limit - 1]!;
      page = { limit: 2000, after: { key: Number(last.seq), id: String(last.seq) } };
    }
  }
  return rows();
}
