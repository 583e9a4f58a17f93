// The context fast path gives exactly what zod gives (same value, same key order) whenever it answers, and leaves every
// invalid context to zod (so errors name their field as before).
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateContext } from '../../bench/generate.js';
import { Context } from '../contracts/check.js';
import { fastContext } from './fast-context.js';
import { dropNulls, parseContext } from './parse-check-request.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const jsonl = (file: string): Array<Record<string, unknown>> =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** One raw context both ways: when zod accepts it, the fast path gives zod's very object or leaves it to zod; when zod rejects it, so does the fast path. */
function same(raw: unknown): 'fast' | 'zod' | 'invalid' {
  const v = dropNulls(structuredClone(raw));
  const fast = fastContext(structuredClone(v));
  const zod = Context.safeParse(structuredClone(v));
  if (!zod.success) {
    expect(fast, JSON.stringify(raw).slice(0, 300)).toBeUndefined();
    return 'invalid';
  }
  if (fast === undefined) return 'zod';
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
  expect(isDeepStrictEqual(fast, zod.data)).toBe(true);
  return 'fast';
}

const corpusDir = path.join(ROOT, 'test/corpus');
const corpusContexts = fs
  .readdirSync(corpusDir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => jsonl(path.join(corpusDir, f)))
  .map((c) => (c.request as { context?: unknown }).context)
  .filter((c) => c !== undefined);
const examples = jsonl(path.resolve(ROOT, '../shared/examples/cases.jsonl'))
  .map((c) => (c.request as { context?: unknown }).context)
  .filter((c) => c !== undefined);
const fileContext = JSON.parse(fs.readFileSync(path.join(corpusDir, 'context.json'), 'utf8')) as Record<string, unknown>;

/** A small deterministic generator (the same alterations on every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ODD_VALUES: unknown[] = [null, '', 'x', 'student', 'employee', 'print', 'spokesperson', 'student-image', '2026-13-45', '2026-09-01', '2026-09-01T00:00:00Z', 0, 7, -1.5, true, false, [], ['x'], ['print', 'internal'], ['nope'], [1], {}, { days: ['mon'], start: '07:30', end: '16:00' }, { days: ['mon'], start: '7:30', end: '16:00' }];

/** The context with one field of one entry of one list changed, removed or added (unknown keys too). */
function alter(ctx: Record<string, unknown>, r: () => number): Record<string, unknown> {
  const c = structuredClone(ctx);
  const lists = ['people', 'consents', 'authorizations', 'disclosures'].filter((k) => Array.isArray(c[k]) && (c[k] as unknown[]).length > 0);
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  if (lists.length === 0 || r() < 0.05) {
    c[pick(['people', 'consents', 'authorizations', 'disclosures', 'extra'])] = pick(ODD_VALUES);
    return c;
  }
  const list = c[pick(lists)] as unknown[];
  const i = Math.floor(r() * list.length);
  const e = list[i];
  if (typeof e !== 'object' || e === null || r() < 0.03) {
    list[i] = pick(ODD_VALUES);
    return c;
  }
  const o = e as Record<string, unknown>;
  const keys = [...Object.keys(o), 'id', 'kind', 'name', 'aliases', 'email', 'grade', 'dutyHours', 'guardianOf', 'type', 'subject', 'scope', 'written', 'validFrom', 'validUntil', 'revokedAt', 'employee', 'groups', 'schoolYear', 'unknownKey'];
  const k = pick(keys);
  if (r() < 0.3) delete o[k];
  else o[k] = pick(ODD_VALUES);
  return c;
}

describe('fastContext', () => {
  it('gives zod’s object for the bench context, the corpus context file and every context in the corpus and the shared examples', () => {
    const bench = generateContext(2000, 300);
    expect(same(bench)).toBe('fast');
    expect(same(fileContext)).toBe('fast');
    const kinds = [...corpusContexts, ...examples].map(same);
    expect(kinds.length).toBeGreaterThan(50);
    expect(kinds).not.toContain('invalid');
    // Nearly all go the fast way (those with a district only use zod for it, which is still 'fast' here).
    expect(kinds.filter((k) => k === 'fast').length).toBeGreaterThan(kinds.length * 0.9);
  });

  it('matches zod, or leaves the context to zod, on thousands of altered contexts (wrong types, bad enums and dates, unknown and missing keys, nulls)', () => {
    const r = rng(471);
    const bases = [fileContext, generateContext(30, 10) as unknown as Record<string, unknown>, ...(corpusContexts as Array<Record<string, unknown>>).slice(0, 40)];
    const seen = { fast: 0, zod: 0, invalid: 0 };
    for (let n = 0; n < 4000; n++) {
      let c = bases[n % bases.length]!;
      const times = 1 + Math.floor(r() * 3);
      for (let t = 0; t < times; t++) c = alter(c, r);
      seen[same(c)]++;
    }
    // Every way must have been exercised for the comparison to mean something.
    expect(seen.fast).toBeGreaterThan(500);
    expect(seen.zod).toBeGreaterThan(50);
    expect(seen.invalid).toBeGreaterThan(500);
  });

  it('parseContext still names the bad field the way zod does', () => {
    const c = structuredClone(fileContext) as { people: Array<Record<string, unknown>> };
    c.people[3]!.kind = 'teacher';
    expect(() => parseContext(c)).toThrow(/context\.people\.3\.kind/);
    const d = structuredClone(fileContext) as { consents: Array<Record<string, unknown>> };
    d.consents[0]!.validUntil = 'next year';
    expect(() => parseContext(d)).toThrow(/context\.consents\.0\.validUntil/);
  });
});
