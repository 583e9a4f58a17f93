// `npm run bench:audit`: generates a 1,000,000-post X archive and audits it on all cores; prints wall time, posts/s and peak RSS.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { auditArchive } from '../src/app/audit-archive.js';
import { generateContext } from './generate.js';

const N = Number(process.env.BENCH_POSTS ?? 1_000_000);
const dir = path.resolve(import.meta.dirname, `out/x-archive-${N}`);
const file = path.join(dir, 'data/tweets.js');
if (!fs.existsSync(file)) {
  const g = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'audit-generate.ts'), String(N), dir], { stdio: 'inherit' });
  if (g.status !== 0) process.exit(1);
}
// The context as `clearpost audit --context FILE` gets it: a file each worker reads and validates (the same
// file `npm run bench` writes); this process never holds a copy.
const contextFile = path.resolve(import.meta.dirname, 'out/context-40k.json');
if (!fs.existsSync(contextFile)) fs.writeFileSync(contextFile, JSON.stringify(generateContext(40_000, 5_000)));
const size = fs.statSync(file).size;
const t0 = performance.now();
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
const { summary } = await auditArchive({ path: dir, outDir: path.join(dir, '..', `audit-${N}`), formats: ['csv', 'json', 'html'], contextFile });
clearInterval(timer);
const wall = (performance.now() - t0) / 1000;
const maxRss = Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1e6;
console.log(`\nClearpost audit benchmark — X archive of ${N.toLocaleString('en-US')} posts (${(size / 1e6).toFixed(0)} MB tweets.js), 40,000-student context, ${os.availableParallelism()} cores, Node ${process.version}`);
console.log(`verdicts: ${summary.verdicts.allow} allow, ${summary.verdicts.revise} revise, ${summary.verdicts.block} block; read errors: ${summary.readErrors.length}`);
console.log(`wall time            ${wall.toFixed(1).padStart(8)} s     goal ≤ 60 s`);
console.log(`throughput           ${Math.round(summary.posts / wall).toLocaleString('en-US').padStart(8)} posts/s`);
console.log(`peak RSS (all threads) ${maxRss.toFixed(0).padStart(6)} MB    goal ≤ 512 MB`);
if (summary.posts !== N) {
  console.error(`audited ${summary.posts} of ${N} posts`);
  process.exitCode = 1;
}
