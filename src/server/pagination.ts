// Opaque cursor pagination for every list route: `?limit=1..200` (default 50) and `?cursor=`; answers `{ items, nextCursor }`.
//
// Usage in a route file:
//   import { listQuery, Paginated, pageRequest, pageResponse } from '../pagination.js';
//   r.get('/api/v1/things', { schema: { querystring: listQuery({ status: z.enum(['open', 'closed']).optional() }),
//     response: { 200: Paginated(ThingOut) } } }, async (req) => {
//     const page = pageRequest(req.query, 'things');                      // 400 naming `cursor` if it is not ours
//     const rows = await listThingsFor(deps, actor, { status: req.query.status, page });   // repo: keyset(q, page)
//     return pageResponse(rows, page, 'things', (t) => ({ key: t.created_at, id: t.id }), thingOut);
//   });
// A cursor is base64url JSON of the list's name, the last row's sort key (a string; a number with
// pageRequest(q, list, 'number'), e.g. the audit log's seq) and id; it is only valid for
// the list (and order) that made it. nextCursor is null on the last page. Filters stay in the query string:
// the client sends the same filters with the cursor. The SQL side is src/store/page.ts (keyset()).
import { z } from 'zod';
import { ClearpostError } from '../core/errors.js';
import { pageOf, type PageRequest, type SortKey } from '../store/page.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** limit and cursor, the query parameters every list takes. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT).describe(`rows per page, 1..${MAX_LIMIT}`),
  cursor: z.string().max(1000).optional().describe('nextCursor of the previous page'),
});

/** A list's query schema: its filters plus limit and cursor. */
export function listQuery<S extends z.ZodRawShape>(filters: S) {
  return PageQuery.extend(filters);
}

/** Shared filter pieces for query strings. */
export const QueryDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
export const QueryBool = z.enum(['true', 'false']);

/** The response of a list: a page of items and the cursor of the next page (null on the last). */
export function Paginated<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

interface CursorBody {
  l: string;
  k: SortKey;
  i: string;
}

export function encodeCursor(list: string, after: { key: SortKey; id: string }): string {
  const body: CursorBody = { l: list, k: after.key, i: after.id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export function decodeCursor(list: string, cursor: string, keyType: 'string' | 'number' = 'string'): { key: SortKey; id: string } {
  const bad = () => new ClearpostError('invalid-request', 'cursor: not a cursor of this list (pass nextCursor from the previous page unchanged)', 'cursor');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const b = body as Partial<CursorBody> | null;
  if (b === null || typeof b !== 'object' || b.l !== list || typeof b.k !== keyType || typeof b.i !== 'string' || b.i.length > 100) throw bad();
  const key = b.k;
  if (typeof key === 'number') {
    if (!Number.isSafeInteger(key)) throw bad();
    return { key, id: b.i };
  }
  if (typeof key !== 'string' || key.length > 500) throw bad();
  return { key, id: b.i };
}

/** The page a list query asks for; a cursor of another list or a forged one is a 400 naming `cursor`. */
export function pageRequest(q: { limit?: number | undefined; cursor?: string | undefined }, list: string, keyType: 'string' | 'number' = 'string'): PageRequest {
  const limit = q.limit ?? DEFAULT_LIMIT;
  return q.cursor === undefined || q.cursor === '' ? { limit } : { limit, after: decodeCursor(list, q.cursor, keyType) };
}

/** Trim the rows a keyset query fetched (limit + 1) to the page and make the next cursor. */
export function pageResponse<T, U>(rows: readonly T[], page: PageRequest, list: string, keyOf: (row: T) => { key: SortKey; id: string }, map: (row: T) => U): { items: U[]; nextCursor: string | null } {
  const p = pageOf(rows, page, keyOf);
  return { items: p.items.map(map), nextCursor: p.next === undefined ? null : encodeCursor(list, p.next) };
}
