// Multi-row inserts on a hot path (the check history's group commit) without Kysely building and compiling the same
// statement again for every batch: the SQL of (table, columns, row count) is compiled by Kysely once per dialect and
// kept; later batches only lay out their parameters. A shape it cannot lay out exactly is left to Kysely every time.
import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { DB } from './schema.js';

interface Shape {
  sql: string;
}

/** Per dialect adapter (shared by a Kysely instance and its transactions): shape key → SQL, or null (use Kysely). */
const shapes = new WeakMap<object, Map<string, Shape | null>>();

function parametersOf(rows: ReadonlyArray<Record<string, unknown>>, columns: readonly string[]): unknown[] | undefined {
  const out: unknown[] = [];
  for (const row of rows) {
    const keys = Object.keys(row);
    if (keys.length !== columns.length) return undefined;
    for (let i = 0; i < columns.length; i++) {
      if (keys[i] !== columns[i]) return undefined;
      const v = row[columns[i]!];
      // Kysely leaves an undefined value out and turns objects into other nodes: not a plain parameter.
      if (v === undefined || (v !== null && typeof v === 'object')) return undefined;
      out.push(v);
    }
  }
  return out;
}

/** Insert rows (all with the same columns in the same order, plain values) in chunks of `chunk` rows. */
export async function insertMany<T extends keyof DB & string>(db: Kysely<DB>, table: T, rows: ReadonlyArray<Insertable<DB[T]>>, chunk: number): Promise<void> {
  const adapter = db.getExecutor().adapter;
  let byKey = shapes.get(adapter);
  if (byKey === undefined) {
    byKey = new Map();
    shapes.set(adapter, byKey);
  }
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk) as unknown as Array<Record<string, unknown>>;
    const columns = Object.keys(part[0]!);
    const key = `${table}\u0000${part.length}\u0000${columns.join('\u0000')}`;
    const known = byKey.get(key);
    const parameters = known === null ? undefined : parametersOf(part, columns);
    if (known !== undefined && known !== null && parameters !== undefined) {
      await db.executeQuery(CompiledQuery.raw(known.sql, parameters));
      continue;
    }
    const compiled = db.insertInto(table).values(part as never).compile();
    if (known === undefined) {
      // Keep the SQL only if its parameters are exactly this layout of the rows.
      const same = parameters !== undefined && compiled.parameters.length === parameters.length && compiled.parameters.every((p, k) => p === parameters[k]);
      byKey.set(key, same ? { sql: compiled.sql } : null);
    }
    await db.executeQuery(compiled);
  }
}
