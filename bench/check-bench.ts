// `npm run bench`: full checks per second on one core, p50/p99 per post, peak RSS, against obscenity alone and through the CLI.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { loadPolicyPack } from '../src/app/load-policy-pack.js';
import { parseCheckRequest, parseContext } from '../src/app/parse-check-request.js';
import { check } from '../src/core/check.js';
import { compileContext } from '../src/core/context.js';
import { generateContext, generatePosts } from './generate.js';

const N = Number(process.env.BENCH_POSTS ?? 100_000);
const OUT = path.resolve(import.meta.dirname, 'out');
fs.mkdirSync(OUT, { recursive: true });

function pct(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const pack = loadPolicyPack();
const rawContext = generateContext(40_000, 5_000);
const context = parseContext(JSON.parse(JSON.stringify(rawContext)));
const posts = generatePosts(N, context);
const requests = posts.map((p) => parseCheckRequest({ post: p }));
for (const r of requests) r.context = context;

// Context build: compile + indexes the rules need (roster names, records), measured on a fresh context object.
const fresh = parseContext(JSON.parse(JSON.stringify(rawContext)));
const t0 = performance.now();
compileContext(fresh);
check({ context: fresh, post: { ...posts[0]!, text: 'Shout out to Maya Lopez and Jake Peterson at Jefferson High School!' } }, pack, { now: new Date() });
const buildMs = performance.now() - t0;

// Full checks, one core.
const now = new Date('2026-11-25T12:00:00Z');
for (let i = 0; i < Math.min(5_000, N); i++) check(requests[i]!, pack, { now });
const times = new Float64Array(N);
const verdicts = { allow: 0, revise: 0, block: 0 };
const start = performance.now();
for (let i = 0; i < N; i++) {
  const s = performance.now();
  const res = check(requests[i]!, pack, { now });
  times[i] = performance.now() - s;
  verdicts[res.verdict]++;
}
const totalMs = performance.now() - start;
times.sort();
const checksPerSec = (N / totalMs) * 1000;

// obscenity's matcher alone on the same texts.
const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
for (let i = 0; i < Math.min(5_000, N); i++) matcher.getAllMatches(posts[i]!.text, true);
const otimes = new Float64Array(N);
const ostart = performance.now();
for (let i = 0; i < N; i++) {
  const s = performance.now();
  matcher.getAllMatches(posts[i]!.text, true);
  otimes[i] = performance.now() - s;
}
const oMs = performance.now() - ostart;
otimes.sort();
const obscenityPerSec = (N / oMs) * 1000;
const rss = process.resourceUsage().maxRSS / 1024;

// End to end through the CLI: JSON in, JSON out, with --context.
const ctxFile = path.join(OUT, 'context-40k.json');
const jsonlFile = path.join(OUT, `posts-${N}.jsonl`);
fs.writeFileSync(ctxFile, JSON.stringify(rawContext));
fs.writeFileSync(jsonlFile, posts.map((p) => JSON.stringify({ post: p })).join('\n') + '\n');
const cliStart = performance.now();
const lines = await new Promise<number>((resolve, reject) => {
  const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../bin/clearpost.js'), 'check', '--jsonl', jsonlFile, '--context', ctxFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let n = 0;
  child.stdout.on('data', (b: Buffer) => {
    for (let i = 0; i < b.length; i++) if (b[i] === 10) n++;
  });
  child.on('error', reject);
  child.on('close', () => resolve(n));
});
const cliMs = performance.now() - cliStart;
const cliPerSec = (lines / cliMs) * 1000;

const row = (what: string, got: string, goal: string) => console.log(`${what.padEnd(44)} ${got.padStart(16)}   ${goal}`);
console.log(`\nClearpost check benchmark — ${fmt(N)} generated posts, context of 40,000 students and 5,000 employees, Node ${process.version}`);
console.log(`verdicts: ${fmt(verdicts.allow)} allow, ${fmt(verdicts.revise)} revise, ${fmt(verdicts.block)} block\n`);
row('context build (compile + first check)', `${fmt(buildMs, 1)} ms`, 'goal < 1,000 ms');
row('full checks, one core', `${fmt(checksPerSec)} /s`, 'goal ≥ 50,000 /s');
row('  p50 per post', `${fmt(pct(times, 0.5) * 1000, 1)} µs`, '');
row('  p99 per post', `${fmt(pct(times, 0.99) * 1000, 1)} µs`, '');
row('obscenity RegExpMatcher alone', `${fmt(obscenityPerSec)} /s`, `p50 ${fmt(pct(otimes, 0.5) * 1000, 1)} µs`);
row('ratio full check / obscenity alone', `${fmt(checksPerSec / obscenityPerSec, 2)} ×`, 'goal ≥ 3 ×');
row('CLI --jsonl with --context, end to end', `${fmt(cliPerSec)} /s`, `goal ≥ 25,000 /s (${fmt(lines)} lines in ${fmt(cliMs / 1000, 2)} s)`);
row('peak RSS (this process)', `${fmt(rss)} MB`, '');
if (lines !== N) {
  console.error(`CLI answered ${lines} lines for ${N} requests`);
  process.exitCode = 1;
}
