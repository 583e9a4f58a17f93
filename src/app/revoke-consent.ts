// Revoke a consent (by the guardian, the consenting employee, or staff): kept with who, when and why; never deleted.
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import { getConsent, insertConsentEvent } from '../store/repos/consents.js';
import { isGuardianOf } from '../store/repos/people.js';
import { updateVersioned } from '../store/repos/versioned.js';
import type { Consent } from '../store/schema.js';
import { hasRole, isStaff, notFound, type Actor } from './access.js';
import { write, type AppDeps } from './deps.js';

export interface RevokeConsentInput {
  id: string;
  /** The version the caller read (If-Match); a stale one fails with precondition-failed. */
  version?: number | undefined;
  reason?: string | undefined;
}

/** May this actor see (and so act on) this consent? Guardians their children's, employees their own, staff all. */
export async function canSeeConsent(deps: AppDeps, actor: Actor, c: Consent): Promise<boolean> {
  if (isStaff(actor)) return true;
  const me = actor.personId;
  if (me === undefined) return false;
  if (hasRole(actor, ['employee']) && (c.subject_id === me || c.grantee_id === me)) return true;
  if (hasRole(actor, ['guardian']) && c.type !== 'coworker-image') return isGuardianOf(deps.db, actor.districtId, me, c.subject_id);
  return false;
}

export async function revokeConsent(deps: AppDeps, actor: Actor, input: RevokeConsentInput): Promise<Consent> {
  const c = await getConsent(deps.db, actor.districtId, input.id);
  if (c === undefined || !(await canSeeConsent(deps, actor, c))) throw notFound('consent', input.id);
  // The grantee of a co-worker consent cannot revoke it for the subject.
  if (!isStaff(actor) && c.type === 'coworker-image' && c.subject_id !== actor.personId) throw notFound('consent', input.id);
  if (c.revoked_at !== null) throw new ClearpostError('conflict', `consent ${input.id} was already revoked on ${c.revoked_at}`);
  return write(deps, actor, async (w) => {
    const updated = await updateVersioned(
      w.trx,
      'consents',
      { districtId: actor.districtId, id: input.id, version: input.version ?? c.version },
      { revoked_at: w.stamp.at, revoked_by: actor.id, revoke_reason: input.reason ?? null },
      w.stamp,
    );
    await insertConsentEvent(w.trx, actor.districtId, newId(), { consent_id: input.id, event: 'revoked', details: { reason: input.reason ?? null } }, w.stamp);
    await w.audit('consent.revoke', 'consent', input.id, { reason: input.reason ?? null, subject: c.subject_id });
    await w.contextChanged();
    return updated as Consent;
  });
}
