// Face detection on real photographs.
//
// Images: node_modules/@vladmandic/face-api/demo/sample1.jpg … sample6.jpg (1920 px wide group photos of
// 3-5 adults), shipped in the @vladmandic/face-api 1.7.15 npm package under its MIT licence
// (node_modules/@vladmandic/face-api/LICENSE, "Copyright (c) Vladimir Mandic"; the package README says
// "Photos shown below are taken by me"). They are read in place, never copied into the repo.
// - several faces: each whole photo, downscaled to 1600 px on the long side (3, 3, 3, 4, 5, 4 faces,
//   counted by eye);
// - one face: a 600x800 crop of sample1.jpg (the woman on the right);
// - no face: a 640x170 crop of the wall and pictures above the people in sample1.jpg, a 400x1125 crop of
//   sample3.jpg that shows an arm and legs but no face, and a landscape (sky, sun, hills, trees) drawn by
//   this test as SVG and rasterised with sharp.
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import { DETECT_SIDE } from './decode.js';
import type { DecodedImage } from './decoded-image.js';
import { detectFaces, faceEngine, loadFaceDetector, FACE_DETECTOR, FACE_MODEL_DIR, MIN_FACE_SCORE } from './faces.js';

const require = createRequire(import.meta.url);
const DEMO = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

async function decode(input: string | Buffer, prep?: (s: Sharp) => Sharp): Promise<DecodedImage> {
  let s = sharp(input).rotate();
  if (prep) s = prep(s);
  const { data, info } = await s.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(3);
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** sampleN.jpg downscaled to 1600 px on its long side, as the decoder does for large photos. */
async function sample(n: number, longSide = 1600): Promise<DecodedImage> {
  return decode(path.join(DEMO, `sample${n}.jpg`), (s) => s.resize(longSide, longSide, { fit: 'inside' }));
}

/** A rectangle of a decoded image, decoded again from a PNG of it. */
async function crop(img: DecodedImage, left: number, top: number, width: number, height: number): Promise<DecodedImage> {
  const raw = sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } });
  return decode(await raw.extract({ left, top, width, height }).png().toBuffer());
}

function iou(a: readonly number[], b: readonly number[]): number {
  const [ax, ay, aw, ah] = a as [number, number, number, number];
  const [bx, by, bw, bh] = b as [number, number, number, number];
  const ix = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
  const iy = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
  const inter = ix * iy;
  return inter / (aw * ah + bw * bh - inter);
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

describe(`detectFaces (${FACE_DETECTOR}, min score ${MIN_FACE_SCORE})`, () => {
  beforeAll(async () => {
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    await loadFaceDetector();
    const rss1 = process.memoryUsage().rss;
    console.log(
      `[faces] model load + warm-up ${(performance.now() - t0).toFixed(0)} ms; RSS ${mb(rss0)} MB before, ${mb(rss1)} MB after load; engine ${await faceEngine()} (TF.js backend ${tf.getBackend()} for the weights)`,
    );
  }, 120_000);

  it('finds every face in six group photos (several faces), boxes inside the image, at the decoder size and at 1600 px', async () => {
    const expected: Record<number, number> = { 1: 3, 2: 3, 3: 3, 4: 4, 5: 5, 6: 4 };
    for (const [n, count, side] of Object.entries(expected).flatMap(([k, c]) => [DETECT_SIDE, 1600].map((px) => [Number(k), c, px] as const))) {
      const img = await sample(n, side);
      const faces = await detectFaces(img);
      expect(faces, `sample${n}.jpg at ${side} px`).toHaveLength(count);
      for (const f of faces) {
        const [x, y, w, h] = f.box;
        expect(f.score).toBeGreaterThanOrEqual(MIN_FACE_SCORE);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(x + w).toBeLessThanOrEqual(img.width);
        expect(y + h).toBeLessThanOrEqual(img.height);
        // A face in these photos is 100-300 px across at 1600 px: not a whole-image or a speck box.
        expect(w).toBeGreaterThan((60 * side) / 1600);
        expect(w).toBeLessThan((400 * side) / 1600);
      }
      // Results come sorted by score, and no two boxes are the same face.
      expect(faces.map((f) => f.score)).toEqual([...faces.map((f) => f.score)].sort((a, b) => b - a));
      for (let i = 0; i < faces.length; i++)
        for (let j = i + 1; j < faces.length; j++) expect(iou(faces[i]!.box, faces[j]!.box)).toBeLessThan(0.3);
    }
  }, 120_000);

  it('photos detected at the same time in one thread give what each gives alone (the engine\'s input buffer is taken in turns)', async () => {
    // ONNX Runtime runs a session off the event loop: two photos in flight on one pool thread once shared one input buffer,
    // so one of them came back with no face (an image-pool test caught it under load).
    const imgs = await Promise.all([1, 4, 5, 2, 6, 3].map((n) => sample(n, DETECT_SIDE)));
    const alone: number[][][] = [];
    for (const img of imgs) alone.push((await detectFaces(img)).map((f) => f.box));
    const together = await Promise.all(imgs.map((img) => detectFaces(img)));
    expect(together.map((fs) => fs.map((f) => f.box))).toEqual(alone);
    expect(together.map((fs) => fs.length)).toEqual([3, 4, 5, 3, 4, 3]);
  }, 120_000);

  it('runs on ONNX Runtime\'s native kernels where onnxruntime-node has a binary (Linux, Windows, macOS arm64)', async () => {
    const native = ['linux-x64', 'linux-arm64', 'win32-x64', 'win32-arm64', 'darwin-arm64'].includes(`${process.platform}-${process.arch}`);
    expect(await faceEngine()).toBe(native && process.env.CLEARPOST_FACE_ENGINE !== 'tfjs' ? 'onnx' : 'tfjs');
  });

  it('the ONNX graph (or the fused TF.js network) gives the faces, scores and boxes of face-api\'s own SSD MobileNet v1 (same weights)', async () => {
    const reference = new faceapi.SsdMobilenetv1();
    await reference.loadFromDisk(FACE_MODEL_DIR);
    const options = new faceapi.SsdMobilenetv1Options({ minConfidence: MIN_FACE_SCORE, maxResults: 100 });
    let worst = 0;
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const img = await sample(n, DETECT_SIDE);
      const ours = await detectFaces(img);
      const input = faceapi.tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
      const theirs = await reference.locateFaces(input, options);
      input.dispose();
      expect(ours, `sample${n}.jpg`).toHaveLength(theirs.length);
      for (const t of theirs) {
        const box = [t.box.x, t.box.y, t.box.width, t.box.height];
        const same = ours.reduce((a, b) => (iou(a.box, box) > iou(b.box, box) ? a : b));
        expect(iou(same.box, box)).toBeGreaterThan(0.97);
        expect(Math.abs(same.score - t.score)).toBeLessThan(0.005);
        worst = Math.max(worst, Math.abs(same.score - t.score));
      }
    }
    reference.dispose();
    console.log(`[faces] ${await faceEngine()} vs face-api SSD on the six demo photos at ${DETECT_SIDE} px: same faces, largest score difference ${worst.toFixed(4)}`);
  }, 120_000);

  it('finds one face in a crop of one person, at the crop-relative position of the same face in the full photo', async () => {
    const full = await sample(1);
    const whole = await detectFaces(full);
    const one = await detectFaces(await crop(full, 1000, 0, 600, 800));
    expect(one).toHaveLength(1);
    const inFull = whole.find((f) => f.box[0] >= 1000);
    expect(inFull).toBeDefined();
    const [x, y, w, h] = inFull!.box;
    // Same face, shifted by the crop origin: boxes are in the input image's coordinates. (SSD sees each
    // input squeezed to 512x512, so the crop's box is not pixel-identical: centres within 20 px.)
    const [cx, cy, cw, ch] = one[0]!.box;
    expect(Math.abs(cx + cw / 2 - (x - 1000 + w / 2))).toBeLessThan(20);
    expect(Math.abs(cy + ch / 2 - (y + h / 2))).toBeLessThan(20);
    expect(iou(one[0]!.box, [x - 1000, y, w, h])).toBeGreaterThan(0.6);
  }, 60_000);

  it('reports boxes in the coordinates of the image it was given (same photo at 1600 px and 800 px)', async () => {
    const big = await detectFaces(await sample(4, 1600));
    const small = await detectFaces(await sample(4, 800));
    expect(small).toHaveLength(big.length);
    for (const s of small) {
      const scaled = s.box.map((v) => v * 2);
      expect(Math.max(...big.map((b) => iou(b.box, scaled)))).toBeGreaterThan(0.75);
    }
  }, 60_000);

  it('finds no face where there is none: a wall, an arm and legs, a drawn landscape', async () => {
    const full1 = await sample(1);
    expect(await detectFaces(await crop(full1, 0, 0, 640, 170))).toEqual([]);
    const full3 = await sample(3);
    expect(await detectFaces(await crop(full3, 0, 0, 400, 1125))).toEqual([]);
    const landscape = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000">
        <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#4a90d9"/><stop offset="1" stop-color="#cfe8ff"/></linearGradient></defs>
        <rect width="1600" height="1000" fill="url(#sky)"/>
        <circle cx="1250" cy="200" r="90" fill="#ffd75e"/>
        <path d="M0 620 L300 380 L560 600 L860 330 L1200 620 L1600 420 L1600 1000 L0 1000 Z" fill="#6b8e5a"/>
        <path d="M0 760 Q400 640 800 760 T1600 740 L1600 1000 L0 1000 Z" fill="#3f6b35"/>
        ${[120, 260, 420, 980, 1130, 1400].map((x) => `<rect x="${x - 12}" y="760" width="24" height="90" fill="#5b3a1e"/><polygon points="${x - 70},780 ${x},560 ${x + 70},780" fill="#2d4f22"/>`).join('')}
      </svg>`,
    );
    expect(await detectFaces(await decode(landscape))).toEqual([]);
  }, 60_000);

  it('finds the small faces of a crowd (a 3x3 mosaic of sample5: 45 faces about 48 px wide) with the tiled second pass', async () => {
    // Synthetic crowd built from the real photo: nine copies of sample5.jpg at 533 px wide on a 1600x1200 canvas.
    const cw = Math.floor(1600 / 3);
    const ch = Math.floor(cw * 0.728);
    const tile = await sharp(path.join(DEMO, 'sample5.jpg')).resize(cw, ch, { fit: 'fill' }).png().toBuffer();
    const copies = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => ({ input: tile, left: c * cw, top: r * ch })));
    const png = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#777' } }).composite(copies).png().toBuffer();
    const crowd = await decode(png);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const faces = await detectFaces(crowd);
    const c = process.cpuUsage(c0);
    console.log(`[faces] crowd 1600x1200, 45 faces ~48 px: found ${faces.length} in ${(performance.now() - t0).toFixed(0)} ms (CPU ${((c.user + c.system) / 1000).toFixed(0)} ms)`);
    // Without the tiles SSD found 35 here; each copy holds 5 faces, so every box lies inside one copy.
    expect(faces.length).toBeGreaterThanOrEqual(43);
    expect(faces.length).toBeLessThanOrEqual(45);
    const perCopy = new Map<string, number>();
    for (const f of faces) {
      const key = `${Math.floor((f.box[0] + f.box[2] / 2) / cw)},${Math.floor((f.box[1] + f.box[3] / 2) / ch)}`;
      perCopy.set(key, (perCopy.get(key) ?? 0) + 1);
    }
    expect(Math.max(...perCopy.values())).toBeLessThanOrEqual(5);
    // As analyzeImage runs it: the first pass on the 1000 px copy, the tiles cut from a 1600 px copy, boxes in the 1000 px frame.
    const small = await decode(png, (s) => s.resize(DETECT_SIDE, DETECT_SIDE, { fit: 'inside' }));
    let asked = 0;
    const fromSmall = await detectFaces(small, { detail: () => (asked++, Promise.resolve(crowd)) });
    console.log(`[faces] same crowd at ${small.width}x${small.height}, tiles from the 1600 px copy: found ${fromSmall.length}`);
    expect(asked).toBe(1);
    expect(fromSmall.length).toBeGreaterThanOrEqual(43);
    expect(fromSmall.length).toBeLessThanOrEqual(45);
    for (const f of fromSmall) expect(f.box[0] + f.box[2]).toBeLessThanOrEqual(small.width);
    // A photo without small faces never asks for the larger copy.
    await detectFaces(await sample(1, DETECT_SIDE), { detail: () => (asked++, Promise.resolve(crowd)) });
    expect(asked).toBe(1);
  }, 120_000);

  it('a lower min score can only add faces; a score above every face finds none', async () => {
    const img = await sample(3);
    const normal = await detectFaces(img);
    const loose = await detectFaces(img, { minScore: 0.2 });
    expect(loose.length).toBeGreaterThanOrEqual(normal.length);
    expect(await detectFaces(img, { minScore: 0.9999 })).toEqual([]);
  }, 60_000);

  it('works inside a worker_thread (TF.js and the model load again there: its engine is per thread)', async () => {
    const img = await sample(1);
    const tsx = pathToFileURL(path.join(path.dirname(require.resolve('tsx/esm/api')), 'index.mjs')).href;
    const faces = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'faces.ts')).href;
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      (async () => {
        const { register } = await import(${JSON.stringify(tsx)});
        register();
        globalThis.fetch = () => { throw new Error('fetch called'); };
        const { detectFaces } = await import(${JSON.stringify(faces)});
        const found = await detectFaces({ data: new Uint8Array(workerData.data), width: workerData.width, height: workerData.height });
        parentPort.postMessage(found);
      })().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));`;
    const worker = new Worker(code, { eval: true, workerData: { data: img.data, width: img.width, height: img.height } });
    try {
      const found = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      const here = await detectFaces(img);
      expect(found).toEqual(here);
    } finally {
      await worker.terminate();
    }
  }, 120_000);

  it('rejects malformed input with an error naming the field', async () => {
    await expect(detectFaces({ data: new Uint8Array(10), width: 4, height: 4 })).rejects.toMatchObject({ code: 'invalid-image', field: 'image' });
    await expect(detectFaces({ data: new Uint8Array(0), width: 0, height: 0 })).rejects.toMatchObject({ code: 'invalid-image', field: 'image' });
    await expect(detectFaces({ data: new Uint8Array(12), width: 2, height: 2 }, { minScore: 2 })).rejects.toMatchObject({ field: 'minScore' });
    await expect(detectFaces({ data: new Uint8Array(12), width: 2, height: 2 }, { minScore: 0 })).rejects.toMatchObject({ field: 'minScore' });
  });

  it('keeps nothing between calls: tensor count and memory stay flat over 50 calls; per-call time on a 1600 px photo', async () => {
    const img = await sample(5);
    await detectFaces(img); // the wasm heap grows to its working size on the first call at this size
    const tensors = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    const rssBefore = process.memoryUsage().rss;
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 50; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const faces = await detectFaces(img);
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      expect(faces).toHaveLength(5);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(tf.memory().numBytes).toBe(bytes);
    }
    const rssAfter = process.memoryUsage().rss;
    const q = (xs: number[], p: number): string => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!.toFixed(0);
    console.log(
      `[faces] ${img.width}x${img.height} photo, 50 calls: wall p50 ${q(wall, 0.5)} ms, p99 ${q(wall, 0.99)} ms; CPU p50 ${q(cpu, 0.5)} ms; ` +
        `tensors ${tensors} (weights) before and after; RSS ${mb(rssBefore)} -> ${mb(rssAfter)} MB`,
    );
    expect(rssAfter - rssBefore).toBeLessThan(64 * 1024 * 1024);
  }, 180_000);
});
