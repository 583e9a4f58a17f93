// A small district for the store suites: two employees, two students, a guardian of one of them, and actors for each role.
import type { Actor, Role } from '../../src/app/access.js';
import { systemActor } from '../../src/app/access.js';
import { addPerson, linkGuardian } from '../../src/app/add-person.js';
import { createDistrict } from '../../src/app/create-district.js';
import type { AppDeps } from '../../src/app/deps.js';
import type { Person } from '../../src/store/schema.js';

export interface SmallDistrict {
  districtId: string;
  admin: Actor;
  dana: Person;
  lee: Person;
  maya: Person;
  omar: Person;
  guardian: Person;
  as(role: Role, person?: Person): Actor;
}

export async function smallDistrict(deps: AppDeps, slug = 'alexandria'): Promise<SmallDistrict> {
  const d = await createDistrict(deps, 'test:setup', {
    name: 'Alexandria Public Schools',
    slug,
    settings: { aliases: ['APS'], emailDomains: ['alexandria.k12.mn.us'], timezone: 'America/Chicago', schoolYearStart: '07-01' },
    buildings: [{ name: 'Jefferson High School', lat: 45.8852, lon: -95.3775, radiusM: 250 }],
    approvedTools: [{ network: 'schoology', cipaCompliant: true }],
  });
  const admin = systemActor(d.id, 'test');
  const dana = await addPerson(deps, admin, { kind: 'employee', name: 'Dana Whitfield', email: 'dwhitfield@alexandria.k12.mn.us', title: 'Science teacher' });
  const lee = await addPerson(deps, admin, { kind: 'employee', name: 'Lee Park', email: 'lpark@alexandria.k12.mn.us', title: 'Coach' });
  const maya = await addPerson(deps, admin, { kind: 'student', name: 'Maya Lopez', studentNumber: '204518', grade: '10' });
  const omar = await addPerson(deps, admin, { kind: 'student', name: 'Omar Haddad', studentNumber: '204519', grade: '10' });
  const guardian = await addPerson(deps, admin, { kind: 'guardian', name: 'Rosa Lopez', email: 'rosa@example.com' });
  await linkGuardian(deps, admin, { guardianId: guardian.id, studentId: maya.id, relationship: 'mother' });
  return {
    districtId: d.id,
    admin,
    dana,
    lee,
    maya,
    omar,
    guardian,
    as: (role, person) => ({ districtId: d.id, id: `user:${role}:${person?.id ?? 'none'}`, personId: person?.id, roles: [role] }),
  };
}

export const SIGNATURE = { signerName: 'Rosa Lopez', signedAt: '2026-09-01T18:00:00Z', ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (test)', textHash: 'a'.repeat(64) };
