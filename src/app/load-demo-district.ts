// The demo district for `npm start` on a fresh install: a fictional roster of Alexandria Public Schools with consents and authorizations.
import { newId } from '../store/ids.js';
import { insertAuthorization } from '../store/repos/authorizations.js';
import { insertConsent } from '../store/repos/consents.js';
import { getDistrictBySlug } from '../store/repos/districts.js';
import { insertDisclosure } from '../store/repos/disclosures.js';
import { listBuildings } from '../store/repos/people.js';
import { insertLinksBatch, insertPeopleBatch } from '../store/repos/roster.js';
import { created } from '../store/repos/versioned.js';
import type { GuardianLink, Person } from '../store/schema.js';
import { systemActor } from './access.js';
import { createDistrict } from './create-district.js';
import { write, type AppDeps } from './deps.js';

export const DEMO_SLUG = 'alexandria-demo';

export interface DemoDistrict {
  districtId: string;
  created: boolean;
  counts: { employees: number; students: number; guardians: number; consents: number };
  /** People to sign in as in the demo (the server links its demo users to them). */
  personas: { superintendent: string; communications: string; teacher: string; guardian: string };
}

const FIRST = ['Avery', 'Blake', 'Casey', 'Dana', 'Emerson', 'Finley', 'Gray', 'Harper', 'Indy', 'Jordan', 'Kai', 'Logan', 'Morgan', 'Noel', 'Oakley', 'Parker', 'Quinn', 'Reese', 'Sawyer', 'Taylor', 'Uma', 'Val', 'Wren', 'Ximena', 'Yara', 'Zion', 'Maya', 'Omar', 'Lena', 'Theo', 'Iris', 'Milo', 'Nora', 'Eli', 'Ruby', 'Leo', 'Ada', 'Hugo', 'Ivy', 'Otto'];
const LAST = ['Aalto', 'Brekke', 'Carlsen', 'Dahl', 'Eide', 'Fjeld', 'Grove', 'Haugen', 'Isaksen', 'Johanson', 'Kvale', 'Lund', 'Moen', 'Nygaard', 'Olsen', 'Pederson', 'Quale', 'Rud', 'Solberg', 'Thorsen', 'Ulland', 'Vik', 'Wold', 'Ystad', 'Zeller', 'Lopez', 'Whitfield', 'Haddad', 'Nguyen', 'Okafor'];
const BUILDINGS = [
  { name: 'Jefferson High School', aliases: ['JHS', 'Jefferson'], lat: 45.8852, lon: -95.3775, radiusM: 250, grades: [9, 10, 11, 12] },
  { name: 'Discovery Middle School', aliases: ['Discovery'], grades: [6, 7, 8] },
  { name: 'Lincoln Elementary', aliases: ['Lincoln'], grades: [0, 1, 2, 3, 4, 5] },
  { name: 'Voyager Elementary', aliases: ['Voyager'], grades: [0, 1, 2, 3, 4, 5] },
  { name: 'Woodland Elementary', aliases: ['Woodland'], grades: [0, 1, 2, 3, 4, 5] },
  { name: 'Miltona Science Magnet School', aliases: ['Miltona'], grades: [0, 1, 2, 3, 4, 5] },
];
const TITLES = ['Science teacher', 'Math teacher', 'English teacher', 'Social studies teacher', 'Art teacher', 'Music teacher', 'Physical education teacher', 'Special education teacher', 'Paraprofessional', 'Counselor', 'Coach', 'Librarian', 'Nurse', 'Custodian', 'Bus driver', 'Secretary'];

/** A small deterministic generator: the same demo every time. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Load the demo district unless it is there already (then return it unchanged). */
export async function loadDemoDistrict(deps: AppDeps, opts: { students?: number; employees?: number } = {}): Promise<DemoDistrict> {
  const existing = await getDistrictBySlug(deps.db, DEMO_SLUG);
  if (existing !== undefined) {
    const people = await deps.db.selectFrom('people').select(['id', 'kind', 'title', 'sourced_id']).where('district_id', '=', existing.id).where('sourced_id', 'like', 'demo-%').execute();
    const by = (sid: string) => people.find((p) => p.sourced_id === sid)?.id ?? '';
    return {
      districtId: existing.id,
      created: false,
      counts: { employees: people.filter((p) => p.kind === 'employee').length, students: people.filter((p) => p.kind === 'student').length, guardians: people.filter((p) => p.kind === 'guardian').length, consents: 0 },
      personas: { superintendent: by('demo-e-0'), communications: by('demo-e-1'), teacher: by('demo-e-2'), guardian: by('demo-g-0') },
    };
  }
  const nStudents = opts.students ?? 320;
  const nEmployees = opts.employees ?? 64;
  const d = await createDistrict(deps, 'system:demo', {
    name: 'Alexandria Public Schools',
    slug: DEMO_SLUG,
    settings: {
      aliases: ['APS', 'Alexandria Schools', 'ISD 206', 'Cardinals'],
      mascot: 'Cardinals',
      emailDomains: ['alexandria.k12.mn.us'],
      websites: ['alexandria.k12.mn.us'],
      timezone: 'America/Chicago',
      dutyHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:30', end: '16:00' },
      nonSchoolDays: ['2026-11-26', '2026-11-27', '2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'],
      schoolYearStart: '07-01',
    },
    buildings: BUILDINGS.map(({ grades: _g, ...b }) => b),
    approvedTools: [
      { network: 'schoology', name: 'Schoology', cipaCompliant: true, passwordProtected: true },
      { network: 'seesaw', name: 'Seesaw', cipaCompliant: true, passwordProtected: true },
      { network: 'google-classroom', name: 'Google Classroom', cipaCompliant: true, passwordProtected: true },
    ],
  });
  const actor = systemActor(d.id, 'demo');
  const rand = rng(471);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const buildings = await listBuildings(deps.db, d.id);
  const buildingOf = (name: string) => buildings.find((b) => b.name === name)!.id;

  return write(deps, actor, async (w) => {
    const s = w.stamp;
    const person = (kind: Person['kind'], sid: string, given: string, family: string, extra: Partial<Person>): Person => ({
      ...created(d.id, newId(), s),
      kind,
      sourced_id: sid,
      name: `${given} ${family}`,
      given_name: given,
      family_name: family,
      aliases: null,
      email: null,
      username: null,
      title: null,
      student_number: null,
      grade: null,
      building_id: null,
      active: 1,
      ...extra,
    });
    const employees: Person[] = [];
    const fixedTitles = ['Superintendent', 'Director of Communications', 'Science teacher', 'Principal', 'Human Resources Director', 'Technology Director'];
    for (let i = 0; i < nEmployees; i++) {
      const given = pick(FIRST);
      const family = pick(LAST);
      const b = BUILDINGS[i % BUILDINGS.length]!;
      employees.push(person('employee', `demo-e-${i}`, given, family, { email: `${given[0]!.toLowerCase()}${family.toLowerCase()}${i}@alexandria.k12.mn.us`, title: fixedTitles[i] ?? pick(TITLES), building_id: buildingOf(b.name), username: `${given[0]!.toLowerCase()}${family.toLowerCase()}${i}` }));
    }
    const students: Person[] = [];
    for (let i = 0; i < nStudents; i++) {
      const b = BUILDINGS[i % BUILDINGS.length]!;
      const grade = pick(b.grades);
      students.push(person('student', `demo-s-${i}`, pick(FIRST), pick(LAST), { student_number: String(204000 + i), grade: grade === 0 ? 'KG' : String(grade), building_id: buildingOf(b.name) }));
    }
    // Siblings share a guardian: about two guardians for every three students.
    const guardians: Person[] = [];
    const links: GuardianLink[] = [];
    let gi = 0;
    for (let i = 0; i < students.length; ) {
      const family = students[i]!.family_name!;
      const g = person('guardian', `demo-g-${gi++}`, pick(FIRST), family, { email: `guardian${gi}@example.com` });
      guardians.push(g);
      const kids = rand() < 0.35 ? 2 : 1;
      for (let k = 0; k < kids && i < students.length; k++, i++) {
        links.push({ ...created(d.id, newId(), s), guardian_id: g.id, student_id: students[i]!.id, relationship: 'parent', source: 'demo', active: 1 });
      }
    }
    await insertPeopleBatch(w.trx, [...employees, ...students, ...guardians]);
    await insertLinksBatch(w.trx, links);

    // Written parental consents for most students: all for district accounts, some for personal accounts too; a few revoked.
    let consents = 0;
    const guardianOf = new Map(links.map((l) => [l.student_id, l.guardian_id]));
    for (const st of students) {
      if (rand() < 0.25) continue;
      const scope = rand() < 0.5 ? ['district-accounts', 'print'] : ['district-accounts', 'personal-accounts', 'print', 'internal'];
      const revoked = rand() < 0.05;
      await insertConsent(
        w.trx,
        d.id,
        newId(),
        {
          type: 'student-image', subject_id: st.id, grantee_id: null, written: 1, granted_by: 'parent', granted_by_person_id: guardianOf.get(st.id) ?? null,
          scope: JSON.stringify(scope), network: null, valid_from: '2026-08-20', valid_until: '2027-06-30',
          revoked_at: revoked ? '2026-10-15T15:00:00.000Z' : null, revoked_by: revoked ? 'system:demo' : null, revoke_reason: revoked ? 'Family asked to stop' : null,
          form_sha256: null, form_path: null, signer_name: null, signed_at: null, signer_ip: null, signer_user_agent: null, text_hash: null,
        },
        s,
      );
      consents += 1;
    }
    const [supt, comms, teacher] = employees as [Person, Person, Person];
    const auth = (type: 'spokesperson' | 'instructional-use', emp: Person, network: string | null, activity: string | null) =>
      insertAuthorization(w.trx, d.id, newId(), { type, employee_id: emp.id, requested_by: 'system:demo', status: 'approved', decided_by: 'system:demo', decided_at: s.at, reason: null, network, activity, valid_from: '2026-07-01', valid_until: '2027-06-30', revoked_at: null, revoked_by: null }, s);
    await auth('spokesperson', supt, null, null);
    await auth('spokesperson', comms, null, null);
    await auth('instructional-use', teacher, 'instagram', 'Science club photo journal');
    await insertDisclosure(w.trx, d.id, newId(), { employee_id: teacher.id, school_year: '2026-2027', groups: [{ network: 'facebook', name: 'Cardinals Hockey Boosters' }] }, s);

    const counts = { employees: employees.length, students: students.length, guardians: guardians.length, consents };
    await w.audit('demo.load', 'district', d.id, counts);
    await w.contextChanged();
    return { districtId: d.id, created: true, counts, personas: { superintendent: supt.id, communications: comms.id, teacher: teacher.id, guardian: guardians[0]!.id } };
  });
}
