// Floor plans are drawn here (synthetic SVG rendered by sharp: rooms, corridor, room numbers, EXIT/STAIR/MECH/ELEC,
// KEYPAD; no real building). Real photographs: the six @vladmandic/face-api demo photos (MIT; TEST-IMAGES.md) must never be flagged.
import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MIN_FLOOR_PLAN_SCORE } from '../core/analyzers/images.js';
import { demoPhoto, floorPlanSvg, textSvg } from '../../test/support/images.js';
import { prepareImage } from './decode.js';
import { floorPlanScore, isLineDrawing, pixelStats, type FloorPlanWord } from './floor-plan.js';

const render = async (svg: string) => (await prepareImage(await sharp(Buffer.from(svg)).png().toBuffer(), 'f')).detect;
const words = (...ts: string[]): FloorPlanWord[] => ts.map((text) => ({ text, confidence: 90 }));
/** What OCR reads on the drawn plan (the labels drawn by floorPlanSvg). */
const PLAN_WORDS = words('101', '102', '103', 'MECH', '105', 'STAIR', 'KEYPAD', 'CORRIDOR', 'A', 'EXIT', '112', '113', 'ELEC', '115', '116');

function tableSvg(stroke: string): string {
  let s = '<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="800"><rect width="100%" height="100%" fill="#fff"/>';
  for (let r = 0; r <= 10; r++) s += `<line x1="20" y1="${20 + r * 70}" x2="1380" y2="${20 + r * 70}" stroke="${stroke}" stroke-width="2"/>`;
  for (let c = 0; c <= 6; c++) s += `<line x1="${20 + c * 226}" y1="20" x2="${20 + c * 226}" y2="720" stroke="${stroke}" stroke-width="2"/>`;
  for (let r = 0; r < 10; r++) for (let c = 0; c < 6; c++) s += `<text x="${40 + c * 226}" y="${65 + r * 70}" font-family="DejaVu Sans" font-size="28">${c === 0 ? `Student ${r}` : String(70 + ((r * 7 + c * 3) % 30))}</text>`;
  return s + '</svg>';
}

describe('floor plans', () => {
  it('recognises the drawn floor plan: line structure plus room numbers and plan labels', async () => {
    const img = await render(floorPlanSvg());
    const s = pixelStats(img);
    expect(isLineDrawing(s)).toBe(true);
    expect(s.saturation).toBe(0);
    expect(s.junctions).toBeGreaterThanOrEqual(20);
    const r = floorPlanScore(img, PLAN_WORDS)!;
    expect(r.score).toBe(0.9);
    expect(r.score).toBeGreaterThanOrEqual(MIN_FLOOR_PLAN_SCORE);
    expect(r.labels).toEqual(['CORRIDOR', 'ELEC', 'EXIT', 'MECH', 'STAIR']);
    expect(r.roomNumbers).toEqual(['101', '102', '103', '105', '112', '113', '115', '116']);
    expect(r.security).toEqual(['KEYPAD']);
    expect(r.reason).toBe('a line drawing of rooms with room numbers 101, 102, 103, 105 … and CORRIDOR, ELEC, EXIT, MECH … labels');
  });

  it('a drawing without words is reported below the threshold (tables and diagrams look the same)', async () => {
    const r = floorPlanScore(await render(floorPlanSvg()), []);
    expect(r?.score).toBe(0.45);
    expect(r!.score).toBeLessThan(MIN_FLOOR_PLAN_SCORE);
  });

  it('never flags the six real demo photographs, even if OCR read plan words in them', async () => {
    for (const i of [1, 2, 3, 4, 5, 6] as const) {
      const img = (await prepareImage(fs.readFileSync(demoPhoto(i)), 'f')).detect;
      const s = pixelStats(img);
      expect(isLineDrawing(s), `sample${i}`).toBe(false);
      expect(floorPlanScore(img, []), `sample${i}`).toBeUndefined();
      expect(floorPlanScore(img, words('EXIT', '204')), `sample${i}`).toBeUndefined();
    }
  });

  it('does not flag a text screenshot, a black-ruled gradebook table or a grey spreadsheet', async () => {
    const text = await render(textSvg(['Gradebook  Period 3  Algebra I', 'Maya Lopez   B+   87   missing 2', 'Room 114 exit ticket due Friday']));
    expect(isLineDrawing(pixelStats(text))).toBe(false);
    expect(floorPlanScore(text, words('Room', '114', 'exit', 'ticket'))).toBeUndefined();
    for (const stroke of ['#000', '#999']) {
      const table = await render(tableSvg(stroke));
      const scores = words('Student', '0', '73', '76', '79', '82', '85', '100', '2024');
      const r = floorPlanScore(table, scores);
      expect(r === undefined || r.score < MIN_FLOOR_PLAN_SCORE, stroke).toBe(true);
      expect(r?.roomNumbers ?? [], stroke).toEqual([]);
    }
  });

  it('security panels: two distinct security words flag, one does not; low-confidence words are ignored', async () => {
    const photo = (await prepareImage(fs.readFileSync(demoPhoto(2)), 'f')).detect;
    expect(floorPlanScore(photo, words('ALARM', 'DISARM', '1', '2', '3'))).toMatchObject({ score: 0.75, reason: 'security details: ALARM, DISARM' });
    expect(floorPlanScore(photo, words('alarm'))?.score).toBe(0.3);
    expect(floorPlanScore(photo, [{ text: 'KEYPAD', confidence: 30 }, { text: 'ALARM', confidence: 40 }])).toBeUndefined();
  });

  it('a photographed evacuation map: many room numbers and plan labels without a clean drawing', async () => {
    const photo = (await prepareImage(fs.readFileSync(demoPhoto(3)), 'f')).detect;
    const r = floorPlanScore(photo, words('A101', 'A102', 'A103', 'B-204', 'EXIT', 'STAIRS', 'YOU', 'ARE', 'HERE'));
    expect(r?.score).toBe(0.6);
    expect(r?.labels).toEqual(['EXIT', 'STAIR', 'YOU ARE HERE']);
  });
});
