// Add a person by hand (districts without a roster feed), link a guardian to a student, or deactivate someone: HR and admins.
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import { getPerson, insertGuardianLink, insertPerson, listPeople, type PeopleFilter } from '../store/repos/people.js';
import { updateVersioned } from '../store/repos/versioned.js';
import type { GuardianLink, Person, PersonKind } from '../store/schema.js';
import { isStaff, notFound, requireRole, type Actor } from './access.js';
import { auditRead, write, type AppDeps } from './deps.js';

export interface AddPersonInput {
  kind: PersonKind;
  name: string;
  email?: string | undefined;
  title?: string | undefined;
  studentNumber?: string | undefined;
  grade?: string | undefined;
  buildingId?: string | undefined;
  aliases?: string[] | undefined;
  sourcedId?: string | undefined;
}

export async function addPerson(deps: AppDeps, actor: Actor, input: AddPersonInput): Promise<Person> {
  requireRole(actor, ['hr', 'admin'], 'add a person');
  if (input.name.trim() === '') throw new ClearpostError('invalid-request', 'name: required', 'name');
  return write(deps, actor, async (w) => {
    const id = newId();
    const p = await insertPerson(
      w.trx,
      actor.districtId,
      id,
      {
        kind: input.kind,
        sourced_id: input.sourcedId ?? null,
        name: input.name.trim(),
        given_name: null,
        family_name: null,
        aliases: input.aliases === undefined ? null : JSON.stringify(input.aliases),
        email: input.email?.toLowerCase() ?? null,
        username: null,
        title: input.title ?? null,
        student_number: input.studentNumber ?? null,
        grade: input.grade ?? null,
        building_id: input.buildingId ?? null,
        active: 1,
      },
      w.stamp,
    );
    await w.audit('person.add', 'person', id, { kind: input.kind });
    await w.contextChanged();
    return p;
  });
}

export async function linkGuardian(deps: AppDeps, actor: Actor, input: { guardianId: string; studentId: string; relationship?: string }): Promise<GuardianLink> {
  requireRole(actor, ['hr', 'admin'], 'link a guardian');
  const g = await getPerson(deps.db, actor.districtId, input.guardianId);
  const s = await getPerson(deps.db, actor.districtId, input.studentId);
  if (g === undefined || g.kind !== 'guardian') throw notFound('guardian', input.guardianId);
  if (s === undefined || s.kind !== 'student') throw notFound('student', input.studentId);
  return write(deps, actor, async (w) => {
    const id = newId();
    const l = await insertGuardianLink(w.trx, actor.districtId, id, { guardian_id: input.guardianId, student_id: input.studentId, relationship: input.relationship ?? null, source: 'manual' }, w.stamp);
    await w.audit('guardian-link.add', 'guardian_link', id, { guardian: input.guardianId, student: input.studentId });
    await w.contextChanged();
    return l;
  });
}

export async function deactivatePerson(deps: AppDeps, actor: Actor, input: { id: string; version?: number | undefined }): Promise<Person> {
  requireRole(actor, ['hr', 'admin'], 'deactivate a person');
  return write(deps, actor, async (w) => {
    const p = await updateVersioned(w.trx, 'people', { districtId: actor.districtId, id: input.id, version: input.version }, { active: 0 }, w.stamp);
    await w.audit('person.deactivate', 'person', input.id);
    await w.contextChanged();
    return p as Person;
  });
}

/** Staff list people (reads of students are audit-logged); an employee or guardian sees only themself. */
export async function listPeopleFor(deps: AppDeps, actor: Actor, f: PeopleFilter = {}): Promise<Person[]> {
  if (!isStaff(actor)) {
    if (actor.personId === undefined) return [];
    const me = await getPerson(deps.db, actor.districtId, actor.personId);
    return me === undefined ? [] : [me];
  }
  const rows = await listPeople(deps.db, actor.districtId, f);
  await auditRead(deps, actor, 'person', rows.filter((p) => p.kind === 'student').map((p) => p.id), { list: true });
  return rows;
}
