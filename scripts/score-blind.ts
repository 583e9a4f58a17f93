// Scores a blind set the way it is measured: `node --import tsx scripts/score-blind.ts FILE.jsonl [REPO] [OUT]` runs
// `clearpost check --jsonl` of REPO (default: this checkout) with the default context (test/corpus/context.json) on the set's
// requests, and prints verdict accuracy, the exact rule set's accuracy, allowed posts flagged and every miss.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface Case {
  id: string;
  note: string;
  request: { contextRef?: string; post: { text: string } };
  expect: { verdict: string; rules: string[] };
}
interface Answer {
  verdict?: string;
  error?: unknown;
  findings?: Array<{ rule: string; undecided?: boolean }>;
}

const [file, repoArg, out] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: node --import tsx scripts/score-blind.ts FILE.jsonl [REPO] [OUT]');
  process.exit(3);
}
const repo = path.resolve(repoArg ?? path.join(import.meta.dirname, '..'));
const cases = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Case);
const input = cases.map((c) => JSON.stringify(c.request.contextRef === 'default' ? { post: c.request.post } : c.request)).join('\n') + '\n';
const r = spawnSync(process.execPath, [path.join(repo, 'bin/clearpost.js'), 'check', '--jsonl', '-', '--context', path.join(repo, 'test/corpus/context.json')], { input, maxBuffer: 1 << 28, encoding: 'utf8' });
const answers = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Answer);
if (answers.length !== cases.length) {
  console.error(`${answers.length} answers for ${cases.length} cases\n${r.stderr}`);
  process.exit(1);
}
let ok = 0;
let exact = 0;
let allowed = 0;
let flagged = 0;
const misses: string[] = [];
cases.forEach((c, i) => {
  const got = answers[i]!;
  const rules = [...new Set((got.findings ?? []).filter((f) => f.undecided !== true).map((f) => f.rule))].sort();
  const verdictOk = got.verdict === c.expect.verdict;
  const rulesOk = JSON.stringify(rules) === JSON.stringify([...c.expect.rules].sort());
  if (c.expect.verdict === 'allow') {
    allowed++;
    if (got.verdict !== 'allow') flagged++;
  }
  if (verdictOk) ok++;
  if (verdictOk && rulesOk) exact++;
  if (!verdictOk || !rulesOk) misses.push(`${verdictOk ? 'RULES' : 'MISS '} ${c.id} want ${c.expect.verdict} ${c.expect.rules.join(',')} got ${got.verdict ?? JSON.stringify(got.error)} ${rules.join(',')}\n   ${c.request.post.text.slice(0, 200).replace(/\n/g, ' ')}\n   note: ${c.note}`);
});
const pct = (n: number): string => ((100 * n) / cases.length).toFixed(1);
const report = `${file}: verdict ${ok}/${cases.length} = ${pct(ok)}%, exact ${pct(exact)}%, allowed flagged ${flagged}/${allowed}\n${misses.join('\n')}\n`;
process.stdout.write(report);
if (out !== undefined) fs.writeFileSync(out, report);
