// The hand-written fast path gives exactly what zod gives (same value, same key order) whenever it answers, and leaves
// every invalid or unusual request to zod (so errors name their field as before).
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateContext, generatePosts } from '../../bench/generate.js';
import { CheckRequest } from '../contracts/check.js';
import { fastCheckRequest } from './fast-check-request.js';
import { dropNulls, parseCheckRequest } from './parse-check-request.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const jsonl = (file: string): Array<Record<string, unknown>> =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Checks one raw request both ways; true when the fast path answered. */
function same(raw: unknown): boolean {
  const v = dropNulls(structuredClone(raw));
  const fast = fastCheckRequest(structuredClone(v));
  const zod = CheckRequest.safeParse(structuredClone(v));
  if (fast === undefined) return false;
  expect(zod.success, JSON.stringify(raw).slice(0, 300)).toBe(true);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
  expect(isDeepStrictEqual(fast, zod.data)).toBe(true);
  return true;
}

const corpusDir = path.join(ROOT, 'test/corpus');
const corpusPosts = fs
  .readdirSync(corpusDir)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => jsonl(path.join(corpusDir, f)))
  .map((c) => ({ post: (c.request as { post: unknown }).post }));
const examples = jsonl(path.resolve(ROOT, '../shared/examples/cases.jsonl')).map((c) => c.request);
const generated = generatePosts(3000, generateContext(200, 50)).map((post) => ({ post }));

describe('fastCheckRequest', () => {
  it('equals zod on the corpus posts, the shared examples and generated posts, and answers nearly all of them', () => {
    const all = [...corpusPosts, ...examples, ...generated];
    const answered = all.filter(same).length;
    // Requests with a context (the shared examples) or photo facts go to zod; the plain posts do not.
    expect(answered).toBeGreaterThan(0.9 * (corpusPosts.length + generated.length));
    expect(generated.every((r) => fastCheckRequest(dropNulls(r)) !== undefined)).toBe(true);
  });

  it('leaves every altered request it cannot prove valid to zod, and equals zod on those it answers', () => {
    const bad: unknown[] = [5, '', 'X', true, {}, [], ['a', 5], { x: 1 }, 'facebook', 'FaceBook', 'personal', 'student', '2026-02-30T10:00:00Z', '2026-13-45T10:00:00Z', '2026-10-03T19:45:00-05:00', '2026-10-03 19:45'];
    const bases = [...corpusPosts.slice(0, 40), ...generated.filter((r) => (r.post as { images?: unknown }).images !== undefined).slice(0, 10), ...generated.filter((r) => (r.post as { group?: unknown }).group !== undefined).slice(0, 10)];
    let answered = 0;
    let n = 0;
    for (const base of bases) {
      const post = base.post as Record<string, unknown>;
      const paths: string[][] = [['extra'], ...Object.keys(post).map((k) => [k])];
      for (const [k, v] of Object.entries(post)) {
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const kk of [...Object.keys(v), 'extra']) paths.push([k, kk]);
        if (Array.isArray(v) && v.length > 0) {
          paths.push([k, '0']);
          if (v[0] !== null && typeof v[0] === 'object') for (const kk of [...Object.keys(v[0] as object), 'extra']) paths.push([k, '0', kk]);
        }
      }
      for (const p of paths)
        for (const value of bad) {
          const r = structuredClone(base) as { post: Record<string, unknown> };
          let o: Record<string, unknown> = r.post;
          for (const k of p.slice(0, -1)) o = o[k] as Record<string, unknown>;
          o[p[p.length - 1]!] = structuredClone(value);
          n++;
          if (same(r)) answered++;
        }
    }
    for (const r of [{ post: { text: 'x'.repeat(100_001) } }, { post: { text: 'x'.repeat(100_000) } }, { post: { text: 'hi', images: Array.from({ length: 51 }, () => ({})) } }, { post: { text: 'hi', images: Array.from({ length: 50 }, () => ({})) } }, { post: { text: 'hi', images: [{ depicts: ['', 'S1'] }] } }, { post: { text: 'hi', images: [{ depicts: [{ kind: 'student', name: 'Maya' }, { name: 'x' }] }] } }, { post: { text: 'hi', images: [{ detected: { text: 'x' } }] } }, { post: { text: 'hi', group: null, account: null } }, { post: null }, { post: { text: 'hi' }, context: {} }, { post: { text: 'hi' }, extra: 1 }]) {
      n++;
      if (same(r)) answered++;
    }
    expect(n).toBeGreaterThan(5000);
    expect(answered).toBeGreaterThan(100);
  });

  it('answers undefined for a null anywhere, so parseCheckRequest may try it before dropping nulls, and then equals zod on the request without them', () => {
    const bases = [...corpusPosts.slice(0, 60), ...generated.filter((r) => (r.post as { images?: unknown }).images !== undefined).slice(0, 20), ...generated.filter((r) => (r.post as { group?: unknown }).group !== undefined).slice(0, 20)];
    let n = 0;
    for (const base of bases) {
      const post = base.post as Record<string, unknown>;
      const paths: string[][] = [['post'], ...Object.keys(post).map((k) => ['post', k])];
      for (const [k, v] of Object.entries(post)) {
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const kk of Object.keys(v)) paths.push(['post', k, kk]);
        if (Array.isArray(v) && v.length > 0) {
          paths.push(['post', k, '0']);
          const first: unknown = v[0];
          if (first !== null && typeof first === 'object') {
            for (const [kk, vv] of Object.entries(first)) {
              paths.push(['post', k, '0', kk]);
              if (Array.isArray(vv) && vv.length > 0) {
                paths.push(['post', k, '0', kk, '0']);
                if (vv[0] !== null && typeof vv[0] === 'object') for (const kkk of Object.keys(vv[0] as object)) paths.push(['post', k, '0', kk, '0', kkk]);
              }
            }
          }
        }
      }
      for (const p of paths) {
        const r = structuredClone(base) as Record<string, unknown>;
        let o = r;
        for (const k of p.slice(0, -1)) o = o[k] as Record<string, unknown>;
        o[p[p.length - 1]!] = null;
        n++;
        expect(fastCheckRequest(structuredClone(r)), JSON.stringify(r).slice(0, 300)).toBeUndefined();
        const zod = CheckRequest.safeParse(dropNulls(structuredClone(r)));
        if (zod.success) expect(JSON.stringify(parseCheckRequest(structuredClone(r)))).toBe(JSON.stringify(zod.data));
        else expect(() => parseCheckRequest(structuredClone(r))).toThrow();
      }
    }
    expect(n).toBeGreaterThan(500);
  });

  it('keeps the errors naming their field (they come from zod)', () => {
    expect(() => parseCheckRequest({ post: { text: 5 } })).toThrow(/^post\.text: /);
    expect(() => parseCheckRequest({ post: { text: 'hi', postedAt: '2026-13-45T10:00:00Z' } })).toThrow(/^post\.postedAt: expected an ISO 8601 date-time/);
    expect(() => parseCheckRequest({ post: { text: 'hi', network: '' } })).toThrow(/^post\.network: /);
    expect(() => parseCheckRequest({ post: { text: 'hi', images: [{ depicts: [''] }] } })).toThrow(/^post\.images\.0\.depicts\.0: /);
    expect(parseCheckRequest({ post: { text: 'hi', network: 'FaceBook', extra: 1 } })).toEqual({ post: { network: 'facebook', text: 'hi' } });
  });
});
