// A fast path for validating a context's long lists (people, consents, authorizations, disclosures): a context file of
// 40,000 students took zod ~110 ms of CPU, paid again by every `check --jsonl` and audit worker. It gives exactly the
// object zod's Context would (the same keys in the schema's order, unknown keys dropped), or undefined as soon as
// anything is unusual or invalid, and then parseContext runs zod over the whole context as before, so every error still
// names its field the same way. An entry of a shape it does not know (a person's duty hours, an unknown key ...) goes
// through zod's own schema for that entry, which is what zod would give for it inside the context. The district (one
// small object) always goes through zod. Run it on dropNulls' output. fast-context.test.ts compares it with zod.
// A change to these schemas in src/contracts/check.ts must be made here too.
import { Authorization, Consent, type Context, Disclosure, District, Person } from '../contracts/check.js';
import { isObj, isStr, onlyKeys, strings, type Obj } from './fast-json.js';

const CONTEXT_KEYS = new Set(['district', 'people', 'consents', 'authorizations', 'disclosures']);
const PERSON_KEYS = new Set(['id', 'kind', 'name', 'aliases', 'email', 'title', 'studentNumber', 'grade', 'building', 'guardianOf']);
const PERSON_KIND = new Set(['employee', 'student', 'guardian', 'other']);
const CONSENT_KEYS = new Set(['id', 'type', 'subject', 'grantee', 'written', 'grantedBy', 'network', 'scope', 'validFrom', 'validUntil', 'revokedAt']);
const CONSENT_TYPE = new Set(['student-image', 'coworker-image', 'social-network-participation']);
const CONSENT_SCOPE = new Set(['district-accounts', 'personal-accounts', 'print', 'internal']);
const AUTHORIZATION_KEYS = new Set(['id', 'type', 'employee', 'network', 'activity', 'grantedBy', 'validFrom', 'validUntil', 'revokedAt']);
const AUTHORIZATION_TYPE = new Set(['spokesperson', 'instructional-use']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A required non-empty string, copied. */
function required(from: Obj, to: Obj, k: string): boolean {
  const v = from[k];
  if (!isStr(v) || v.length === 0) return false;
  to[k] = v;
  return true;
}

function oneOf(from: Obj, to: Obj, k: string, allowed: ReadonlySet<string>, isRequired = false): boolean {
  const v = from[k];
  if (v === undefined) return !isRequired;
  if (!isStr(v) || !allowed.has(v)) return false;
  to[k] = v;
  return true;
}

/** An optional array of strings (each one in `allowed` when given), copied. */
function stringArray(from: Obj, to: Obj, k: string, allowed?: ReadonlySet<string>): boolean {
  const v = from[k];
  if (v === undefined) return true;
  if (!Array.isArray(v)) return false;
  for (const x of v as unknown[]) if (!isStr(x) || (allowed !== undefined && !allowed.has(x))) return false;
  to[k] = [...(v as string[])];
  return true;
}

/** An optional date as YYYY-MM-DD, copied. */
function date(from: Obj, to: Obj, k: string): boolean {
  const v = from[k];
  if (v === undefined) return true;
  if (!isStr(v) || !ISO_DATE.test(v)) return false;
  to[k] = v;
  return true;
}

function person(v: Obj): Obj | undefined {
  const out: Obj = {};
  if (!required(v, out, 'id') || !oneOf(v, out, 'kind', PERSON_KIND, true) || !required(v, out, 'name')) return undefined;
  if (!stringArray(v, out, 'aliases') || !strings(v, out, ['email', 'title', 'studentNumber'])) return undefined;
  const g = v.grade;
  if (g !== undefined) {
    if (typeof g !== 'string' && (typeof g !== 'number' || !Number.isFinite(g))) return undefined;
    out.grade = g;
  }
  if (!strings(v, out, ['building']) || !stringArray(v, out, 'guardianOf')) return undefined;
  return out;
}

function consent(v: Obj): Obj | undefined {
  const out: Obj = {};
  if (!strings(v, out, ['id']) || !oneOf(v, out, 'type', CONSENT_TYPE, true) || !required(v, out, 'subject') || !strings(v, out, ['grantee'])) return undefined;
  if (v.written !== undefined) {
    if (typeof v.written !== 'boolean') return undefined;
    out.written = v.written;
  }
  if (!strings(v, out, ['grantedBy', 'network']) || !stringArray(v, out, 'scope', CONSENT_SCOPE)) return undefined;
  if (!date(v, out, 'validFrom') || !date(v, out, 'validUntil') || !strings(v, out, ['revokedAt'])) return undefined;
  return out;
}

function authorization(v: Obj): Obj | undefined {
  const out: Obj = {};
  if (!strings(v, out, ['id']) || !oneOf(v, out, 'type', AUTHORIZATION_TYPE, true) || !required(v, out, 'employee')) return undefined;
  if (!strings(v, out, ['network', 'activity', 'grantedBy']) || !date(v, out, 'validFrom') || !date(v, out, 'validUntil') || !strings(v, out, ['revokedAt'])) return undefined;
  return out;
}

interface Schema {
  safeParse(v: unknown): { success: true; data: unknown } | { success: false };
}

/** Each entry by hand when it has only the keys known here, else by zod's schema for an entry; undefined at the first invalid one. */
function list(v: unknown, keys: ReadonlySet<string> | undefined, fast: ((o: Obj) => Obj | undefined) | undefined, schema: Schema): unknown[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: unknown[] = new Array<unknown>(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (!isObj(x)) return undefined;
    let o = keys !== undefined && fast !== undefined && onlyKeys(x, keys) ? fast(x) : undefined;
    if (o === undefined) {
      const r = schema.safeParse(x);
      if (!r.success) return undefined;
      o = r.data as Obj;
    }
    out[i] = o;
  }
  return out;
}

/** The context as zod's Context would give it, or undefined when only zod can tell (an error, or a doubt). */
export function fastContext(raw: unknown): Context | undefined {
  if (!isObj(raw) || !onlyKeys(raw, CONTEXT_KEYS)) return undefined;
  const out: Obj = {};
  if (raw.district !== undefined) {
    const d = District.safeParse(raw.district);
    if (!d.success) return undefined;
    out.district = d.data;
  }
  const lists: Array<[string, ReadonlySet<string> | undefined, ((o: Obj) => Obj | undefined) | undefined, Schema]> = [
    ['people', PERSON_KEYS, person, Person],
    ['consents', CONSENT_KEYS, consent, Consent],
    ['authorizations', AUTHORIZATION_KEYS, authorization, Authorization],
    ['disclosures', undefined, undefined, Disclosure],
  ];
  for (const [k, keys, fast, schema] of lists) {
    if (raw[k] === undefined) continue;
    const l = list(raw[k], keys, fast, schema);
    if (l === undefined) return undefined;
    out[k] = l;
  }
  return out as Context;
}
