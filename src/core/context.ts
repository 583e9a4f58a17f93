// A check's context compiled once (people by id, indexes for rules), cached by the context object's identity.
import type { Context, District, Person } from '../contracts/check.js';

export class CompiledContext {
  readonly raw: Context;
  readonly district: District | undefined;
  readonly people: ReadonlyMap<string, Person>;
  private readonly memo = new Map<string, unknown>();

  constructor(raw: Context) {
    this.raw = raw;
    this.district = raw.district;
    const people = new Map<string, Person>();
    for (const p of raw.people ?? []) people.set(p.id, p);
    this.people = people;
  }

  /** True when the context says something about `what` (so a rule can tell "none on file" from "not given"). */
  has(what: 'district' | 'people' | 'consents' | 'authorizations' | 'disclosures'): boolean {
    return this.raw[what] !== undefined;
  }

  person(id: string | undefined): Person | undefined {
    return id === undefined ? undefined : this.people.get(id);
  }

  /**
   * Build-once cache for indexes derived from this context (roster name index, consents by
   * subject ...). Keys are analyzer names; the build runs once per context, not per check.
   */
  index<T>(key: string, build: (ctx: CompiledContext) => T): T {
    let v = this.memo.get(key) as T | undefined;
    if (v === undefined) {
      v = build(this);
      this.memo.set(key, v);
    }
    return v;
  }
}

const cache = new WeakMap<object, CompiledContext>();
const EMPTY: Context = {};

export function compileContext(ctx: Context | undefined): CompiledContext {
  const key = ctx ?? EMPTY;
  let c = cache.get(key);
  if (c === undefined) {
    c = new CompiledContext(key);
    cache.set(key, c);
  }
  return c;
}
