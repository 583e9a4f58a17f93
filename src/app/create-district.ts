// Create a district (tenant) with its check settings, buildings and approved tools, and start its audit chain.
import { ClearpostError } from '../core/errors.js';
import { District as DistrictSchema, type District as DistrictContext } from '../contracts/check.js';
import { newId } from '../store/ids.js';
import { insertApprovedTool } from '../store/repos/approved-tools.js';
import { getDistrictBySlug, insertDistrict } from '../store/repos/districts.js';
import { insertBuilding } from '../store/repos/people.js';
import { appendAudit } from '../store/repos/audit-log.js';
import type { District } from '../store/schema.js';
import { nowOf, type AppDeps } from './deps.js';

export interface CreateDistrictInput {
  name: string;
  slug: string;
  /** The contract's district fields (aliases, emailDomains, timezone, dutyHours ...); buildings and tools go to their tables. */
  settings?: Omit<DistrictContext, 'name' | 'buildings' | 'approvedTools'> | undefined;
  buildings?: ReadonlyArray<{ name: string; aliases?: string[]; lat?: number; lon?: number; radiusM?: number }> | undefined;
  approvedTools?: ReadonlyArray<{ network: string; name?: string; cipaCompliant?: boolean; passwordProtected?: boolean }> | undefined;
}

/** Only trusted setup (CLI, demo loader, the server's admin setup) creates districts; `by` names it in the audit log. */
export async function createDistrict(deps: AppDeps, by: string, input: CreateDistrictInput): Promise<District> {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.slug)) throw new ClearpostError('invalid-request', 'slug: lower-case letters, digits and dashes', 'slug');
  const parsed = DistrictSchema.safeParse({ ...(input.settings ?? {}), name: input.name });
  if (!parsed.success) throw new ClearpostError('invalid-request', `settings: ${parsed.error.issues[0]?.message ?? 'invalid'}`, 'settings');
  if ((await getDistrictBySlug(deps.db, input.slug)) !== undefined) throw new ClearpostError('conflict', `district ${input.slug} exists`, 'slug');
  const s = { at: nowOf(deps).toISOString(), by };
  return deps.db.transaction().execute(async (trx) => {
    const id = newId();
    const { name: _n, ...settings } = parsed.data;
    const d = await insertDistrict(trx, { id, name: input.name, slug: input.slug, settings }, s);
    for (const b of input.buildings ?? []) {
      await insertBuilding(trx, id, newId(), { sourced_id: null, name: b.name, kind: 'school', aliases: b.aliases === undefined ? null : JSON.stringify(b.aliases), lat: b.lat ?? null, lon: b.lon ?? null, radius_m: b.radiusM ?? null, active: 1 }, s);
    }
    for (const t of input.approvedTools ?? []) {
      await insertApprovedTool(trx, id, newId(), { network: t.network.toLowerCase(), name: t.name ?? t.network, cipa_compliant: t.cipaCompliant === true, password_protected: t.passwordProtected === true }, s);
    }
    await appendAudit(trx, { districtId: id, at: s.at, actor: by, action: 'district.create', entity: 'district', entityId: id, details: { name: input.name, slug: input.slug, buildings: input.buildings?.length ?? 0, tools: input.approvedTools?.length ?? 0 } });
    return d;
  });
}
