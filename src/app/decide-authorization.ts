// The Superintendent (or designee) approves, denies or later revokes an authorization; approved ones count in checks at once.
import { ClearpostError } from '../core/errors.js';
import { getAuthorization } from '../store/repos/authorizations.js';
import { updateVersioned } from '../store/repos/versioned.js';
import type { Authorization } from '../store/schema.js';
import { notFound, requireRole, type Actor } from './access.js';
import { write, type AppDeps } from './deps.js';

export interface DecideAuthorizationInput {
  id: string;
  version?: number | undefined;
  decision: 'approved' | 'denied';
  reason?: string | undefined;
  validFrom?: string | undefined;
  validUntil?: string | undefined;
}

export async function decideAuthorization(deps: AppDeps, actor: Actor, input: DecideAuthorizationInput): Promise<Authorization> {
  requireRole(actor, ['superintendent'], 'decide an authorization');
  const a = await getAuthorization(deps.db, actor.districtId, input.id);
  if (a === undefined) throw notFound('authorization', input.id);
  if (a.status !== 'requested') throw new ClearpostError('conflict', `authorization ${input.id} is already ${a.status}`);
  if (input.decision === 'approved' && (input.validFrom ?? a.valid_from) === null) {
    throw new ClearpostError('invalid-request', 'validFrom: an approval says from when it holds', 'validFrom');
  }
  return write(deps, actor, async (w) => {
    const values: Partial<Authorization> = { status: input.decision, decided_by: actor.id, decided_at: w.stamp.at };
    if (input.reason !== undefined) values.reason = input.reason;
    if (input.validFrom !== undefined) values.valid_from = input.validFrom;
    if (input.validUntil !== undefined) values.valid_until = input.validUntil;
    const updated = await updateVersioned(w.trx, 'authorizations', { districtId: actor.districtId, id: input.id, version: input.version ?? a.version }, values, w.stamp);
    await w.audit(`authorization.${input.decision === 'approved' ? 'approve' : 'deny'}`, 'authorization', input.id, { employee: a.employee_id, reason: input.reason ?? null });
    await w.contextChanged();
    return updated as Authorization;
  });
}

export async function revokeAuthorization(deps: AppDeps, actor: Actor, input: { id: string; version?: number | undefined; reason?: string | undefined }): Promise<Authorization> {
  requireRole(actor, ['superintendent'], 'revoke an authorization');
  const a = await getAuthorization(deps.db, actor.districtId, input.id);
  if (a === undefined) throw notFound('authorization', input.id);
  if (a.status !== 'approved') throw new ClearpostError('conflict', `authorization ${input.id} is ${a.status}, not approved`);
  return write(deps, actor, async (w) => {
    const updated = await updateVersioned(
      w.trx,
      'authorizations',
      { districtId: actor.districtId, id: input.id, version: input.version ?? a.version },
      { status: 'revoked', revoked_at: w.stamp.at, revoked_by: actor.id, reason: input.reason ?? a.reason },
      w.stamp,
    );
    await w.audit('authorization.revoke', 'authorization', input.id, { employee: a.employee_id, reason: input.reason ?? null });
    await w.contextChanged();
    return updated as Authorization;
  });
}
