// The audit log: append-only, one hash chain per district; appends are serialised on the chain's head row.
import type { Kysely } from 'kysely';
import { canonicalJson, sha256Hex } from '../canonical-json.js';
import { insertMany } from '../insert-many.js';
import type { AuditEntry, DB } from '../schema.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  districtId: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  details?: Record<string, unknown> | undefined;
}

/** The hash of an entry: sha256 of the canonical JSON of every field but the hash itself. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      district_id: e.district_id,
      seq: e.seq,
      at: e.at,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entity_id: e.entity_id,
      details: JSON.parse(e.details) as unknown,
      prev_hash: e.prev_hash,
    }),
  );
}

/**
 * The same hash as entryHash, for an entry whose details are already canonical JSON (as every append writes them):
 * the canonical JSON of the entry is put together from its fields (keys in sorted order) instead of parsing the
 * details back and sorting again. test/store/audit-log.test.ts checks that both agree.
 */
export function entryHashOfCanonical(e: Omit<AuditEntry, 'hash'>): string {
  const j = JSON.stringify;
  return sha256Hex(
    `{"action":${j(e.action)},"actor":${j(e.actor)},"at":${j(e.at)},"details":${e.details},"district_id":${j(e.district_id)},"entity":${j(e.entity)},"entity_id":${j(e.entity_id)},"prev_hash":${j(e.prev_hash)},"seq":${j(e.seq)}}`,
  );
}

/** Start a district's chain (in the transaction that creates the district). */
export async function createAuditHead(db: Kysely<DB>, districtId: string): Promise<void> {
  await db.insertInto('audit_heads').values({ district_id: districtId, seq: 0, hash: GENESIS_HASH }).onConflict((oc) => oc.column('district_id').doNothing()).execute();
}

/**
 * Append one entry. Call inside the transaction of the write it records. The first statement
 * updates the district's head row: on PostgreSQL that row lock makes concurrent appends of one
 * district wait for each other (other districts are not blocked); on SQLite it takes the write
 * lock at once, so a transaction never has to upgrade a read lock it shares with another.
 */
export async function appendAudit(db: Kysely<DB>, input: AuditInput): Promise<AuditEntry> {
  let head = await db
    .updateTable('audit_heads')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('district_id', '=', input.districtId)
    .returning(['seq', 'hash'])
    .executeTakeFirst();
  if (head === undefined) {
    await createAuditHead(db, input.districtId);
    head = await db
      .updateTable('audit_heads')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('district_id', '=', input.districtId)
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
  }
  const entry = {
    district_id: input.districtId,
    seq: Number(head.seq),
    at: input.at,
    actor: input.actor,
    action: input.action,
    entity: input.entity,
    entity_id: input.entityId,
    details: canonicalJson(input.details ?? {}),
    prev_hash: head.hash,
  };
  const full: AuditEntry = { ...entry, hash: entryHashOfCanonical(entry) };
  await db.insertInto('audit_log').values(full).execute();
  await db.updateTable('audit_heads').set({ hash: full.hash }).where('district_id', '=', input.districtId).execute();
  return full;
}

export interface ChainBreak {
  districtId: string;
  seq: number;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  districts: number;
  entries: number;
  firstBroken: ChainBreak | undefined;
}

/** Walk every district's chain in seq order; report the first entry that does not fit. */
export async function verifyAuditLog(db: Kysely<DB>, opts: { districtId?: string | undefined; pageSize?: number } = {}): Promise<VerifyResult> {
  const pageSize = opts.pageSize ?? 5000;
  let heads = db.selectFrom('audit_heads').selectAll().orderBy('district_id');
  if (opts.districtId !== undefined) heads = heads.where('district_id', '=', opts.districtId);
  const headRows = await heads.execute();
  // A district with entries but no head row is a break too.
  const orphan = await db
    .selectFrom('audit_log')
    .select('district_id')
    .distinct()
    .where('district_id', 'not in', db.selectFrom('audit_heads').select('district_id'))
    .executeTakeFirst();
  let entries = 0;
  if (orphan !== undefined && (opts.districtId === undefined || orphan.district_id === opts.districtId)) {
    return { ok: false, districts: headRows.length, entries, firstBroken: { districtId: orphan.district_id, seq: 1, reason: 'entries without a chain head' } };
  }
  for (const head of headRows) {
    let prev = GENESIS_HASH;
    let expected = 1;
    for (;;) {
      const page = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('district_id', '=', head.district_id)
        .where('seq', '>=', expected)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      for (const e of page) {
        const brk = (reason: string): VerifyResult => ({ ok: false, districts: headRows.length, entries, firstBroken: { districtId: head.district_id, seq: expected, reason } });
        if (Number(e.seq) !== expected) return brk(`entry ${expected} is missing (next is ${String(e.seq)})`);
        if (e.prev_hash !== prev) return brk('prev_hash does not match the hash of the entry before');
        let h: string;
        try {
          h = entryHash(e);
        } catch {
          return brk('details are not valid JSON');
        }
        if (h !== e.hash) return brk('hash does not match the entry (it was changed after it was written)');
        prev = e.hash;
        expected += 1;
        entries += 1;
      }
      if (page.length < pageSize) break;
    }
    if (Number(head.seq) !== expected - 1 || head.hash !== prev) {
      return { ok: false, districts: headRows.length, entries, firstBroken: { districtId: head.district_id, seq: expected, reason: `the chain ends at ${expected - 1} but its head says ${String(head.seq)}: entries were removed` } };
    }
  }
  return { ok: true, districts: headRows.length, entries, firstBroken: undefined };
}

export async function listAudit(db: Kysely<DB>, districtId: string, opts: { entity?: string; entityId?: string; afterSeq?: number; limit?: number } = {}): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().where('district_id', '=', districtId);
  if (opts.entity !== undefined) q = q.where('entity', '=', opts.entity);
  if (opts.entityId !== undefined) q = q.where('entity_id', '=', opts.entityId);
  if (opts.afterSeq !== undefined) q = q.where('seq', '>', opts.afterSeq);
  return q.orderBy('seq').limit(opts.limit ?? 100).execute();
}

/**
 * Append several entries of one district at once (group commit): one head update reserves
 * the seq range, hashes are chained in order, one multi-row insert. Same transaction rules as appendAudit.
 */
export async function appendAuditBatch(db: Kysely<DB>, districtId: string, inputs: ReadonlyArray<Omit<AuditInput, 'districtId'>>): Promise<AuditEntry[]> {
  if (inputs.length === 0) return [];
  const reserve = () =>
    db
      .updateTable('audit_heads')
      .set((eb) => ({ seq: eb('seq', '+', inputs.length) }))
      .where('district_id', '=', districtId)
      .returning(['seq', 'hash'])
      .executeTakeFirst();
  let head = await reserve();
  if (head === undefined) {
    await createAuditHead(db, districtId);
    head = await reserve();
  }
  const entries = chainEntries(districtId, { seq: Number(head!.seq) - inputs.length, hash: head!.hash }, inputs);
  await insertMany(db, 'audit_log', entries, 200);
  await db.updateTable('audit_heads').set({ hash: entries[entries.length - 1]!.hash }).where('district_id', '=', districtId).execute();
  return entries;
}

/** A chain's head: the last entry's seq and hash (0 and GENESIS_HASH before the first). */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** The entries that follow `after` in a district's chain, hashed in order (nothing is written). */
export function chainEntries(districtId: string, after: AuditHead, inputs: ReadonlyArray<Omit<AuditInput, 'districtId'>>): AuditEntry[] {
  let seq = after.seq;
  let prev = after.hash;
  return inputs.map((input) => {
    seq += 1;
    const e = { district_id: districtId, seq, at: input.at, actor: input.actor, action: input.action, entity: input.entity, entity_id: input.entityId, details: canonicalJson(input.details ?? {}), prev_hash: prev };
    const full: AuditEntry = { ...e, hash: entryHashOfCanonical(e) };
    prev = full.hash;
    return full;
  });
}
