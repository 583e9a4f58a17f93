// Trains the tone model (issue 2) from the labelled corpus into policy/471/models/tone.json, after a 5-fold
// cross-validation that picks the threshold: the lowest of 0.50, 0.55 … 0.95 at which at most 0.2 % of the allowed
// posts (1 in 500) are flagged in held-out folds, averaged over five shuffles into folds (the bar is 0.5 %). Prints the cross-validated numbers. Run: node --import tsx scripts/train-tone.ts [--dry-run]
import fs from 'node:fs';
import path from 'node:path';
import { TONE_GATE } from '../src/core/analyzers/tone.js';
import { loadCorpus } from './backstop-data.js';
import { examplesOf, scorePost, train } from './sentence-model.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const RULE = 'unprofessional-conduct';
const OUT = path.join(ROOT, 'policy/471/models/tone.json');
/** Weights smaller than this are dropped, in the cross-validation as in the shipped file (a smaller model is cheaper to check with). */
const PRUNE = Number(process.env.TONE_PRUNE ?? 0.1);
const prune = (w: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(w).filter(([, v]) => Math.abs(v) >= PRUNE));
/** The share of held-out allowed posts the chosen threshold may flag. */
const MAX_ALLOWED_FLAGGED = 0.002;

const { cases } = loadCorpus(path.join(ROOT, 'test/corpus'));
const posts = cases.map((c) => ({ id: c.id, text: c.request.post.text ?? '', positive: c.expect.rules.includes(RULE), allowed: c.expect.verdict === 'allow' }));

// Folds: a seeded shuffle, every fifth case; the cross-validation is repeated over five shuffles and the counts averaged,
// since one shuffle's threshold moved by 0.10-0.20 when a few cases were added or reordered (docs/decisions/0004).
const SEEDS = [11, 23, 37, 51, 73];
const THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const sums = THRESHOLDS.map(() => ({ fa: 0, fn: 0, tp: 0 }));
for (const s0 of SEEDS) {
  let seed = s0;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const order = posts.map((_, i) => i).sort(() => rnd() - 0.5);
  const fold = new Array<number>(posts.length);
  order.forEach((i, k) => (fold[i] = k % 5));
  const held = new Array<number>(posts.length).fill(0);
  for (let f = 0; f < 5; f++) {
    const w = prune(train(examplesOf(TONE_GATE, posts.filter((_, i) => fold[i] !== f))));
    posts.forEach((p, i) => {
      if (fold[i] === f) held[i] = scorePost(TONE_GATE, w, p.text)?.p ?? 0;
    });
  }
  THRESHOLDS.forEach((t, k) => {
    sums[k]!.fa += posts.filter((p, i) => p.allowed && held[i]! >= t).length;
    sums[k]!.fn += posts.filter((p, i) => !p.positive && held[i]! >= t).length;
    sums[k]!.tp += posts.filter((p, i) => p.positive && held[i]! >= t).length;
  });
}
const nAllowed = posts.filter((p) => p.allowed).length;
const nPos = posts.filter((p) => p.positive).length;
let threshold: number | undefined;
console.log(`5-fold cross-validation over ${posts.length} corpus cases (${nPos} ${RULE}, ${nAllowed} allowed), mean of ${SEEDS.length} shuffles:`);
THRESHOLDS.forEach((t, k) => {
  const fa = sums[k]!.fa / SEEDS.length;
  const fn = sums[k]!.fn / SEEDS.length;
  const tp = sums[k]!.tp / SEEDS.length;
  console.log(`  t=${t.toFixed(2)}: allowed flagged ${fa.toFixed(1)}/${nAllowed} (${((100 * fa) / nAllowed).toFixed(2)} %), other non-${RULE} flagged ${(fn - fa).toFixed(1)}, recall ${tp.toFixed(1)}/${nPos} (${((100 * tp) / nPos).toFixed(1)} %)`);
  if (threshold === undefined && fa <= MAX_ALLOWED_FLAGGED * nAllowed) threshold = t;
});
if (threshold === undefined) throw new Error('no threshold keeps held-out allowed posts under the limit');
const all = train(examplesOf(TONE_GATE, posts));
const weights = prune(all);
console.log(`threshold ${threshold}; ${Object.keys(weights).length} weights (of ${Object.keys(all).length})`);
if (!process.argv.includes('--dry-run')) {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify({ threshold, weights }, null, 0) + '\n');
  console.log(`wrote ${path.relative(ROOT, OUT)}`);
}
