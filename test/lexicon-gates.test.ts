// The per-entry gate (analyzers/text.ts) leaves an entry out of a post's expression when the post lacks
// its gate words. That is only correct if every match of the entry holds one of them: checked here on
// every text of the corpus, the shared examples and generated posts, entry by entry, for every lexicon.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateContext, generatePosts } from '../bench/generate.js';
import { loadPolicyPack } from '../src/app/load-policy-pack.js';
import { gateIndex, lexiconRegex, lexiconSubsetRegex, postGates, tokenize } from '../src/core/analyzers/text.js';

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
    const gates = texts.map((t) => postGates(tokenize(t), index));
    const misses: string[] = [];
    let matched = 0;
    for (const name of pack.lexiconNames()) {
      const entries = pack.lexicon(name).map((e) => lexiconRegex([e]));
      texts.forEach((text, k) => {
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
    let compared = 0;
    for (const text of texts) {
      for (const [name, ids] of postGates(tokenize(text), index)) {
        const whole = lexiconRegex(pack.lexicon(name))!;
        const cut = lexiconSubsetRegex(pack, name, ids)!;
        const all = (re: RegExp) => [...text.matchAll(re)].map((m) => `${m.index}:${m[0]}`);
        expect(all(cut), `${name} on ${text}`).toEqual(all(whole));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3_000);
  });
});
