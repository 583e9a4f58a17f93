// The generated word lists (compromise-words.ts) are exactly what the installed compromise's lexicon gives: after a
// compromise upgrade this fails until `node --import tsx scripts/gen-compromise-words.ts` regenerates them.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { COMPROMISE_WORDS_VERSION, FIRST_NAME_WORDS, KNOWN_WORDS, OTHER_NAME_WORDS } from './compromise-words.js';
import { deriveCompromiseWords } from './compromise-words-derive.js';

const nlp = createRequire(import.meta.url)('compromise') as {
  version: string;
  (text: string): { people(): { out(f: 'array'): string[] } };
  model(): { one: { lexicon: Record<string, string | string[]> } };
};

describe('compromise word lists', () => {
  it('equal the installed compromise lexicon, word for word, also after compromise has read text', () => {
    expect(COMPROMISE_WORDS_VERSION).toBe(nlp.version);
    const want = deriveCompromiseWords(nlp.model().one.lexicon);
    expect(KNOWN_WORDS.split('\n')).toEqual(want.known);
    expect(FIRST_NAME_WORDS.split('\n')).toEqual(want.first);
    expect(OTHER_NAME_WORDS.split('\n')).toEqual(want.other);
    expect(want.first).toContain('john');
    expect(want.known.length).toBeGreaterThan(20_000);
    // Reading text does not change the lexicon (the analyzer used to take it from compromise after other calls).
    expect(nlp('Maya Lopez met Dr. Kyle Berglund and Jake in Paris').people().out('array').length).toBeGreaterThan(0);
    expect(deriveCompromiseWords(nlp.model().one.lexicon)).toEqual(want);
  });
});
