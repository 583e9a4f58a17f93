// The post models (docs/decisions/0006-post-models.md): the shipped files, the one-walk scorer against the training
// features, the rules' use of them (last, after lexicons, detectors and sentence models), hard negatives, and retraining
// reproducing the weights.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { context, findingsOf, post } from '../../../test/support/kit.js';
import { loadCorpus, setModel } from '../../../scripts/backstop-data.js';
import { postExamples, postWeights, setPostModel } from '../../../scripts/post-model-data.js';
import { loadPolicyPack } from '../../app/load-policy-pack.js';
import { compileSet, flatSet, logitsOf, logitsOfIds, setWords, textFeatures } from './sentence-model.js';
import { Analysis } from '../analysis.js';
import { compileContext } from '../context.js';
import type { Post } from '../../contracts/check.js';
import type { BackstopSignal } from './backstop.js';
import { postModel, POST_RULE, POST_SIGNALS, type PostSignal } from './post-model.js';
import { tokenize } from './text.js';
import { vocabulary, wordIds } from './vocabulary.js';

const pack = loadPolicyPack();
const MODELS = path.resolve(import.meta.dirname, '../../../policy/471/models');
const fileOf = (s: PostSignal) => JSON.parse(fs.readFileSync(path.join(MODELS, `post-${s}.json`), 'utf8')) as { threshold: number; weights: Record<string, number> };
/** A personal post without a disclaimer in the bio. */
const personal = (text: string) => post(text, { account: { kind: 'personal', handle: 'x', email: 'x@example.com', bio: 'Teacher.' } });
const analysis = (text: string): Analysis => new Analysis(personal(text) as Post, compileContext(undefined), pack, new Date('2026-10-03T19:45:02-05:00'));
const decided = (text: string, rule: string) => findingsOf({ context: context(), post: personal(text) }, rule).filter((f) => !f.undecided);

describe('post models', () => {
  it('ship with the pack, one per text rule, each with the threshold its file holds', () => {
    for (const s of POST_SIGNALS) {
      const file = fileOf(s);
      const m = pack.model('post-' + s)!;
      expect(m, s).toBeDefined();
      expect(m.threshold).toBe(file.threshold);
      expect(m.threshold).toBeGreaterThanOrEqual(0.5);
      expect(Object.keys(m.weights).length).toBeGreaterThan(1000);
    }
  });

  it('score in one walk exactly what the weights of the training features sum to, for every model at once', () => {
    const models = POST_SIGNALS.map((s) => fileOf(s));
    const set = compileSet(models);
    const { cases } = loadCorpus(path.resolve(import.meta.dirname, '../../../test/corpus'));
    for (const c of cases.slice(0, 1500)) {
      const text = c.request.post.text ?? '';
      const z = logitsOf(set, text, tokenize(text), 0, tokenize(text).length);
      const feats = textFeatures(text);
      models.forEach((m, i) => {
        let want = 0;
        for (const f of feats) want += m.weights[f] ?? 0;
        expect(z[i], `${c.id} ${POST_SIGNALS[i]}`).toBeCloseTo(want, 9);
      });
    }
  });

  it('score the same numbers, to the last bit, laid out flat over the vocabulary as over the words (every text of the corpus)', () => {
    const set = compileSet(POST_SIGNALS.map((s) => fileOf(s)));
    const v = vocabulary(pack);
    for (const w of setWords(set)) expect(v.ids.has(w), w).toBe(true);
    const flat = flatSet(set, v.ids, v.words);
    const { cases } = loadCorpus(path.resolve(import.meta.dirname, '../../../test/corpus'));
    const texts = [...cases.map((c) => c.request.post.text ?? ''), '', 'word', 'OUT-OF-VOCABULARY zqxw words!! "quoted" 🙄 ...', '^ $ ^$'];
    let checked = 0;
    for (const text of texts) {
      const toks = tokenize(text);
      const ids = wordIds(toks, v);
      // The whole text, and a stretch from its middle (a sentence's walk).
      for (const [from, to] of [[0, toks.length], [Math.floor(toks.length / 3), Math.ceil((2 * toks.length) / 3)]] as const) {
        expect(Array.from(logitsOfIds(set, flat, ids, text, toks, from, to))).toEqual(Array.from(logitsOf(set, text, toks, from, to)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe('rules with the post models', () => {
  // Written for this test (not in the corpus): wording no lexicon, detector or sentence model of the pack holds.
  const CASES: Array<[PostSignal, string]> = [
    ['threat', 'Funny how the team fundraiser cash keeps shrinking every time our treasurer comes back from a casino weekend. Just saying.'],
    ['threat', "People like that don't belong in our neighborhood, they should all go back home."],
    ['conduct', 'Got a guy who can get you the whole curriculum bundle for free, no questions asked 😉'],
  ];
  for (const [signal, text] of CASES) {
    const rule = POST_RULE[signal];
    it(`${rule}: finds what only the learned models recognise (the ${signal} post model), says so, quotes a sentence of the post, and not without them`, () => {
      const fs0 = decided(text, rule);
      expect(fs0).toHaveLength(1);
      expect(fs0[0]!.message).toContain('recognised by a learned model');
      const ev = fs0[0]!.evidence as { start: number; end: number; quote: string };
      expect(text.slice(ev.start, ev.end)).toBe(ev.quote);
      expect(ev.quote.length).toBeGreaterThan(10);
      expect(postModel(analysis(text), signal)).toBeDefined();
      // Without the post model (and the rule's sentence backstop model, asked before it) the post is clean.
      const saved = pack.model('post-' + signal) as { threshold: number; weights: Record<string, number> };
      const sentence = pack.model('backstop-' + signal) as { threshold: number; weights: Record<string, number> } | undefined;
      setPostModel(pack, signal, undefined);
      setModel(pack, signal as BackstopSignal, undefined);
      try {
        expect(decided(text, rule)).toEqual([]);
      } finally {
        setPostModel(pack, signal, saved);
        if (sentence !== undefined) setModel(pack, signal as BackstopSignal, sentence);
      }
    });
  }

  it('leave everyday posts that sound alarming alone', () => {
    for (const text of [
      'We crushed the Tigers last night, what a game, so proud of these kids.',
      'Our garden is finally killing it this year, the tomatoes are out of control.',
      "Reading a true crime book about a poisoning case, can't put it down.",
      "Grandma's 90th birthday party was the best, so many stories and so much cake!",
      'A glass of wine with dinner and a good book, perfect Friday 🍷',
      'Free pancake breakfast at the fire hall Saturday, bring the family.',
    ]) {
      for (const s of POST_SIGNALS) expect(decided(text, POST_RULE[s]), `${s}: ${text}`).toEqual([]);
    }
  });
});

describe('retraining', () => {
  it('reproduces the shipped weights from the corpus (node --import tsx scripts/train-post-models.ts after corpus changes)', () => {
    const { cases } = loadCorpus(path.resolve(import.meta.dirname, '../../../test/corpus'));
    for (const s of POST_SIGNALS) expect(postWeights(postExamples(s, cases)), s).toEqual(fileOf(s).weights);
  }, 120_000);
});
