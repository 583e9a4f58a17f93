// The 16 shared examples (shared/examples/cases.jsonl) as a test: verdict and rule set must match.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesOf, run } from './support/kit.js';
import type { CheckRequest } from '../src/contracts/check.js';

const file = path.resolve(import.meta.dirname, '../../shared/examples/cases.jsonl');
const cases = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { id: string; note: string; request: CheckRequest; expect: { verdict: string; rules: string[] } });

describe('shared examples', () => {
  it('has all 16 cases', () => expect(cases).toHaveLength(16));
  for (const c of cases) {
    it(`${c.id}: ${c.note}`, () => {
      const res = run(c.request);
      expect({ verdict: res.verdict, rules: rulesOf(res) }).toEqual({ verdict: c.expect.verdict, rules: [...c.expect.rules].sort() });
    });
  }
});
