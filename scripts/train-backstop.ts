// Trains the backstop models (issue 2, docs/decisions/0005-backstop-models.md): one sentence model per signal of
// src/core/analyzers/backstop.ts, from the labelled corpus. For each signal a 5-fold cross-validation (by case,
// stratified by label) runs the engine with the fold's model on the held-out cases, so the rule's own context logic
// (account, disclaimer, authorization, approved tools, an identifiable person) applies, and picks the threshold: the
// lowest of 0.70, 0.75 … 0.95 at which the model + rule flag at most 0.2 % of the allowed posts in held-out folds.
// Prints the cross-validated numbers; writes policy/471/models/backstop-<signal>.json for the signals in SHIPPED only.
// Run: node --import tsx scripts/train-backstop.ts [--dry-run] [--only threat,opinion] [--corpus DIR] [--out DIR --all]
import fs from 'node:fs';
import path from 'node:path';
import { loadPolicyPack } from '../src/app/load-policy-pack.js';
import { BACKSTOP_GATES, type BackstopSignal } from '../src/core/analyzers/backstop.js';
import { POST_SIGNALS } from '../src/core/analyzers/post-model.js';
import { setPostModel } from './post-model-data.js';
import { argOf, baseline, decidedRules, loadCorpus, postsFor, prune, RULE_OF, setModel, stratifiedFolds, weightsFor } from './backstop-data.js';
import { examplesOf, scorePost, train } from './sentence-model.js';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The signals whose models ship (they cleared the bar of docs/decisions/0005); the others are trained and printed only. */
// threat is trained and printed but not shipped: it read 'Muslims in our town are breaking their fast together tonight,
// everyone is welcome' as harassment (a group's name weighs as harassment in it), see docs/decisions/0005.
export const SHIPPED: BackstopSignal[] = ['conduct', 'confidential', 'announcement', 'opinion', 'instruction'];
const MAX_ALLOWED_FLAGGED = 0.002;

const corpusDir = path.resolve(argOf('--corpus') ?? path.join(ROOT, 'test/corpus'));
const outDir = path.resolve(argOf('--out') ?? path.join(ROOT, 'policy/471/models'));
const only = (argOf('--only')?.split(',') ?? Object.keys(RULE_OF)) as BackstopSignal[];
const writeAll = process.argv.includes('--all');
const dryRun = process.argv.includes('--dry-run');

const { cases, requests } = loadCorpus(corpusDir);
const pack = loadPolicyPack();
for (const s of Object.keys(RULE_OF) as BackstopSignal[]) setModel(pack, s, undefined);
// The post models (scripts/train-post-models.ts) are asked after the backstop models and trained on top of them: out here.
for (const s of POST_SIGNALS) setPostModel(pack, s, undefined);
// Baseline: the engine without any backstop model.
const { runOne, base, baseRules, nAllowed } = baseline(pack, cases, requests);
/**
 * Candidate thresholds: 0.70, 0.75 … 0.95. Below 0.70 the choice proved unstable: a retrain on 45 more cases moved the
 * announcement model from 0.70 to 0.50, where it flagged a neighbours' street-sweeping notice, and the instruction model
 * at 0.50 flagged the rule's own hard negative 'Comment below with your favorite fall recipe' (docs/decisions/0005).
 */
const thresholds = Array.from({ length: 6 }, (_, k) => Math.round((0.7 + 0.05 * k) * 100) / 100);

for (const signal of only) {
  const rule = RULE_OF[signal];
  const gate = BACKSTOP_GATES[signal];
  const posts = postsFor(signal, cases, base);
  const fold = stratifiedFolds(posts.map((q) => q.positive));
  const p = new Array<number>(posts.length).fill(0);
  /** Would the rule fire through the model (its logic allowing) where it did not before, and the verdict then. */
  const eligible = new Array<boolean>(posts.length).fill(false);
  const verdictWith = base.map((r) => r.verdict as string);
  for (let f = 0; f < 5; f++) {
    const weights = prune(train(examplesOf(gate, posts.filter((_, i) => fold[i] !== f))));
    setModel(pack, signal, { threshold: 1e-4, weights });
    posts.forEach((q, i) => {
      if (fold[i] !== f) return;
      p[i] = scorePost(gate, weights, q.text)?.p ?? 0;
      if (p[i]! < thresholds[0]! || baseRules[i]!.has(rule)) return;
      const r = runOne(i);
      if (decidedRules(r).has(rule)) {
        eligible[i] = true;
        verdictWith[i] = r.verdict;
      }
    });
    setModel(pack, signal, undefined);
  }
  const nPos = posts.filter((q) => q.positive).length;
  const missed = posts.filter((q, i) => q.positive && !baseRules[i]!.has(rule)).length;
  console.log(`${signal} (${rule}): 5-fold CV over ${posts.length} cases (${nPos} positive, ${nAllowed} allowed; the engine without the model misses ${missed} positives)`);
  let threshold: number | undefined;
  for (const t of thresholds) {
    const fires = (i: number) => eligible[i]! && p[i]! >= t;
    const fa = posts.filter((q, i) => q.allowed && fires(i)).length;
    const other = posts.filter((q, i) => !q.allowed && !q.positive && fires(i)).length;
    const modelRecall = posts.filter((q, i) => q.positive && p[i]! >= t).length;
    const fixed = cases.filter((c, i) => fires(i) && base[i]!.verdict !== c.expect.verdict && verdictWith[i] === c.expect.verdict).length;
    const broken = cases.filter((c, i) => fires(i) && base[i]!.verdict === c.expect.verdict && verdictWith[i] !== c.expect.verdict).length;
    console.log(
      `  t=${t.toFixed(2)}: allowed flagged ${fa}/${nAllowed} (${((100 * fa) / nAllowed).toFixed(2)} %), other cases given the rule ${other}, model recall ${modelRecall}/${nPos}, verdicts fixed ${fixed}, broken ${broken}`,
    );
    if (threshold === undefined && fa <= MAX_ALLOWED_FLAGGED * nAllowed) threshold = t;
  }
  if (threshold === undefined) {
    console.log(`  no threshold keeps held-out allowed posts under ${MAX_ALLOWED_FLAGGED * 100} %: not written`);
    continue;
  }
  const { all, weights } = weightsFor(signal, posts);
  console.log(`  threshold ${threshold}; ${Object.keys(weights).length} weights (of ${Object.keys(all).length})`);
  if (!dryRun && (writeAll || SHIPPED.includes(signal))) {
    const out = path.join(outDir, `backstop-${signal}.json`);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ threshold, weights }, null, 0) + '\n');
    console.log(`  wrote ${path.relative(process.cwd(), out)}`);
  }
}
