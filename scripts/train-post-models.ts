// Trains the post models (issue 2, docs/decisions/0006-post-models.md): one logistic regression per text rule over the
// words of the whole post (src/core/analyzers/post-model.ts), from the labelled corpus: a post is positive when its
// expected rules hold the rule. For each signal a 5-fold cross-validation (by case, stratified by label) runs the engine
// with the fold's model on the held-out cases, so the rule's own context logic applies, and picks the threshold: the lowest
// of 0.50, 0.55 … 0.95 at which the model + rule flag at most 0.3 % of the allowed posts in held-out folds (a count of 2–6
// posts, so a cap of 0.2 % moved the threat threshold from 0.60 to 0.80 when 120 cases joined the corpus).
// Prints the cross-validated numbers; writes policy/471/models/post-<signal>.json.
// Run: node --import tsx scripts/train-post-models.ts [--dry-run] [--only threat,mockery] [--corpus DIR] [--out DIR]
import fs from 'node:fs';
import path from 'node:path';
import { loadPolicyPack } from '../src/app/load-policy-pack.js';
import { POST_RULE, POST_SIGNALS, type PostSignal } from '../src/core/analyzers/post-model.js';
import { argOf, baseline, decidedRules, loadCorpus, stratifiedFolds } from './backstop-data.js';
import { postExamples, postWeights, scoreText, setPostModel } from './post-model-data.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const MAX_ALLOWED_FLAGGED = 0.003;
const THRESHOLDS = Array.from({ length: 10 }, (_, k) => Math.round((0.5 + 0.05 * k) * 100) / 100);

const corpusDir = path.resolve(argOf('--corpus') ?? path.join(ROOT, 'test/corpus'));
const outDir = path.resolve(argOf('--out') ?? path.join(ROOT, 'policy/471/models'));
const only = (argOf('--only')?.split(',') ?? POST_SIGNALS) as PostSignal[];
const dryRun = process.argv.includes('--dry-run');

const { cases, requests } = loadCorpus(corpusDir);
const pack = loadPolicyPack();
for (const s of POST_SIGNALS) setPostModel(pack, s, undefined);
// Baseline: the engine without any post model (the sentence backstops and the tone model stay).
const { runOne, base, baseRules, nAllowed } = baseline(pack, cases, requests);

for (const signal of only) {
  const rule = POST_RULE[signal];
  const examples = postExamples(signal, cases);
  const fold = stratifiedFolds(examples.map((e) => e.y === 1));
  const p = new Array<number>(cases.length).fill(0);
  /** Would the rule fire through the model (its logic allowing) where it did not before, and the verdict then. */
  const eligible = new Array<boolean>(cases.length).fill(false);
  const verdictWith = base.map((r) => r.verdict as string);
  for (let f = 0; f < 5; f++) {
    const weights = postWeights(examples.filter((_, i) => fold[i] !== f));
    setPostModel(pack, signal, { threshold: 1e-4, weights });
    cases.forEach((c, i) => {
      if (fold[i] !== f) return;
      p[i] = scoreText(weights, c.request.post.text ?? '');
      if (p[i]! < THRESHOLDS[0]! || baseRules[i]!.has(rule)) return;
      const r = runOne(i);
      if (decidedRules(r).has(rule)) {
        eligible[i] = true;
        verdictWith[i] = r.verdict;
      }
    });
    setPostModel(pack, signal, undefined);
  }
  const nPos = examples.filter((e) => e.y === 1).length;
  const missed = cases.filter((c, i) => c.expect.rules.includes(rule) && !baseRules[i]!.has(rule)).length;
  console.log(`${signal} (${rule}): 5-fold CV over ${cases.length} cases (${nPos} positive, ${nAllowed} allowed; the engine without the model misses ${missed} positives)`);
  let threshold: number | undefined;
  for (const t of THRESHOLDS) {
    const fires = (i: number) => eligible[i]! && p[i]! >= t;
    const fa = cases.filter((c, i) => c.expect.verdict === 'allow' && fires(i)).length;
    const fixed = cases.filter((c, i) => fires(i) && base[i]!.verdict !== c.expect.verdict && verdictWith[i] === c.expect.verdict).length;
    const broken = cases.filter((c, i) => fires(i) && base[i]!.verdict === c.expect.verdict && verdictWith[i] !== c.expect.verdict).length;
    const caught = cases.filter((c, i) => fires(i) && c.expect.rules.includes(rule)).length;
    console.log(`  t=${t.toFixed(2)}: allowed flagged ${fa}/${nAllowed} (${((100 * fa) / nAllowed).toFixed(2)} %), missed positives caught ${caught}/${missed}, verdicts fixed ${fixed}, broken ${broken}`);
    if (threshold === undefined && fa <= MAX_ALLOWED_FLAGGED * nAllowed) threshold = t;
  }
  if (threshold === undefined) {
    console.log(`  no threshold keeps held-out allowed posts under ${MAX_ALLOWED_FLAGGED * 100} %: not written`);
    continue;
  }
  const weights = postWeights(examples);
  console.log(`  threshold ${threshold}; ${Object.keys(weights).length} weights`);
  if (!dryRun) {
    const out = path.join(outDir, `post-${signal}.json`);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ threshold, weights }, null, 0) + '\n');
    console.log(`  wrote ${path.relative(process.cwd(), out)}`);
  }
}
