// The whole photo pipeline on real photographs (face-api demo photos, MIT; TEST-IMAGES.md) and drawings made here:
// metadata, faces, OCR, floor plan; in this thread and in the worker pool.
import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { demoPhoto, floorPlanSvg, textSvg, withGpsExif } from '../../test/support/images.js';
import { ClearpostError } from '../core/errors.js';
import { analyzeImage, wordOffsets } from './analyze-image.js';
import { terminateOcr } from './ocr.js';
import { createImageAnalyzer } from './image-pool.js';

const pool = createImageAnalyzer(1);
afterAll(async () => {
  await pool.close();
  await terminateOcr();
});

describe('analyzeImage', { timeout: 180_000 }, () => {
  it('a real group photo: its faces in full-size pixels, the camera GPS and time, no text, no floor plan', async () => {
    const r = await analyzeImage(fs.readFileSync(demoPhoto(1)), { field: 'images[0].file' });
    expect([r.width, r.height]).toEqual([1920, 1280]);
    expect(r.detected.faces?.length).toBe(3);
    for (const f of r.detected.faces!) {
      expect(f.score).toBeGreaterThanOrEqual(0.5);
      expect(f.box[0] + f.box[2]).toBeLessThanOrEqual(1920);
      expect(f.box[1] + f.box[3]).toBeLessThanOrEqual(1280);
    }
    expect(r.detected.gps).toEqual({ lat: 37.319637, lon: -121.946502 });
    expect(r.detected.takenAt).toBe('2017-10-31T20:16:18');
    expect(r.detected.floorPlan).toBeUndefined();
    // A photograph without caption-like text is not read by OCR (1–4 s of CPU for nothing).
    expect(r.ocr).toBe('photograph');
    expect(r.detected.text).toBeUndefined();
  });

  it('boxes follow the EXIF orientation: a photo stored sideways reports boxes in the upright frame', async () => {
    const upright = await sharp(demoPhoto(1)).resize(960).jpeg().toBuffer();
    const sideways = await withGpsExif(await sharp(upright).rotate(-90).jpeg().toBuffer(), { lat: 1, lon: 1 }, undefined, 6);
    const a = await analyzeImage(upright, { ocr: false });
    const b = await analyzeImage(sideways, { ocr: false });
    expect([b.width, b.height]).toEqual([960, 640]);
    expect(b.detected.faces?.length).toBe(a.detected.faces?.length);
    const xs = (r: typeof a) => r.detected.faces!.map((f) => f.box[0]).sort((x, y) => x - y);
    xs(b).forEach((x, i) => expect(Math.abs(x - xs(a)[i]!)).toBeLessThan(25));
  });

  it('the drawn floor plan: OCR reads its labels and the heuristic flags it', async () => {
    const png = await sharp(Buffer.from(floorPlanSvg())).png().toBuffer();
    const r = await analyzeImage(png);
    expect(r.detected.faces).toEqual([]);
    expect(r.detected.text).toMatch(/MECH/);
    expect(r.detected.floorPlan?.score).toBeGreaterThanOrEqual(0.75);
    expect(r.detected.floorPlan?.reason).toMatch(/^a line drawing of rooms with room numbers 101/);
    expect(r.ocr).toBe('paper');
  });

  it('a screenshot of text: the words, their offsets in the text and their boxes', async () => {
    const png = await sharp(Buffer.from(textSvg(['Gradebook Period 3', 'Maya Lopez failed the retake']))).png().toBuffer();
    const r = await analyzeImage(png, { faces: false });
    expect(r.detected.text).toBe('Gradebook Period 3\nMaya Lopez failed the retake');
    const w = r.detected.words!;
    expect(w.map((x) => r.detected.text!.slice(x.start, x.end))).toEqual(['Gradebook', 'Period', '3', 'Maya', 'Lopez', 'failed', 'the', 'retake']);
    // "Maya" starts the second line: 40 px from the left, below the first line.
    expect(w[3]!.box[0]).toBeGreaterThan(30);
    expect(w[3]!.box[0]).toBeLessThan(50);
    expect(w[3]!.box[1]).toBeGreaterThan(w[0]!.box[1] + 40);
    expect(r.detected.faces).toBeUndefined();
  });

  it('a meme (a caption drawn over a real photo): the text gate lets it through and OCR reads the caption', async () => {
    const photo = await sharp(demoPhoto(1)).resize({ width: 1000 }).toBuffer();
    const { width = 0, height = 0 } = await sharp(photo).metadata();
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g font-family="DejaVu Sans" font-weight="bold" font-size="80" fill="#fff" stroke="#000" stroke-width="5" paint-order="stroke" text-anchor="middle">` +
      `<text x="${width / 2}" y="105">WHEN THE SHIT</text><text x="${width / 2}" y="${height - 45}">HITS THE FAN</text></g></svg>`;
    const meme = await sharp(photo).composite([{ input: Buffer.from(svg) }]).jpeg().toBuffer();
    const r = await analyzeImage(meme, { faces: false });
    expect(r.ocr).toBe('caption');
    expect(r.detected.text).toMatch(/WHEN THE SHIT/);
    expect(r.detected.text).toMatch(/HITS THE FAN/);
  });

  it('wordOffsets skips words it cannot place and scales boxes', () => {
    expect(wordOffsets('a bb\ncc', [{ text: 'bb', box: [1, 2, 3, 4] }, { text: 'zz', box: [0, 0, 1, 1] }, { text: 'cc', box: [5, 5, 5, 5] }], 2, 1)).toEqual([
      { start: 2, end: 4, box: [2, 2, 6, 4] },
      { start: 5, end: 7, box: [10, 5, 10, 5] },
    ]);
  });

  it('the worker pool gives the same answer, and a bad file comes back as the same ClearpostError', async () => {
    const buf = fs.readFileSync(demoPhoto(4));
    const [inPool, here] = await Promise.all([pool.analyze(buf, { field: 'images[2].file' }), analyzeImage(buf, { field: 'images[2].file' })]);
    expect(inPool.detected).toEqual(here.detected);
    expect(inPool.detected.faces?.length).toBeGreaterThanOrEqual(3);
    const err = await pool.analyze(buf.subarray(0, 5000), { field: 'images[2].file' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClearpostError);
    expect((err as ClearpostError).field).toBe('images[2].file');
    expect(pool.pending()).toBe(0);
  });
});
