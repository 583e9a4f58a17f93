// An employee files this school year's disclosure of the student groups they take part in (IV.B); a new one supersedes the last.
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import { currentDisclosure, insertDisclosure, listDisclosures } from '../store/repos/disclosures.js';
import { getPerson } from '../store/repos/people.js';
import { updateVersioned } from '../store/repos/versioned.js';
import type { PageRequest } from '../store/page.js';
import type { Disclosure } from '../store/schema.js';
import { hasRole, notFound, requirePerson, type Actor } from './access.js';
import { write, type AppDeps } from './deps.js';

export interface FileDisclosureInput {
  employeeId?: string | undefined;
  schoolYear: string;
  groups: ReadonlyArray<{ network?: string | undefined; name: string }>;
}

export async function fileDisclosure(deps: AppDeps, actor: Actor, input: FileDisclosureInput): Promise<Disclosure> {
  const employeeId = input.employeeId ?? requirePerson(actor, 'file a disclosure');
  if (employeeId !== actor.personId && !hasRole(actor, ['hr', 'admin'])) throw notFound('person', employeeId);
  const m = /^(\d{4})-(\d{4})$/.exec(input.schoolYear);
  if (m === null || Number(m[2]) !== Number(m[1]) + 1) throw new ClearpostError('invalid-request', 'schoolYear: expected YYYY-YYYY, e.g. 2026-2027', 'schoolYear');
  input.groups.forEach((g, i) => {
    if (typeof g.name !== 'string' || g.name.trim() === '') throw new ClearpostError('invalid-request', `groups.${i}.name: required`, `groups.${i}.name`);
  });
  const emp = await getPerson(deps.db, actor.districtId, employeeId);
  if (emp === undefined || emp.kind !== 'employee') throw notFound('person', employeeId);
  return write(deps, actor, async (w) => {
    const previous = await currentDisclosure(w.trx, actor.districtId, employeeId, input.schoolYear);
    const id = newId();
    const groups = input.groups.map((g) => (g.network === undefined ? { name: g.name.trim() } : { network: g.network.toLowerCase(), name: g.name.trim() }));
    const d = await insertDisclosure(w.trx, actor.districtId, id, { employee_id: employeeId, school_year: input.schoolYear, groups }, w.stamp);
    if (previous !== undefined) await updateVersioned(w.trx, 'disclosures', { districtId: actor.districtId, id: previous.id, version: previous.version }, { superseded_by: id }, w.stamp);
    await w.audit('disclosure.file', 'disclosure', id, { employee: employeeId, schoolYear: input.schoolYear, groups: groups.length, supersedes: previous?.id ?? null });
    await w.contextChanged();
    return d;
  });
}

export async function listDisclosuresFor(deps: AppDeps, actor: Actor, f: { employeeId?: string | undefined; schoolYear?: string | undefined; page?: PageRequest | undefined } = {}): Promise<Disclosure[]> {
  if (hasRole(actor, ['hr', 'superintendent', 'admin'])) return listDisclosures(deps.db, actor.districtId, f);
  if (actor.personId === undefined || (f.employeeId !== undefined && f.employeeId !== actor.personId)) return [];
  return listDisclosures(deps.db, actor.districtId, { ...f, employeeId: actor.personId });
}
