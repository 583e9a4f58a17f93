// The approved-tools catalog (networks the district approved for instruction, with CIPA status).
import type { Kysely } from 'kysely';
import type { ApprovedTool, DB } from '../schema.js';
import { keyset, type PageRequest } from '../page.js';
import { created, type Stamp } from './versioned.js';

export async function insertApprovedTool(db: Kysely<DB>, districtId: string, id: string, t: { network: string; name: string; cipa_compliant: boolean; password_protected: boolean }, s: Stamp): Promise<ApprovedTool> {
  const row: ApprovedTool = { ...created(districtId, id, s), network: t.network, name: t.name, cipa_compliant: t.cipa_compliant ? 1 : 0, password_protected: t.password_protected ? 1 : 0, active: 1 };
  await db.insertInto('approved_tools').values(row).execute();
  return row;
}

export function listApprovedTools(db: Kysely<DB>, districtId: string, opts: { activeOnly?: boolean; page?: PageRequest | undefined } = {}): Promise<ApprovedTool[]> {
  let q = db.selectFrom('approved_tools').selectAll().where('district_id', '=', districtId);
  if (opts.activeOnly !== false) q = q.where('active', '=', 1);
  return keyset(q, opts.page, { sortBy: 'network' }).execute();
}
