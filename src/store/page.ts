// Keyset pagination for list queries: a stable order on (sort key, id) and "continue after the last row seen".
//
// Usage in a repository (the server turns pages into opaque cursors: src/server/pagination.ts):
//   export function listThings(db, districtId, f: { page?: PageRequest } = {}) {
//     let q = db.selectFrom('things').selectAll().where('district_id', '=', districtId);
//     return keyset(q, f.page, { sortBy: 'created_at' }).execute();   // no page: whole list in (created_at, id) order
//   }
// With a page it adds `where (created_at, id) > (key, id)` (row-value comparison: SQLite ≥ 3.15 and
// PostgreSQL), `order by created_at, id` and `limit page.limit + 1`: the extra row tells the caller
// there is a next page (pageOf trims it). Sort keys must not be null; the id breaks ties so no row is
// skipped or repeated when many share a key. `desc: true` walks newest first.
import { sql, type SelectQueryBuilder } from 'kysely';

export type SortKey = string | number;

export interface PageRequest {
  /** The last row of the previous page (its sort key and id); undefined for the first page. */
  after?: { key: SortKey; id: string } | undefined;
  /** Rows per page (the query fetches one more to know whether a next page exists). */
  limit: number;
}

export interface KeysetOrder {
  /** Column of the sort key (default created_at); with idColumn it must identify a row. */
  sortBy?: string | undefined;
  /** Tie-breaker column (default id). Use the same column as sortBy when the key is unique (audit seq). */
  idColumn?: string | undefined;
  desc?: boolean | undefined;
}

/** Order a query by (sortBy, id) and, with a page, continue after its `after` row and fetch limit + 1 rows. */
export function keyset<DB, TB extends keyof DB, O>(q: SelectQueryBuilder<DB, TB, O>, page: PageRequest | undefined, order: KeysetOrder = {}): SelectQueryBuilder<DB, TB, O> {
  const sortBy = order.sortBy ?? 'created_at';
  const idColumn = order.idColumn ?? 'id';
  const dir = order.desc === true ? sql`desc` : sql`asc`;
  const single = sortBy === idColumn;
  if (page?.after !== undefined) {
    const cmp = order.desc === true ? sql`<` : sql`>`;
    q = single
      ? q.where(sql<boolean>`${sql.ref(sortBy)} ${cmp} ${page.after.key}`)
      : q.where(sql<boolean>`(${sql.ref(sortBy)}, ${sql.ref(idColumn)}) ${cmp} (${page.after.key}, ${page.after.id})`);
  }
  q = q.orderBy(sql`${sql.ref(sortBy)} ${dir}`);
  if (!single) q = q.orderBy(sql`${sql.ref(idColumn)} ${dir}`);
  if (page !== undefined) q = q.limit(page.limit + 1);
  return q;
}

export interface Page<T> {
  items: T[];
  /** The last row returned, when more rows follow. */
  next: { key: SortKey; id: string } | undefined;
}

/** Trim the extra row keyset() fetched and say where the next page starts. */
export function pageOf<T>(rows: readonly T[], page: PageRequest, keyOf: (row: T) => { key: SortKey; id: string }): Page<T> {
  if (rows.length <= page.limit) return { items: [...rows], next: undefined };
  const items = rows.slice(0, page.limit);
  return { items, next: keyOf(items[items.length - 1]!) };
}
