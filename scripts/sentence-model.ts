// Training of the sentence models (issue 2: the tone model and the backstop models): L2-regularised logistic regression
// over the features that src/core/analyzers/sentence-model.ts names for a gate. Pure functions; scripts/train-tone.ts
// and scripts/train-backstop.ts do the I/O.
import { gatedFeatures, scoreGated, type Gate } from '../src/core/analyzers/sentence-model.js';

export interface Example {
  feats: string[];
  y: 0 | 1;
}

/** Plain stochastic gradient descent, deterministic (a seeded shuffle per epoch). */
export function train(examples: readonly Example[], opts: { epochs?: number; l2?: number; lr?: number; seed?: number } = {}): Record<string, number> {
  const epochs = opts.epochs ?? 30;
  const l2 = opts.l2 ?? 1e-4;
  const lr0 = opts.lr ?? 0.2;
  const w = new Map<string, number>();
  const order = examples.map((_, i) => i);
  let seed = opts.seed ?? 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const lr = lr0 / (1 + e * 0.2);
    for (const k of order) {
      const ex = examples[k]!;
      let z = 0;
      for (const f of ex.feats) z += w.get(f) ?? 0;
      const p = 1 / (1 + Math.exp(-z));
      const g = ex.y - p;
      for (const f of ex.feats) {
        const cur = w.get(f) ?? 0;
        w.set(f, cur + lr * (g - l2 * cur));
      }
    }
  }
  const out: Record<string, number> = {};
  for (const [k, v] of [...w.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (Math.abs(v) >= 1e-3) out[k] = Math.round(v * 1e4) / 1e4;
  return out;
}

/**
 * Training examples from labelled posts: every gated sentence of a post carries the post's label (a post's score is its
 * best sentence). `keep`, when given, picks which gated sentences of a positive post are positives (the others are left
 * out, neither positive nor negative).
 */
export function examplesOf(
  gate: Gate,
  posts: ReadonlyArray<{ text: string; positive: boolean; keep?: (s: { start: number; end: number }) => boolean }>,
): Example[] {
  const out: Example[] = [];
  for (const p of posts) {
    for (const s of gatedFeatures(gate, p.text)) {
      if (p.positive && p.keep !== undefined && !p.keep(s.sentence)) continue;
      out.push({ feats: s.features, y: p.positive ? 1 : 0 });
    }
  }
  return out;
}

/** A post's probability under weights (its best gated sentence), undefined when no sentence passes the gate. */
export function scorePost(gate: Gate, weights: Readonly<Record<string, number>>, text: string): { p: number } | undefined {
  return scoreGated(gate, { threshold: 0.5, weights }, text);
}
