// IV.E: during selection, promotion or discipline the district may ask an employee to disclose and give access to a personal site; the employee answers.
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import { getAccessRequest, insertAccessRequest, listAccessRequests } from '../store/repos/monitoring.js';
import { getPerson } from '../store/repos/people.js';
import { updateVersioned } from '../store/repos/versioned.js';
import type { PageRequest } from '../store/page.js';
import type { AccessProcess, AccessRequest } from '../store/schema.js';
import { hasRole, notFound, requireRole, type Actor } from './access.js';
import { write, type AppDeps } from './deps.js';

const PROCESSES: readonly AccessProcess[] = ['selection', 'promotion', 'discipline'];

export interface RequestSiteAccessInput {
  employeeId: string;
  process: AccessProcess;
  network?: string | undefined;
  site?: string | undefined;
  reason: string;
}

export async function requestSiteAccess(deps: AppDeps, actor: Actor, input: RequestSiteAccessInput): Promise<AccessRequest> {
  requireRole(actor, ['hr', 'superintendent'], 'request site access');
  if (!PROCESSES.includes(input.process)) throw new ClearpostError('invalid-request', `process: one of ${PROCESSES.join(', ')} (Policy 471 IV.E)`, 'process');
  const p = await getPerson(deps.db, actor.districtId, input.employeeId);
  if (p === undefined || p.kind !== 'employee') throw notFound('person', input.employeeId);
  return write(deps, actor, async (w) => {
    const id = newId();
    const a = await insertAccessRequest(w.trx, actor.districtId, id, { employee_id: input.employeeId, process: input.process, network: input.network?.toLowerCase() ?? null, site: input.site ?? null, requested_by: actor.id, reason: input.reason, status: 'requested', responded_at: null }, w.stamp);
    await w.audit('access-request.open', 'access_request', id, { employee: input.employeeId, process: input.process });
    return a;
  });
}

/** The employee provides or declines; the requester may withdraw. */
export async function answerSiteAccess(deps: AppDeps, actor: Actor, input: { id: string; version?: number | undefined; answer: 'provided' | 'declined' | 'withdrawn' }): Promise<AccessRequest> {
  const r = await getAccessRequest(deps.db, actor.districtId, input.id);
  const isEmployee = r !== undefined && r.employee_id === actor.personId;
  const isRequester = r !== undefined && hasRole(actor, ['hr', 'superintendent']);
  if (r === undefined || (!isEmployee && !isRequester)) throw notFound('access request', input.id);
  if (input.answer === 'withdrawn' ? !isRequester : !isEmployee) throw new ClearpostError('forbidden', `only ${input.answer === 'withdrawn' ? 'the district' : 'the employee'} may mark an access request ${input.answer}`);
  if (r.status !== 'requested') throw new ClearpostError('conflict', `access request ${input.id} is already ${r.status}`);
  return write(deps, actor, async (w) => {
    const u = await updateVersioned(w.trx, 'access_requests', { districtId: actor.districtId, id: input.id, version: input.version ?? r.version }, { status: input.answer, responded_at: w.stamp.at }, w.stamp);
    await w.audit(`access-request.${input.answer}`, 'access_request', input.id, { employee: r.employee_id });
    return u as AccessRequest;
  });
}

export async function listAccessRequestsFor(deps: AppDeps, actor: Actor, f: { employeeId?: string | undefined; status?: AccessRequest['status'] | undefined; page?: PageRequest | undefined } = {}): Promise<AccessRequest[]> {
  if (hasRole(actor, ['hr', 'superintendent'])) return listAccessRequests(deps.db, actor.districtId, f);
  if (actor.personId === undefined || !hasRole(actor, ['employee'])) return [];
  if (f.employeeId !== undefined && f.employeeId !== actor.personId) return [];
  return listAccessRequests(deps.db, actor.districtId, { ...f, employeeId: actor.personId });
}
