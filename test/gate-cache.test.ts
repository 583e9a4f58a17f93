// Each lexicon entry's gates are precomputed into policy/471/gates.json (scripts/gen-gates.ts) so a process does not
// derive them at its first check. The file is a cache: every value must equal what the derivation gives today (a
// change to the derivation fails here until the file is regenerated), and an entry missing from it (edited since, or a
// district's own) is derived at load, so a lexicon edit never breaks a gate, it only costs time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PACK_DIR, loadPolicyPack } from '../src/app/load-policy-pack.js';
import { buildGateIndex, entryGates, gateIndex } from '../src/core/analyzers/text.js';
import type { PolicyPack } from '../src/core/policy/pack.js';

const REGENERATE = 'regenerate it: node --import tsx scripts/gen-gates.ts';
const file = path.join(DEFAULT_PACK_DIR, 'gates.json');
const cached = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { words: string[]; sets: string[][] }>;
const plain = (ix: ReturnType<typeof gateIndex>) => JSON.stringify(ix, (_k, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v));
const entriesOf = (pack: PolicyPack) => [...new Set(pack.lexiconNames().flatMap((n) => pack.lexicon(n).map((e) => e.trim())))];

describe('precomputed lexicon gates (policy/471/gates.json)', () => {
  const pack = loadPolicyPack();

  it('every cached value equals what the derivation gives for its entry', () => {
    const keys = Object.keys(cached);
    expect(keys.length).toBeGreaterThan(1_000);
    const stale = keys.filter((k) => JSON.stringify(entryGates(k)) !== JSON.stringify(cached[k]));
    expect(stale, `gates.json differs from the derivation for these entries: ${REGENERATE}`).toEqual([]);
  });

  it('covers the shipped entries (fails when over 10% are missing), and the pack loader hands it to the gate index', () => {
    const entries = entriesOf(pack);
    const missing = entries.filter((e) => !Object.hasOwn(cached, e));
    const unused = Object.keys(cached).length - (entries.length - missing.length);
    console.log(`gates.json: ${entries.length - missing.length} of ${entries.length} shipped entries cached, ${missing.length} derived at load, ${unused} cached entries no longer shipped`);
    expect(missing.length / entries.length, `${missing.length} shipped entries are missing from gates.json: ${REGENERATE}`).toBeLessThanOrEqual(0.1);
    for (const e of entries) expect(pack.precomputedGates(e), e).toEqual(Object.hasOwn(cached, e) ? cached[e] : undefined);
  });

  it('the index built from the cache equals the one derived entry by entry', () => {
    expect(plain(gateIndex(pack))).toBe(plain(buildGateIndex(pack, entryGates)));
  });

  describe('a district pack extending ours', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-gates-'));
    afterAll(() => fs.rmSync(dir, { recursive: true }));
    const own = ['/(?:zorbled|zorbling)\\s+the\\s+(?:glimmers?|frobs)/', 'wibble wobble'];
    const packFile = path.join(dir, 'pack.json');
    fs.writeFileSync(packFile, JSON.stringify({ extends: DEFAULT_PACK_DIR, lexicons: { '+unprofessional': own } }));
    const district = loadPolicyPack(packFile);

    it('uses the cache for the entries it inherits and derives its own at load, to the same index', () => {
      const inherited = entriesOf(district).filter((e) => Object.hasOwn(cached, e));
      expect(inherited.length).toBeGreaterThan(1_000);
      expect(inherited.every((e) => district.precomputedGates(e) !== undefined)).toBe(true);
      for (const e of own) expect(district.precomputedGates(e)).toBeUndefined();
      const ix = gateIndex(district);
      expect(plain(ix)).toBe(plain(buildGateIndex(district, entryGates)));
      // The district's own expression is gated by its own words, derived at load.
      const g = ix.lexiconOf.findIndex((name, i) => name === 'unprofessional' && district.lexicon(name)[ix.entryOf[i]!] === own[0]);
      expect(g).toBeGreaterThanOrEqual(0);
      expect(ix.entries.get('zorbled')).toContain(g);
      expect(ix.entries.get('zorbling')).toContain(g);
    });
  });
});
