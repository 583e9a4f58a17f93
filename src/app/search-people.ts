// Search the district's people by name, building, grade and kind: staff see roster fields, employees names only (to tag photos).
import { listBuildings, listPeople, type PeopleFilter } from '../store/repos/people.js';
import type { PageRequest } from '../store/page.js';
import type { Building, Person, PersonKind } from '../store/schema.js';
import { hasRole, isStaff, requireRole, type Actor } from './access.js';
import { auditRead, type AppDeps } from './deps.js';

export interface SearchPeopleInput {
  name?: string | undefined;
  kind?: PersonKind | undefined;
  buildingId?: string | undefined;
  grade?: string | undefined;
  /** Staff only: include people the roster deactivated. */
  includeInactive?: boolean | undefined;
  page?: PageRequest | undefined;
}

/** A person as a search shows them: staff get the roster fields, an employee only id, name and kind. */
export interface PersonHit {
  id: string;
  name: string;
  kind: PersonKind;
  grade?: string | null;
  buildingId?: string | null;
  active?: boolean;
}

export async function searchPeople(deps: AppDeps, actor: Actor, input: SearchPeopleInput): Promise<{ rows: Person[]; hits: PersonHit[] }> {
  requireRole(actor, ['employee', 'building-supervisor', 'communications', 'hr', 'superintendent', 'admin'], 'search people');
  const staff = isStaff(actor);
  // An employee tags colleagues and students; guardians are not in their search.
  if (!staff && input.kind === 'guardian') return { rows: [], hits: [] };
  const f: PeopleFilter = {
    nameContains: input.name?.trim(),
    kind: input.kind,
    kinds: staff ? undefined : ['employee', 'student'],
    buildingId: input.buildingId,
    grade: input.grade,
    active: staff && input.includeInactive === true ? undefined : true,
    page: input.page,
  };
  const rows = await listPeople(deps.db, actor.districtId, f);
  const students = rows.filter((p) => p.kind === 'student').map((p) => p.id);
  await auditRead(deps, actor, 'student', students, { route: 'people', name: input.name ?? '', building: input.buildingId ?? null, grade: input.grade ?? null, role: hasRole(actor, ['employee']) && !staff ? 'employee' : 'staff' });
  const hits = rows.map((p): PersonHit => (staff ? { id: p.id, name: p.name, kind: p.kind, grade: p.grade, buildingId: p.building_id, active: p.active === 1 } : { id: p.id, name: p.name, kind: p.kind }));
  return { rows, hits };
}

/** The district's buildings: employees and staff. */
export function listBuildingsFor(deps: AppDeps, actor: Actor, f: { includeInactive?: boolean | undefined; page?: PageRequest | undefined } = {}): Promise<Building[]> {
  requireRole(actor, ['employee', 'building-supervisor', 'communications', 'hr', 'superintendent', 'admin'], 'list buildings');
  return listBuildings(deps.db, actor.districtId, { activeOnly: f.includeInactive !== true, page: f.page });
}
