// The tone model's scorer against its training features, its gate, and the rule's use of it (with the shipped model).
import { describe, expect, it } from 'vitest';
import { context, corpusTexts, findingsOf, post } from '../../../test/support/kit.js';
import { loadPolicyPack } from '../../app/load-policy-pack.js';
import { tokenize } from './text.js';
import { scoreText, sentenceFeatures, toneFlag } from './tone.js';

const pack = loadPolicyPack();
const model = pack.model('tone')!;
const texts = corpusTexts();

describe('tone model', () => {
  it('ships with the pack, with a threshold and weights', () => {
    expect(model.threshold).toBeGreaterThan(0.5);
    expect(Object.keys(model.weights).length).toBeGreaterThan(1000);
  });

  it('scores every corpus post exactly as the sum of its training features’ weights', () => {
    let gated = 0;
    for (const text of texts) {
      const feats = sentenceFeatures(text);
      const got = scoreText(model, text);
      if (feats.length === 0) {
        expect(got).toBeUndefined();
        continue;
      }
      gated++;
      let best = -Infinity;
      for (const s of feats) best = Math.max(best, s.features.reduce((z, f) => z + (model.weights[f] ?? 0), 0));
      expect(got!.p).toBeCloseTo(1 / (1 + Math.exp(-best)), 9);
    }
    expect(gated).toBeGreaterThan(500);
  });

  it('names features of the sentence that names a group, with sneer markers', () => {
    const [s] = sentenceFeatures("Some of my 'colleagues' think an IEP is a suggestion 🙄");
    expect(s!.sentence.quote).toBe("Some of my 'colleagues' think an IEP is a suggestion 🙄");
    expect(s!.features).toEqual(expect.arrayContaining(['u:colleagues', 'b:a suggestion', 'e:🙄', 'm:scare-quote', 'm:first-person', 'g:colleagues', 'bias']));
  });

  it('scores no sentence without a school group, nor one where the author is in the group', () => {
    expect(sentenceFeatures('Long week. Pizza and a movie tonight, finally.')).toEqual([]);
    expect(sentenceFeatures('We teachers are tired.')).toEqual([]);
    expect(sentenceFeatures('As a parent I am tired.')).toEqual([]);
  });

  it('flags a sneer at parents in new wording (not in the corpus), with the sentence as evidence', () => {
    const text = "Lovely evening. To the parents who pack a full-size cake for a 'snack' and then ask why their kid can't focus: I have questions.";
    const hit = toneFlag(pack, text, tokenize(text));
    expect(hit?.quote).toBe("To the parents who pack a full-size cake for a 'snack' and then ask why their kid can't focus: I have questions.");
    expect(text.slice(hit!.start, hit!.end)).toBe(hit!.quote);
  });

  it('leaves praise of a class and plain school news alone', () => {
    for (const text of ['My 3rd hour crushed their quiz today. So proud!', 'Parents, conferences are Thursday from 4 to 7 in the gym.', 'Shoutout to the colleagues who stayed late to set up the book fair 💙']) {
      expect(toneFlag(pack, text, tokenize(text))).toBeUndefined();
    }
  });
});

describe('unprofessional-conduct with the tone model', () => {
  it('revises a sneer the lexicons leave clean, with the sentence as evidence, and only through the model', () => {
    const text = "Lovely evening. To the parents who pack a full-size cake for a 'snack' and then ask why their kid can't focus: I have questions.";
    const fs = findingsOf({ context: context(), post: post(text) }, 'unprofessional-conduct');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.severity).toBe('revise');
    expect((fs[0]!.evidence as { quote?: string } | undefined)?.quote).toBe("To the parents who pack a full-size cake for a 'snack' and then ask why their kid can't focus: I have questions.");
    // The same post against the pack without its model: the lexicons alone say nothing.
    const models = (pack as unknown as { models: Record<string, unknown> }).models;
    // (No model at all: neither the tone model nor the mockery post model, post-model.ts, asked after it.)
    const memo = (pack as unknown as { memo: Map<string, unknown> }).memo;
    (pack as unknown as { models: Record<string, unknown> }).models = {};
    memo.delete('post-models');
    try {
      expect(findingsOf({ context: context(), post: post(text) }, 'unprofessional-conduct')).toEqual([]);
    } finally {
      (pack as unknown as { models: Record<string, unknown> }).models = models;
      memo.delete('post-models');
    }
  });
});
