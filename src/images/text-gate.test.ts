// Which pictures are worth OCR: the six face-api demo photos (MIT; TEST-IMAGES.md), memes drawn over one of them by this
// test (white outlined captions), noise, and a page and a plan drawn here.
import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { demoPhoto, floorPlanSvg, textSvg } from '../../test/support/images.js';
import { prepareImage } from './decode.js';
import { textGate } from './text-gate.js';

const gate = async (buf: Buffer) => textGate((await prepareImage(buf, 'f')).detect);

async function meme(top: string, bottom: string, size: number, stroke: number): Promise<Buffer> {
  const photo = await sharp(demoPhoto(1)).resize({ width: 1000 }).toBuffer();
  const { width = 0, height = 0 } = await sharp(photo).metadata();
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g font-family="DejaVu Sans" font-weight="bold" font-size="${size}" fill="#fff" stroke="#000" stroke-width="${stroke}" paint-order="stroke" text-anchor="middle">` +
    `<text x="${width / 2}" y="105">${top}</text><text x="${width / 2}" y="${height - 45}">${bottom}</text></g></svg>`;
  return sharp(photo).composite([{ input: Buffer.from(svg) }]).png().toBuffer();
}

describe('text gate', { timeout: 60_000 }, () => {
  it('reads pages, screenshots (light and dark mode), photographed or dimmed screens and drawings', async () => {
    const page = await sharp(Buffer.from(textSvg(['Gradebook Period 3', 'Maya Lopez B+ 87 missing 2']))).png().toBuffer();
    const dark = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="400"><rect width="100%" height="100%" fill="#15202b"/><text x="40" y="120" font-family="DejaVu Sans" font-size="40" fill="#e7e9ea">Maya Lopez failed her retake again</text></svg>');
    const pictures: Array<[string, Buffer]> = [
      ['page', page],
      ['dimmed', await sharp(page).linear(0.7, 0).png().toBuffer()],
      ['screen photographed (dim, blue cast)', await sharp(page).linear(0.75, 10).tint('#c0d0ff').png().toBuffer()],
      ['dark mode', await sharp(dark).png().toBuffer()],
      ['floor plan', await sharp(Buffer.from(floorPlanSvg())).png().toBuffer()],
    ];
    for (const [name, buf] of pictures) expect(await gate(buf), name).toMatchObject({ read: true });
  });

  it('reads photographs with a meme caption, large or small', async () => {
    for (const [size, stroke] of [[80, 5], [48, 3], [40, 3]]) {
      const g = await gate(await meme('WHEN THE SHIT', 'HITS THE FAN', size!, stroke!));
      expect(g, `${size} px`).toMatchObject({ read: true, why: 'caption' });
    }
  });

  it('skips the six demo photographs (highlights, windows and a striped dress are not captions) and noise', async () => {
    for (const i of [1, 2, 3, 4, 5, 6] as const) {
      const g = await gate(fs.readFileSync(demoPhoto(i)));
      expect(g.read, `sample${i} ${JSON.stringify(g)}`).toBe(false);
    }
    const noise = await sharp({ create: { width: 2000, height: 1500, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    expect((await gate(noise)).read).toBe(false);
  });
});
