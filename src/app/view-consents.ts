// Read consents: an employee sees their own, a guardian their children's, staff all (staff reads of student consents are audit-logged).
import { listConsentEvents, listConsents, getConsent, type ConsentFilter } from '../store/repos/consents.js';
import { listGuardianLinks } from '../store/repos/people.js';
import type { Consent, ConsentEvent } from '../store/schema.js';
import { hasRole, isStaff, notFound, type Actor } from './access.js';
import { auditRead, type AppDeps } from './deps.js';
import { canSeeConsent } from './revoke-consent.js';

export async function listConsentsFor(deps: AppDeps, actor: Actor, f: Omit<ConsentFilter, 'involving'> = {}): Promise<Consent[]> {
  let rows: Consent[];
  if (isStaff(actor)) {
    rows = await listConsents(deps.db, actor.districtId, f);
    const student = rows.filter((c) => c.type !== 'coworker-image').map((c) => c.id);
    await auditRead(deps, actor, 'consent', student, { list: true });
    return rows;
  }
  const me = actor.personId;
  if (me === undefined) return [];
  if (hasRole(actor, ['guardian'])) {
    const children = (await listGuardianLinks(deps.db, actor.districtId, { guardianId: me })).map((l) => l.student_id);
    const ids = f.subjectIds === undefined ? children : f.subjectIds.filter((s) => children.includes(s));
    rows = await listConsents(deps.db, actor.districtId, { ...f, subjectIds: ids });
    return rows.filter((c) => c.type !== 'coworker-image');
  }
  if (hasRole(actor, ['employee'])) return listConsents(deps.db, actor.districtId, { ...f, involving: me });
  return [];
}

export async function viewConsent(deps: AppDeps, actor: Actor, id: string): Promise<{ consent: Consent; events: ConsentEvent[] }> {
  const c = await getConsent(deps.db, actor.districtId, id);
  if (c === undefined || !(await canSeeConsent(deps, actor, c))) throw notFound('consent', id);
  if (isStaff(actor) && c.type !== 'coworker-image') await auditRead(deps, actor, 'consent', [id]);
  return { consent: c, events: await listConsentEvents(deps.db, actor.districtId, id) };
}
