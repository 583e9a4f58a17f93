// Find the district a local command acts on: by id or slug, or the only one there is.
import { ClearpostError } from '../core/errors.js';
import { getDistrict, getDistrictBySlug, listDistricts } from '../store/repos/districts.js';
import type { District } from '../store/schema.js';
import type { AppDeps } from './deps.js';

export async function findDistrict(deps: AppDeps, ref: string | undefined): Promise<District> {
  if (ref !== undefined) {
    const d = (await getDistrict(deps.db, ref)) ?? (await getDistrictBySlug(deps.db, ref));
    if (d === undefined) throw new ClearpostError('not-found', `no district "${ref}" (give an id or a slug; --create NAME makes a new one)`);
    return d;
  }
  const all = await listDistricts(deps.db);
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new ClearpostError('not-found', 'the database has no district yet: pass --district SLUG --create "District name", or run `clearpost demo load`');
  throw new ClearpostError('invalid-request', `several districts (${all.map((d) => d.slug).join(', ')}): choose one with --district`, 'district');
}
