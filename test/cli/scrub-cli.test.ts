// `clearpost scrub IN OUT` on a real camera photo (face-api demo sample1.jpg, MIT; src/images/TEST-IMAGES.md): GPS gone, exit 3 on bad input.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { demoPhoto } from '../support/images.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cli = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin/clearpost.js'), ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearpost-scrub-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('clearpost scrub', { timeout: 240_000 }, () => {
  it('writes a copy without the GPS position and EXIF of a real camera photo', async () => {
    expect((await exifr.gps(demoPhoto(1)))?.latitude).toBeCloseTo(37.3196, 3);
    const out = path.join(dir, 'clean.jpg');
    const r = cli(['scrub', demoPhoto(1), out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ out, format: 'jpeg', removed: ['GPS location', 'capture time', 'all other metadata'] });
    const m = await sharp(out).metadata();
    expect([m.format, m.width, m.height, m.exif]).toEqual(['jpeg', 1920, 1280, undefined]);
    expect(await exifr.parse(out).catch(() => undefined)).toBeUndefined();
    // OUT exists now: refused without --force, replaced with it.
    const again = cli(['scrub', demoPhoto(1), out]);
    expect(again.status).toBe(3);
    expect(again.stderr).toContain('OUT: ');
    expect(cli(['scrub', demoPhoto(1), out, '--force']).status).toBe(0);
  });

  it('exits 3 naming IN for a missing file, a text file and a truncated photo, and writes nothing', () => {
    const missing = cli(['scrub', path.join(dir, 'nope.jpg'), path.join(dir, 'a.jpg')]);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toMatch(/IN: cannot read .*ENOENT/);
    const text = path.join(dir, 'notes.jpg');
    fs.writeFileSync(text, 'not a photo');
    const t = cli(['scrub', text, path.join(dir, 'b.jpg')]);
    expect(t.status).toBe(3);
    expect(t.stderr).toContain('IN: not an image');
    const half = path.join(dir, 'half.jpg');
    const jpeg = fs.readFileSync(demoPhoto(2));
    fs.writeFileSync(half, jpeg.subarray(0, jpeg.length >> 1));
    const h = cli(['scrub', half, path.join(dir, 'c.jpg')]);
    expect(h.status).toBe(3);
    expect(h.stderr).toContain('IN: the image is corrupt or truncated');
    expect(fs.readdirSync(dir).filter((f) => /^[abc]\.jpg$|\.tmp$/.test(f))).toEqual([]);
  });
});
