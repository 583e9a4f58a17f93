// Turns untrusted JSON into a valid check request, or a ClearpostError naming the first bad field.
import type { z } from 'zod';
import { CheckRequest, Context } from '../contracts/check.js';
import { ClearpostError } from '../core/errors.js';
import { fastCheckRequest } from './fast-check-request.js';
import { fastContext } from './fast-context.js';

export function zodFieldError(err: z.ZodError, prefix = ''): ClearpostError {
  const issue = err.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].filter((s) => s !== '').join('.');
  let msg = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/.test(msg)) msg = 'is required';
  return new ClearpostError('invalid-request', `${field || '(request)'}: ${msg}`, field || undefined);
}

/**
 * JSON from other systems writes "absent" as null ("email": null, "bio": null). Treat a null
 * object property as absent before validation, so every optional field accepts it.
 */
export function dropNulls(v: unknown): unknown {
  // Most requests have no null property: find out without allocating, and copy only when one is there.
  return hasNullProperty(v) ? copyWithoutNulls(v) : v;
}

function hasNullProperty(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasNullProperty(v[i])) return true;
    return false;
  }
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    const x = (v as Record<string, unknown>)[k];
    if (x === null || (typeof x === 'object' && hasNullProperty(x))) return true;
  }
  return false;
}

function copyWithoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyWithoutNulls);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = copyWithoutNulls(x);
  return out;
}

function isCase(v: unknown): v is { request: object } {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || 'post' in v || !('request' in v)) return false;
  const r = (v as { request: unknown }).request;
  return typeof r === 'object' && r !== null && !Array.isArray(r) && 'post' in r;
}

export function parseCheckRequest(raw: unknown): CheckRequest {
  // The usual shape is validated by hand (the same result, ~10x cheaper); anything else, errors included, by zod. The fast
  // path reads every key it allows and takes no null, so when it answers on the raw value there was no null to drop (the
  // walk looking for one cost ~0.4 µs a line); otherwise it tries again without the nulls.
  const fast = fastCheckRequest(raw);
  if (fast !== undefined) return fast;
  const v = dropNulls(raw);
  const again = v === raw ? undefined : fastCheckRequest(v);
  if (again !== undefined) return again;
  // A labelled case, the shape of the shared examples ({ id, note, request: { context, post }, expect }): its request.
  if (isCase(v)) {
    try {
      return parseCheckRequest(v.request);
    } catch (err) {
      if (!(err instanceof ClearpostError) || err.field === undefined) throw err;
      const at = err.message.startsWith(err.field + ':') ? err.message.slice(err.field.length) : ': ' + err.message;
      throw new ClearpostError(err.code, `request.${err.field}${at}`, `request.${err.field}`);
    }
  }
  const r = CheckRequest.safeParse(v);
  if (!r.success) throw zodFieldError(r.error);
  return r.data;
}

export function parseContext(raw: unknown): Context {
  const v = dropNulls(raw);
  // The long lists (40,000 students) are validated by hand (the same result, ~5x cheaper); errors and doubts by zod.
  const fast = fastContext(v);
  if (fast !== undefined) return fast;
  const r = Context.safeParse(v);
  if (!r.success) throw zodFieldError(r.error, 'context');
  return r.data;
}

/** JSON.parse with a ClearpostError (naming line/position) instead of a SyntaxError. */
export function parseJson(text: string, what = 'input'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ClearpostError('invalid-json', `${what} is not valid JSON: ${(err as Error).message}`);
  }
}
