// The post models' training data (issue 2, docs/decisions/0006-post-models.md): each corpus case's whole-post features,
// labelled positive when the case's expected rules hold the signal's rule. Used by scripts/train-post-models.ts and by
// the test that retraining reproduces the shipped weights.
import { POST_RULE, postModelName, type PostSignal } from '../src/core/analyzers/post-model.js';
import { textFeatures } from '../src/core/analyzers/sentence-model.js';
import type { PolicyPack } from '../src/core/policy/pack.js';
import { prune, type Case } from './backstop-data.js';
import { train, type Example } from './sentence-model.js';

/** One example per case: its text's features, y = 1 when the case expects the signal's rule. */
export function postExamples(signal: PostSignal, cases: readonly Case[]): Example[] {
  const rule = POST_RULE[signal];
  return cases.map((c) => ({ feats: textFeatures(c.request.post.text ?? ''), y: c.expect.rules.includes(rule) ? 1 : 0 }));
}

/** A signal's weights trained on the given examples (pruned, as shipped). */
export function postWeights(examples: readonly Example[]): Record<string, number> {
  return prune(train(examples));
}

/** A text's probability under weights (the same features the engine sums). */
export function scoreText(weights: Readonly<Record<string, number>>, text: string): number {
  let z = 0;
  for (const f of textFeatures(text)) z += weights[f] ?? 0;
  return 1 / (1 + Math.exp(-z));
}

/** The pack's post model for a signal, set (or removed), and the compiled set dropped. */
export function setPostModel(pack: PolicyPack, signal: PostSignal, m: { threshold: number; weights: Record<string, number> } | undefined): void {
  const models = (pack as unknown as { models: Record<string, unknown> }).models;
  const memo = (pack as unknown as { memo: Map<string, unknown> }).memo;
  if (m === undefined) delete models[postModelName(signal)];
  else models[postModelName(signal)] = m;
  memo.delete('post-models');
}
