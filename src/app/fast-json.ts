// Small checks shared by the hand-written fast paths that validate parsed JSON (fast-check-request.ts, fast-context.ts):
// each answers false at the first doubt, and the caller then leaves the value to zod.

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isStr = (v: unknown): v is string => typeof v === 'string';

/** Does every own key of o belong to the set? (A JSON object has no inherited enumerable keys.) */
export function onlyKeys(o: Obj, keys: ReadonlySet<string>): boolean {
  for (const k in o) if (!keys.has(k)) return false;
  return true;
}

/** Copies the optional string fields named, in that order; false when one is not a string. */
export function strings(from: Obj, to: Obj, names: readonly string[]): boolean {
  for (const k of names) {
    const v = from[k];
    if (v === undefined) continue;
    if (!isStr(v)) return false;
    to[k] = v;
  }
  return true;
}
