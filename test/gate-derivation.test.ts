// The gate index (analyzers/text.ts) is derived with shortcuts that keep its build cheap at pack load: a memo of
// sub-expressions shared across entries, and readings or starting sets that come again read once. They must not
// change a single gate: the shipped pack's index equals the one the derivation as written (gateSetsPlain) builds.
import { describe, expect, it } from 'vitest';
import { loadPolicyPack } from '../src/app/load-policy-pack.js';
import { buildGateIndex, gateIndex, gateSets, gateSetsPlain, gateWords } from '../src/core/analyzers/text.js';

const pack = loadPolicyPack();
const plain = (ix: ReturnType<typeof gateIndex>) => JSON.stringify(ix, (_k, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v));

describe('gate derivation', () => {
  it('the shipped pack’s gate index equals the one the plain derivation builds', () => {
    const fast = gateIndex(pack);
    const slow = buildGateIndex(pack, gateSetsPlain);
    expect(fast.lexiconOf.length).toBeGreaterThan(1_000);
    expect(fast.words.size).toBeGreaterThan(1_000);
    expect(plain(fast)).toBe(plain(slow));
  });

  it('every entry’s gate words and sets, read after the whole pack (memo warm), equal the plain derivation', () => {
    gateIndex(pack);
    let joined = 0;
    for (const name of pack.lexiconNames()) {
      for (const e of pack.lexicon(name)) {
        const want = gateSetsPlain(e);
        expect({ words: gateWords(e.trim()), sets: gateSets(e) }, `${name}: ${e}`).toEqual(want);
        // Entries with a joined word ("anidiot", "zlibraryandcopier") are where the shortcuts apply.
        if (want.sets.some((set) => set.some((w) => !e.toLowerCase().includes(w)))) joined++;
      }
    }
    expect(joined).toBeGreaterThan(10);
  });
});
