// checkMany (rule outer, post inner) against check (one post at a time): the same responses for every corpus case.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../scripts/backstop-data.js';
import { loadPolicyPack } from '../app/load-policy-pack.js';
import { check, checkMany } from './check.js';

const pack = loadPolicyPack();
const now = new Date('2026-11-25T12:00:00Z');

describe('checkMany', () => {
  it('answers every corpus case as check() does, in order, whatever the batch size', () => {
    const { requests } = loadCorpus(path.resolve(import.meta.dirname, '../../test/corpus'));
    expect(requests.length).toBeGreaterThan(5000);
    const one = requests.map((r) => check(structuredClone(r), pack, { now }));
    for (const size of [7, 256]) {
      const many = [];
      for (let i = 0; i < requests.length; i += size) many.push(...checkMany(requests.slice(i, i + size).map((r) => structuredClone(r)), pack, { now }));
      expect(many).toEqual(one);
    }
    // Not one verdict only: the corpus holds every kind.
    expect(new Set(one.map((r) => r.verdict))).toEqual(new Set(['allow', 'revise', 'block']));
  });

  it('answers an empty batch with nothing', () => {
    expect(checkMany([], pack, { now })).toEqual([]);
  });
});
