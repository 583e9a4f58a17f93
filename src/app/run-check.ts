// Check a post against the policy with the district's records as context, and keep the decision (replayable) in the check history.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { CheckResponse, Consent as ContextConsent, Context, Person as ContextPerson, Post } from '../contracts/check.js';
import { check } from '../core/check.js';
import { ClearpostError } from '../core/errors.js';
import type { PolicyPack } from '../core/policy/pack.js';
import { canonicalJson, sha256Hex } from '../store/canonical-json.js';
import { newId } from '../store/ids.js';
import { insertCheck } from '../store/repos/checks.js';
import { readDistrictRecords, type DistrictRecords } from '../store/repos/check-context.js';
import { getRecordsRev } from '../store/repos/districts.js';
import type { DB } from '../store/schema.js';
import { hasRole, isStaff, requirePerson, type Actor } from './access.js';
import { nowOf, write, type AppDeps } from './deps.js';
import { loadPolicyPack } from './load-policy-pack.js';

function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Stored with every decision so it can be replayed on the same engine. */
export const ENGINE_VERSION = `clearpost-engine@${packageVersion()}`;

const json = <T>(s: string | null): T | undefined => (s === null ? undefined : (JSON.parse(s) as T));

/** The contract's Context from a district's records (ids are record ids). */
export function contextFromRecords(r: DistrictRecords): Context {
  const settings = JSON.parse(r.district.settings) as Record<string, unknown>;
  const buildingName = new Map(r.buildings.map((b) => [b.id, b.name]));
  const childrenOf = new Map<string, string[]>();
  for (const l of r.links) childrenOf.set(l.guardian_id, [...(childrenOf.get(l.guardian_id) ?? []), l.student_id]);
  const people: ContextPerson[] = r.people.map((p) => {
    const out: ContextPerson = { id: p.id, kind: p.kind, name: p.name };
    const aliases = json<string[]>(p.aliases);
    if (aliases !== undefined && aliases.length > 0) out.aliases = aliases;
    if (p.email !== null) out.email = p.email;
    if (p.title !== null) out.title = p.title;
    if (p.student_number !== null) out.studentNumber = p.student_number;
    if (p.grade !== null) out.grade = p.grade;
    if (p.building_id !== null && buildingName.has(p.building_id)) out.building = buildingName.get(p.building_id)!;
    const kids = childrenOf.get(p.id);
    if (kids !== undefined) out.guardianOf = kids;
    return out;
  });
  const consents: ContextConsent[] = r.consents.map((c) => {
    const out: ContextConsent = { id: c.id, type: c.type, subject: c.subject_id, written: c.written === 1, grantedBy: c.granted_by, validFrom: c.valid_from, validUntil: c.valid_until, revokedAt: c.revoked_at };
    if (c.grantee_id !== null) out.grantee = c.grantee_id;
    if (c.network !== null) out.network = c.network;
    const scope = json<ContextConsent['scope']>(c.scope);
    if (scope !== undefined) out.scope = scope;
    return out;
  });
  const ctx: Context = {
    district: {
      ...settings,
      name: r.district.name,
      buildings: r.buildings.map((b) => {
        const out: { name: string; aliases?: string[]; lat?: number; lon?: number; radiusM?: number } = { name: b.name };
        const aliases = json<string[]>(b.aliases);
        if (aliases !== undefined) out.aliases = aliases;
        if (b.lat !== null) out.lat = b.lat;
        if (b.lon !== null) out.lon = b.lon;
        if (b.radius_m !== null) out.radiusM = b.radius_m;
        return out;
      }),
      approvedTools: r.tools.map((t) => ({ network: t.network, cipaCompliant: t.cipa_compliant === 1, passwordProtected: t.password_protected === 1 })),
    },
    people,
    consents,
    authorizations: r.authorizations.map((a) => {
      const out: NonNullable<Context['authorizations']>[number] = { id: a.id, type: a.type, employee: a.employee_id, grantedBy: 'superintendent', validUntil: a.valid_until, revokedAt: a.revoked_at };
      if (a.valid_from !== null) out.validFrom = a.valid_from;
      if (a.network !== null) out.network = a.network;
      if (a.activity !== null) out.activity = a.activity;
      return out;
    }),
    disclosures: r.disclosures.map((d) => ({ employee: d.employee_id, schoolYear: d.school_year, groups: JSON.parse(d.groups) as Array<{ network?: string; name: string }> })),
  };
  return ctx;
}

interface CachedContext {
  rev: number;
  context: Context;
  sha256: string;
}

/**
 * Contexts per district, rebuilt when the district's records_rev moved (every write that changes
 * what a check knows bumps it in its own transaction). Reading the rev is one indexed row per
 * check, so the cache is right across processes too (several servers on one PostgreSQL).
 */
export class ContextCache {
  private readonly byDistrict = new Map<string, CachedContext>();
  private readonly building = new Map<string, Promise<CachedContext>>();

  async get(db: Kysely<DB>, districtId: string): Promise<CachedContext> {
    const rev = await getRecordsRev(db, districtId);
    if (rev === undefined) throw new ClearpostError('not-found', `district ${districtId}: not found`);
    const hit = this.byDistrict.get(districtId);
    if (hit !== undefined && hit.rev >= rev) return hit;
    const key = `${districtId}@${rev}`;
    let p = this.building.get(key);
    if (p === undefined) {
      p = (async () => {
        const records = await readDistrictRecords(db, districtId);
        if (records === undefined) throw new ClearpostError('not-found', `district ${districtId}: not found`);
        const context = contextFromRecords(records);
        const built = { rev: Number(records.district.records_rev), context, sha256: sha256Hex(canonicalJson(context)) };
        const cur = this.byDistrict.get(districtId);
        if (cur === undefined || cur.rev < built.rev) this.byDistrict.set(districtId, built);
        return built;
      })().finally(() => this.building.delete(key));
      this.building.set(key, p);
    }
    return p;
  }

  invalidate(districtId?: string): void {
    if (districtId === undefined) this.byDistrict.clear();
    else this.byDistrict.delete(districtId);
  }
}

const defaultCaches = new WeakMap<Kysely<DB>, ContextCache>();

export function contextCacheFor(db: Kysely<DB>): ContextCache {
  let c = defaultCaches.get(db);
  if (c === undefined) {
    c = new ContextCache();
    defaultCaches.set(db, c);
  }
  return c;
}

export interface RunCheckInput {
  post: Post;
  /** A whole contract context (integration callers); without it the district's records are the context. */
  context?: Context | undefined;
  pack?: PolicyPack | undefined;
  cache?: ContextCache | undefined;
}

export interface RunCheckResult {
  id: string;
  requestSha256: string;
  response: CheckResponse;
}

export async function runCheck(deps: AppDeps, actor: Actor, input: RunCheckInput): Promise<RunCheckResult> {
  const post: Post = { ...input.post };
  // An employee checks their own posts; only staff and integrations may name another author.
  if (!isStaff(actor)) {
    if (!hasRole(actor, ['employee'])) throw new ClearpostError('forbidden', 'check a post: only employees, staff and integrations do');
    post.author = requirePerson(actor, 'check a post');
  }
  if (input.context !== undefined && !hasRole(actor, ['admin', 'communications'])) throw new ClearpostError('forbidden', 'context: only integrations may send their own context', 'context');
  const pack = input.pack ?? loadPolicyPack();
  let context: Context;
  let contextRef: Record<string, unknown>;
  let contextSha: string;
  if (input.context !== undefined) {
    context = input.context;
    contextSha = sha256Hex(canonicalJson(context));
    contextRef = { source: 'request', context };
  } else {
    const cached = await (input.cache ?? contextCacheFor(deps.db)).get(deps.db, actor.districtId);
    context = cached.context;
    contextSha = cached.sha256;
    contextRef = { source: 'store', recordsRev: cached.rev, sha256: cached.sha256 };
  }
  const now = nowOf(deps);
  const response = check({ context, post }, pack, { now });
  const requestSha256 = sha256Hex(canonicalJson({ post, contextSha256: contextSha }));
  const id = newId(now.getTime());
  await write(deps, actor, async (w) => {
    await insertCheck(
      w.trx,
      actor.districtId,
      id,
      {
        author_id: post.author ?? null,
        request: canonicalJson({ post, context: contextRef }),
        request_sha256: requestSha256,
        verdict: response.verdict,
        findings: JSON.stringify(response.findings),
        response: JSON.stringify(response),
        policy_id: response.policy.id,
        policy_version: response.policy.version,
        engine_version: ENGINE_VERSION,
        decided_at: now.toISOString(),
      },
      w.stamp,
    );
    await w.audit('check.run', 'check', id, { author: post.author ?? null, verdict: response.verdict, requestSha256, policyVersion: response.policy.version });
  });
  return { id, requestSha256, response };
}
