// Who may do what with the records: roles, the acting user, and deny-by-default checks used by every use case.
import { ClearpostError } from '../core/errors.js';

export const ROLES = ['employee', 'guardian', 'building-supervisor', 'communications', 'hr', 'superintendent', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Staff who handle district records beyond their own. */
export const STAFF_ROLES: readonly Role[] = ['building-supervisor', 'communications', 'hr', 'superintendent', 'admin'];

export interface Actor {
  districtId: string;
  /** Who acts, as written in created_by/updated_by and the audit log: a user id, or `system:<job>`. */
  id: string;
  /** The person record of this user (an employee or guardian), if any. */
  personId?: string | undefined;
  roles: readonly Role[];
}

/** The actor for trusted local tools (CLI import, demo loader): admin rights, named in the audit log. */
export function systemActor(districtId: string, job: string): Actor {
  return { districtId, id: `system:${job}`, roles: ['admin'] };
}

export function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function isStaff(actor: Actor): boolean {
  return hasRole(actor, STAFF_ROLES);
}

/** Refuse unless the actor holds one of the roles (the route declares this too: authorise twice). */
export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!hasRole(actor, roles)) throw new ClearpostError('forbidden', `${what}: needs one of the roles ${roles.join(', ')}`);
}

/** The person the actor is; for actions an employee or guardian takes for themself. */
export function requirePerson(actor: Actor, what: string): string {
  if (actor.personId === undefined) throw new ClearpostError('forbidden', `${what}: the signed-in user is not linked to a person of the district`);
  return actor.personId;
}

/** "Not found or no access" look the same to the caller, so an id never reveals a record it may not see. */
export function notFound(what: string, id: string): ClearpostError {
  return new ClearpostError('not-found', `${what} ${id}: not found`);
}
