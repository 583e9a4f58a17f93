// Check a post against the policy with the district's records as context, and keep the decision (replayable) in the check history.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PostgresAdapter, type Kysely } from 'kysely';
import type { CheckResponse, Consent as ContextConsent, Context, Person as ContextPerson, Post } from '../contracts/check.js';
import { check } from '../core/check.js';
import { ClearpostError } from '../core/errors.js';
import type { PolicyPack } from '../core/policy/pack.js';
import { canonicalJson, sha256Hex } from '../store/canonical-json.js';
import { newId } from '../store/ids.js';
import { insertChecksBatch, insertChecksWithAuditIfHead } from '../store/repos/checks.js';
import { appendAuditBatch, chainEntries, type AuditHead, type AuditInput } from '../store/repos/audit-log.js';
import { created } from '../store/repos/versioned.js';
import { readDistrictRecords, type DistrictRecords } from '../store/repos/check-context.js';
import { getRecordsRev } from '../store/repos/districts.js';
import type { CheckRecord, DB } from '../store/schema.js';
import { hasRole, isStaff, requirePerson, type Actor } from './access.js';
import { nowOf, onRecordsChanged, stampOf, type AppDeps } from './deps.js';
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
  /** Canonical JSON of what a stored check says about its context ({ source: 'store', recordsRev, sha256 }). */
  refJson: string;
  /** When records_rev was last read for this entry (ms). */
  checkedAt: number;
}

/**
 * Contexts per district. Writes in this process drop the district's entry the moment they commit
 * (onRecordsChanged), so a consent signed here counts in the very next check. Writes by other
 * processes (a CLI import beside the server, a second server on PostgreSQL) bump records_rev;
 * the cache reads it at most every `revCheckMs` (default 250 ms) instead of on every check,
 * because on SQLite every extra query per check queues on the one connection.
 */
export class ContextCache {
  private readonly byDistrict = new Map<string, CachedContext>();
  private readonly generation = new Map<string, number>();
  private readonly building = new Map<string, Promise<CachedContext>>();
  private readonly revReads = new Map<string, Promise<number | undefined>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly revCheckMs = 250) {
    this.unsubscribe = onRecordsChanged((d) => this.invalidate(d));
  }

  async get(db: Kysely<DB>, districtId: string): Promise<CachedContext> {
    const hit = this.byDistrict.get(districtId);
    const now = Date.now();
    if (hit !== undefined && now - hit.checkedAt < this.revCheckMs) return hit;
    // One read of records_rev at a time per district: the checks that find the entry due while it runs share it
    // (under load every connection used to send its own when the 250 ms ran out).
    let revP = this.revReads.get(districtId);
    if (revP === undefined) {
      revP = getRecordsRev(db, districtId).finally(() => this.revReads.delete(districtId));
      this.revReads.set(districtId, revP);
    }
    const rev = await revP;
    if (rev === undefined) throw new ClearpostError('not-found', `district ${districtId}: not found`);
    if (hit !== undefined && hit.rev >= rev && this.byDistrict.get(districtId) === hit) {
      hit.checkedAt = now;
      return hit;
    }
    const gen = this.generation.get(districtId) ?? 0;
    const key = `${districtId}@${rev}@${gen}`;
    let p = this.building.get(key);
    if (p === undefined) {
      p = (async () => {
        const records = await readDistrictRecords(db, districtId);
        if (records === undefined) throw new ClearpostError('not-found', `district ${districtId}: not found`);
        const context = contextFromRecords(records);
        const rev = Number(records.district.records_rev);
        const sha256 = sha256Hex(canonicalJson(context));
        const built: CachedContext = { rev, context, sha256, refJson: canonicalJson({ source: 'store', recordsRev: rev, sha256 }), checkedAt: Date.now() };
        // Keep it only if no write committed here while it was being read.
        if ((this.generation.get(districtId) ?? 0) === gen) this.byDistrict.set(districtId, built);
        return built;
      })().finally(() => this.building.delete(key));
      this.building.set(key, p);
    }
    return p;
  }

  invalidate(districtId?: string): void {
    const ids = districtId === undefined ? [...this.byDistrict.keys()] : [districtId];
    for (const d of ids) {
      this.byDistrict.delete(d);
      this.generation.set(d, (this.generation.get(d) ?? 0) + 1);
    }
  }

  close(): void {
    this.unsubscribe();
    this.byDistrict.clear();
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

interface PendingCheck {
  row: CheckRecord;
  audit: Omit<AuditInput, 'districtId'>;
  done: (err?: unknown) => void;
}

/**
 * Group commit of the check history: checks that finish while a commit is under way, or in the same turn of the
 * event loop, are written together in the next transaction (their rows and their audit entries, in order). A lone
 * check is still one transaction of its own; under load many share one, which is where the rate comes from.
 * The first check of a batch waits for the end of the current turn (setImmediate) before the commit starts: on
 * SQLite a transaction runs to its end in microtasks without ever giving the event loop a turn, so without that
 * wait every HTTP request (one turn each) would commit alone. If a batch fails, its checks are retried one by one
 * so one bad row cannot fail the others. A check's promise resolves only after its commit (acknowledged = stored).
 *
 * PostgreSQL: the writer remembers each district's chain head as its last commit left it. A batch of one district
 * whose head is known is one statement (insertChecksWithAuditIfHead) that applies only if the head is still that one;
 * and while it runs, the next batch is already sent, chained after it (`depth` statements in flight, in order on the
 * store's pipelined connection): PostgreSQL starts the next one the moment the one before is durable, without waiting
 * for this process to read the answer. If a statement finds the head moved (another process or use case appended; or the
 * batch before it failed) it wrote nothing and its batch takes the locking transaction. Never used on SQLite (no
 * data-modifying WITH; its transactions cost no round trips anyway).
 */
export class CheckWriter {
  private queue: PendingCheck[] = [];
  private running = false;
  private scheduled = false;
  private wake: (() => void) | undefined;
  /** Transactions committed and checks written; of the commits, how many were one statement, and how often that found the head moved (benchmarks, tests). */
  readonly stats = { commits: 0, checks: 0, oneStatement: 0, headMoved: 0 };
  private readonly heads = new Map<string, AuditHead>();
  private readonly onePgStatement: boolean;

  private readonly maxBatch: number;
  private readonly depth: number;

  /** opts (for benchmarks and tests): maxBatch checks per commit (256), depth one-statement commits in flight (2), oneStatement false = always the locking transaction. */
  constructor(
    private readonly db: Kysely<DB>,
    opts: { maxBatch?: number; depth?: number; oneStatement?: boolean } = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 256;
    this.depth = opts.depth ?? 2;
    this.onePgStatement = opts.oneStatement !== false && db.getExecutor().adapter instanceof PostgresAdapter;
  }

  /** 0 when no check waits to be written and no commit is under way (a request whose client left still gets its check stored). */
  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  record(row: CheckRecord, audit: Omit<AuditInput, 'districtId'>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, audit, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          if (this.running) this.wake?.();
          else void this.drain();
        });
      }
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const inFlight = new Set<Promise<void>>();
    // Until a statement in flight settles or (when another may be sent) new checks arrive.
    const settleOrArrival = () =>
      new Promise<void>((resolve) => {
        this.wake = inFlight.size < this.depth ? resolve : undefined;
        for (const p of inFlight) void p.then(resolve);
      }).finally(() => (this.wake = undefined));
    try {
      for (;;) {
        if (this.queue.length === 0 || inFlight.size >= this.depth) {
          if (inFlight.size === 0) break;
          await settleOrArrival();
          continue;
        }
        const batch = this.queue.splice(0, this.maxBatch);
        let sent: Promise<void> | undefined;
        try {
          sent = this.sendOneStatement(batch);
        } catch {
          // (hashing the entries threw) the locking transaction below fails the same way and answers each check
          this.heads.clear();
        }
        if (sent === undefined) {
          // The locking transaction runs alone: what is in flight first (its promises never reject).
          await Promise.all(inFlight);
          await this.commitLocked(batch);
          continue;
        }
        const p: Promise<void> = sent.finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    } finally {
      this.running = false;
    }
  }

  /** PostgreSQL, one district, head known: sends the batch as one statement; settles once its checks are done (stored, or failed). */
  private sendOneStatement(batch: PendingCheck[]): Promise<void> | undefined {
    if (!this.onePgStatement) return undefined;
    const districtId = batch[0]!.row.district_id;
    const head = this.heads.get(districtId);
    if (head === undefined || !batch.every((p) => p.row.district_id === districtId)) return undefined;
    const entries = chainEntries(districtId, head, batch.map((p) => p.audit));
    const last = entries[entries.length - 1]!;
    // The next batch chains after this one (if this one does not apply, neither does the next).
    this.heads.set(districtId, { seq: last.seq, hash: last.hash });
    return insertChecksWithAuditIfHead(this.db, districtId, head, batch.map((p) => p.row), entries).then(
      async (applied) => {
        if (applied) {
          this.stats.commits += 1;
          this.stats.oneStatement += 1;
          this.stats.checks += batch.length;
          for (const p of batch) p.done();
          return;
        }
        // Someone else appended to the chain: nothing was written; take the head row's lock.
        this.stats.headMoved += 1;
        this.heads.delete(districtId);
        await this.commitLocked(batch);
      },
      async () => {
        this.heads.delete(districtId);
        await this.commitLocked(batch);
      },
    );
  }

  /** The batch in one transaction that locks each district's chain head; if it fails, each check alone. Never rejects. */
  private async commitLocked(batch: PendingCheck[]): Promise<void> {
    try {
      await this.transaction(batch);
      for (const p of batch) p.done();
    } catch (err) {
      if (batch.length === 1) batch[0]!.done(err);
      else
        for (const p of batch) {
          try {
            await this.transaction([p]);
            p.done();
          } catch (e) {
            p.done(e);
          }
        }
    }
  }

  private async transaction(batch: PendingCheck[]): Promise<void> {
    const heads = new Map<string, AuditHead>();
    await this.db.transaction().execute(async (trx) => {
      await insertChecksBatch(trx, batch.map((p) => p.row));
      const byDistrict = new Map<string, PendingCheck[]>();
      for (const p of batch) byDistrict.set(p.row.district_id, [...(byDistrict.get(p.row.district_id) ?? []), p]);
      for (const [districtId, ps] of [...byDistrict.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const entries = await appendAuditBatch(trx, districtId, ps.map((p) => p.audit));
        const last = entries[entries.length - 1]!;
        heads.set(districtId, { seq: last.seq, hash: last.hash });
      }
    });
    if (this.onePgStatement) for (const [d, h] of heads) this.heads.set(d, h);
    this.stats.commits += 1;
    this.stats.checks += batch.length;
  }
}

const writers = new WeakMap<Kysely<DB>, CheckWriter>();

export function checkWriterFor(db: Kysely<DB>): CheckWriter {
  let w = writers.get(db);
  if (w === undefined) {
    w = new CheckWriter(db);
    writers.set(db, w);
  }
  return w;
}

/**
 * What the check history keeps of a post's photos: never a face's box or any pixel. Faces become a count, OCR word
 * boxes are dropped (the text stays, like the post's own text), and the stored response loses every evidence box.
 * A replay of a photo check therefore sees the count, not the boxes (docs/decisions/0003-images.md).
 */
export function postForHistory(post: Post): unknown {
  if (post.images === undefined || !post.images.some((i) => i.detected !== undefined)) return post;
  return {
    ...post,
    images: post.images.map((img) => {
      if (img.detected === undefined) return img;
      const { faces, words: _words, ...rest } = img.detected;
      return { ...img, detected: { ...rest, ...(faces !== undefined ? { faceCount: faces.length } : {}) } };
    }),
  };
}

export function responseForHistory(response: CheckResponse): CheckResponse {
  if (!response.findings.some((f) => f.evidence !== undefined && 'box' in f.evidence)) return response;
  return {
    ...response,
    findings: response.findings.map((f) => {
      if (f.evidence === undefined || !('box' in f.evidence)) return f;
      const { box: _box, ...evidence } = f.evidence as { box?: number[] } & Record<string, unknown>;
      return { ...f, evidence: evidence as typeof f.evidence };
    }),
  };
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
  let contextRefJson: string;
  let contextSha: string;
  if (input.context !== undefined) {
    context = input.context;
    contextSha = sha256Hex(canonicalJson(context));
    contextRefJson = canonicalJson({ source: 'request', context });
  } else {
    const cached = await (input.cache ?? contextCacheFor(deps.db)).get(deps.db, actor.districtId);
    context = cached.context;
    contextSha = cached.sha256;
    contextRefJson = cached.refJson;
  }
  const now = nowOf(deps);
  const response = check({ context, post }, pack, { now });
  // Canonical JSON put together from canonical parts (keys in sorted order): the post is serialised once.
  const postJson = canonicalJson(post);
  const requestSha256 = sha256Hex(`{"contextSha256":${JSON.stringify(contextSha)},"post":${postJson}}`);
  const historyPost = postForHistory(post);
  const stored = responseForHistory(response);
  const id = newId(now.getTime());
  const stamp = stampOf(deps, actor);
  const row: CheckRecord = {
    ...created(actor.districtId, id, stamp),
    author_id: post.author ?? null,
    request: `{"context":${contextRefJson},"post":${historyPost === post ? postJson : canonicalJson(historyPost)}}`,
    request_sha256: requestSha256,
    verdict: response.verdict,
    findings: JSON.stringify(stored.findings),
    response: JSON.stringify(stored),
    policy_id: response.policy.id,
    policy_version: response.policy.version,
    engine_version: ENGINE_VERSION,
    decided_at: now.toISOString(),
  };
  const audit: Omit<AuditInput, 'districtId'> = { at: stamp.at, actor: actor.id, action: 'check.run', entity: 'check', entityId: id, details: { author: post.author ?? null, verdict: response.verdict, requestSha256, policyVersion: response.policy.version } };
  // Resolves once the history row and its audit entry are committed.
  await checkWriterFor(deps.db).record(row, audit);
  return { id, requestSha256, response };
}
