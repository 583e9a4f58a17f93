// Is there text worth reading in this picture? OCR costs 1–4 s of CPU on a photograph (tesseract reads texture as
// candidate letters) and about 14 s on noise, so a photograph is only read when it carries caption-like text.
// Measured on the six face-api demo photos and memes drawn over them (docs/decisions/0003-images.md).
import sharp from 'sharp';
import type { DecodedImage } from './decoded-image.js';

export interface TextGate {
  /** Share of pixels within ±6 grey levels of the most common one: pages, screenshots (light or dark mode), drawings and
   * photographed screens have one dominant background; photographs do not. */
  paper: number;
  /** Share of pixels in short white runs with a dark edge on both sides: letters of a caption (white with an outline, or on a dark band). */
  caption: number;
  /** Of all bright pixels standing out from their neighbourhood, the share that are such outlined strokes (highlights and windows are not). */
  captionShare: number;
  read: boolean;
  why: 'paper' | 'caption' | 'photograph';
}

/** One background over ≥ 45 % of the picture: read it. Pages, screenshots, dimmed or tinted screens and dark mode: 0.94–0.99;
 * the six demo photographs 0.11–0.34; noise 0.25. */
export const MIN_PAPER = 0.45;
/** Photographs: read when outlined white strokes cover ≥ 0.1 % of the picture (a two-word 40 px caption: 0.23 %; demo photos: 0–0.67 %)… */
export const MIN_CAPTION = 0.001;
/** …and make up ≥ 30 % of its bright details (memes 62–93 %; a striped dress in a demo photo 6.5 %). */
export const MIN_CAPTION_SHARE = 0.3;

export async function textGate(img: DecodedImage): Promise<TextGate> {
  const { width: w, height: h } = img;
  const n = w * h;
  const grey = await sharp(img.data, { raw: { width: w, height: h, channels: 3 } }).greyscale().raw().toBuffer();
  const hist = new Float64Array(256);
  for (let i = 0; i < n; i++) {
    const g = grey[i]!;
    hist[g] = hist[g]! + 1;
  }
  let band = 0;
  for (let v = 0; v < 256; v++) {
    let s = 0;
    for (let k = Math.max(0, v - 6); k <= Math.min(255, v + 6); k++) s += hist[k]!;
    if (s > band) band = s;
  }
  const paper = band / n;
  if (paper >= MIN_PAPER) return { paper, caption: 0, captionShare: 0, read: true, why: 'paper' };
  const blur = await sharp(grey, { raw: { width: w, height: h, channels: 1 } }).blur(Math.max(2, (6 * Math.max(w, h)) / 1000)).raw().toBuffer();
  const maxRun = Math.round(0.03 * Math.max(w, h));
  const isDark = (i: number) => grey[i]! < 60;
  let bright = 0;
  let outlined = 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let s = -1;
    for (let x = 0; x <= w; x++) {
      const i = row + x;
      const on = x < w && grey[i]! >= 230 && grey[i]! - blur[i]! >= 20;
      if (on && s < 0) s = x;
      else if (!on && s >= 0) {
        const len = x - s;
        bright += len;
        if (len >= 2 && len <= maxRun) {
          let left = false;
          let right = false;
          for (let k = 1; k <= 4; k++) {
            if (s - k >= 0 && isDark(row + s - k)) left = true;
            if (x - 1 + k < w && isDark(row + x - 1 + k)) right = true;
          }
          if (left && right) outlined += len;
        }
        s = -1;
      }
    }
  }
  const caption = outlined / n;
  const captionShare = bright === 0 ? 0 : outlined / bright;
  const read = caption >= MIN_CAPTION && captionShare >= MIN_CAPTION_SHARE;
  return { paper, caption, captionShare, read, why: read ? 'caption' : 'photograph' };
}
