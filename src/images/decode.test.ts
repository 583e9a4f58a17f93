// Photos: demo photographs from @vladmandic/face-api (MIT) and images drawn here; sources in TEST-IMAGES.md beside this file.
import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ClearpostError } from '../core/errors.js';
import { demoPhoto, heicLabelled, pngClaiming, withGpsExif } from '../../test/support/images.js';
import { DETECT_SIDE, OCR_SIDE, prepareImage, readHeader } from './decode.js';

async function refusal(p: Promise<unknown>): Promise<ClearpostError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClearpostError);
  return err as ClearpostError;
}

describe('decode', () => {
  it('decodes a real photo: RGB for the detectors at most 1000 px, and on demand a greyscale PNG for OCR', async () => {
    const p = await prepareImage(fs.readFileSync(demoPhoto(1)), 'images[0].file');
    expect(p.header).toEqual({ format: 'jpeg', width: 1920, height: 1280, orientation: 1 });
    expect([p.detect.width, p.detect.height]).toEqual([DETECT_SIDE, 667]);
    expect(p.detect.data.length).toBe(p.detect.width * p.detect.height * 3);
    const o = await p.ocrImage();
    const ocr = await sharp(o.png).metadata();
    expect([ocr.format, ocr.width, ocr.height, ocr.channels]).toEqual(['png', 1920, 1280, 1]);
    expect([o.width, o.height]).toEqual([1920, 1280]);
    expect(await p.ocrImage()).toBe(o); // decoded once however often it is asked for
  });

  it('shrinks a 12-megapixel JPEG in the decoder (1/4 scale) to the detector size, and to the OCR size on demand', async () => {
    const big = await sharp(demoPhoto(2)).resize(4000, 3000, { fit: 'fill' }).jpeg().toBuffer();
    const c0 = process.cpuUsage();
    const p = await prepareImage(big, 'f');
    const c = process.cpuUsage(c0);
    expect([p.detect.width, p.detect.height]).toEqual([1000, 750]);
    console.log(`[decode] 4000 × 3000 JPEG → ${p.detect.width} × ${p.detect.height} RGB: CPU ${((c.user + c.system) / 1000).toFixed(0)} ms`);
    const o = await p.ocrImage();
    expect([o.width, o.height]).toEqual([OCR_SIDE, 1500]);
    expect((await sharp(o.png).metadata()).width).toBe(OCR_SIDE);
  });

  it('applies the EXIF orientation before anything looks at the pixels', async () => {
    const rotated = await withGpsExif(await sharp(demoPhoto(1)).resize(600).jpeg().toBuffer(), { lat: 1, lon: 1 }, undefined, 6);
    const p = await prepareImage(rotated, 'f');
    expect(p.header.orientation).toBe(6);
    expect([p.detect.width, p.detect.height]).toEqual([400, 600]);
  });

  it('flattens transparency and greyscale to three channels', async () => {
    const rgba = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const p = await prepareImage(rgba, 'f');
    expect(p.detect.data.length).toBe(40 * 30 * 3);
    expect(p.detect.data[0]).toBe(255); // transparent → white paper
  });

  it('refuses a 20000 × 20000 header before decoding a pixel', async () => {
    const rss = process.memoryUsage().rss;
    const e = await refusal(prepareImage(await pngClaiming(20000, 20000), 'images[0].file'));
    expect(e.code).toBe('invalid-image');
    expect(e.field).toBe('images[0].file');
    expect(e.message).toMatch(/^images\[0\]\.file: .*100 megapixels/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200_000_000);
  });

  it('refuses truncated, corrupt, empty and non-image files naming the field', async () => {
    const jpeg = fs.readFileSync(demoPhoto(3));
    const truncated = await refusal(prepareImage(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'images[1].file'));
    expect(truncated.message).toMatch(/^images\[1\]\.file: the image is corrupt or truncated/);
    const corrupt = Buffer.from(jpeg);
    corrupt.fill(0x00, 2000, 60_000);
    expect((await refusal(prepareImage(corrupt, 'file'))).field).toBe('file');
    expect((await refusal(prepareImage(Buffer.alloc(0), 'file'))).message).toBe('file: the file is empty');
    expect((await refusal(prepareImage(Buffer.from('%PDF-1.7 not a photo'), 'file'))).message).toMatch(/file: not an image/);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    expect((await refusal(readHeader(svg, 'file'))).message).toMatch(/svg images are not accepted/);
  });

  it('refuses HEIC (HEVC) with a message saying to export JPEG, since this libvips has no HEVC decoder', async () => {
    expect(Object.keys(sharp.versions).some((k) => k.includes('de265'))).toBe(false);
    const e = await refusal(prepareImage(await heicLabelled(), 'images[0].file'));
    expect(e.message).toMatch(/HEIC\/HEIF .*export the photo as JPEG/);
  });

  it('reads AVIF (HEIF with AV1), which this libvips decodes', async () => {
    const avif = await sharp(demoPhoto(4)).resize(320).avif().toBuffer();
    const p = await prepareImage(avif, 'f');
    expect(p.header.format).toBe('heif');
    expect(p.detect.width).toBe(320);
  });
});
