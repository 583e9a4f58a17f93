// Idempotency keys: claim a key for a request, keep its answer, find it again for a retry; expired keys are purged.
import type { Kysely } from 'kysely';
import type { DB, IdempotencyKeysTable } from '../schema.js';

export type IdempotencyRow = IdempotencyKeysTable;

export interface KeyRef {
  districtId: string;
  actor: string;
  key: string;
}

/**
 * Claim the key for this request (a row without an answer yet). Returns undefined when claimed, or the
 * row already there. A row whose key expired, or whose first request never finished (staleBefore), is
 * taken over.
 */
export async function claimIdempotencyKey(
  db: Kysely<DB>,
  ref: KeyRef,
  req: { route: string; requestSha256: string; now: string; expiresAt: string; staleBefore: string },
): Promise<IdempotencyRow | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const r = await db
      .insertInto('idempotency_keys')
      .values({ district_id: ref.districtId, actor: ref.actor, key: ref.key, route: req.route, request_sha256: req.requestSha256, status: null, response: null, content_type: null, created_at: req.now, expires_at: req.expiresAt })
      .onConflict((oc) => oc.columns(['district_id', 'actor', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 1) return undefined;
    const row = await getIdempotencyKey(db, ref);
    if (row === undefined) continue; // purged in between: try again
    const expired = row.expires_at <= req.now;
    const stale = row.status === null && row.created_at < req.staleBefore;
    if (!expired && !stale) return row;
    await db
      .deleteFrom('idempotency_keys')
      .where('district_id', '=', ref.districtId)
      .where('actor', '=', ref.actor)
      .where('key', '=', ref.key)
      .where('created_at', '=', row.created_at)
      .execute();
  }
  return getIdempotencyKey(db, ref);
}

export function getIdempotencyKey(db: Kysely<DB>, ref: KeyRef): Promise<IdempotencyRow | undefined> {
  return db.selectFrom('idempotency_keys').selectAll().where('district_id', '=', ref.districtId).where('actor', '=', ref.actor).where('key', '=', ref.key).executeTakeFirst();
}

/** Keep the answer of the request that claimed the key. */
export async function completeIdempotencyKey(db: Kysely<DB>, ref: KeyRef, answer: { status: number; response: string; contentType: string }): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status: answer.status, response: answer.response, content_type: answer.contentType })
    .where('district_id', '=', ref.districtId)
    .where('actor', '=', ref.actor)
    .where('key', '=', ref.key)
    .where('status', 'is', null)
    .execute();
}

/** Give the key back (the request failed: a retry, even with another body, runs afresh). */
export async function releaseIdempotencyKey(db: Kysely<DB>, ref: KeyRef): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('district_id', '=', ref.districtId).where('actor', '=', ref.actor).where('key', '=', ref.key).where('status', 'is', null).execute();
}

export async function purgeExpiredIdempotencyKeys(db: Kysely<DB>, now: string): Promise<number> {
  const r = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
