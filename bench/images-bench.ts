// `npm run bench:images`: per-photo analysis time of 12-megapixel JPEGs (decode, EXIF, faces, OCR, floor plan) on one core
// and with the image pool on every core, peak RSS, and the API's text-check latency while photos are being analysed.
// Photos: the six @vladmandic/face-api demo photos (MIT) upscaled to 4000 × 3000, two of noise and shapes and one page of
// text drawn here (the page is the only one the text gate sends to OCR).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { systemActor } from '../src/app/access.js';
import { loadDemoDistrict } from '../src/app/load-demo-district.js';
import { loadPolicyPack } from '../src/app/load-policy-pack.js';
import { createUserAccount, LoginThrottle, signInLocal } from '../src/app/sign-in.js';
import { analyzeImage, type ImageAnalysis } from '../src/images/analyze-image.js';
import { createImageAnalyzer } from '../src/images/image-pool.js';
import { terminateOcr } from '../src/images/ocr.js';
import { buildServer } from '../src/server/app.js';
import { createDb } from '../src/store/create-db.js';
import { demoPhoto } from '../test/support/images.js';

const RUNS = Number(process.env.BENCH_IMAGES ?? 18);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const mode = process.argv[2] ?? 'main';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

/** Two photo checks at a time, one after the other, until told to stop; answers how many were done. */
const PHOTO_CLIENT = `
const { workerData, parentPort } = require('node:worker_threads');
const { base, headers, imgs, once } = workerData;
let stop = false;
let done = 0;
parentPort.on('message', () => { stop = true; });
async function check(i) {
  const form = new FormData();
  form.append('request', JSON.stringify({ post: { text: 'Homecoming!', network: 'facebook', images: [{ description: 'parade' }] } }));
  form.append('images[0]', new Blob([imgs[i % imgs.length]], { type: 'image/jpeg' }), 'p.jpg');
  const r = await fetch(base + '/api/v1/checks', { method: 'POST', headers, body: form });
  if (r.status !== 200) throw new Error('photo check: ' + r.status + ' ' + (await r.text()));
  await r.arrayBuffer();
}
(async () => {
  if (once) await check(0);
  else await Promise.all([0, 1].map(async (k) => { for (let i = k; !stop; i += 2) { await check(i); done++; } }));
  parentPort.postMessage(done);
})();`;

async function photos(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const i of [1, 2, 3, 4, 5, 6] as const) out.push(await sharp(demoPhoto(i)).resize(4000, 3000, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer());
  for (const seed of [1, 2]) {
    // Noise and shapes: worst case for JPEG decoding, nothing for the detectors.
    const noise = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    const shapes = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000">${Array.from({ length: 40 }, (_, k) => `<circle cx="${(k * 397 * seed) % 4000}" cy="${(k * 211 * seed) % 3000}" r="${60 + ((k * 37) % 300)}" fill="hsl(${(k * 47) % 360},70%,50%)" opacity="0.6"/>`).join('')}</svg>`;
    out.push(await sharp(noise).composite([{ input: Buffer.from(shapes) }]).jpeg({ quality: 90 }).toBuffer());
  }
  // A photographed page of text (goes through OCR): 30 lines drawn at 4000 × 3000.
  const lines = Array.from({ length: 30 }, (_, k) => `<text x="120" y="${160 + k * 94}" font-family="DejaVu Sans" font-size="64">Line ${k + 1}: Period ${1 + (k % 7)} retake scores posted, see room ${101 + k}</text>`).join('');
  out.push(await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000"><rect width="100%" height="100%" fill="#fafafa"/>${lines}</svg>`)).jpeg({ quality: 90 }).toBuffer());
  return out;
}

async function oneCore(): Promise<void> {
  const imgs = await photos();
  // As in the pool's threads (image-worker.ts): libvips single-threaded, no operation cache.
  sharp.concurrency(1);
  sharp.cache(false);
  await analyzeImage(imgs[0]!); // load models and warm up
  await analyzeImage(imgs[1]!);
  const runs: ImageAnalysis[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // CPU time of the whole process (this thread, sharp's and tesseract's threads): what a photo costs whatever else runs.
    const c = process.cpuUsage();
    runs.push(await analyzeImage(imgs[i % imgs.length]!));
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  await terminateOcr();
  const total = runs.map((r) => r.ms.total);
  const step = (k: keyof ImageAnalysis['ms']) => pct(runs.map((r) => r.ms[k]), 50);
  process.stdout.write(
    JSON.stringify({ n: runs.length, mb: imgs.reduce((s, b) => s + b.length, 0) / imgs.length / 1e6, p50: pct(total, 50), p99: pct(total, 99), cpu50: pct(cpu, 50), cpu99: pct(cpu, 99), decode: step('decode'), faces: step('faces'), ocr: step('ocr'), floorPlan: step('floorPlan'), maxRssKb: process.resourceUsage().maxRSS }) + '\n',
  );
}

async function main(): Promise<void> {
  const cores = os.availableParallelism();
  console.log(`Clearpost image benchmark — ${RUNS} analyses of 12-megapixel JPEGs (4000 × 3000), Node ${process.version}, ${cores} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const imgs = await photos();
  // BENCH_ONLY=api: only the API section (for A/B runs of it).
  if (process.env.BENCH_ONLY !== 'api') {
    // 1. One core: a child process pinned to CPU 0 (taskset), one photo at a time.
    const self = fileURLToPath(import.meta.url);
    const taskset = spawnSync('taskset', ['--version']).status === 0;
    const child = spawnSync(taskset ? 'taskset' : process.execPath, [...(taskset ? ['-c', '0', process.execPath] : []), '--import', 'tsx', self, 'one-core'], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`one-core run failed: ${child.stderr}`);
    const one = JSON.parse(child.stdout.trim().split('\n').pop()!) as { n: number; mb: number; p50: number; p99: number; cpu50: number; cpu99: number; decode: number; faces: number; ocr: number; floorPlan: number; maxRssKb: number };
    console.log(`\none core${taskset ? ' (taskset -c 0)' : ''}, one photo at a time (average file ${one.mb.toFixed(1)} MB)`);
    console.log(`  per photo p50 ${ms(one.p50).padStart(9)}   p99 ${ms(one.p99).padStart(9)}   goal p50 ≤ 400 ms`);
    console.log(`  CPU time per photo p50 ${ms(one.cpu50).padStart(9)}   p99 ${ms(one.cpu99).padStart(9)}   (all threads of the process; independent of what else runs on the machine)`);
    console.log(`  steps p50: decode+EXIF ${ms(one.decode)}, faces ${ms(one.faces)}, OCR ${ms(one.ocr)} (faces and OCR run at once), floor plan ${ms(one.floorPlan)}`);
    console.log(`  peak RSS ${mb(one.maxRssKb)}`);

    // 2. The pool on every core: all photos submitted at once, latency per photo and throughput.
    const pool = createImageAnalyzer(cores);
    await Promise.all(Array.from({ length: cores * 2 }, (_, i) => pool.analyze(imgs[i % imgs.length]!))); // start threads, load, warm up
    const lat: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: RUNS }, async (_, i) => {
        const t = performance.now();
        await pool.analyze(imgs[i % imgs.length]!);
        lat.push(performance.now() - t);
      }),
    );
    const wall = performance.now() - t0;
    await pool.close();
    console.log(`\npool of ${cores} threads, ${RUNS} photos submitted at once`);
    console.log(`  throughput ${((RUNS / wall) * 1000).toFixed(2)} photos/s (${ms(wall / RUNS)} of wall time per photo)`);
    console.log(`  latency incl. queueing p50 ${ms(pct(lat, 50))}   p99 ${ms(pct(lat, 99))}`);
    console.log(`  peak RSS so far (this process: photos, ${cores} analysis threads with their models) ${mb(process.resourceUsage().maxRSS)}`);
  }

  // 3. The API: text-check latency idle, then while photo checks keep the image pool busy.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-images-bench-'));
  const store = await createDb({ sqliteFile: path.join(dir, 'bench.db') });
  const deps = { db: store.db };
  const demo = await loadDemoDistrict(deps, { students: 2_000, employees: 200 });
  const PW = 'bench password 123';
  await createUserAccount(deps, systemActor(demo.districtId, 'bench'), { email: 'bench@example.test', name: 'Bench Teacher', password: PW, personId: demo.personas.teacher, roles: ['employee'] });
  const s = await signInLocal(deps, new LoginThrottle(), 'bench@example.test', PW, '127.0.0.1');
  // BENCH_IMAGE_NICE=off: the server's image threads at normal priority (A/B of image-pool.ts's default, nice 19).
  const nice = process.env.BENCH_IMAGE_NICE === undefined ? undefined : process.env.BENCH_IMAGE_NICE === 'off' ? false : Number(process.env.BENCH_IMAGE_NICE);
  const serverImages = createImageAnalyzer(undefined, nice === undefined ? {} : { nice });
  const app = await buildServer({ deps, pack: loadPolicyPack(), images: serverImages });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const headers = { cookie: `clearpost_session=${s.token}`, 'x-csrf-token': s.csrf };
  const text = { method: 'POST' as const, path: '/api/v1/checks', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ post: { text: 'Great turnout at the homecoming parade today', network: 'facebook', postedAt: '2026-11-28T19:00:00-06:00' } }) };
  // The photo checks come from a client thread (as from another machine): building and sending 4 MB forms is the client's
  // work, not the server's, and must not run on the server's event loop.
  const client = (once: boolean) => {
    const w = new Worker(PHOTO_CLIENT, { eval: true, workerData: { base, headers, once, imgs: imgs.map((b) => new Uint8Array(b)) } });
    const done = new Promise<number>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    return { stop: () => w.postMessage('stop'), done: done.finally(() => void w.terminate()) };
  };
  await client(true).done; // starts the server's pool (cores - 1 threads) and loads its models
  const idle = await autocannon({ url: base, connections: 4, duration: SECONDS, requests: [text] });
  const busy = client(false);
  const loaded = await autocannon({ url: base, connections: 4, duration: SECONDS, requests: [text] });
  busy.stop();
  const photosDone = await busy.done;
  await app.close();
  await serverImages.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`\nAPI text checks (4 connections, ${SECONDS} s each; server pool ${Math.max(1, cores - 1)} thread${cores - 1 > 1 ? 's' : ''})`);
  console.log(`  idle                    p50 ${String(idle.latency.p50).padStart(4)} ms   p99 ${String(idle.latency.p99).padStart(4)} ms   ${Math.round(idle.requests.average)} req/s`);
  console.log(`  2 photo checks at once  p50 ${String(loaded.latency.p50).padStart(4)} ms   p99 ${String(loaded.latency.p99).padStart(4)} ms   ${Math.round(loaded.requests.average)} req/s   (${photosDone} photos analysed meanwhile)`);
  console.log(`  errors ${idle.errors + idle.non2xx + loaded.errors + loaded.non2xx}`);
  console.log(`\npeak RSS of this process ${mb(process.resourceUsage().maxRSS)}`);
}

if (mode === 'one-core') await oneCore();
else await main();
