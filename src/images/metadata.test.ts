// A real JPEG (a face-api demo photo, MIT: TEST-IMAGES.md) gets GPS and capture time written into its EXIF by the test,
// is read back with exifr, geofenced against the district's buildings, and scrubbed.
import fs from 'node:fs';
import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { context, pack } from '../../test/support/kit.js';
import { demoPhoto, withGpsExif } from '../../test/support/images.js';
import { Analysis } from '../core/analysis.js';
import { compileContext } from '../core/context.js';
import { photoOnPremises } from '../core/analyzers/geofence.js';
import { ClearpostError } from '../core/errors.js';
import { exifTime, readMetadata } from './metadata.js';
import { scrubImage } from './scrub.js';

// 60 m north-east of Jefferson High School's point in the test district (radius 250 m).
const AT_SCHOOL = { lat: 45.8856, lon: -95.3770 };

async function photoWithGps(): Promise<Buffer> {
  const small = await sharp(fs.readFileSync(demoPhoto(5))).resize(800).jpeg().toBuffer();
  return withGpsExif(small, AT_SCHOOL, { at: '2026:10:05 10:12:30', offset: '-05:00' }, 6);
}

describe('photo metadata', () => {
  it('reads back the GPS position and capture time the test wrote, and places the photo on district premises', async () => {
    const jpeg = await photoWithGps();
    const m = await readMetadata(jpeg);
    expect(m.takenAt).toBe('2026-10-05T10:12:30-05:00');
    expect(m.gps?.lat).toBeCloseTo(AT_SCHOOL.lat, 5);
    expect(m.gps?.lon).toBeCloseTo(AT_SCHOOL.lon, 5);
    expect(m.orientation).toBe(6);
    const image = { detected: { gps: m.gps! } };
    const a = new Analysis({ text: 'x', images: [image] }, compileContext(context()), pack, new Date('2026-10-05T16:00:00Z'));
    expect(photoOnPremises(a, image)).toEqual({ building: 'Jefferson High School', distanceM: 59 });
  });

  it("reads the GPS position and time a real camera wrote (sample1.jpg: a Sony ILCE-7M2, 2017-10-31 20:16:18, no offset)", async () => {
    expect(await readMetadata(fs.readFileSync(demoPhoto(1)))).toEqual({ takenAt: '2017-10-31T20:16:18', gps: { lat: 37.319637, lon: -121.946502 } });
  });

  it('has nothing to say about a photo without metadata or a file that is not an image', async () => {
    expect(await readMetadata(await sharp(demoPhoto(1)).resize(100).jpeg().toBuffer())).toEqual({});
    expect(await readMetadata(Buffer.from('not an image at all'))).toEqual({});
  });

  it('reads EXIF times with and without an offset, and ignores unset ones', () => {
    expect(exifTime('2026:10:05 10:12:30', '+02:00')).toBe('2026-10-05T10:12:30+02:00');
    expect(exifTime('2026:10:05 10:12:30', undefined)).toBe('2026-10-05T10:12:30');
    expect(exifTime('0000:00:00 00:00:00', undefined)).toBeUndefined();
    expect(exifTime('yesterday', undefined)).toBeUndefined();
  });

  it('scrub writes a copy without GPS or any EXIF, the orientation turned into pixels', async () => {
    const jpeg = await photoWithGps();
    const out = await scrubImage(jpeg, 'IN');
    expect(out.mime).toBe('image/jpeg');
    const meta = await sharp(out.data).metadata();
    expect([meta.width, meta.height]).toEqual([Math.round((800 * 1398) / 1920), 800]);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(await exifr.gps(out.data).catch(() => undefined)).toBeUndefined();
    expect(await readMetadata(out.data)).toEqual({});
    // The source still has it: scrub never touches its input.
    expect((await readMetadata(jpeg)).gps).toBeDefined();
  });

  it("scrub removes a real camera's GPS and EXIF", async () => {
    const out = await scrubImage(fs.readFileSync(demoPhoto(1)), 'IN');
    expect(await readMetadata(out.data)).toEqual({});
    expect((await sharp(out.data).metadata()).exif).toBeUndefined();
  });

  it('scrub keeps PNG as PNG and refuses what is not an image', async () => {
    const png = await sharp(demoPhoto(2)).resize(200).withMetadata().png().toBuffer();
    expect((await scrubImage(png, 'IN')).format).toBe('png');
    await expect(scrubImage(Buffer.from('hello'), 'IN')).rejects.toBeInstanceOf(ClearpostError);
  });
});
