// Check history: every stored decision with what it needs to be replayed (request, hash, versions).
import { CompiledQuery, type Kysely } from 'kysely';
import type { AuditEntry, CheckRecord, ChecksTable, DB } from '../schema.js';
import type { AuditHead } from './audit-log.js';
import { pipelinedConnectionFor } from '../create-db.js';
import { insertMany } from '../insert-many.js';
import { keyset, type PageRequest } from '../page.js';
import { created, type Stamp } from './versioned.js';

export type CheckFields = Omit<ChecksTable, 'id' | 'district_id' | 'created_at' | 'created_by' | 'updated_at' | 'updated_by' | 'version'>;

export async function insertCheck(db: Kysely<DB>, districtId: string, id: string, c: CheckFields, s: Stamp): Promise<CheckRecord> {
  const row: CheckRecord = { ...created(districtId, id, s), ...c };
  await db.insertInto('checks').values(row).execute();
  return row;
}

export function getCheck(db: Kysely<DB>, districtId: string, id: string): Promise<CheckRecord | undefined> {
  return db.selectFrom('checks').selectAll().where('district_id', '=', districtId).where('id', '=', id).executeTakeFirst();
}

export function listChecks(db: Kysely<DB>, districtId: string, f: { authorId?: string | undefined; verdict?: string | undefined; page?: PageRequest | undefined; newestFirst?: boolean | undefined } = {}): Promise<CheckRecord[]> {
  let q = db.selectFrom('checks').selectAll().where('district_id', '=', districtId);
  if (f.authorId !== undefined) q = q.where('author_id', '=', f.authorId);
  if (f.verdict !== undefined) q = q.where('verdict', '=', f.verdict);
  return keyset(q, f.page, { desc: f.newestFirst === true }).execute();
}

export async function countChecks(db: Kysely<DB>, districtId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.selectFrom('checks').select((eb) => eb.fn.countAll<number>().as('n')).where('district_id', '=', districtId).where('id', 'in', ids).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertChecksBatch(db: Kysely<DB>, rows: CheckRecord[]): Promise<void> {
  await insertMany(db, 'checks', rows, 100);
}

const CHECK_COLUMNS = ['id', 'district_id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version', 'author_id', 'request', 'request_sha256', 'verdict', 'findings', 'response', 'policy_id', 'policy_version', 'engine_version', 'decided_at'] as const satisfies ReadonlyArray<keyof CheckRecord>;
const AUDIT_COLUMNS = ['seq', 'at', 'actor', 'action', 'entity', 'entity_id', 'details', 'prev_hash', 'hash'] as const satisfies ReadonlyArray<keyof AuditEntry>;
const pgType = (c: string): string => (c === 'version' || c === 'seq' ? 'int' : 'text');
// Parameters: $1 district, $2/$3 the head expected, $4/$5 the new head, $6 the check rows and $7 the audit entries as
// JSON arrays of objects (JSON.stringify is a few times cheaper than pg's escaping of one text[] per column).
const PG_COMMIT_SQL = (() => {
  const recordset = (param: string, cols: readonly string[]) => `json_to_recordset(${param}::json) as x(${cols.map((c) => `${c} ${pgType(c)}`).join(', ')})`;
  return (
    `with h as (update audit_heads set seq = $4, hash = $5 where district_id = $1 and seq = $2 and hash = $3 returning 1), ` +
    `c as (insert into checks (${CHECK_COLUMNS.join(', ')}) select ${CHECK_COLUMNS.join(', ')} from ${recordset('$6', CHECK_COLUMNS)} where exists (select 1 from h)), ` +
    `a as (insert into audit_log (district_id, ${AUDIT_COLUMNS.join(', ')}) select $1, ${AUDIT_COLUMNS.join(', ')} from ${recordset('$7', AUDIT_COLUMNS)} where exists (select 1 from h)) ` +
    `select count(*)::int as n from h`
  );
})();

/**
 * PostgreSQL only: the check rows and their audit entries (one district's, chained after `expected`) in ONE statement,
 * its own transaction: the chain head moves from `expected` to the last entry only if it still is `expected`, and the
 * rows are inserted only if it moved. One round trip instead of BEGIN, two inserts, two head updates and COMMIT.
 * false (nothing written) when the head is no longer `expected` (another writer appended): the caller then takes the
 * locking path (appendAuditBatch in a transaction). A concurrent append holds the head row until it commits; this
 * statement waits for it and then sees the new head, so two writers can never chain after the same entry.
 */
/** The columns of a row by name (JSON.stringify of the row objects themselves would also carry any other property). */
const pick =
  <K extends string>(cols: readonly K[]) =>
  (row: { [k in K]: unknown }): Record<K, unknown> => {
    const out = {} as Record<K, unknown>;
    for (const c of cols) out[c] = row[c];
    return out;
  };

export async function insertChecksWithAuditIfHead(db: Kysely<DB>, districtId: string, expected: AuditHead, checks: readonly CheckRecord[], entries: readonly AuditEntry[]): Promise<boolean> {
  const last = entries[entries.length - 1];
  if (last === undefined) throw new Error('insertChecksWithAuditIfHead: no audit entries');
  const parameters: unknown[] = [districtId, expected.seq, expected.hash, last.seq, last.hash, JSON.stringify(checks.map(pick(CHECK_COLUMNS))), JSON.stringify(entries.map(pick(AUDIT_COLUMNS)))];
  // On the store's pipelined connection (in the order sent; a named statement, parsed once per connection) when it has one.
  const pipe = pipelinedConnectionFor(db);
  const rows = pipe !== undefined ? await pipe.query<{ n: number }>({ name: 'clearpost_check_commit', text: PG_COMMIT_SQL, values: parameters }) : (await db.executeQuery<{ n: number }>(CompiledQuery.raw(PG_COMMIT_SQL, parameters))).rows;
  return rows[0]?.n === 1;
}
