// An employee asks the Superintendent for an authorization: to speak for the district, or to use a public network for an activity.
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import { insertAuthorization, listAuthorizations } from '../store/repos/authorizations.js';
import { getPerson } from '../store/repos/people.js';
import type { PageRequest } from '../store/page.js';
import type { Authorization, AuthorizationType } from '../store/schema.js';
import { hasRole, notFound, requirePerson, type Actor } from './access.js';
import { write, type AppDeps } from './deps.js';

export interface RequestAuthorizationInput {
  type: AuthorizationType;
  /** Default: the signed-in employee. HR and the Superintendent may file for another employee. */
  employeeId?: string | undefined;
  network?: string | undefined;
  activity?: string | undefined;
  reason?: string | undefined;
  validFrom?: string | undefined;
  validUntil?: string | undefined;
}

export async function requestAuthorization(deps: AppDeps, actor: Actor, input: RequestAuthorizationInput): Promise<Authorization> {
  const employeeId = input.employeeId ?? requirePerson(actor, 'request an authorization');
  if (employeeId !== actor.personId && !hasRole(actor, ['hr', 'superintendent', 'admin'])) throw notFound('person', employeeId);
  if (employeeId === actor.personId && !hasRole(actor, ['employee', 'hr', 'superintendent', 'admin', 'communications', 'building-supervisor'])) {
    throw new ClearpostError('forbidden', 'request an authorization: only employees do');
  }
  const emp = await getPerson(deps.db, actor.districtId, employeeId);
  if (emp === undefined || emp.kind !== 'employee') throw notFound('person', employeeId);
  if (input.type === 'instructional-use' && (input.network === undefined || input.activity === undefined)) {
    throw new ClearpostError('invalid-request', 'network and activity: an instructional-use authorization names the network and the activity', input.network === undefined ? 'network' : 'activity');
  }
  return write(deps, actor, async (w) => {
    const id = newId();
    const a = await insertAuthorization(
      w.trx,
      actor.districtId,
      id,
      {
        type: input.type,
        employee_id: employeeId,
        requested_by: actor.id,
        status: 'requested',
        decided_by: null,
        decided_at: null,
        reason: input.reason ?? null,
        network: input.network?.toLowerCase() ?? null,
        activity: input.activity ?? null,
        valid_from: input.validFrom ?? null,
        valid_until: input.validUntil ?? null,
        revoked_at: null,
        revoked_by: null,
      },
      w.stamp,
    );
    await w.audit('authorization.request', 'authorization', id, { type: input.type, employee: employeeId, network: a.network, activity: a.activity });
    return a;
  });
}

/** An employee's own authorizations; HR, the Superintendent and admins see everyone's. */
export async function listAuthorizationsFor(deps: AppDeps, actor: Actor, f: { employeeId?: string | undefined; status?: Authorization['status'] | undefined; page?: PageRequest | undefined } = {}): Promise<Authorization[]> {
  if (hasRole(actor, ['hr', 'superintendent', 'admin', 'communications'])) return listAuthorizations(deps.db, actor.districtId, f);
  if (actor.personId === undefined) return [];
  if (f.employeeId !== undefined && f.employeeId !== actor.personId) return [];
  return listAuthorizations(deps.db, actor.districtId, { ...f, employeeId: actor.personId });
}
