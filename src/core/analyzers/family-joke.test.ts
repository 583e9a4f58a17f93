import { describe, expect, it } from 'vitest';
import { familyJoke, pettyGrievanceJoke } from './family-joke.js';

/** The span of `words` in `text` (the threat's words, as the threat lexicon would find them). */
function at(text: string, words: string): { start: number; end: number; quote: string } {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`"${words}" not in "${text}"`);
  return { start, end: start + words.length, quote: words };
}

describe('familyJoke', () => {
  it('a threat at the author’s own relative, marked as a joke', () => {
    const t = 'My sister ate my last tamale. I’m going to kill her 😂';
    expect(familyJoke(t, at(t, 'going to kill her'))).toBe(true);
  });
  it('no laugh, or someone else named before: no joke', () => {
    const t1 = 'My sister ate my last tamale. I’m going to kill her.';
    expect(familyJoke(t1, at(t1, 'going to kill her'))).toBe(false);
    const t2 = 'Coach benched my son again. I’m going to kill him 😂';
    expect(familyJoke(t2, at(t2, 'going to kill him'))).toBe(false);
  });
});

describe('pettyGrievanceJoke', () => {
  it('whoever took the author’s pens, lunch or stapler, with a laugh after the threat', () => {
    for (const [t, w] of [
      ['Whoever keeps stealing my good pens from the workroom: I will find you 😂', 'I will find you'],
      ['To the person who ate my yogurt out of the staff fridge, you’re dead to me lol', 'you’re dead to me'],
      ['Somebody keeps taking my stapler. Watch your back 🤣', 'Watch your back'],
    ] as const) expect(pettyGrievanceJoke(t, at(t, w)), t).toBe(true);
  });
  it('no laugh, a named culprit without "whoever", or more than a small thing taken: no joke', () => {
    for (const [t, w] of [
      ['Whoever keeps stealing my pens: I will find you.', 'I will find you'],
      ['Tyler took my pens again. I will find you Tyler 😂', 'I will find you'],
      ['Whoever scratched my car in the lot, I will find you 😂', 'I will find you'],
    ] as const) expect(pettyGrievanceJoke(t, at(t, w)), t).toBe(false);
  });
});
