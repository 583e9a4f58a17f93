// The per-entry gate (analyzers/text.ts) leaves an entry out of a post's expression when the post lacks
// its gate words. That is only correct if every match of the entry holds one of them: checked here on
// every text of the corpus, the shared examples and generated posts, entry by entry, for every lexicon.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateContext, generatePosts } from '../bench/generate.js';
import { loadPolicyPack } from '../src/app/load-policy-pack.js';
import { charsOf, gateIndex, lexiconRegex, lexiconSubsetRegex, postGates, tokenize } from '../src/core/analyzers/text.js';

const pack = loadPolicyPack();

function textsOf(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { request?: { post?: { text?: string } }; post?: { text?: string } })
    .map((j) => j.request?.post?.text ?? j.post?.text)
    .filter((t): t is string => typeof t === 'string');
}

const corpusDir = path.resolve(import.meta.dirname, 'corpus');
const texts = [
  ...fs.readdirSync(corpusDir).filter((f) => f.endsWith('.jsonl')).flatMap((f) => textsOf(path.join(corpusDir, f))),
  ...textsOf(path.resolve(import.meta.dirname, '../../shared/examples/cases.jsonl')),
  ...generatePosts(1_000, generateContext(500, 100)).map((p) => p.text),
];

describe('lexicon gates', () => {
  it('every match of every entry holds one of the entry’s gate words', () => {
    expect(texts.length).toBeGreaterThan(1_300);
    const index = gateIndex(pack);
    // As a check reads them: the lower-cased text also lets through (or not) the entries no word gates.
    const gates = texts.map((t) => postGates(tokenize(t), index, t.toLowerCase(), undefined, undefined, charsOf(t)));
    const misses: string[] = [];
    let matched = 0;
    for (const name of pack.lexiconNames()) {
      const entries = pack.lexicon(name).map((e) => lexiconRegex([e]));
      // A text the whole lexicon does not match holds no match of any of its entries: skipped (see the test below).
      const whole = lexiconRegex(pack.lexicon(name));
      texts.forEach((text, k) => {
        if (whole === null || ((whole.lastIndex = 0), !whole.test(text))) return;
        const open = gates[k]!.get(name) ?? [];
        entries.forEach((re, i) => {
          if (re === null) return;
          re.lastIndex = 0;
          const m = re.exec(text);
          if (m === null) return;
          matched++;
          if (!open.includes(i)) misses.push(`${name}[${i}] ${pack.lexicon(name)[i]} matched "${m[0]}" in a post without its gate words`);
        });
      });
    }
    expect(matched).toBeGreaterThan(1_000);
    expect(misses).toEqual([]);
  });

  it('a post’s cut-down expression finds exactly what the whole lexicon finds', () => {
    const index = gateIndex(pack);
    // Each lexicon's whole expression built once (not once per post and lexicon).
    const wholeOf = new Map(pack.lexiconNames().map((name) => [name, lexiconRegex(pack.lexicon(name))!]));
    let compared = 0;
    for (const text of texts) {
      // As a check runs it: with the lower-cased text and the kinds of character it holds.
      for (const [name, ids] of postGates(tokenize(text), index, text.toLowerCase(), undefined, undefined, charsOf(text))) {
        const whole = wholeOf.get(name)!;
        const cut = lexiconSubsetRegex(pack, name, ids)!;
        const all = (re: RegExp) => [...text.matchAll(re)].map((m) => `${m.index}:${m[0]}`);
        expect(all(cut), `${name} on ${text}`).toEqual(all(whole));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3_000);
  });

  // A separator the expression may leave out ("self[- ]?checkouts?", "don['’]?t", "wake\s*(?:n|and)\s*bake") joins the
  // words beside it into one word, which must open the entry too, without the entry running on every post.
  it('a word joined across a separator that may be left out still opens its entry', () => {
    const index = gateIndex(pack);
    const entryOf = (name: string, part: string): number => {
      const i = pack.lexicon(name).findIndex((e) => e.includes(part));
      expect(i, `${name} holds ${part}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const cases: Array<[string, string, string]> = [
      ['theft-acts', 'self[- ]?checkout', 'used the selfcheckout and walked out with it'],
      ['theft-acts', 'self[- ]?checkout', 'selfcheckouts never catch it'],
      ['substance-drug-terms', 'wake\\s*(?:n|and', 'wakenbake before first period'],
      ['substance-drug-terms', 'wake\\s*(?:n|and', 'wakeandbake then staff meeting'],
      ['district-decision-claims', "don['’]?t\\s+tell", 'dont tell anyone but the board voted'],
      ['harassment-insults', 'is|are|was|were|', 'that kid is anidiot'],
    ];
    for (const [name, part, text] of cases) {
      const i = entryOf(name, part);
      expect(lexiconRegex([pack.lexicon(name)[i]!])!.test(text), `${name}[${i}] matches ${text}`).toBe(true);
      expect(postGates(tokenize(text), index).get(name) ?? [], `${name}[${i}] opened by ${text}`).toContain(i);
      // Still gated: not among the entries run on every post.
      expect(index.alwaysEntries.some((g) => index.lexiconOf[g] === name && index.entryOf[g] === i), `${name}[${i}] gated`).toBe(false);
    }
    // The same on every corpus and generated text: a match with its spaces, hyphens and apostrophes taken out (where
    // the entry still matches the joined text) opens its entry.
    const misses: string[] = [];
    let joined = 0;
    for (const name of pack.lexiconNames()) {
      const entries = pack.lexicon(name).map((e) => lexiconRegex([e]));
      // Only texts the whole lexicon matches somewhere can hold a match of one of its entries (the alternation finds a
      // match wherever any entry would): the rest are skipped, which keeps this test fast as the corpus grows.
      const whole = lexiconRegex(pack.lexicon(name));
      const candidates = whole === null ? [] : texts.filter((t) => ((whole.lastIndex = 0), whole.test(t)));
      for (const text of candidates) {
        entries.forEach((re, i) => {
          if (re === null) return;
          re.lastIndex = 0;
          const m = re.exec(text);
          if (m === null || !/[\s'’-]/.test(m[0])) return;
          const t = text.slice(0, m.index) + m[0].replace(/[\s'’-]+/g, '') + text.slice(m.index + m[0].length);
          re.lastIndex = 0;
          if (!re.test(t)) return;
          joined++;
          if (!(postGates(tokenize(t), index).get(name) ?? []).includes(i)) misses.push(`${name}[${i}] ${pack.lexicon(name)[i]} matches "${t.slice(m.index, m.index + 60)}" but is not opened`);
        });
      }
    }
    expect(joined).toBeGreaterThan(10);
    expect(misses).toEqual([]);
  });
});
