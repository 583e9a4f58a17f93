// Walk the audit chain(s) and report the first entry that does not fit: changed, removed or out of order.
import { verifyAuditLog, type VerifyResult } from '../store/repos/audit-log.js';
import { requireRole, type Actor } from './access.js';
import type { AppDeps } from './deps.js';

/** Without an actor (the local operator's CLI) every district is walked; an API caller walks their own district. */
export async function verifyAuditChain(deps: AppDeps, actor?: Actor | undefined, opts: { districtId?: string | undefined } = {}): Promise<VerifyResult> {
  if (actor !== undefined) {
    requireRole(actor, ['admin', 'superintendent'], 'verify the audit log');
    return verifyAuditLog(deps.db, { districtId: actor.districtId });
  }
  return verifyAuditLog(deps.db, { districtId: opts.districtId });
}
