// The backstop models (docs/decisions/0005-backstop-models.md): the shipped files, the scorer against its training
// features, positives and hard negatives of each signal, the rules' use of them, and retraining reproducing the weights.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { context, findingsOf, post } from '../../../test/support/kit.js';
import { loadCorpus, postsFor, RULE_OF, runCase, setModel, weightsFor } from '../../../scripts/backstop-data.js';
import { setPostModel } from '../../../scripts/post-model-data.js';
import { loadPolicyPack } from '../../app/load-policy-pack.js';
import { Analysis } from '../analysis.js';
import { compileContext } from '../context.js';
import type { Post } from '../../contracts/check.js';
import { BACKSTOP_GATES, sentenceBackstop, type BackstopSignal } from './backstop.js';
import { POST_SIGNALS } from './post-model.js';
import { compile, compileSet, eachGated, flatGate, flatModel, gatedFeatures, logit, logitIds, modelFlag, modelWords, setWords } from './sentence-model.js';
import { tokenize } from './text.js';
import { TONE_GATE, toneFlag, toneFlagOf } from './tone.js';
import { vocabulary, wordIds } from './vocabulary.js';

const pack = loadPolicyPack();
const MODELS = path.resolve(import.meta.dirname, '../../../policy/471/models');
/** The signals whose models ship (scripts/train-backstop.ts SHIPPED; threat is not among them, see 0005). */
const SIGNALS: BackstopSignal[] = ['conduct', 'confidential', 'announcement', 'opinion', 'instruction'];
const NOW = new Date('2026-10-03T19:45:02-05:00');
const bare = compileContext(undefined);
const analysis = (text: string): Analysis => new Analysis(post(text) as Post, bare, pack, NOW);
const fileOf = (s: BackstopSignal) => JSON.parse(fs.readFileSync(path.join(MODELS, `backstop-${s}.json`), 'utf8')) as { threshold: number; weights: Record<string, number> };
/** Takes the pack's post models out (post-model.ts, asked after the backstop models); returns what puts them back. */
function withoutPostModels(): () => void {
  const saved = POST_SIGNALS.map((s) => pack.model('post-' + s) as { threshold: number; weights: Record<string, number> } | undefined);
  for (const s of POST_SIGNALS) setPostModel(pack, s, undefined);
  return () => POST_SIGNALS.forEach((s, i) => setPostModel(pack, s, saved[i]));
}
/** A personal post without a disclaimer in the bio (missing-disclaimer needs one missing). */
const personal = (text: string) => post(text, { account: { kind: 'personal', handle: 'x', email: 'x@example.com', bio: 'Teacher.' } });

/** Sentences each model flags (written for this test, not in the corpus) and everyday sentences holding its gate words. */
const CASES: Record<Exclude<BackstopSignal, 'threat'>, { pos: string[]; neg: string[] }> = {
  conduct: {
    pos: ['pro tip: return the TV after the Super Bowl, the store never checks 😂', "let's just say the hotel bed got a workout this weekend 😏"],
    neg: ['A glass of wine with dinner and a good book, perfect Friday 🍷', 'Free pancake breakfast at the fire hall Saturday, bring the family.'],
  },
  confidential: {
    pos: ['Maya Lopez is out on leave pending the investigation.'],
    neg: ['Hospital visit with grandpa today, he is doing better. Prayers appreciated.', 'So proud of my son, he finally passed his driving test!'],
  },
  announcement: {
    pos: ["It's official, APS goes to a 4-day week next fall."],
    neg: ['Our family reunion moved to the church hall because of the storm forecast.', 'Heads up neighbors: street sweeping moves to Monday mornings starting next week.'],
  },
  opinion: {
    pos: ['The new attendance policy at JHS is a mess and nobody asked the teachers.'],
    neg: ['I think the new coffee shop downtown is the best thing to happen to Alexandria.', 'Honestly this soup recipe needs more garlic.'],
  },
  instruction: {
    pos: ['JV girls 🏐 reply below with your ride situation for Saturday.'],
    neg: ['Pumpkin bread recipe in the comments 🎃', "My daughter's soccer practice moved to 6 tonight, so pizza for dinner."],
  },
};

describe('backstop models', () => {
  it('ship with the pack, each with the threshold its file holds', () => {
    for (const s of SIGNALS) {
      const file = fileOf(s);
      const m = pack.model('backstop-' + s)!;
      expect(m.threshold).toBe(file.threshold);
      expect(m.threshold).toBeGreaterThanOrEqual(0.5);
      expect(Object.keys(m.weights).length).toBeGreaterThan(500);
    }
  });

  it('flag in every corpus post exactly the best sentence by its training features’ weights, when at or above the threshold', () => {
    const { cases } = loadCorpus(path.resolve(import.meta.dirname, '../../../test/corpus'));
    let flagged = 0;
    for (const c of cases) {
      const text = c.request.post.text ?? '';
      const a = analysis(text);
      for (const s of SIGNALS) {
        const m = pack.model('backstop-' + s)!;
        const cut = Math.log(m.threshold / (1 - m.threshold));
        let best: { z: number; quote: string } | undefined;
        for (const f of gatedFeatures(BACKSTOP_GATES[s], text)) {
          const z = f.features.reduce((sum, k) => sum + (m.weights[k] ?? 0), 0);
          if (z >= cut - 1e-9 && (best === undefined || z > best.z)) best = { z, quote: f.sentence.quote };
        }
        const got = sentenceBackstop(a, s);
        if (best === undefined || Math.abs(best.z - cut) < 1e-6) {
          if (best === undefined) expect(got).toBeUndefined();
          continue;
        }
        flagged++;
        expect(got?.quote).toBe(best.quote);
      }
    }
    expect(flagged).toBeGreaterThan(200);
  });

  it('threat is not shipped (its model weighed a group’s name as harassment), so harassment-or-threat asks no model', () => {
    expect(pack.model('backstop-threat')).toBeUndefined();
    expect(fs.existsSync(path.join(MODELS, 'backstop-threat.json'))).toBe(false);
  });

  for (const s of SIGNALS) {
    if (s === 'threat') continue;
    it(`${s}: flags the sentence of new wording (evidence quotes it) and leaves everyday posts with its gate words alone`, () => {
      for (const text of CASES[s].pos) {
        const hit = sentenceBackstop(analysis(text), s);
        expect(hit, text).toBeDefined();
        expect(text.slice(hit!.start, hit!.end)).toBe(hit!.quote);
      }
      for (const text of CASES[s].neg) {
        expect(gatedFeatures(BACKSTOP_GATES[s], text).length, `gated: ${text}`).toBeGreaterThan(0);
        // The spokesperson and disclaimer rules ask their model only for a post that names the district (a retrain may
        // score a neighbours' street-sweeping notice as an announcement); the others' models alone must leave it.
        if (s === 'announcement' || s === 'opinion') expect(findingsOf({ context: context(), post: personal(text) }, RULE_OF[s]), text).toEqual([]);
        else expect(sentenceBackstop(analysis(text), s), text).toBeUndefined();
      }
    });
  }
});

describe('rules with the backstop models', () => {
  const RULE_CASES: Array<[BackstopSignal, string, string]> = [
    ['conduct', 'illegal-or-inappropriate-conduct', CASES.conduct.pos[0]!],
    ['confidential', 'confidential-information', CASES.confidential.pos[0]!],
    ['instruction', 'unapproved-instructional-use', CASES.instruction.pos[0]!],
  ];
  for (const [signal, rule, text] of RULE_CASES) {
    it(`${rule}: finds what only the ${signal} model recognises, says so, and quotes the sentence`, () => {
      const fs0 = findingsOf({ context: context(), post: personal(text) }, rule).filter((f) => !f.undecided);
      expect(fs0).toHaveLength(1);
      expect(fs0[0]!.message).toContain('recognised by a learned model');
      expect(fs0[0]!.evidence).toMatchObject({ quote: text });
      const saved = pack.model('backstop-' + signal)!;
      const savedPost = withoutPostModels();
      setModel(pack, signal, undefined);
      try {
        expect(findingsOf({ context: context(), post: personal(text) }, rule).filter((f) => !f.undecided)).toEqual([]);
      } finally {
        setModel(pack, signal, saved as { threshold: number; weights: Record<string, number> });
        savedPost();
      }
    });
  }

  it('confidential-information: the model counts only with an identifiable person in the sentence', () => {
    const text = 'Someone in the building is out on leave pending the investigation.';
    expect(findingsOf({ context: context(), post: personal(text) }, 'confidential-information')).toEqual([]);
  });

  it("unauthorized-spokesperson: the author's own promotion is not read as the district's news", () => {
    expect(findingsOf({ context: context(), post: personal('Happy to share that I have been named department chair at Jefferson High School for next year') }, 'unauthorized-spokesperson')).toEqual([]);
  });
});

describe('retraining', () => {
  it('reproduces the shipped weights from the corpus (node --import tsx scripts/train-backstop.ts after corpus changes)', () => {
    const { cases, requests } = loadCorpus(path.resolve(import.meta.dirname, '../../../test/corpus'));
    const saved = SIGNALS.map((s) => pack.model('backstop-' + s)! as { threshold: number; weights: Record<string, number> });
    for (const s of SIGNALS) setModel(pack, s, undefined);
    // The backstop models are trained on the engine without them and without the post models (trained on top of them).
    const restore = withoutPostModels();
    let base;
    try {
      base = requests.map((r) => runCase(pack, r));
    } finally {
      SIGNALS.forEach((s, i) => setModel(pack, s, saved[i]));
      restore();
    }
    for (const s of SIGNALS) expect(weightsFor(s, postsFor(s, cases, base)).weights, s).toEqual(fileOf(s).weights);
  }, 300_000);
});

describe('sentence models laid out flat over the vocabulary', () => {
  it('score every gated sentence of the corpus with the same logit, to the last bit, and the same tags (backstop and tone)', () => {
    const v = vocabulary(pack);
    const { cases } = loadCorpus(path.resolve(import.meta.dirname, '../../../test/corpus'));
    const texts = [...cases.map((c) => c.request.post.text ?? ''), '', 'OUT-OF-VOCABULARY zqxw kids!! "quoted" 🙄 ...', 'we teachers. As a parent. Students'];
    const models = [...SIGNALS.map((s) => ({ name: 'backstop-' + s, gate: BACKSTOP_GATES[s] })), { name: 'tone', gate: TONE_GATE }];
    let checked = 0;
    for (const { name, gate } of models) {
      const m = pack.model(name)!;
      expect(m, name).toBeDefined();
      const c = compile(m);
      const flat = flatModel(m, v.ids, v.words);
      const fg = flatGate(gate, v.ids, v.words.length);
      for (const text of texts) {
        const toks = tokenize(text);
        const ids = wordIds(toks, v);
        eachGated(gate, text, toks, (s, from, to, tags) => {
          expect(logitIds(flat, ids, s.quote, toks, from, to, tags), `${name}: ${s.quote}`).toBe(logit(c, s.quote, toks, from, to, tags));
          checked++;
        });
      }
      expect(new Set(modelWords(m))).toEqual(new Set(setWords(compileSet([m]))));
      // The flat gate knows every gate word, with its tag.
      for (const [w, tag] of gate.words) expect(fg.tags[fg.tagOf[v.ids.get(w)!]! - 1]).toBe(tag);
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('flag the same sentence of every corpus text as the map-keyed scorer', () => {
    const { cases } = loadCorpus(path.resolve(import.meta.dirname, '../../../test/corpus'));
    let flagged = 0;
    for (const c of cases) {
      const text = c.request.post.text ?? '';
      const a = new Analysis({ ...c.request.post, text } as Post, compileContext(undefined), pack, new Date('2026-10-03T19:45:02-05:00'));
      for (const s of SIGNALS) {
        const want = modelFlag(pack, 'backstop-' + s, BACKSTOP_GATES[s], text, tokenize(text));
        const got = sentenceBackstop(a, s);
        // sentenceBackstop scores only the sentences whose words hold the signal's gate bits: the same sentences the gate lets through.
        expect(got, `${s}: ${text}`).toEqual(want);
        if (got !== undefined) flagged++;
      }
      expect(toneFlagOf(a), text).toEqual(toneFlag(pack, text, tokenize(text)));
    }
    expect(flagged).toBeGreaterThan(100);
  });
});
