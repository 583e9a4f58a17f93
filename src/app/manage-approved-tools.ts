// The approved-tools catalog (III): the Superintendent or an admin adds a tool with its CIPA status, or retires it; checks see it at once.
import { ClearpostError } from '../core/errors.js';
import { newId } from '../store/ids.js';
import { insertApprovedTool, listApprovedTools } from '../store/repos/approved-tools.js';
import { updateVersioned } from '../store/repos/versioned.js';
import type { PageRequest } from '../store/page.js';
import type { ApprovedTool } from '../store/schema.js';
import { requireRole, type Actor } from './access.js';
import { write, type AppDeps } from './deps.js';

export interface AddApprovedToolInput {
  network: string;
  name?: string | undefined;
  cipaCompliant: boolean;
  passwordProtected?: boolean | undefined;
}

export async function addApprovedTool(deps: AppDeps, actor: Actor, input: AddApprovedToolInput): Promise<ApprovedTool> {
  requireRole(actor, ['superintendent', 'admin'], 'approve a tool');
  const network = input.network.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(network)) throw new ClearpostError('invalid-request', 'network: a lower-case name such as seesaw', 'network');
  if ((await listApprovedTools(deps.db, actor.districtId, { activeOnly: false })).some((t) => t.network === network)) {
    throw new ClearpostError('conflict', `network: ${network} is already in the catalog`, 'network');
  }
  return write(deps, actor, async (w) => {
    const id = newId();
    const t = await insertApprovedTool(w.trx, actor.districtId, id, { network, name: input.name ?? network, cipa_compliant: input.cipaCompliant, password_protected: input.passwordProtected === true }, w.stamp);
    await w.audit('approved-tool.add', 'approved_tool', id, { network, cipaCompliant: input.cipaCompliant });
    await w.contextChanged();
    return t;
  });
}

export async function retireApprovedTool(deps: AppDeps, actor: Actor, input: { id: string; version?: number | undefined }): Promise<ApprovedTool> {
  requireRole(actor, ['superintendent', 'admin'], 'retire a tool');
  return write(deps, actor, async (w) => {
    const t = await updateVersioned(w.trx, 'approved_tools', { districtId: actor.districtId, id: input.id, version: input.version }, { active: 0 }, w.stamp);
    await w.audit('approved-tool.retire', 'approved_tool', input.id, { network: t.network });
    await w.contextChanged();
    return t as ApprovedTool;
  });
}

/** Everyone in the district may read the catalog (it says which tools may be used). */
export function listApprovedToolsFor(deps: AppDeps, actor: Actor, f: { includeRetired?: boolean | undefined; page?: PageRequest | undefined } = {}): Promise<ApprovedTool[]> {
  return listApprovedTools(deps.db, actor.districtId, { activeOnly: f.includeRetired !== true, page: f.page });
}
