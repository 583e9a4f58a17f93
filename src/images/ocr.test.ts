// OCR on images drawn by this test and on real photographs.
//
// - The gradebook "screenshot" is drawn here as SVG text (DejaVu Sans, installed on this machine) and
//   rasterised with sharp: synthetic, the names and grades are made up.
// - The meme is a real photograph with a caption drawn over it by this test: node_modules/@vladmandic/
//   face-api/demo/sample1.jpg, shipped in the @vladmandic/face-api 1.7.15 npm package under its MIT
//   licence (node_modules/@vladmandic/face-api/LICENSE, "Copyright (c) Vladimir Mandic"; the README says
//   "Photos shown below are taken by me"). The photos without text are sample2.jpg and sample4.jpg.
//   Read in place, never copied into the repo.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recognizeText, loadOcr, terminateOcr, OCR_LANG_PATH, MIN_LINE_CONFIDENCE, type RecognizedWord } from './ocr.js';

const require = createRequire(import.meta.url);
const DEMO = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

const ROWS = [
  ['Student', 'ID', 'Quiz 1', 'Midterm', 'Final grade'],
  ['Avery Johnson', '204417', '88', '91', 'A-'],
  ['Brianna Lopez', '204418', '72', '65', 'C'],
  ['Carlos Nguyen', '204419', '95', '98', 'A'],
  ['Dana Whitfield', '204420', '58', '61', 'D+'],
  ['Ethan Park', '204421', '81', '77', 'B'],
];
const COLS = [40, 330, 480, 620, 780];
const rowBaseline = (i: number): number => 150 + i * 60;

/** A 1000x700 screenshot of a gradebook page, drawn as SVG and rasterised by sharp. */
async function gradebookPng(): Promise<Buffer> {
  let svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="700"><rect width="100%" height="100%" fill="#f4f6f8"/>' +
    '<rect x="0" y="0" width="1000" height="70" fill="#1f4e79"/>' +
    '<text x="30" y="46" font-family="DejaVu Sans" font-size="26" fill="#fff">PowerSchool - Gradebook - Period 3 Algebra I</text>';
  ROWS.forEach((r, i) => {
    const y = rowBaseline(i);
    svg += `<rect x="20" y="${y - 38}" width="960" height="56" fill="${i === 0 ? '#dde5ee' : i % 2 ? '#fff' : '#f0f3f6'}" stroke="#c8d0da"/>`;
    r.forEach((c, j) => {
      svg += `<text x="${COLS[j]}" y="${y}" font-family="DejaVu Sans" font-size="${i === 0 ? 20 : 22}"${i === 0 ? ' font-weight="bold"' : ''} fill="#222">${c}</text>`;
    });
  });
  svg += '<text x="40" y="600" font-family="DejaVu Sans" font-size="16" fill="#555">Term 1 2025-26 - last saved 10:42 AM</text></svg>';
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A meme: sample1.jpg at 1000 px wide with a white, black-outlined bold caption at top and bottom. */
async function memePng(top: string, bottom: string): Promise<{ png: Buffer; width: number; height: number }> {
  const photo = await sharp(path.join(DEMO, 'sample1.jpg')).resize(1000).toBuffer();
  const { width, height } = await sharp(photo).metadata();
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    '<g font-family="DejaVu Sans" font-weight="bold" font-size="80" fill="#fff" stroke="#000" stroke-width="5" paint-order="stroke" text-anchor="middle">' +
    `<text x="${width / 2}" y="105">${top}</text><text x="${width / 2}" y="${height - 45}">${bottom}</text></g></svg>`;
  const png = await sharp(photo).composite([{ input: Buffer.from(svg) }]).png().toBuffer();
  return { png, width, height };
}

const centreY = (w: RecognizedWord): number => w.box[1] + w.box[3] / 2;
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;

describe('recognizeText (tesseract.js, eng from node_modules)', () => {
  beforeAll(async () => {
    const rss0 = process.memoryUsage().rss;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await loadOcr();
    console.log(
      `[ocr] worker start + eng model load ${(performance.now() - t0).toFixed(0)} ms (CPU ${cpuMs(process.cpuUsage(c0)).toFixed(0)} ms); ` +
        `RSS ${mb(rss0)} MB before, ${mb(process.memoryUsage().rss)} MB after; model ${OCR_LANG_PATH}`,
    );
  }, 120_000);
  afterAll(async () => {
    await terminateOcr();
  });

  it('the language data is a local file in node_modules, and nothing is cached to disk', () => {
    expect(path.isAbsolute(OCR_LANG_PATH)).toBe(true);
    expect(OCR_LANG_PATH).toContain(path.join('node_modules', '@tesseract.js-data', 'eng'));
    expect(existsSync(path.join(OCR_LANG_PATH, 'eng.traineddata.gz'))).toBe(true);
    expect(readdirSync(process.cwd()).filter((f) => f.endsWith('.traineddata'))).toEqual([]);
  });

  it('reads a gradebook screenshot: each student name and grade, with boxes where they were drawn', async () => {
    const png = await gradebookPng();
    const wall: number[] = [];
    const cpu: number[] = [];
    let result = await recognizeText(png);
    for (let i = 0; i < 4; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      result = await recognizeText(png);
      wall.push(performance.now() - t0);
      cpu.push(cpuMs(process.cpuUsage(c0)));
    }
    const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
    console.log(`[ocr] 1000x700 gradebook screenshot: wall ${sorted(wall).map((x) => x.toFixed(0)).join('/')} ms, CPU median ${sorted(cpu)[2]!.toFixed(0)} ms; ${result.words.length} words`);

    expect(result.text).toContain('Gradebook');
    for (const [i, row] of ROWS.entries()) {
      if (i === 0) continue;
      const [name, , , , grade] = row as [string, string, string, string, string];
      expect(result.text).toContain(name);
      const [first, last] = name.split(' ') as [string, string];
      const w1 = result.words.find((w) => w.text === first);
      const w2 = result.words.find((w) => w.text === last);
      const g = result.words.find((w) => w.text === grade && Math.abs(centreY(w) - (rowBaseline(i) - 8)) < 20);
      expect(w1, first).toBeDefined();
      expect(w2, last).toBeDefined();
      expect(g, `grade ${grade} of ${name}`).toBeDefined();
      // Boxes where the SVG drew them: names start at x=40, grades at x=780, on the row's baseline.
      expect(Math.abs(w1!.box[0] - COLS[0]!)).toBeLessThanOrEqual(6);
      expect(Math.abs(g!.box[0] - COLS[4]!)).toBeLessThanOrEqual(6);
      for (const w of [w1!, w2!, g!]) {
        expect(w.box[1] + w.box[3]).toBeGreaterThanOrEqual(rowBaseline(i) - 4);
        expect(w.box[1]).toBeGreaterThan(rowBaseline(i) - 30);
        expect(w.box[2]).toBeGreaterThan(5);
      }
      expect(w2!.box[0]).toBeGreaterThan(w1!.box[0] + w1!.box[2]);
      // The grade is read on the same line as the student's name.
      expect(result.text.split('\n').find((l) => l.startsWith(name))).toMatch(new RegExp(`${name} ${row[1]} ${row[2]} ${row[3]} ${grade.replace('+', '\\+')}$`));
    }
  }, 120_000);

  it('reads a profane meme caption over a photograph, with the words at the top and bottom', async () => {
    const { png, width, height } = await memePng('WHEN THE SHIT', 'HITS THE FAN');
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await recognizeText(png);
    console.log(`[ocr] ${width}x${height} meme: ${(performance.now() - t0).toFixed(0)} ms (CPU ${cpuMs(process.cpuUsage(c0)).toFixed(0)} ms): ${JSON.stringify(result.text)}`);
    expect(result.text).toContain('WHEN THE SHIT');
    expect(result.text).toContain('HITS THE FAN');
    const shit = result.words.find((w) => w.text === 'SHIT');
    const fan = result.words.find((w) => w.text === 'FAN');
    expect(shit!.box[1] + shit!.box[3]).toBeLessThan(150);
    expect(shit!.box[0]).toBeGreaterThan(width / 2);
    expect(fan!.box[1]).toBeGreaterThan(height - 150);
    expect(shit!.confidence).toBeGreaterThanOrEqual(MIN_LINE_CONFIDENCE);
  }, 120_000);

  it('reads no text in photographs that have none', async () => {
    // sample2 at 1000 px (upscaled 2x for OCR) and sample4 at its own 1920x1448 (what decode.ts hands over).
    for (const [n, side] of [[2, 1000], [4, 1920]] as const) {
      const png = await sharp(path.join(DEMO, `sample${n}.jpg`)).resize(side).png().toBuffer();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const result = await recognizeText(png);
      console.log(`[ocr] sample${n}.jpg at ${side} px, no text: ${(performance.now() - t0).toFixed(0)} ms (CPU ${cpuMs(process.cpuUsage(c0)).toFixed(0)} ms)`);
      expect(result, `sample${n}.jpg`).toEqual({ text: '', words: [] });
    }
  }, 120_000);

  it('scales boxes back to the input when a large image is downscaled for OCR', async () => {
    const big = await sharp(await gradebookPng()).resize(3000).png().toBuffer();
    const result = await recognizeText(big);
    const brianna = result.words.find((w) => w.text === 'Brianna');
    expect(brianna).toBeDefined();
    expect(Math.abs(brianna!.box[0] - 3 * COLS[0]!)).toBeLessThanOrEqual(15);
    expect(Math.abs(centreY(brianna!) - 3 * (rowBaseline(2) - 8))).toBeLessThanOrEqual(25);
  }, 120_000);

  it('refuses what is not an image with an error naming the field, and keeps working after', async () => {
    await expect(recognizeText(Buffer.from('not an image at all'))).rejects.toMatchObject({ code: 'invalid-image', field: 'image' });
    await expect(recognizeText(Buffer.alloc(0))).rejects.toMatchObject({ code: 'invalid-image', field: 'image' });
    const png = await gradebookPng();
    await expect(recognizeText(png.subarray(0, Math.floor(png.length / 2)))).rejects.toMatchObject({ code: 'invalid-image', field: 'image' });
    expect((await recognizeText(png)).text).toContain('Brianna Lopez');
  }, 120_000);

  it('works inside a worker_thread (its own tesseract worker), which shuts down cleanly with terminateOcr', async () => {
    const png = await gradebookPng();
    // tsx's ESM API (index.mjs: the CJS entry's register() fails from an eval'd worker) compiles ocr.ts there.
    const tsx = pathToFileURL(path.join(path.dirname(require.resolve('tsx/esm/api')), 'index.mjs')).href;
    const ocr = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'ocr.ts')).href;
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      (async () => {
        const { register } = await import(${JSON.stringify(tsx)});
        register();
        // No network: any fetch in this thread fails the test.
        globalThis.fetch = () => { throw new Error('fetch called'); };
        const { recognizeText, terminateOcr } = await import(${JSON.stringify(ocr)});
        const r = await recognizeText(Buffer.from(workerData));
        await terminateOcr();
        parentPort.postMessage(r.text);
      })().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`;
    const worker = new Worker(code, { eval: true, workerData: png });
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    const text = await new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(text).toEqual(expect.stringContaining('Brianna Lopez 204418 72 65 C'));
    // terminateOcr left nothing running in the thread: it exits on its own.
    expect(await exited).toBe(0);
  }, 120_000);
});
